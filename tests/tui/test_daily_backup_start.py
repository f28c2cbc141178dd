"""The daily backup never slows the start (issue 16, point 1): it begins once the caseload's rows are on
screen and the keyboard has been quiet, and it is still made (checked, in the backup folder) that session."""

from __future__ import annotations

from datetime import date
from time import monotonic

import services.backups
from services.store import open_store
from storage.backup import list_backups
from storage.db import write_session
from storage.demo import seed_demo
from storage.paths import resolve
from storage.preferences import save_consulent
from tests.tui.conftest import TODAY, wait_for
from tui.app import IDLE_QUIET, RegieApp
from tui.screens.caseload import CaseloadScreen


async def test_the_daily_backup_waits_for_the_rows_and_a_quiet_keyboard(tmp_path, monkeypatch):
    locations = resolve(tmp_path / "regie.sqlite")
    store = open_store(locations, backup_on_start=False)
    with write_session(store.engine) as session:
        seed_demo(session.connection(), today=date(2026, 11, 22))
    store.close()
    save_consulent(locations.config_dir, "Anna de Vries")  # no first-start question
    assert list_backups(locations.backups, stem=locations.database.stem) == []

    app = RegieApp(locations, today=TODAY, backups=True, build_ahead=False)
    started: list[tuple[bool, float]] = []  # (rows on screen, seconds since the last key) when the backup began
    real_start = services.backups.start_backup_if_due

    def watched(opened, **kwargs):
        started.append((app.startup_line is not None, monotonic() - app._last_key))
        return real_start(opened, **kwargs)

    monkeypatch.setattr(services.backups, "start_backup_if_due", watched)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen) and app.screen.counts is not None)
        for letter in "xyz":  # someone starts typing at once: the backup waits
            await pilot.press(letter)
            await pilot.pause()
        await wait_for(pilot, lambda: bool(started), timeout=30)
        await wait_for(pilot, lambda: app._backup is not None and not app._backup.running, timeout=60)

    rows_shown, quiet_for = started[0]
    assert rows_shown
    assert quiet_for >= IDLE_QUIET
    assert app._backup.failed is None
    made = list_backups(locations.backups, stem=locations.database.stem)
    assert len(made) == 1 and "dagelijks" in made[0].name
