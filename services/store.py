"""Opening and closing the store for a face: the app and the command hold a `Store` handle and pass it to services.

The handle is opaque to the faces: they never reach into it for an engine or
a connection; they hand it to the service functions in this package.
"""

from __future__ import annotations

from storage.paths import Locations, config_dir, data_dir, resolve
from storage.demo import DEMO_CONSULENT
from storage.store import PassphraseNeeded, Store, StoreError, WrongKeyError, open_demo_store, open_store

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
    "open_demo_store",
    "open_store",
    "resolve",
]


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
