"""The app against a real teamdatabase: a colleague's aanmelding arrives in the caseload by the background sync."""

from __future__ import annotations

import asyncio

from services import team
from tests.team import laptops as lp
from tests.team.test_sync import GEMEENTE, consulent_url, teamdb  # noqa: F401  (fixture)
from tests.tui.conftest import caseload_loaded, demo_app, wait_for


def names(store) -> list[str]:
    from sqlalchemy import select

    from storage.db import read_session

    with read_session(store.engine) as session:
        return sorted(session.connection().execute(select(lp.PERSON.c.naam)).scalars())


async def test_the_background_sync_brings_a_colleagues_aanmelding_into_the_caseload(teamdb, tmp_path):
    url = consulent_url(teamdb, "anna")
    app = demo_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await caseload_loaded(pilot)
        await asyncio.to_thread(team.koppel, app.store, url, gemeente=GEMEENTE, author="anna")
        colleague = lp.open_laptop(tmp_path, "collega")
        await asyncio.to_thread(team.koppel, colleague, url, gemeente=GEMEENTE, author="bram")
        lp.aanmelding(colleague, naam="Collega Aanmelding Test", author="bram", kenmerk="COL-1")
        await asyncio.to_thread(team.sync, colleague, url=url)
        await asyncio.to_thread(team.sync, colleague, url=url)

        app.start_team()  # what the app does once the store is open
        screen = app.screen
        await wait_for(pilot, lambda: any(e.record.facts.naam == "Collega Aanmelding Test" for e in screen.entries), timeout=60)
        await wait_for(pilot, lambda: "team: bijgewerkt" in app.sub_title or "mogelijk dubbel" in app.sub_title)
        assert "offline" not in app.sub_title
        assert names(app.store) == names(colleague) and len(names(app.store)) > 1  # the colleague pulls the demo caseload too
