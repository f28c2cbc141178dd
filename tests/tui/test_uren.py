"""The urenregistratie screen: progress, quick entry, a week according to the weekplan, corrections."""

from __future__ import annotations

from datetime import date

from rules.dates import format_hours
from rules.engine import assess
from rules.model import UrenSoort
from rules.policy import Policy
from storage.queries import load_person
from storage.uren import list_uren, load_laatste_keuze
from tests.tui.conftest import TODAY, caseload_loaded, wait_for
from tests.tui.test_weekplan import first_zroute_person, type_into


async def open_uren(pilot, person_id: int | None = None):
    from tui.screens.uren import UrenScreen

    await caseload_loaded(pilot)
    app = pilot.app
    app.open_uren(person_id or first_zroute_person(app))
    await wait_for(pilot, lambda: isinstance(app.screen, UrenScreen) and app.screen.loaded)
    await pilot.pause()
    return app.screen


def regels(app, person_id):
    with app.store.engine.connect() as connection:
        return list_uren(connection=connection, person_id=person_id)


def totals(app, person_id):
    with app.store.engine.connect() as connection:
        return load_person(connection=connection, person_id=person_id, as_of=TODAY).facts.uren


async def wait_reloaded(pilot, screen, count: int) -> None:
    await wait_for(pilot, lambda: pilot.app.screen is screen and len(screen.regels) == count)
    await pilot.pause()


async def test_the_screen_shows_progress_from_the_rules_and_duos_three_counters(app):
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_uren(pilot)
        facts = screen.record.facts
        zroute = assess(facts, TODAY, Policy()).zroute
        panel = screen.progress.plain
        assert f"{format_hours(round(zroute.taal_knm.uren, 1))} van 800 u" in panel
        assert f"nog {format_hours(round(zroute.taal_knm.resterend, 1))} u" in panel
        assert f"verwacht bij gelijk tempo {format_hours(round(zroute.taal_knm.verwacht, 1))} u" in panel
        assert zroute.taal_knm.prognose.strftime("%d-%m-%Y") in panel
        assert "participatie" in panel and "█" in panel
        if zroute.taal_knm.achterstand:
            assert "ACHTERSTAND" in panel
        assert "taal/KNM brede intake" in panel and "taal/KNM school" in panel
        # newest first, with the source
        assert screen.regels == sorted(screen.regels, key=lambda r: (r.datum, r.id), reverse=True)
        assert screen.regels[0].bron


async def test_registering_the_week_by_the_weekplan_with_one_item_struck(app):
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_uren(pilot)
        person_id = screen.person_id
        before_rows, before = len(screen.regels), totals(app, person_id)
        await pilot.press("r")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "UrenWeekScreen" and app.screen.loaded)
        week = app.screen
        proposals = [v for v in week.voorstellen if v.kan_registreren]
        assert len(proposals) >= 3
        assert all(v.datum <= TODAY for v in week.voorstellen if v.kan_registreren)
        struck = proposals[1]
        await pilot.press("down", "space")  # strike the second
        await pilot.pause()
        assert not week.aan[1]
        # the demo has this week's totals from the school and Vluchtelingenwerk on zondag: asked first
        await pilot.press("s")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "ConfirmScreen")
        assert "zo 22-11  4 u taal/KNM (Taalschool)" in str(app.screen.query_one("#detail").render())
        await pilot.press("j")
        await wait_reloaded(pilot, screen, before_rows + len(proposals) - 1)
        registered = [r for r in regels(app, person_id) if r.omschrijving.endswith("volgens weekplan")]
        assert len(registered) == len(proposals) - 1
        assert not any(r.datum == struck.datum and r.bron == struck.bron and r.soort is struck.soort for r in registered)
        expected = sum(v.minuten for v in proposals if v is not struck) / 60
        after = totals(app, person_id)
        gained = (after.taal_knm + after.participatie + after.taal_knm_brede_intake) - (
            before.taal_knm + before.participatie + before.taal_knm_brede_intake)
        assert abs(gained - expected) < 1e-6
        # the progress on screen followed at once
        assert f"{format_hours(round(after.taal_knm, 1))} van 800 u" in screen.progress.plain
        # asking again proposes only the struck one: nothing counts twice
        await pilot.press("r")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "UrenWeekScreen" and app.screen.loaded)
        again = [v for v in app.screen.voorstellen if v.kan_registreren]
        assert [(v.datum, v.omschrijving) for v in again] == [(struck.datum, struck.omschrijving)]
        await pilot.press("escape")


