"""The dossier and the edit form are built ahead, off-screen, while nobody types (issue 16 point 2, issue 17
point 17): the first opening of a session fills the screen built ahead, and shows only that person."""

from __future__ import annotations

import pytest

import tui.app
from tests.tui.conftest import caseload_loaded, demo_app, wait_for
from tui.screens import dossier as dossier_module
from tui.screens import person_form as form_module
from tui.screens.dossier import DossierScreen
from tui.screens.person_form import PersonFormScreen


@pytest.fixture
def quick_idle(monkeypatch):
    monkeypatch.setattr(tui.app, "IDLE_QUIET", 0.05)


def _built(app, name: str):
    return app.get_screen(name) if app.is_screen_installed(name) else None


async def test_the_first_dossier_and_form_of_a_session_are_the_screens_built_ahead(quick_idle):
    app = demo_app(build_ahead=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await caseload_loaded(pilot)
        await wait_for(pilot, lambda: (screen := _built(app, dossier_module.INSTALLED_NAME)) is not None and screen._ready)
        dossier_ahead = _built(app, dossier_module.INSTALLED_NAME)
        assert app.screen is not dossier_ahead  # built off-screen: the caseload stays in view
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DossierScreen) and app.screen.data is not None)
        assert app.screen is dossier_ahead
        naam = app.screen.data.facts.naam
        assert naam in str(app.screen.query_one("#dossier-header").render())

        await wait_for(pilot, lambda: (screen := _built(app, form_module.INSTALLED_NAME)) is not None and screen._ready)
        form_ahead = _built(app, form_module.INSTALLED_NAME)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, PersonFormScreen) and app.screen.original is not None)
        assert app.screen is form_ahead
        assert form_ahead.widget("naam").value == naam


async def test_nothing_is_built_ahead_while_the_consulent_keeps_typing(quick_idle, monkeypatch):
    monkeypatch.setattr(tui.app, "IDLE_QUIET", 0.4)
    app = demo_app(build_ahead=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await caseload_loaded(pilot)
        for key in "ahmad":  # a key every 0.1 s: never 0.4 s quiet
            await pilot.press(key)
            await pilot.pause(0.1)
            assert _built(app, dossier_module.INSTALLED_NAME) is None
        await wait_for(pilot, lambda: (screen := _built(app, dossier_module.INSTALLED_NAME)) is not None and screen._ready)


async def test_quitting_while_a_screen_is_built_ahead_waits_for_it_and_ends_cleanly(quick_idle):
    app = demo_app(build_ahead=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await caseload_loaded(pilot)
        await wait_for(pilot, lambda: _built(app, dossier_module.INSTALLED_NAME) is not None)
        await pilot.press("ctrl+q")  # possibly halfway through the building
        await wait_for(pilot, lambda: app._exit_renderables is not None or not app.is_running)
    assert app.return_code == 0


async def test_the_edit_form_is_built_ahead_before_the_first_dossier_is_opened(quick_idle):
    """Two quiet moments after the start: the dossier, then the edit form, so the first e of a session
    only fills a form, also when the consulent presses it right after the first dossier."""
    app = demo_app(build_ahead=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await caseload_loaded(pilot)
        await wait_for(pilot, lambda: (screen := _built(app, form_module.INSTALLED_NAME)) is not None and screen._ready)
        assert isinstance(app.screen, tui.app.CaseloadScreen)  # nothing opened: both were built off-screen
        dossier_ahead = _built(app, dossier_module.INSTALLED_NAME)
        form_ahead = _built(app, form_module.INSTALLED_NAME)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DossierScreen) and app.screen.data is not None)
        assert app.screen is dossier_ahead
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, PersonFormScreen) and app.screen.original is not None)
        assert app.screen is form_ahead
        assert form_ahead.widget("naam").value == dossier_ahead.data.facts.naam
