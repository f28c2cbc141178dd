"""Engines and sessions: dialect-neutral; what only one database engine understands is in its backend.

`make_engine` hands a URL to its backend (`storage.backend`): for the local
file that sets regie's key, settings and locking on every connection. Every
write transaction is marked with `WRITE_OPTIONS`, so the backend can take the
write lock at its start (a second process waits instead of failing halfway).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine
from sqlmodel import Session

from storage import backend, keys
from storage.backend import local
from storage.keys import DatabaseKey

# Kept here for callers that knew them from this module.
BUSY_TIMEOUT_MS = local.BUSY_TIMEOUT_MS
LARGE_CACHE_SIZE_KIB = local.LARGE_CACHE_SIZE_KIB
BULK_CACHE_SIZE_KIB = local.BULK_CACHE_SIZE_KIB
WRITE_OPTIONS = {local.WRITE_OPTION: True}  # execution options for a connection whose transactions write
connect = local.connect
file_url = local.url_for


def check_key(path: Path, key: DatabaseKey | None) -> None:
    """Raise keys.KeyRejectedError (a Dutch message) when `key` does not open the database at `path`.

    A file that opens but is damaged, or a plain database file that cannot be
    read, is not a question of the key: that raises backend.BackendError.
    """
    problem = local.probe(path, key)
    if problem is None:
        return
    if problem is backend.FileProblem.NOT_A_DATABASE and key is not None:
        raise wrong_key(key)
    raise backend.BackendError(problem)


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
    """An engine for `url`; connections to the local file get regie's key, settings and locking.

    Without `key`, an existing encrypted file is opened with the key this
    process already used for it (or the resolved one); a new file stays plain
    (that is what `open_store` never does for a user's database).
    """
    _quiet_sql_logging()
    engine_backend = backend.for_url(url)
    if engine_backend is None:
        return create_engine(url, pool_pre_ping=True, hide_parameters=True)
    from sqlalchemy import make_url

    database = make_url(url).database
    if key is None and database and database != ":memory:":
        key = key_for_existing(Path(database))
    return engine_backend.make_engine(url, key=key)


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A session for reading; it never holds the write lock."""
    with Session(engine, expire_on_commit=False) as session:
        yield session


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A session whose transaction takes the write lock at its start and commits whole or not at all."""
    with Session(engine.execution_options(**WRITE_OPTIONS), expire_on_commit=False) as session:
        with session.begin():
            yield session


_WRITE_PROBLEMS = {
    backend.FileProblem.DISK_FULL: ("De schijf is vol: er is niets opgeslagen. Maak ruimte vrij op de schijf en probeer "
                                    "het opnieuw; bekijken en zoeken werken gewoon door."),
    backend.FileProblem.READ_ONLY: ("De database of de map waarin hij staat is alleen-lezen: er is niets opgeslagen. "
                                    "Vraag je beheerder om schrijfrechten, of start regie met --db in een map van jezelf."),
    backend.FileProblem.LOCKED: ("De database is bezet door een ander regie-venster of -proces: er is niets opgeslagen. "
                                 "Probeer het zo opnieuw."),
    backend.FileProblem.DAMAGED: ("Het databasebestand is beschadigd: er is niets opgeslagen. Sluit regie en zet de "
                                  "nieuwste back-up terug met ‘regie restore’."),
    backend.FileProblem.NOT_A_DATABASE: ("Het databasebestand is beschadigd: er is niets opgeslagen. Sluit regie en zet de "
                                         "nieuwste back-up terug met ‘regie restore’."),
}


def explain(exc: BaseException) -> str | None:
    """A Dutch message naming the real cause of a failed read or write (disk full, read-only, locked,
    damaged), for a face to show; None when the error is not about the file or the disk."""
    from sqlalchemy.exc import DBAPIError

    original = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    if isinstance(original, OSError):
        import errno

        problem = {errno.ENOSPC: backend.FileProblem.DISK_FULL, errno.EACCES: backend.FileProblem.READ_ONLY,
                   errno.EPERM: backend.FileProblem.READ_ONLY, errno.EROFS: backend.FileProblem.READ_ONLY}.get(original.errno)
    elif isinstance(original, backend.BackendError):
        problem = original.problem
    else:
        engine_backend = backend.local if isinstance(original, backend.local.Error) else None
        problem = engine_backend.classify(original) if engine_backend is not None else None
    return _WRITE_PROBLEMS.get(problem) if problem is not None else None
