"""SVG snapshots at a fixed size, clock and data."""

from __future__ import annotations

from tests.tui.conftest import caseload_loaded, demo_app


def test_caseload_snapshot(snap_compare):
    assert snap_compare(demo_app(), terminal_size=(120, 36), run_before=caseload_loaded)


def test_caseload_snapshot_at_80_by_24(snap_compare):
    assert snap_compare(demo_app(), terminal_size=(80, 24), run_before=caseload_loaded)
