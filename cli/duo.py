"""`regie duo …`: pre-check, send and read back DUO's messages (issue 19), for the lead to wire into `cli/main.py`.

    regie duo controle [--per JJJJ-MM-DD] [--json]
    regie duo verzend [--per JJJJ-MM-DD]
    regie duo specificatie PAD
    regie duo inlezen BESTAND
    regie duo opvragen [--kenmerk K | --alle] [--json]
    regie duo wachtzin            (the PKIoverheid key's passphrase into the OS keyring)

`register(subparsers)` adds the commands; `run(args, ...)` carries one out and
returns the exit code. Every failure is one Dutch line on `err`; the output
names messages by kenmerk, never by BSN or name.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TextIO

EXIT_OK = 0
EXIT_FOUT = 1
EXIT_GEBLOKKEERD = 3  # controle: at least one message would be refused (useful in a scheduled job)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"‘{text}’ is geen datum; gebruik jjjj-mm-dd") from None


def register(subparsers) -> argparse.ArgumentParser:
    """Add `duo` and its commands to the `regie` parser's subparsers; returns the `duo` parser."""
    help_text = "berichten aan DUO: vooraf controleren, verzenden en DUO's gebeurtenissen inlezen"
    duo = subparsers.add_parser("duo", help=help_text, description=help_text)
    sub = duo.add_subparsers(dest="duo_opdracht", metavar="OPDRACHT", title="opdrachten", required=True,
                             parser_class=type(duo))
    controle = sub.add_parser("controle", help="toon elk bericht van de caseload met status en redenen",
                              description="toon elk bericht van de caseload met status en redenen")
    controle.add_argument("--per", type=_iso_date, metavar="JJJJ-MM-DD", help="de datum van de controle (standaard vandaag)")
    controle.add_argument("--json", action="store_true",
                          help="als JSON: kenmerk, bericht, status, redenen en inhoud (precies wat verzonden wordt)")
    verzend = sub.add_parser("verzend", help="verzend de berichten die klaar staan (en die op antwoord wachten)",
                             description="verzend de berichten die klaar staan (en die op antwoord wachten)")
    verzend.add_argument("--per", type=_iso_date, metavar="JJJJ-MM-DD", help=argparse.SUPPRESS)
    specificatie = sub.add_parser("specificatie", help="leg vast in welke map DUO's specificatie staat",
                                  description="leg vast in welke map DUO's specificatie (de OpenAPI-bestanden) staat")
    specificatie.add_argument("pad", metavar="PAD")
    inlezen = sub.add_parser("inlezen", help="lees DUO's notificaties (gebeurtenissen) in uit een JSON-bestand",
                             description="lees DUO's notificaties (gebeurtenissen) in uit een JSON-bestand")
    inlezen.add_argument("bestand", metavar="BESTAND")
    opvragen_help = "vraag DUO per BSN wat DUO heeft geregistreerd en neem het over in de dossiers"
    opvragen = sub.add_parser("opvragen", help=opvragen_help, description=opvragen_help + (
        "; waar DUO iets anders zegt dan het dossier, toont regie het verschil (de einddatum van de termijn neemt "
        "regie altijd van DUO over)"))
    wie = opvragen.add_mutually_exclusive_group()
    wie.add_argument("--kenmerk", metavar="K", help="alleen de persoon met dit kenmerk")
    wie.add_argument("--alle", action="store_true", help="iedereen in de caseload met een BSN (standaard)")
    opvragen.add_argument("--json", action="store_true",
                          help="als JSON: per persoon kenmerk, status, overgenomen, verschillen en meldingen")
    opvragen.add_argument("--per", type=_iso_date, metavar="JJJJ-MM-DD", help=argparse.SUPPRESS)
    sub.add_parser("wachtzin", help="bewaar de wachtzin van de PKIoverheid-sleutel in de sleutelbos",
                   description="bewaar de wachtzin van de PKIoverheid-sleutel in de sleutelbos van deze computer")
    return duo


