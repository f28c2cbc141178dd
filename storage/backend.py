"""The seam between regie's storage code and the database engine it runs on.

Everything only one engine understands (for the local file: SQLite's pragmas,
SQLCipher's keys, the online backup, the integrity check, `sqlite_master`)
lives in one module named after SQLAlchemy's dialect name: `storage/sqlite.py`
today, `storage/postgresql.py` for the team database next. The rest of
`storage/` is dialect-neutral SQLAlchemy and asks this module for the backend:

- `local`: the backend of the database file on this laptop (and its backups);
- `of(bind)`: the backend an engine or connection runs on, or None when regie
  has no backend module for it (then plain SQLAlchemy is all there is).

A test (tests/storage/test_backend_seam.py) keeps every other module free of
engine-specific words.
"""

from __future__ import annotations

import importlib
from enum import Enum
from types import ModuleType


# Values per IN list (chunking): below the parameter limit of every backend regie runs on.
MAX_IN_PARAMETERS = 500


class FileProblem(Enum):
    """What is wrong with a database file or its disk, in words a consulent can act on."""

    NOT_A_DATABASE = "het bestand is geen regie-database (of de sleutel hoort er niet bij)"
    DAMAGED = "het databasebestand is beschadigd"
    DISK_FULL = "de schijf is vol"
    READ_ONLY = "de map of het bestand is alleen-lezen"
    LOCKED = "de database is bezet door een ander regie-venster of -proces"
    OTHER = "het bestand kon niet worden gelezen of geschreven"


class BackendError(RuntimeError):
    """A database file could not be read, copied or written; `problem` says why (Dutch)."""

    def __init__(self, problem: FileProblem, *, detail: str = "") -> None:
        self.problem = problem
        self.detail = detail
        super().__init__(problem.value + (f" ({detail})" if detail and problem is FileProblem.OTHER else ""))


def upsert(connection, table, values: dict, *, key_columns: list) -> None:
    """Insert `values` into `table`, or update the row with the same `key_columns`, in one statement."""
    dialect = importlib.import_module(f"sqlalchemy.dialects.{connection.dialect.name}")
    statement = dialect.insert(table).values(**values)
    connection.execute(statement.on_conflict_do_update(index_elements=key_columns, set_=values))


def for_dialect(name: str) -> ModuleType | None:
    """The backend module for SQLAlchemy dialect `name`, or None when regie has none."""
    return _BACKENDS.get(name)


def of(bind) -> ModuleType | None:
    """The backend an Engine or Connection runs on."""
    return for_dialect(bind.dialect.name)


def for_url(url: str) -> ModuleType | None:
    from sqlalchemy import make_url

    return for_dialect(make_url(url).get_backend_name())


from storage import sqlite as local  # noqa: E402  (the local file's backend; imports the two names above)

_BACKENDS: dict[str, ModuleType] = {local.NAME: local}

__all__ = ["BackendError", "FileProblem", "for_dialect", "for_url", "local", "of"]
