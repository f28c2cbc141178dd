"""Issue 13, the storage points: a caseload is never silently replaced, foreign and newer files are
refused, damage and full disks are named, backups leave nothing behind and run side by side,
erasure is complete or says it is not, and every file regie makes is its owner's only."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import sqlcipher3

from storage import backup, keys
from storage.backup import BackupError, NotABackupError, list_backups, make_backup, restore_backup
from storage.db import write_session
from storage.paths import resolve
from storage.store import (
    CaseloadMissingError,
    DamagedDatabaseError,
    ForeignDatabaseError,
    NewerDatabaseError,
    StoreError,
    backup_on_exit,
    open_store,
)
from tests.tx import in_write

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 22)


def _with_caseload(tmp_path, name="regie.sqlite"):
    from storage.demo import seed_demo

    locations = resolve(tmp_path / name)
    store = open_store(locations, backup_on_start=False)
    with write_session(store.engine) as session:
        seed_demo(session.connection(), today=TODAY)
    return locations, store


def _persons(store) -> int:
    with store.engine.connect() as connection:
        return connection.exec_driver_sql("SELECT count(*) FROM person").scalar()


# -- 1. a missing or empty database is never silently replaced ---------------------------------

def test_a_deleted_database_is_refused_and_the_newest_backup_is_named(tmp_path):
    locations, store = _with_caseload(tmp_path)
    backup_on_exit(store)
    newest = list_backups(locations.backups)[-1]
    store.close()
    locations.database.unlink()
    for companion in ("-wal", "-shm"):
        Path(f"{locations.database}{companion}").unlink(missing_ok=True)

    with pytest.raises(CaseloadMissingError, match="regie restore") as refused:
        open_store(locations)
    assert refused.value.backup == newest and newest.name in str(refused.value)
    assert not locations.database.exists()  # no empty database made in its place
    assert list_backups(locations.backups) == [newest]  # and no backup of nothing


def test_a_zero_byte_database_is_refused_even_without_backups(tmp_path):
    locations, store = _with_caseload(tmp_path)
    store.close()
    open_store(locations, backup_on_start=False).close()  # a start that saw the caseload remembers it
    locations.database.write_bytes(b"")
    for companion in ("-wal", "-shm"):
        Path(f"{locations.database}{companion}").unlink(missing_ok=True)

    with pytest.raises(CaseloadMissingError, match="is leeg"):
        open_store(locations)
    assert locations.database.stat().st_size == 0


def test_a_genuinely_first_start_still_creates_the_database(tmp_path):
    locations = resolve(tmp_path / "nieuw.sqlite")
    store = open_store(locations)
    assert store.encrypted and _persons(store) == 0
    store.close()
    open_store(locations).close()  # an empty caseload is no caseload: no marker, a normal second start


def test_rotation_keeps_the_last_backup_with_persons_while_the_database_has_none(tmp_path):
    locations, store = _with_caseload(tmp_path)
    with_persons = make_backup(locations.database, locations.backups, reason="start", keep=3,
                               now=datetime(2026, 1, 1, 9, 0))
    with store.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM person")
    for minute in range(1, 6):
        make_backup(locations.database, locations.backups, reason="start", keep=3,
                    now=datetime(2026, 1, 1, 9, 0) + timedelta(minutes=minute))
    remaining = list_backups(locations.backups)
    assert with_persons in remaining and len(remaining) == 4  # three newest, and the one with the caseload
    store.close()


# -- 4. foreign files for --db and restore ---------------------------------------------------

def _foreign_sqlite(path: Path) -> Path:
    connection = sqlcipher3.connect(str(path))
    connection.execute("CREATE TABLE boodschappen (wat TEXT)")
    connection.execute("INSERT INTO boodschappen VALUES ('melk')")
    connection.commit()
    connection.close()
    return path


def test_a_foreign_database_for_db_is_refused_and_never_encrypted(tmp_path):
    foreign = _foreign_sqlite(tmp_path / "andere-app.db")
    before = foreign.read_bytes()
    with pytest.raises(ForeignDatabaseError, match="geen regie-database"):
        open_store(resolve(foreign))
    assert foreign.read_bytes() == before and keys.encryption_state(foreign) is False
    assert not resolve(foreign).backups.exists()


def test_restoring_a_foreign_file_is_refused_before_anything_is_touched(tmp_path):
    locations, store = _with_caseload(tmp_path)
    store.close()
    foreign = _foreign_sqlite(tmp_path / "andere-app.db")
    before = locations.database.read_bytes()
    with pytest.raises(NotABackupError, match="geen regie-back-up"):
        restore_backup(foreign, locations.database, locations.backups)
    assert locations.database.read_bytes() == before
    assert list_backups(locations.backups) == []  # not even a safety copy


def _from_a_newer_regie(database: Path, key) -> None:
    from storage.backend import local

    connection = local.connect(database, key=key)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()


def test_restoring_a_backup_from_a_newer_regie_is_refused(tmp_path):
    locations, store = _with_caseload(tmp_path)
    newer = make_backup(locations.database, locations.backups, reason="test", key=store.key)
    _from_a_newer_regie(newer, store.key)
    store.close()
    before = locations.database.read_bytes()
    with pytest.raises(NotABackupError, match="nieuwere versie van regie"):
        restore_backup(newer, locations.database, locations.backups)
    assert locations.database.read_bytes() == before


def test_a_database_from_a_newer_regie_is_refused_without_a_backup_per_attempt(tmp_path):
    locations, store = _with_caseload(tmp_path)
    key = store.key
    store.close()
    _from_a_newer_regie(locations.database, key)
    for _ in range(3):
        with pytest.raises(NewerDatabaseError, match="Werk regie bij"):
            open_store(locations)
    assert list_backups(locations.backups) == []


# -- 5. the real cause, in Dutch -----------------------------------------------------------

def test_a_damaged_database_says_damaged_not_wrong_wachtzin(tmp_path):
    locations, store = _with_caseload(tmp_path)
    backup_on_exit(store)
    store.close()
    data = bytearray(locations.database.read_bytes())
    page = 4096
    assert len(data) > 4 * page
    data[page:] = os.urandom(len(data) - page)  # every page but the first is garbage
    locations.database.write_bytes(bytes(data))

    with pytest.raises(DamagedDatabaseError) as refused:
        open_store(locations)
    message = str(refused.value)
    assert "beschadigd" in message and "klopt niet" not in message
    assert refused.value.backup is not None and refused.value.backup.name in message


def test_a_damaged_plain_database_is_named_damaged(tmp_path):
    database = tmp_path / "regie.sqlite"
    database.write_bytes(b"SQLite format 3\x00" + os.urandom(8000))
    with pytest.raises(DamagedDatabaseError, match="beschadigd"):
        open_store(resolve(database))


@pytest.mark.parametrize(("driver_message", "expected"), [
    ("database or disk is full", "De schijf is vol: er is niets opgeslagen. Maak ruimte vrij"),
    ("attempt to write a readonly database", "alleen-lezen"),
    ("database is locked", "bezet door een ander regie"),
    ("database disk image is malformed", "beschadigd"),
])
def test_a_failed_write_is_explained_by_its_real_cause(driver_message, expected):
    from sqlalchemy.exc import OperationalError

    from storage.db import explain

    wrapped = OperationalError("INSERT ...", {}, sqlcipher3.OperationalError(driver_message))
    assert expected in explain(wrapped)
    assert explain(ValueError("iets anders")) is None


def test_a_full_disk_during_the_start_backup_says_so(tmp_path, monkeypatch):
    import errno

    locations, store = _with_caseload(tmp_path)
    store.close()

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup, "create_private_file", full)
    with pytest.raises(StoreError, match="schijf is vol; maak ruimte vrij"):
        open_store(locations)


def test_a_read_only_folder_is_named(tmp_path, monkeypatch):
    import errno

    from storage import store as store_module

    def read_only(_directory):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(store_module, "make_private_dir", read_only)
    with pytest.raises(StoreError, match="alleen-lezen"):
        open_store(resolve(tmp_path / "ro" / "regie.sqlite"))


def test_a_locked_keyring_is_named_instead_of_no_key_found(tmp_path, monkeypatch):
    import keyring
    from keyring.backend import KeyringBackend
    from keyring.errors import KeyringLocked

    locations, store = _with_caseload(tmp_path)
    store.close()
    keys.salt_file(locations.database).unlink()  # as if the key were in the keyring
    keys.forget()
    monkeypatch.delenv(keys.ENV_PASSPHRASE)

    class Locked(KeyringBackend):
        priority = 5

        def get_password(self, service, username):
            raise KeyringLocked("locked")

        def set_password(self, service, username, password):
            raise KeyringLocked("locked")

        def delete_password(self, service, username):
            raise KeyringLocked("locked")

    keyring.set_keyring(Locked())
    with pytest.raises(StoreError, match="sleutelbos van deze computer is vergrendeld"):
        open_store(locations)


# -- 9. backups: no leftovers, side by side -------------------------------------------------

def test_leftovers_of_an_interrupted_backup_are_cleaned_at_the_next_start(tmp_path):
    locations, store = _with_caseload(tmp_path)
    store.close()
    locations.backups.mkdir(parents=True, exist_ok=True)
    leftover = locations.backups / "regie-20260101-090000-000000-start.sqlite.4242-abcd.partial"
    leftover.write_bytes(b"half")
    journal = Path(f"{leftover}-journal")
    journal.write_bytes(b"half")
    open_store(locations, backup_on_start=False).close()
    assert not leftover.exists() and not journal.exists()


def test_rotation_cleans_leftovers_too(tmp_path):
    locations, store = _with_caseload(tmp_path)
    make_backup(locations.database, locations.backups, reason="start")
    leftover = locations.backups / "regie-salt.4242-abcd.partial"
    leftover.write_bytes(b"half")
    make_backup(locations.database, locations.backups, reason="start")
    assert not list(locations.backups.glob("*.partial*"))
    store.close()


def test_an_interrupted_copy_leaves_no_partial(tmp_path, monkeypatch):
    from storage.backend import BackendError, FileProblem, local

    locations, store = _with_caseload(tmp_path)

    def interrupted(source, target, **_kwargs):
        target.write_bytes(b"half a copy")
        raise BackendError(FileProblem.DISK_FULL)

    monkeypatch.setattr(local, "copy_database", interrupted)
    with pytest.raises(BackupError, match="schijf is vol"):
        make_backup(locations.database, locations.backups, reason="start")
    assert [p.name for p in locations.backups.iterdir() if not p.name.startswith(".")] == []
    store.close()


_BACKUP_LOOP = """
import sys
from pathlib import Path
from storage.backup import make_backup
for _ in range(int(sys.argv[3])):
    make_backup(Path(sys.argv[1]), Path(sys.argv[2]), reason="start", keep=1000)
