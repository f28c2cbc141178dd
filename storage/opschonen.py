"""Erasing people whose retention period has ended, and their traces in the file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.engine import Connection, Engine

from rules.bewaartermijn import bewaren_tot, mag_weg
from rules.policy import Policy
from storage import audit
from storage.db import write_session
from storage.models import Person

PERSON = Person.__table__


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


def purge(*, engine: Engine, person_ids: list[int]) -> int:
    """Delete the people (their hours, contacts, weekplan, … go with them by cascade),
    drop their ids from the audit trail, then VACUUM so the bytes are gone from the file."""
    if not person_ids:
        return 0
    with write_session(engine) as session:
        connection = session.connection()
        deleted = connection.execute(delete(PERSON).where(PERSON.c.id.in_(person_ids))).rowcount
        audit.erase_references(connection, person_ids=person_ids)
    audit.log_event(engine=engine, actie="opgeschoond (bewaartermijn verstreken)", tabel="person", aantal=deleted)
    with engine.connect() as connection:
        connection.connection.dbapi_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.connection.dbapi_connection.execute("VACUUM")
        connection.connection.dbapi_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return deleted
