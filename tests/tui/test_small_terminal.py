"""On an 80×24 terminal every screen's footer shows whole keys (none cut off) and F1 help stays in view."""

from __future__ import annotations

import pytest

from tests.tui.conftest import caseload_loaded, on_screen, wait_for
from tests.tui.test_caseload import footer_is_whole
from tui.screens.aanmelding import AanmeldingScreen
from tui.screens.dossier import DossierScreen
from tui.screens.person_form import PersonFormScreen
from tui.screens.signalen import SignalenScreen


async def _dossier(pilot):
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, DossierScreen) and pilot.app.screen.data is not None)


async def _person_form(pilot):
    await _dossier(pilot)
    await pilot.press("e")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, PersonFormScreen) and pilot.app.screen.original is not None)


async def _signalen(pilot):
    await pilot.press("f5")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SignalenScreen) and pilot.app.screen.items)


async def _aanmelding(pilot):
    await pilot.press("f4")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, AanmeldingScreen))


@pytest.mark.parametrize("open_screen", [_dossier, _person_form, _signalen, _aanmelding], ids=["dossier", "gegevens", "signalen", "aanmelding"])
async def test_the_footer_shows_whole_keys_and_f1_help_at_80_by_24(app, open_screen):
    async with app.run_test(size=(80, 24)) as pilot:
        await caseload_loaded(pilot)
        await open_screen(pilot)
        await pilot.pause(0.3)
        assert footer_is_whole(app)
        assert on_screen(app, "f1 help") and on_screen(app, "opdrachten")


async def test_the_whole_aanmelding_form_fits_80_by_24_up_to_the_notitie(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await caseload_loaded(pilot)
        await _aanmelding(pilot)
        await pilot.pause(0.3)
        for label in ("Naam *", "Kenmerk", "Koppeling (datum)", "Doelgroep *", "Eerste AZC-bezoek", "Dit contact", "Datum contact", "Notitie"):
            assert on_screen(app, label), label


@pytest.mark.parametrize(("size", "titles"), [
    ((80, 24), ("1 Overzicht", "2 Contact", "3 Examens", "4 Signalen", "5 Historie")),
    ((120, 40), ("1 Overzicht", "2 Contactmomenten", "3 Modules en examens", "4 Signalen", "5 Geschiedenis")),
])
async def test_all_five_dossier_tabs_are_in_view_with_short_titles_on_a_narrow_terminal(app, size, titles):
    async with app.run_test(size=size) as pilot:
        await caseload_loaded(pilot)
        await _dossier(pilot)
        await pilot.pause(0.3)
        for title in titles:
            assert on_screen(app, title), title
        assert on_screen(app, "4 Signalen (")  # with its count


async def test_the_dossier_tab_titles_follow_a_resize(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await caseload_loaded(pilot)
        await _dossier(pilot)
        await pilot.resize_terminal(80, 24)
        await pilot.pause(0.3)
        assert on_screen(app, "5 Historie") and not on_screen(app, "Geschiedenis")


@pytest.mark.parametrize("width", [90, 105, 114, 120, 160])
async def test_the_dossier_facts_show_their_values_whole_at_every_width(app, width):
    async with app.run_test(size=(width, 60)) as pilot:
        await caseload_loaded(pilot)
        await _dossier(pilot)
        await pilot.pause(0.3)
        facts = app.screen.data.facts
        assert facts.geboortedatum is not None
        assert on_screen(app, facts.geboortedatum.strftime("%d-%m-%Y"))  # a value only the facts column shows
