"""The SQLite/SQLCipher backend: everything only SQLite or SQLCipher understands, in one place.

The rest of `storage/` is dialect-neutral SQLAlchemy and reaches this module
through `storage.backend` (the seam): `backend.local` for the one database
file on this laptop, `backend.of(bind)` for whatever a connection runs on.

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

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import sqlcipher3
from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.engine import Connection

from storage.backend import BackendError, FileProblem

if TYPE_CHECKING:
    from storage.keys import DatabaseKey

NAME = "sqlite"  # SQLAlchemy's dialect name
FILE_SUFFIX = ".sqlite"
PLAIN_HEADER = b"SQLite format 3\x00"
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")

BUSY_TIMEOUT_MS = 10_000
# Page cache in KiB. With encryption every page read from disk is decrypted and checked, so
# a cache miss costs more than in plain SQLite. Reads do well with SQLite's 2 MiB; a write
# transaction (a CSV import, a migration) and a backup's integrity check get a large cache,
# filled only as pages are used and given back when the connection returns to the pool.
CACHE_SIZE_KIB = 2_000
LARGE_CACHE_SIZE_KIB = 65_536
# A bulk import adds to indexes of a million rows at random places: give it room for them.
BULK_CACHE_SIZE_KIB = 262_144
# SQLite allows 32,766 parameters per statement; backend.MAX_IN_PARAMETERS stays well below.
WRITE_OPTION = "regie_write"  # execution option for a connection whose transactions write

Error = sqlcipher3.Error


def url_for(path: Path) -> str:
    return f"sqlite:///{path}"


# -- what is on disk ---------------------------------------------------------

def encryption_state(path: Path) -> bool | None:
    """True for an encrypted database, False for a plain SQLite file, None when missing or empty."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(PLAIN_HEADER))
    except FileNotFoundError:
        return None
    if not header:
        return None
    return header != PLAIN_HEADER


def companions(path: Path) -> list[Path]:
    """The files SQLite keeps beside a database (write-ahead log, shared memory, rollback journal)."""
    return [Path(f"{path}{suffix}") for suffix in COMPANION_SUFFIXES]


# -- connections ---------------------------------------------------------------

def _key_pragma(key: DatabaseKey) -> str:
    # A raw key, so SQLCipher runs no KDF.
    return f"\"x'{key.hex}'\""


def connect(path: Path | str, *, key: DatabaseKey | None, busy_timeout_ms: int = BUSY_TIMEOUT_MS):
    """A raw SQLCipher connection with the log silenced and `key` (None: a plain file) set."""
    connection = sqlcipher3.connect(str(path), timeout=busy_timeout_ms / 1000, check_same_thread=False, isolation_level=None)
    try:
        # First, before anything can fail: SQLCipher logs errors (a wrong key) to stderr by default.
        connection.execute("PRAGMA cipher_log_level = NONE")
        if key is not None:
            connection.execute(f"PRAGMA key = {_key_pragma(key)}")
    except Exception:
        connection.close()
        raise
    return connection


def classify(exc: BaseException) -> FileProblem | None:
    """What a driver error says about the file or the disk; None when it is none of those."""
    text = str(exc).lower()
    if "not a database" in text or "file is encrypted" in text:
        return FileProblem.NOT_A_DATABASE
    if "malformed" in text or "corrupt" in text:
        return FileProblem.DAMAGED
    if "disk is full" in text or "database or disk is full" in text or "no space" in text:
        return FileProblem.DISK_FULL
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return FileProblem.READ_ONLY
    if "locked" in text or "busy" in text:
        return FileProblem.LOCKED
    return None


def probe(path: Path, key: DatabaseKey | None) -> FileProblem | None:
    """Open `path` with `key` and read its schema; None when that works, else what is wrong."""
    try:
        connection = connect(path, key=key)
    except sqlcipher3.Error as exc:
        return classify(exc) or FileProblem.NOT_A_DATABASE
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.Error as exc:
        return classify(exc) or FileProblem.NOT_A_DATABASE
    finally:
        connection.close()
    return None


def table_names(connection) -> list[str]:
    """The user tables in a raw (DB-API) connection."""
    return [row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]


def has_table(connection, name: str) -> bool:
    """Whether a raw (DB-API) connection's main database has table `name`."""
    return connection.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()[0] > 0


def row_counts(path: Path, key: DatabaseKey | None) -> dict[str, int]:
    connection = connect(path, key=key)
    try:
        return {table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                for table in table_names(connection)}
    finally:
        connection.close()


