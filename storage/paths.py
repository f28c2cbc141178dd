"""Where regie keeps its database, backups and settings.

Nothing here creates a directory at import time; callers ask for a path and
create it when they are about to write.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

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
