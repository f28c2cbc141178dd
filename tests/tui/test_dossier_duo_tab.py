"""The dossier's DUO tab follows the dossier from person to person (found by a tester: the second dossier after
the DUO tab had been shown ended the app with "DuplicateIds: … 'duo-tab'")."""

from __future__ import annotations

from tests.tui.conftest import caseload_loaded, demo_app, wait_for
from tui.screens.caseload import CaseloadScreen
from tui.screens.dossier import DossierScreen
from tui.screens.duo import DuoTab


async def _open(pilot, row: int) -> DossierScreen:
    app = pilot.app
    caseload = app.screen
    caseload.table.cursor_row = row
    await pilot.pause()
    person_id = caseload.shown[row].record.id
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, DossierScreen) and app.screen.data is not None
                   and app.screen.person_id == person_id)
    return app.screen


async def test_the_duo_tab_shows_each_next_person_and_the_app_keeps_running():
    app = demo_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await caseload_loaded(pilot)
        first = await _open(pilot, 0)
        await pilot.press("6")  # the DUO tab is built for the first person
        await wait_for(pilot, lambda: bool(first.query(DuoTab)))
        await pilot.pause()
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen))

        for row in (1, 2):  # the next dossiers: the same screen, refilled, its DUO tab too
            dossier = await _open(pilot, row)
            await wait_for(pilot, lambda: dossier.query_one(DuoTab).person_id == dossier.person_id)
            await pilot.pause()
            assert len(dossier.query(DuoTab)) == 1
            await pilot.press("down", "down", "enter")  # what the tester pressed next
            await pilot.pause()
            assert app.is_running
            while not isinstance(app.screen, CaseloadScreen):
                await pilot.press("escape")
                await pilot.pause()
