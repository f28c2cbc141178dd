"""The daily backup runs in the background: consistent while regie writes, and stopping or killing it
mid-way never damages the database or costs a previous backup (issue 16, point 1)."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import date, datetime, timedelta

from services.backups import BackgroundBackup, last_backup, locate, start_backup_if_due
from storage import backup
from storage.backend import local
from storage.backup import backup_due, check_backup, list_backups, make_backup
from storage.db import write_session
from storage.demo import seed_demo
from storage.paths import resolve
from storage.store import open_store


def _store_with_rows(tmp_path):
    locations = resolve(tmp_path / "regie.sqlite")
    store = open_store(locations, backup_on_start=False)
    with write_session(store.engine) as session:
        seed_demo(session.connection(), today=date(2026, 11, 22))
        # Two tables that every later save changes together: a backup of one consistent state has equal counts.
        session.connection().exec_driver_sql("CREATE TABLE test_links (n INTEGER)")
        session.connection().exec_driver_sql("CREATE TABLE test_rechts (n INTEGER)")
    return locations, store


def _pair_counts(path, key) -> tuple[int, int]:
    connection = local.connect(path, key=key)
    try:
        return (connection.execute("SELECT count(*) FROM test_links").fetchone()[0],
                connection.execute("SELECT count(*) FROM test_rechts").fetchone()[0])
    finally:
        connection.close()


def test_a_backup_taken_while_regie_writes_holds_one_consistent_state(tmp_path, monkeypatch):
    locations, store = _store_with_rows(tmp_path)
    monkeypatch.setattr(backup, "STEP_PAGES", 2)  # many small steps: the saves land in the middle of the copy
    saves_done = threading.Event()

    def write_while_copying() -> None:
        for n in range(40):
            with write_session(store.engine) as session:
                session.connection().exec_driver_sql(f"INSERT INTO test_links VALUES ({n})")
                session.connection().exec_driver_sql(f"INSERT INTO test_rechts VALUES ({n})")
        saves_done.set()

    writer = threading.Thread(target=write_while_copying)
    job = BackgroundBackup(store).start()
    writer.start()
    writer.join()
    assert job.wait(timeout=120)
    assert saves_done.is_set() and job.failed is None and job.made is not None
    check_backup(job.made, key=store.key)  # the full integrity check, not only the quick one
    links, rechts = _pair_counts(job.made, store.key)
    assert links == rechts
    assert _pair_counts(locations.database, store.key) == (40, 40)
    assert "dagelijks" in job.made.name and not list(locations.backups.glob("*.partial*"))
    store.close()


def test_stopping_a_backup_midway_keeps_the_previous_backups_and_the_database(tmp_path, monkeypatch):
    locations, store = _store_with_rows(tmp_path)
    earlier = make_backup(locations.database, locations.backups, reason="handmatig", key=store.key)
    earlier_bytes = earlier.read_bytes()
    monkeypatch.setattr(backup, "STEP_PAGES", 1)
    steps = 0
    job = BackgroundBackup(store)
    real_stop_if_set = backup._stop_if_set

    def stop_after_three_steps(cancel):
        nonlocal steps
        steps += 1
        if steps == 3:
            job._cancel.set()  # what quitting regie does, in the middle of the copy
        real_stop_if_set(cancel)

    monkeypatch.setattr(backup, "_stop_if_set", stop_after_three_steps)
    job.start()
    assert job.wait(timeout=60)
    assert job.made is None and job.failed is None
    assert list_backups(locations.backups) == [earlier] and earlier.read_bytes() == earlier_bytes
    assert not list(locations.backups.glob("*.partial*"))  # the unfinished copy is gone
    check_backup(earlier, key=store.key)
    assert local.integrity_status(locations.database, store.key) == "ok"
    store.close()


_KILLED_MIDWAY = r"""
import os, sys
from storage import backup
from storage.paths import resolve
from storage.store import open_store
from services.backups import BackgroundBackup

backup.STEP_PAGES = 1
steps = 0
def die_midway(cancel):
    global steps
    steps += 1
    if steps == 5:
        os._exit(0)  # the process ends in the middle of the copy (regie closed, laptop shut)
backup._stop_if_set = die_midway
store = open_store(resolve(sys.argv[1]), backup_on_start=False)
BackgroundBackup(store).start().wait()
os._exit(3)  # never reached
"""


def test_a_process_that_ends_during_a_backup_loses_nothing_and_the_next_start_redoes_it(tmp_path):
    locations, store = _store_with_rows(tmp_path)
    old = datetime.now() - timedelta(days=2)
    earlier = make_backup(locations.database, locations.backups, reason="handmatig", now=old, key=store.key)
    earlier_bytes = earlier.read_bytes()
    store.close()

    done = subprocess.run([sys.executable, "-c", _KILLED_MIDWAY, str(locations.database)], capture_output=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    assert list(locations.backups.glob("*.partial*"))  # the unfinished copy is still there, never renamed
    assert list_backups(locations.backups) == [earlier] and earlier.read_bytes() == earlier_bytes

    reopened = open_store(locations, backup_on_start=False)  # the next start clears the leftovers
    assert not list(locations.backups.glob("*.partial*"))
    assert local.integrity_status(locations.database, reopened.key) == "ok"
    assert backup_due(locations.backups, locations.database.stem, now=datetime.now())
    job = start_backup_if_due(reopened)
    assert job is not None and job.wait(timeout=120) and job.made is not None
    check_backup(job.made, key=reopened.key)
    assert list_backups(locations.backups) == [earlier, job.made]
    assert start_backup_if_due(reopened) is None  # made today: not due again
    assert last_backup(locations) is not None and last_backup(locations) > old
    assert locate(locations).last_backup == last_backup(locations)
    reopened.close()


def test_the_backup_is_due_after_a_day_or_when_there_is_none(tmp_path):
    folder = tmp_path / "back-ups"
    folder.mkdir()
    now = datetime(2026, 12, 3, 9, 0)
    assert backup_due(folder, "regie", now=now)
    (folder / "regie-20261202-100000-000000-dagelijks.sqlite").write_bytes(b"x")
    assert not backup_due(folder, "regie", now=now)
    assert backup_due(folder, "regie", now=now + timedelta(days=1))
    assert backup_due(folder, "regie", now=datetime(2026, 12, 1))  # a clock set back: make one
