"""Drafts of half-filled forms, stored in the database (never in a loose file:
they hold personal data and must be as safe as the rest)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection

from storage.backend import upsert
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


class DraftAlreadySavedError(Exception):
    """The form was recovered from a draft that another window has already saved; nothing was stored."""

    message = ("Dit concept is al opgeslagen in een ander venster; er is niets opnieuw opgeslagen. "
               "Sluit dit formulier en bekijk het dossier.")

    def __init__(self) -> None:
        super().__init__(self.message)


SAVED_FORM = "opgeslagen"  # the form of a claim: a draft that was saved (no personal data, never offered back)
_CLAIM_PREFIX = "opgeslagen:"


def claim_of(draft: Draft) -> str:
    """The token a form recovered from `draft` saves with: the same in every window that recovered it."""
    stamp = draft.updated_at.isoformat() if draft.updated_at else ""
    return f"{draft.key}@{stamp}"[:80]


def claim_draft(*, connection: Connection, key: str, claim: str | None, person_id: int | None = None) -> None:
    """In the save's transaction: forget the draft `key`; with the `claim` of a recovered draft, refuse
    (DraftAlreadySavedError) when another window already saved that draft, else mark it saved.

    The mark is a `concept` row of form SAVED_FORM holding only the claim (no form data), removed with
    the person by cascade and by erasure; `list_drafts` never offers it back."""
    connection.execute(delete(CONCEPT).where(CONCEPT.c.key == key, CONCEPT.c.form != SAVED_FORM))
    if claim is None:
        return
    mark = (_CLAIM_PREFIX + claim)[:100]
    if connection.execute(select(CONCEPT.c.key).where(CONCEPT.c.key == mark)).first() is not None:
        raise DraftAlreadySavedError()
    connection.execute(insert(CONCEPT).values(key=mark, form=SAVED_FORM, person_id=person_id, data="{}",
                                              updated_at=datetime.now(UTC)))


def save_draft(*, connection: Connection, key: str, form: str, data: dict, person_id: int | None = None) -> None:
    values = dict(key=key, form=form, person_id=person_id, data=json.dumps(data, ensure_ascii=False), updated_at=datetime.now(UTC))
    upsert(connection, CONCEPT, values, key_columns=[CONCEPT.c.key])


def delete_draft(*, connection: Connection, key: str) -> None:
    connection.execute(delete(CONCEPT).where(CONCEPT.c.key == key, CONCEPT.c.form != SAVED_FORM))


def list_drafts(*, connection: Connection) -> list[Draft]:
    query = (
        select(CONCEPT, PERSON.c.naam)
        .select_from(CONCEPT.outerjoin(PERSON, PERSON.c.id == CONCEPT.c.person_id))
        .where(CONCEPT.c.form != SAVED_FORM)
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
