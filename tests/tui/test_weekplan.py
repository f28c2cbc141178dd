"""The weekplan screen, driven with the keyboard, and the printable page."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import text

from rules.model import Taalvorm, WeekplanCategorie
from rules.weekplan import Week, WeekplanItem, plan_week
from storage.weekplan import list_entries
from tests.tui.conftest import on_screen, TODAY, caseload_loaded, wait_for
from services.weekplan_print import render_weekplan_html


def first_zroute_person(app) -> int:
    """The demo's first active Z-route person (by kenmerk) who has a weekplan: fixed for a fixed demo."""
    with app.store.engine.connect() as connection:
        return connection.execute(text(
            "SELECT p.id FROM person p WHERE p.leerroute = 'z' AND p.status = 'actief' "
            "AND EXISTS (SELECT 1 FROM weekplan_entry w WHERE w.person_id = p.id) ORDER BY p.kenmerk LIMIT 1"
        )).scalar()


def person_without_weekplan(app) -> int:
    with app.store.engine.connect() as connection:
        return connection.execute(text(
            "SELECT p.id FROM person p WHERE NOT EXISTS (SELECT 1 FROM weekplan_entry w WHERE w.person_id = p.id) "
            "ORDER BY p.kenmerk LIMIT 1"
        )).scalar()


async def open_weekplan(pilot, person_id: int | None = None):
    from tui.screens.weekplan import WeekplanScreen

    await caseload_loaded(pilot)
    app = pilot.app
    app.open_weekplan(person_id or first_zroute_person(app))
    await wait_for(pilot, lambda: isinstance(app.screen, WeekplanScreen) and app.screen.loaded)
    await pilot.pause()
    return app.screen


def stored(app, person_id: int) -> list[WeekplanItem]:
    with app.store.engine.connect() as connection:
        return list_entries(connection=connection, person_id=person_id)


def shown(screen) -> str:
    return screen.grid.plain


