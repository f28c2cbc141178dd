"""The signalen screen: filters, afhandelen with a reason, snoozes that return,
the start-up line, and agreement with the caseload column and the CLI."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import text

from rules.engine import Ernst, most_pressing
from storage.paths import resolve
from tests.tui.conftest import TODAY, caseload_loaded, demo_app, wait_for
from tui.app import RegieApp
from cli.main import main as cli
from tui.screens.signalen import SignalenScreen


def app_on(day) -> RegieApp:
    return RegieApp(resolve(demo=True), demo=True, today=day, build_ahead=False)


async def open_signalen(pilot) -> SignalenScreen:
    await caseload_loaded(pilot)
    await pilot.press("f5")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SignalenScreen) and pilot.app.screen.items)
    return pilot.app.screen


async def test_the_start_up_line_counts_overdue_and_urgent_signalen_of_my_caseload(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await caseload_loaded(pilot)
        mine = [e for e in app.screen.entries if e.facts.consulent == app.consulent]
        expected = f"{sum(e.verlopen for e in mine)} verlopen en {sum(e.urgent for e in mine)} urgente signalen"
        assert expected in app.startup_line and "F5" in app.startup_line
        assert any(expected in str(n.message) for n in app._notifications)


async def test_the_list_starts_with_my_caseload_most_urgent_first_and_filters_by_ernst(app):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_signalen(pilot)
        assert screen.shown and all(i.consulent == app.consulent for i in screen.shown)
        ranks = [i.signaal.ernst.rank for i in screen.shown]
        assert ranks == sorted(ranks)
        await pilot.press("alt+e")  # ernst: verlopen only
        assert screen.shown and all(i.signaal.ernst.value == "verlopen" for i in screen.shown)
        await pilot.press("m")  # everybody's
        assert {i.consulent for i in screen.shown} != {app.consulent}


async def test_afhandelen_needs_a_reason_and_hides_the_signaal_with_who_and_why_kept(app):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_signalen(pilot)
        await pilot.press("h", "h")  # horizon: 6 weken → 3 maanden → alles
        target = next(i for i in screen.shown if i.signaal.soort == "pip_termijn")
        screen.table.cursor_row = screen.rows.index(target)
        await pilot.press("a")
        await pilot.press("enter")  # no reason typed
        await pilot.pause()
        assert "reden" in str(app.screen.query_one("#afhandelen-fout").render())
        await pilot.press(*"PIP gepland op 12-12", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SignalenScreen) and target.person_id not in
                       {i.person_id for i in app.screen.shown if i.signaal.soort == "pip_termijn"})
        with app.store.engine.connect() as connection:
            row = connection.execute(text("SELECT actie, reden, door FROM signaal_afhandeling")).one()
        assert tuple(row) == ("afgehandeld", "PIP gepland op 12-12", app.consulent)


async def test_a_snoozed_signaal_returns_when_its_date_has_come():
    first = app_on(TODAY)
    async with first.run_test(size=(120, 40)) as pilot:
        screen = await open_signalen(pilot)
        await pilot.press("m", "h", "h")
        target = next(i for i in screen.shown if i.signaal.soort == "pip_termijn")
        screen.table.cursor_row = screen.rows.index(target)
        await pilot.press("l", *"+2w", "enter", *"wacht op informatie van COA", "enter")
        await wait_for(pilot, lambda: isinstance(first.screen, SignalenScreen) and (target.person_id, "pip_termijn") not in
                       {(i.person_id, i.signaal.soort) for i in first.screen.items if i.afhandeling is None})

    def present(app):
        return (target.person_id, "pip_termijn") in {(i.person_id, i.signaal.soort) for i in app.screen.items if i.afhandeling is None}

    still_snoozed = app_on(TODAY + timedelta(days=13))
    async with still_snoozed.run_test(size=(120, 40)) as pilot:
        await open_signalen(pilot)
        assert not present(still_snoozed)
    back = app_on(TODAY + timedelta(days=14))
    async with back.run_test(size=(120, 40)) as pilot:
        await open_signalen(pilot)
        assert present(back)


@pytest.mark.parametrize("offset", [0, 45, 200, 700])
async def test_screen_caseload_column_and_cli_agree(offset, capsys):
    day = TODAY + timedelta(days=offset)
    app = app_on(day)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_signalen(pilot)
        await pilot.press("m", "h", "h")  # everybody, no horizon
        on_screen = {(i.kenmerk, str(i.signaal.soort), i.signaal.vervaldatum.isoformat()) for i in screen.shown}
        caseload = {e.facts.kenmerk: e.signaal for e in app.screen_stack[0].entries}
    assert cli(["signalen", "--per", day.isoformat(), "--json", "--demo"]) == 0
    from_cli = json.loads(capsys.readouterr().out)
    assert on_screen == {(r["kenmerk"], r["soort"], r["vervaldatum"]) for r in from_cli}
    per_person: dict[str, list] = {}
    for item in (i for i in screen.items if i.afhandeling is None):
        per_person.setdefault(item.kenmerk, []).append(item.signaal)
    for kenmerk, signaal in caseload.items():
        assert signaal == most_pressing(per_person.get(kenmerk, []))


async def test_the_export_key_asks_where_and_writes_the_list_as_csv_there(app, tmp_path):
    from textual.widgets import Input

    from tui.screens.export_pad import ExportPadScreen

    target = tmp_path / "teamoverleg.csv"
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_signalen(pilot)
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportPadScreen))
        assert any("niet versleuteld" in str(w.render()) for w in app.screen.query("Static"))
        field = app.screen.query_one(Input)
        assert field.value.endswith(".csv")  # a default name is offered
        field.value = str(tmp_path / "bestaat-niet" / "x.csv")
        await pilot.press("enter")
        await pilot.pause()
        assert "bestaat niet" in str(app.screen.query_one("#export-fout").render())
        field.value = str(target)
        await pilot.press("enter")
        await wait_for(pilot, lambda: target.exists())
        # a second export to the same file asks before overwriting
        await wait_for(pilot, lambda: isinstance(app.screen, SignalenScreen))
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportPadScreen))
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert "bestaat al" in str(app.screen.query_one("#export-fout").render())
        await pilot.press("escape")
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("ernst;vervaldatum;dagen;signaal") and len(lines) == len(screen.shown) + 1
    assert not list(resolve(demo=True).database.parent.glob("signalen-*.csv"))  # nothing left in the data folder


def test_cli_writes_the_signalen_as_csv(tmp_path, capsys):
    demo_app()  # nothing yet: build the demo database through the store
    from storage.store import open_demo_store

    open_demo_store(resolve(demo=True), today=TODAY).close()
    target = tmp_path / "lijst.csv"
    assert cli(["signalen", "--per", TODAY.isoformat(), "--csv", str(target), "--demo"]) == 0
    assert "signalen geschreven naar" in capsys.readouterr().out
    assert target.read_text(encoding="utf-8-sig").startswith("ernst;vervaldatum")


async def test_who_handled_a_signaal_and_why_is_visible_in_the_dossier(app):
    from tui.screens.dossier import DossierScreen

    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_signalen(pilot)
        await pilot.press("h", "h")
        target = next(i for i in screen.shown if i.signaal.soort == "pip_termijn")
        screen.table.cursor_row = screen.rows.index(target)
        await pilot.press("l", *"+3w", "enter", *"PIP gepland op 12-12", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SignalenScreen) and any(i.afhandeling for i in app.screen.items))
        still_open = [i.signaal for i in app.screen.items if i.person_id == target.person_id and i.afhandeling is None]
        app.open_dossier(target.person_id, tab="geschiedenis")
        await wait_for(pilot, lambda: isinstance(app.screen, DossierScreen) and app.screen.data is not None)
        history = str(app.screen.query_one("#geschiedenis-tabel").render())
        assert "uitgesteld tot" in history and app.consulent in history and "PIP gepland op 12-12" in history
        assert "bekeken" in history  # opening the dossier is itself in the audit trail
        # the tab counts what still needs doing, not the snoozed signaal
        verlopen = sum(1 for s in still_open if s.ernst.value == "verlopen")
        label = str(app.screen.query_one("TabbedContent").get_tab("signalen").label)
        assert label.endswith(f"Signalen ({f'{verlopen} verlopen' if verlopen else len(still_open)})")


async def test_the_list_is_grouped_under_a_heading_per_ernst_and_the_cursor_skips_headings(app):
    from tui.widgets.grouped_table import Heading

    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_signalen(pilot)
        await pilot.press("m", "h", "h")  # everybody, no horizon
        headings = [str(r) for r in screen.rows if isinstance(r, Heading)]
        groups = [e.label for e in Ernst if any(i.signaal.ernst is e for i in screen.shown)]
        assert [h.split(" (")[0] for h in headings] == groups
        assert headings[0] == f"{groups[0]} ({sum(1 for i in screen.shown if i.signaal.ernst.label == groups[0])})"
        assert screen.current() is screen.shown[0]  # the cursor starts on the first signaal, not on a heading
        first_of_second = screen.rows.index(next(i for i in screen.shown if i.signaal.ernst.label == groups[1]))
        screen.table.cursor_row = first_of_second - 2
        await pilot.press("down")  # from the last row of a group, over the next heading
        assert screen.table.cursor_row == first_of_second and screen.current() is not None
        await pilot.press("up")
        assert screen.table.cursor_row == first_of_second - 2
        lines = "\n".join(str(screen.table.render_line(y).text) for y in range(1, 4))
        assert headings[0] in lines


async def test_a_handled_signaal_can_be_shown_and_reopened_with_a_reason(app):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_signalen(pilot)
        await pilot.press("h", "h")
        target = next(i for i in screen.shown if i.signaal.soort == "pip_termijn")
        key = (target.person_id, "pip_termijn")

        def state():
            return {(i.person_id, str(i.signaal.soort)): i.afhandeling for i in app.screen.items}

        screen.table.cursor_row = screen.rows.index(target)
        await pilot.press("a", *"PIP gepland op 12-12", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SignalenScreen) and state().get(key) is not None)
        assert key not in {(i.person_id, str(i.signaal.soort)) for i in screen.shown}  # hidden by default
        await pilot.press("g")
        hidden = next(i for i in screen.shown if (i.person_id, str(i.signaal.soort)) == key)
        assert screen.shown[-1].afhandeling is not None  # handled ones come last, under their own heading
        screen.table.cursor_row = screen.rows.index(hidden)
        await pilot.pause()
        assert "Afgehandeld door Anna de Vries" in str(screen.query_one("#signalen-detail").render())
        await pilot.press("o", "enter")  # a reason is required here too
        await pilot.pause()
        assert "reden" in str(app.screen.query_one("#afhandelen-fout").render())
        await pilot.press(*"PIP ging niet door", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SignalenScreen) and key in state() and state()[key] is None)
        with app.store.engine.connect() as connection:
            rows = connection.execute(text("SELECT actie, reden FROM signaal_afhandeling ORDER BY id")).all()
        assert [tuple(r) for r in rows] == [("afgehandeld", "PIP gepland op 12-12"), ("heropend", "PIP ging niet door")]


async def test_reopening_a_signaal_that_is_open_explains_how_instead(app):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_signalen(pilot)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, SignalenScreen)  # no dialog for an open signaal


async def test_end_right_after_a_filter_change_shows_the_last_row_on_screen(app):
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_signalen(pilot)
        target = screen.current()
        await pilot.press("a", *"PIP gepland", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SignalenScreen) and any(i.afhandeling for i in app.screen.items))
        # g and End arriving together (as a fast typist or a terminal sends them): the list grows
        # and the cursor jumps to its new last row before the table has been laid out again
        screen.action_toggle_verborgen()
        screen.table.action_last()
        await pilot.pause(0.2)
        table = screen.table
        assert screen.current().afhandeling is not None and screen.current().kenmerk == target.kenmerk
        assert table.scroll_offset.y <= table.cursor_row < table.scroll_offset.y + table.page_height


async def test_uitstellen_saves_with_enter_in_the_date_once_a_reason_is_there_and_drops_a_fixed_error(app):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_signalen(pilot)
        await pilot.press("m", "h", "h")
        target = next(i for i in screen.shown if i.signaal.soort == "pip_termijn")
        screen.table.cursor_row = screen.rows.index(target)
        await pilot.press("l")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "AfhandelenScreen")
        form = app.screen
        form.query_one("#reden").value = "wacht op informatie van COA"
        await pilot.press(*"31-02-2026", "ctrl+s")
        await pilot.pause()
        assert "31-02-2026" in str(form.query_one("#afhandelen-fout").render())
        form.query_one("#tot").value = ""
        await pilot.press(*"+2w")
        await pilot.pause()
        assert str(form.query_one("#afhandelen-fout").render()).strip() == ""  # the old error went with the fix
        await pilot.press("enter")  # in the date field: saves, as the dialog says
        await wait_for(pilot, lambda: isinstance(app.screen, SignalenScreen) and (target.person_id, "pip_termijn") not in
                       {(i.person_id, i.signaal.soort) for i in app.screen.items if i.afhandeling is None})
