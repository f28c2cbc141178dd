"""SVG snapshots of the signalen worklist at a fixed size, clock and data."""

from __future__ import annotations

import pytest

from tests.tui.conftest import caseload_loaded, demo_app, wait_for


async def _signalen_shown(pilot) -> None:
    from tui.screens.signalen import SignalenScreen

    await caseload_loaded(pilot)
    await pilot.press("f5")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SignalenScreen) and bool(pilot.app.screen.items))
    pilot.app.clear_notifications()  # the start-up reminder expires after 12 s: under load it may be gone
    await pilot.pause()


@pytest.mark.parametrize("size", [(120, 36), (80, 24)], ids=["120x36", "80x24"])
def test_signalen_snapshot(snap_compare, size):
    assert snap_compare(demo_app(), terminal_size=size, run_before=_signalen_shown)