def static_text(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def type_into(pilot, selector: str, value: str) -> None:
    field = pilot.app.screen.query_one(selector)
    field.focus()
    field.value = ""
    await pilot.press(*value)


async def test_the_weekplan_opens_on_this_week_with_activities_and_totals(app):
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_weekplan(pilot)
        assert screen.week == Week.of(TODAY)
        assert "week 47, 16-11-2026 t/m 22-11-2026" in static_text(screen, "#wp-week")
        assert "(deze week)" in static_text(screen, "#wp-week")
        grid = shown(screen)
        assert "Taalles" in grid and "taal formeel" in grid and "participatie" in grid
        totals = static_text(screen, "#wp-totals")
        assert "taal" in totals and "doel 12 u" in totals
        assert "tekort" in totals or "doel gehaald" in totals


async def test_brackets_browse_the_weeks_and_show_what_applies_then(app):
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_weekplan(pilot)
        first = min(e.geldig_van for e in screen.entries)
        await pilot.press("right_square_bracket")
        assert "week 48, 23-11-2026 t/m 29-11-2026" in static_text(screen, "#wp-week")
        # back to before the plan started: nothing applies then
        screen.week = Week.of(first).plus(-1)
        screen.show_week()
        await pilot.pause()
        assert "Taalles" not in shown(screen)
        await pilot.press("right_square_bracket", "right_square_bracket")  # a full week after the start
        assert "Taalles" in shown(screen)
        await pilot.press("d")
        assert screen.week == Week.of(TODAY)


async def test_holidays_are_marked_with_their_dutch_name(app):
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_weekplan(pilot)
        for _ in range(5):  # week 47 -> week 52
            await pilot.press("right_square_bracket")
        assert "week 52" in static_text(screen, "#wp-week")
        assert "Eerste kerstdag" in static_text(screen, "#wp-week")
        assert "Eerste kerstdag" in shown(screen)


async def test_activities_on_a_holiday_are_flagged_in_the_week(app):
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_weekplan(pilot)
        await pilot.press(*["right_square_bracket"] * 19)  # week 47 of 2026 -> week 13 of 2027
        assert "week 13, 29-03-2027" in static_text(screen, "#wp-week")
        monday = screen.days[0]
        assert monday.feestdag == "Tweede paasdag" and monday.items
        assert f"ma Tweede paasdag ({len(monday.items)} activiteit" in static_text(screen, "#wp-week")
        grid = shown(screen)
        # the maandag's heading names the holiday and each of its activities says so; the other days' do not
        column = [line.split("│")[0] for line in grid.splitlines()]
        assert column[1].strip() == "Tweede paasdag"
        assert sum("FEESTDAG" in cell for cell in column) == len(monday.items)
        assert grid.count("FEESTDAG") == len(monday.items)


async def test_activities_on_a_holiday_are_flagged_at_80_by_24(app):
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_weekplan(pilot)
        await pilot.press(*["right_square_bracket"] * 19)
        lines = shown(screen).splitlines()
        assert lines[0].startswith("maandag 29-03-2027  feestdag: Tweede paasdag")
        monday = lines[1:1 + len(screen.days[0].items)]
        assert monday and all("FEESTDAG" in line for line in monday)
        assert sum("FEESTDAG" in line for line in lines) == len(screen.days[0].items)


async def test_adding_an_activity_from_the_keyboard_saves_it_and_flags_an_overlap(app):
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_weekplan(pilot)
        person_id = screen.person_id
        before = len(stored(app, person_id))
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "WeekplanFormScreen")
        form = app.screen
        form.query_one("#f-weekdag").value = 0  # maandag, where the demo has a lesson 09:00-12:00
        await type_into(pilot, "#f-start", "11:00")
        await type_into(pilot, "#f-eind", "12:30")
        form.query_one("#f-soort").value = "participatie"
        await type_into(pilot, "#f-activiteit", "Zwemles")
        await type_into(pilot, "#f-aanbieder", "Zwembad De Vijf")
        await pilot.press("enter")
        # It overlaps the lesson: the form asks before saving, as other warnings do.
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "ConfirmScreen")
        assert on_screen(app, "overlapt met") and on_screen(app, "Toch opslaan?")
        await pilot.press("j")
        await wait_for(pilot, lambda: app.screen is screen and any(e.activiteit == "Zwemles" for e in screen.entries))
        await pilot.pause()
        entries = stored(app, person_id)
        assert len(entries) == before + 1
        zwemles = next(e for e in entries if e.activiteit == "Zwemles")
        assert (zwemles.weekdag, zwemles.start_tijd, zwemles.eind_tijd) == (0, time(11), time(12, 30))
        assert zwemles.categorie is WeekplanCategorie.PARTICIPATIE
        assert zwemles.geldig_van == date(2026, 11, 16)  # the maandag of the week in view
        assert "OVERLAP" in shown(screen)
        assert screen.grid.current[1].activiteit == "Zwemles"  # the cursor is on what was just added


async def test_an_overlapping_activity_is_not_saved_when_the_question_is_answered_no(app):
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_weekplan(pilot)
        person_id = screen.person_id
        before = stored(app, person_id)
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "WeekplanFormScreen")
        form = app.screen
        form.query_one("#f-weekdag").value = 0
        await type_into(pilot, "#f-start", "10:00")
        await type_into(pilot, "#f-eind", "11:00")
        await type_into(pilot, "#f-activiteit", "Taalcafé")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "ConfirmScreen")
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is form)
        await pilot.pause()
        assert on_screen(app, "Niet opgeslagen: overlapt met")
        assert stored(app, person_id) == before


async def test_a_rejected_form_shows_a_dutch_error_and_stores_nothing(app):
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_weekplan(pilot)
        before = stored(app, screen.person_id)
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "WeekplanFormScreen")
        await type_into(pilot, "#f-start", "14:00")
        await type_into(pilot, "#f-eind", "13:00")
        await type_into(pilot, "#f-activiteit", "Zwemles")
        await pilot.press("enter")
        await pilot.pause(0.2)
        form = app.screen
        assert form.__class__.__name__ == "WeekplanFormScreen"
        assert "De eindtijd (13:00) moet na de begintijd (14:00) liggen" in str(form.query_one(".-fout .form-field--message").render())
        assert "Niet opgeslagen" in static_text(form, "#wf-status")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert stored(app, screen.person_id) == before


