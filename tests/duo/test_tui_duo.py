"""The DUO screen and the dossier's DUO tab, driven with App.run_test()."""

from __future__ import annotations

import asyncio
from datetime import date

from textual.app import App
from textual.widgets import DataTable, Static

from services.duo import verzend
from tests.duo.conftest import TODAY, add_person
from tui.screens.duo import DuoScreen, DuoTab


async def _wait(pilot, condition, timeout: float = 15.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "the screen did not load in time"
        await pilot.pause(0.05)


class _Host(App):
    def __init__(self, make) -> None:
        super().__init__()
        self.make = make
        self.opened: list[int] = []

    def on_mount(self) -> None:
        self.push_screen(self.make(self))


async def test_the_duo_screen_counts_messages_per_status_and_opens_a_person(store, configured):
    blocked = add_person(store, "IB-GEBLOKKEERD", leerroute="z", niveau="B1")
    add_person(store, "IB-KLAAR", bsn="999990020", map_eindgesprek=date(2026, 9, 1))
    app = _Host(lambda host: DuoScreen(store, today=TODAY, config_dir=configured, on_open=host.opened.append))
    async with app.run_test(size=(120, 30)) as pilot:
        await _wait(pilot, lambda: isinstance(app.screen, DuoScreen) and app.screen.overzicht is not None)
        await pilot.pause()
        telling = str(app.screen.query_one("#duo-telling", Static).render())
        assert "2 klaar" in telling and "1 geblokkeerd" in telling and "0 afgewezen" in telling
        table = app.screen.query_one("#duo-personen", DataTable)
        assert table.row_count == 2
        await pilot.press("enter")
        assert app.opened == [blocked]  # sorted by name: IB-GEBLOKKEERD first


async def test_without_the_specification_the_screen_says_how_to_set_it(store, cfg):
    add_person(store, "IB-1")
    app = _Host(lambda host: DuoScreen(store, today=TODAY, config_dir=cfg))
    async with app.run_test(size=(120, 30)) as pilot:
        await _wait(pilot, lambda: isinstance(app.screen, DuoScreen)
                    and "specificatie" in str(app.screen.query_one("#duo-melding", Static).render()))


async def test_the_dossier_tab_shows_why_blocked_and_duos_refusal_texts(store, configured, fake_duo):
    person = add_person(store, "IB-1", map_eindgesprek=date(2026, 12, 1))
    fake_duo.modes.append("weiger")
    verzend(store, as_of=TODAY, config_dir=configured)

    class Tab(App):
        def compose(self):
            yield DuoTab(store, person_id=person, today=TODAY, config_dir=configured)

    app = Tab()
    async with app.run_test(size=(160, 30)) as pilot:
        tab = app.query_one(DuoTab)
        await _wait(pilot, lambda: tab.data is not None)
        await pilot.pause()
        table = app.query_one("#duo-tab-berichten", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows[0][0] == "PIP" and rows[0][1] == "afgewezen door DUO" and fake_duo.refusal[0] in rows[0][2]
        assert rows[1][0] == "MAP-eindgesprek" and rows[1][1] == "geblokkeerd" and "toekomst" in rows[1][2]


async def test_v_asks_before_sending_and_sends_in_the_background_only_after_ja(store, configured, fake_duo):
    from tui.screens.confirm import ConfirmScreen

    add_person(store, "IB-KLAAR", map_eindgesprek=date(2026, 9, 1))
    app = _Host(lambda host: DuoScreen(store, today=TODAY, config_dir=configured))
    async with app.run_test(size=(120, 30)) as pilot:
        await _wait(pilot, lambda: isinstance(app.screen, DuoScreen) and app.screen.overzicht is not None)
        screen = app.screen
        await pilot.press("v")
        await _wait(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "2 klaar" in str(app.screen.query_one("#detail", Static).render())
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen and fake_duo.received == []  # nee: nothing left for DUO
        await pilot.press("v")
        await _wait(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("j")
        await _wait(pilot, lambda: "Verzonden: 2 geaccepteerd" in str(screen.query_one("#duo-melding", Static).render()))
        await _wait(pilot, lambda: screen.overzicht.telling.get("geaccepteerd") == 2)
        assert len(fake_duo.applied) == 2


async def test_a_failed_send_is_said_in_dutch_on_the_screen(store, configured):
    from tui.screens.confirm import ConfirmScreen

    add_person(store, "IB-KLAAR")  # no certificate configured: DUO cannot be reached from here
    app = _Host(lambda host: DuoScreen(store, today=TODAY, config_dir=configured))
    async with app.run_test(size=(120, 30)) as pilot:
        await _wait(pilot, lambda: isinstance(app.screen, DuoScreen) and app.screen.overzicht is not None)
        screen = app.screen
        await pilot.press("v")
        await _wait(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("j")
        await _wait(pilot, lambda: "Niet verzonden:" in str(screen.query_one("#duo-melding", Static).render()))
        assert "Traceback" not in str(screen.query_one("#duo-melding", Static).render())
