"""Per-user preferences: who am I (in the config directory) and screen settings (in the database).

Only the user's own name lives in the config directory, never data about
inburgeraars. Settings that may hold such data (the caseload's search text is
often part of a name) are kept in the database, as safe as the rest.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

PREFERENCES_FILENAME = "gebruiker.json"


def _path(config_dir: Path) -> Path:
    return config_dir / PREFERENCES_FILENAME


def load_consulent(config_dir: Path) -> str | None:
    try:
        data = json.loads(_path(config_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    name = data.get("consulent") if isinstance(data, dict) else None
    return name.strip() or None if isinstance(name, str) else None


def _load(config_dir: Path) -> dict:
    try:
        data = json.loads(_path(config_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save(config_dir: Path, **values: str) -> None:
    """Change some keys of the preferences file, keeping the others."""
    data = _load(config_dir) | {key: value.strip() for key, value in values.items()}
    config_dir.mkdir(parents=True, exist_ok=True)
    target = _path(config_dir)
    partial = target.with_suffix(".tmp")
    partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(partial, target)


def save_consulent(config_dir: Path, name: str) -> None:
    _save(config_dir, consulent=name)


def load_telefoon(config_dir: Path) -> str | None:
    """The consulent's own phone number for printed weekplans and letters, or None."""
    value = _load(config_dir).get("telefoon")
    return value.strip() or None if isinstance(value, str) else None


def save_telefoon(config_dir: Path, telefoon: str) -> None:
    _save(config_dir, telefoon=telefoon)


def save_setting(*, connection: Connection, key: str, value: str) -> None:
    """Store one screen setting (such as the caseload filter as JSON), replacing the previous value."""
    from storage.backend import upsert
    from storage.models import AppSetting

    upsert(connection, AppSetting.__table__, {"key": key, "value": value}, key_columns=[AppSetting.__table__.c.key])
