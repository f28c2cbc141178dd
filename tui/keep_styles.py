"""Screens keep the styles they were given: no restyle of every widget each time a screen is shown.

Textual restyles a whole screen whenever it is pushed (also a screen it has just
mounted and styled, and an installed one shown again). For the dossier (~60
widgets) and the edit form (~330) that restyle was a large part of every
opening. A widget is styled as it is mounted and again whenever one of its
classes changes, also while its screen is not shown; what such a screen can miss
is a change of theme, so that alone brings the full restyle back.
"""

from __future__ import annotations


class KeepStyles:
    """Mixin for a `Screen` (put it before Screen in the bases)."""

    _styled_theme: str | None = None  # the theme the widgets were styled in

    def _on_mount(self, event) -> None:
        self._styled_theme = self.app.theme  # every widget was styled as it was mounted

    def _on_screen_resume(self, event) -> None:
        # Runs before Screen's own handler (Textual calls each class's handler in MRO order): that one
        # restyles the whole screen only while `refresh_styles` is set.
        if self._styled_theme == self.app.theme:
            event.refresh_styles = False
        self._styled_theme = self.app.theme