async def test_ending_an_activity_keeps_it_in_earlier_weeks(app):
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_weekplan(pilot)
        chosen = screen.grid.current[1]
        await pilot.press("x")
        await wait_for(pilot, lambda: any(e.id == chosen.id and e.geldig_tot for e in screen.entries))
        (ended,) = [e for e in stored(app, screen.person_id) if e.id == chosen.id]
        assert ended.geldig_tot == date(2026, 11, 22)  # the zondag of the week in view
        assert ended.geldig_van == chosen.geldig_van
        assert any(i.id == chosen.id for d in screen.days for i in d.items)  # still this week
        await pilot.press("right_square_bracket")
        assert sum(1 for d in screen.days for i in d.items if i.id == chosen.id) == 0
        # vorige week kopiëren brings it back from week 48 on, as a new period
        await pilot.press("v")
        await wait_for(pilot, lambda: len(screen.entries) == len(stored(app, screen.person_id)) and any(
            e.id != chosen.id and e.activiteit == chosen.activiteit and e.geldig_van == date(2026, 11, 23) for e in screen.entries))


async def test_editing_from_a_later_week_leaves_the_earlier_weeks_as_they_were_planned(app):
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_weekplan(pilot)
        await pilot.press("right_square_bracket")  # week 48
        chosen = screen.grid.current[1]
        assert chosen.geldig_van < date(2026, 11, 16)  # planned long before
        await pilot.press("e")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "WeekplanFormScreen")
        form = app.screen
        assert form.query_one("#f-geldig_van").value == "23-11-2026"
        assert "eerdere weken houden het oude plan" in static_text(form, "#wf-vanaf")
        await type_into(pilot, "#f-activiteit", "Taalles A2")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen and any(e.activiteit == "Taalles A2" for e in screen.entries))
        await pilot.pause()
        assert "Taalles A2" in shown(screen)
        assert screen.grid.current[1].activiteit == "Taalles A2"
        old = next(e for e in stored(app, screen.person_id) if e.id == chosen.id)
        assert (old.activiteit, old.geldig_van, old.geldig_tot) == (chosen.activiteit, chosen.geldig_van, date(2026, 11, 22))
        await pilot.press("left_square_bracket")  # week 47 still shows what was planned then
        await pilot.pause()
        assert "Taalles A2" not in shown(screen)
        assert any(i.id == chosen.id for d in screen.days for i in d.items)


async def test_editing_an_activity_in_its_first_week_changes_it_in_place(app):
    async with app.run_test(size=(120, 36)) as pilot:
        await caseload_loaded(pilot)
        person_id = person_without_weekplan(app)
        screen = await open_weekplan(pilot, person_id)
        await pilot.press("S")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "TemplateScreen")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen and len(screen.entries) > 0)
        count = len(stored(app, person_id))
        await pilot.press("e")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "WeekplanFormScreen")
        assert not app.screen.query("#wf-vanaf")  # nothing to keep: it starts this week
        await type_into(pilot, "#f-aanbieder", "Taalschool Zuid")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen and any(e.aanbieder == "Taalschool Zuid" for e in screen.entries))
        assert len(stored(app, person_id)) == count