def _table(regels, out: TextIO) -> None:
    if not regels:
        print("Er zijn geen berichten voor DUO.", file=out)
        return
    width = max(len(r.kenmerk) for r in regels)
    for regel in regels:
        soort = regel.bericht.soort.value + (f" ({regel.bericht.sleutel})" if regel.bericht.sleutel else "")
        line = f"{regel.kenmerk:<{width}}  {soort:<34}  {regel.status}"
        if regel.status == "verzonden" and regel.opgeslagen is not None:
            line += f" (berichtId {regel.opgeslagen.bericht_id})"
        elif regel.status == "klaar" and regel.opgeslagen is not None:  # team mode: waits for the sending machine
            line += f" (klaargezet, berichtId {regel.opgeslagen.bericht_id})"
        print(line, file=out)
        for reden in regel.redenen:
            print(f"{'':<{width}}    – {reden}", file=out)
    counts: dict[str, int] = {}
    for regel in regels:
        counts[regel.status] = counts.get(regel.status, 0) + 1
    print("\n" + ", ".join(f"{n} {status}" for status, n in sorted(counts.items())), file=out)


def _opvraag_verslag(verslag, out: TextIO) -> None:
    for persoon in verslag.personen:
        print(f"{persoon.kenmerk}: {persoon.status}", file=out)
        for regel in persoon.overgenomen:
            print(f"    overgenomen: {regel}", file=out)
        for regel in persoon.verschillen:
            print(f"    verschil: {regel}", file=out)
        for regel in persoon.meldingen:
            print(f"    DUO: {regel}", file=out)
    print(verslag.samenvatting, file=out)


def run(args: argparse.Namespace, *, open_store: Callable[[], object], config_dir: Path, today: date,
        out: TextIO | None = None, err: TextIO | None = None, transport=None) -> int:
    """Carry out `regie duo <opdracht>`; `open_store` opens the user's store only when the command needs it."""
    from services.errors import ServiceError

    out = out or sys.stdout
    err = err or sys.stderr
    command = args.duo_opdracht
    store = None
    try:
        if command == "specificatie":
            from services.duo import set_specificatie

            folder = set_specificatie(config_dir, Path(args.pad))
            print(f"DUO's specificatie wordt gelezen uit {folder}", file=out)
            return EXIT_OK
        if command == "wachtzin":
            import getpass

            from services.duo.settings import store_key_passphrase

            store_key_passphrase(getpass.getpass("Wachtzin van de PKIoverheid-sleutel: "))
            print("De wachtzin staat in de sleutelbos van deze computer.", file=out)
            return EXIT_OK
        store = open_store()
        if command == "controle":
            from services.duo import bericht_json, controle

            regels = controle(store, as_of=args.per or today, config_dir=config_dir)
            if args.json:
                print(bericht_json(regels), file=out)
            else:
                _table(regels, out)
            return EXIT_GEBLOKKEERD if any(r.status == "geblokkeerd" for r in regels) else EXIT_OK
        if command == "verzend":
            from services.duo import verzend

            verslag = verzend(store, as_of=getattr(args, "per", None) or today, config_dir=config_dir, transport=transport)
            for line in verslag.regels:
                print(line, file=out)
            print(f"{verslag.geaccepteerd} geaccepteerd, {verslag.afgewezen} afgewezen, {verslag.wachtend} wacht op DUO, "
                  f"{verslag.niet_verzonden} nog niet verzonden"
                  + (f", {verslag.elders} door een andere machine" if verslag.elders else ""), file=out)
            return EXIT_OK if verslag.wachtend == 0 else EXIT_FOUT
        if command == "inlezen":
            from services.duo import inlezen

            verslag = inlezen(store, Path(args.bestand).expanduser())
            print(f"{verslag.gelezen} notificaties gelezen: {verslag.nieuw} nieuw, {verslag.al_bekend} al bekend, "
                  f"{verslag.niet_in_caseload} niet in de caseload; {verslag.kennisgevingen} kennisgevingen DUO ingevuld",
                  file=out)
            if verslag.onbekende_codes:
                print("Onbekende gebeurtenissen (bewaard, zie het DUO-scherm): " + ", ".join(verslag.onbekende_codes),
                      file=out)
            return EXIT_OK
        if command == "opvragen":
            import json

            from services.duo import opvragen

            verslag = opvragen(store, as_of=getattr(args, "per", None) or today, config_dir=config_dir,
                               kenmerk=args.kenmerk, transport=transport)
            if args.json:
                print(json.dumps(verslag.as_json(), ensure_ascii=False, indent=2), file=out)
            else:
                _opvraag_verslag(verslag, out)
            if verslag.storing:
                print(f"regie: DUO opvragen onderbroken: {verslag.storing}", file=err)
                return EXIT_FOUT
            return EXIT_OK
        print(f"regie: onbekende opdracht duo {command}", file=err)
        return EXIT_FOUT
    except ServiceError as exc:
        print(f"regie: {exc}", file=err)
        return EXIT_FOUT
    finally:
        if store is not None:
            store.close()
