"""Crash safety: a save confirmed is a save kept, whatever moment the process dies; writers wait.

The child (`crash_writer.py`) opens the encrypted store like regie does and
saves a person with their contactmomenten per transaction, printing
`confirmed` only after each commit. It is killed with SIGKILL at random
moments; after every kill the database must pass its integrity check, hold
every confirmed save, and hold no half transaction.
"""

from __future__ import annotations

import os
import random
import signal
import threading
import time
from pathlib import Path

import pytest

from storage.db import connect
from storage.paths import resolve
from storage.store import open_store
from tests.warm import OPEN_A_STORE, WarmStarter

WRITER = Path(__file__).with_name("crash_writer.py")
CONTACTS = 5
KILLS = 52
LANES = 2  # independent databases killed side by side, to keep the test short

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX-only")


def _starter() -> WarmStarter:
    """Writers forked from a process that imported regie once (tests/warm.py): each kill round starts at once."""
    return WarmStarter(preload=("storage.store", "storage.db"), warm_up=OPEN_A_STORE, env=os.environ.copy())


def _start(starter: WarmStarter, db: Path, prefix: str, *extra: str):
    return starter.start(WRITER, "--db", str(db), "--prefix", prefix, "--contacts", str(CONTACTS), *extra)


def _wait_ready(process) -> None:
    line = process.stdout.readline()
    if line.strip() != "ready":
        process.kill()
        raise AssertionError(f"the writer did not start: {line!r} {process.stderr.read()[-2000:]}")


def _confirmed(output: str) -> set[str]:
    return {line.split()[1] for line in output.splitlines() if line.startswith("confirmed ")}


def _check(db: Path, key, confirmed: set[str]) -> None:
    connection = connect(db, key=key)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        present = {row[0] for row in connection.execute("SELECT kenmerk FROM person")}
        missing = confirmed - present
        assert not missing, f"confirmed saves lost: {sorted(missing)[:5]}"
        half = connection.execute(
            "SELECT count(*) FROM person p WHERE (SELECT count(*) FROM contactmoment c WHERE c.person_id = p.id) != ?",
            (CONTACTS,),
        ).fetchone()[0]
        assert half == 0, "a person was saved without all contactmomenten of the same transaction"
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        connection.close()


def _kill_lane(db: Path, key, lane: int, kills: int, rng: random.Random, results: dict) -> None:
    try:
        with _starter() as starter:
            results[lane] = _kill_rounds(starter, db, key, lane, kills, rng)
    except BaseException as exc:  # reported by the main thread
        results[lane] = exc


def _kill_rounds(starter: WarmStarter, db: Path, key, lane: int, kills: int, rng: random.Random) -> set[str]:
    confirmed: set[str] = set()
    for round_ in range(kills):
        process = _start(starter, db, f"L{lane}R{round_}")
        _wait_ready(process)
        time.sleep(rng.uniform(0.005, 0.150))
        process.send_signal(signal.SIGKILL)
        output, _ = process.communicate(timeout=30)
        assert process.returncode == -signal.SIGKILL, f"the writer ended by itself: {process.returncode}"
        confirmed |= _confirmed(output)
        _check(db, key, confirmed)
    return confirmed


def test_a_killed_writer_never_loses_a_confirmed_save_nor_leaves_half_a_save(tmp_path):
    rng = random.Random(20261122)
    databases, key = [], None
    for lane in range(LANES):
        db = tmp_path / f"lane{lane}" / "regie.sqlite"
        store = open_store(resolve(db), backup_on_start=False)  # encrypted, key from REGIE_PASSPHRASE
        assert store.encrypted
        key = store.key if lane == 0 else key
        store.close()
        databases.append((db, store.key))

    results: dict = {}
    per_lane = -(-KILLS // LANES)
    threads = [
        threading.Thread(target=_kill_lane, args=(db, lane_key, lane, per_lane, random.Random(rng.random()), results))
        for lane, (db, lane_key) in enumerate(databases)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for lane in range(LANES):
        if isinstance(results.get(lane), BaseException):
            raise results[lane]
    total = sum(len(results[lane]) for lane in range(LANES))
    # The kills landed among the saves, not only before the first one.
    assert total >= KILLS, f"only {total} saves were confirmed before the kills"


def test_two_processes_writing_at_once_both_succeed_and_every_row_is_there(tmp_path):
    db = tmp_path / "regie.sqlite"
    store = open_store(resolve(db), backup_on_start=False)
    go = tmp_path / "go"
    starter = _starter()
    writers = [_start(starter, db, name, "--count", "100", "--go", str(go)) for name in ("A", "B")]
    for writer in writers:
        _wait_ready(writer)
    go.touch()  # both start writing at the same moment
    outputs = [writer.communicate(timeout=120) for writer in writers]
    for writer, (_, stderr) in zip(writers, outputs):
        assert writer.returncode == 0, stderr[-2000:]
        assert "locked" not in stderr
    starter.close()
    confirmed = _confirmed(outputs[0][0]) | _confirmed(outputs[1][0])
    assert len(confirmed) == 200
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM person").scalar() == 200
        assert connection.exec_driver_sql("SELECT count(*) FROM contactmoment").scalar() == 200 * CONTACTS
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    store.close()
