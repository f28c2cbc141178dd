"""Opening and closing the store for a face: the app and the command hold a `Store` handle and pass it to services.

The handle is opaque to the faces: they never reach into it for an engine or
a connection; they hand it to the service functions in this package.
"""

from __future__ import annotations

from storage.paths import Locations, config_dir, data_dir, resolve
from storage.demo import DEMO_CONSULENT
from storage.store import PassphraseNeeded, Store, StoreError, WrongKeyError, open_demo_store, open_store

from services.errors import NoDatabaseError, StoreOpenError

__all__ = [
    "DEMO_CONSULENT",
    "Locations",
    "PassphraseNeeded",
    "Store",
    "StoreError",
    "WrongKeyError",
    "close_store",
    "config_dir",
    "data_dir",
    "open_as_user",
    "open_demo_store",
    "open_store",
    "resolve",
]


def open_as_user(locations: Locations, *, must_exist: bool, backup_first: bool = False, demo: bool = False) -> Store:
    """The store for one command, with the consulent from the preferences as the audit actor.

    `must_exist` refuses to create an empty database (NoDatabaseError);
    `backup_first` makes a backup before anything changes (never for the
    demo, which holds only invented data and stays unencrypted).
    """
    if must_exist and not locations.database.is_file():
        from storage.store import refuse_empty_replacement

        try:
            refuse_empty_replacement(locations)  # regie had a caseload here: offer the newest good backup
        except StoreError as exc:
            raise StoreOpenError(str(exc)) from exc
        raise NoDatabaseError(f"er is nog geen database op {locations.database}; geef met --db de juiste database op")
    from storage import audit
    from storage.preferences import load_consulent

    audit.set_actor(load_consulent(locations.config_dir))  # else the operating-system user
    try:
        return open_store(locations, backup_on_start=backup_first and not demo, encrypt=not demo)
    except StoreError as exc:
        raise StoreOpenError(str(exc)) from exc


def close_store(store: Store, *, backup: bool) -> None:
    """Close the store; with ``backup``, leave a verified backup behind first (a failed one is silent:
    the start-up backup still stands and there is nothing to show on the way out)."""
    if backup:
        from storage.backup import BackupError
        from storage.store import backup_on_exit

        try:
            backup_on_exit(store)
        except BackupError:
            pass
    store.close()
