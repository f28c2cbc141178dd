"""Team operations of a use case, recorded on the use case's own connection (issue 15, point 2).

Every function is a no-op while the laptop is not linked to a teamdatabase
(one small read), so services call them unconditionally, inside `services._tx.write`,
after the write they describe: the change and its operation commit together or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


def _linked(connection: Connection) -> bool:
    from storage.team import operations

    return operations.linked(connection) is not None


def _person_uuid(connection: Connection, person_id: int | None) -> str | None:
    from storage.team import operations

    row = operations.person_row(connection, person_id) if person_id is not None else None
    return row["uuid"] if row is not None else None


def person_before(connection: Connection, person_id: int) -> dict | None:
    """The person's row before an UPDATE (None when not linked: nothing will be recorded)."""
    from storage.team import operations

    if not _linked(connection):
        return None
    row = operations.person_row(connection, person_id)
    return dict(row) if row is not None else None


def person_created(connection: Connection, *, person_id: int, author: str) -> None:
    from storage.team import operations

    if _linked(connection):
        operations.record_person_created(connection, person_id=person_id, author=author)
        audit(connection, actie="toegevoegd", tabel="person", person_id=person_id, author=author)


def person_changed(connection: Connection, *, person_id: int, before: dict | None, author: str) -> None:
    from storage.team import operations

    if before is not None:
        operations.record_person_changed(connection, person_id=person_id, before=before, author=author)
        audit(connection, actie="gewijzigd", tabel="person", person_id=person_id, author=author)


def appended(connection: Connection, *, table: str, row_ids: list[int], author: str) -> None:
    """New rows of a synced table (`storage.team.operations.APPEND_TABLES`): append operations."""
    from storage.team import operations

    if row_ids and _linked(connection):
        for row_id in row_ids:
            operations.record_appended(connection, table=table, row_id=row_id, author=author)


@contextmanager
def records(connection: Connection, *, person_ids: Iterable[int] | None, author: str) -> Iterator[None]:
    """Around the writes of a use case to a person's records other than contactmomenten and uren (besluiten,
    examenpogingen, weekplan, verzuim, signaal-afhandelingen, afspraken, earlier texts, the change history):
    afterwards, in the same transaction, one operation per row added, changed or removed.

    `person_ids`: whose records the use case may touch; None for a bulk import that only adds rows.
    Nothing is read or recorded while the laptop is not linked; nothing is recorded when the block raises."""
    from storage.team import operations

    before = operations.records_before(connection, person_ids=person_ids)
    yield
    operations.record_records_changed(connection, before, author=author)


def audit(connection: Connection, *, actie: str, tabel: str, person_id: int | None, author: str) -> None:
    """The team trail's entry for a view, export or change (kinds and UUIDs only)."""
    from storage.team import operations

    if _linked(connection):
        operations.record_audit(connection, actie=actie, tabel=tabel, person_uuid=_person_uuid(connection, person_id),
                                author=author)


def row_before(connection: Connection, *, table: str, row_id: int) -> dict | None:
    """A contactmoment or urenregistratie row as it is before an edit (None when not linked or gone)."""
    from sqlalchemy import select

    from storage.team import operations

    if not _linked(connection):
        return None
    source = operations.APPEND_TABLES[table]
    row = connection.execute(select(source).where(source.c.id == row_id)).mappings().first()
    return dict(row) if row is not None else None


def row_changed(connection: Connection, *, table: str, row_id: int, before: dict | None, author: str) -> None:
    """After an edit of a contactmoment or urenregistratie row (`before` from :func:`row_before`)."""
    from storage.team import operations

    if before is not None:
        operations.record_row_changed(connection, table=table, row_id=row_id, before=before, author=author)


def row_deleted(connection: Connection, *, table: str, row_id: int, author: str) -> None:
    """BEFORE deleting a contactmoment or urenregistratie row."""
    from storage.team import operations

    if _linked(connection):
        operations.record_row_deleted(connection, table=table, row_id=row_id, author=author)


def persons_erased(connection: Connection, *, person_ids: list[int], author: str) -> None:
    """BEFORE erasing persons at the end of the bewaartermijn: the team erases them too (UUIDs only)."""
    from storage.team import operations

    if _linked(connection):
        for person_id in person_ids:
            operations.record_person_erased(connection, person_id=person_id, author=author)
