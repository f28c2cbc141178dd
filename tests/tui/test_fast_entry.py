"""Fast entry from anywhere: search, a new aanmelding, drafts, the consulent's name."""

from __future__ import annotations

from sqlalchemy import text

from storage.drafts import list_drafts
from tests.tui.conftest import caseload_loaded, demo_app, on_screen, wait_for
from tui.screens.aanmelding import AanmeldingScreen
from tui.screens.search import SearchScreen


def _count(app, table):
    with app.store.engine.connect() as connection:
        return connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()


async def test_f2_finds_a_person_by_kenmerk_and_opens_the_dossier(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await caseload_loaded(pilot)
        target = app.screen.entries[3].record
        await pilot.press("f2")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*target.facts.kenmerk)
        await wait_for(pilot, lambda: app.screen.hits and app.screen.hits[0].id == target.id)
        await pilot.press("enter")
        await wait_for(pilot, lambda: getattr(app.screen, "person_id", None) == target.id and not isinstance(app.screen, SearchScreen))


async def test_a_new_aanmelding_without_kenmerk_or_koppeling_is_refused_and_stores_nothing(app):
    async with app.run_test(size=(100, 40)) as pilot:
        await caseload_loaded(pilot)
        before = _count(app, "person")
        await pilot.press("f4")
        assert isinstance(app.screen, AanmeldingScreen)
        await pilot.press(*"Test Nieuw")
        await pilot.press("ctrl+s")
        await pilot.pause()
        message = str(app.screen.query_one("#form-errors").render())
        assert "Niet opgeslagen" in message and "kenmerk, V-nummer of de datum van de koppeling" in message
        assert _count(app, "person") == before


async def test_a_refused_aanmelding_shows_its_dutch_errors_on_an_80_by_24_screen(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await caseload_loaded(pilot)
        before = _count(app, "person")
        await pilot.press("f4", *"Test Nieuw", *["tab"] * 6, *"31-02-2026")  # naam, geboortedatum, V-nummer, AZC, BSN, kenmerk
        await pilot.pause()
        assert on_screen(app, "geen bestaande datum")  # the date error shows while typing, under the field
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert on_screen(app, "Niet opgeslagen:")  # the refusal shows, whatever is scrolled into view
        assert on_screen(app, "Vul kenmerk, V-nummer of koppeling in.")
        assert _count(app, "person") == before
        assert app.focused is app.screen.query_one("#kenmerk")  # the cursor goes to the first field in error
        app.screen.query_one("#koppeling").focus()
        await pilot.press("ctrl+u", *"-5d")  # a fixed date replaces its error by what it means
        await pilot.pause()
        line = str(app.screen.query_one("#field-koppeling").message.render())
        assert "geen bestaande datum" not in line and "17-11-2026" in line


async def test_a_new_aanmelding_with_a_koppeling_date_is_saved_with_its_azc_visit(app):
    async with app.run_test(size=(100, 40)) as pilot:
        await caseload_loaded(pilot)
        before = _count(app, "person")
        await pilot.press("f4")
        await pilot.press(*"Test Nieuw", *["tab"] * 6, *"-5d")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: _count(app, "person") == before + 1)
        with app.store.engine.connect() as connection:
            row = connection.execute(text("SELECT kenmerk, koppeling FROM person WHERE naam = 'Test Nieuw'")).one()
            visits = connection.execute(text("SELECT count(*) FROM contactmoment c JOIN person p ON p.id = c.person_id WHERE p.naam = 'Test Nieuw'")).scalar()
        assert row.kenmerk.startswith("NIEUW-2026-") and row.koppeling == "2026-11-17"
        assert visits == 1  # the AZC visit being typed up is recorded, dated today
        await wait_for(pilot, lambda: not isinstance(app.screen, AanmeldingScreen))


async def test_a_half_filled_aanmelding_survives_a_closed_terminal():
    first = demo_app()
    async with first.run_test(size=(100, 40)) as pilot:
        await caseload_loaded(pilot)
        await pilot.press("f4", *"Half Ingevuld")
        await pilot.pause(1.0)  # the draft is written after a moment of quiet
        await first.workers.wait_for_complete()
        with first.store.engine.connect() as connection:
            assert [d.data["naam"] for d in list_drafts(connection=connection)] == ["Half Ingevuld"]
    # the terminal closes without saving; the next start offers the draft back
    second = demo_app()
    async with second.run_test(size=(100, 40)) as pilot:
        from tui.screens.drafts import DraftsScreen

        await wait_for(pilot, lambda: isinstance(second.screen, DraftsScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(second.screen, AanmeldingScreen))
        assert second.screen.query_one("#naam").value == "Half Ingevuld"


async def test_a_half_edited_person_form_is_restored_as_the_form_not_only_the_dossier():
    from tui.screens.dossier import DossierScreen
    from tui.screens.drafts import DraftsScreen
    from tui.screens.person_form import PersonFormScreen

    first = demo_app()
    async with first.run_test(size=(120, 40)) as pilot:
        await caseload_loaded(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(first.screen, DossierScreen) and first.screen.data is not None)
        person_id = first.screen.person_id
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(first.screen, PersonFormScreen) and first.screen._ready
                       and first.screen.widget("taal").value is not None)
        first.screen.widget("taal").focus()
        first.screen.widget("taal").value = "Halfweg Getypt"

        def drafted() -> bool:
            with first.store.engine.connect() as connection:
                return any(d.data.get("fields", {}).get("taal") == "Halfweg Getypt" for d in list_drafts(connection=connection))

        await wait_for(pilot, drafted)
    second = demo_app()
    async with second.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(second.screen, DraftsScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(second.screen, PersonFormScreen) and second.screen.person_id == person_id
                       and second.screen.widget("taal").value == "Halfweg Getypt")
        assert isinstance(second.screen_stack[-2], DossierScreen)  # escape leads back to the dossier
