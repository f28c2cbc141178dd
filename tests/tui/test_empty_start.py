"""A new user on an empty database is shown how to start (issue 17, point 21), on a wide and a small terminal."""

from __future__ import annotations

import pytest

from services.store import open_store
from storage.paths import resolve
from tests.tui.conftest import TODAY, screen_lines, wait_for
from tui.app import RegieApp
from tui.screens.caseload import CaseloadScreen


@pytest.mark.parametrize("size", [(120, 36), (80, 24)])
async def test_an_empty_caseload_says_how_to_start(tmp_path, size):
    locations = resolve(tmp_path / "regie.sqlite")
    open_store(locations, backup_on_start=False).close()
    app = RegieApp(locations, today=TODAY, backups=False, build_ahead=False)
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: app.store is not None)
        while not isinstance(app.screen, CaseloadScreen):  # the first-start question (the consulent's name)
            await pilot.press("escape")
            await pilot.pause()
        await wait_for(pilot, lambda: app.screen.counts is not None)
        await pilot.pause()
        text = " ".join(line.strip() for line in screen_lines(app))
        assert "Nog geen personen." in text
        assert "F4: nieuwe aanmelding" in text
        assert "regie import personen BESTAND" in text  # whole, also at 80 columns
