"""The Monitor screen, driven as a team leader would: open it, read the charts, flip to the numbers, change the period."""

from __future__ import annotations

from datetime import date

from textual.widgets import DataTable
from textual_plotext import PlotextPlot

from tests.tui.conftest import caseload_loaded, demo_app, on_screen, wait_for
from tui.screens.monitor import MonitorScreen


async def _open_monitor(app, pilot, periode=None) -> MonitorScreen:
    await caseload_loaded(pilot)
    screen = MonitorScreen(periode)
    app.push_screen(screen)
    await wait_for(pilot, lambda: screen.result is not None)
    await pilot.pause()
    return screen


async def test_monitor_opens_on_this_year_with_the_summary_and_the_monthly_chart():
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_monitor(app, pilot)
        assert (screen.result.periode.van, screen.result.periode.tot) == (date(2026, 1, 1), date(2026, 11, 22))
        total = screen.result.rapport.instroom["totaal"]
        assert on_screen(app, f"instroom {total}")
        assert on_screen(app, "Instroom en PIP's per maand")
        assert screen.query_one("#plot-maanden", PlotextPlot).display


async def test_c_shows_the_numbers_behind_every_chart_and_back():
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_monitor(app, pilot)
        await pilot.press("c")
        await pilot.pause()
        table = screen.query_one("#cijfers-maanden", DataTable)
        assert table.display and not screen.query_one("#plot-maanden", PlotextPlot).display
        assert table.row_count == 11  # january up to november
        assert on_screen(app, "nov 2026")
        instroom = screen.result.trends.instroom_per_maand
        assert [int(table.get_row_at(i)[1]) for i in range(table.row_count)] == list(instroom)
        await pilot.press("c")
        await pilot.pause()
        assert not table.display


async def test_changing_the_period_recomputes_the_figures():
    from rules.monitor import Periode

    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_monitor(app, pilot, Periode(date(2026, 7, 1), date(2026, 9, 30)))
        before = screen.result
        await pilot.press("left_square_bracket")  # the quarter before
        await wait_for(pilot, lambda: screen.result is not before)
        assert (screen.result.periode.van, screen.result.periode.tot) == (date(2026, 4, 1), date(2026, 6, 30))
        assert on_screen(app, "01-04-2026 tot en met 30-06-2026")

        await pilot.press("p")  # type a period of one's own
        van = screen.query_one("#monitor-van")
        van.value = ""
        await pilot.press(*"01-01-2025")
        screen.query_one("#monitor-tot").value = "31-12-2025"
        shown = screen.result
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.result is not shown)
        assert (screen.result.periode.van, screen.result.periode.tot) == (date(2025, 1, 1), date(2025, 12, 31))


async def test_a_period_backwards_says_what_is_wrong_and_keeps_the_figures():
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_monitor(app, pilot)
        shown = screen.result
        await pilot.press("p")
        screen.query_one("#monitor-van").value = "01-12-2026"
        screen.query_one("#monitor-tot").value = "01-11-2026"
        await pilot.press("enter")
        await pilot.pause()
        assert on_screen(app, "fout: De periode klopt niet")
        assert screen.result is shown
        await pilot.press("escape")  # leaves the date field first
        await pilot.press("escape")  # then the screen
        await pilot.pause()
        assert not isinstance(app.screen, MonitorScreen)
