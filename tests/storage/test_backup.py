"""Backups: verified, rotating, and a restore that brings every row back."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from storage.backup import BackupError, list_backups, make_backup, restore_backup
from storage.paths import resolve
from storage.store import open_demo_store, open_store
from tests.tx import in_write

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


# -- encrypted backups -------------------------------------------------------------------

def _encrypted_with_rows(tmp_path):
    from storage.db import write_session
    from storage.demo import seed_demo

    locations = resolve(tmp_path / "regie.sqlite")
    store = open_store(locations, backup_on_start=False)
    with write_session(store.engine) as session:
        seed_demo(session.connection(), today=date(2026, 11, 22))
    return locations, store


def test_a_restored_encrypted_backup_holds_every_row(tmp_path):
    from storage import keys

    locations, store = _encrypted_with_rows(tmp_path)
    before = _counts(store.engine)
    backup = make_backup(locations.database, locations.backups, reason="test")
    assert keys.encryption_state(backup) is True
    with pytest.raises(BackupError):  # without the key it is unreadable
        from storage.backup import check_backup

        check_backup(backup, key=None)
    with store.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM person")
    store.close()

    safety = restore_backup(backup, locations.database, locations.backups)
    reopened = open_store(locations, backup_on_start=False)
    assert reopened.encrypted and _counts(reopened.engine) == before
    assert safety is not None and keys.encryption_state(safety) is True


def test_a_backup_under_another_key_is_refused_and_nothing_is_restored(tmp_path):
    locations, store = _encrypted_with_rows(tmp_path)
    store.close()
    foreign = tmp_path / "elders" / "regie.sqlite"
    other = open_store(resolve(foreign), backup_on_start=False)
    other_backup = make_backup(foreign, tmp_path / "elders-backups", reason="test", key=other.key)
    other.close()
    assert other.key != store.key  # same wachtzin, another salt: another key
    original = locations.database.read_bytes()
    with pytest.raises(BackupError, match="geen leesbare regie-back-up: de sleutel of wachtzin klopt niet"):
        restore_backup(other_backup, locations.database, locations.backups)
    assert locations.database.read_bytes() == original


def test_backups_rotate_and_a_clean_exit_leaves_an_encrypted_one(tmp_path):
    from storage import keys
    from storage.store import backup_on_exit

    locations, store = _encrypted_with_rows(tmp_path)
    for _ in range(4):
        backup_on_exit(store, keep=3)
    backups = list_backups(locations.backups)
    assert len(backups) == 3 and all("afsluiten" in b.name for b in backups)
    assert all(keys.encryption_state(b) is True for b in backups)
    assert not list(locations.backups.glob("*.partial"))
    store.close()


def test_regie_backup_and_restore_on_the_command_line_use_the_key(tmp_path, capsys):
    import argparse

    from cli import security as cli_security

    def args(*argv):
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers(dest="opdracht")
        sub.add_parser("backup")
        restore = sub.add_parser("restore")
        restore.add_argument("bestand")
        restore.add_argument("--ja", action="store_true")
        return parser.parse_args(argv)

    locations, store = _encrypted_with_rows(tmp_path)
    before = _counts(store.engine)
    store.close()
    assert cli_security.dispatch(args("backup"), locations) == 0
    assert "(versleuteld)" in capsys.readouterr().out
    [made] = list_backups(locations.backups)
    reopened = open_store(locations, backup_on_start=False)
    with reopened.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM person")
    reopened.close()
    assert cli_security.dispatch(args("restore", str(made), "--ja"), locations) == 0
    assert f"Teruggezet: {made.name}" in capsys.readouterr().out
    assert _counts(open_store(locations, backup_on_start=False).engine) == before


# -- restore while another regie has the database open -----------------------------------------

OTHER_REGIE = """
import sys
from datetime import date
from storage.paths import resolve
from storage.persons import add_contactmoment
from storage.store import open_store
from tests.tx import in_write

store = open_store(resolve(sys.argv[1]), backup_on_start=False)
for notitie in ("eerste", "tweede"):
    in_write(store.engine, add_contactmoment,  person_id=int(sys.argv[2]), datum=date(2026, 11, 23), soort="spreekuur", notitie=notitie)
    print("opgeslagen", flush=True)  # what the user sees: the save is confirmed
    sys.stdin.readline()
