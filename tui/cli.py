"""The `regie` command: opens the app, and the command-line tools beside it.

Imports are deferred to each command, so `regie --help` and the app's first
frame do not wait for SQLAlchemy. Every failure ends in one Dutch line on
stderr and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

EXIT_OK = 0
EXIT_FOUT = 1
EXIT_GEBRUIK = 2


class CliFout(Exception):
    """A failure to report to the user as one Dutch line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # Dutch usage errors, exit code 2
        self.print_usage(sys.stderr)
        sys.stderr.write(f"regie: fout in de opdracht: {message}\n")
        raise SystemExit(EXIT_GEBRUIK)


def _parse_iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"‘{text}’ is geen datum; gebruik jjjj-mm-dd") from None


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PAD", help="database-bestand (anders REGIE_DB of de standaardlocatie)")

    parser = _Parser(
        prog="regie",
        description="regie: caseload, weekplan en uren voor inburgeringsconsulenten (Wet inburgering 2021).",
        parents=[common],
    )
    parser.add_argument("--vandaag", type=_parse_iso_date, metavar="jjjj-mm-dd", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="opdracht", metavar="OPDRACHT", parser_class=_Parser)
    sub.add_parser("demo", parents=[common], help="open de app op een aparte demo-caseload (verzonnen gegevens)")
    sub.add_parser("locate", parents=[common], help="toon waar de database, back-ups en instellingen staan")
    sub.add_parser("backup", parents=[common], help="maak nu een gecontroleerde back-up")
    restore = sub.add_parser("restore", parents=[common], help="zet een back-up terug (vraagt eerst om bevestiging)")
    restore.add_argument("bestand", metavar="BESTAND")
    restore.add_argument("--ja", action="store_true", help="niet om bevestiging vragen")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _dispatch(args)
    except CliFout as exc:
        sys.stderr.write(f"regie: {exc}\n")
        return EXIT_FOUT
    except KeyboardInterrupt:
        sys.stderr.write("regie: afgebroken\n")
        return EXIT_FOUT


def _dispatch(args: argparse.Namespace) -> int:
    from storage.paths import resolve

    command = args.opdracht
    if command in (None, "demo"):
        from tui.app import run_app

        locations = resolve(args.db, demo=command == "demo")
        return run_app(locations, demo=command == "demo", today=args.vandaag)
    locations = resolve(args.db)
    if command == "locate":
        print(f"database:     {locations.database}")
        print(f"back-ups:     {locations.backups}")
        print(f"instellingen: {locations.settings_file}")
        return EXIT_OK
    if command == "backup":
        from storage.backup import BackupError, make_backup

        if not locations.database.exists():
            raise CliFout(f"er is nog geen database op {locations.database}")
        try:
            made = make_backup(locations.database, locations.backups, reason="handmatig")
        except BackupError as exc:
            raise CliFout(str(exc)) from exc
        print(f"Back-up gemaakt en gecontroleerd: {made}")
        return EXIT_OK
    if command == "restore":
        return _restore(locations, args.bestand, confirmed=args.ja)
    raise CliFout(f"onbekende opdracht {command}")


def _restore(locations, bestand: str, *, confirmed: bool) -> int:
    from pathlib import Path

    from storage.backup import BackupError, restore_backup

    source = Path(bestand).expanduser()
    if not source.is_file():
        raise CliFout(f"het bestand {source} bestaat niet")
    if not confirmed:
        answer = input(f"De huidige database {locations.database} wordt vervangen door {source.name}. "
                       "Er wordt eerst een back-up van de huidige stand gemaakt. Doorgaan? [j/N] ")
        if answer.strip().lower() not in ("j", "ja"):
            print("Niets teruggezet.")
            return EXIT_OK
    try:
        safety = restore_backup(source, locations.database, locations.backups)
    except BackupError as exc:
        raise CliFout(str(exc)) from exc
    if safety:
        print(f"Huidige stand bewaard in {safety}")
    print(f"Teruggezet: {source.name}")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
