"""A linked laptop opens as fast as an unlinked one: the team's work at start waits for the caseload's rows."""

from __future__ import annotations

from services import team
from tests.tui.conftest import caseload_loaded, demo_app, wait_for
from tests.tui.test_team import set_team_state


async def test_the_team_status_and_first_sync_wait_until_the_caseloads_rows_are_shown(monkeypatch):
    monkeypatch.setenv(team.ENV_PASSWORD, "x")  # no keyring lookup
    app = demo_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await caseload_loaded(pilot)
        set_team_state(app.store)  # linked, with one open conflict; the server (port 1) is out of reach
        calls = []
        real_refresh = app.refresh_team_status
        monkeypatch.setattr(app, "refresh_team_status", lambda **kwargs: calls.append(kwargs) or real_refresh(**kwargs))

        app.startup_line = None  # as just after start: the caseload's first rows are not on screen yet
        app.start_team()
        for _ in range(5):
            await pilot.pause()
        assert calls == []  # nothing competes with the caseload's own read
        assert "team:" not in app.sub_title

        app.startup_line = "Uw caseload: …"  # the rows are shown (CaseloadScreen sets this with its first rows)
        await wait_for(pilot, lambda: "team: 1 conflict" in app.sub_title, timeout=30)
        assert calls == [{"then_sync": True}]  # then the status, and the sync right after it
        await wait_for(pilot, lambda: app._team_timer is not None, timeout=30)
        assert app.is_running

