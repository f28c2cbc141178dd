"""SVG snapshots at a fixed size, clock and data."""

from __future__ import annotations

from tests.tui.conftest import caseload_loaded, demo_app


async def _caseload(pilot) -> None:
    await caseload_loaded(pilot)
    # The search box has focus: a blinking cursor would make the picture depend on the moment.
    pilot.app.screen.query_one("#filter").cursor_blink = False
    pilot.app.clear_notifications()  # the start-up reminder expires after 12 s: under load it may be gone
    await pilot.pause()


def test_caseload_snapshot(snap_compare):
    assert snap_compare(demo_app(), terminal_size=(120, 36), run_before=_caseload)


def test_caseload_snapshot_at_80_by_24(snap_compare):
    assert snap_compare(demo_app(), terminal_size=(80, 24), run_before=_caseload)
