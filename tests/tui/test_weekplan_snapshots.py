"""SVG snapshots of the weekplan and uren screens for the demo's first Z-route person, at a fixed size and clock."""

from __future__ import annotations

import pytest

from tests.tui.conftest import demo_app
from tests.tui.test_uren import open_uren
from tests.tui.test_weekplan import open_weekplan


async def _weekplan(pilot) -> None:
    await open_weekplan(pilot)
    pilot.app.clear_notifications()  # toasts from the caseload come and go with time
    await pilot.pause(0.1)


async def _uren(pilot) -> None:
    await open_uren(pilot)
    pilot.app.clear_notifications()
    await pilot.pause(0.1)


@pytest.mark.parametrize("size", [(120, 36), (80, 24)], ids=["120x36", "80x24"])
def test_weekplan_snapshot(snap_compare, size):
    assert snap_compare(demo_app(), terminal_size=size, run_before=_weekplan)


@pytest.mark.parametrize("size", [(120, 36), (80, 24)], ids=["120x36", "80x24"])
def test_uren_snapshot(snap_compare, size):
    assert snap_compare(demo_app(), terminal_size=size, run_before=_uren)
