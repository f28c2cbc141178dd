"""Verzuim: planned weekplan activities a person did not follow, with the reason (table verzuim)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import and_, insert, select
from sqlalchemy.engine import Connection

from rules.model import UrenSoort, VerzuimReden
from rules.weekplan import BekendVerzuim
from storage.models import Verzuim

VERZUIM = Verzuim.__table__


@dataclass(frozen=True)
class NieuwVerzuim:
    """One planned activity on one date marked as not followed."""

    datum: date
    activiteit: str
    soort: UrenSoort
    bron: str
    reden: VerzuimReden
    weekplan_entry_id: int | None = None


def add_verzuim(*, connection: Connection, person_id: int, rows: Iterable[NieuwVerzuim], door: str) -> int:
    """Store the rows on the caller's transaction; returns how many."""
    op = datetime.now(UTC)
    values = [dict(person_id=person_id, datum=r.datum, weekplan_entry_id=r.weekplan_entry_id, activiteit=r.activiteit,
                   soort=UrenSoort(r.soort).value, bron=r.bron, reden=VerzuimReden(r.reden).value, door=door, op=op)
              for r in rows]
    if values:
        connection.execute(insert(VERZUIM), values)
    return len(values)


def verzuim_in_period(*, connection: Connection, person_id: int, van: date, tot: date) -> list[BekendVerzuim]:
    query = (select(VERZUIM.c.datum, VERZUIM.c.activiteit, VERZUIM.c.bron, VERZUIM.c.reden)
             .where(and_(VERZUIM.c.person_id == person_id, VERZUIM.c.datum >= van, VERZUIM.c.datum <= tot))
             .order_by(VERZUIM.c.datum, VERZUIM.c.id))
    return [BekendVerzuim(datum=row.datum, activiteit=row.activiteit, bron=row.bron, reden=VerzuimReden(row.reden))
            for row in connection.execute(query)]