print("ok")
"""


def test_two_regie_processes_backing_up_at_the_same_moment_both_succeed(tmp_path):
    from storage.store import open_demo_store

    locations = resolve(tmp_path / "regie.sqlite", demo=False)
    open_demo_store(locations, today=TODAY).close()  # plain: no key derivation per process
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs = [subprocess.Popen([sys.executable, "-c", _BACKUP_LOOP, str(locations.database), str(locations.backups), "6"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) for _ in range(3)]
    results = [run.communicate(timeout=240) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], [err[-500:] for _, err in results]
    assert len(list_backups(locations.backups)) == 18
    assert not list(locations.backups.glob("*.partial*"))
    anchor = next(locations.backups.glob("*.auditanker"), None)
    if anchor is not None:
        assert all(json.loads(line) for line in anchor.read_text(encoding="utf-8").splitlines())


# -- 10. opschonen -----------------------------------------------------------------------

def _closed_person(store) -> tuple[int, str, str]:
    with store.engine.connect() as connection:
        pid, naam, kenmerk = connection.exec_driver_sql("SELECT id, naam, kenmerk FROM person ORDER BY id LIMIT 1").one()
    return pid, naam, kenmerk


def test_opschonen_clears_the_search_term_and_every_draft_that_names_the_person(tmp_path):
    from storage import drafts, opschonen
    from storage.preferences import save_setting

    locations, store = _with_caseload(tmp_path)
    pid, naam, kenmerk = _closed_person(store)
    in_write(store.engine, save_setting,  key=opschonen.CASELOAD_FILTER_KEY,
                 value=json.dumps({"text": naam.split()[0], "sort": "naam"}))
    in_write(store.engine, drafts.save_draft,  key="aanmelding", form="aanmelding", data={"naam": naam})
    in_write(store.engine, drafts.save_draft,  key="contact:x", form="contact", data={"notitie": f"belde over {kenmerk}"})
    in_write(store.engine, drafts.save_draft,  key="ander", form="aanmelding", data={"naam": "Zzyzx Qwerty"})
    in_write(store.engine, drafts.save_draft,  key=f"contact:{pid}", form="contact", data={"x": "y"}, person_id=pid)

    assert in_write(store.engine, opschonen.purge,  person_ids=[pid]) == 1
    with store.engine.connect() as connection:
        left = sorted(row[0] for row in connection.exec_driver_sql("SELECT key FROM concept"))
        saved = json.loads(connection.exec_driver_sql("SELECT value FROM app_setting WHERE key = 'caseload.filter'").scalar())
    assert left == ["ander"]
    assert saved == {"text": "", "sort": "naam"}  # the filter's other choices stay
    store.close()


def test_opschonen_reports_failure_while_another_process_keeps_old_pages(tmp_path, monkeypatch):
    from storage import opschonen
    from storage.backend import local

    monkeypatch.setattr(opschonen, "_COMPACT_PAUSE_S", 0)
    original = local.compact
    monkeypatch.setattr(local, "compact", lambda connection, busy_timeout_ms=2_000: original(connection, busy_timeout_ms=50))
    locations, store = _with_caseload(tmp_path)
    pid, _naam, _kenmerk = _closed_person(store)
    other = local.connect(locations.database, key=store.key)  # another regie, in the middle of reading
    other.execute("BEGIN")
    other.execute("SELECT count(*) FROM person").fetchone()
    try:
        with pytest.raises(opschonen.ErasureIncompleteError, match="Sluit alle andere regie-vensters"):
            deleted = in_write(store.engine, opschonen.purge, person_ids=[pid])
            if not opschonen.finish_erasure(store.engine):  # what services.opschonen does after the commit
                raise opschonen.ErasureIncompleteError(deleted)
    finally:
        other.execute("COMMIT")
        other.close()
    assert opschonen.finish_erasure(store.engine)  # once the other regie is gone, it completes
    store.close()


# -- 7. owner-only files and folders -------------------------------------------------------

@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions; Windows uses the per-user AppData folders")
def test_every_file_and_folder_regie_makes_is_owner_only(tmp_path):
    previous = os.umask(0o022)
    try:
        locations, store = _with_caseload(tmp_path / "data")
        store.close()
        store = open_store(locations)  # a start backup, the caseload marker, the anchor
        make_backup(locations.database, locations.backups, reason="start", key=store.key)
        with write_session(store.engine) as session:  # the WAL is there while regie runs
            session.connection().exec_driver_sql("UPDATE person SET naam = naam WHERE id = 1")
        made_dirs = [locations.database.parent, locations.backups, locations.config_dir]
        made_files = [p for folder in made_dirs for p in folder.iterdir() if p.is_file()]
        modes = {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in made_files}
        store.close()
    finally:
        os.umask(previous)
    names = list(modes)
    for expected in ("regie.sqlite", "regie.sqlite-wal", "regie.sqlite.salt", "regie.sqlite.auditanker",
                     "databases-met-caseload.txt"):
        assert expected in names
    assert any(name.endswith("-start.sqlite") for name in names)
    assert {name: mode for name, mode in modes.items() if mode != "0o600"} == {}
    assert {str(d): oct(stat.S_IMODE(d.stat().st_mode)) for d in made_dirs} == {str(d): "0o700" for d in made_dirs}


# -- 2. writes never fail because an import is running ----------------------------------------

def _uren_file(tmp_path, store, rows: int) -> tuple[Path, int]:
    with store.engine.connect() as connection:
        pid, kenmerk, koppeling = connection.exec_driver_sql(
            "SELECT id, kenmerk, koppeling FROM person WHERE status = 'actief' ORDER BY id LIMIT 1").one()
    first = date.fromisoformat(str(koppeling)) if koppeling else TODAY - timedelta(days=300)
    span = max(1, (TODAY - first).days)
    path = tmp_path / "uren.csv"
    with path.open("w", encoding="utf-8-sig") as handle:
        handle.write("kenmerk;datum;soort;uren;bron;omschrijving\n")
        for index in range(rows):
            day = first + timedelta(days=index % span)
            handle.write(f"{kenmerk};{day:%d-%m-%Y};participatie;1,5;School;les {index}\n")
    return path, pid


def test_a_contactmoment_saved_elsewhere_while_a_large_import_runs_succeeds(tmp_path, monkeypatch):
    import threading
    import time
    from contextlib import contextmanager

    from storage import importer
    from storage.backend import local
    from storage.importer import import_uren

    held: list[float] = []  # how long each of the import's write transactions kept the lock
    real_write_session = importer.write_session

    @contextmanager
    def timed(engine):
        with real_write_session(engine) as session:
            session.connection()  # BEGIN IMMEDIATE: the lock is ours from here
            started = time.perf_counter()
            yield session
        held.append(time.perf_counter() - started)

    monkeypatch.setattr(importer, "write_session", timed)
    locations, store = _with_caseload(tmp_path)
    path, pid = _uren_file(tmp_path, store, 100_000)
    outcome: dict[str, object] = {}

    def run_import():
        try:
            outcome["result"] = import_uren(engine=store.engine, path=path, today=TODAY)
        except Exception as exc:  # reported by the assertion below
            outcome["error"] = exc

    importer = threading.Thread(target=run_import)
    importer.start()
    saved, failures = 0, []
    other = local.connect(locations.database, key=store.key)  # another regie's connection, its usual busy timeout
    try:
        while importer.is_alive():
            try:
                other.execute("BEGIN IMMEDIATE")
                other.execute("INSERT INTO contactmoment (person_id, datum, soort, notitie, created_at) "
                              "VALUES (?, ?, 'gesprek', 'tijdens import', ?)", (pid, TODAY.isoformat(), datetime.now().isoformat()))
                other.execute("COMMIT")
                saved += 1
            except sqlcipher3.OperationalError as exc:
                failures.append(str(exc))
                if other.in_transaction:
                    other.execute("ROLLBACK")
            time.sleep(0.05)
    finally:
        importer.join()
        other.close()
    assert "error" not in outcome, outcome.get("error")
    assert outcome["result"].toegevoegd == 100_000
    assert failures == [] and saved > 0
    assert max(held) < 2.0, f"the import kept the write lock for {max(held):.1f} s at a stretch"
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM import_staging_uren").scalar() == 0
        assert connection.exec_driver_sql("SELECT count(*) FROM import_run").scalar() == 0
    store.close()


def test_an_import_interrupted_before_its_commit_point_leaves_nothing_and_is_cleaned_later(tmp_path, monkeypatch):
    from storage import importer

    locations, store = _with_caseload(tmp_path)
    path, pid = _uren_file(tmp_path, store, 12_000)
    monkeypatch.setattr(importer, "STAGE_BATCH", 1_000)
    real_discard = importer._discard_run
    monkeypatch.setattr(importer, "_discard_run", lambda engine, run_id: None)  # as if the process died here
    real_log_many = importer.audit.log_many

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(importer.audit, "log_many", crash)
    with pytest.raises(KeyboardInterrupt):
        importer.import_uren(engine=store.engine, path=path, today=TODAY)
    monkeypatch.setattr(importer.audit, "log_many", real_log_many)
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM urenregistratie WHERE omschrijving LIKE 'les %'").scalar() == 0
        assert connection.exec_driver_sql("SELECT count(*) FROM import_staging_uren").scalar() == 12_000
    importer.resume_interrupted_imports(store.engine)  # still fresh: it could be another regie's import under way
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM import_staging_uren").scalar() == 12_000
    monkeypatch.setattr(importer, "_discard_run", real_discard)
    importer.resume_interrupted_imports(store.engine, now=datetime.now(tz=None).astimezone() + importer.STALE_RUN_AFTER * 2)
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM import_staging_uren").scalar() == 0
        assert connection.exec_driver_sql("SELECT count(*) FROM import_run").scalar() == 0
    store.close()


def test_an_import_interrupted_after_its_commit_point_is_finished_at_the_next_start(tmp_path, monkeypatch):
    from storage import importer

    locations, store = _with_caseload(tmp_path)
    path, pid = _uren_file(tmp_path, store, 12_000)
    monkeypatch.setattr(importer, "MOVE_BATCH", 1_000)
    real_finish = importer._finish_run

    def crash(engine, run_id):
        raise KeyboardInterrupt

    monkeypatch.setattr(importer, "_finish_run", crash)
    monkeypatch.setattr(importer, "_discard_run", lambda engine, run_id: None)
    with pytest.raises(KeyboardInterrupt):
        importer.import_uren(engine=store.engine, path=path, today=TODAY)
    monkeypatch.setattr(importer, "_finish_run", real_finish)
    with store.engine.connect() as connection:  # the commit point moved the first batch only
        assert connection.exec_driver_sql("SELECT count(*) FROM urenregistratie WHERE omschrijving LIKE 'les %'").scalar() == 1_000
    store.close()
    reopened = open_store(locations, backup_on_start=False)
    with reopened.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM urenregistratie WHERE omschrijving LIKE 'les %'").scalar() == 12_000
        assert connection.exec_driver_sql("SELECT count(*) FROM import_run").scalar() == 0
    reopened.close()


def test_writing_into_a_shared_folder_never_makes_that_folder_private(tmp_path):
    import os
    import stat
    import sys

    from storage.paths import make_private_dir

    if sys.platform == "win32":
        return
    shared = tmp_path / "gedeeld"
    shared.mkdir()
    os.chmod(shared, 0o1777)  # like /tmp
    make_private_dir(shared)
    assert stat.S_IMODE(os.stat(shared).st_mode) == 0o1777
    make_private_dir(shared / "regie")
    assert stat.S_IMODE(os.stat(shared / "regie").st_mode) == 0o700
