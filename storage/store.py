"""Opening the store: make the directory, back up, migrate, hand out an engine.

This is the one place that decides how a user's database comes to life. It
never calls `create_all`: a new database is built by the same migrations
that upgrade an old one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from storage import backup, migrate
from storage.db import make_engine, sqlite_url
from storage.paths import Locations


class StoreError(RuntimeError):
    """The store could not be opened; the message is Dutch and safe to show."""


@dataclass
class Store:
    locations: Locations
    engine: Engine

    def close(self) -> None:
        self.engine.dispose()


def open_store(locations: Locations, *, backup_on_start: bool = True, keep: int = backup.DEFAULT_KEEP) -> Store:
    """Open (and if needed create or upgrade) the database at `locations.database`."""
    path = locations.database
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"de map {path.parent} kan niet worden aangemaakt: {exc.strerror}") from exc
    existed = path.exists() and path.stat().st_size > 0
    engine = make_engine(sqlite_url(path))
    try:
        outdated = migrate.needs_upgrade(engine)
        if existed and (backup_on_start or outdated):
            reason = "voor-migratie" if outdated else "start"
            backup.make_backup(path, locations.backups, reason=reason, now=datetime.now(), keep=keep)
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
    return Store(locations=locations, engine=engine)


def backup_on_exit(store: Store, *, keep: int = backup.DEFAULT_KEEP) -> None:
    """A clean exit leaves a verified backup behind."""
    backup.make_backup(store.locations.database, store.locations.backups, reason="afsluiten", now=datetime.now(), keep=keep)


def open_demo_store(locations: Locations, *, today) -> Store:
    """Open the demo database, creating and seeding it on first use."""
    from storage.demo import seed_demo
    from storage.db import write_session

    store = open_store(locations, backup_on_start=False)
    with write_session(store.engine) as session:
        empty = session.connection().exec_driver_sql("SELECT count(*) FROM person").scalar() == 0
        if empty:
            seed_demo(session.connection(), today=today)
    return store
