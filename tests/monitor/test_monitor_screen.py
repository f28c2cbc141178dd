"""The Monitor screen, driven as a team leader would: open it, read the charts, flip to the numbers, change the period."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import DataTable
from textual_plotext import PlotextPlot

from tests.tui.conftest import caseload_loaded, demo_app, on_screen, screen_lines, wait_for
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


async def test_the_bracket_on_the_default_period_shows_the_same_stretch_of_last_year():
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_monitor(app, pilot)  # this year up to today: 01-01-2026 … 22-11-2026
        before = screen.result
        await pilot.press("left_square_bracket")
        await wait_for(pilot, lambda: screen.result is not before)
        assert (screen.result.periode.van, screen.result.periode.tot) == (date(2025, 1, 1), date(2025, 11, 22))
        assert on_screen(app, "01-01-2025 tot en met 22-11-2025")


async def test_at_80_columns_every_month_is_named_and_the_axis_counts_whole_people():
    import re

    from rules.monitor import Periode

    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_monitor(app, pilot, Periode(date(2026, 1, 1), date(2026, 12, 31)))
        await pilot.pause()
        axis = next(line for line in screen_lines(app) if " jan " in f" {line} ")
        assert axis.split() == ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
        # no fractional people on the y-axis ("6.7"), and the bars are told apart by more than colour
        assert not any(re.match(r"\s*\d+[.,]\d+┤", line) for line in screen_lines(app))
        assert on_screen(app, "█ instroom (vol)") and on_screen(app, "░ PIP's vastgesteld (gearceerd)")


async def test_the_period_fields_show_a_whole_date_while_typing_at_80_columns():
    app = demo_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_monitor(app, pilot)
        await pilot.press("p")
        screen.query_one("#monitor-van").value = ""
        await pilot.press(*"01-07-2026")
        await pilot.pause()
        assert on_screen(app, " 01-07-2026 ")  # the first digit is not scrolled out of the field


async def test_the_zroute_chart_says_it_measures_taal_knm_only_and_names_the_figure_it_differs_from():
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_monitor(app, pilot)
        screen.query_one("#monitor-tabs").active = "tab-zroute"
        await pilot.pause()
        z = screen.result.rapport.zroute_op_schema
        assert on_screen(app, "uren taal/KNM als % van het verwachte tempo")
        assert on_screen(app, f"Alleen de uren taal/KNM. ‘Op schema’ ({z['op_schema']}) en ‘achter’ ({z['achter']})")


def test_month_labels_shrink_knowingly_to_fit_every_month():
    from tui.screens.monitor import maand_labels

    maanden = ("nov 2025", "dec 2025", "jan 2026")
    assert maand_labels(maanden, 30) == ["nov 25", "dec 25", "jan 26"]
    assert maand_labels(maanden, 12) == ["nov", "dec", "jan"]
    assert maand_labels(maanden, 9) == ["n", "d", "j"]


@pytest.mark.parametrize(("maximum", "labels"), [
    (0, ["0", "1"]), (3, ["0", "1", "2", "3"]), (6.7, ["0", "2", "4", "6", "8"]), (17, ["0", "5", "10", "15", "20"]),
    (76.5, ["0", "20", "40", "60", "80"]),
])
def test_chart_axes_count_in_whole_numbers(maximum, labels):
    from tui.screens.monitor import hele_getallen_as

    assert hele_getallen_as(maximum)[1] == labels