def read_file_facts(path: Path, key: DatabaseKey | None) -> tuple[list[str], str | None, bool]:
    """(tables, alembic revision or None, whether it holds a person) of the file at `path`, in one
    short connection and without a scan. Raises BackendError (with the FileProblem) when the file
    cannot be read: NOT_A_DATABASE for an encrypted file the key does not open, DAMAGED for a
    plain file that does not read."""
    try:
        connection = connect(path, key=key)
    except sqlcipher3.Error as exc:
        raise BackendError(classify(exc) or FileProblem.NOT_A_DATABASE) from None
    try:
        # Page 1 only: with a wrong key (or a file that is no database) this is what fails.
        connection.execute("PRAGMA schema_version").fetchone()
    except sqlcipher3.Error as exc:
        problem = classify(exc) or FileProblem.NOT_A_DATABASE
        if problem is FileProblem.NOT_A_DATABASE and (key is None or encryption_state(path) is False):
            problem = FileProblem.DAMAGED  # a plain file's header was there: no key question, the file is broken
        connection.close()
        raise BackendError(problem) from None
    try:
        tables = table_names(connection)
        revision = None
        if "alembic_version" in tables:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        persons = "person" in tables and bool(connection.execute("SELECT EXISTS (SELECT 1 FROM person)").fetchone()[0])
    except sqlcipher3.Error as exc:
        problem = classify(exc)
        # Page 1 opened with this key, so the key is right: a page that fails its check now is damage.
        raise BackendError(FileProblem.DAMAGED if problem in (None, FileProblem.NOT_A_DATABASE) else problem) from None
    finally:
        connection.close()
    return tables, revision, persons


# -- engines -------------------------------------------------------------------

def make_engine(url: str, *, key: DatabaseKey | None) -> Engine:
    database = make_url(url).database
    path = Path(database) if database and database != ":memory:" else None
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
    if connection.get_execution_options().get(WRITE_OPTION):
        connection.exec_driver_sql(f"PRAGMA cache_size = -{LARGE_CACHE_SIZE_KIB}")
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")


def use_bulk_cache(connection: Connection) -> None:
    """A large page cache for a bulk write (given back when the connection returns to the pool)."""
    connection.exec_driver_sql(f"PRAGMA cache_size = -{BULK_CACHE_SIZE_KIB}")


def set_foreign_keys(connection: Connection, *, enabled: bool) -> None:
    # Must happen outside a transaction to take effect.
    connection.connection.dbapi_connection.execute(f"PRAGMA foreign_keys = {'ON' if enabled else 'OFF'}")


def foreign_key_problems(connection: Connection) -> int:
    return len(connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall())


def alembic_table_exists(connection: Connection) -> bool:
    return has_table(connection.connection.dbapi_connection, "alembic_version")


def compact(connection: Connection, *, busy_timeout_ms: int = 2_000) -> None:
    """Rewrite the file so deleted rows' bytes are gone: fold the WAL in, VACUUM, empty the WAL.

    Raises BackendError(LOCKED) when another connection keeps old pages alive
    (a read under way in another process), so the WAL could not be emptied;
    waits at most about `busy_timeout_ms` per step for it to end.
    """
    raw = connection.connection.dbapi_connection
    raw.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
    try:
        busy_before = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        raw.execute("VACUUM")
        busy_after = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    except sqlcipher3.OperationalError as exc:
        if classify(exc) is FileProblem.LOCKED:
            raise BackendError(FileProblem.LOCKED) from None
        raise
    finally:
        raw.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if busy_before or busy_after:
        raise BackendError(FileProblem.LOCKED)


def checkpoint(path: Path, key: DatabaseKey | None) -> None:
    """Fold the WAL into the file and empty it."""
    connection = connect(path, key=key)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def insert_many(connection: Connection, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """One executemany of plain tuples whose values are already as stored (a bulk import: no per-row
    pass through SQLAlchemy's parameter handling)."""
    connection.exec_driver_sql(
        f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})', rows)


def counted_uuid_sql(prefix: str, counter):
    """`prefix` (the first 24 characters of a uuid, dashes included) followed by `counter` as 12 hex
    digits: rising uuids for a bulk insert whose rows share the prefix (an import run)."""
    from sqlalchemy import func, literal

    return literal(prefix) + func.printf("%012x", counter)


def new_uuid_sql():
    """A random (version 4) uuid as text, made by SQLite per row: for INSERT ... SELECT, where a Python
    default would give every row the same value."""
    from sqlalchemy import text

    return text(
        "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || "
        "substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))")


# -- copies, checks and restores -------------------------------------------------

