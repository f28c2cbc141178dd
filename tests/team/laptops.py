"""Laptops for the team tests: a local store each, and the few storage calls that make test data.

The storage functions' signatures may change when the services take over;
every call to them is here. Until the services call `record*` in their own
transaction, these helpers record right after the change.
"""

from __future__ import annotations

from datetime import UTC, date, datetime  # noqa: F401  (date: for the tests)
from pathlib import Path

from sqlalchemy import func, select

from services import team
from storage.aanmelding import Aanmelding, create_aanmelding
from storage.db import read_session, write_session
from storage.models import Contactmoment, Person, Urenregistratie
from storage.paths import resolve
from storage.persons import add_contactmoment, update_person
from storage.store import Store, open_store
from storage.team.operations import encode, person_row, record_appended, record_person_changed, record_person_created
from storage.team.tables import CONFLICT, DUBBEL
from storage.uren import NieuweUren, add_uren
from rules.model import UrenSoort
from tests.tx import in_write

PERSON, CONTACT, UREN = Person.__table__, Contactmoment.__table__, Urenregistratie.__table__
TODAY = date(2026, 12, 3)


def open_laptop(directory: Path, name: str) -> Store:
    return open_store(resolve(directory / f"{name}.sqlite"), backup_on_start=False)


def aanmelding(store: Store, *, naam: str, author: str, kenmerk: str | None = None) -> int:
    person_id, _ = in_write(store.engine, create_aanmelding,  today=TODAY, aanmelding=Aanmelding(
        naam=naam, doelgroep="asielstatushouder", kenmerk=kenmerk, koppeling=date(2026, 11, 1), consulent=author))
    with write_session(store.engine) as session:
        record_person_created(session.connection(), person_id=person_id, author=author)
    return person_id


def wijzig(store: Store, person_id: int, *, author: str, **changes) -> None:
    with read_session(store.engine) as session:
        before = dict(person_row(session.connection(), person_id))
    in_write(store.engine, update_person,  person_id=person_id, expected_version=before["version"], changes=changes)
    with write_session(store.engine) as session:
        record_person_changed(session.connection(), person_id=person_id, before=before, author=author)


def contact(store: Store, person_id: int, *, author: str, notitie: str) -> None:
    row_id = in_write(store.engine, add_contactmoment,  person_id=person_id, datum=TODAY, soort="azc_bezoek", notitie=notitie)
    with write_session(store.engine) as session:
        record_appended(session.connection(), table="contactmoment", row_id=row_id, author=author)


def uren(store: Store, person_id: int, *, author: str, minuten: int) -> None:
    with read_session(store.engine) as session:
        last = session.connection().execute(select(func.coalesce(func.max(UREN.c.id), 0))).scalar()
    in_write(store.engine, add_uren,  person_id=person_id, today=TODAY,
             regels=[NieuweUren(datum=TODAY, soort=list(UrenSoort)[0], minuten=minuten)])
    with write_session(store.engine) as session:
        connection = session.connection()
        for row_id in connection.execute(select(UREN.c.id).where(UREN.c.id > last)).scalars().all():
            record_appended(connection, table="urenregistratie", row_id=row_id, author=author)


def person_id(store: Store, naam: str) -> int:
    with read_session(store.engine) as session:
        return session.connection().execute(select(PERSON.c.id).where(PERSON.c.naam == naam)).scalar_one()


def _value(value):
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return encode(value)


def dump(engine) -> dict:
    """Every synced row, keyed by UUIDs (local ids and local-only timestamps left out), sorted."""
    with engine.connect() as connection:
        uuids = dict(connection.execute(select(PERSON.c.id, PERSON.c.uuid)).all())
        persons = sorted(
            tuple(sorted((k, _value(v)) for k, v in row.items() if k not in ("id", "updated_at")))
            for row in connection.execute(select(PERSON)).mappings())
        children = {}
        for table in (CONTACT, UREN):
            children[table.name] = sorted(
                tuple(sorted((k, uuids[v] if k == "person_id" else _value(v)) for k, v in row.items() if k != "id"))
                for row in connection.execute(select(table)).mappings())
        lists = {t.name: sorted(tuple(sorted((k, _value(v)) for k, v in row.items()))
                                for row in connection.execute(select(t)).mappings()) for t in (CONFLICT, DUBBEL)}
    return {"person": persons, **children, **lists}


def sync_all(stores, url: str) -> None:
    for store in stores:
        team.sync(store, url=url)
