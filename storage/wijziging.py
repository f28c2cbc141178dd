"""What changed in a person's file, field by field: old and new value beside the audit row of the change.

The audit log names the table and the action only (never names, BSN or notes). The values a
consulent wants to see in the dossier's Geschiedenis ("leerroute B1-route → Z-route") live
here, in the person's own file, so they are erased with the person at the end of the
bewaartermijn. Each row points at the audit row its change wrote (`audit_id`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection

from storage.models import AuditLog, Wijziging

WIJZIGING = Wijziging.__table__
AUDIT = AuditLog.__table__


@dataclass(frozen=True)
class Veldwijziging:
    """One field of one change: its name, and its value before and after (as shown, text)."""

    tabel: str
    veld: str
    oud: str | None
    nieuw: str | None


def record_changes(connection: Connection, *, person_id: int, tabel: str,
                   changes: Iterable[tuple[str, str | None, str | None]], door: str) -> int:
    """Store (veld, oud, nieuw) rows of the change just written on `connection`; returns how many.

    Call after the write: the audit row it produced (same transaction, same table and person)
    is the one the rows point at."""
    rows = [(veld, oud, nieuw) for veld, oud, nieuw in changes if oud != nieuw]
    if not rows:
        return 0
    audit_id = connection.execute(
        select(func.max(AUDIT.c.id)).where(AUDIT.c.person_id == person_id, AUDIT.c.tabel == tabel)
    ).scalar()
    op = datetime.now(UTC)
    connection.execute(insert(WIJZIGING), [
        dict(person_id=person_id, audit_id=audit_id, tabel=tabel, veld=veld, oud=oud, nieuw=nieuw, door=door, op=op)
        for veld, oud, nieuw in rows
    ])
    return len(rows)


def changes_by_audit(*, connection: Connection, person_id: int) -> dict[int, list[Veldwijziging]]:
    """A person's recorded field changes, per audit row id, in the order they were stored."""
    result: dict[int, list[Veldwijziging]] = {}
    query = (select(WIJZIGING).where(WIJZIGING.c.person_id == person_id, WIJZIGING.c.audit_id.is_not(None))
             .order_by(WIJZIGING.c.id))
    for row in connection.execute(query).mappings():
        result.setdefault(row["audit_id"], []).append(
            Veldwijziging(tabel=row["tabel"], veld=row["veld"], oud=row["oud"], nieuw=row["nieuw"]))
    return result
