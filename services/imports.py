"""Importing personen, uren and besluiten from a CSV file: the one use case both the app and `regie import` run.

The file is checked whole before anything is stored (storage/importer.py);
a file with any wrong row stores nothing and raises ImportRejectedError with
every problem as ``regel N, kolom X: reden``. The audit rows are written by
the importer in the same transaction as the data.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from rules.bsn import TEST_BSN_PREFIX, is_test_bsn, mask_bsn, normalize_bsn
from rules.csvparse import read_csv
from rules.errors import InputError
from services.errors import DatabaseBusyError, ServiceError
from storage.importer import BesluitenImport, CsvImportError, PersonenImport, UrenImport
from storage.store import Store

__all__ = [
    "BesluitenImport",
    "DEMO_NOT_ENCRYPTED",
    "ImportRejectedError",
    "PersonenImport",
    "SourceFileError",
    "UrenImport",
    "backup_before_import",
    "check_source",
    "import_besluiten",
    "import_personen",
    "import_uren",
]

# Said before every import into a database that is not encrypted (the demo).
DEMO_NOT_ENCRYPTED = ("waarschuwing: de demo-database is niet versleuteld; importeer hier alleen verzonnen "
                      f"gegevens. Alleen test-BSN's (beginnend met {TEST_BSN_PREFIX}) worden aangenomen.")


class SourceFileError(ServiceError):
    """The file to import does not exist or is not a file."""


class ImportRejectedError(ServiceError):
    """Nothing was stored; `fouten` lists every problem, `waarschuwingen` the unknown columns.

    The lines may quote a cell (possibly personal data): a face shows them to
    the user (a screen, or stdout), never in a log or on stderr.
    """

    def __init__(self, bestand: str, *, fouten: tuple[str, ...], waarschuwingen: tuple[str, ...] = ()) -> None:
        self.bestand = bestand
        self.fouten = tuple(fouten)
        self.waarschuwingen = tuple(waarschuwingen)
        count = len(self.fouten)
        super().__init__(f"{bestand} niet ingelezen: {count} {'fout' if count == 1 else 'fouten'}; er is niets opgeslagen")


def check_source(path: Path) -> Path:
    """The file to import, with `~` expanded; SourceFileError before any database is opened or created."""
    source = Path(path).expanduser()
    if not source.is_file():
        raise SourceFileError(f"het bestand {source} bestaat niet" if not source.exists() else f"{source} is geen bestand")
    return source


def _real_bsns(source: Path) -> tuple[str, ...]:
    """`regel N, kolom bsn: …` for every valid BSN in the file outside the test range (a real person's number)."""
    try:
        tabel = read_csv(source.read_bytes())
    except (OSError, InputError):
        return ()  # the importer reports an unreadable file in its own words
    if "bsn" not in tabel.kolommen:
        return ()
    found = []
    for row in tabel.rijen:
        text = row.cellen.get("bsn", "")
        try:
            digits = normalize_bsn(text) if text.strip() else None
        except InputError:
            continue  # not a BSN at all: the importer says why
        if digits is not None and not is_test_bsn(digits):
            found.append(f"regel {row.regel}, kolom bsn: {mask_bsn(digits)} is een echt BSN; de demo-database is niet "
                         f"versleuteld en neemt alleen test-BSN's aan (beginnend met {TEST_BSN_PREFIX})")
    return tuple(found)


def _run(importer, store: Store, source: Path, **kwargs):
    from sqlalchemy.exc import OperationalError

    try:
        return importer(path=source, **kwargs)
    except CsvImportError as exc:
        raise ImportRejectedError(source.name, fouten=exc.fouten, waarschuwingen=exc.waarschuwingen) from None
    except OperationalError:
        raise DatabaseBusyError() from None


def import_personen(store: Store, *, path: Path, today: date) -> PersonenImport:
    """Add or update the personen in the CSV file: all rows, or none and ImportRejectedError.

    Into a database that is not encrypted (the demo) only test BSNs go: a file
    with a real person's BSN is refused whole, before anything is stored.
    `today` is the date the facts are checked against.
    """
    from services import _team
    from services._tx import author, write
    from storage.importer import import_personen as run_import

    source = check_source(path)
    if not store.encrypted and (real := _real_bsns(source)):
        raise ImportRejectedError(source.name, fouten=real)

    def in_one_transaction(*, path: Path, today: date) -> PersonenImport:
        # One use case, one transaction: the persons, their audit rows and their team operations.
        with write(store) as connection:
            result = run_import(connection=connection, path=path, today=today)
            for person_id in result.nieuw:
                _team.person_created(connection, person_id=person_id, author=author())
            for person_id, before in result.gewijzigd:
                _team.person_changed(connection, person_id=person_id, before=before, author=author())
        return replace(result, nieuw=(), gewijzigd=())  # the rows before are not for a face

    return _run(in_one_transaction, store, source, today=today)


def import_uren(store: Store, *, path: Path, today: date) -> UrenImport:
    """Add the hours in the CSV file (rows already stored are skipped): all rows, or none and ImportRejectedError."""
    from storage.importer import import_uren as run_import

    # The hours are staged in short transactions and committed at one point (issue 13: a long import
    # never blocks a consulent's save), so this use case is several short transactions that storage
    # orders; each row's team operation is recorded in the transaction that moves it in.
    return _run(lambda **kwargs: run_import(engine=store.engine, **kwargs), store, check_source(path), today=today)


def import_besluiten(store: Store, *, path: Path, today: date) -> BesluitenImport:
    """Add the decisions and exam attempts in the CSV file (rows already stored are skipped): all rows, or none
    and ImportRejectedError.

    Every row is checked by :func:`services.besluiten.check_besluit`, the check the
    dossier's dialogs run, against its person's facts on `today`; the decisions and
    their audit rows go into one transaction.
    """
    from services import _team
    from services._tx import author, write
    from services.besluiten import check_besluit
    from storage.importer import import_besluiten as run_import

    def in_one_transaction(*, path: Path, today: date) -> BesluitenImport:
        with write(store) as connection:
            with _team.records(connection, person_ids=None, author=author()):  # every row added goes to the team
                return run_import(connection=connection, path=path, today=today,
                                  check=lambda facts, fact: check_besluit(facts, fact, today))

    return _run(in_one_transaction, store, check_source(path), today=today)


def backup_before_import(store: Store) -> Path | None:
    """A checked backup before the app imports personen (which may overwrite stored facts); the command line
    opens its store with one instead. None for a database that is not encrypted (the demo: invented data,
    never backed up, as `services.store.open_as_user`). Raises BackupFailedError in Dutch."""
    from services.backups import BackupFailedError
    from storage.backup import BackupError, make_backup

    if not store.encrypted:
        return None
    try:
        return make_backup(store.locations.database, store.locations.backups, reason="voor-import", key=store.key)
    except BackupError as exc:
        raise BackupFailedError(str(exc)) from None


# What `regie import SOORT` and the app's import offer, with the use case of each.
IMPORTS = {"personen": import_personen, "uren": import_uren, "besluiten": import_besluiten}
