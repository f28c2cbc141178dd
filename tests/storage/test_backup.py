"""Backups: verified, rotating, and a restore that brings every row back."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from storage.backup import BackupError, list_backups, make_backup, restore_backup
from storage.paths import resolve
from storage.store import open_demo_store, open_store

TABLES = ("person", "contactmoment", "urenregistratie", "weekplan_entry", "examen_poging")


def _counts(engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {t: connection.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar() for t in TABLES}


def test_a_restored_backup_holds_every_row(tmp_path):
    locations = resolve(tmp_path / "regie.sqlite")
    store = open_demo_store(locations, today=date(2026, 11, 22))
    before = _counts(store.engine)
    backup = make_backup(locations.database, locations.backups, reason="test")
    with store.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM person")
    assert _counts(store.engine)["person"] == 0
    store.close()

    safety = restore_backup(backup, locations.database, locations.backups)
    reopened = open_store(locations, backup_on_start=False)
    assert _counts(reopened.engine) == before
    assert safety is not None and safety.exists()  # the emptied state was kept too


def test_only_the_newest_backups_are_kept(tmp_path):
    locations = resolve(tmp_path / "regie.sqlite")
    open_store(locations, backup_on_start=False).close()
    start = datetime(2026, 1, 1, 9, 0)
    for minute in range(5):
        make_backup(locations.database, locations.backups, reason="start", now=start + timedelta(minutes=minute), keep=3)
    names = [p.name for p in list_backups(locations.backups)]
    assert len(names) == 3
    assert "090200" in names[0] and "090400" in names[-1]


def test_a_damaged_backup_is_refused_and_nothing_is_restored(tmp_path):
    locations = resolve(tmp_path / "regie.sqlite")
    open_store(locations, backup_on_start=False).close()
    broken = tmp_path / "kapot.sqlite"
    broken.write_bytes(b"dit is geen database" * 100)
    original = locations.database.read_bytes()
    with pytest.raises(BackupError, match="geen leesbare regie-back-up|beschadigd"):
        restore_backup(broken, locations.database, locations.backups)
    assert locations.database.read_bytes() == original


def test_opening_an_existing_database_makes_a_start_backup(tmp_path):
    locations = resolve(tmp_path / "regie.sqlite")
    open_store(locations).close()
    open_store(locations).close()
    backups = list_backups(locations.backups)
    assert len(backups) == 1 and "start" in backups[0].name
