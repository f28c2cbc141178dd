"""The data commands of `regie`: locate, import, export, weekplan, opschonen and audit verify.

Each one opens the store through `services.store`, calls one use case and
prints its result in Dutch; failures are ServiceErrors that `cli.main`
turns into one line on stderr.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from cli.main import EXIT_OK
from cli.output import shown


def _ask(question: str) -> bool:
    """A yes/no question on the terminal; only j or ja is yes (EOFError without a terminal)."""
    return input(question).strip().lower() in ("j", "ja")


def locate(locations) -> int:
    from services.backups import locate as where

    found = where(locations)
    print(f"database:     {found.database}")
    print(f"back-ups:     {found.backups}")
    print(f"instellingen: {found.settings_file}")
    last = found.last_backup
    print(f"laatste back-up: {last:%d-%m-%Y %H:%M}" if last is not None else "laatste back-up: nog geen")
    return EXIT_OK


def import_file(locations, soort: str, bestand: str, *, today: date, demo: bool = False) -> int:
    from services import imports
    from services.store import open_as_user

    source = imports.check_source(Path(bestand))
    if demo and soort == "personen":
        print(imports.DEMO_NOT_ENCRYPTED)
    # An import of personen may overwrite stored facts: a backup first. An import of
    # uren or besluiten only adds rows, in one transaction that stores all or nothing, so it
    # starts without one (a backup of a large database costs seconds).
    store = open_as_user(locations, must_exist=False, backup_first=soort == "personen", demo=demo)
    try:
        result = imports.IMPORTS[soort](store, path=source, today=today)
    except imports.ImportRejectedError as exc:
        # The row list goes to stdout: a cell quoted in a reason may hold personal data.
        for line in (*exc.waarschuwingen, *exc.fouten):
            print(shown(line))
        raise
    finally:
        store.close()
    for line in result.waarschuwingen:
        print(shown(line))
    print(f"{shown(source.name)}: {result.samenvatting}.")
    return EXIT_OK


def export_file(locations, soort: str, bestand: str, *, today: date, demo: bool = False) -> int:
    from services import exports
    from services.store import open_as_user

    store = open_as_user(locations, must_exist=True, demo=demo)
    try:
        if soort == "personen":
            done = exports.export_personen(store, path=Path(bestand), today=today)
            wat = "persoon" if done.aantal == 1 else "personen"
        else:
            done = exports.export_besluiten(store, path=Path(bestand))
            wat = "besluit" if done.aantal == 1 else "besluiten"
    finally:
        store.close()
    from services.privacy import privacy_line

    print(f"{done.aantal} {wat} geschreven naar {done.path}.")
    print(privacy_line())
    return EXIT_OK


def weekplan(locations, kenmerk: str, *, week: str | None, uit: str | None, today: date, demo: bool,
             taal: str | None = None) -> int:
    from services.store import open_as_user
    from services.weekplan_print import choose_week, print_weekplan

    chosen = choose_week(week, today=today)
    store = open_as_user(locations, must_exist=True, demo=demo)
    warnings: list[str] = []
    try:
        target = print_weekplan(store, kenmerk=kenmerk, week=chosen, target=Path(uit) if uit else None, taal=taal,
                                warnings=warnings)
    finally:
        store.close()
    from services.privacy import privacy_line

    print(f"Weekplan geschreven naar {target}")
    for warning in warnings:
        print(f"Let op: {warning}")
    print(privacy_line())
    return EXIT_OK


def opschonen(locations, *, confirmed: bool, today: date, demo: bool) -> int:
    from rules.dates import format_date
    from services.opschonen import list_expired, purge_expired
    from services.store import open_as_user
    from services.weekplan_print import remove_old_print_files

    store = open_as_user(locations, must_exist=True, backup_first=True, demo=demo)
    try:
        expired = list_expired(store, today=today)
        termijn = f"{expired.bewaartermijn_jaren} jaar na afsluiten"
        if not expired.personen:
            print(f"Niemand heeft een verstreken bewaartermijn ({termijn}).")
            return EXIT_OK
        print(f"Bewaartermijn verstreken ({termijn}) voor {len(expired.personen)} personen:")
        for person in expired.personen:
            print(f"  {shown(person.kenmerk)}  {shown(person.naam)}  ({person.status}, gesloten {format_date(person.gesloten_op)}, "
                  f"bewaren tot {format_date(person.bewaren_tot)})")
        if not confirmed and not _ask("Deze personen en al hun uren, contactmomenten en weekplannen definitief verwijderen? [j/N] "):
            print("Niets verwijderd.")
            return EXIT_OK
        removed = purge_expired(store, expired=expired)
    finally:
        store.close()
        remove_old_print_files()  # printed weekplans in regie's folder hold personal data in plain text
        from services.afspraak_brief import remove_old_print_files as remove_old_letters

        remove_old_letters()  # and so do appointment letters
    print(f"{removed} personen verwijderd en het databasebestand opgeschoond. "
          "Let op: oudere back-ups bevatten ze nog tot die zijn doorgeschoven.")
    return EXIT_OK


def audit_verify(locations, *, kop: str | None, demo: bool) -> int:
    from services.audit import parse_kop_hash, verify_audit
    from services.store import open_as_user

    if kop is not None:
        kop = parse_kop_hash(kop)  # a typo is told before any database is opened
    store = open_as_user(locations, must_exist=True, demo=demo)
    try:
        check = verify_audit(store, kop=kop)
    finally:
        store.close()
    print(f"Auditlogboek in orde: {check.rows} {'regel' if check.rows == 1 else 'regels'}, de hashketen is ongebroken.")
    print(f"Kop van de keten: regel {check.head_id}, kop-hash {check.head_hash}")
    if check.anchor is not None:
        print(f"Klopt met het anker bij de back-ups (regel {check.anchor.last_id}, vastgelegd {check.anchor.wanneer}).")
    else:
        print("Er is nog geen anker bij de back-ups; dat komt bij de volgende back-up.")
    if check.kop_found:
        print("De opgegeven kop-hash staat in de keten: er is sindsdien niets weggehaald.")
    print("Noteer de kop-hash buiten deze computer; ‘regie audit verify --kop HASH’ laat later zien of er regels "
          "zijn weggehaald.")
    return EXIT_OK
