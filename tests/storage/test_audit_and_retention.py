"""The audit trail (hash-chained, no personal data) and erasure after the retention period."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from rules.policy import Policy
from storage import audit
from storage.aanmelding import Aanmelding, create_aanmelding
from storage.opschonen import list_verlopen, purge
from storage.paths import resolve
from storage.persons import add_contactmoment, update_person
from storage.store import open_store
from tests.tx import in_write

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
    person_id, _ = in_write(store.engine, create_aanmelding,
         aanmelding=Aanmelding(naam=naam, doelgroep="asielstatushouder", kenmerk=kenmerk), today=TODAY
    )
    return person_id


def _rows(store, sql):
    with store.engine.connect() as connection:
        return connection.execute(text(sql)).fetchall()


def test_every_change_is_logged_with_who_what_and_which_record_but_no_contents(store):
    person_id = _person(store)
    in_write(store.engine, add_contactmoment,  person_id=person_id, datum=TODAY, soort="spreekuur", notitie=SECRET_NOTE)
    in_write(store.engine, update_person,  person_id=person_id, expected_version=1, changes={"bsn": "999990019"})
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
    in_write(store.engine, update_person,  person_id=person_id, expected_version=1, changes={"taal": "Arabisch"})
    with pytest.raises(Exception):
        in_write(store.engine, update_person,  person_id=person_id, expected_version=1, changes={"taal": "Dari"})
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
        in_write(store.engine, add_contactmoment,  person_id=person_id, datum=TODAY - timedelta(days=day), soort="spreekuur", notitie="x")
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
    in_write(store.engine, add_contactmoment,  person_id=gone, datum=TODAY, soort="spreekuur", notitie=SECRET_NOTE)
    in_write(store.engine, update_person,  person_id=gone, expected_version=1, changes={"status": "vertrokken"})
    closed_on = _rows(store, f"SELECT gesloten_op FROM person WHERE id = {gone}")[0][0]
    assert closed_on is not None
    policy = Policy(bewaartermijn_jaren=5)
    with store.engine.connect() as connection:
        assert list_verlopen(connection=connection, today=TODAY, policy=policy) == []
        due = list_verlopen(connection=connection, today=date.fromisoformat(closed_on) + timedelta(days=5 * 366), policy=policy)
    assert [p.id for p in due] == [gone]
    assert in_write(store.engine, purge,  person_ids=[gone]) == 1
    assert _rows(store, f"SELECT count(*) FROM contactmoment WHERE person_id = {gone}")[0][0] == 0
    assert _rows(store, f"SELECT count(*) FROM audit_log WHERE person_id = {gone}")[0][0] == 0
    assert _rows(store, f"SELECT count(*) FROM person WHERE id = {keep}")[0][0] == 1
    with store.engine.connect() as connection:
        assert audit.verify(connection=connection).ok
    raw = (store.locations.database).read_bytes()
    assert b"Wordt Gewist" not in raw and SECRET_NOTE.encode() not in raw


def test_reopening_a_file_clears_its_closing_date(store):
    person_id = _person(store)
    in_write(store.engine, update_person,  person_id=person_id, expected_version=1, changes={"status": "afgerond"})
    in_write(store.engine, update_person,  person_id=person_id, expected_version=2, changes={"status": "actief"})
    assert _rows(store, f"SELECT gesloten_op FROM person WHERE id = {person_id}")[0][0] is None


# -- hash scheme 2: every field, and cut-off rows ------------------------------------------

def _trail_of_five(store) -> int:
    person_id = _person(store)
    for day in range(4):
        in_write(store.engine, add_contactmoment,  person_id=person_id, datum=TODAY - timedelta(days=day), soort="spreekuur", notitie="x")
    with store.engine.connect() as connection:
        assert audit.verify(connection=connection).ok
    return person_id


def _verify(store, **kwargs) -> audit.VerifyResult:
    with store.engine.connect() as connection:
        return audit.verify(connection=connection, **kwargs)


@pytest.mark.parametrize("column, value", [
    ("op", "'2020-01-01T00:00:00.000000+00:00'"), ("door", "'iemand anders'"), ("actie", "'bekeken'"),
    ("tabel", "'urenregistratie'"), ("record_id", "record_id + 1"), ("person_id", "person_id + 1"),
    ("record_id", "NULL"), ("person_id", "NULL"), ("aantal", "7"), ("resultaat", "'geweigerd'"),
    ("vorige_hash", "'" + "1" * 64 + "'"), ("hash", "'" + "2" * 64 + "'"), ("hash_versie", "1"),
    ("verwijzing_hash", "'" + "3" * 64 + "'"), ("verwijzing_zout", "'00000000000000000000000000000000'"),
    ("verwijzing_zout", "NULL"), ("id", "id + 100"),
])
def test_changing_any_field_of_a_row_breaks_the_chain(store, column, value):
    _trail_of_five(store)
    with store.engine.begin() as connection:
        connection.execute(text(f"UPDATE audit_log SET {column} = {value} WHERE id = 3"))
    result = _verify(store)
    assert not result.ok and result.problem
    assert result.broken_at in (3, 4)


def test_a_bulk_change_logged_with_log_many_chains_one_row_per_person_that_verifies_and_is_tamper_evident(store):
    from sqlalchemy import insert

    from storage.db import write_session
    from storage.models import Contactmoment

    first, second = _person(store, "IB-1"), _person(store, "IB-2", naam="Ander Persoon")
    before = len(_rows(store, "SELECT id FROM audit_log"))
    from datetime import UTC, datetime

    now = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
    rows = [dict(person_id=pid, datum=TODAY, soort="spreekuur", notitie="x", created_at=now) for pid in (first, first, second)]
    with write_session(store.engine) as session:
        connection = session.connection()
        connection.execute(insert(Contactmoment.__table__).execution_options(audit=False), rows)  # not logged per statement
        audit.log_many(connection, actie="toegevoegd", tabel="contactmoment", entries=[(None, first, 2), (None, second, 1)])
    added = _rows(store, f"SELECT person_id, aantal, actie FROM audit_log WHERE id > {before} ORDER BY id")
    assert [tuple(r) for r in added] == [(first, 2, "toegevoegd"), (second, 1, "toegevoegd")]
    assert _verify(store).ok
    with store.engine.begin() as connection:
        connection.execute(text(f"UPDATE audit_log SET aantal = 1 WHERE id = {before + 1}"))
    assert not _verify(store).ok


def test_deleting_a_row_in_the_middle_is_detected(store):
    _trail_of_five(store)
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_log WHERE id = 3"))
    result = _verify(store)
    assert not result.ok and result.broken_at == 4 and "ontbreekt" in result.problem


def test_deleting_the_newest_rows_is_detected_by_the_anchor_beside_the_backups(store):
    from storage.backup import make_backup

    _trail_of_five(store)
    locations = store.locations
    make_backup(locations.database, locations.backups, reason="start")
    anchor = audit.read_anchor(locations.backups, locations.database)
    assert anchor is not None and anchor.head.rows == 5 and anchor.head.last_id == 5
    assert _verify(store, anchor=anchor).ok
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_log WHERE id = 5"))
    assert _verify(store).ok  # the chain alone cannot see it ...
    result = _verify(store, anchor=anchor)  # ... the anchor can
    assert not result.ok and "de nieuwste regels ontbreken" in result.problem and "regel 5" in result.problem
    # A backup made after the cut does not lower the anchor: the highest head since the last restore counts.
    make_backup(locations.database, locations.backups, reason="start")
    assert not _verify(store, anchor=audit.read_anchor(locations.backups, locations.database)).ok


def test_deleting_the_newest_row_is_detected_against_an_earlier_printed_head(store):
    _trail_of_five(store)
    earlier = _verify(store).head
    assert earlier.rows == 5 and len(earlier.hash) == 64
    in_write(store.engine, add_contactmoment,  person_id=1, datum=TODAY, soort="spreekuur", notitie="x")
    assert _verify(store, expected_head=earlier.hash).ok  # later rows are fine
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_log WHERE id >= 5"))
    result = _verify(store, expected_head=earlier.hash)
    assert not result.ok and "kop-hash staat niet" in result.problem


def test_erasure_removes_the_references_and_leaves_nothing_that_reveals_them(store):
    gone = _person(store, "IB-GONE", "Wordt Gewist")
    in_write(store.engine, add_contactmoment,  person_id=gone, datum=TODAY, soort="spreekuur", notitie="x")
    in_write(store.engine, purge,  person_ids=[gone])
    rows = _rows(store, "SELECT record_id, person_id, verwijzing_zout, verwijzing_hash FROM audit_log ORDER BY id")
    assert rows[0][:2] == (None, None) and rows[1][:2] == (None, None)
    assert rows[0][2] == rows[1][2] and rows[0][2].startswith(audit.ERASED_PREFIX)  # only which erasure cleared them
    assert all(len(row[3]) == 64 for row in rows)
    assert _verify(store).ok


def _v1_row(connection, previous: str, n: int) -> str:
    op, door, actie, tabel, aantal, resultaat = f"2026-01-0{n}T09:00:00.000000+00:00", "Anna de Vries", "toegevoegd", "person", 1, "ok"
    digest = audit._hash_v1(previous, op, door, actie, tabel, aantal, resultaat)
    connection.exec_driver_sql(
        "INSERT INTO audit_log (id, op, door, actie, tabel, record_id, person_id, aantal, resultaat, vorige_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (n, op, door, actie, tabel, n, n, aantal, resultaat, previous, digest))
    return digest


def test_rows_written_before_the_new_hash_scheme_keep_verifying_after_the_upgrade(tmp_path):
    from storage import migrate
    from storage.db import make_engine, file_url

    path = tmp_path / "oud.sqlite"
    engine = make_engine(file_url(path))
    migrate.upgrade(engine, "0005")
    with engine.begin() as connection:
        previous = audit.GENESIS
        for n in range(1, 4):
            previous = _v1_row(connection, previous, n)
    engine.dispose()
    upgraded = open_store(resolve(path), backup_on_start=False, encrypt=False)
    audit.log_event(engine=upgraded.engine, actie="bekeken", person_id=1)
    assert _rows(upgraded, "SELECT hash_versie FROM audit_log ORDER BY id") == [(1,), (1,), (1,), (2,)]
    with upgraded.engine.connect() as connection:
        assert audit.verify(connection=connection).ok
    with upgraded.engine.begin() as connection:
        connection.execute(text("UPDATE audit_log SET aantal = 9 WHERE id = 2"))
    with upgraded.engine.connect() as connection:
        assert audit.verify(connection=connection).broken_at == 2
    upgraded.close()


def test_a_new_row_cannot_be_passed_off_under_the_old_scheme(store):
    _trail_of_five(store)
    with store.engine.begin() as connection:
        row = connection.execute(text("SELECT * FROM audit_log WHERE id = 5")).mappings().one()
        forged = audit._hash_v1(row["vorige_hash"], row["op"], row["door"], row["actie"], row["tabel"], row["aantal"], row["resultaat"])
        connection.execute(text("UPDATE audit_log SET hash_versie = 1, person_id = 99, hash = :h WHERE id = 5"), {"h": forged})
    result = _verify(store)
    assert not result.ok and result.broken_at == 5 and "oude hashwijze" in result.problem


def test_regie_audit_verify_prints_the_head_and_finds_a_cut_off_trail(tmp_path, capsys):
    from cli.main import main

    locations = resolve(tmp_path / "regie.sqlite")
    encrypted = open_store(locations, backup_on_start=False)
    person_id = _person(encrypted)
    for day in range(3):
        in_write(encrypted.engine, add_contactmoment,  person_id=person_id, datum=TODAY - timedelta(days=day), soort="spreekuur", notitie="x")
    encrypted.close()
    db = ["--db", str(locations.database)]

    assert main([*db, "audit", "verify"]) == 0
    out = capsys.readouterr().out
    assert "Auditlogboek in orde: 4 regels" in out and "Er is nog geen anker" in out
    head = out.split("kop-hash ")[1].split()[0]
    assert len(head) == 64
    assert main([*db, "backup"]) == 0  # leaves the anchor beside the backups
    capsys.readouterr()
    assert main([*db, "audit", "verify", "--kop", head]) == 0
    assert "Klopt met het anker bij de back-ups (regel 4" in capsys.readouterr().out

    reopened = open_store(locations, backup_on_start=False)
    with reopened.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_log WHERE id = 4"))
    reopened.close()
    assert main([*db, "audit", "verify"]) == 1
    err = capsys.readouterr().err
    assert "ingekort" in err and "de nieuwste regels ontbreken" in err and "Traceback" not in err
    audit_anchor = audit.anchor_file(locations.backups, locations.database)
    audit_anchor.unlink()
    assert main([*db, "audit", "verify", "--kop", head]) == 1
    assert "kop-hash staat niet (meer) in de keten" in capsys.readouterr().err


# -- printed weekplans (plain-text personal data) do not outlive a day -------------------------------

def _printed(name: str, *, age_hours: float):
    import os
    import time

    from services.weekplan_print import print_dir

    path = print_dir() / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("<html>Test Persoon</html>", encoding="utf-8")
    stamp = time.time() - age_hours * 3600
    os.utime(path, (stamp, stamp))
    return path


def test_printing_a_weekplan_removes_printed_weekplans_older_than_a_day(tmp_path, capsys):
    from storage.store import open_demo_store
    from cli.main import main

    demo = open_demo_store(resolve(demo=True), today=TODAY)
    with demo.engine.connect() as connection:
        kenmerk = connection.execute(text("SELECT kenmerk FROM person ORDER BY id LIMIT 1")).scalar()
    demo.close()
    old = _printed("weekplan-IB-OUD-2026-W40.html", age_hours=25)
    recent = _printed("weekplan-IB-RECENT-2026-W47.html", age_hours=2)
    elsewhere = tmp_path / "weekplan-IB-OUD-2026-W40.html"  # the user's own copy, outside regie's folder
    elsewhere.write_text("eigen kopie", encoding="utf-8")
    assert main(["--demo", "weekplan", kenmerk, "--week", "2026-W48"]) == 0
    written = capsys.readouterr().out.split("Weekplan geschreven naar ")[1].splitlines()[0].strip()  # then the privacy line
    assert not old.exists()
    assert recent.exists() and elsewhere.exists() and Path(written).exists()


def test_opschonen_removes_the_printed_weekplans_of_the_erased_people_at_once():
    from services.weekplan_print import remove_old_print_files

    gone = _printed("weekplan-IB-1-2026-W48.html", age_hours=1)
    similar = _printed("weekplan-IB-10-2026-W48.html", age_hours=1)
    assert remove_old_print_files(kenmerken=["IB-1"]) == 1
    assert not gone.exists() and similar.exists()


async def test_the_app_removes_old_printed_weekplans_at_start_and_at_exit():
    import os
    import time

    from tui.app import RegieApp

    old = _printed("weekplan-IB-OUD-2026-W40.html", age_hours=30)
    app = RegieApp(resolve(demo=True), demo=True, today=TODAY, build_ahead=False)
    async with app.run_test() as pilot:
        for _ in range(300):
            if app.store is not None:
                break
            await pilot.pause(0.05)
        assert app.store is not None
        assert not old.exists()  # at start
        later = _printed("weekplan-IB-LATER-2026-W41.html", age_hours=1)
        stamp = time.time() - 30 * 3600
        os.utime(later, (stamp, stamp))  # it ages while the app runs
        await app.action_quit()
    assert not later.exists()  # at exit


def test_stripping_the_references_of_a_row_without_an_erasure_is_detected(store):
    person_id = _person(store, "IB-9", naam="Gezien Persoon")
    audit.log_event(engine=store.engine, actie="bekeken", tabel="person", person_id=person_id)
    with store.engine.begin() as connection:  # hide who was viewed, as erasure would, but without erasing
        connection.execute(text("UPDATE audit_log SET person_id = NULL, record_id = NULL, verwijzing_zout = NULL"))
    result = _verify(store)
    assert not result.ok and "opschoonregel" in result.problem


def test_an_erasure_accounts_for_exactly_the_rows_it_cleared(store):
    from storage.opschonen import purge

    keep, gone = _person(store, "IB-1"), _person(store, "IB-2", naam="Weg Persoon")
    audit.log_event(engine=store.engine, actie="bekeken", tabel="person", person_id=gone)
    in_write(store.engine, purge,  person_ids=[gone])
    assert _verify(store).ok
    erasure = _rows(store, f"SELECT id, aantal FROM audit_log WHERE actie = '{audit.ERASURE_ACTIE}'")
    assert len(erasure) == 1 and erasure[0][1] >= 2  # the aanmelding and the view
    with store.engine.begin() as connection:  # a row of someone else passed off as part of that erasure
        connection.execute(text(f"UPDATE audit_log SET person_id = NULL, record_id = NULL, "
                                f"verwijzing_zout = 'gewist:{erasure[0][0]}' WHERE person_id = {keep}"))
    result = _verify(store)
    assert not result.ok and "opschoonregel" in result.problem
