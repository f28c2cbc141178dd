"""Schema migrations at start-up: back up, then upgrade in one transaction.

On the local file, batch migrations copy tables; with foreign keys on,
dropping the old copy would cascade-delete child rows. So the backend
switches foreign keys off for the migration, the whole upgrade runs in one
transaction, and the backend's foreign key check must come back clean before
it commits. The transaction takes the write lock at its start: a second
regie starting at the same moment waits for the first, then finds nothing
left to upgrade.
"""

from __future__ import annotations

from pathlib import Path

from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from storage import backend

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")

# The newest revision in migrations/versions. Kept here so that a start-up on a
# current database never imports Alembic (about 85 ms and several MB); a test
# checks it against the revisions themselves.
HEAD = "0018"


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
            engine_backend = backend.of(engine)
            if engine_backend is not None and not engine_backend.alembic_table_exists(connection):
                return None
            raise
    if len(versions) > 1:
        raise MigrationError(f"de database staat op meer dan één revisie: {versions}")
    return versions[0] if versions else None


def known_revisions() -> set[str]:
    """The revisions this regie ships (from the file names in migrations/versions: no Alembic import)."""
    return {path.name.split("_", 1)[0] for path in (MIGRATIONS_DIR / "versions").glob("[0-9]*_*.py")}


def is_known_revision(revision: str) -> bool:
    """False for a database written by a newer regie (its revision is not among ours)."""
    return revision == HEAD or revision in known_revisions()


def needs_upgrade(engine: Engine) -> bool:
    return current_revision(engine) != HEAD


def upgrade(engine: Engine, target: str = "head") -> None:
    """Bring the schema to `target` atomically; on failure nothing changes."""
    from alembic import command

    config = alembic_config()
    engine_backend = backend.of(engine)
    with engine.connect() as connection:
        if engine_backend is not None:
            from storage.db import WRITE_OPTIONS

            connection.execution_options(**WRITE_OPTIONS)
            # Off during a migration: a batch table copy drops the old table, and with
            # foreign keys on that cascades to every child row.
            engine_backend.set_foreign_keys(connection, enabled=False)
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, target)
                if engine_backend is not None and (problems := engine_backend.foreign_key_problems(connection)):
                    raise MigrationError(f"{problems} verwijzingen kloppen niet meer na de migratie")
        except MigrationError:
            raise
        except Exception as exc:  # any failure rolls the whole upgrade back
            raise MigrationError(f"de database kon niet worden bijgewerkt ({type(exc).__name__})") from exc
        finally:
            if engine_backend is not None:
                engine_backend.set_foreign_keys(connection, enabled=True)
