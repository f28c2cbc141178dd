"""The people around a person on the dossier: contact details, begeleider, household (h), and a vertrek (v)."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Person
from tests.tui.conftest import TODAY, wait_for
from tests.tui.test_dossier import _db_row, _focus, _message, _open_dossier, _open_form, _retype, _shown
from tui.screens.dossier import DossierScreen
from tui.screens.huishouden import HuishoudenScreen
from tui.screens.vertrek_form import VertrekForm

PERSON = Person.__table__


def _household(app):
    with app.store.engine.connect() as connection:
        return {r.huishouden_relatie: r for r in connection.execute(
            select(PERSON.c.id, PERSON.c.naam, PERSON.c.huishouden_relatie).where(PERSON.c.huishouden.is_not(None)))}


async def test_each_member_s_dossier_shows_the_household_and_h_opens_the_other_member(app):
    async with app.run_test(size=(120, 40)) as pilot:
        members = None

        def is_hoofd(entry):
            nonlocal members
            members = members or _household(app)
            return entry.record.id == members["hoofd"].id

        screen = await _open_dossier(pilot, is_hoofd)
        feiten = _shown(screen.query_one("#feiten"))
        assert "huishouden" in feiten and members["partner"].naam in feiten and "partner" in feiten

        await pilot.press("h")
        await wait_for(pilot, lambda: isinstance(app.screen, HuishoudenScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DossierScreen) and app.screen.person_id == members["partner"].id
                       and app.screen.data is not None)
        await pilot.pause()
        assert members["hoofd"].naam in _shown(app.screen.query_one("#feiten"))
        await pilot.press("escape")  # back to the hoofdpersoon's dossier
        await wait_for(pilot, lambda: isinstance(app.screen, DossierScreen) and app.screen.person_id == members["hoofd"].id)


async def test_the_overzicht_shows_phone_e_mail_and_the_begeleider(app):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_dossier(pilot, lambda e: e.facts.status.value == "actief" and e.record.id % 6 == 2
                                     and e.facts.doelgroep.value == "asielstatushouder")
        row = _db_row(app, screen.person_id)
        feiten = _shown(screen.query_one("#feiten"))
        assert row["telefoon"] in feiten and ("VluchtelingenWerk" in feiten or "Welzijn Centraal" in feiten)
        assert row["v_nummer"] in feiten


async def test_the_person_form_checks_and_saves_a_phone_number_and_e_mail(app):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_dossier(pilot, lambda e: e.facts.status.value == "actief")
        form = await _open_form(pilot)
        await _focus(pilot, "telefoon")
        await _retype(pilot, "06-1234")
        assert "10 cijfers" in _message(form, "telefoon")
        await _retype(pilot, "06 1234 5670")
        await _focus(pilot, "email")
        await _retype(pilot, "a.devries.voorbeeld.example")
        assert "precies één @" in _message(form, "email")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert _db_row(app, screen.person_id)["email"] != "a.devries.voorbeeld.example"  # refused: nothing saved
        await _retype(pilot, "a.devries@Voorbeeld.example")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen)
        row = _db_row(app, screen.person_id)
        assert (row["telefoon"], row["email"]) == ("0612345670", "a.devries@voorbeeld.example")


async def test_v_records_a_vertrek_with_date_and_destination_and_closes_the_file(app):
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_dossier(pilot, lambda e: e.facts.status.value == "actief" and e.facts.pip_datum is not None)
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, VertrekForm))
        await pilot.press("ctrl+s")  # no destination yet
        await pilot.pause()
        assert isinstance(app.screen, VertrekForm)
        await pilot.press(*"Utrecht", "ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen and screen.data.facts.status.value == "vertrokken")
        row = _db_row(app, screen.person_id)
        assert (row["status"], row["vertrokken_op"], row["vertrek_bestemming"]) == ("vertrokken", TODAY, "Utrecht")
        await pilot.press("v")  # recorded once; a change goes through e
        await pilot.pause()
        assert app.screen is screen