async def test_adjusting_the_hours_of_one_planned_activity(app):
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_uren(pilot)
        await pilot.press("r")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "UrenWeekScreen" and app.screen.loaded)
        week = app.screen
        await pilot.press("e")
        await type_into(pilot, "#uw-edit", "1:30")
        await pilot.press("enter")
        await pilot.pause()
        assert week.minuten[0] == 90
        await pilot.press("s")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "ConfirmScreen")
        await pilot.press("j")
        await wait_for(pilot, lambda: app.screen is screen and screen.loaded)
        await wait_for(pilot, lambda: any(r.minuten == 90 and r.omschrijving.endswith("volgens weekplan") for r in screen.regels))


async def test_a_quick_entry_defaults_to_today_and_remembers_kind_and_source(app):
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_uren(pilot)
        count = len(screen.regels)
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "UrenFormScreen")
        form = app.screen
        assert form.query_one("#f-datum").value == "22-11-2026"
        form.query_one("#f-soort").value = UrenSoort.PARTICIPATIE.value
        await type_into(pilot, "#f-uren", "1,5")
        await type_into(pilot, "#f-bron", "Zwembad De Vijf")
        await pilot.press("enter")
        await wait_reloaded(pilot, screen, count + 1)
        newest = screen.regels[0]
        assert (newest.datum, newest.soort, newest.minuten, newest.bron) == (TODAY, UrenSoort.PARTICIPATIE, 90, "Zwembad De Vijf")
        with app.store.engine.connect() as connection:
            assert load_laatste_keuze(connection=connection).bron == "Zwembad De Vijf"
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "UrenFormScreen")
        assert app.screen.query_one("#f-soort").value == UrenSoort.PARTICIPATIE.value
        assert app.screen.query_one("#f-bron").value == "Zwembad De Vijf"
        await pilot.press("escape")  # nothing typed: closes without asking
        await pilot.pause()
        assert app.screen is screen


async def test_a_future_date_or_bad_hours_are_refused_in_dutch_and_nothing_is_stored(app):
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_uren(pilot)
        before = regels(app, screen.person_id)
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "UrenFormScreen")
        form = app.screen
        await type_into(pilot, "#f-datum", "morgen")
        await type_into(pilot, "#f-uren", "2")
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert "ligt na vandaag (22-11-2026)" in str(form.query_one(".-fout .form-field--message").render())
        await type_into(pilot, "#f-datum", "vandaag")
        await type_into(pilot, "#f-uren", "twee")
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert "is geen aantal uren" in str(form.query_one(".-fout .form-field--message").render())
        assert "Niet opgeslagen" in str(form.query_one("#uf-status").render())
        await type_into(pilot, "#f-uren", "1,33")  # 79,8 minutes: refused as in an import, not rounded
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert "79,8 minuten" in str(form.query_one(".-fout .form-field--message").render())
        await pilot.press("escape")  # typed but not saved: asked first
        await pilot.pause()
        assert app.screen.__class__.__name__ == "ConfirmScreen"
        await pilot.press("j")
        await pilot.pause()
        assert app.screen is screen
        assert regels(app, screen.person_id) == before


async def test_correcting_an_entry_changes_the_totals_at_once(app):
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_uren(pilot)
        person_id = screen.person_id
        target = next(r for r in screen.regels if r.soort is UrenSoort.TAAL_KNM)
        index = screen.regels.index(target)
        before = totals(app, person_id).taal_knm
        for _ in range(index):
            await pilot.press("down")
        await pilot.press("e")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "UrenFormScreen")
        await type_into(pilot, "#f-uren", format_hours(target.uren + 2))
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen and any(r.id == target.id and r.minuten == target.minuten + 120 for r in screen.regels))
        await pilot.pause()
        after = totals(app, person_id).taal_knm
        assert abs(after - before - 2) < 1e-6
        assert f"{format_hours(round(after, 1))} van 800 u" in screen.progress.plain


async def test_deleting_asks_first_and_the_totals_follow(app):
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_uren(pilot)
        count = len(screen.regels)
        target = screen.regels[0]
        await pilot.press("x")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "ConfirmScreen")
        await pilot.press("n")  # changed my mind
        await pilot.pause()
        assert len(regels(app, screen.person_id)) == count
        await pilot.press("x")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "ConfirmScreen")
        await pilot.press("j")
        await wait_reloaded(pilot, screen, count - 1)
        assert target.id not in {r.id for r in regels(app, screen.person_id)}


async def test_a_person_outside_the_zroute_sees_why_there_is_no_bar(app):
    from sqlalchemy import text

    async with app.run_test(size=(80, 24)) as pilot:
        await caseload_loaded(pilot)
        with app.store.engine.connect() as connection:
            person_id = connection.execute(text("SELECT id FROM person WHERE leerroute = 'b1' ORDER BY kenmerk LIMIT 1")).scalar()
        screen = await open_uren(pilot, person_id)
        panel = screen.progress.plain
        assert "geen urenverplichting" in panel and "DUO" in panel
        assert "█" not in panel


