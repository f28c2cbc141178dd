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


TEMPLATES_FILENAME = "weekplan_sjablonen.toml"


def load_weekplan_templates(locations: Locations) -> tuple:
    """The municipality's own standard weeks (`weekplan_sjablonen.toml` beside instellingen.toml; see the README),
    as rules.weekplan.WeekTemplate; none when the file is absent, a Dutch SettingsInvalidError when it is wrong."""
    import tomllib

    from rules.errors import SettingsError
    from rules.weekplan import parse_templates

    path = locations.config_dir / TEMPLATES_FILENAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ()
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsInvalidError(f"{path} kan niet worden gelezen ({type(exc).__name__}).") from None
    try:
        return parse_templates(tomllib.loads(text), bron=str(path))
    except tomllib.TOMLDecodeError as exc:
        raise SettingsInvalidError(f"{path} is geen geldige TOML: {exc}.") from None
    except SettingsError as exc:
        raise SettingsInvalidError(exc.message) from None
