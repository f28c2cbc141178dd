"""Finding a person in a few keystrokes: by naam, kenmerk or the last digits of a BSN."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.engine import Connection

from storage.models import Person

PERSON = Person.__table__
MIN_BSN_DIGITS = 3  # fewer digits would match half the caseload


@dataclass(frozen=True)
class PersonHit:
    id: int
    naam: str
    kenmerk: str
    bsn: str | None
    doelgroep: str
    status: str
    consulent: str | None


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_people(*, connection: Connection, text: str, limit: int = 20) -> list[PersonHit]:
    """People whose naam contains every word typed, whose kenmerk contains the text,
    or whose BSN ends in the digits typed; best matches first."""
    needle = " ".join(text.split()).lower()
    if not needle:
        return []
    naam = func.lower(PERSON.c.naam)
    words = [w for w in needle.split(" ") if w]
    conditions = [and_(*(naam.like(f"%{_escape_like(w)}%", escape="\\") for w in words))]
    conditions.append(func.lower(PERSON.c.kenmerk).like(f"%{_escape_like(needle)}%", escape="\\"))
    compact = needle.replace(" ", "")
    if compact.isdigit() and len(compact) >= MIN_BSN_DIGITS:
        conditions.append(PERSON.c.bsn.like(f"%{compact}"))
    exact = case((func.lower(PERSON.c.kenmerk) == needle, 0), else_=1)
    active = case((PERSON.c.status == "actief", 0), else_=1)
    prefix = case((naam.like(f"{_escape_like(needle)}%", escape="\\"), 0), else_=1)
    query = (
        select(PERSON.c.id, PERSON.c.naam, PERSON.c.kenmerk, PERSON.c.bsn, PERSON.c.doelgroep, PERSON.c.status, PERSON.c.consulent)
        .where(or_(*conditions))
        .order_by(exact, active, prefix, PERSON.c.naam, PERSON.c.id)
        .limit(limit)
    )
    return [PersonHit(**row) for row in connection.execute(query).mappings()]
