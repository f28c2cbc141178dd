"""Screens built ahead, off-screen, while nobody waits: the dossier and the edit form.

A big screen that is refilled per person is built and laid out before it is first
needed, so that even its first opening in a session only fills it.

Textual has no public "build this installed screen now"; these two helpers do what `push_screen` and the
first resize do, and fall back to the ordinary way (built when first shown) if that ever fails.
"""

from __future__ import annotations

from typing import Callable

from textual.app import App
from textual.screen import Screen


def build_ahead(app: App, name: str, make: Callable[[], Screen]) -> None:
    """Install ``make()`` as ``name`` and build it off-screen (nothing when ``name`` is installed already)."""
    if app.is_screen_installed(name):
        return
    screen = make()
    app.install_screen(screen, name)
    _building(app).append(screen)
    try:
        app._load_screen_css(screen)  # what push_screen does first
        app._get_screen(screen)  # registers the screen: its widgets are composed and mounted now
    except Exception:
        pass  # then the first opening builds it, as before


def layout_ahead(screen: Screen) -> None:
    """The first layout of a screen built ahead (call from its on_mount, later), unless it is already shown."""
    def layout() -> None:
        if screen.app.screen is not screen:
            try:
                screen._refresh_layout(screen.app.size)
            except Exception:
                pass  # then it is laid out when shown, as any screen

    screen.app.call_later(layout)


def _building(app: App) -> list[Screen]:
    if not hasattr(app, "_built_ahead"):
        app._built_ahead = []  # type: ignore[attr-defined]
    return app._built_ahead  # type: ignore[attr-defined]


def still_building(app: App) -> bool:
    """A screen built ahead is still being mounted (its on_mount sets ``_ready``): quitting now would tear
    it down halfway, which Textual reports as an error. The app waits for it before it exits."""
    return any(not getattr(screen, "_ready", True) for screen in _building(app))
