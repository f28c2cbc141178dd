"""The municipality's settings (instellingen.toml) for a face: one loader, errors as ServiceErrors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from services.errors import SettingsInvalidError

if TYPE_CHECKING:
    from rules.policy import Policy
    from services.store import Locations


def load_settings(locations: Locations) -> Policy:
    """The settings next to `locations`; defaults when the file is missing, a Dutch SettingsInvalidError when it is wrong."""
    from rules.errors import SettingsError
    from rules.policy import load_policy

    try:
        return load_policy(locations.settings_file)
    except SettingsError as exc:
        raise SettingsInvalidError(exc.message) from None
