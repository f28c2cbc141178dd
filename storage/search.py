"""Finding a person in a few keystrokes: by naam (however it is typed), kenmerk or the last digits of a BSN."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.engine import Connection

from rules.text import search_terms
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
    geboortedatum: date | None = None


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_people(*, connection: Connection, text: str, limit: int = 20) -> list[PersonHit]:
    """People whose naam holds every word typed (in any order, case and accents folded: "ozturk" finds
    Öztürk), whose kenmerk contains the text, or whose BSN ends in the digits typed; best matches first.

    The naam is matched on the stored zoeksleutel (rules.text.search_key of the naam), one ``LIKE`` per
    word, so the search stays in SQL. A kenmerk is a code in ASCII: matched as typed, in any case."""
    needle = " ".join(text.split()).lower()
    if not needle:
        return []
    terms = search_terms(text)
    key = PERSON.c.zoeksleutel
    conditions = []
    if terms:
        conditions.append(and_(*(key.like(f"%{_escape_like(term)}%", escape="\\") for term in terms)))
    conditions.append(func.lower(PERSON.c.kenmerk).like(f"%{_escape_like(needle)}%", escape="\\"))
    compact = needle.replace(" ", "")
    if compact.isdigit() and len(compact) >= MIN_BSN_DIGITS:
        conditions.append(PERSON.c.bsn.like(f"%{compact}"))
    exact = case((func.lower(PERSON.c.kenmerk) == needle, 0), else_=1)
    active = case((PERSON.c.status == "actief", 0), else_=1)
    prefix = case((key.like(f"{_escape_like(' '.join(terms))}%", escape="\\"), 0), else_=1) if terms else literal(1)
    query = (
        select(PERSON.c.id, PERSON.c.naam, PERSON.c.kenmerk, PERSON.c.bsn, PERSON.c.doelgroep, PERSON.c.status,
               PERSON.c.consulent, PERSON.c.geboortedatum)
        .where(or_(*conditions))
        .order_by(exact, active, prefix, PERSON.c.naam, PERSON.c.id)
        .limit(limit)
    )
    return [PersonHit(**row) for row in connection.execute(query).mappings()]
