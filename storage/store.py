"""Opening the store: make the directory, find the key, back up, encrypt, migrate, hand out an engine.

This is the one place that decides how a user's database comes to life. It
never calls `create_all`: a new database is built by the same migrations
that upgrade an old one. A user's database is always encrypted; an older
plain one is encrypted on first start (after a backup, atomically). Only the
demo database stays plain.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from storage import backup, keys, migrate
from storage.db import check_key, connect, make_engine, sqlite_url
from storage.keys import DatabaseKey
from storage.paths import Locations


class StoreError(RuntimeError):
    """The store could not be opened; the message is Dutch and safe to show."""


class PassphraseNeeded(StoreError):
    """Ask the user for a wachtzin and open again; `new` when one must be chosen (ask twice)."""

    def __init__(self, message: str, *, new: bool) -> None:
        super().__init__(message)
        self.new = new


class WrongKeyError(StoreError):
    """The key or wachtzin does not open the database; `passphrase` when asking again may help."""

    def __init__(self, message: str, *, passphrase: bool) -> None:
        super().__init__(message)
        self.passphrase = passphrase


@dataclass
class Store:
    locations: Locations
    engine: Engine
    key: DatabaseKey | None = field(default=None, repr=False)

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    def close(self) -> None:
        self.engine.dispose()


def _find_key(path: Path, state: bool | None, *, passphrase: str | None, encrypt: bool) -> DatabaseKey | None:
    if not encrypt and state is not True:
        return None
    try:
        key = keys.resolve_key(path, passphrase=passphrase, create=encrypt and state is not True)
        if state is True:
            check_key(path, key)
    except keys.PassphraseRequiredError as exc:
        raise PassphraseNeeded(str(exc), new=exc.new) from None
    except keys.KeyRejectedError as exc:
        raise WrongKeyError(str(exc), passphrase=exc.passphrase) from None
    except keys.KeyProblemError as exc:
        raise StoreError(str(exc)) from None
    return key


def _remove_leftovers(path: Path) -> None:
    # A start that died halfway through encrypting or restoring left a staging copy;
    # the database itself was never touched before the atomic rename.
    for leftover in (path.with_name(path.name + ".encrypting"), path.with_suffix(".restoring")):
        leftover.unlink(missing_ok=True)


def open_store(locations: Locations, *, backup_on_start: bool = True, keep: int = backup.DEFAULT_KEEP,
               passphrase: str | None = None, encrypt: bool = True) -> Store:
    """Open (and if needed create, encrypt or upgrade) the database at `locations.database`.

    `passphrase` is the wachtzin the user typed after a PassphraseNeeded;
    `encrypt=False` is for the demo only.
    """
    path = locations.database
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"de map {path.parent} kan niet worden aangemaakt: {exc.strerror}") from exc
    _remove_leftovers(path)
    state = keys.encryption_state(path)
    key = _find_key(path, state, passphrase=passphrase, encrypt=encrypt)
    to_encrypt = key is not None and state is False
    url = sqlite_url(path)
    engine = make_engine(url, key=key if state is not False else None)
    try:
        outdated = migrate.needs_upgrade(engine)
        if state is not None and (backup_on_start or outdated or to_encrypt):
            # One backup of the state before anything changes, named after the biggest change.
            reason = "voor-migratie" if outdated else "voor-versleutelen" if to_encrypt else "start"
            backup.make_backup(path, locations.backups, reason=reason, now=datetime.now(), keep=keep, key=key)
        if to_encrypt:
            engine.dispose()
            encrypt_in_place(path, key)
            backup.encrypt_plain_backups(locations.backups, key=key, stem=path.stem)
            engine = make_engine(url, key=key)
        if outdated:
            migrate.upgrade(engine)
    except backup.BackupError as exc:
        engine.dispose()
        raise StoreError(f"back-up mislukt: {exc}") from exc
    except migrate.MigrationError as exc:
        engine.dispose()
        raise StoreError(f"bijwerken van de database mislukt: {exc}. De database is ongewijzigd.") from exc
    except Exception as exc:  # e.g. not a database file at all
        engine.dispose()
        raise StoreError(f"{path} is geen bruikbare regie-database ({type(exc).__name__})") from exc
    if key is not None:
        keys.remember(path, key)
    from storage import audit

    audit.install(engine)  # every change to personal data leaves a hash-chained trace
    return Store(locations=locations, engine=engine, key=key)


def _row_counts(path: Path, key: DatabaseKey | None) -> dict[str, int]:
    connection = connect(path, key=key)
    try:
        tables = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}
    finally:
        connection.close()


def encrypt_in_place(path: Path, key: DatabaseKey) -> None:
    """Replace the plain database at `path` by an encrypted copy with the same rows, atomically."""
    plain = connect(path, key=None)
    try:
        # Fold the WAL into the file and empty it: no plain -wal may outlive the switch.
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        plain.close()
    staging = path.with_name(path.name + ".encrypting")
    backup.copy_database(path, staging, source_key=None, target_key=key)
    if _row_counts(staging, key) != _row_counts(path, None):
        staging.unlink(missing_ok=True)
        raise backup.BackupError("de versleutelde kopie mist rijen; de database is niet gewijzigd")
    os.replace(staging, path)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    backup.fsync_dir(path.parent)


def backup_on_exit(store: Store, *, keep: int = backup.DEFAULT_KEEP) -> None:
    """A clean exit leaves a verified backup behind."""
    backup.make_backup(store.locations.database, store.locations.backups, reason="afsluiten", now=datetime.now(),
                       keep=keep, key=store.key)


def open_demo_store(locations: Locations, *, today) -> Store:
    """Open the demo database (plain: synthetic data, no key needed), creating and seeding it on first use."""
    from storage.demo import seed_demo
    from storage.db import write_session

    store = open_store(locations, backup_on_start=False, encrypt=False)
    with write_session(store.engine) as session:
        empty = session.connection().exec_driver_sql("SELECT count(*) FROM person").scalar() == 0
        if empty:
            seed_demo(session.connection(), today=today)
    return store
