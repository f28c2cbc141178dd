"""The audit trail (hash-chained, no personal data) and erasure after the retention period."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text

from rules.policy import Policy
from storage import audit
from storage.aanmelding import Aanmelding, create_aanmelding
from storage.opschonen import list_verlopen, purge
from storage.paths import resolve
from storage.persons import add_contactmoment, update_person
from storage.store import open_store

TODAY = date(2026, 11, 22)
SECRET_NOTE = "Vertrouwelijk: traumabehandeling gestart"


@pytest.fixture
def store(tmp_path):
    # plain on purpose: the erasure test reads the raw file for leftovers
    opened = open_store(resolve(tmp_path / "regie.sqlite"), backup_on_start=False, encrypt=False)
    audit.install(opened.engine)
    audit.set_actor("Anna de Vries")
    yield opened
    audit.set_actor(None)
    opened.close()


def _person(store, kenmerk="IB-1", naam="Test Persoon"):
    person_id, _ = create_aanmelding(
        engine=store.engine, aanmelding=Aanmelding(naam=naam, doelgroep="asielstatushouder", kenmerk=kenmerk), today=TODAY
    )
    return person_id


def _rows(store, sql):
    with store.engine.connect() as connection:
        return connection.execute(text(sql)).fetchall()


def test_every_change_is_logged_with_who_what_and_which_record_but_no_contents(store):
    person_id = _person(store)
    add_contactmoment(engine=store.engine, person_id=person_id, datum=TODAY, soort="spreekuur", notitie=SECRET_NOTE)
    update_person(engine=store.engine, person_id=person_id, expected_version=1, changes={"bsn": "999990019"})
    with store.engine.connect() as connection:
        trail = audit.history(connection=connection, person_id=person_id)
    assert [(e.tabel, e.actie) for e in reversed(trail)] == [
        ("person", "toegevoegd"), ("contactmoment", "toegevoegd"), ("person", "gewijzigd")
    ]
    assert all(e.door == "Anna de Vries" for e in trail)
    dump = " ".join(str(value) for row in _rows(store, "SELECT * FROM audit_log") for value in row)
    assert SECRET_NOTE not in dump and "999990019" not in dump and "Test Persoon" not in dump


def test_a_refused_save_is_logged_with_its_result(store):
    person_id = _person(store)
    update_person(engine=store.engine, person_id=person_id, expected_version=1, changes={"taal": "Arabisch"})
    with pytest.raises(Exception):
        update_person(engine=store.engine, person_id=person_id, expected_version=1, changes={"taal": "Dari"})
    # the refused update rolled back, so its trace rolled back with it: the trail shows what happened
    assert [r[0] for r in _rows(store, "SELECT resultaat FROM audit_log ORDER BY id")] == ["ok", "ok"]


def test_views_and_exports_are_logged_explicitly(store):
    person_id = _person(store)
    audit.log_event(engine=store.engine, actie="bekeken", person_id=person_id)
    with store.engine.connect() as connection:
        assert audit.history(connection=connection, person_id=person_id)[0].actie == "bekeken"


def test_tampering_with_the_trail_is_detected(store):
    person_id = _person(store)
    for day in range(3):
        add_contactmoment(engine=store.engine, person_id=person_id, datum=TODAY - timedelta(days=day), soort="spreekuur", notitie="x")
    with store.engine.connect() as connection:
        assert audit.verify(connection=connection).ok
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE audit_log SET door = 'iemand anders' WHERE id = 2"))
    with store.engine.connect() as connection:
        result = audit.verify(connection=connection)
    assert not result.ok and result.broken_at == 2
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE audit_log SET door = 'Anna de Vries' WHERE id = 2"))
        connection.execute(text("DELETE FROM audit_log WHERE id = 3"))
    with store.engine.connect() as connection:
        assert audit.verify(connection=connection).broken_at == 4


def test_closing_a_file_starts_its_retention_and_opschonen_erases_everything(store):
    keep = _person(store, "IB-KEEP", "Blijft Bewaard")
    gone = _person(store, "IB-GONE", "Wordt Gewist")
    add_contactmoment(engine=store.engine, person_id=gone, datum=TODAY, soort="spreekuur", notitie=SECRET_NOTE)
    update_person(engine=store.engine, person_id=gone, expected_version=1, changes={"status": "vertrokken"})
    closed_on = _rows(store, f"SELECT gesloten_op FROM person WHERE id = {gone}")[0][0]
    assert closed_on is not None
    policy = Policy(bewaartermijn_jaren=5)
    with store.engine.connect() as connection:
        assert list_verlopen(connection=connection, today=TODAY, policy=policy) == []
        due = list_verlopen(connection=connection, today=date.fromisoformat(closed_on) + timedelta(days=5 * 366), policy=policy)
    assert [p.id for p in due] == [gone]
    assert purge(engine=store.engine, person_ids=[gone]) == 1
    assert _rows(store, f"SELECT count(*) FROM contactmoment WHERE person_id = {gone}")[0][0] == 0
    assert _rows(store, f"SELECT count(*) FROM audit_log WHERE person_id = {gone}")[0][0] == 0
    assert _rows(store, f"SELECT count(*) FROM person WHERE id = {keep}")[0][0] == 1
    with store.engine.connect() as connection:
        assert audit.verify(connection=connection).ok
    raw = (store.locations.database).read_bytes()
    assert b"Wordt Gewist" not in raw and SECRET_NOTE.encode() not in raw


def test_reopening_a_file_clears_its_closing_date(store):
    person_id = _person(store)
    update_person(engine=store.engine, person_id=person_id, expected_version=1, changes={"status": "afgerond"})
    update_person(engine=store.engine, person_id=person_id, expected_version=2, changes={"status": "actief"})
    assert _rows(store, f"SELECT gesloten_op FROM person WHERE id = {person_id}")[0][0] is None
