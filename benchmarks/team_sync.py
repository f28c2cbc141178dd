"""Team mode at scale: 10 laptops x 1,000 offline operations against a local PostgreSQL.

    python -m benchmarks.team_sync [LAPTOPS] [OPS_PER_LAPTOP]

Starts its own PostgreSQL server (tests/pg.py), links the laptops, makes the
operations offline on each (persons, contactmomenten, changes), then syncs
each laptop once and times the push and the pull; a fresh laptop then pulls
everything. Prints one line per measurement.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import insert, select, update

from services import team
from storage.db import write_session
from storage.models import Contactmoment, Person
from storage.paths import resolve
from storage.store import open_store
from storage.team.operations import person_row, record_appended, record_person_changed, record_person_created
from tests.pg import PASSWORD, PgServer, find_bindir

PERSON, CONTACT = Person.__table__, Contactmoment.__table__


def offline_work(store, laptop: int, ops: int) -> None:
    """ops/4 new persons, ops/2 contactmomenten, ops/4 changes, in one local transaction."""
    now = datetime.now(UTC)
    with write_session(store.engine) as session:
        connection = session.connection()
        for i in range(ops // 4):
            person_id = connection.execute(insert(PERSON).values(
                kenmerk=f"L{laptop}-{i}", naam=f"Persoon {laptop}-{i}", doelgroep="asielstatushouder", nareiziger=False,
                regime="wi2021", tolk_nodig=False, status="actief", bijstand=False, version=1, created_at=now,
                updated_at=now)).inserted_primary_key[0]
            record_person_created(connection, person_id=person_id, author=f"c{laptop}")
            for j in range(2):
                row_id = connection.execute(insert(CONTACT).values(person_id=person_id, datum=date(2026, 12, 1), soort="azc_bezoek",
                                                                   notitie=f"notitie {j}", created_at=now)).inserted_primary_key[0]
                record_appended(connection, table="contactmoment", row_id=row_id, author=f"c{laptop}")
            before = dict(person_row(connection, person_id))
            connection.execute(update(PERSON).where(PERSON.c.id == person_id).values(taal="Arabisch", version=2))
            record_person_changed(connection, person_id=person_id, before=before, author=f"c{laptop}")


def main() -> None:
    laptops = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    per = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    os.environ["REGIE_TEAM_PASSWORD"] = PASSWORD
    os.environ.setdefault("REGIE_PASSPHRASE", "benchmark-wachtzin")
    server = PgServer(bindir=find_bindir(), root=Path(tempfile.mkdtemp(prefix="regie-pg-")))
    server.start()
    work = Path(tempfile.mkdtemp(prefix="regie-team-bench-"))
    try:
        name = server.create_database()
        team.init_team(server.url(name))
        team.add_consulent(server.url(name), rol="anna", wachtwoord=PASSWORD, gemeente="Utrecht")
        url = server.url(name, user="anna", password=False)
        stores = [open_store(resolve(work / f"laptop{i}.sqlite"), backup_on_start=False) for i in range(laptops)]
        for store in stores:
            team.koppel(store, url, gemeente="Utrecht", author="anna")
        for i, store in enumerate(stores):
            offline_work(store, i, per)
        push = pull = push_cpu = pull_cpu = 0.0
        for store in stores:  # one sync round each
            started, cpu = time.perf_counter(), time.process_time()
            team._push(store, team.server_engine(url))
            push += time.perf_counter() - started
            push_cpu += time.process_time() - cpu
        for store in stores:
            started, cpu = time.perf_counter(), time.process_time()
            team.sync(store, url=url)
            pull += time.perf_counter() - started
            pull_cpu += time.process_time() - cpu
        print(f"push van {laptops * per} operaties ({laptops} laptops, een ronde): {push:.2f} s (cpu regie {push_cpu:.2f} s)")
        print(f"pull plus sync van {laptops} laptops: {pull:.2f} s (cpu regie {pull_cpu:.2f} s)")
        fresh = open_store(resolve(work / "nieuw.sqlite"), backup_on_start=False)
        started, cpu = time.perf_counter(), time.process_time()
        result = team.koppel(fresh, url, gemeente="Utrecht", author="anna")
        print(f"pull van {result.pulled} operaties op een nieuwe laptop: {time.perf_counter() - started:.2f} s "
              f"(cpu regie {time.process_time() - cpu:.2f} s)")
        with fresh.engine.connect() as connection:
            persons = len(connection.execute(select(PERSON.c.id)).all())
        print(f"personen op de nieuwe laptop: {persons} (verwacht {laptops * (per // 4)})")
        # one push of laptops x per operations from one laptop (the "one push of 10,000")
        offline_work(fresh, laptops, laptops * per)
        started, cpu = time.perf_counter(), time.process_time()
        pushed = team._push(fresh, team.server_engine(url))
        print(f"een push van {pushed} operaties van een laptop: {time.perf_counter() - started:.2f} s "
              f"(cpu regie {time.process_time() - cpu:.2f} s)")
        converged = {len(s.engine.connect().execute(select(PERSON.c.id)).all()) for s in stores}
        print(f"personen per laptop na een ronde: {sorted(converged)} (alle laptops gelijk: {len(converged) == 1})")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
