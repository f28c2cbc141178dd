"""Asking DUO from the app (issue 19, point 6): the DUO screen for the caseload, the dossier's DUO tab for one person."""

from __future__ import annotations

from datetime import date

from textual.app import App
from textual.widgets import DataTable, Static

from tests.duo.conftest import TODAY, add_person
from tests.duo.test_opvragen import BSN, duo_kent
from tests.duo.test_tui_duo import _Host, _wait
from tui.screens.duo import DuoScreen, DuoTab


def _text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_d_on_the_duo_screen_asks_duo_in_the_background_and_shows_the_differences(store, configured, fake_duo):
    add_person(store, "IB-1", kennisgeving_duo=date(2026, 1, 20))
    add_person(store, "IB-ZONDER", bsn=None)
    fake_duo.personen[BSN] = duo_kent()
    app = _Host(lambda host: DuoScreen(store, today=TODAY, config_dir=configured))
    async with app.run_test(size=(140, 40)) as pilot:
        await _wait(pilot, lambda: isinstance(app.screen, DuoScreen) and app.screen.overzicht is not None)
        screen = app.screen
        await pilot.press("d")
        await _wait(pilot, lambda: "Opgevraagd bij DUO: 1 opgevraagd, 1 bijgewerkt" in _text(screen, "#duo-melding"))
        assert "1 zonder BSN overgeslagen" in _text(screen, "#duo-melding")
        await _wait(pilot, lambda: "DUO zegt" in _text(screen, "#duo-verschillen"))
        assert "IB-1: kennisgeving DUO: DUO zegt 10-01-2026, regie heeft 20-01-2026" in _text(screen, "#duo-verschillen")
        assert BSN not in _text(screen, "#duo-melding") + _text(screen, "#duo-verschillen")


async def test_while_duo_does_not_answer_the_screen_stays_usable_and_then_says_why(store, configured, fake_duo):
    add_person(store, "IB-1")
    add_person(store, "IB-2", bsn="999990020")
    fake_duo.modes.append("timeout")
    app = _Host(lambda host: DuoScreen(store, today=TODAY, config_dir=configured))
    async with app.run_test(size=(140, 40)) as pilot:
        await _wait(pilot, lambda: isinstance(app.screen, DuoScreen) and app.screen.overzicht is not None)
        screen = app.screen
        table = screen.query_one("#duo-personen", DataTable)
        await pilot.press("d")
        assert "DUO wordt gevraagd" in _text(screen, "#duo-melding")
        await pilot.press("down")  # the UI answers keys while the worker waits for DUO
        await pilot.pause()
        assert table.cursor_row == 1 and "DUO wordt gevraagd" in _text(screen, "#duo-melding")
        await _wait(pilot, lambda: "Onderbroken: geen antwoord van DUO binnen de wachttijd" in _text(screen, "#duo-melding"))
        assert "Traceback" not in _text(screen, "#duo-melding")


async def test_d_in_the_dossiers_duo_tab_asks_about_this_person_and_shows_duo_zegt_regie_heeft(store, configured, fake_duo):
    person = add_person(store, "IB-1", map_eindgesprek=date(2026, 9, 1))
    add_person(store, "IB-2", bsn="999990020")  # not asked: the tab asks about its own person only
    fake_duo.personen[BSN] = duo_kent(**{"/personen/{bsn}/map": {"datumEindgesprekMap": "2026-09-15"}})

    class Tab(App):
        def compose(self):
            yield DuoTab(store, person_id=person, today=TODAY, config_dir=configured)

    app = Tab()
    async with app.run_test(size=(160, 50)) as pilot:
        tab = app.query_one(DuoTab)
        await _wait(pilot, lambda: tab.data is not None)
        assert "Nog niet bij DUO opgevraagd" in _text(app, "#duo-tab-opvraging")
        await pilot.press("d")
        await _wait(pilot, lambda: "Bij DUO opgevraagd op" in _text(app, "#duo-tab-opvraging"))
        shown = _text(app, "#duo-tab-opvraging")
        assert "MAP-eindgesprek: DUO zegt 15-09-2026, regie heeft 01-09-2026" in shown
        assert "Inburgeringstermijn volgens DUO: 03-03-2026 tot 03-06-2029 (exclusief)" in shown
        assert "Opgevraagd bij DUO: 1 opgevraagd" in _text(app, "#duo-tab-melding")
        assert {r.path.split("/")[2] for r in fake_duo.received} == {BSN}


async def test_the_palette_entry_opens_the_duo_screen_and_asks_at_once():
    """Without a DUO connection in the settings, asking says so in Dutch instead of doing nothing."""
    from tests.tui.conftest import caseload_loaded, demo_app

    app = demo_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await caseload_loaded(pilot)
        assert any(command.title.startswith("DUO: opvragen") for command in app.get_system_commands(app.screen))
        app.action_duo_opvragen()

        def melding() -> str:
            try:
                return _text(app.screen, "#duo-melding") if isinstance(app.screen, DuoScreen) else ""
            except Exception:
                return ""  # still being built

        # The screen's own check of the messages may say first that the specification is missing; the
        # question to DUO then ends with its own answer, which is what this entry is for.
        await _wait(pilot, lambda: melding().startswith("Niet opgevraagd:"))
        assert "regie duo specificatie" in melding()
