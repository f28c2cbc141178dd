"""The database key for the recovery procedure: export it for the sleutelbeheerder, import it on a new laptop.

A face installs how a wachtzin is asked (`set_passphrase_prompt`); every
failure is a KeyServiceError with one Dutch line that never holds a key or
wachtzin.
"""

from __future__ import annotations

from pathlib import Path

from services.errors import ServiceError
from storage.keys import ENV_KEY_FILE, ENV_PASSPHRASE, NO_KEYRING, DatabaseKey, check_new_passphrase, set_passphrase_prompt
from storage.paths import Locations

__all__ = [
    "ENV_KEY_FILE",
    "ENV_PASSPHRASE",
    "NO_KEYRING",
    "KeyServiceError",
    "check_new_passphrase",
    "database_key",
    "export_key",
    "import_key",
    "set_passphrase_prompt",
]


class KeyServiceError(ServiceError):
    """The key could not be found, checked, written or stored; nothing was changed."""


def database_key(database: Path) -> DatabaseKey | None:
    """The key that opens the existing `database` (None when it is plain), remembered for this run."""
    from storage import keys
    from storage.backend import BackendError
    from storage.db import check_key

    if keys.encryption_state(database) is not True:
        return None
    try:
        key = keys.resolve_key(database)
        check_key(database, key)
    except (keys.KeyProblemError, BackendError) as exc:  # BackendError: the file is locked or damaged
        raise KeyServiceError(str(exc)) from None
    keys.remember(database, key)
    return key


def export_key(locations: Locations, *, target: Path) -> Path:
    """Write the database key to the new file `target` (owner-only); returns the file written."""
    from storage import keys

    database = locations.database
    target = Path(target).expanduser()
    if keys.encryption_state(database) is not True:
        raise KeyServiceError(f"er is geen versleutelde database op {database}; start regie eerst één keer")
    if target.exists():
        raise KeyServiceError(f"{target} bestaat al; kies een nieuwe bestandsnaam (regie overschrijft nooit een sleutelbestand)")
    key = database_key(database)
    try:
        keys.write_key_file(target, key, database=database)
    except OSError as exc:
        raise KeyServiceError(f"{target} kan niet worden geschreven ({exc.strerror})") from None
    return target


def import_key(locations: Locations, *, source: Path) -> Path:
    """Check the exported key in `source` against the database and keep it in this computer's keyring.

    Returns the database the key is now stored for.
    """
    from storage import keys
    from storage.backend import BackendError
    from storage.db import check_key

    database = locations.database
    source = Path(source).expanduser()
    try:
        key = keys.read_key_file(source)
        if keys.encryption_state(database) is True:
            check_key(database, key)
    except keys.KeyRejectedError:
        raise KeyServiceError(f"deze sleutel hoort niet bij {database}; er is niets gewijzigd") from None
    except (keys.KeyProblemError, BackendError) as exc:
        raise KeyServiceError(str(exc)) from None
    if not keys.store_in_keyring(database, key):
        raise KeyServiceError("op deze computer is geen sleutelbos om de sleutel in te bewaren. Start regie dan met de "
                              f"omgevingsvariabele {ENV_KEY_FILE}={source} (zie de README: ‘Versleuteling en sleutelbeheer’)")
    return database
