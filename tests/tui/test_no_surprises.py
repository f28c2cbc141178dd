"""No surprises (issue 17, point 17): ctrl+q asks before throwing away typing; drafts keep absolute dates."""

from __future__ import annotations

from datetime import timedelta

from rules.dates import format_date
from tests.tui.conftest import TODAY, caseload_loaded, wait_for
from tui.screens.confirm import ConfirmScreen
from tui.screens.contact_form import ContactFormScreen


async def _contact_form(pilot) -> ContactFormScreen:
    app = pilot.app
    await caseload_loaded(pilot)
    app.push_screen(ContactFormScreen(app.screen.entries[0].record.id))
    await wait_for(pilot, lambda: isinstance(app.screen, ContactFormScreen))
    await pilot.pause()
    return app.screen


async def test_ctrl_q_with_unsaved_typing_asks_first_and_no_keeps_the_form(app):
    async with app.run_test(size=(120, 36)) as pilot:
        form = await _contact_form(pilot)
        await pilot.press(*"Half getypt")
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert not getattr(app, "_exit", False)
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is form)
        assert form.query_one("#notitie").text == "Half getypt" and not getattr(app, "_exit", False)
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("j")
        await wait_for(pilot, lambda: getattr(app, "_exit", False))


async def test_ctrl_q_without_typing_quits_at_once(app):
    async with app.run_test(size=(120, 36)) as pilot:
        await _contact_form(pilot)
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: getattr(app, "_exit", False))


async def test_a_draft_stores_the_date_a_shorthand_meant_today(app):
    from services.drafts import list_drafts

    async with app.run_test(size=(120, 36)) as pilot:
        form = await _contact_form(pilot)
        form.query_one("#datum").value = "-2d"
        await pilot.press(*"Gebeld")
        form.draft_flush()
        drafts = [d for d in list_drafts(store=app.store) if d.key == form.draft_key]
        assert drafts and drafts[0].data["datum"] == format_date(TODAY - timedelta(days=2))
        assert drafts[0].data["notitie"] == "Gebeld"
        form.draft_done()


async def test_keys_typed_while_the_edit_form_opens_land_in_its_first_field_in_order(app):
    from tui.screens.dossier import DossierScreen
    from tui.screens.person_form import PersonFormScreen

    async with app.run_test(size=(120, 36)) as pilot:
        await caseload_loaded(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DossierScreen) and app.screen.data is not None)
        naam = app.screen.data.facts.naam
        await pilot.press("e", "end", *" Jr")  # typed at once: before the form has its data
        await wait_for(pilot, lambda: isinstance(app.screen, PersonFormScreen) and app.screen.original is not None)
        form = app.screen
        await wait_for(pilot, lambda: form.widget("naam").value != naam)
        await pilot.pause()
        assert form.widget("naam").value == naam + " Jr"
        assert form.is_dirty()


async def test_the_edit_form_reopened_for_another_person_shows_only_that_person_and_keeps_early_keys(app):
    """The form is built once and refilled (point 17): the second person's form holds nothing of the first,
    its title names the second person, and keys typed at once still land in its first field."""
    from tui.screens.dossier import DossierScreen
    from tui.screens.person_form import PersonFormScreen

    async with app.run_test(size=(120, 36)) as pilot:
        await caseload_loaded(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DossierScreen) and app.screen.data is not None)
        first = app.screen.data.facts
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, PersonFormScreen) and app.screen.original is not None)
        form_one = app.screen
        assert form_one.widget("naam").value == first.naam
        await pilot.press("escape")  # nothing typed: straight back
        await wait_for(pilot, lambda: isinstance(app.screen, DossierScreen))
        await pilot.press("escape")
        await caseload_loaded(pilot)
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DossierScreen) and app.screen.data is not None
                       and app.screen.data.facts.kenmerk != first.kenmerk)
        second = app.screen.data.facts
        await pilot.press("e", "end", *" Jr")
        await wait_for(pilot, lambda: isinstance(app.screen, PersonFormScreen) and app.screen.original is not None)
        form_two = app.screen
        assert form_two is form_one  # the one built form, refilled
        await wait_for(pilot, lambda: form_two.widget("naam").value != second.naam)
        await pilot.pause()
        assert form_two.widget("naam").value == second.naam + " Jr"
        assert form_two.widget("kenmerk").value == second.kenmerk
        title = str(form_two.query_one("#form-title").render())
        assert second.kenmerk in title and first.kenmerk not in title
        assert set(form_two.changes()) == {"naam", "achternaam"}
