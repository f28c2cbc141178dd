"""The database key: made once, kept in the OS keyring, or derived from a wachtzin.

Every user database is encrypted by its backend under a random 256-bit key,
used as a raw key so no key derivation runs per connection. The key lives in
the operating system's keyring. Where there is no keyring, regie never falls
back to plain text: the user chooses a wachtzin, and the key is derived from
it once per start (PBKDF2-HMAC-SHA256) with a random salt kept in a small,
non-secret file beside the database. For recovery the raw key can be
exported to, and imported from, a key file for the municipality's key holder.

Nothing in this module prints, logs or puts a key or wachtzin in a message.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

KEY_BYTES = 32  # 256-bit AES key, the local backend's default cipher
SALT_BYTES = 16
# PBKDF2-HMAC-SHA256 iterations for a new wachtzin (OWASP 2023 advice: 600,000).
# A module constant, not a setting: tests lower it, users cannot weaken it by accident.
KDF_ITERATIONS = 600_000
MIN_PASSPHRASE_LENGTH = 12
KEYRING_SERVICE = "regie"
ENV_PASSPHRASE = "REGIE_PASSPHRASE"
ENV_KEY_FILE = "REGIE_KEY_FILE"
SALT_SUFFIX = ".salt"

# Reasons a key could not be had; the messages are Dutch and safe to show.

class KeyProblemError(RuntimeError):
    """No usable key for the database."""


class PassphraseRequiredError(KeyProblemError):
    """A wachtzin is needed and none was given; `new` when one must be chosen."""

    def __init__(self, message: str, *, new: bool) -> None:
        super().__init__(message)
        self.new = new


class KeyRejectedError(KeyProblemError):
    """The key or wachtzin does not open the database."""

    def __init__(self, message: str, *, passphrase: bool) -> None:
        super().__init__(message)
        self.passphrase = passphrase


NO_KEYRING = (
    "Op deze computer is geen sleutelbos beschikbaar (zoals GNOME Keyring, KWallet, de macOS-sleutelhanger "
    "of Windows Referentiebeheer) om de sleutel van de database in te bewaren. regie slaat persoonsgegevens "
    "nooit onversleuteld op; kies daarom een wachtzin van minstens "
    f"{MIN_PASSPHRASE_LENGTH} tekens. regie vraagt er bij elke start om. Bewaar hem goed: zonder wachtzin "
    "(of een geëxporteerde sleutel, zie ‘regie sleutel export’) zijn de gegevens niet terug te halen."
)
ASK_PASSPHRASE = "Deze database is versleuteld met een wachtzin. Vul de wachtzin in om hem te openen."


@dataclass(frozen=True)
class DatabaseKey:
    """A raw 256-bit database key and where it came from (never shown in repr)."""

    raw: bytes = field(repr=False)
    source: str  # "sleutelbos", "wachtzin", "sleutelbestand"

    def __post_init__(self) -> None:
        if len(self.raw) != KEY_BYTES:
            raise ValueError("a database key is 32 bytes")

    @classmethod
    def generate(cls, source: str = "sleutelbos") -> DatabaseKey:
        return cls(secrets.token_bytes(KEY_BYTES), source)

    @property
    def hex(self) -> str:
        return self.raw.hex()


# -- what is on disk ---------------------------------------------------------

def encryption_state(path: Path) -> bool | None:
    """True for an encrypted database, False for a plain one, None when missing or empty."""
    from storage.backend import local

    return local.encryption_state(Path(path))


def salt_file(database: Path) -> Path:
    return database.with_name(database.name + SALT_SUFFIX)


def _keyring_user(database: Path) -> str:
    return f"databasesleutel:{Path(database).absolute()}"


# -- the keyring ---------------------------------------------------------------

def _keyring_backend():
    """The OS keyring, or None when there is none that can keep a secret."""
    try:
        import keyring

        backend = keyring.get_keyring()
    except Exception:  # a broken keyring setup counts as no keyring
        return None
    try:
        priority = backend.priority
    except Exception:
        return None
    return backend if priority > 0 else None


def keyring_available() -> bool:
    return _keyring_backend() is not None


class _KeyringUnreachable(Exception):
    pass


KEYRING_LOCKED = (
    "de sleutelbos van deze computer is vergrendeld of niet bereikbaar, dus regie kan de sleutel van de database "
    "niet lezen. Ontgrendel de sleutelbos (meld je opnieuw aan, of open Sleutelhanger of Windows Referentiebeheer) "
    "en start regie opnieuw."
)


def _keyring_get(database: Path) -> DatabaseKey | None:
    backend = _keyring_backend()
    if backend is None:
        return None
    try:
        stored = backend.get_password(KEYRING_SERVICE, _keyring_user(database))
    except Exception:  # locked or unreachable: say so, rather than "no key found"
        raise _KeyringUnreachable from None
    if not stored:
        return None
    try:
        return DatabaseKey(bytes.fromhex(stored.strip()), "sleutelbos")
    except ValueError:
        return None


def store_in_keyring(database: Path, key: DatabaseKey) -> bool:
    """Keep `key` in the OS keyring for `database`; False when that is not possible."""
    backend = _keyring_backend()
    if backend is None:
        return False
    try:
        backend.set_password(KEYRING_SERVICE, _keyring_user(database), key.hex)
        # Read it back: some backends accept a secret and keep nothing.
        return backend.get_password(KEYRING_SERVICE, _keyring_user(database)) == key.hex
    except Exception:
        return False


# -- key files (export for the key holder, import on a new laptop) -----------------

def write_key_file(target: Path, key: DatabaseKey, *, database: Path) -> None:
    """Write the raw key as hex to a new file only its owner can read (mode 0600)."""
    text = (
        "# regie: sleutel van de versleutelde database\n"
        f"# database: {Path(database).absolute()}\n"
        "# GEHEIM. Wie dit bestand heeft, kan alle persoonsgegevens in deze database en haar back-ups lezen.\n"
        "# Bewaar het bij de sleutelbeheerder van de gemeente (offline, achter slot), nooit naast de database.\n"
        f"{key.hex}\n"
    )
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def read_key_file(source: Path) -> DatabaseKey:
    """The key in a file written by `write_key_file` (comment lines are skipped)."""
    try:
        lines = Path(source).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise KeyProblemError(f"het sleutelbestand {source} kan niet worden gelezen ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise KeyProblemError(f"{source} is geen regie-sleutelbestand") from None
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            raw = bytes.fromhex(line)
        except ValueError:
            break
        if len(raw) == KEY_BYTES:
            return DatabaseKey(raw, "sleutelbestand")
        break
    raise KeyProblemError(f"{source} is geen regie-sleutelbestand: er staat geen sleutel van 64 hexadecimale tekens in")


# -- wachtzin ----------------------------------------------------------------------

@dataclass(frozen=True)
class _Salt:
    salt: bytes
    iterations: int


def _read_salt(path: Path) -> _Salt:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return _Salt(bytes.fromhex(data["salt"]), int(data["iterations"]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise KeyProblemError(f"het bestand {path.name} naast de database is beschadigd; zonder dit bestand "
                         "opent de wachtzin de database niet. Gebruik een geëxporteerde sleutel (REGIE_KEY_FILE).") from exc


def _write_salt(path: Path) -> _Salt:
    salt = _Salt(secrets.token_bytes(SALT_BYTES), KDF_ITERATIONS)
    text = json.dumps({
        "toelichting": "Niet geheim. Nodig om de database met de wachtzin te openen; bewaar het bij de database.",
        "kdf": "pbkdf2_hmac_sha256",
        "iterations": salt.iterations,
        "salt": salt.salt.hex(),
    }, indent=2) + "\n"
    partial = path.with_name(f"{path.name}.{os.getpid()}-{secrets.token_hex(4)}.partial")
    with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, path)
    return salt


def derive_key(passphrase: str, salt: bytes, iterations: int) -> DatabaseKey:
    """The raw key for a wachtzin: PBKDF2-HMAC-SHA256, run once per start."""
    normalized = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return DatabaseKey(hashlib.pbkdf2_hmac("sha256", normalized, salt, iterations, dklen=KEY_BYTES), "wachtzin")


def check_new_passphrase(passphrase: str) -> str | None:
    """A Dutch reason why `passphrase` is not good enough as a new wachtzin, or None."""
    if len(passphrase.strip()) < MIN_PASSPHRASE_LENGTH:
        return f"Een wachtzin heeft minstens {MIN_PASSPHRASE_LENGTH} tekens; een korte zin van een paar woorden werkt goed."
    return None


# An interactive way to ask for a wachtzin (the CLI installs getpass); None in the TUI,
# which asks in a modal screen and passes the answer in.
PassphrasePrompt = Callable[[Path, bool], "str | None"]
_prompt: PassphrasePrompt | None = None


def set_passphrase_prompt(prompt: PassphrasePrompt | None) -> None:
    """Install how to ask for a wachtzin: prompt(database, new) -> wachtzin or None."""
    global _prompt
    _prompt = prompt


# -- resolving the key -----------------------------------------------------------------

_remembered: dict[Path, DatabaseKey] = {}


def remember(database: Path, key: DatabaseKey) -> None:
    """Keep a key that opened `database` for the rest of this process (so the KDF runs once)."""
    _remembered[Path(database).absolute()] = key


def remembered(database: Path) -> DatabaseKey | None:
    return _remembered.get(Path(database).absolute())


def forget(database: Path | None = None) -> None:
    if database is None:
        _remembered.clear()
    else:
        _remembered.pop(Path(database).absolute(), None)


def _passphrase(database: Path, given: str | None, *, new: bool) -> str:
    if given is not None:
        return given
    if from_env := os.environ.get(ENV_PASSPHRASE):
        return from_env
    if _prompt is not None and (asked := _prompt(database, new)) is not None:
        return asked
    raise PassphraseRequiredError(NO_KEYRING if new else ASK_PASSPHRASE, new=new)


def resolve_key(database: Path, *, passphrase: str | None = None, create: bool = False) -> DatabaseKey:
    """The key for `database`; with `create`, make one when the database has none yet.

    In order: the key file named by REGIE_KEY_FILE; the key in the OS keyring;
    a wachtzin (given, REGIE_PASSPHRASE, or asked) when the salt file is there.
    A new key goes to the keyring; without one, or when a wachtzin is given,
    a wachtzin is used. The caller checks that the key opens the database.
    """
    database = Path(database).absolute()
    if key_file := os.environ.get(ENV_KEY_FILE):
        return read_key_file(Path(key_file).expanduser())
    try:
        stored = _keyring_get(database)
    except _KeyringUnreachable:
        stored, locked = None, True
    else:
        locked = False
    if stored is not None:
        return stored
    salt_path = salt_file(database)
    if salt_path.exists():
        salt = _read_salt(salt_path)
        new = create and encryption_state(database) is not True
        given = _passphrase(database, passphrase, new=new)
        if new and (problem := check_new_passphrase(given)):
            raise PassphraseRequiredError(problem, new=True)
        return derive_key(given, salt.salt, salt.iterations)
    if locked and (not create or encryption_state(database) is True):
        raise KeyProblemError(KEYRING_LOCKED)
    if not create:
        raise KeyProblemError(
            "er is geen sleutel voor deze database gevonden: niet in de sleutelbos van deze computer en er is "
            f"geen {salt_path.name} voor een wachtzin. Zet de sleutel van de sleutelbeheerder terug met "
            "‘regie sleutel import BESTAND’, of start regie met REGIE_KEY_FILE=BESTAND."
        )
    if passphrase is None and not os.environ.get(ENV_PASSPHRASE):
        key = DatabaseKey.generate("sleutelbos")
        if store_in_keyring(database, key):
            return key
    chosen = _passphrase(database, passphrase, new=True)
    if problem := check_new_passphrase(chosen):
        raise PassphraseRequiredError(problem, new=True)
    salt = _write_salt(salt_path)
    return derive_key(chosen, salt.salt, salt.iterations)
