"""Encryption at rest: keys from the keyring or a wachtzin, recovery, silence, no plain text on disk."""

from __future__ import annotations

import argparse
import hashlib
import os
import stat
import subprocess
import sys
from datetime import date

import keyring
import pytest
from keyring.backend import KeyringBackend

from storage import keys, migrate
from storage.backup import check_backup, list_backups, make_backup
from storage.db import connect, make_engine, file_url, write_session
from storage.demo import seed_demo
from storage.paths import resolve
from storage.store import PassphraseNeeded, StoreError, WrongKeyError, open_demo_store, open_store
from cli import security as cli_security
from cli.main import CliError
from services.errors import ServiceError

TODAY = date(2026, 11, 22)
TABLES = ("person", "contactmoment", "urenregistratie", "weekplan_entry", "examen_poging")


class MemoryKeyring(KeyringBackend):
    """A keyring that works, in memory: stands in for GNOME Keyring, macOS Keychain…"""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.secrets.get((service, username))

    def set_password(self, service, username, password):
        self.secrets[(service, username)] = password

    def delete_password(self, service, username):
        self.secrets.pop((service, username), None)


@pytest.fixture
def memory_keyring(monkeypatch) -> MemoryKeyring:
    monkeypatch.delenv(keys.ENV_PASSPHRASE)
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


def _seeded(locations):
    store = open_store(locations, backup_on_start=False)
    with write_session(store.engine) as session:
        seed_demo(session.connection(), today=TODAY)
    return store


