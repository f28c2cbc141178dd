"""Opening and closing the store for a face: the app and the command hold a `Store` handle and pass it to services.

The handle is opaque to the faces: they never reach into it for an engine or
a connection; they hand it to the service functions in this package.
"""

from __future__ import annotations

from storage.paths import Locations, config_dir, data_dir, resolve
from storage.store import PassphraseNeeded, Store, StoreError, WrongKeyError, open_demo_store, open_store

__all__ = [
    "Locations",
    "PassphraseNeeded",
    "Store",
    "StoreError",
    "WrongKeyError",
    "config_dir",
    "data_dir",
    "open_demo_store",
    "open_store",
    "resolve",
]
