"""The `regie` command: opens the app, and the command-line tools beside it.

Imports are deferred to each command, so `regie --help` and the app's first
frame do not wait for SQLAlchemy. Every failure ends in one Dutch line on
stderr and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date

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

    importer = command("import", "lees personen of uren in uit een CSV-bestand (alles of niets)")
    import_sub = importer.add_subparsers(dest="soort", metavar="SOORT", parser_class=_Parser, title="soorten", required=True)
    for name, help_text in (
        ("personen", "personen toevoegen of bijwerken (herkend aan het kenmerk)"),
        ("uren", "uren toevoegen; regels die er al zijn worden overgeslagen"),
    ):
        command(name, help_text, import_sub).add_argument("bestand", metavar="BESTAND", help="CSV-bestand (; of ,), UTF-8")

    exporter = command("export", "schrijf gegevens naar een CSV-bestand voor Excel")
    export_sub = exporter.add_subparsers(dest="soort", metavar="SOORT", parser_class=_Parser, title="soorten", required=True)
    command("personen", "alle personen, in dezelfde kolommen als de import", export_sub).add_argument(
        "bestand", metavar="BESTAND", help="het CSV-bestand dat wordt geschreven")

    signalen = command("signalen", "toon de signalen van de hele caseload op een datum")
    signalen.add_argument("--per", type=_parse_iso_date, metavar="jjjj-mm-dd", help="de datum (standaard vandaag)")
    signalen.add_argument("--json", action="store_true", help="als JSON in plaats van een tabel")
    signalen.add_argument("--csv", metavar="BESTAND", help="schrijf de lijst als CSV (voor het teamoverleg)")

    weekplan = command("weekplan", "schrijf het weekplan van een persoon als afdrukbare HTML-pagina (A4)")
    weekplan.add_argument("kenmerk", metavar="KENMERK")
    weekplan.add_argument("--week", metavar="jjjj-Www", help="de ISO-week, bijv. 2026-W48 (standaard deze week)")
    weekplan.add_argument("--uit", metavar="BESTAND", help="waar de pagina komt (standaard in de gegevensmap)")

    opschonen = command("opschonen", "verwijder personen van wie de bewaartermijn is verstreken (vraagt bevestiging)")
    opschonen.add_argument("--ja", action="store_true", help="niet om bevestiging vragen")

    audit = command("audit", "controleer het auditlogboek")
    audit_sub = audit.add_subparsers(dest="audit_opdracht", metavar="OPDRACHT", parser_class=_Parser, title="opdrachten", required=True)
    verify = command("verify", "controleer dat niemand het logboek heeft gewijzigd of ingekort (hashketen)", audit_sub)
    verify.add_argument("--kop", metavar="HASH",
                        help="een kop-hash die een eerdere controle liet zien: die moet nog in de keten staan")

    from tui import cli_security

    cli_security.register(sub)  # sleutel export / sleutel import: the recovery procedure
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _dispatch(args)
    except CliError as exc:
        sys.stderr.write(f"regie: {exc}\n")
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


def _dispatch(args: argparse.Namespace) -> int:
    from storage.paths import resolve

    command = args.opdracht
    if command in (None, "demo"):
        from tui.app import run_app

        locations = resolve(args.db, demo=command == "demo")
        return run_app(locations, demo=command == "demo", today=args.vandaag)
    demo = getattr(args, "demo", False)
    locations = resolve(args.db, demo=demo)
    from tui import cli_security

    # sleutel, backup and restore; it also lets commands ask for the wachtzin on the terminal.
    handled = cli_security.dispatch(args, locations)
    if handled is not None:
        return handled
    if command == "locate":
        print(f"database:     {locations.database}")
        print(f"back-ups:     {locations.backups}")
        print(f"instellingen: {locations.settings_file}")
        return EXIT_OK
    if command == "import":
        return _import(locations, args.soort, args.bestand, today=args.vandaag or date.today(), demo=demo)
    if command == "export":
        return _export(locations, args.bestand, today=args.vandaag or date.today(), demo=demo)
    if command == "signalen":
        return _signalen(locations, per=args.per or args.vandaag or date.today(), as_json=args.json, csv_path=args.csv, demo=demo)
    if command == "weekplan":
        return _weekplan(locations, args.kenmerk, week=args.week, uit=args.uit, today=args.vandaag or date.today(), demo=demo)
    if command == "opschonen":
        return _opschonen(locations, confirmed=args.ja, today=args.vandaag or date.today(), demo=demo)
    if command == "audit":
        return _audit_verify(locations, kop=getattr(args, "kop", None), demo=demo)
    raise CliError(f"onbekende opdracht {command}")


def _open(locations, *, must_exist: bool, backup_first: bool, demo: bool = False):
    """The user's store, or a CliError; `must_exist` refuses to create an empty database."""
    from storage.store import StoreError, open_store

    if must_exist and not locations.database.is_file():
        raise CliError(f"er is nog geen database op {locations.database}; geef met --db de juiste database op")
    from storage import audit
    from storage.preferences import load_consulent

    audit.set_actor(load_consulent(locations.config_dir))  # else the operating-system user
    try:
        return open_store(locations, backup_on_start=backup_first and not demo, encrypt=not demo)
    except StoreError as exc:
        raise CliError(str(exc)) from exc


