"""A real (encrypted) store in tmp_path and a helper that writes hand-made persons, hours and afhandelingen into it."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import insert

from storage.db import write_session
from storage.models import Person, SignaalAfhandeling, Urenregistratie
from storage.paths import resolve
from storage.store import open_store

Q1 = (date(2026, 1, 1), date(2026, 3, 31))  # the period most tests report on
_numbers = itertools.count(1)


@pytest.fixture
def store(tmp_path):
    opened = open_store(resolve(tmp_path / "regie.sqlite"), backup_on_start=False)
    yield opened
    opened.close()


def add_person(store, *, created: date = date(2025, 6, 1), **values) -> int:
    """One synthetic person (no real names or BSNs); unspecified dates stay unknown."""
    number = next(_numbers)
    stamp = datetime(created.year, created.month, created.day, 12, tzinfo=UTC)
    row = dict(kenmerk=f"T-{number:05d}", naam=f"Testpersoon {number}", doelgroep="gezinsmigrant", regime="wi2021",
               status="actief", nareiziger=False, tolk_nodig=False, bijstand=False, version=1,
               created_at=stamp, updated_at=stamp)
    row.update(values)
    with write_session(store.engine) as session:
        return session.execute(insert(Person.__table__).values(**row)).inserted_primary_key[0]


def add_uren(store, person_id: int, *, datum: date, uren: int, soort: str = "taal_knm") -> None:
    with write_session(store.engine) as session:
        session.execute(insert(Urenregistratie.__table__).values(
            person_id=person_id, datum=datum, soort=soort, minuten=uren * 60, bron="test", omschrijving="",
            created_at=datetime(2026, 1, 1, tzinfo=UTC)))


def add_afhandeling(store, person_id: int, *, sleutel: str, op: datetime, actie: str = "afgehandeld") -> None:
    with write_session(store.engine) as session:
        session.execute(insert(SignaalAfhandeling.__table__).values(
            person_id=person_id, soort=sleutel.split("|")[0], sleutel=sleutel, actie=actie, tot=None,
            reden="test", door="test", op=op))
