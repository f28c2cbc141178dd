"""``regie rapport --van JJJJ-MM-DD --tot JJJJ-MM-DD [--json] [--html BESTAND]``: the monitor's figures over a period.

Without options it prints the figures as a short Dutch overview for the team;
``--json`` prints them with the issue's keys for a spreadsheet (for the team
itself: per consulent, small counts shown); ``--html`` writes the council
report (A4, charts, small counts as "< 5"), readable by the owner only.

``cli/main.py`` wires it: ``rapport.register(subparsers)`` while building the
parser, and ``rapport.run(args, store=store, policy=policy)`` with the opened
store and the loaded settings.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TextIO

from cli.output import shown

EXIT_OK = 0
EXIT_FOUT = 1


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"‘{text}’ is geen datum; gebruik jjjj-mm-dd, bijvoorbeeld 2026-01-31") from None


def register(subparsers) -> argparse.ArgumentParser:
    """Add ``rapport`` to the ``regie`` command's subparsers and return its parser."""
    parser = subparsers.add_parser(
        "rapport",
        help="cijfers van de monitor over een periode (overzicht, JSON of raadsrapportage)",
        description="De cijfers van de monitor over een periode, beide dagen meegeteld: instroom, PIP's op tijd, "
                    "leerroutes, aanbod, fasen, Z-route, uitstroom en verlopen signalen.",
    )
    parser.add_argument("--van", type=_iso_date, required=True, metavar="JJJJ-MM-DD", help="eerste dag van de periode")
    parser.add_argument("--tot", type=_iso_date, required=True, metavar="JJJJ-MM-DD",
                        help="laatste dag van de periode (telt mee)")
    parser.add_argument("--json", action="store_true",
                        help="als JSON, voor het team zelf (met aantallen per consulent en kleine aantallen)")
    parser.add_argument("--html", metavar="BESTAND",
                        help="schrijf de raadsrapportage (A4, met grafieken; kleine aantallen als ‘< 5’)")
    parser.add_argument("--team", action="store_true",
                        help="reken met de teamdatabase (het hele team, voor zover u het mag zien) in plaats van deze laptop")
    parser.add_argument("--gemeente", metavar="NAAM",
                        help="alleen de personen van deze gemeente (in een regionaal team)")
    return parser


def run(args: argparse.Namespace, *, store, policy, today: date | None = None,
        out: TextIO | None = None, err: TextIO | None = None, settings_file: Path | None = None) -> int:
    """Compute the report for ``args.van``-``args.tot`` on ``store`` and print or write it; returns the exit code.

    ``settings_file`` is where instellingen.toml is, so a missing gemeente_naam can be set there."""
    from services.errors import ServiceError
    from services.monitor import monitor

    out = out or sys.stdout
    err = err or sys.stderr
    gemeente = " ".join(args.gemeente.split()) if getattr(args, "gemeente", None) else None
    try:
        result = monitor(store, van=args.van, tot=args.tot, policy=policy, team=getattr(args, "team", False),
                         gemeente=gemeente)
    except ServiceError as exc:  # a period that cannot be reported on, or a teamdatabase out of reach
        err.write(f"regie: {exc}\n")
        return EXIT_FOUT
    if args.html:
        from services.raadsrapport import write_raadsrapport

        target = Path(args.html).expanduser()
        naam = gemeente or policy.gemeente_naam.strip()
        if not naam:
            waar = str(settings_file) if settings_file else "instellingen.toml"
            err.write("regie: let op: de naam van de gemeente is niet ingesteld, dus de raadsrapportage heet alleen "
                      f"‘Monitor Wet inburgering 2021’. Zet de naam in {waar}, bijvoorbeeld: "
                      "gemeente_naam = \"Westerkwartier\"\n")
        try:
            write_raadsrapport(result, target=target, gemeente=naam, drempel=policy.monitor_drempel,
                               gemaakt_op=today or date.today())
        except OSError as exc:
            err.write(f"regie: {target} kan niet worden geschreven: {exc.strerror or exc}. "
                      "Kies een map waarin u mag schrijven.\n")
            return EXIT_FOUT
        if not args.json:
            out.write(f"Raadsrapportage over {result.periode.label} geschreven naar {target}.\n")
    if args.json:
        out.write(result.rapport.to_json() + "\n")
    elif not args.html:
        bron = ("teamdatabase" if getattr(args, "team", False) else "deze laptop") + (f", gemeente {gemeente}" if gemeente else "")
        out.write(overzicht(result, bron=bron))
    return EXIT_OK


ROUTE_LABELS = {"b1": "B1-route", "onderwijs": "onderwijsroute", "z": "Z-route", "onbekend": "onbekend"}


def overzicht(result, *, bron: str = "deze laptop") -> str:
    """The figures as a few lines of Dutch for the terminal (for the team: no suppression), labels lined up."""
    from rules.dates import format_date, format_hours
    from rules.model import Doelgroep
    from rules.phase import Fase

    r = result.rapport
    mediaan = "—" if r.pip_dagen_mediaan is None else f"{format_hours(r.pip_dagen_mediaan)} dagen"
    u = r.uitstroom
    regels = [
        ("instroom", f"{r.instroom['totaal']} "
                     f"({', '.join(f'{Doelgroep(k).label} {v}' for k, v in r.instroom['per_doelgroep'].items())})"),
        ("PIP's vastgesteld", f"{r.pip_vastgesteld['totaal']}, waarvan op tijd {r.pip_op_tijd['totaal']}"
                              f" (zonder BRP-inschrijving: {r.pip_op_tijd['zonder_termijn']}); mediaan {mediaan}"),
        ("leerroute", ", ".join(f"{ROUTE_LABELS.get(k, k)} {v}" for k, v in r.leerroute.items())),
        ("aanbod op tijd gestart", f"{r.aanbod_op_tijd['op_tijd']} van {r.aanbod_op_tijd['te_starten']}"),
        (f"fase op {format_date(result.periode.tot)}", ", ".join(f"{Fase(k).label} {v}" for k, v in r.fase.items())),
        ("Z-route", f"{r.zroute_op_schema['op_schema']} op schema, {r.zroute_op_schema['achter']} achter"),
        ("uitstroom", f"{u['totaal']} (afgerond {u['afgerond']}, vertrokken {u['vertrokken']}, "
                      f"ontheffing {u['ontheffing']}, vrijstelling {u['vrijstelling']})"),
        ("verlopen signalen", f"{r.signalen_verlopen['totaal']}"),
    ]
    breedte = max(len(label) for label, _ in regels) + 1
    tekst = [f"Monitor over {result.periode.label} ({shown(bron)})"]
    tekst += [f"  {(label + ':').ljust(breedte)}  {waarde}" for label, waarde in regels]
    return "\n".join(tekst) + "\n"
