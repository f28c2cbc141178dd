"""Erasing people whose retention period has ended, and their traces in the file.

Besides the person and everything that hangs from them, erasure clears the
saved caseload search term and every draft (concept) that names them, and
then has the backend rewrite the file so the old pages are gone. When another
regie keeps those old pages alive, erasure says so (ErasureIncompleteError)
instead of reporting success.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import json
import time

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Connection, Engine

from rules.bewaartermijn import bewaren_tot, mag_weg
from rules.policy import Policy
from storage import audit, backend
from storage.models import AppSetting, Concept, Person

PERSON = Person.__table__
SETTING = AppSetting.__table__
CONCEPT = Concept.__table__
CASELOAD_FILTER_KEY = "caseload.filter"  # the caseload screen's saved filter; its "text" is the search term
COMPACT_ATTEMPTS = 3
_COMPACT_PAUSE_S = 0.5


class ErasureIncompleteError(RuntimeError):
    """The persons are deleted, but old copies of their pages may still be in the file: another regie
    keeps them alive. The message (Dutch) says to close it and run opschonen again."""

    def __init__(self, deleted: int) -> None:
        self.deleted = deleted
        super().__init__(
            f"{deleted} persoon/personen verwijderd, maar een ander regie-venster of -proces houdt oude gegevens "
            "van de database vast, dus ze staan mogelijk nog in het bestand. Sluit alle andere regie-vensters en "
            "voer ‘regie opschonen’ opnieuw uit om het opschonen af te maken.")


@dataclass(frozen=True)
class Verlopen:
    id: int
    kenmerk: str
    naam: str
    status: str
    gesloten_op: date
    bewaren_tot: date


def list_verlopen(*, connection: Connection, today: date, policy: Policy) -> list[Verlopen]:
    rows = connection.execute(
        select(PERSON.c.id, PERSON.c.kenmerk, PERSON.c.naam, PERSON.c.status, PERSON.c.gesloten_op)
        .where(PERSON.c.status != "actief", PERSON.c.gesloten_op.is_not(None))
        .order_by(PERSON.c.gesloten_op, PERSON.c.kenmerk)
    ).mappings()
    return [
        Verlopen(id=r["id"], kenmerk=r["kenmerk"], naam=r["naam"], status=r["status"], gesloten_op=r["gesloten_op"],
                 bewaren_tot=bewaren_tot(r["gesloten_op"], policy))
        for r in rows
        if mag_weg(r["gesloten_op"], today=today, policy=policy)
    ]


def purge(*, connection: Connection, person_ids: list[int]) -> int:
    """Delete the people (their hours, contacts, weekplan, … go with them by cascade), the drafts
    and the saved search term that name them, drop their ids from the audit trail, then rewrite the
    file so the bytes are gone, all on the caller's write transaction (with its audit row); returns how
    many were deleted. After the commit the service calls `finish_erasure` so the old pages go too."""
    if not person_ids:
        return 0
    traces = _traces(connection, person_ids)
    _drop_drafts(connection, person_ids, traces)
    _clear_search_term(connection)
    deleted = connection.execute(delete(PERSON).where(PERSON.c.id.in_(person_ids))).rowcount
    audit.erase_references(connection, person_ids=person_ids)
    audit.log_many(connection, actie="opgeschoond (bewaartermijn verstreken)", tabel="person",
                   entries=[(None, None, deleted)])
    return deleted


def finish_erasure(engine: Engine, *, attempts: int = COMPACT_ATTEMPTS) -> bool:
    """Rewrite the file so erased rows' old pages are gone; False when another process keeps them alive
    after `attempts` tries (a short pause between them). A backend without such pages: True at once."""
    engine_backend = backend.of(engine)
    if engine_backend is None:
        return True
    for attempt in range(attempts):
        if attempt:
            time.sleep(_COMPACT_PAUSE_S * attempt)
        with engine.connect() as connection:
            try:
                engine_backend.compact(connection)
                return True
            except backend.BackendError as exc:
                if exc.problem is not backend.FileProblem.LOCKED:
                    raise
    return False


def _traces(connection: Connection, person_ids: list[int]) -> list[str]:
    """What could name these people in free text: naam, kenmerk, BSN."""
    found: list[str] = []
    for naam, kenmerk, bsn in connection.execute(
            select(PERSON.c.naam, PERSON.c.kenmerk, PERSON.c.bsn).where(PERSON.c.id.in_(person_ids))):
        found.extend(t.casefold() for t in (naam, kenmerk, bsn) if t and len(t.strip()) >= 3)
    return found


def _names_someone(value: object, traces: list[str]) -> bool:
    if isinstance(value, str):
        folded = value.casefold()
        return any(trace in folded for trace in traces)
    if isinstance(value, dict):
        return any(_names_someone(v, traces) for v in value.values())
    if isinstance(value, list):
        return any(_names_someone(v, traces) for v in value)
    return False


def _drop_drafts(connection: Connection, person_ids: list[int], traces: list[str]) -> None:
    connection.execute(delete(CONCEPT).where(CONCEPT.c.person_id.in_(person_ids)))
    naming = []
    for key, data in connection.execute(select(CONCEPT.c.key, CONCEPT.c.data)):
        try:
            parsed = json.loads(data)
        except ValueError:
            parsed = data
        if _names_someone(parsed, traces):
            naming.append(key)
    if naming:
        connection.execute(delete(CONCEPT).where(CONCEPT.c.key.in_(naming)))


def _clear_search_term(connection: Connection) -> None:
    """The saved caseload filter keeps its filters and sort, but loses its search term (it may name someone)."""
    value = connection.execute(select(SETTING.c.value).where(SETTING.c.key == CASELOAD_FILTER_KEY)).scalar()
    if value is None:
        return
    try:
        saved = json.loads(value)
    except ValueError:
        saved = None
    if not isinstance(saved, dict):
        connection.execute(delete(SETTING).where(SETTING.c.key == CASELOAD_FILTER_KEY))
        return
    if saved.get("text"):
        saved["text"] = ""
        connection.execute(update(SETTING).where(SETTING.c.key == CASELOAD_FILTER_KEY)
                           .values(value=json.dumps(saved, ensure_ascii=False)))