def _import(locations, soort: str, bestand: str, *, today: date, demo: bool = False) -> int:
    from pathlib import Path

    from sqlalchemy.exc import OperationalError

    from storage.importer import CsvImportError, import_personen, import_uren

    source = Path(bestand).expanduser()
    if not source.is_file():
        raise CliError(f"het bestand {source} bestaat niet" if not source.exists() else f"{source} is geen bestand")
    # An import of personen may overwrite stored facts: a backup first. An import of
    # uren only adds rows, in one transaction that stores all or nothing, so it
    # starts without one (a backup of a large database costs seconds).
    store = _open(locations, must_exist=False, backup_first=soort == "personen", demo=demo)
    try:
        if soort == "personen":
            result = import_personen(engine=store.engine, path=source, today=today)
        else:
            result = import_uren(engine=store.engine, path=source, today=today)
    except CsvImportError as exc:
        # The row list goes to stdout: a cell quoted in a reason may hold personal data.
        for line in (*exc.waarschuwingen, *exc.fouten):
            print(line)
        raise CliError(f"{source.name} niet ingelezen: {len(exc.fouten)} {'fout' if len(exc.fouten) == 1 else 'fouten'}; "
                      "er is niets opgeslagen") from None
    except OperationalError:
        raise CliError("de database is bezet of niet beschikbaar; er is niets opgeslagen, probeer het opnieuw") from None
    finally:
        store.close()
    for line in result.waarschuwingen:
        print(line)
    print(f"{source.name}: {result.samenvatting}.")
    return EXIT_OK


def _export(locations, bestand: str, *, today: date, demo: bool = False) -> int:
    from pathlib import Path

    from storage.exporter import ExportError, export_personen

    target = Path(bestand).expanduser()
    store = _open(locations, must_exist=True, backup_first=False, demo=demo)
    try:
        count = export_personen(engine=store.engine, path=target, today=today)
        from storage import audit

        audit.log_event(engine=store.engine, actie="geëxporteerd (personen, CSV)", tabel="person", aantal=count)
    except ExportError as exc:
        raise CliError(str(exc)) from None
    finally:
        store.close()
    print(f"{count} {'persoon' if count == 1 else 'personen'} geschreven naar {target}.")
    return EXIT_OK


