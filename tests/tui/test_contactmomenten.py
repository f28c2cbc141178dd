"""Contactmomenten in the app (issue 17, points 9 and 10): no carried-over kind, corrected and removed by their author."""

from __future__ import annotations

from tests.tui.conftest import caseload_loaded, screen_lines, wait_for
from tui.screens.confirm import ConfirmScreen
from tui.screens.contact_form import ContactFormScreen
from tui.screens.dossier import DossierScreen


async def _open_first_dossier(pilot) -> DossierScreen:
    app = pilot.app
    await caseload_loaded(pilot)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, DossierScreen) and app.screen.data is not None)
    await pilot.pause()
    return app.screen


async def _new_contact(pilot, *, soort_keys: tuple[str, ...] = (), notitie: str) -> None:
    app = pilot.app
    await pilot.press("n")
    await wait_for(pilot, lambda: isinstance(app.screen, ContactFormScreen))
    await pilot.pause()
    if soort_keys:
        await pilot.press("shift+tab", "shift+tab", "enter", *soort_keys, "enter")
        await pilot.pause()
        await pilot.press("tab", "tab")
    await pilot.press(*notitie)


async def test_the_kind_of_a_voortgangsgesprek_is_not_carried_over_to_the_next_contactmoment(app):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_first_dossier(pilot)
        await _new_contact(pilot, soort_keys=tuple("voor"), notitie="Gesprek")
        assert str(app.screen.query_one("#soort").value) == "voortgangsgesprek"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen and screen.data.contacten[0].notitie == "Gesprek")
        await _new_contact(pilot, notitie="Even gebeld")
        assert str(app.screen.query_one("#soort").value) == "notitie"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen and screen.data.contacten[0].notitie == "Even gebeld")
        assert screen.data.contacten[0].soort.value == "notitie"


async def test_a_contactmoment_is_corrected_with_enter_and_shows_its_author_and_earlier_text(app):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_first_dossier(pilot)
        await _new_contact(pilot, notitie="Eerste versie")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen and screen.data.contacten[0].notitie == "Eerste versie")
        await pilot.pause()
        screen.query_one("#contacten").focus()
        await pilot.press("home", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactFormScreen))
        form = app.screen
        assert "corrigeren" in str(form.query_one("#contact-title").render())
        form.query_one("#notitie").text = "Tweede versie"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen and screen.data.contacten[0].notitie == "Tweede versie")
        await pilot.pause()
        text = "\n".join(screen_lines(app))
        assert f"door {app.consulent}" in text
        assert "Eerste versie" in text  # the earlier text stays visible


async def test_a_contactmoment_is_removed_with_x_after_asking_and_the_geschiedenis_keeps_it(app):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_first_dossier(pilot)
        await _new_contact(pilot, notitie="Verkeerde persoon")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen and screen.data.contacten[0].notitie == "Verkeerde persoon")
        count = len(screen.data.contacten)
        screen.query_one("#contacten").focus()
        await pilot.press("home", "x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("j")
        await wait_for(pilot, lambda: app.screen is screen and len(screen.data.contacten) == count - 1)
        await pilot.press("5")
        await pilot.pause()
        assert any("Verkeerde persoon" in line for line in screen_lines(app))


async def test_an_empty_notitie_is_not_saved_and_the_note_field_gets_the_focus(app):
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _open_first_dossier(pilot)
        before = len(screen.data.contacten)
        await _new_contact(pilot, notitie="")
        form = app.screen
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and app.focused is form.query_one("#notitie")
        assert any("Niet opgeslagen: Typ de notitie" in line for line in screen_lines(app))
        await pilot.press(*"Gebeld over de huur", "ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen and len(screen.data.contacten) == before + 1)


async def test_a_contactmoment_dated_in_the_future_is_refused_like_hours(app):
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _open_first_dossier(pilot)
        before = len(screen.data.contacten)
        await _new_contact(pilot, notitie="Voortgang besproken")
        form = app.screen
        form.query_one("#datum").value = "+2w"
        await pilot.pause()
        assert any("ligt in de toekomst" in line for line in screen_lines(app))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and app.focused is form.query_one("#datum")
        assert any("Niet opgeslagen: De datum 06-12-2026 ligt in de toekomst" in line for line in screen_lines(app))
        assert len(screen.data.contacten) == before