async def test_registering_a_week_in_the_future_proposes_nothing(app):
    async with app.run_test(size=(120, 36)) as pilot:
        await open_uren(pilot)
        await pilot.press("r")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "UrenWeekScreen" and app.screen.loaded)
        week = app.screen
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: week.loaded)
        assert week.voorstellen and all(v.status == "na vandaag" for v in week.voorstellen)
        await pilot.press("s")
        await pilot.pause()
        assert app.screen is week
        assert "Niets aangevinkt" in str(week.query_one("#uw-status").render())
        assert week.week.maandag == date(2026, 11, 23)


def add_imported(app, person_id: int, datum: date, soort: str, minuten: int, bron: str, *, ingelezen: bool = True) -> None:
    from datetime import UTC, datetime

    from sqlalchemy import insert

    from storage.db import write_session
    from storage.models import Urenregistratie

    with write_session(app.store.engine) as session:
        session.connection().execute(insert(Urenregistratie.__table__).values(
            person_id=person_id, datum=datum, soort=soort, minuten=minuten, bron=bron, omschrijving="rapport",
            ingelezen=ingelezen, created_at=datetime(2026, 11, 22, tzinfo=UTC)))


async def test_hours_from_another_source_are_shown_proposed_unticked_and_asked_about_before_storing(app):
    async with app.run_test(size=(120, 36)) as pilot:
        await caseload_loaded(pilot)
        person_id = first_zroute_person(app)
        # a school's report read in for woensdag 18-11; entered by hand on dinsdag 17-11
        add_imported(app, person_id, date(2026, 11, 18), "taal_knm", 150, "Taalschool Rapport")
        add_imported(app, person_id, date(2026, 11, 17), "participatie", 60, "Sportclub", ingelezen=False)
        screen = await open_uren(pilot, person_id)
        before = regels(app, person_id)
        listed = [screen.query_one("#uren-table").render_line(y).text for y in range(8)]
        (school,) = [line for line in listed if "Taalschool Rapport" in line]
        (sportclub,) = [line for line in listed if "Sportclub" in line]
        assert "ingelezen rapport" in school and "ingelezen" not in sportclub  # an import says so
        await pilot.press("r")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "UrenWeekScreen" and app.screen.loaded)
        week = app.screen
        rows = {(v.datum, v.soort): (aan, v.reden_uit) for v, aan in zip(week.voorstellen, week.aan)}
        # the imported total covers the taal of maandag and woensdag; the hand entry only dinsdag's participatie
        assert rows[(date(2026, 11, 16), UrenSoort.TAAL_KNM)] == (False, "al 2,5 u van Taalschool Rapport (ingelezen, 18-11)")
        assert rows[(date(2026, 11, 18), UrenSoort.TAAL_KNM)] == (False, "al 2,5 u van Taalschool Rapport (ingelezen)")
        assert rows[(date(2026, 11, 17), UrenSoort.PARTICIPATIE)] == (False, "al 1 u van Sportclub")
        assert rows[(date(2026, 11, 18), UrenSoort.PARTICIPATIE)][0] is True
        table = "\n".join(week.table.render_line(y).text for y in range(week.table.size.height))
        assert "al 1 u van Sportclub" in table and "al 2,5 u van Taalschool Rapport" in table
        assert "Let op: deze week staat al" in str(week.query_one("#uw-summary").render())
        await pilot.press("down", "up")  # the full reason of the row under the cursor, also when the column is narrow
        assert ("ma 16-11 Taalles Nederlands: al 2,5 u van Taalschool Rapport (ingelezen, 18-11)"
                in str(week.query_one("#uw-status").render()))
        # tick maandag's lesson back on: the question names it as possibly counted twice
        await pilot.press("space")
        await pilot.press("s")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "ConfirmScreen")
        detail = str(app.screen.query_one("#detail").render())
        assert "di 17-11  1 u participatie (Sportclub)" in detail
        assert "wo 18-11  2,5 u taal/KNM (Taalschool Rapport, ingelezen)" in detail
        assert "1 aangevinkte activiteit valt op een dag met uren van dezelfde soort" in detail
        await pilot.press("n")  # nothing is stored
        await pilot.pause()
        assert app.screen is week and regels(app, person_id) == before
        assert "Niets geregistreerd" in str(week.query_one("#uw-status").render())
        await pilot.press("s")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "ConfirmScreen")
        await pilot.press("j")
        await wait_for(pilot, lambda: app.screen is screen and len(screen.regels) > len(before))
        added = [r for r in regels(app, person_id) if r.omschrijving.endswith("volgens weekplan")]
        assert sorted((r.datum, r.soort) for r in added) == sorted(
            (v.datum, v.soort) for v, aan in zip(week.voorstellen, week.aan) if aan)
        assert (date(2026, 11, 18), UrenSoort.TAAL_KNM) not in {(r.datum, r.soort) for r in added}


