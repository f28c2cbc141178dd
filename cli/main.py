"""The `regie` command: opens the app, and the command-line tools beside it.

Argument parsing and dispatch live here; each command calls a use case in
`services/` and prints its result (cli/commands.py, cli/security.py), so the
command line never touches the database itself. Imports are deferred to each
command, so `regie --help` and the app's first frame do not wait for
SQLAlchemy. Every failure ends in one Dutch line on stderr and a non-zero
exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from typing import NoReturn

EXIT_OK = 0
EXIT_FOUT = 1
EXIT_GEBRUIK = 2


class CliError(Exception):
    """A failure to report to the user as one Dutch line."""


# argparse's own messages, in Dutch (the patterns match Python 3.11 to 3.13).
_ARGPARSE_NL = (
    (re.compile(r"argument (\S+): invalid choice: '?([^' ]*)'? \(choose from (.*)\)"),
     lambda m: f"onbekende {m[1].lower()} ‘{m[2]}’; kies uit {m[3].replace(chr(39), '')}"),
    (re.compile(r"the following arguments are required: (.*)"), lambda m: f"dit ontbreekt nog: {m[1]}"),
    (re.compile(r"unrecognized arguments: (.*)"), lambda m: f"onbekend: {m[1]}"),
    (re.compile(r"argument (\S+): expected one argument"), lambda m: f"{m[1]} vraagt om een waarde"),
    (re.compile(r"argument (\S+): not allowed with argument (\S+)"),
     lambda m: f"{m[2]} en {m[1]} gaan niet samen; kies er één"),
    (re.compile(r"argument (\S+): (.*)"), lambda m: f"{m[1]}: {m[2]}"),
)


def _dutch(message: str) -> str:
    for pattern, replace in _ARGPARSE_NL:
        if match := pattern.fullmatch(message):
            return replace(match)
    return message


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "gebruik: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumenten"
        self._optionals.title = "opties"
        self.add_argument("-h", "--help", action="help", help="toon deze hulp en stop")

    def error(self, message: str) -> None:  # Dutch usage errors, exit code 2
        self.print_usage(sys.stderr)
        sys.stderr.write(f"regie: fout in de opdracht: {_dutch(message)}\n")
        raise SystemExit(EXIT_GEBRUIK)


def _parse_iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"‘{text}’ is geen datum; gebruik jjjj-mm-dd") from None


def _db_option(parser: argparse.ArgumentParser, *, default) -> None:
    parser.add_argument("--db", metavar="PAD", default=default,
                        help="database-bestand (anders REGIE_DB of de standaardlocatie)")
    parser.add_argument("--demo", action="store_true", default=False if default is None else argparse.SUPPRESS,
                        help="werk op de demo-database (verzonnen gegevens, onversleuteld)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="regie",
        description="regie: caseload, weekplan en uren voor inburgeringsconsulenten (Wet inburgering 2021).",
    )
    _db_option(parser, default=None)
    parser.add_argument("--vandaag", type=_parse_iso_date, metavar="jjjj-mm-dd", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="opdracht", metavar="OPDRACHT", parser_class=_Parser, title="opdrachten")

    def command(name: str, help_text: str, parent=sub) -> argparse.ArgumentParser:
        made = parent.add_parser(name, help=help_text, description=help_text)
        # SUPPRESS: `regie --db X opdracht` keeps X; only a --db after the opdracht overrides it.
        _db_option(made, default=argparse.SUPPRESS)
        return made

    command("demo", "open de app op een aparte demo-caseload (verzonnen gegevens)")
    command("locate", "toon waar de database, back-ups en instellingen staan")
    command("backup", "maak nu een gecontroleerde back-up")
    restore = command("restore", "zet een back-up terug (vraagt eerst om bevestiging)")
    restore.add_argument("bestand", metavar="BESTAND")
    restore.add_argument("--ja", action="store_true", help="niet om bevestiging vragen")

    importer = command("import", "lees personen, uren of besluiten in uit een CSV-bestand (alles of niets)")
    import_sub = importer.add_subparsers(dest="soort", metavar="SOORT", parser_class=_Parser, title="soorten", required=True)
    for name, help_text in (
        ("personen", "personen toevoegen of bijwerken (herkend aan het kenmerk)"),
        ("uren", "uren toevoegen; regels die er al zijn worden overgeslagen"),
        ("besluiten", "verlengingen, ontheffingen, vrijstellingen, gewijzigde PIP's en examens toevoegen; "
                      "besluiten die er al zijn worden overgeslagen"),
    ):
        command(name, help_text, import_sub).add_argument("bestand", metavar="BESTAND", help="CSV-bestand (; of ,), UTF-8")

    exporter = command("export", "schrijf gegevens naar een CSV-bestand voor Excel")
    export_sub = exporter.add_subparsers(dest="soort", metavar="SOORT", parser_class=_Parser, title="soorten", required=True)
    for name, help_text in (
        ("personen", "alle personen, in dezelfde kolommen als de import"),
        ("besluiten", "alle verlengingen, ontheffingen, vrijstellingen, gewijzigde PIP's en examens, in dezelfde "
                      "kolommen als de import"),
    ):
        command(name, help_text, export_sub).add_argument("bestand", metavar="BESTAND",
                                                          help="het CSV-bestand dat wordt geschreven")

    signalen = command("signalen", "toon de signalen van de hele caseload op een datum")
    signalen.add_argument("--per", type=_parse_iso_date, metavar="jjjj-mm-dd", help="de datum (standaard vandaag)")
    signalen.add_argument("--json", action="store_true", help="als JSON in plaats van een tabel")
    signalen.add_argument("--csv", metavar="BESTAND", help="schrijf de lijst als CSV (voor het teamoverleg)")

    agenda = command("agenda", "toon de afspraken van vandaag (of een andere dag of week)")
    agenda.add_argument("--datum", type=_parse_iso_date, metavar="jjjj-mm-dd", help="de dag (standaard vandaag)")
    agenda.add_argument("--week", action="store_true", help="de hele week (maandag t/m zondag) van die dag")
    agenda.add_argument("--consulent", metavar="NAAM", help="de agenda van een collega (standaard uw eigen)")
    agenda.add_argument("--json", action="store_true", help="als JSON in plaats van een tabel")

    weekplan = command("weekplan", "schrijf het weekplan van een persoon als afdrukbare HTML-pagina (A4)")
    weekplan.add_argument("kenmerk", metavar="KENMERK")
    weekplan.add_argument("--week", metavar="jjjj-Www", help="de ISO-week, bijv. 2026-W48 (standaard deze week)")
    weekplan.add_argument("--uit", metavar="BESTAND", help="waar de pagina komt (standaard in de gegevensmap)")
    weekplan.add_argument("--taal", metavar="TAAL",
                          help="tweede taal naast Nederlands: ar, ti, tr, uk, fa of en (standaard de taal van de persoon; nl: alleen Nederlands)")

    opschonen = command("opschonen", "verwijder personen van wie de bewaartermijn is verstreken (vraagt bevestiging)")
    opschonen.add_argument("--ja", action="store_true", help="niet om bevestiging vragen")

    audit = command("audit", "controleer het auditlogboek")
    audit_sub = audit.add_subparsers(dest="audit_opdracht", metavar="OPDRACHT", parser_class=_Parser, title="opdrachten", required=True)
    verify = command("verify", "controleer dat niemand het logboek heeft gewijzigd of ingekort (hashketen)", audit_sub)
    verify.add_argument("--kop", metavar="HASH",
                        help="een kop-hash die een eerdere controle liet zien: die moet nog in de keten staan")

    from cli import duo, rapport, team

    _db_option(rapport.register(sub), default=argparse.SUPPRESS)
    _db_option(duo.register(sub), default=argparse.SUPPRESS)
    _db_option(team.register(sub), default=argparse.SUPPRESS)

    from cli import security

    security.register(sub)  # sleutel export / sleutel import: the recovery procedure
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from services.errors import ServiceError

    try:
        return _dispatch(args)
    except (CliError, ServiceError) as exc:
        from cli.output import shown

        sys.stderr.write(f"regie: {shown(exc, multiline=True)}\n")  # a message may name a file the user gave
        return EXIT_FOUT
    except KeyboardInterrupt:
        sys.stderr.write("regie: afgebroken\n")
        return EXIT_FOUT
    except EOFError:  # a question (restore, opschonen) without a terminal to answer it
        sys.stderr.write("regie: geen antwoord gekregen; er is niets gewijzigd. Geef --ja mee om zonder vraag door te gaan\n")
        return EXIT_FOUT
    except BrokenPipeError:  # `regie signalen | head`: the reader stopped early, which is fine
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # a bug: one line, and no details that might hold personal data
        sys.stderr.write(f"regie: onverwachte fout ({type(exc).__name__}); er is niets half opgeslagen\n")
        return EXIT_FOUT


def open_app(locations, *, demo: bool, today: date | None) -> int:
    """Start the Textual app: the one place the command line loads Textual (lazily, for start-up speed).

    When the app has ended, the process ends at once (:func:`_end_process`)."""
    from tui.app import run_app

    _end_process(run_app(locations, demo=demo, today=today))


def _end_process(code: int) -> NoReturn:
    """End the process without the interpreter's clean-up: with a caseload of 10,000 persons in memory, freeing
    every object one by one took longer than the rest of quitting (issue 16: quit ≤ 0.3 s). Nothing is lost by
    it: the store is closed (every save committed), output is flushed here, and the threads that may still run
    are built to survive an end at any moment (the background backup leaves a temporary copy that the next
    start removes; a team sync continues where it was at the next one)."""
    import logging
    import os

    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def _dispatch(args: argparse.Namespace) -> int:
    from services.store import resolve

    command = args.opdracht
    if command in (None, "demo"):
        return open_app(resolve(args.db, demo=command == "demo"), demo=command == "demo", today=args.vandaag)
    demo = getattr(args, "demo", False)
    locations = resolve(args.db, demo=demo)
    from cli import commands, security

    # sleutel, backup and restore; it also lets commands ask for the wachtzin on the terminal.
    handled = security.dispatch(args, locations)
    if handled is not None:
        return handled
    today = args.vandaag or date.today()
    if command == "locate":
        return commands.locate(locations)
    if command == "import":
        return commands.import_file(locations, args.soort, args.bestand, today=today, demo=demo)
    if command == "export":
        return commands.export_file(locations, args.soort, args.bestand, today=today, demo=demo)
    if command == "signalen":
        from cli import signalen

        return signalen.run(locations, per=args.per or today, as_json=args.json, csv_path=args.csv, demo=demo)
    if command == "agenda":
        from cli import agenda

        return agenda.run(locations, datum=args.datum or today, week=args.week, consulent=args.consulent,
                          as_json=args.json, demo=demo, today=today)
    if command == "weekplan":
        return commands.weekplan(locations, args.kenmerk, week=args.week, uit=args.uit, today=today, demo=demo, taal=args.taal)
    if command == "opschonen":
        return commands.opschonen(locations, confirmed=args.ja, today=today, demo=demo)
    if command == "audit":
        return commands.audit_verify(locations, kop=getattr(args, "kop", None), demo=demo)
    if command == "rapport":
        return _rapport(args, locations, today=today, demo=demo)
    if command == "team":
        from cli import team
        from services.preferences import author_for
        from services.store import open_as_user

        return team.run(args, open_store=lambda: open_as_user(locations, must_exist=True, demo=demo),
                        author=author_for(locations))
    if command == "duo":
        from cli import duo
        from services.store import open_as_user

        return duo.run(args, open_store=lambda: open_as_user(locations, must_exist=True, demo=demo),
                       config_dir=locations.config_dir, today=today)
    raise CliError(f"onbekende opdracht {command}")


def _rapport(args: argparse.Namespace, locations, *, today: date, demo: bool) -> int:
    from cli import rapport
    from services.settings import load_settings
    from services.store import open_as_user

    policy = load_settings(locations)
    store = open_as_user(locations, must_exist=True, demo=demo)
    try:
        return rapport.run(args, store=store, policy=policy, today=today, settings_file=locations.settings_file)
    finally:
        store.close()


if __name__ == "__main__":  # pragma: no cover
    # `python -m cli.main`: run the imported module, not this __main__ copy, so that the
    # CliError other modules raise (`from cli.main import CliError`) is the one main() catches;
    # at the end of the file, so that every command is defined when it runs.
    from cli.main import main as _main

    raise SystemExit(_main())
