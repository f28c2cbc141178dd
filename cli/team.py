"""`regie team ...`: prepare a teamdatabase, link this laptop, synchronise, show the state and the conflicts.

The lead wires this into `cli/main.py`: `register(sub)` adds the commands to
the `regie` parser's subparsers; `run(args, open_store=..., author=...)`
runs one and returns the exit code. Messages are Dutch; a TeamError is one
line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable


class _Team:
    """services.team, imported when a team command runs: `regie signalen` and the other commands only
    register the parser and need not load the team layer (issue 16: a lean start of every command)."""

    def __getattr__(self, name: str):
        from services import team as module

        return getattr(module, name)


team = _Team()

EXIT_OK, EXIT_FOUT = 0, 1
ENV_NEW_PASSWORD = "REGIE_TEAM_NIEUW_WACHTWOORD"


def register(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("team", help="werk samen via een teamdatabase (PostgreSQL)",
                                   description="Werk samen via een teamdatabase (PostgreSQL).")
    sub = parser.add_subparsers(dest="team_opdracht", metavar="OPDRACHT", title="opdrachten", required=True)
    init = sub.add_parser("init", help="richt een lege PostgreSQL-database in als teamdatabase (voor de beheerder)")
    init.add_argument("url", metavar="URL", help="postgresql://beheerder@server/database?sslmode=verify-full")
    consulent = sub.add_parser("consulent", help="geef een consulent een eigen rol op de teamdatabase (voor de beheerder)")
    consulent.add_argument("url", metavar="URL")
    consulent.add_argument("rol", metavar="ROL")
    consulent.add_argument("--gemeente", required=True, help="de gemeente wiens personen deze consulent ziet")
    koppel = sub.add_parser("koppel", help="koppel deze laptop aan de teamdatabase (de eigen caseload gaat mee)")
    koppel.add_argument("url", metavar="URL", help="postgresql://eigen-rol@server/database?sslmode=verify-full")
    koppel.add_argument("--gemeente", required=True, help="de gemeente van de personen op deze laptop")
    sub.add_parser("sync", help="stuur de wijzigingen van deze laptop en haal die van het team op")
    sub.add_parser("status", help="toon of deze laptop bij is met het team")
    sub.add_parser("conflicten", help="toon de conflicten en mogelijke dubbelen")
    kies = sub.add_parser("kies", help="los een conflict op met de gekozen waarde (a of b)")
    kies.add_argument("conflict", metavar="CONFLICT", help="het nummer uit ‘regie team conflicten’ (begin is genoeg)")
    kies.add_argument("keuze", choices=["a", "b"], metavar="a|b")
    return parser


def run(args: argparse.Namespace, *, open_store: Callable[[], object], author: str, out=print) -> int:
    """Run `regie team <opdracht>`; `open_store` opens the user's store when the command needs it."""
    try:
        return _run(args, open_store=open_store, author=author, out=out)
    except team.TeamError as exc:
        sys.stderr.write(f"regie: {exc}\n")
        return EXIT_FOUT


def _run(args, *, open_store, author: str, out) -> int:
    command = args.team_opdracht
    if command == "init":
        team.init_team(args.url)
        out(f"De teamdatabase {team.public_url(args.url)} is ingericht. Geef elke consulent een rol met "
            "‘regie team consulent URL ROL --gemeente NAAM’.")
        return EXIT_OK
    if command == "consulent":
        password = os.environ.get(ENV_NEW_PASSWORD) or getpass.getpass(f"Nieuw wachtwoord voor {args.rol}: ")
        team.add_consulent(args.url, rol=args.rol, wachtwoord=password, gemeente=args.gemeente)
        out(f"{args.rol} kan nu inloggen en ziet de personen van {args.gemeente}.")
        return EXIT_OK
    store = open_store()
    try:
        if command == "koppel":
            result = team.koppel(store, args.url, gemeente=args.gemeente, author=author)
            out(f"Gekoppeld: {result.pushed} wijzigingen verstuurd, {result.pulled} opgehaald.")
        elif command == "sync":
            result = team.sync(store)
            out(f"Gesynchroniseerd: {result.pushed} verstuurd, {result.pulled} opgehaald.")
        elif command == "status":
            state = team.status(store)
            out(state.text() or "team: deze laptop is niet gekoppeld (‘regie team koppel URL --gemeente NAAM’)")
        elif command == "conflicten":
            _print_conflicts(store, out)
        elif command == "kies":
            return _choose(store, args.conflict, args.keuze, author=author, out=out)
    finally:
        store.close()
    return EXIT_OK


def _print_conflicts(store, out) -> None:
    found = team.conflicts(store)
    for c in found:
        out(f"{c.uuid[:8]}  {c.kenmerk or '?'}  {c.veld}:  a = {c.waarde_a!r} ({c.door_a}, {c.op_a})   "
            f"b = {c.waarde_b!r} ({c.door_b}, {c.op_b}, nu getoond)")
    dubbel = team.dubbels(store)
    for d in dubbel:
        out(f"{d.uuid[:8]}  mogelijk dubbel ({d.reden.replace('_', ' ')}): {d.person_a[:8]} en {d.person_b[:8]}")
    if not found and not dubbel:
        out("Geen conflicten en geen mogelijke dubbelen.")


def _choose(store, prefix: str, keuze: str, *, author: str, out) -> int:
    matches = [c for c in team.conflicts(store) if c.uuid.startswith(prefix)]
    if len(matches) != 1:
        sys.stderr.write("regie: geen (of meer dan één) conflict met dit nummer; kijk in ‘regie team conflicten’\n")
        return EXIT_FOUT
    chosen = matches[0]
    team.resolve_conflict(store, chosen.uuid, waarde=chosen.waarde_a if keuze == "a" else chosen.waarde_b, author=author)
    out(f"Opgelost: {chosen.veld} wordt {(chosen.waarde_a if keuze == 'a' else chosen.waarde_b)!r}; "
        "de keuze gaat bij de volgende synchronisatie naar het team.")
    return EXIT_OK