def _counts(engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {t: connection.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar() for t in TABLES}


def _sensitive(engine) -> list[bytes]:
    """Every name, BSN and note in the database, as they would appear in a plain file."""
    with engine.connect() as connection:
        values = [row[0] for row in connection.exec_driver_sql("SELECT naam FROM person")]
        values += [row[0] for row in connection.exec_driver_sql("SELECT bsn FROM person WHERE bsn IS NOT NULL")]
        values += [row[0] for row in connection.exec_driver_sql("SELECT DISTINCT notitie FROM contactmoment WHERE notitie != ''")]
    assert len(values) > 100
    return [value.encode("utf-8") for value in values]


def _found_in(path, needles: list[bytes]) -> list[bytes]:
    data = path.read_bytes()
    return [needle for needle in needles if needle in data]


def _cli(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="opdracht")
    backup_cmd = sub.add_parser("backup")
    backup_cmd.add_argument("--db")
    restore_cmd = sub.add_parser("restore")
    restore_cmd.add_argument("bestand")
    restore_cmd.add_argument("--ja", action="store_true")
    cli_security.register(sub)
    return parser.parse_args(argv)


# -- no personal data on disk in plain text ------------------------------------------

def test_no_name_bsn_or_note_can_be_found_in_the_database_its_wal_or_a_backup(tmp_path):
    locations = resolve(tmp_path / "regie.sqlite")
    store = _seeded(locations)
    needles = _sensitive(store.engine)
    made = make_backup(locations.database, locations.backups, reason="test")
    wal = locations.database.with_name("regie.sqlite-wal")
    assert wal.exists() and wal.stat().st_size > 100_000  # the seed is (partly) still in the WAL
    beside_backups = sorted(locations.backups.iterdir())  # the backup, its salt copies, the audit anchor
    assert made in beside_backups and any(p.name.endswith(".auditanker") for p in beside_backups)
    for path in (locations.database, wal, locations.database.with_name("regie.sqlite-shm"), *beside_backups):
        assert _found_in(path, needles) == [], f"plain personal data in {path.name}"
    store.close()


def test_the_same_search_does_find_the_names_in_a_plain_demo_database(tmp_path):
    # The control for the test above: the search itself works.
    store = open_demo_store(resolve(tmp_path / "demo.sqlite"), today=TODAY)
    needles = _sensitive(store.engine)
    store.close()
    assert _found_in(tmp_path / "demo.sqlite", needles)


def test_the_demo_database_stays_plain_and_needs_no_key(tmp_path, monkeypatch):
    monkeypatch.delenv(keys.ENV_PASSPHRASE)
    store = open_demo_store(resolve(demo=True), today=TODAY)
    assert not store.encrypted
    assert keys.encryption_state(store.locations.database) is False
    assert not keys.salt_file(store.locations.database).exists()
    store.close()


# -- the OS keyring ------------------------------------------------------------------

def test_a_new_database_gets_a_random_key_in_the_keyring_and_no_salt_file(tmp_path, memory_keyring):
    locations = resolve(tmp_path / "regie.sqlite")
    store = open_store(locations)
    assert store.key.source == "sleutelbos"
    [(service, _)] = memory_keyring.secrets
    assert service == "regie" and len(next(iter(memory_keyring.secrets.values()))) == 64
    assert not keys.salt_file(locations.database).exists()
    assert keys.encryption_state(locations.database) is True
    store.close()
    keys.forget()
    assert open_store(locations).key == store.key  # a second start finds it again


def test_a_wrong_key_in_the_keyring_says_so_in_dutch(tmp_path, memory_keyring):
    locations = resolve(tmp_path / "regie.sqlite")
    open_store(locations).close()
    keys.forget()
    for entry in memory_keyring.secrets:
        memory_keyring.secrets[entry] = keys.DatabaseKey.generate().hex
    with pytest.raises(WrongKeyError, match="^De sleutel of wachtzin klopt niet; .*regie sleutel import") as caught:
        open_store(locations)
    assert caught.value.passphrase is False


# -- no keyring: a wachtzin --------------------------------------------------------------

def test_without_keyring_or_wachtzin_regie_explains_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.delenv(keys.ENV_PASSPHRASE)
    locations = resolve(tmp_path / "regie.sqlite")
    with pytest.raises(PassphraseNeeded, match="geen sleutelbos") as caught:
        open_store(locations)
    assert caught.value.new
    assert not locations.database.exists() or keys.encryption_state(locations.database) is None
    assert not keys.salt_file(locations.database).exists()


def test_a_wachtzin_opens_the_database_and_the_salt_file_holds_no_secret(tmp_path, monkeypatch):
    monkeypatch.delenv(keys.ENV_PASSPHRASE)
    locations = resolve(tmp_path / "regie.sqlite")
    store = open_store(locations, passphrase="een lange zin als wachtzin")
    assert store.key.source == "wachtzin"
    salt = keys.salt_file(locations.database)
    assert "een lange zin" not in salt.read_text() and store.key.hex not in salt.read_text()
    store.close()
    keys.forget()
    assert open_store(locations, passphrase="een lange zin als wachtzin").key == store.key
    keys.forget()
    with pytest.raises(WrongKeyError, match="^De sleutel of wachtzin klopt niet; controleer de wachtzin") as caught:
        open_store(locations, passphrase="een andere zin als wachtzin")
    assert caught.value.passphrase  # the app asks again


def test_a_short_new_wachtzin_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv(keys.ENV_PASSPHRASE, "kort")
    with pytest.raises(PassphraseNeeded, match="minstens 12 tekens"):
        open_store(resolve(tmp_path / "regie.sqlite"))


def test_the_key_is_derived_once_per_start_not_per_connection(tmp_path, monkeypatch):
    calls = []
    real = hashlib.pbkdf2_hmac

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    locations = resolve(tmp_path / "regie.sqlite")
    open_store(locations).close()
    keys.forget()  # a new start
    monkeypatch.setattr(hashlib, "pbkdf2_hmac", counting)
    store = _seeded(locations)
    for _ in range(5):
        with store.engine.connect() as connection:
            connection.exec_driver_sql("SELECT count(*) FROM person").scalar()
    make_backup(locations.database, locations.backups, reason="test")
    store.close()
    second = make_engine(file_url(locations.database))  # another engine in the same process
    assert _counts(second)["person"] > 0
    assert len(calls) == 1


def test_the_kdf_iterations_used_are_kept_beside_the_salt(tmp_path, monkeypatch):
    locations = resolve(tmp_path / "regie.sqlite")
    open_store(locations).close()
    keys.forget()
    # A later, stronger default must not lock out a database made with the old one.
    monkeypatch.setattr(keys, "KDF_ITERATIONS", 5_000)
    assert _counts(open_store(locations).engine)["person"] == 0


def test_the_shipped_kdf_is_strong():
    # Tests lower keys.KDF_ITERATIONS for speed; the value regie ships with is read from the source.
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(keys))
    [value] = [node.value for node in tree.body
               if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "KDF_ITERATIONS" for t in node.targets)]
    assert ast.literal_eval(value) >= 600_000


