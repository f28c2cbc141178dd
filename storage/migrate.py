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

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


class MigrationError(RuntimeError):
    """The upgrade failed; the database was left as it was."""


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    if len(heads) != 1:
        raise MigrationError(f"de migraties vormen geen enkele keten: {heads}")
    return heads[0]


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def needs_upgrade(engine: Engine) -> bool:
    return current_revision(engine) != head_revision()


def upgrade(engine: Engine, target: str = "head") -> None:
    """Bring the schema to `target` atomically; on failure nothing changes."""
    config = alembic_config()
    is_sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if is_sqlite:
            from storage.db import WRITE_OPTIONS

            connection.execution_options(**WRITE_OPTIONS)
            # Must happen outside a transaction to take effect.
            connection.connection.dbapi_connection.execute("PRAGMA foreign_keys = OFF")
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
                connection.connection.dbapi_connection.execute("PRAGMA foreign_keys = ON")