async def test_a_week_with_a_holiday_proposes_its_activities_unticked_with_the_holiday():
    from storage.paths import resolve
    from tui.app import RegieApp

    app = RegieApp(resolve(demo=True), demo=True, today=date(2027, 4, 1), build_ahead=False)  # the week of Tweede paasdag, maandag 29-03
    async with app.run_test(size=(120, 36)) as pilot:
        await open_uren(pilot)
        await pilot.press("r")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "UrenWeekScreen" and app.screen.loaded)
        week = app.screen
        rows = [(v.datum, aan, v.reden_uit) for v, aan in zip(week.voorstellen, week.aan) if v.kan_registreren]
        assert any(datum == date(2027, 3, 29) for datum, _, _ in rows)
        table = "\n".join(week.table.render_line(y).text for y in range(week.table.size.height))
        for datum, aan, reden in rows:
            if datum == date(2027, 3, 29):
                assert not aan and reden == "valt op Tweede paasdag"
            else:
                assert aan or reden.startswith("al ")
        assert "valt op Tweede paasdag" in table


async def test_the_question_about_other_sources_fits_80_by_24_with_many_rows(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await caseload_loaded(pilot)
        person_id = first_zroute_person(app)
        for n in range(10):  # ten hand entries in week 47, each from another source
            add_imported(app, person_id, date(2026, 11, 16 + n % 7), "participatie", 30, f"Bron {n}", ingelezen=False)
        await open_uren(pilot, person_id)
        await pilot.press("r")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "UrenWeekScreen" and app.screen.loaded)
        await pilot.press("s")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "ConfirmScreen")
        await pilot.pause()
        detail = str(app.screen.query_one("#detail").render())
        assert "ma 16-11  0,5 u participatie (Bron 0)" in detail
        assert "… en nog 6 (zie de urenregistratie)" in detail  # 12 rows: 10 here and the demo's two of zondag
        keys = app.screen.query_one("#keys")
        assert keys.region.bottom <= 24 and "j = registreren" in str(keys.render())
        await pilot.press("escape")


async def test_an_activity_marked_niet_gevolgd_with_a_reason_is_kept_and_never_proposed_again(app):
    from sqlalchemy import select

    from storage.models import Verzuim

    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_uren(pilot)
        person_id = screen.person_id
        await pilot.press("r")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "UrenWeekScreen" and app.screen.loaded)
        week = app.screen
        first = next(i for i, v in enumerate(week.voorstellen) if v.kan_registreren)
        missed = week.voorstellen[first]
        for _ in range(first):
            await pilot.press("down")
        await pilot.press("z")  # ziek
        await pilot.press("z")  # afgemeld
        await pilot.pause()
        assert not week.aan[first] and week.verzuim[first].value == "afgemeld"
        assert "niet gevolgd: afgemeld" in "\n".join(week.table.render_line(y).text for y in range(week.table.size.height))
        await pilot.press("s")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ in {"ConfirmScreen", "UrenScreen"})
        if app.screen.__class__.__name__ == "ConfirmScreen":
            await pilot.press("j")
        await wait_for(pilot, lambda: app.screen is screen)
        with app.store.engine.connect() as connection:
            stored = connection.execute(select(Verzuim.__table__).where(Verzuim.__table__.c.person_id == person_id)).mappings().all()
        assert [(r["datum"], r["activiteit"], r["reden"]) for r in stored] == [(missed.datum, missed.omschrijving, "afgemeld")]
        await pilot.press("r")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "UrenWeekScreen" and app.screen.loaded)
        again = next(v for v in app.screen.voorstellen if (v.datum, v.omschrijving) == (missed.datum, missed.omschrijving))
        assert not again.kan_registreren and again.toelichting == "niet gevolgd (afgemeld)"


async def test_the_uren_week_help_explains_why_a_taalcafe_counts_as_participatie(app):
    from tui.screens.uren_week import UrenWeekScreen

    assert "taalcafé" in UrenWeekScreen.HELP_TEXT and "Besluit inburgering 2021" in UrenWeekScreen.HELP_TEXT


def test_the_app_clock_is_injectable_and_a_fixed_date_means_the_day_is_over():
    from datetime import datetime

    from tests.tui.conftest import demo_app

    assert demo_app().now() == datetime(2026, 11, 22, 23, 59, 59)
    fixed = demo_app(now=datetime(2026, 11, 18, 10, 15))
    assert fixed.now() == datetime(2026, 11, 18, 10, 15)
