"""Build the benchmark's synthetic municipality-sized database.

People come from the demo generator (called again and again with new
seeds), so their dates and phases are realistic; hour registrations,
contact moments and weekplan entries are then topped up with random rows
to the exact sizes the issue asks for.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import insert

from storage.db import write_session
from storage.demo import seed_demo
from storage.models import Contactmoment, Urenregistratie, WeekplanEntry
from storage.paths import resolve
from storage.store import open_store


@dataclass(frozen=True)
class Size:
    people: int
    hours: int
    contacts: int
    weekplan: int


FULL = Size(people=10_000, hours=1_000_000, contacts=100_000, weekplan=50_000)
TINY = Size(people=120, hours=5_000, contacts=800, weekplan=400)
BATCH = 50_000


def build(path: Path, size: Size, *, today: date, seed: int = 7) -> None:
    store = open_store(resolve(path), backup_on_start=False)
    rng = random.Random(seed)
    now = datetime.now(UTC)
    with write_session(store.engine) as session:
        connection = session.connection()
        number, round_ = 1, 0
        while number <= size.people:
            number += seed_demo(connection, today=today, seed=1000 + round_, first_number=number)
            round_ += 1
        # Trim the last round to the exact size (children go with the cascade).
        connection.exec_driver_sql(f"DELETE FROM person WHERE id > {size.people}")

        def top_up(table, target: int, make_row) -> None:
            have = connection.exec_driver_sql(f"SELECT count(*) FROM {table.__tablename__}").scalar()
            if have > target:
                connection.exec_driver_sql(
                    f"DELETE FROM {table.__tablename__} WHERE id IN "
                    f"(SELECT id FROM {table.__tablename__} ORDER BY id DESC LIMIT {have - target})"
                )
            missing = max(0, target - have)
            while missing:
                batch = min(BATCH, missing)
                connection.execute(insert(table.__table__), [make_row() for _ in range(batch)])
                missing -= batch

        def day() -> date:
            return today - timedelta(days=rng.randint(0, 1000))

        top_up(Urenregistratie, size.hours, lambda: dict(
            person_id=rng.randint(1, size.people), datum=day(), soort=rng.choice(("taal_knm", "participatie", "taal_knm_brede_intake")),
            minuten=rng.choice((60, 90, 120, 180, 240)), bron=rng.choice(("Taalschool", "Vluchtelingenwerk", "Bibliotheek")),
            omschrijving="", created_at=now,
        ))
        top_up(Contactmoment, size.contacts, lambda: dict(
            person_id=rng.randint(1, size.people), datum=day(), soort=rng.choice(("spreekuur", "telefonisch", "huisbezoek")),
            notitie="Synthetische notitie voor de benchmark.", created_at=now,
        ))
        top_up(WeekplanEntry, size.weekplan, lambda: dict(
            person_id=rng.randint(1, size.people), weekdag=rng.randint(0, 4), start_tijd=time(9, 0), eind_tijd=time(12, 0),
            categorie=rng.choice(("taal", "participatie", "financiele_educatie")), taalvorm=None, activiteit="Activiteit",
            aanbieder="Aanbieder", locatie="Locatie", geldig_van=day(), geldig_tot=None,
        ))
    with store.engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE")
    store.close()
