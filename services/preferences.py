"""Saved settings: the consulent's own name (a file in the config folder) and screen settings in the database."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from storage import preferences as _preferences

if TYPE_CHECKING:
    from services.store import Store


def load_consulent(config_dir: Path) -> str | None:
    """The consulent's name saved on this computer, or None."""
    return _preferences.load_consulent(config_dir)


def save_consulent(config_dir: Path, name: str) -> None:
    _preferences.save_consulent(config_dir, name)


def load_telefoon(config_dir: Path) -> str | None:
    """The consulent's own phone number (printed on the weekplan), or None."""
    return _preferences.load_telefoon(config_dir)


def save_telefoon(config_dir: Path, telefoon: str) -> None:
    """Remember the consulent's phone number; it is checked like any typed text (no control characters)."""
    from rules.text import check_text
    from services.errors import ServiceError

    problem = check_text(telefoon, veld="telefoon")
    if problem is None and len(telefoon.strip()) > 30:
        problem = "telefoon mag hoogstens 30 tekens lang zijn."
    if problem:
        raise ServiceError(problem)
    _preferences.save_telefoon(config_dir, telefoon)


def read_setting(*, connection, key: str) -> str | None:
    """For services that read a setting along with other data in one connection."""
    from storage.queries import get_setting

    return get_setting(connection=connection, key=key)


def load_setting(*, store: Store, key: str) -> str | None:
    from services._tx import read

    with read(store) as connection:
        return read_setting(connection=connection, key=key)


def save_setting(*, store: Store, key: str, value: str) -> None:
    """Store one screen setting (such as the caseload filter), replacing the previous value."""
    from services._tx import write

    with write(store) as connection:
        _preferences.save_setting(connection=connection, key=key, value=value)


def use_consulent(name: str | None) -> None:
    """From now on, changes are recorded in the audit trail as made by ``name``."""
    from storage import audit

    audit.set_actor(name)


def author_for(locations) -> str:
    """Who is working: the consulent named in this computer's preferences, else the operating-system user."""
    from storage import audit

    return load_consulent(locations.config_dir) or audit.actor()
