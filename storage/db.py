"""Connections to the local store: SQLCipher keys, SQLite pragmas, write transactions, sessions.

Every connection goes through SQLCipher (the `sqlcipher3` driver). A user's
database is encrypted: the raw key is set first on each connection, so no
key derivation runs per connection. SQLCipher's own log is silenced before
anything else, because it writes to stderr, over the terminal screen.

Every connection runs in WAL mode with synchronous=FULL (a confirmed save
survives a power cut), foreign keys on, temporary tables in memory (never
unencrypted on disk) and a busy timeout, and every write transaction starts
with BEGIN IMMEDIATE so a second process waits for the lock instead of
failing halfway through its transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import sqlcipher3
from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.engine import Connection
from sqlmodel import Session

from storage import keys
from storage.keys import DatabaseKey

BUSY_TIMEOUT_MS = 10_000
# Page cache in KiB. With encryption every page read from disk is decrypted and checked, so
# a cache miss costs more than in plain SQLite. Reads do well with SQLite's 2 MiB; a write
# transaction (a CSV import, a migration) and a backup's integrity check get a large cache,
# filled only as pages are used and given back when the connection returns to the pool.
CACHE_SIZE_KIB = 2_000
LARGE_CACHE_SIZE_KIB = 65_536
# A bulk import adds to indexes of a million rows at random places: give it room for them.
BULK_CACHE_SIZE_KIB = 262_144
_WRITE_OPTION = "regie_write"
WRITE_OPTIONS = {_WRITE_OPTION: True}  # execution options for a connection whose transactions write


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def connect(path: Path | str, *, key: DatabaseKey | None, busy_timeout_ms: int = BUSY_TIMEOUT_MS):
    """A raw SQLCipher connection with the log silenced and `key` (None: a plain file) set."""
    connection = sqlcipher3.connect(str(path), timeout=busy_timeout_ms / 1000, check_same_thread=False, isolation_level=None)
    try:
        # First, before anything can fail: SQLCipher logs errors (a wrong key) to stderr by default.
        connection.execute("PRAGMA cipher_log_level = NONE")
        if key is not None:
            connection.execute(f"PRAGMA key = {key.pragma_value()}")
    except Exception:
        connection.close()
        raise
    return connection


def check_key(path: Path, key: DatabaseKey | None) -> None:
    """Raise keys.KeyRejectedError (a Dutch message) when `key` does not open the database at `path`."""
    connection = connect(path, key=key)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.OperationalError:
        raise  # locked or unreadable: not a question of the key
    except sqlcipher3.DatabaseError:  # "file is not a database": the page checks failed
        raise wrong_key(key) from None
    finally:
        connection.close()


def wrong_key(key: DatabaseKey | None) -> keys.KeyRejectedError:
    if key is not None and key.source == "wachtzin":
        hint = "controleer de wachtzin (let op hoofdletters en spaties) en probeer het opnieuw."
    elif key is not None and key.source == "sleutelbestand":
        hint = "het sleutelbestand (REGIE_KEY_FILE) hoort niet bij deze database, of het bestand is geen regie-database."
    else:
        hint = ("de sleutel in de sleutelbos van deze computer hoort niet bij deze database, of het bestand is geen "
                "regie-database. Zet de juiste sleutel terug met ‘regie sleutel import BESTAND’.")
    return keys.KeyRejectedError(f"De sleutel of wachtzin klopt niet; {hint}", passphrase=key is not None and key.source == "wachtzin")


def key_for_existing(path: Path) -> DatabaseKey | None:
    """The key an existing file needs: None for a plain (or missing) file, else this process's or the resolved key."""
    if keys.encryption_state(path) is not True:
        return None
    return keys.remembered(path) or keys.resolve_key(path)


def _quiet_sql_logging() -> None:
    """SQLAlchemy logs statements, and at DEBUG also the rows it reads (personal data),
    whenever the root logger is verbose. Keep its loggers at WARNING whatever the app's
    logging level is."""
    for name in ("sqlalchemy.engine", "sqlalchemy.pool", "sqlalchemy.orm"):
        logging.getLogger(name).setLevel(logging.WARNING)


def make_engine(url: str, *, key: DatabaseKey | None = None) -> Engine:
    """An engine for `url`; SQLite connections get regie's key, pragmas and locking.

    Without `key`, an existing encrypted file is opened with the key this
    process already used for it (or the resolved one); a new file stays plain
    (that is what `open_store` never does for a user's database).
    """
    _quiet_sql_logging()
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True, hide_parameters=True)
    database = make_url(url).database
    path = Path(database) if database and database != ":memory:" else None
    if key is None and path is not None:
        key = key_for_existing(path)
    engine = create_engine(
        url,
        module=sqlcipher3,
        creator=partial(connect, path if path is not None else ":memory:", key=key),
        # Parameters are names, BSNs and notes: never in a log line or an error message.
        hide_parameters=True,
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    event.listen(engine, "checkin", _on_checkin)
    return engine


def _on_connect(dbapi_connection, _record) -> None:
    # Take transaction control away from the driver: we issue BEGIN ourselves.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA temp_store = MEMORY")
    cursor.execute(f"PRAGMA cache_size = -{CACHE_SIZE_KIB}")
    cursor.close()


def _on_checkin(dbapi_connection, _record) -> None:
    if dbapi_connection is None:
        return
    try:
        dbapi_connection.execute(f"PRAGMA cache_size = -{CACHE_SIZE_KIB}")  # give a write's large cache back
    except sqlcipher3.Error:
        pass  # a connection that broke is discarded by the pool anyway


def _on_begin(connection: Connection) -> None:
    if connection.get_execution_options().get(_WRITE_OPTION):
        connection.exec_driver_sql(f"PRAGMA cache_size = -{LARGE_CACHE_SIZE_KIB}")
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A session for reading; it never holds the write lock."""
    with Session(engine, expire_on_commit=False) as session:
        yield session


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A session whose transaction starts with BEGIN IMMEDIATE and commits whole or not at all."""
    with Session(engine.execution_options(**{_WRITE_OPTION: True}), expire_on_commit=False) as session:
        with session.begin():
            yield session
