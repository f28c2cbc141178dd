"""The Monitor (F6) and DUO (F7, dossier tab 6, the instellingsnummer form) reached from inside the app."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette
from textual.widgets import Input, Static

from tests.tui.conftest import caseload_loaded, demo_app, on_screen, wait_for
from tui.screens.dossier import DossierScreen
from tui.screens.duo import DuoScreen, DuoTab
from tui.screens.duo_form import DuoGegevensForm
from tui.screens.help import HelpScreen
from tui.screens.monitor import MonitorScreen


async def test_f6_opens_the_monitor_and_escape_goes_back(app):
    async with app.run_test(size=(120, 36)) as pilot:
        await caseload_loaded(pilot)
        await pilot.press("f6")
        await wait_for(pilot, lambda: isinstance(app.screen, MonitorScreen) and app.screen.result is not None)
        assert on_screen(app, "instroom")
        await pilot.press("f6")  # already there: not a second one on the stack
        assert sum(isinstance(s, MonitorScreen) for s in app.screen_stack) == 1
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, MonitorScreen))


async def test_f7_opens_the_duo_screen_which_says_how_to_point_at_the_specification(app):
    async with app.run_test(size=(120, 36)) as pilot:
        await caseload_loaded(pilot)
        await pilot.press("f7")
        await wait_for(pilot, lambda: isinstance(app.screen, DuoScreen)
                       and "regie duo specificatie" in str(app.screen.query_one("#duo-melding", Static).render()))


async def test_the_palette_and_the_help_list_the_monitor_and_duo(app):
    async with app.run_test(size=(120, 36)) as pilot:
        await caseload_loaded(pilot)
        await pilot.press("ctrl+p", *"monitor")
        await wait_for(pilot, lambda: CommandPalette.is_open(app) and on_screen(app, "monitor: cijfers en grafieken"))
        await pilot.press("escape")
        await pilot.press("ctrl+p", *"rapport")  # what a team leader asked for the council report types
        await wait_for(pilot, lambda: CommandPalette.is_open(app) and on_screen(app, "monitor: cijfers en grafieken"))
        await pilot.press("escape")
        await pilot.press("ctrl+p", *"DUO: ber")
        await wait_for(pilot, lambda: CommandPalette.is_open(app) and on_screen(app, "DUO: berichten"))
        commands = app.screen.query_one(CommandList)
        await wait_for(pilot, lambda: commands.option_count >= 1 and commands.highlighted is not None
                       and "DUO: berichten" in str(commands.get_option_at_index(commands.highlighted).prompt))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DuoScreen))
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        help_text = app.screen.text.plain
        assert "DUO-aanlevering" in help_text and "verzenden naar DUO" in help_text
        assert "f6            monitor" in help_text and "f7            DUO-berichten" in help_text


async def _open_a_dossier(app, pilot) -> DossierScreen:
    await caseload_loaded(pilot)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, DossierScreen) and app.screen.data is not None)
    return app.screen


async def test_tab_6_of_the_dossier_shows_the_persons_duo_messages(app):
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _open_a_dossier(app, pilot)
        await pilot.press("6")
        await wait_for(pilot, lambda: screen.query_one("#tabs").active == "duo" and bool(screen.query(DuoTab)))
        tab = screen.query_one(DuoTab)
        assert tab.person_id == screen.person_id
        # The demo has no DUO specification: the tab says what to do instead of showing nothing.
        await wait_for(pilot, lambda: "specificatie" in str(tab.query_one("#duo-tab-melding", Static).render()))
        assert app.focused is tab.query_one("#duo-tab-berichten")


async def test_i_records_the_instellingsnummer_and_refuses_a_wrong_length_in_dutch(app):
    from services.duo import instellingsnummer

    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _open_a_dossier(app, pilot)
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, DuoGegevensForm)
                       and not app.screen.query_one("#instellingsnummer", Input).disabled)
        form = app.screen
        await pilot.press(*"12345", "enter")
        await wait_for(pilot, lambda: "precies 10 tekens" in str(form.query_one("#duo-form-fout", Static).render()))
        assert app.screen is form and instellingsnummer(app.store, person_id=screen.person_id) is None
        await pilot.press(*"00000", "ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen)
        assert instellingsnummer(app.store, person_id=screen.person_id) == "1234500000"
        assert screen.query_one("#tabs").active == "duo"
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, DuoGegevensForm)
                       and app.screen.query_one("#instellingsnummer", Input).value == "1234500000")


def test_monitor_snapshot(snap_compare):
    from datetime import date

    from rules.monitor import Periode

    async def open_monitor(pilot) -> None:
        await caseload_loaded(pilot)
        screen = MonitorScreen(Periode(date(2026, 1, 1), date(2026, 9, 30)))
        pilot.app.push_screen(screen)
        await wait_for(pilot, lambda: screen.result is not None)
        for field in screen.query(Input):
            field.cursor_blink = False
        pilot.app.clear_notifications()  # the start-up reminder expires at a moment that depends on load
        await pilot.pause()

    assert snap_compare(demo_app(), terminal_size=(120, 36), run_before=open_monitor)


def test_monitor_snapshot_at_80_by_24(snap_compare):
    """The narrow terminal: every month under the bars (abbreviated), whole numbers on the axis."""
    from datetime import date

    from rules.monitor import Periode

    async def open_monitor(pilot) -> None:
        await caseload_loaded(pilot)
        screen = MonitorScreen(Periode(date(2026, 1, 1), date(2026, 12, 31)))
        pilot.app.push_screen(screen)
        await wait_for(pilot, lambda: screen.result is not None)
        for field in screen.query(Input):
            field.cursor_blink = False
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(demo_app(), terminal_size=(80, 24), run_before=open_monitor)
