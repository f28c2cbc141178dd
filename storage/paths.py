"""Where regie keeps its database, backups and settings.

Nothing here creates a directory at import time; callers ask for a path and
create it when they are about to write.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

APP_NAME = "regie"
DB_FILENAME = "regie.sqlite"
DEMO_DB_FILENAME = "regie-demo.sqlite"
SETTINGS_FILENAME = "instellingen.toml"


@dataclass(frozen=True)
class Locations:
    database: Path
    backups: Path
    config_dir: Path

    @property
    def settings_file(self) -> Path:
        return self.config_dir / SETTINGS_FILENAME


def data_dir() -> Path:
    """The platform's user data directory, or REGIE_DATA_DIR when set."""
    if override := os.environ.get("REGIE_DATA_DIR"):
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """The platform's user config directory, or REGIE_CONFIG_DIR when set."""
    if override := os.environ.get("REGIE_CONFIG_DIR"):
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def resolve(db: str | os.PathLike[str] | None = None, *, demo: bool = False) -> Locations:
    """Resolve the paths: `--db` wins, then REGIE_DB, then the platform default.

    The demo database always lives beside, never in place of, the user's own.
    """
    if demo:
        database = data_dir() / DEMO_DB_FILENAME
    elif db is not None:
        database = Path(db).expanduser()
    elif env_db := os.environ.get("REGIE_DB"):
        database = Path(env_db).expanduser()
    else:
        database = data_dir() / DB_FILENAME
    database = database.absolute()
    backups = database.parent / f"{database.stem}-backups"
    return Locations(database=database, backups=backups, config_dir=config_dir())


# -- owner-only files and folders ----------------------------------------------------
# Personal data lives in the database, its WAL, its backups, salts and anchors: on POSIX
# every folder regie makes is 0700 and every file 0600, whatever the umask. On Windows the
# per-user locations (AppData) are already private and chmod only toggles read-only: skip it.

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
_POSIX = os.name == "posix"


def make_private_dir(directory: Path) -> None:
    """Create `directory` (and missing parents) owner-only; an existing one regie made is tightened too."""
    directory = Path(directory)
    missing = []
    probe = directory
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    directory.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    if _POSIX:
        import stat

        for made in [*missing, directory]:
            try:
                if made not in missing and os.stat(made).st_mode & stat.S_ISVTX:
                    continue  # a shared folder such as /tmp (sticky bit): never take it away from the others
                os.chmod(made, PRIVATE_DIR_MODE)
            except OSError:
                pass


def make_private_file(path: Path) -> None:
    """Make an existing file owner-only (no-op on Windows, or when it is not there)."""
    if not _POSIX:
        return
    try:
        os.chmod(path, PRIVATE_FILE_MODE)
    except FileNotFoundError:
        pass


def create_private_file(path: Path, *, exclusive: bool = False) -> None:
    """Create an empty owner-only file at `path` (kept as it is when it exists, unless `exclusive`)."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else 0)
    fd = os.open(path, flags, PRIVATE_FILE_MODE)
    os.close(fd)
    make_private_file(path)


@contextmanager
def private_output(path: Path, *, encoding: str = "utf-8", newline: str | None = None) -> Iterator[TextIO]:
    """Write a file with personal data: owner-only from its first byte, under a temporary name of this
    process's own, flushed to disk and then moved into place whole. On any failure nothing is left
    behind and an existing file at `path` is untouched."""
    path = Path(path)
    partial = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), PRIVATE_FILE_MODE)
    try:
        with os.fdopen(descriptor, "w", encoding=encoding, newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
        make_private_file(path)
    finally:
        partial.unlink(missing_ok=True)


def write_private_text(path: Path, text: str, *, encoding: str = "utf-8") -> None:
    """`text` to `path` owner-only and atomically (see private_output)."""
    with private_output(path, encoding=encoding, newline="") as handle:
        handle.write(text)


def remove_old_files(folder: Path, pattern: str, *, older_than_seconds: float, now: float | None = None,
                     name=None, of: set[str] = frozenset()) -> int:
    """Delete the files in `folder` matching `pattern` older than `older_than_seconds` (and any age when
    `name` (a compiled regex) captures, as its group 1, a value in `of`); returns how many. A file that
    cannot be removed now is left for the next time."""
    import time

    try:
        if not folder.is_dir():
            return 0
        found = list(folder.glob(pattern))
    except OSError:
        return 0
    limit = (time.time() if now is None else now) - older_than_seconds
    removed = 0
    for path in found:
        try:
            named = of and name is not None and (m := name.fullmatch(path.name)) is not None and m[1] in of
            if named or path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed
