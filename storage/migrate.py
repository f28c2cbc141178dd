"""Schema migrations at start-up: back up, then upgrade in one transaction.

SQLite batch migrations copy tables; with foreign keys on, dropping the old
copy would cascade-delete child rows. So foreign keys are switched off for
the migration, the whole upgrade runs in one transaction, and
`PRAGMA foreign_key_check` must come back empty before it commits. The
transaction starts with BEGIN IMMEDIATE: a second regie starting at the same
moment waits for the first, then finds nothing left to upgrade.
"""

from __future__ import annotations

from pathlib import Path

from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")

# The newest revision in migrations/versions. Kept here so that a start-up on a
# current database never imports Alembic (about 85 ms and several MB); a test
# checks it against the revisions themselves.
HEAD = "0090"


class MigrationError(RuntimeError):
    """The upgrade failed; the database was left as it was."""


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    """The head as Alembic computes it from the revision files (slow; for upgrades and tests)."""
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    if len(heads) != 1:
        raise MigrationError(f"de migraties vormen geen enkele keten: {heads}")
    return heads[0]


def current_revision(engine: Engine) -> str | None:
    """The revision recorded in the database; None for a new (empty) database."""
    with engine.connect() as connection:
        try:
            versions = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
        except DBAPIError:
            if engine.dialect.name == "sqlite" and not _has_alembic_table(connection):
                return None
            raise
    if len(versions) > 1:
        raise MigrationError(f"de database staat op meer dan één revisie: {versions}")
    return versions[0] if versions else None


def _has_alembic_table(connection) -> bool:
    return connection.execute(
        text("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")
    ).scalar() > 0


def needs_upgrade(engine: Engine) -> bool:
    return current_revision(engine) != HEAD


def upgrade(engine: Engine, target: str = "head") -> None:
    """Bring the schema to `target` atomically; on failure nothing changes."""
    from alembic import command

    config = alembic_config()
    is_sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if is_sqlite:
            from storage.db import WRITE_OPTIONS

            connection.execution_options(**WRITE_OPTIONS)
            _set_foreign_keys(connection, enabled=False)
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, target)
                if is_sqlite:
                    problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if problems:
                        raise MigrationError(f"{len(problems)} verwijzingen kloppen niet meer na de migratie")
        except MigrationError:
            raise
        except Exception as exc:  # any failure rolls the whole upgrade back
            raise MigrationError(f"de database kon niet worden bijgewerkt ({type(exc).__name__})") from exc
        finally:
            if is_sqlite:
                _set_foreign_keys(connection, enabled=True)


def _set_foreign_keys(connection, *, enabled: bool) -> None:
    # Must happen outside a transaction to take effect. Off during a migration: a batch
    # table copy drops the old table, and with foreign keys on that cascades to every child row.
    connection.connection.dbapi_connection.execute(f"PRAGMA foreign_keys = {'ON' if enabled else 'OFF'}")
