"""The caseload home screen, driven with the keyboard."""

from __future__ import annotations

from tests.tui.conftest import caseload_loaded, demo_app


async def test_the_app_opens_on_the_demo_caseload_read_from_the_database(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await caseload_loaded(pilot)
        screen = app.screen
        assert 50 <= len(screen.entries) <= 70
        assert len(screen.shown) == len(screen.entries)
        status = str(screen.query_one("#statusbar").render())
        assert "personen" in status and "verlopen signalen" in status
        assert "DEMO" in app.sub_title


async def test_q_quits_cleanly(app):
    async with app.run_test() as pilot:
        await caseload_loaded(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_typing_a_name_filters_the_list_and_escape_clears_it(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await caseload_loaded(pilot)
        screen = app.screen
        target = screen.entries[5].facts
        await pilot.press("slash", *target.naam.split()[1][:4].lower())
        await pilot.pause()
        assert 0 < len(screen.shown) < len(screen.entries)
        assert all(target.naam.split()[1][:4].lower() in e.facts.naam.lower() for e in screen.shown)
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert len(screen.shown) == len(screen.entries)


async def test_the_last_digits_of_a_bsn_find_the_person(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await caseload_loaded(pilot)
        screen = app.screen
        person = next(e for e in screen.entries if e.record.bsn)
        await pilot.press("slash", *person.record.bsn[-5:])
        await pilot.pause()
        assert person.record.id in {e.record.id for e in screen.shown}


async def test_the_filter_and_sort_survive_a_restart():
    first = demo_app()
    async with first.run_test() as pilot:
        await caseload_loaded(pilot)
        await pilot.press("v", "s")
        await pilot.pause(0.3)
        await first.workers.wait_for_complete()
    second = demo_app()
    async with second.run_test() as pilot:
        await caseload_loaded(pilot)
        screen = second.screen
        assert screen.flt.verlopen is True
        assert screen.flt.sort == "naam"
        assert all(e.verlopen for e in screen.shown)


async def test_the_caseload_fits_an_80_by_24_terminal(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await caseload_loaded(pilot)
        header = "".join(seg.text for seg in app.screen.table.render_line(0))
        assert "Naam" in header and "Kenmerk" in header and "signaal" in header
        assert len(header) <= 80
