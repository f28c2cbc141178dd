"""The SQLite connection: pragmas on a real file, and waiting writers."""

from __future__ import annotations

import threading
import time

import sqlcipher3
from sqlalchemy import text

from storage.db import BUSY_TIMEOUT_MS, connect, make_engine, file_url, write_session
from storage.paths import resolve
from storage.store import open_store


def test_every_connection_runs_wal_full_sync_foreign_keys_and_a_busy_timeout(tmp_path):
    engine = make_engine(file_url(tmp_path / "regie.sqlite"))
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    assert BUSY_TIMEOUT_MS >= 5000
    assert (tmp_path / "regie.sqlite-wal").exists() or (tmp_path / "regie.sqlite").exists()


def test_a_write_transaction_takes_the_lock_at_begin(tmp_path):
    path = tmp_path / "regie.sqlite"
    store = open_store(resolve(path), backup_on_start=False)
    other = connect(path, key=store.key, busy_timeout_ms=0)  # the database is encrypted
    with write_session(store.engine) as session:
        session.execute(text("SELECT 1"))  # nothing written yet, but BEGIN IMMEDIATE holds the lock
        try:
            other.execute("BEGIN IMMEDIATE")
            locked = False
        except sqlcipher3.OperationalError:
            locked = True
    other.close()
    assert locked


def test_a_second_writer_waits_instead_of_failing(tmp_path):
    path = tmp_path / "regie.sqlite"
    store = open_store(resolve(path), backup_on_start=False)
    second = make_engine(file_url(path))
    started = threading.Event()

    def hold_lock():
        with write_session(store.engine) as session:
            session.execute(text("INSERT INTO app_setting(key, value) VALUES ('a', '1')"))
            started.set()
            time.sleep(0.5)

    holder = threading.Thread(target=hold_lock)
    holder.start()
    started.wait()
    with write_session(second) as session:  # must wait ~0.5 s, not raise "database is locked"
        session.execute(text("INSERT INTO app_setting(key, value) VALUES ('b', '2')"))
    holder.join()
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM app_setting").scalar() == 2


def test_a_failed_write_session_stores_nothing(tmp_path):
    store = open_store(resolve(tmp_path / "regie.sqlite"), backup_on_start=False)
    try:
        with write_session(store.engine) as session:
            session.execute(text("INSERT INTO app_setting(key, value) VALUES ('a', '1')"))
            raise RuntimeError("halfway")
    except RuntimeError:
        pass
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM app_setting").scalar() == 0
