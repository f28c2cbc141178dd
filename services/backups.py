"""Backups for a face: make one now, put one back (the face asks for confirmation), and say where things are."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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
    return Whereabouts(database=locations.database, backups=locations.backups, settings_file=locations.settings_file)


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
