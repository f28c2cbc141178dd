"""Exporting the personen and the besluiten to CSV files that Dutch Excel opens as is and the importer reads back.

Semicolon-separated, UTF-8 with a byte order mark (so Excel recognises the
encoding), dates as dd-mm-jjjj, ja/nee, and the columns of
:data:`storage.importer.PERSON_COLUMNS` or :data:`storage.importer.BESLUIT_COLUMNS`.
A text cell that a spreadsheet would run as a formula is written with a leading quote.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Connection

from rules.csvparse import escape_formula
from rules.dates import format_date
from storage.importer import BESLUIT_COLUMNS, PERSON, PERSON_COLUMNS, besluit_cells
from storage.paths import private_output
from storage.queries import latest_voortgangsgesprekken

DELIMITER = ";"


class ExportError(Exception):
    """The file could not be written; the message is Dutch. No half-written file is left behind."""


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, int):
        return str(value)
    return escape_formula(str(value))


def export_personen(*, connection: Connection, path: Path, today: date | None = None) -> int:
    """Write every person, ordered by kenmerk, to ``path``; returns how many were written.

    ``laatste_voortgangsgesprek`` is the date the rules use: the latest of the
    recorded date and the contactmomenten of that kind up to ``today``, so that
    the signalen of the imported file are those of this database.
    The file is written beside its destination and then moved into place,
    so an existing file is either replaced whole or left as it was.
    """
    path = Path(path)
    columns = [PERSON.c[name] for name in PERSON_COLUMNS]
    gesprek = PERSON_COLUMNS.index("laatste_voortgangsgesprek")
    contacts = latest_voortgangsgesprekken(connection=connection, as_of=today or date.today())
    rows = []
    for person_id, *row in connection.execute(select(PERSON.c.id, *columns).order_by(PERSON.c.kenmerk)):
        row[gesprek] = max((d for d in (row[gesprek], contacts.get(person_id)) if d is not None), default=None)
        rows.append(row)
    _write(path, PERSON_COLUMNS, rows)
    return len(rows)


def _write(path: Path, header: tuple[str, ...], rows: list) -> None:
    """The file, owner-only, written beside its destination and then moved into place."""
    try:
        with private_output(path, encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=DELIMITER, lineterminator="\r\n")
            writer.writerow(header)
            writer.writerows([_cell(value) for value in row] for row in rows)
    except OSError as exc:
        raise ExportError(_reason(path, exc)) from None


def export_besluiten(*, connection: Connection, path: Path) -> int:
    """Write every decision and exam attempt, by kenmerk, to ``path`` in the columns the import reads; returns how many.

    Per person the kinds follow each other in the order of the file's columns
    (verlenging, ontheffing, vrijstelling, pip, examen), each in the order the
    rules read them (verlengingen and PIPs as registered): an import of this file
    checks a second gewijzigd PIP against the first, as the dialog did.
    The first PIP of this gemeente is ``pip_datum`` in the personen file, not a row here.
    """
    from storage.queries import load_lists

    path = Path(path)
    lists = load_lists(connection=connection)
    rows = []
    for person_id, kenmerk in connection.execute(select(PERSON.c.id, PERSON.c.kenmerk).order_by(PERSON.c.kenmerk)):
        if (person := lists.get(person_id)) is not None:
            for facts in (person.verlengingen, person.ontheffingen, person.vrijstellingen, person.pips, person.examens):
                rows.extend(besluit_cells(kenmerk, fact) for fact in facts)
    _write(path, BESLUIT_COLUMNS, rows)
    return len(rows)


def _reason(path: Path, exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return f"de map {path.parent} bestaat niet"
    if isinstance(exc, PermissionError):
        return f"geen toestemming om {path} te schrijven"
    if isinstance(exc, IsADirectoryError):
        return f"{path} is een map; geef een bestandsnaam op"
    return f"{path} kan niet worden geschreven ({exc.strerror or type(exc).__name__})"
