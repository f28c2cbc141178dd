"""Drafts of half-filled forms, stored in the database (never in a loose file:
they hold personal data and must be as safe as the rest)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.engine import Connection, Engine

from storage.backend import upsert
from storage.db import write_session
from storage.models import Concept, Person

CONCEPT = Concept.__table__
PERSON = Person.__table__


@dataclass(frozen=True)
class Draft:
    key: str
    form: str
    person_id: int | None
    naam: str | None  # the person's name, for "concept voor ..." in the offer
    data: dict
    updated_at: datetime


def save_draft(*, engine: Engine, key: str, form: str, data: dict, person_id: int | None = None) -> None:
    values = dict(key=key, form=form, person_id=person_id, data=json.dumps(data, ensure_ascii=False), updated_at=datetime.now(UTC))
    with write_session(engine) as session:
        connection = session.connection()
        upsert(connection, CONCEPT, values, key_columns=[CONCEPT.c.key])


def delete_draft(*, engine: Engine, key: str) -> None:
    with write_session(engine) as session:
        session.connection().execute(delete(CONCEPT).where(CONCEPT.c.key == key))


def list_drafts(*, connection: Connection) -> list[Draft]:
    query = (
        select(CONCEPT, PERSON.c.naam)
        .select_from(CONCEPT.outerjoin(PERSON, PERSON.c.id == CONCEPT.c.person_id))
        .order_by(CONCEPT.c.updated_at)
    )
    drafts = []
    for row in connection.execute(query).mappings():
        try:
            data = json.loads(row["data"])
        except ValueError:
            continue  # an unreadable draft is of no use to anyone
        drafts.append(Draft(key=row["key"], form=row["form"], person_id=row["person_id"], naam=row["naam"], data=data, updated_at=row["updated_at"]))
    return drafts
