"""A sync that is killed, a batch sent twice, a schema that does not match, and who may see whom."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, text

from services import team
from services.team import server_engine
from storage.db import read_session
from storage.team import server
from storage.team.operations import Operation
from storage.team.tables import OUTBOX
from tests.pg import PASSWORD
from tests.team import laptops as lp
from tests.team.test_sync import GEMEENTE, admin_dump, consulent_url, link, teamdb  # noqa: F401  (fixture)

ROOT = Path(__file__).resolve().parents[2]


def offline_work(store, n: int) -> None:
    for i in range(n):
        person = lp.aanmelding(store, naam=f"Persoon {i}", author="anna", kenmerk=f"K-{i}")
        lp.contact(store, person, author="anna", notitie=f"notitie {i}")


def kill_halfway(store, url: str, phase: str) -> None:
    """Run a sync in a subprocess and kill -9 it in the middle of its second batch."""
    database = str(store.locations.database)
    process = subprocess.Popen([sys.executable, "-m", "tests.team.interrupted_sync", database, url, phase], cwd=ROOT,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        line = process.stdout.readline()
        assert line.strip() == "halverwege", process.stderr.read()
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=60)
        process.stdin.close(), process.stdout.close(), process.stderr.close()
    assert process.returncode == -signal.SIGKILL


def counts(state: dict) -> tuple[int, int]:
    return len(state["person"]), len(state["contactmoment"])


@pytest.mark.skipif(os.name != "posix", reason="kill -9 is a POSIX signal")
def test_a_push_killed_halfway_loses_and_doubles_nothing(teamdb, tmp_path):
    a, b = link(teamdb, tmp_path, ["a", "b"])
    url = consulent_url(teamdb, "anna")
    offline_work(a, 3)
    a.engine.dispose()
    kill_halfway(a, url, "push")
    assert 0 < team.status(a).waiting < 6  # the first batch went, the rest still waits
    team.sync(a, url=url)
    team.sync(b, url=url)
    assert counts(admin_dump(teamdb)) == (3, 3)
    assert lp.dump(a.engine) == lp.dump(b.engine) == admin_dump(teamdb)


@pytest.mark.skipif(os.name != "posix", reason="kill -9 is a POSIX signal")
def test_a_pull_killed_halfway_loses_and_doubles_nothing(teamdb, tmp_path):
    a, b = link(teamdb, tmp_path, ["a", "b"])
    url = consulent_url(teamdb, "anna")
    offline_work(a, 3)
    team.sync(a, url=url)
    b.engine.dispose()
    kill_halfway(b, url, "pull")
    assert counts(lp.dump(b.engine)) in ((1, 0), (1, 1))  # one batch of two arrived before the kill
    team.sync(b, url=url)
    assert counts(lp.dump(b.engine)) == (3, 3)
    assert lp.dump(a.engine) == lp.dump(b.engine) == admin_dump(teamdb)


def test_a_batch_sent_again_after_a_lost_answer_is_skipped(teamdb, tmp_path):
    a, b = link(teamdb, tmp_path, ["a", "b"])
    url = consulent_url(teamdb, "anna")
    offline_work(a, 2)
    with read_session(a.engine) as session:
        ops = [Operation.from_json(p) for p in session.connection().execute(select(OUTBOX.c.payload).order_by(OUTBOX.c.id)).scalars()]
    engine = server_engine(url)
    try:  # the server committed, but the laptop never heard: its outbox still holds the batch
        assert server.push(engine, ops) == 4
        assert server.push(engine, [Operation.from_json(op.to_json()) for op in ops]) == 0
    finally:
        engine.dispose()
    result = team.sync(a, url=url)
    team.sync(b, url=url)
    assert result.pushed == 4 and team.status(a).waiting == 0
    assert counts(admin_dump(teamdb)) == (2, 2)
    assert lp.dump(a.engine) == lp.dump(b.engine) == admin_dump(teamdb)


@pytest.mark.parametrize(("server_revision", "advice"), [("0005", "werk de teamdatabase bij"),
                                                          ("0999", "werk regie op deze laptop bij")])
def test_a_laptop_with_another_schema_version_is_refused_with_advice(teamdb, tmp_path, server_revision, advice):
    server_, name = teamdb
    admin = server_engine(server_.url(name))
    with admin.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": server_revision})
    admin.dispose()
    store = lp.open_laptop(tmp_path, "a")
    with pytest.raises(team.SchemaMismatchError, match=advice):
        team.koppel(store, consulent_url(teamdb, "anna"), gemeente=GEMEENTE, author="anna")
    assert team.status(store).linked is False


def test_a_consulent_of_one_gemeente_cannot_read_another_gemeentes_persons(teamdb, tmp_path):
    server_, name = teamdb
    team.add_consulent(server_.url(name), rol=f"{name}_bram", wachtwoord=PASSWORD, gemeente="Zeist")
    [a] = link(teamdb, tmp_path, ["a"], who="anna")
    b = lp.open_laptop(tmp_path, "b")
    team.koppel(b, consulent_url(teamdb, "bram"), gemeente="Zeist", author="bram")
    utrecht = lp.aanmelding(a, naam="Utrecht Test", author="anna", kenmerk="U-1")
    lp.contact(a, utrecht, author="anna", notitie="alleen voor Utrecht")
    lp.aanmelding(b, naam="Zeist Test", author="bram", kenmerk="Z-1")
    for store, who in ((a, "anna"), (b, "bram"), (a, "anna")):
        team.sync(store, url=consulent_url(teamdb, who))

    assert [dict(p)["naam"] for p in lp.dump(b.engine)["person"]] == ["Zeist Test"]
    assert lp.dump(b.engine)["contactmoment"] == []
    assert [dict(p)["naam"] for p in lp.dump(a.engine)["person"]] == ["Utrecht Test"]
    bram = server_engine(consulent_url(teamdb, "bram"))
    try:
        with bram.connect() as connection:  # straight at the teamdatabase, not through regie
            assert connection.execute(text("SELECT naam FROM person")).scalars().all() == ["Zeist Test"]
            assert connection.execute(text("SELECT count(*) FROM contactmoment")).scalar() == 0
            assert connection.execute(text("SELECT count(*) FROM team_log WHERE gemeente = 'Utrecht'")).scalar() == 0
    finally:
        bram.dispose()
    assert sorted(dict(p)["naam"] for p in admin_dump(teamdb)["person"]) == ["Utrecht Test", "Zeist Test"]


def test_audit_entries_reach_the_teamdatabase_as_kinds_and_uuids_only(teamdb, tmp_path):
    from storage.db import write_session
    from storage.team.operations import record_audit

    [a] = link(teamdb, tmp_path, ["a"])
    person = lp.aanmelding(a, naam="Amira Test", author="anna", kenmerk="K-9")
    with write_session(a.engine) as session:
        connection = session.connection()
        uuid = connection.execute(select(lp.PERSON.c.uuid).where(lp.PERSON.c.id == person)).scalar()
        record_audit(connection, actie="bekeken", tabel="person", person_uuid=uuid, author="anna")
    team.sync(a, url=consulent_url(teamdb, "anna"))
    server_, name = teamdb
    admin = server_engine(server_.url(name))
    try:
        with admin.connect() as connection:
            payloads = connection.execute(text("SELECT payload FROM team_log WHERE payload LIKE '%audit.append%'")).scalars().all()
    finally:
        admin.dispose()
    [payload] = payloads
    assert '"actie":"bekeken"' in payload and uuid in payload and "Amira" not in payload
