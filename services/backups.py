"""Backups for a face: make one now, put one back (the face asks for confirmation), and say where things are."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from services.errors import NoDatabaseError, ServiceError
from services.keys import KeyServiceError, database_key
from storage.paths import Locations


class BackupFailedError(ServiceError):
    """The backup could not be made or put back; the message says why. The database is unchanged."""


@dataclass(frozen=True)
class Whereabouts:
    """Where regie keeps its files (what `regie locate` shows)."""

    database: Path
    backups: Path
    settings_file: Path
    last_backup: datetime | None = None  # the newest complete, verified backup


@dataclass(frozen=True)
class BackupMade:
    path: Path
    encrypted: bool


@dataclass(frozen=True)
class Restored:
    done: bool  # False when the user said no
    source: Path
    safety: Path | None = None  # the backup of the state that was replaced, if there was one


def locate(locations: Locations) -> Whereabouts:
    return Whereabouts(database=locations.database, backups=locations.backups, settings_file=locations.settings_file,
                       last_backup=last_backup(locations))


def last_backup(locations: Locations) -> datetime | None:
    """When the newest complete backup of this database was made (None: there is none yet)."""
    from storage.backup import last_backup_time

    return last_backup_time(locations.backups, locations.database.stem)


def last_backup_text(locations: Locations) -> str:
    """'Laatste back-up: 03-12-2026 om 09:12' (or that there is none yet), for the faces."""
    from rules.dates import format_date

    when = last_backup(locations)
    if when is None:
        return "Laatste back-up: nog geen"
    return f"Laatste back-up: {format_date(when.date())} om {when:%H:%M}"


class BackgroundBackup:
    """The daily backup, made in a thread of its own while the user works.

    The database's online backup copies it a few megabytes at a time (a
    save in between makes it start over, so the copy is always one consistent
    state), the copy gets the quick check, and only then is it renamed into
    place and are old backups rotated out. `stop()` (regie is closing) ends it
    between two steps: the unfinished copy is removed and the previous backups
    are untouched; the next start sees no backup of today and makes it again.
    """

    def __init__(self, store) -> None:
        self._store = store
        self._cancel = threading.Event()
        self.made: Path | None = None
        self.failed: str | None = None  # the Dutch reason when it went wrong (not when stopped)
        self._thread = threading.Thread(target=self._run, name="regie-backup", daemon=True)

    def _run(self) -> None:
        from storage.backup import BackupCancelledError, BackupError, make_backup

        locations = self._store.locations
        try:
            self.made = make_backup(locations.database, locations.backups, reason="dagelijks",
                                    key=self._store.key, cancel=self._cancel)
        except BackupCancelledError:
            pass
        except (BackupError, OSError) as exc:
            self.failed = str(exc) if isinstance(exc, BackupError) else (exc.strerror or type(exc).__name__)

    def start(self) -> BackgroundBackup:
        self._thread.start()
        return self

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the backup to end; True when it has."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def stop(self, timeout: float = 0.2) -> bool:
        """Ask the backup to stop and wait at most `timeout` seconds; True when it has ended (a process
        that ends while it is still stopping leaves a temporary file that the next start removes)."""
        self._cancel.set()
        return self.wait(timeout)


def start_backup_if_due(store, *, now: datetime | None = None) -> BackgroundBackup | None:
    """Start the daily background backup when the newest backup is a day old or missing; None when not due."""
    from storage.backup import backup_due

    locations = store.locations
    if not locations.database.exists() or not backup_due(locations.backups, locations.database.stem,
                                                         now=now or datetime.now()):
        return None
    return BackgroundBackup(store).start()


def backup_now(locations: Locations) -> BackupMade:
    """A checked backup of the database as it is now, encrypted with its own key."""
    from storage.backup import BackupError, make_backup

    if not locations.database.exists():
        raise NoDatabaseError(f"er is nog geen database op {locations.database}")
    key = database_key(locations.database)
    try:
        made = make_backup(locations.database, locations.backups, reason="handmatig", key=key)
    except BackupError as exc:
        raise BackupFailedError(str(exc)) from None
    return BackupMade(path=made, encrypted=key is not None)


def restore(locations: Locations, *, source: Path, confirm: Callable[[Path, Path], bool] | None = None) -> Restored:
    """Put the backup `source` back as the database, after a backup of the current state.

    `confirm(database, source)` is asked once the key is known and before
    anything changes; None means the user already confirmed. On a new laptop
    (no database yet) the key is the imported one, or the wachtzin with the
    salt the backup keeps beside it, which then goes along to the database.
    """
    from storage import keys
    from storage.backup import BackupError, adopt_backup_salt, restore_backup

    source = Path(source).expanduser()
    if not source.is_file():
        raise BackupFailedError(f"het bestand {source} bestaat niet")
    database = locations.database
    key = database_key(database)
    adopted = key is None and keys.encryption_state(source) is True and adopt_backup_salt(source, database)
    restored = False
    try:
        if key is None and keys.encryption_state(source) is True:
            try:
                key = keys.resolve_key(database)
            except keys.KeyProblemError as exc:
                raise KeyServiceError(str(exc)) from None
        if confirm is not None and not confirm(database, source):
            return Restored(done=False, source=source)
        try:
            safety = restore_backup(source, database, locations.backups, key=key)
        except BackupError as exc:
            raise BackupFailedError(str(exc)) from None
        restored = True
    finally:
        if adopted and not restored:
            keys.salt_file(database).unlink(missing_ok=True)
    return Restored(done=True, source=source, safety=safety)
