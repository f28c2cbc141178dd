"""Per-user preferences (who am I), kept in the config directory.

Only the user's own name lives here, never data about inburgeraars: that
belongs in the database.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

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


def save_consulent(config_dir: Path, name: str) -> None:
    config_dir.mkdir(parents=True, exist_ok=True)
    target = _path(config_dir)
    partial = target.with_suffix(".tmp")
    partial.write_text(json.dumps({"consulent": name.strip()}, ensure_ascii=False), encoding="utf-8")
    os.replace(partial, target)
