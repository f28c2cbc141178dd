"""Connections to the local store: SQLite pragmas, write transactions, sessions.

Every SQLite connection runs in WAL mode with synchronous=FULL (a confirmed
save survives a power cut), foreign keys on and a busy timeout, and every
write transaction starts with BEGIN IMMEDIATE so a second process waits for
the lock instead of failing halfway through its transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection
from sqlmodel import Session

BUSY_TIMEOUT_MS = 10_000
_WRITE_OPTION = "regie_write"


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite connections get regie's pragmas and locking."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(
        url,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def _on_connect(dbapi_connection, _record) -> None:
    # Take transaction control away from the sqlite3 module: we issue BEGIN ourselves.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _on_begin(connection: Connection) -> None:
    if connection.get_execution_options().get(_WRITE_OPTION):
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