async def test_ending_an_activity_in_its_first_week_asks_and_removes_it(app):
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_weekplan(pilot)
        person_id = screen.person_id
        before = stored(app, person_id)
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "WeekplanFormScreen")
        app.screen.query_one("#f-weekdag").value = 4  # vrijdag
        await type_into(pilot, "#f-start", "19:00")
        await type_into(pilot, "#f-eind", "20:00")
        await type_into(pilot, "#f-activiteit", "Per ongeluk")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen and screen.grid.current and screen.grid.current[1].activiteit == "Per ongeluk")
        await pilot.press("x")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "ConfirmScreen")
        assert "begint in deze week" in static_text(app.screen, "#question")
        await pilot.press("n")  # changed my mind: it stays
        await pilot.pause()
        assert app.screen is screen and "Per ongeluk" in shown(screen)
        await pilot.press("x")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "ConfirmScreen")
        await pilot.press("j")
        await wait_for(pilot, lambda: app.screen is screen and not any(e.activiteit == "Per ongeluk" for e in screen.entries))
        await pilot.pause()
        assert "Per ongeluk" not in shown(screen)
        assert stored(app, person_id) == before  # the rest of the plan and its history are untouched


async def test_copying_an_activity_to_another_day(app):
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_weekplan(pilot)
        chosen = screen.grid.current[1]
        before = len(stored(app, screen.person_id))
        await pilot.press("c")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "WeekplanFormScreen")
        app.screen.query_one("#f-weekdag").value = 4  # vrijdag
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen and len(screen.entries) == before + 1)
        (copy,) = [e for e in stored(app, screen.person_id) if e.weekdag == 4 and e.activiteit == chosen.activiteit]
        assert (copy.start_tijd, copy.eind_tijd) == (chosen.start_tijd, chosen.eind_tijd)
        assert any(e.id == chosen.id and e.weekdag == chosen.weekdag for e in stored(app, screen.person_id))


async def test_a_template_makes_a_plan_in_seconds(app):
    async with app.run_test(size=(120, 36)) as pilot:
        await caseload_loaded(pilot)
        person_id = person_without_weekplan(app)
        screen = await open_weekplan(pilot, person_id)
        assert "geen financiële educatie gepland" in static_text(screen, "#wp-totals")
        await pilot.press("S")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "TemplateScreen")
        options = app.screen.query_one("OptionList")
        options.highlighted = 1  # Z-route standaardweek
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen and len(screen.entries) == 9)
        await pilot.pause()
        assert {e.geldig_van for e in stored(app, person_id)} == {date(2026, 11, 16)}
        totals = static_text(screen, "#wp-totals")
        assert "tekort" not in totals and totals.count("doel gehaald") == 3


async def test_p_writes_the_printable_page_to_the_data_dir(app, tmp_path):
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_weekplan(pilot)
        await pilot.press("p")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "PrintScreen")
        target = tmp_path / "afdruk" / "week.html"
        app.screen.query_one("#pr-path").value = str(target)
        await pilot.press("enter")
        await wait_for(pilot, lambda: target.exists())
        page = target.read_text(encoding="utf-8")
        assert screen.person.naam in page and "Week 47, 16-11-2026 t/m 22-11-2026" in page


async def test_the_weekplan_fits_80_by_24_as_a_list_per_day(app):
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_weekplan(pilot)
        assert not screen.grid.wide
        grid = screen.grid
        lines = [grid.render_line(y).text for y in range(grid.size.height)]
        assert lines[0].startswith("maandag 16-11-2026")
        assert any(line.startswith("zondag 22-11-2026 vandaag") for line in lines)  # the whole week is in view
        assert any("taal formeel" in line and "Taalles" in line for line in lines)  # one line per activity
        assert all(len(line) <= 80 for line in lines)


