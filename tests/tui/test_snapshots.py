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


async def _picker(pilot) -> None:
    """Several people share a word of their naam: enter offers them to pick from."""
    from collections import Counter

    from rules.text import search_key
    from tests.tui.conftest import wait_for
    from tui.screens.pick_person import PickPersonScreen

    await _caseload(pilot)
    entries = pilot.app.screen.entries
    words = Counter(word for e in entries for word in set(search_key(e.facts.naam).split()))
    word = min((w for w, n in words.items() if 3 <= n <= 6), key=lambda w: (words[w], w))
    await pilot.press(*word, "enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, PickPersonScreen))
    await pilot.pause()


def test_the_picker_with_several_hits_snapshot(snap_compare):
    assert snap_compare(demo_app(), terminal_size=(120, 36), run_before=_picker)


def test_the_picker_with_several_hits_snapshot_at_80_by_24(snap_compare):
    assert snap_compare(demo_app(), terminal_size=(80, 24), run_before=_picker)