# -- a wrong key prints nothing over the screen ---------------------------------------------

_OPEN_SCRIPT = """
import sys
from storage.paths import resolve
from storage.store import StoreError, open_store
try:
    open_store(resolve(sys.argv[1]), backup_on_start=False)
except StoreError as exc:
    print("FOUT:", exc)
"""

_RAW_SCRIPT = """
import sys, sqlcipher3
connection = sqlcipher3.connect(sys.argv[1])
connection.execute("PRAGMA key = 'niet de sleutel'")
try:
    connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
except sqlcipher3.DatabaseError:
    pass
"""


def test_a_wrong_wachtzin_gives_a_dutch_message_and_nothing_on_stderr(tmp_path):
    db = tmp_path / "regie.sqlite"
    _seeded(resolve(db)).close()
    env = {**os.environ, keys.ENV_PASSPHRASE: "een verkeerde wachtzin"}
    result = subprocess.run([sys.executable, "-c", _OPEN_SCRIPT, str(db)], capture_output=True, text=True, env=env, timeout=60)
    assert result.stdout.startswith("FOUT: De sleutel of wachtzin klopt niet; ")
    assert result.stderr == ""
    # The control: unsilenced, SQLCipher does write over the terminal.
    raw = subprocess.run([sys.executable, "-c", _RAW_SCRIPT, str(db)], capture_output=True, text=True, timeout=60)
    assert "hmac check failed" in raw.stderr


# -- recovery: export the key, lose the keyring, import it on a "new laptop" ---------------

def test_an_exported_key_brings_back_every_row_after_the_keyring_is_lost(tmp_path, memory_keyring, capsys):
    locations = resolve(tmp_path / "regie.sqlite")
    store = _seeded(locations)
    before = _counts(store.engine)
    store.close()
    key_file = tmp_path / "sleutel-regie.txt"

    assert cli_security.dispatch(_cli(["sleutel", "export", str(key_file)]), locations) == 0
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert store.key.hex in key_file.read_text()
    assert "LET OP" in capsys.readouterr().out
    with pytest.raises(ServiceError, match="bestaat al"):  # never overwritten
        cli_security.dispatch(_cli(["sleutel", "export", str(key_file)]), locations)

    keyring.set_keyring(MemoryKeyring())  # the laptop is replaced: an empty keyring
    keys.forget()
    with pytest.raises(StoreError, match="regie sleutel import"):
        open_store(locations)

    assert cli_security.dispatch(_cli(["sleutel", "import", str(key_file)]), locations) == 0
    keys.forget()
    reopened = open_store(locations)
    assert _counts(reopened.engine) == before
    reopened.close()


def test_without_keyring_the_key_file_opens_the_database_through_regie_key_file(tmp_path, memory_keyring, monkeypatch):
    locations = resolve(tmp_path / "regie.sqlite")
    store = _seeded(locations)
    before = _counts(store.engine)
    store.close()
    key_file = tmp_path / "sleutel.txt"
    keys.write_key_file(key_file, store.key, database=locations.database)

    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    keys.forget()
    with pytest.raises(ServiceError, match="REGIE_KEY_FILE"):
        cli_security.dispatch(_cli(["sleutel", "import", str(key_file)]), locations)
    monkeypatch.setenv(keys.ENV_KEY_FILE, str(key_file))
    assert _counts(open_store(locations).engine) == before