def _signalen(locations, *, per: date, as_json: bool, csv_path: str | None = None, demo: bool = False) -> int:
    from rules.errors import SettingsError
    from rules.policy import load_policy
    from storage.db import read_session
    from storage.signalen import caseload_signalen

    try:
        policy = load_policy(locations.settings_file)
    except SettingsError as exc:
        raise CliError(exc.message) from None
    store = _open(locations, must_exist=True, backup_first=False, demo=demo)
    try:
        with read_session(store.engine) as session:
            found = caseload_signalen(connection=session.connection(), as_of=per, policy=policy)
    finally:
        store.close()
    if csv_path:
        from pathlib import Path

        from storage.signalen_export import write_signalen_csv

        target = Path(csv_path).expanduser()
        try:
            write_signalen_csv(found, target)
        except OSError as exc:
            raise CliError(f"{target} kan niet worden geschreven: {exc.strerror}") from None
        from storage import audit

        store = _open(locations, must_exist=True, backup_first=False, demo=demo)
        try:
            audit.log_event(engine=store.engine, actie="geëxporteerd (signalenlijst)", tabel="signaal", aantal=len(found))
        finally:
            store.close()
        print(f"{len(found)} signalen geschreven naar {target}")
    elif as_json:
        _print_signalen_json(found)
    else:
        _print_signalen_table(found, per=per)
    return EXIT_OK


def _print_signalen_json(found) -> None:
    import json

    rows = [
        {
            "kenmerk": item.kenmerk,
            "naam": item.naam,
            "soort": str(item.signaal.soort),
            "vervaldatum": item.signaal.vervaldatum.isoformat(),
            "dagen": item.signaal.dagen,
            "ernst": item.signaal.ernst.value,
            "toelichting": item.signaal.toelichting,
        }
        for item in found
    ]
    # One object per line: readable, and json's C encoder only runs without `indent`
    # (with indent, 10,000 signalen take half a second to encode).
    if not rows:
        print("[]")
        return
    print("[\n" + ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n]")


def _print_signalen_table(found, *, per: date) -> None:
    from rules.dates import format_date

    if not found:
        print(f"Geen signalen per {format_date(per)}.")
        return
    header = ("kenmerk", "naam", "signaal", "vervaldatum", "dagen", "ernst")
    rows = [
        (item.kenmerk, item.naam, item.signaal.label, format_date(item.signaal.vervaldatum),
         str(item.signaal.dagen), item.signaal.ernst.label)
        for item in found
    ]
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    right = {4}  # dagen, a number

    def line(cells) -> str:
        return "  ".join(cell.rjust(w) if i in right else cell.ljust(w) for i, (cell, w) in enumerate(zip(cells, widths))).rstrip()

    verlopen = sum(1 for item in found if item.signaal.ernst.value == "verlopen")
    print(f"Signalen per {format_date(per)}: {len(found)}, waarvan {verlopen} verlopen")
    print()
    print(line(header))
    print(line("-" * w for w in widths))
    for row in rows:
        print(line(row))


def _weekplan(locations, kenmerk: str, *, week: str | None, uit: str | None, today: date, demo: bool) -> int:
    from pathlib import Path

    from rules.errors import InputError
    from rules.weekplan import Week, parse_week
    from storage import audit
    from storage.weekplan import list_entries, load_weekplan_person, person_id_for_kenmerk
    from tui.weekplan_html import default_print_path, remove_old_print_files, weekplan_page

    try:
        chosen = parse_week(week) if week else Week.of(today)
    except InputError as exc:
        raise CliError(exc.message) from None
    store = _open(locations, must_exist=True, backup_first=False, demo=demo)
    try:
        with store.engine.connect() as connection:
            person_id = person_id_for_kenmerk(connection=connection, kenmerk=kenmerk)
            if person_id is None:
                raise CliError(f"er is niemand met kenmerk {kenmerk}")
            person = load_weekplan_person(connection=connection, person_id=person_id)
            items = list_entries(connection=connection, person_id=person_id)
        page = weekplan_page(naam=person.naam, kenmerk=person.kenmerk, items=items, week=chosen)
        target = Path(uit).expanduser() if uit else default_print_path(person.kenmerk, chosen)
        remove_old_print_files()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page, encoding="utf-8")
        except OSError as exc:
            raise CliError(f"{target} kan niet worden geschreven: {exc.strerror}") from None
        audit.log_event(engine=store.engine, actie="geëxporteerd (weekplan afgedrukt)", tabel="weekplan_entry", person_id=person_id)
    finally:
        store.close()
    print(f"Weekplan geschreven naar {target}")
    return EXIT_OK


