"""The two exceptions the rule layer raises: bad user input and bad settings.

Both carry a Dutch ``message`` meant to be shown to the consulent as-is.
"""

from __future__ import annotations


class InputError(ValueError):
    """Text typed by a user (a date, hours, ja/nee, BSN) could not be read."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SettingsError(ValueError):
    """The municipal settings file is unreadable or holds a wrong value.

    ``regel`` (line number, 1-based) and ``sleutel`` (the key) are filled in
    when known, so a screen can point at the exact spot.
    """

    def __init__(self, message: str, *, regel: int | None = None, sleutel: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.regel = regel
        self.sleutel = sleutel