async def test_escape_goes_back(app):
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_weekplan(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not screen


# --- the printable page -------------------------------------------------------------


def _page() -> str:
    items = [
        WeekplanItem(weekdag=0, start_tijd=time(9), eind_tijd=time(12), categorie=WeekplanCategorie.TAAL, activiteit="Taalles <A1>",
                     geldig_van=date(2026, 1, 1), aanbieder="Taalschool & co", taalvorm=Taalvorm.FORMEEL),
        WeekplanItem(weekdag=0, start_tijd=time(11), eind_tijd=time(13), categorie=WeekplanCategorie.PARTICIPATIE,
                     activiteit="Fietsles", geldig_van=date(2026, 1, 1)),
    ]
    week = Week(2026, 52)
    return render_weekplan_html("Amal Haddad", "IB-2026-0001", week.label, plan_week(items, week))


def test_the_printable_page_is_self_contained_a4_landscape():
    page = _page()
    assert page.startswith("<!DOCTYPE html>") and '<html lang="nl">' in page
    assert "@page { size: A4 landscape; margin: 10mm; }" in page
    lowered = page.lower()
    for external in ("http", "<script", "<link", "@import", "url("):
        assert external not in lowered


def test_the_printable_page_shows_the_week_days_holidays_and_escapes_text():
    page = _page()
    assert "Weekplan van Amal Haddad" in page and "Kenmerk IB-2026-0001" in page
    assert "Week 52, 21-12-2026 t/m 27-12-2026" in page
    assert page.count("<th>") == 7 and "Vrijdag" in page
    assert "Feestdag: Eerste kerstdag" in page and "Feestdag: Tweede kerstdag" in page
    assert "Taalles &lt;A1&gt;" in page and "Taalschool &amp; co" in page
    assert page.count("tegelijk met een andere activiteit (overlap)") == 2  # 09:00-12:00 and 11:00-13:00 on maandag
    assert "Meedoen (participatie)" in page and "Taal: les" in page


def test_the_printable_page_flags_each_activity_on_a_holiday():
    items = [
        WeekplanItem(weekdag=0, start_tijd=time(9), eind_tijd=time(12), categorie=WeekplanCategorie.TAAL, activiteit="Taalles",
                     geldig_van=date(2026, 1, 1), taalvorm=Taalvorm.FORMEEL),
        WeekplanItem(weekdag=0, start_tijd=time(13), eind_tijd=time(15), categorie=WeekplanCategorie.PARTICIPATIE,
                     activiteit="Fietsles", geldig_van=date(2026, 1, 1)),
        WeekplanItem(weekdag=1, start_tijd=time(9), eind_tijd=time(12), categorie=WeekplanCategorie.TAAL, activiteit="Taalles",
                     geldig_van=date(2026, 1, 1), taalvorm=Taalvorm.FORMEEL),
    ]
    week = Week(2027, 13)  # maandag 29-03-2027 is Tweede paasdag
    page = render_weekplan_html("Amal Haddad", "IB-2026-0001", week.label, plan_week(items, week))
    assert "Feestdag: Tweede paasdag" in page
    assert page.count("Feestdag: vraag of dit doorgaat") == 2  # both maandag activities, not the dinsdag one
    maandag, dinsdag = page.split("<td>")[1:3]
    assert maandag.count("vraag of dit doorgaat") == 2 and "vraag of dit doorgaat" not in dinsdag


def test_the_page_renderer_loads_no_textual():
    import subprocess
    import sys

    code = "import sys, services.weekplan_print; sys.exit(1 if 'textual' in sys.modules else 0)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_the_default_print_path_is_in_the_data_dir_and_names_no_person(monkeypatch, tmp_path):
    from services.weekplan_print import default_print_path

    monkeypatch.setenv("REGIE_DATA_DIR", str(tmp_path))
    path = default_print_path("IB-2025/0025", Week(2026, 48))
    assert path == tmp_path / "weekplannen" / "weekplan-IB-2025_0025-2026-W48.html"


@pytest.mark.parametrize("taal, label", [
    ("Somalisch", "taal van de persoon (Somalisch: geen vertaling, alleen Nederlands)"),
    ("Arabisch", "taal van de persoon (Arabisch)"),
    (None, "taal van de persoon (onbekend: alleen Nederlands)"),
])
def test_the_print_dialog_says_a_known_language_has_no_translation_instead_of_onbekend(taal, label):
    from pathlib import Path

    from services.weekplan import WeekplanPerson
    from tui.screens.weekplan_print import PrintScreen

    person = WeekplanPerson(id=1, kenmerk="IB-1", naam="Tesfay Hailu", leerroute=None, pip_datum=None, taal=taal)
    assert PrintScreen(person, [], Week(2026, 48), Path("plan.html"))._taal_options()[0] == (label, "auto")