def _opschonen(locations, *, confirmed: bool, today: date, demo: bool) -> int:
    from rules.dates import format_date
    from rules.errors import SettingsError
    from rules.policy import load_policy
    from storage.opschonen import list_verlopen, purge

    try:
        policy = load_policy(locations.settings_file)
    except SettingsError as exc:
        raise CliError(exc.message) from None
    from tui.weekplan_html import remove_old_print_files

    store = _open(locations, must_exist=True, backup_first=True, demo=demo)
    purged: list[str] = []
    try:
        with store.engine.connect() as connection:
            due = list_verlopen(connection=connection, today=today, policy=policy)
        if not due:
            print(f"Niemand heeft een verstreken bewaartermijn ({policy.bewaartermijn_jaren} jaar na afsluiten).")
            return EXIT_OK
        print(f"Bewaartermijn verstreken ({policy.bewaartermijn_jaren} jaar na afsluiten) voor {len(due)} personen:")
        for person in due:
            print(f"  {person.kenmerk}  {person.naam}  ({person.status}, gesloten {format_date(person.gesloten_op)}, "
                  f"bewaren tot {format_date(person.bewaren_tot)})")
        if not confirmed:
            answer = input("Deze personen en al hun uren, contactmomenten en weekplannen definitief verwijderen? [j/N] ")
            if answer.strip().lower() not in ("j", "ja"):
                print("Niets verwijderd.")
                return EXIT_OK
        removed = purge(engine=store.engine, person_ids=[p.id for p in due])
        purged = [p.kenmerk for p in due]
    finally:
        store.close()
        # Printed weekplans in regie's folder: the old ones, and any of the people just erased.
        remove_old_print_files(kenmerken=purged)
    print(f"{removed} personen verwijderd en het databasebestand opgeschoond. "
          "Let op: oudere back-ups bevatten ze nog tot die zijn doorgeschoven.")
    return EXIT_OK


def _audit_verify(locations, *, kop: str | None = None, demo: bool) -> int:
    from storage.audit import read_anchor, verify

    anchor = read_anchor(locations.backups, locations.database)
    store = _open(locations, must_exist=True, backup_first=False, demo=demo)
    try:
        with store.engine.connect() as connection:
            result = verify(connection=connection, anchor=anchor, expected_head=kop)
    finally:
        store.close()
    if not result.ok:
        raise CliError(f"het auditlogboek is gewijzigd of ingekort: {result.problem}")
    head = result.head
    print(f"Auditlogboek in orde: {result.rows} {'regel' if result.rows == 1 else 'regels'}, de hashketen is ongebroken.")
    print(f"Kop van de keten: regel {head.last_id}, kop-hash {head.hash}")
    if anchor is not None:
        print(f"Klopt met het anker bij de back-ups (regel {anchor.head.last_id}, vastgelegd {anchor.wanneer}).")
    else:
        print("Er is nog geen anker bij de back-ups; dat komt bij de volgende back-up.")
    if kop:
        print("De opgegeven kop-hash staat in de keten: er is sindsdien niets weggehaald.")
    print("Noteer de kop-hash buiten deze computer; ‘regie audit verify --kop HASH’ laat later zien of er regels "
          "zijn weggehaald.")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    # `python -m tui.cli`: run the imported module, not this __main__ copy, so that the
    # CliError other modules raise (`from tui.cli import CliError`) is the one main() catches;
    # at the end of the file, so that every command is defined when it runs.
    from tui.cli import main as _main

    raise SystemExit(_main())