store.close()
"""


def _notes(path) -> list[str]:
    from storage.db import connect

    connection = connect(path, key=_key_for(path))
    try:
        return [r[0] for r in connection.execute(
            "SELECT notitie FROM contactmoment WHERE datum = '2026-11-23' ORDER BY id")]
    finally:
        connection.close()


def _key_for(path):
    from storage import keys
    from storage.db import key_for_existing

    return key_for_existing(path) if keys.encryption_state(path) else None


def test_a_restore_while_another_regie_has_the_database_open_loses_no_save_it_confirmed(tmp_path):
    import subprocess
    import sys

    locations, store = _encrypted_with_rows(tmp_path)
    with store.engine.connect() as connection:
        person_id = connection.exec_driver_sql("SELECT min(id) FROM person").scalar()
    backup = make_backup(locations.database, locations.backups, reason="test")
    store.close()
    other = subprocess.Popen([sys.executable, "-c", OTHER_REGIE, str(locations.database), str(person_id)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert other.stdout.readline().strip() == "opgeslagen"  # confirmed before the restore
        safety = restore_backup(backup, locations.database, locations.backups)
        other.stdin.write("\n")
        other.stdin.flush()
        assert other.stdout.readline().strip() == "opgeslagen"  # confirmed after the restore
        other.stdin.write("\n")
        other.stdin.flush()
        assert other.wait(timeout=60) == 0, other.stderr.read()
    finally:
        other.kill()
    assert _notes(safety) == ["eerste"]  # the save before the restore is kept in the safety copy
    assert _notes(locations.database) == ["tweede"]  # the save after it went into the restored database
    reopened = open_store(locations, backup_on_start=False)
    assert _counts(reopened.engine)["person"] == _counts_of_backup(backup)["person"]
    with reopened.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    reopened.close()


def _counts_of_backup(backup) -> dict[str, int]:
    from storage.db import connect

    connection = connect(backup, key=_key_for(backup))
    try:
        return {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        connection.close()


def test_an_open_regie_sees_the_restored_data_and_its_saves_stay_in_the_database_file(tmp_path):
    from storage.persons import add_contactmoment

    locations, store = _encrypted_with_rows(tmp_path)
    before = _counts(store.engine)
    backup = make_backup(locations.database, locations.backups, reason="test")
    with store.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM person WHERE id > (SELECT min(id) FROM person)")
    assert _counts(store.engine)["person"] == 1
    # `store` stays open, like a second regie window, with connections in its pool.
    restore_backup(backup, locations.database, locations.backups)
    assert _counts(store.engine) == before  # it sees the restored rows at once
    with store.engine.connect() as connection:
        person_id = connection.exec_driver_sql("SELECT min(id) FROM person").scalar()
    in_write(store.engine, add_contactmoment,  person_id=person_id, datum=date(2026, 11, 23), soort="spreekuur", notitie="na")
    store.close()
    assert _notes(locations.database) == ["na"]  # written into the database file, not into a replaced one


def test_a_save_under_way_elsewhere_is_waited_for_not_overwritten(tmp_path):
    import threading

    from storage.db import write_session

    locations, store = _encrypted_with_rows(tmp_path)
    backup = make_backup(locations.database, locations.backups, reason="test")
    saving, done = threading.Event(), {}

    def restore():
        saving.wait()
        done["safety"] = restore_backup(backup, locations.database, locations.backups)

    worker = threading.Thread(target=restore)
    worker.start()
    with write_session(store.engine) as session:  # a save in progress holds the write lock
        session.connection().exec_driver_sql(
            "INSERT INTO contactmoment (person_id, datum, soort, notitie, created_at)"
            " SELECT min(id), '2026-11-23', 'spreekuur', 'bezig', '2026-11-23 09:00:00' FROM person")
        saving.set()
        worker.join(timeout=0.5)
        assert worker.is_alive()  # the restore waits for the save to finish
    worker.join(timeout=60)
    store.close()
    assert _notes(done["safety"]) == ["bezig"]  # the confirmed save is in the safety copy
    assert _notes(locations.database) == []


# -- a wachtzin backup on a new laptop -----------------------------------------------------------

def test_a_wachtzin_backup_restores_on_a_new_laptop_with_its_salt(tmp_path, capsys):
    import shutil

    from storage import keys
    from cli.main import main

    locations, store = _encrypted_with_rows(tmp_path / "oud")
    assert store.key.source == "wachtzin"
    before = _counts(store.engine)
    salt = keys.salt_file(locations.database).read_bytes()
    store.close()
    assert main(["--db", str(locations.database), "backup"]) == 0
    [made] = list_backups(locations.backups)
    assert keys.salt_file(made).read_bytes() == salt  # each backup keeps the salt that opens it
    usb = tmp_path / "usb"
    usb.mkdir()
    for path in (made, keys.salt_file(made)):
        shutil.copy(path, usb / path.name)
    keys.forget()  # a new laptop: nothing remembered, no database, no salt

    new = resolve(tmp_path / "nieuw" / "regie.sqlite")
    assert main(["--db", str(new.database), "restore", str(usb / made.name), "--ja"]) == 0
    assert f"Teruggezet: {made.name}" in capsys.readouterr().out
    assert keys.salt_file(new.database).read_bytes() == salt
    keys.forget()
    reopened = open_store(new, backup_on_start=False)
    assert reopened.encrypted and _counts(reopened.engine) == before
    reopened.close()


def test_an_older_backup_folder_with_only_the_shared_salt_copy_restores_too(tmp_path, monkeypatch):
    import shutil

    from storage import keys

    locations, store = _encrypted_with_rows(tmp_path / "oud")
    before = _counts(store.engine)
    made = make_backup(locations.database, locations.backups, reason="test")
    store.close()
    keys.salt_file(made).unlink()  # as before each backup kept its own copy
    folder = tmp_path / "usb"
    shutil.copytree(locations.backups, folder)
    keys.forget()
    new = resolve(tmp_path / "nieuw" / "regie.sqlite")
    restore_backup(folder / made.name, new.database, new.backups)
    keys.forget()
    assert _counts(open_store(new, backup_on_start=False).engine) == before


def test_a_wrong_wachtzin_on_a_new_laptop_restores_nothing_and_leaves_no_salt(tmp_path, monkeypatch, capfd):
    from storage import keys
    from cli.main import main

    locations, store = _encrypted_with_rows(tmp_path / "oud")
    made = make_backup(locations.database, locations.backups, reason="test")
    store.close()
    keys.forget()
    monkeypatch.setenv(keys.ENV_PASSPHRASE, "een heel andere wachtzin")
    new = resolve(tmp_path / "nieuw" / "regie.sqlite")
    capfd.readouterr()
    assert main(["--db", str(new.database), "restore", str(made), "--ja"]) == 1
    err = capfd.readouterr().err  # the file descriptor: SQLCipher's own log would land there
    assert err.startswith("regie: ") and err.count("\n") == 1 and "de sleutel of wachtzin klopt niet" in err
    assert not new.database.exists() and not keys.salt_file(new.database).exists()


def test_rotation_removes_the_salt_copy_of_a_rotated_backup(tmp_path):
    from storage import keys

    locations, store = _encrypted_with_rows(tmp_path)
    start = datetime(2026, 1, 1, 9, 0)
    for minute in range(4):
        make_backup(locations.database, locations.backups, reason="start", now=start + timedelta(minutes=minute), keep=2)
    store.close()
    kept = list_backups(locations.backups)
    assert sorted(p.name for p in locations.backups.glob("*.salt")) == sorted(
        [keys.salt_file(b).name for b in kept] + ["regie.sqlite.salt"])


def test_restoring_the_database_onto_itself_is_refused(tmp_path):
    locations, store = _encrypted_with_rows(tmp_path)
    before = _counts(store.engine)
    with pytest.raises(BackupError, match="is de database zelf"):
        restore_backup(locations.database, locations.database, locations.backups)
    assert _counts(store.engine) == before
    store.close()