def copy_database(source: Path, target: Path, *, source_key: DatabaseKey | None, target_key: DatabaseKey | None,
                  pages: int = -1, between_steps: Callable[[], None] | None = None) -> None:
    """Copy `source` into a new file `target`: same encryption, the online backup API
    (consistent while others write); plain into encrypted, `sqlcipher_export` in one read
    transaction. Raises BackendError with SQLite's (row-free) reason.

    `pages` > 0 copies in steps of that many pages (a write elsewhere between two
    steps makes SQLite start the copy again, so the result is still one consistent
    state), calling `between_steps` after each; an exception from it stops the copy."""
    connection = connect(source, key=source_key)
    try:
        if target_key is not None and source_key is None:
            connection.execute("ATTACH DATABASE ? AS regie_copy KEY ?", (str(target), f"x'{target_key.hex}'"))
            try:
                connection.execute("BEGIN")
                connection.execute("SELECT sqlcipher_export('regie_copy')")
                connection.execute("COMMIT")
            finally:
                connection.execute("DETACH DATABASE regie_copy")
        else:
            copy = connect(target, key=target_key)
            try:
                if pages > 0:
                    progress = (lambda _status, _remaining, _total: between_steps()) if between_steps else None
                    connection.backup(copy, pages=pages, progress=progress, sleep=0.005)
                else:
                    connection.backup(copy)
            finally:
                copy.close()
    except sqlcipher3.Error as exc:
        raise BackendError(classify(exc) or FileProblem.OTHER, detail=reason(exc)) from None
    finally:
        connection.close()


def reason(exc: BaseException) -> str:
    # SQLite's messages hold no row data; keep them short and recognisable.
    text = str(exc)
    return "de sleutel klopt niet of het bestand is geen database" if "not a database" in text else text


def integrity_status(path: Path, key: DatabaseKey | None, *, single_file: bool = False, quick: bool = False) -> str:
    """'ok' when the file at `path` passes SQLite's integrity check, else the (Dutch or SQLite) reason.
    `single_file`: also switch it to a self-contained file (no WAL beside it), as a backup must be.
    `quick`: SQLite's quick_check (every page readable and decryptable, every row well-formed, no
    index-to-table cross check): linear in the file's size, where the full check grows faster."""
    try:
        check = connect(path, key=key)
    except sqlcipher3.Error as exc:
        return reason(exc)
    try:
        # The check looks up every index entry: with a small cache each miss is a decryption.
        check.execute(f"PRAGMA cache_size = -{LARGE_CACHE_SIZE_KIB}")
        status = check.execute("PRAGMA quick_check" if quick else "PRAGMA integrity_check").fetchone()[0]
        if single_file:
            check.execute("PRAGMA journal_mode = DELETE")
    except sqlcipher3.Error as exc:
        status = reason(exc)
    finally:
        check.close()
    return status


def replace_contents(database: Path, source: Path, *, database_key: DatabaseKey | None,
                     source_key: DatabaseKey | None, under_lock: Callable[[], object]) -> object:
    """Rewrite `database` in place with the contents of `source`, in one write transaction.

    `under_lock` runs once the write lock is held (no one else can save any
    more) and before anything changes; its result is returned. Raises
    BackendError(LOCKED) when the lock cannot be had, BackendError(DAMAGED)
    when the result fails the integrity check; nothing changes then.
    """
    connection = connect(database, key=database_key)
    try:
        # Outside a transaction, or it has no effect: dropping the old tables must not cascade.
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute(f"PRAGMA cache_size = -{LARGE_CACHE_SIZE_KIB}")
        connection.execute("ATTACH DATABASE ? AS regie_backup KEY ?",
                           (str(source), f"x'{source_key.hex}'" if source_key is not None else ""))
        try:
            connection.execute("BEGIN IMMEDIATE")  # waits (busy timeout) for a save under way elsewhere
        except sqlcipher3.OperationalError as exc:
            raise BackendError(FileProblem.LOCKED, detail=reason(exc)) from None
        try:
            result = under_lock()
            objects = connection.execute(
                "SELECT type, name FROM main.sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'"
            ).fetchall()
            for kind, name in objects:
                connection.execute(f'DROP {kind.upper()} IF EXISTS main."{name}"')
            connection.execute("SELECT sqlcipher_export('main', 'regie_backup')")
            status = connection.execute("PRAGMA main.integrity_check").fetchone()[0]
            if status != "ok":
                raise BackendError(FileProblem.DAMAGED, detail=status)
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
    except sqlcipher3.Error as exc:
        raise BackendError(classify(exc) or FileProblem.OTHER, detail=reason(exc)) from None
    finally:
        connection.close()
    return result


