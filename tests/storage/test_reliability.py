"""What regie promises, proven by killing it (issue 13 point 12; the README's "Wat regie belooft").

A child process (`reliability_child.py`) runs one of regie's use cases in a loop through the same
services the app and the command call (an aanmelding, a personen import, an uren import, a
backup, an erasure) and prints `confirmed …` only after each one returned. The parent kills it
(`Popen.kill()`: SIGKILL on POSIX, TerminateProcess on Windows) at a seeded random moment, half the
time only after a first confirmed marker, so kills land before, during and between commits. After
every kill the database must pass its integrity check and the audit chain must verify, every
confirmed use case must be there whole, and nothing may be there by half: an import's persons or
hours all or none, an erasure all or none. 24 kills in all, spread over the five use cases.
(`test_crash_safety.py` kills a raw writer 52 times; this suite kills the use cases themselves.)
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from tests.storage.reliability_child import ROUND_SIZE
from tests.warm import OPEN_A_STORE, WarmStarter

CHILD = Path(__file__).with_name("reliability_child.py")
CHILD_MODULES = ("services.store", "services.aanmelding", "services.imports", "services.backups", "services.opschonen")
ROOT = Path(__file__).resolve().parents[2]
KILLS_PER_MODE = {"save": 5, "import": 5, "uren": 5, "backup": 4, "erase": 5}  # 24 kills


def _starter() -> WarmStarter:
    """Children forked from a process that imported the services once (tests/warm.py): a kill round does not
    wait a second for imports before the use case runs. Where there is no fork, ordinary children."""
    env = os.environ.copy()
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return WarmStarter(preload=CHILD_MODULES, warm_up=OPEN_A_STORE, env=env)


def _start(starter: WarmStarter, db: Path, mode: str, prefix: str, work: Path):
    process = starter.start(CHILD, "--db", str(db), "--mode", mode, "--prefix", prefix, "--work", str(work))
    line = process.stdout.readline()
    if line.strip() != "ready":
        process.kill()
        raise AssertionError(f"the child did not start: {line!r} {process.stderr.read()[-2000:]}")
    return process


def _kill_at_random(process, rng: random.Random, *, after_a_commit: bool) -> tuple[list[str], bool]:
    """Kill the child at a seeded random moment; returns what it confirmed and whether it was killed
    (an erasure child may have finished and be waiting)."""
    seen: list[str] = []
    if after_a_commit:  # wait for the marker the child prints after its commit, then a random moment more
        line = process.stdout.readline()
        seen.append(line)
    time.sleep(rng.uniform(0.0, 0.25))
    process.kill()
    output, errors = process.communicate(timeout=60)
    seen.extend(output.splitlines())
    assert "Traceback" not in errors, errors[-3000:]
    return [line.split(" ", 1)[1].strip() for line in seen if line.startswith("confirmed ")], True


def _open(db: Path):
    from services.store import open_store, resolve

    return open_store(resolve(db), backup_on_start=False)  # also finishes an import past its commit point


def _check_whole(store) -> None:
    """Integrity, foreign keys and the audit chain: what every kill must leave."""
    from services.audit import verify_audit

    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
    verify_audit(store)  # raises on a broken chain


def _scalar(store, sql: str, *params):
    with store.engine.connect() as connection:
        return connection.exec_driver_sql(sql, params).scalar()


def _run_mode(tmp_path: Path, mode: str, kills: int, rng: random.Random, seed: Callable | None = None,
              check: Callable | None = None) -> list[str]:
    db = tmp_path / mode / "regie.sqlite"
    store = _open(db)
    assert store.encrypted
    if seed is not None:
        seed(store, 0)
    store.close()
    confirmed: list[str] = []
    with _starter() as starter:
        for round_ in range(kills):
            process = _start(starter, db, mode, f"{mode.upper()}{round_}", tmp_path / mode / "work")
            done, _ = _kill_at_random(process, rng, after_a_commit=round_ % 2 == 1)
            confirmed.extend(done)
            store = _open(db)
            try:
                _check_whole(store)
                check(store, round_, done)
                if seed is not None:
                    seed(store, round_ + 1)
            finally:
                store.close()
    return confirmed


def test_killed_saves_lose_no_confirmed_aanmelding_and_leave_no_person_without_its_visit(tmp_path):
    def check(store, round_, done):
        for kenmerk in done:
            assert _scalar(store, "SELECT count(*) FROM person WHERE kenmerk = ?", kenmerk) == 1
        # one transaction: a person never without the visit of the same aanmelding
        assert _scalar(store, "SELECT count(*) FROM person p WHERE NOT EXISTS "
                              "(SELECT 1 FROM contactmoment c WHERE c.person_id = p.id)") == 0

    confirmed = _run_mode(tmp_path, "save", KILLS_PER_MODE["save"], random.Random(13_01), check=check)
    assert confirmed, "no aanmelding was confirmed before the kills"


def test_killed_personen_imports_are_whole_or_absent(tmp_path):
    def check(store, round_, done):
        prefix = f"IMPORT{round_}-"
        stored = _persons_per_file(store, prefix)
        assert all(count == ROUND_SIZE for count in stored.values()), f"half an import: {stored}"
        for name in done:
            assert stored.get(name) == ROUND_SIZE

    confirmed = _run_mode(tmp_path, "import", KILLS_PER_MODE["import"], random.Random(13_02), check=check)
    assert confirmed


def _persons_per_file(store, prefix: str) -> dict[str, int]:
    with store.engine.connect() as connection:
        kenmerken = connection.exec_driver_sql("SELECT kenmerk FROM person WHERE kenmerk LIKE ?", (prefix + "%",)).scalars()
        files: dict[str, int] = {}
        for kenmerk in kenmerken:
            name = kenmerk.rsplit("-", 1)[0]  # "IMPORT3-7-12" is person 12 of file "IMPORT3-7"
            files[name] = files.get(name, 0) + 1
    return files


def test_killed_uren_imports_are_whole_or_absent_once_regie_starts_again(tmp_path):
    def seed(store, _round):
        from services import aanmelding

        if _round == 0:
            aanmelding.create_aanmelding(store=store, today=date(2026, 11, 23), aanmelding=aanmelding.Aanmelding(
                naam="Testpersoon Uren", doelgroep="asielstatushouder", kenmerk="UREN-1", koppeling=date(2026, 3, 2)))

    def check(store, round_, done):
        with store.engine.connect() as connection:
            per_run = dict(connection.exec_driver_sql(
                "SELECT bron, count(*) FROM urenregistratie WHERE bron LIKE ? GROUP BY bron", (f"UREN{round_}-%",)).all())
        assert all(count == ROUND_SIZE for count in per_run.values()), f"half an import: {per_run}"
        for name in done:
            assert per_run.get(name) == ROUND_SIZE

    confirmed = _run_mode(tmp_path, "uren", KILLS_PER_MODE["uren"], random.Random(13_03), seed=seed, check=check)
    assert confirmed


def test_killed_backups_leave_the_database_whole_every_confirmed_backup_readable_and_no_partial_after_a_start(tmp_path):
    from storage.backup import check_backup, clean_leftovers

    made: list[str] = []

    def seed(store, _round):
        if _round == 0:
            from services import aanmelding

            aanmelding.create_aanmelding(store=store, today=date(2026, 11, 23), aanmelding=aanmelding.Aanmelding(
                naam="Testpersoon Backup", doelgroep="gezinsmigrant", kenmerk="BACKUP-1", koppeling=date(2026, 3, 2)))

    def check(store, round_, done):
        made.extend(done)
        backups = store.locations.backups
        clean_leftovers(backups)  # what the next start does
        assert not [p for p in backups.iterdir() if p.name.endswith(".partial")]
        for name in made:
            path = backups / name
            if path.exists():  # rotation may have removed older ones; what is there must open
                check_backup(path, key=store.key)
        assert _scalar(store, "SELECT count(*) FROM person WHERE kenmerk = 'BACKUP-1'") == 1

    confirmed = _run_mode(tmp_path, "backup", KILLS_PER_MODE["backup"], random.Random(13_04), seed=seed, check=check)
    assert confirmed


def test_killed_erasures_are_whole_or_absent_and_a_confirmed_one_is_gone(tmp_path):
    def seed(store, round_):
        from services import aanmelding

        for i in range(4):  # closed long ago: the bewaartermijn has ended
            person_id = aanmelding.create_aanmelding(store=store, today=date(2026, 11, 23), aanmelding=aanmelding.Aanmelding(
                naam=f"Testpersoon Weg {round_} {i}", doelgroep="gezinsmigrant", kenmerk=f"ERASE{round_}-{i}",
                koppeling=date(2010, 3, 2), contact_soort="spreekuur", contact_datum=date(2010, 4, 1))).person_id
            with store.engine.begin() as connection:
                connection.exec_driver_sql("UPDATE person SET status = 'afgerond', gesloten_op = '2011-01-01' WHERE id = ?",
                                           (person_id,))

    def check(store, round_, done):
        left = _scalar(store, "SELECT count(*) FROM person WHERE kenmerk LIKE ?", f"ERASE{round_}-%")
        assert left in (0, 4), f"half an erasure: {left} of 4 left"
        if done:
            assert left == 0
        assert _scalar(store, "SELECT count(*) FROM contactmoment WHERE person_id NOT IN (SELECT id FROM person)") == 0
        if left:  # not erased: the next round erases these too
            with store.engine.begin() as connection:
                connection.exec_driver_sql("UPDATE person SET kenmerk = 'OUD-' || kenmerk WHERE kenmerk LIKE ?",
                                           (f"ERASE{round_}-%",))

    _run_mode(tmp_path, "erase", KILLS_PER_MODE["erase"], random.Random(13_05), seed=seed, check=check)


def test_at_least_twenty_kills_spread_over_import_backup_save_and_erasure():
    assert sum(KILLS_PER_MODE.values()) >= 20
    assert all(KILLS_PER_MODE[mode] >= 4 for mode in ("import", "uren", "backup", "save", "erase"))