def test_importing_a_key_that_does_not_fit_changes_nothing(tmp_path, memory_keyring):
    locations = resolve(tmp_path / "regie.sqlite")
    open_store(locations).close()
    stored = dict(memory_keyring.secrets)
    other = tmp_path / "andere-sleutel.txt"
    keys.write_key_file(other, keys.DatabaseKey.generate(), database=locations.database)
    with pytest.raises(ServiceError, match="hoort niet bij"):
        cli_security.dispatch(_cli(["sleutel", "import", str(other)]), locations)
    assert memory_keyring.secrets == stored


# -- an older plain database is encrypted on first start ---------------------------------------

def _plain_database(locations):
    engine = make_engine(file_url(locations.database))  # a new file without key: plain, as before this version
    migrate.upgrade(engine)
    with write_session(engine) as session:
        seed_demo(session.connection(), today=TODAY)
    before = _counts(engine)
    engine.dispose()
    assert keys.encryption_state(locations.database) is False
    return before


def test_a_plain_database_is_encrypted_on_start_with_every_row_and_its_backups_too(tmp_path):
    locations = resolve(tmp_path / "regie.sqlite")
    before = _plain_database(locations)
    old_backup = make_backup(locations.database, locations.backups, reason="start")  # a plain backup from before
    assert keys.encryption_state(old_backup) is False
    plain_store = make_engine(file_url(locations.database))
    needles = _sensitive(plain_store)
    plain_store.dispose()

    store = open_store(locations)
    assert store.encrypted and keys.encryption_state(locations.database) is True
    assert _counts(store.engine) == before
    backups = list_backups(locations.backups)
    assert any("voor-versleutelen" in b.name for b in backups)
    for made in backups:
        check_backup(made, key=store.key)  # encrypted with the database's key, and sound
        assert _found_in(made, needles) == []
    store.close()
    for leftover in tmp_path.iterdir():
        if leftover.is_file():
            assert _found_in(leftover, needles) == [], leftover.name


def test_a_failed_encryption_leaves_the_plain_database_as_it_was(tmp_path, monkeypatch):
    from storage import store as store_module

    locations = resolve(tmp_path / "regie.sqlite")
    before = _plain_database(locations)
    original = locations.database.read_bytes()
    real_replace = os.replace

    def power_cut(source, target):
        if str(target) == str(locations.database):
            raise OSError(5, "Input/output error")
        real_replace(source, target)

    monkeypatch.setattr(store_module.os, "replace", power_cut)
    with pytest.raises(StoreError):
        open_store(locations)
    monkeypatch.setattr(store_module.os, "replace", real_replace)
    assert locations.database.read_bytes() == original
    assert keys.encryption_state(locations.database) is False

    store = open_store(locations)  # the next start finishes the job
    assert store.encrypted and _counts(store.engine) == before
    assert not locations.database.with_name("regie.sqlite.encrypting").exists()
    store.close()


def test_without_a_terminal_the_command_line_says_how_to_give_the_wachtzin(tmp_path, monkeypatch):
    import io

    locations = resolve(tmp_path / "regie.sqlite")
    open_store(locations).close()
    keys.forget()
    monkeypatch.delenv(keys.ENV_PASSPHRASE)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # a script, a pipe: no one to ask
    with pytest.raises(CliError, match="omgevingsvariabele REGIE_PASSPHRASE"):
        cli_security.dispatch(_cli(["backup"]), locations)
    assert list_backups(locations.backups) == []


def test_a_file_without_a_key_is_refused_as_key_file(tmp_path):
    junk = tmp_path / "boodschappen.txt"
    junk.write_text("melk\nbrood\n", encoding="utf-8")
    with pytest.raises(keys.KeyProblemError, match="geen regie-sleutelbestand"):
        keys.read_key_file(junk)
