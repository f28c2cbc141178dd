"""The dossier and its forms, driven with the keyboard on the demo caseload."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import select, update
from textual.geometry import Region

from rules.dates import format_date
from storage.db import write_session
from storage.models import Person
from storage.persons import VERSIE_CONFLICT_MELDING, add_examenpoging, list_contactmomenten, list_examenpogingen
from tests.tui.conftest import TODAY, caseload_loaded, wait_for
from tui.screens.confirm import ConfirmScreen
from tui.screens.contact_form import ContactFormScreen
from tui.screens.dossier import DossierScreen
from tui.screens.examen_form import ExamenFormScreen
from tui.screens.message import MessageScreen
from tui.screens.person_form import PersonFormScreen
from tui.widgets.explained_list import ExplainedList
from tests.tx import in_write

PERSON = Person.__table__


def _entry(app, predicate):
    return next(e for e in app.screen.entries if predicate(e))


def _without_exams(app, entry) -> bool:
    with app.store.engine.connect() as connection:
        return not list_examenpogingen(connection=connection, person_id=entry.record.id)


async def _open_dossier(pilot, predicate) -> DossierScreen:
    """Find a person with `/` and their kenmerk, and open the dossier with enter."""
    app = pilot.app
    await caseload_loaded(pilot)
    entry = _entry(app, predicate)
    await pilot.press("slash", *entry.facts.kenmerk, "enter")
    await wait_for(pilot, lambda: isinstance(app.screen, DossierScreen) and app.screen.data is not None)
    await pilot.pause()
    assert app.screen.person_id == entry.record.id
    return app.screen


async def _open_form(pilot) -> PersonFormScreen:
    app = pilot.app
    await pilot.press("e")
    await wait_for(pilot, lambda: isinstance(app.screen, PersonFormScreen) and app.screen.original is not None)
    await pilot.pause()
    return app.screen


async def _focus(pilot, name: str) -> None:
    for _ in range(80):
        if pilot.app.focused is not None and pilot.app.focused.id == f"f-{name}":
            return
        await pilot.press("tab")
    raise AssertionError(f"tab never reached {name}")


async def _retype(pilot, text: str) -> None:
    await pilot.press("end", "ctrl+u", *text)
    await pilot.pause()


def _db_row(app, person_id: int):
    with app.store.engine.connect() as connection:
        return connection.execute(select(PERSON).where(PERSON.c.id == person_id)).mappings().one()


def _message(form: PersonFormScreen, name: str) -> str:
    return str(form.field(name).message.render())


def _shown(widget) -> str:
    """The text a widget shows on screen, line by line."""
    return "\n".join(strip.text for strip in widget.render_lines(Region(0, 0, widget.size.width, widget.size.height)))


def _datum_line(screen: DossierScreen, key: str) -> str:
    items = screen.query_one("#datums", ExplainedList).items
    return next(item.line.plain for item in items if item.key == key)


async def test_enter_on_the_caseload_opens_the_highlighted_persons_dossier(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await caseload_loaded(pilot)
        entry = app.screen.current_entry()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DossierScreen) and app.screen.data is not None)
        screen = app.screen
        header = str(screen.query_one("#dossier-header").render())
        assert entry.facts.naam in header and entry.facts.kenmerk in header
        if entry.record.bsn:
            assert entry.record.bsn not in header  # only the masked BSN
            assert "*****" + entry.record.bsn[-4:] in header
        assert app.current_person_id() == entry.record.id
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "CaseloadScreen"


async def test_the_overzicht_explains_a_computed_date_on_enter(app):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_dossier(pilot, lambda e: e.facts.pip_datum is not None and e.facts.regime.value == "wi2021")
        termijn_start = screen.data.facts.pip_datum + timedelta(days=1)
        assert format_date(termijn_start) in _datum_line(screen, "termijn_start")
        datums = screen.query_one("#datums", ExplainedList)
        assert app.focused is datums
        await pilot.press("down")
        assert datums.current.key == "termijn_start"
        await pilot.press("enter")
        assert datums.is_open("termijn_start")
        rows = list(datums.query("ExplainedRow"))
        assert "termijn start" in str(rows[1].render())
        await pilot.press("t")
        assert not datums.is_open("termijn_start")


async def test_the_number_keys_switch_tabs(app):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_dossier(pilot, lambda e: e.facts.pip_datum is not None)
        for key, tab in (("2", "contact"), ("3", "modules"), ("4", "signalen"), ("1", "overzicht")):
            await pilot.press(key)
            await pilot.pause()
            assert screen.query_one("#tabs").active == tab


async def test_a_new_contactmoment_appears_on_top_of_the_timeline_and_in_the_database(app):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_dossier(pilot, lambda e: e.facts.pip_datum is not None)
        before = len(screen.data.contacten)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactFormScreen))
        await pilot.press(*"Vraag over huurtoeslag")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen and len(screen.data.contacten) == before + 1)
        await pilot.pause()
        newest = screen.data.contacten[0]
        assert newest.notitie == "Vraag over huurtoeslag"
        assert newest.datum == TODAY and newest.soort.value == "notitie"  # never a carried-over kind
        assert screen.query_one("#tabs").active == "contact"
        first = screen.query_one("#contacten").get_option_at_index(0)
        assert "Vraag over huurtoeslag" in str(first.prompt)
        with app.store.engine.connect() as connection:
            stored = list_contactmomenten(connection=connection, person_id=screen.person_id)
        assert stored[0].notitie == "Vraag over huurtoeslag"


async def test_a_voortgangsgesprek_clears_the_overdue_voortgangsgesprek_signaal(app):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_dossier(
            pilot, lambda e: any(s for s in [e.signaal] if s and s.soort == "voortgangsgesprek" and s.ernst.value == "verlopen")
        )
        assert screen.data.signaal("voortgangsgesprek").ernst.value == "verlopen"
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactFormScreen))
        await pilot.press("shift+tab", "shift+tab")  # from the note back to the soort
        await pilot.press("enter", *"voortgangsgesprek"[:4], "enter")
        await pilot.pause()
        assert str(app.screen.query_one("#soort").value) == "voortgangsgesprek"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen and screen.data.signaal("voortgangsgesprek").ernst.value != "verlopen")
        assert screen.data.facts.laatste_voortgangsgesprek == TODAY


async def test_escape_on_a_typed_contactmoment_asks_before_throwing_it_away(app):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_dossier(pilot, lambda e: e.facts.pip_datum is not None)
        before = len(screen.data.contacten)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactFormScreen))
        await pilot.press(*"half")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ContactFormScreen)
        await pilot.press("escape", "j")
        await pilot.pause()
        assert app.screen is screen
        with app.store.engine.connect() as connection:
            assert len(list_contactmomenten(connection=connection, person_id=screen.person_id)) == before


async def test_a_contactmoment_with_an_unreadable_date_is_refused_in_dutch(app):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_dossier(pilot, lambda e: e.facts.pip_datum is not None)
        before = len(screen.data.contacten)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactFormScreen))
        form = app.screen
        await pilot.press(*"notitie", "shift+tab")
        await _retype(pilot, "31-02-2026")
        assert "geen bestaande datum" in str(form.query_one("#field-datum").message.render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "Niet opgeslagen" in str(form.query_one("#contact-status").render())
        with app.store.engine.connect() as connection:
            assert len(list_contactmomenten(connection=connection, person_id=screen.person_id)) == before


async def test_the_form_refuses_a_pip_dated_before_the_brp_registration_and_stores_nothing(app):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_dossier(pilot, lambda e: e.facts.brp_inschrijving is not None and e.facts.pip_datum is not None)
        before = _db_row(app, screen.person_id)
        form = await _open_form(pilot)
        await _focus(pilot, "pip_datum")
        too_early = before["brp_inschrijving"] - timedelta(days=3)
        await _retype(pilot, format_date(too_early))
        message = _message(form, "pip_datum")
        assert "fout" in message and "vóór de BRP-inschrijving" in message
        assert "pip_datum" in form.errors
        await pilot.press("ctrl+s")
        await pilot.pause(0.3)
        assert app.screen is form  # still open, nothing saved
        assert "1 fout" in str(form.query_one("#form-summary").render())
        after = _db_row(app, screen.person_id)
        assert after["pip_datum"] == before["pip_datum"] and after["version"] == before["version"]


async def test_an_invalid_bsn_is_explained_next_to_the_field(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_dossier(pilot, lambda e: e.record.bsn is not None)
        form = await _open_form(pilot)
        await _focus(pilot, "bsn")
        assert app.focused.value == _db_row(app, form.person_id)["bsn"]  # the full BSN, only here
        await _retype(pilot, "123456789")
        assert "elfproef" in _message(form, "bsn")
        await _retype(pilot, "12345678")
        assert "9 cijfers" in _message(form, "bsn")


async def test_a_valid_edit_saves_and_the_computed_dates_follow(app):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_dossier(
            pilot, lambda e: e.facts.pip_datum is None and e.facts.brp_inschrijving is not None and e.facts.regime.value == "wi2021"
        )
        version = _db_row(app, screen.person_id)["version"]
        assert "nog niet bekend" in _datum_line(screen, "termijn_start")
        form = await _open_form(pilot)
        await _focus(pilot, "pip_datum")
        await _retype(pilot, "vandaag")
        assert not form.errors
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen and screen.data.facts.pip_datum == TODAY)
        await pilot.pause()
        assert format_date(TODAY + timedelta(days=1)) in _datum_line(screen, "termijn_start")
        row = _db_row(app, screen.person_id)
        assert row["pip_datum"] == TODAY and row["version"] == version + 1
        assert "leerroute" in screen.data.beoordeling.ontbreekt
        assert "nog in te vullen" in str(screen.query_one("#ontbreekt").render())


async def test_leaving_the_form_with_unsaved_changes_asks_first(app):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_dossier(pilot, lambda e: True)
        naam = _db_row(app, screen.person_id)["naam"]
        form = await _open_form(pilot)
        await pilot.press("end", *" Junior")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Wijzigingen niet opgeslagen" in str(app.screen.query_one("#question").render())
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is form and form.dirty
        await pilot.press("escape", "j")
        await pilot.pause()
        assert app.screen is screen
        assert _db_row(app, screen.person_id)["naam"] == naam


async def test_leaving_an_untouched_form_does_not_ask(app):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_dossier(pilot, lambda e: True)
        await _open_form(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_a_version_conflict_refuses_the_save_with_the_dutch_reload_message(app):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_dossier(pilot, lambda e: True)
        form = await _open_form(pilot)
        with write_session(app.store.engine) as session:  # someone else saves in between
            session.execute(update(PERSON).where(PERSON.c.id == screen.person_id).values(taal="Dari", version=PERSON.c.version + 1))
        await _focus(pilot, "taal")
        await _retype(pilot, "Somalisch")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, MessageScreen))
        assert VERSIE_CONFLICT_MELDING in str(app.screen.query_one("#message").render())
        assert _db_row(app, screen.person_id)["taal"] == "Dari"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is form  # the typed values are still there to re-enter after ctrl+r


async def test_a_kenmerk_in_use_is_refused_in_dutch(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await caseload_loaded(pilot)
        other = app.screen.entries[1].facts.kenmerk
        screen = await _open_dossier(pilot, lambda e: e.facts.kenmerk != other)
        form = await _open_form(pilot)
        await _focus(pilot, "kenmerk")
        await _retype(pilot, other)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, MessageScreen))
        assert "al in gebruik" in str(app.screen.query_one("#message").render())
        await pilot.press("enter")
        await pilot.pause()
        assert "al in gebruik" in _message(form, "kenmerk")
        assert _db_row(app, screen.person_id)["kenmerk"] != other


async def test_a_third_exam_attempt_of_an_asielstatushouder_is_flagged_as_own_cost(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await caseload_loaded(pilot)
        entry = _entry(app, lambda e: e.facts.doelgroep.value == "asielstatushouder" and e.facts.pip_datum and _without_exams(app, e))
        for days in (120, 30):
            in_write(app.store.engine, add_examenpoging,  person_id=entry.record.id, onderdeel="spreken",
                             datum=TODAY - timedelta(days=days), resultaat="niet_behaald")
        screen = await _open_dossier(pilot, lambda e: e.record.id == entry.record.id)
        await pilot.press("3")
        await pilot.pause()
        warning = str(screen.query_one("#examen-waarschuwing").render())
        assert "let op" in warning and "eigen rekening" in warning and "spreken" in warning
        await pilot.press("E")
        await wait_for(pilot, lambda: isinstance(app.screen, ExamenFormScreen))
        form = app.screen
        await pilot.press("enter", "down", "down", "enter")  # onderdeel: lezen → luisteren → spreken
        await pilot.pause()
        status = str(form.query_one("#examen-status").render())
        assert "poging 3" in status and "eigen rekening" in status
        await pilot.press("ctrl+s")  # no result chosen yet: refused
        await pilot.pause()
        assert app.screen is form and "Kies de uitslag" in str(form.query_one("#examen-status").render())
        assert app.focused.id == "resultaat"
        await pilot.press("enter", *"niet", "enter")
        await pilot.pause()
        assert str(form.query_one("#resultaat").value) == "niet_behaald"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen and len(screen.data.pogingen) == 3)
        await pilot.pause()
        prompts = [str(screen.query_one("#pogingen").get_option_at_index(i).prompt) for i in range(3)]
        assert any("poging 3" in p and "eigen rekening" in p for p in prompts)


async def test_deleting_an_exam_attempt_asks_first(app):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_dossier(pilot, lambda e: e.facts.pip_datum is not None and _without_exams(pilot.app, e))
        in_write(app.store.engine, add_examenpoging,  person_id=screen.person_id, onderdeel="knm",
                         datum=TODAY - timedelta(days=10), resultaat="behaald")
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: len(screen.data.pogingen) == 1)
        await pilot.press("3", "x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert len(screen.data.pogingen) == 1
        await pilot.press("x", "j")
        await wait_for(pilot, lambda: len(screen.data.pogingen) == 0)


async def test_a_date_shorthand_is_explained_as_you_type_and_written_out_on_leaving(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_dossier(pilot, lambda e: e.facts.pip_datum is not None)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactFormScreen))
        form = app.screen
        await pilot.press("shift+tab")
        await _retype(pilot, "-3d")
        three_days_ago = TODAY - timedelta(days=3)
        assert f"= donderdag {format_date(three_days_ago)}" in str(form.query_one("#field-datum").message.render())
        await pilot.press("tab")
        await pilot.pause()
        assert form.query_one("#datum").value == format_date(three_days_ago)


async def test_a_contact_draft_is_put_back_into_the_form(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await caseload_loaded(pilot)
        person_id = app.screen.entries[0].record.id
        app.push_screen(ContactFormScreen(person_id, draft={"soort": "huisbezoek", "datum": "20-11-2026", "notitie": "Half getypt"}))
        await wait_for(pilot, lambda: isinstance(app.screen, ContactFormScreen))
        await pilot.pause()
        form = app.screen
        assert str(form.query_one("#soort").value) == "huisbezoek"
        assert form.query_one("#datum").value == "20-11-2026"
        assert form.query_one("#notitie").text == "Half getypt"
        assert form.dirty


async def test_the_next_dossier_shows_only_the_next_person_from_the_overzicht(app):
    async with app.run_test(size=(120, 40)) as pilot:
        first = await _open_dossier(pilot, lambda e: e.facts.pip_datum is not None and e.facts.regime.value == "wi2021")
        first_naam, first_kenmerk = first.data.facts.naam, first.data.facts.kenmerk
        datums = first.query_one("#datums", ExplainedList)
        await pilot.press("down", "enter")  # a toelichting unfolded on the second row
        assert datums.is_open("termijn_start")
        await pilot.press("2")  # and the contactmomenten tab
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        second = _entry(app, lambda e: e.facts.pip_datum is not None and e.facts.naam != first_naam)
        with app.store.engine.connect() as connection:
            contacten = list_contactmomenten(connection=connection, person_id=second.record.id)
        app.open_dossier(second.record.id)
        await wait_for(pilot, lambda: isinstance(app.screen, DossierScreen) and app.screen.data is not None
                       and app.screen.person_id == second.record.id)
        await pilot.pause()
        screen = app.screen
        assert screen is first  # the dossier screen is kept and refilled: that is what makes opening fast
        header = str(screen.query_one("#dossier-header").render())
        assert second.facts.naam in header and first_naam not in header
        feiten = _shown(screen.query_one("#feiten"))
        assert second.facts.kenmerk in feiten and first_kenmerk not in feiten
        assert screen.query_one("#tabs").active == "overzicht"
        assert app.focused is datums and datums.current.key == datums.items[0].key
        assert not datums.open_keys
        assert all("termijn start" not in str(row.render()) for row in datums.query("ExplainedRow"))
        await pilot.press("2")
        await pilot.pause()
        shown = screen.query_one("#contacten")
        assert shown.option_count == len(contacten)
        if contacten:
            assert contacten[0].notitie.strip()[:20] in str(shown.get_option_at_index(0).prompt)


async def test_a_dossier_opened_again_after_the_terminal_narrowed_uses_the_narrow_layout(app):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_dossier(pilot, lambda e: True)
        assert screen.has_class("-wide")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        app.open_dossier(screen.person_id)
        await wait_for(pilot, lambda: isinstance(app.screen, DossierScreen) and app.screen.data is not None)
        await pilot.pause()
        assert app.screen.has_class("-narrow") and not app.screen.has_class("-wide")
        feiten_col = app.screen.query_one("#feiten-col")
        datums_col = app.screen.query_one("#datums-col")
        assert feiten_col.region.y > datums_col.region.y  # the facts below the dates, not beside them


async def test_a_second_dossier_opened_on_top_of_an_open_one_gets_its_own_screen(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await caseload_loaded(pilot)
        other = app.screen.entries[1]
        first = await _open_dossier(pilot, lambda e: e.record.id != other.record.id)
        app.open_dossier(other.record.id)  # as F2 does from anywhere, here on top of the open dossier
        await wait_for(pilot, lambda: app.screen is not first and isinstance(app.screen, DossierScreen)
                       and app.screen.data is not None)
        await pilot.pause()
        assert other.facts.naam in str(app.screen.query_one("#dossier-header").render())
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is first and first.data.record.id == first.person_id
        assert first.data.facts.naam in str(first.query_one("#dossier-header").render())


async def test_a_dossier_of_a_person_that_no_longer_exists_says_so(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await caseload_loaded(pilot)
        for person_id in (999_998, 999_999):  # the first builds the screen, the second refills it
            app.open_dossier(person_id)
            await wait_for(pilot, lambda: isinstance(app.screen, DossierScreen) and app.screen.is_mounted
                           and "bestaat niet" in str(app.screen.query_one("#dossier-header").render()))
            assert app.screen.data is None
            await pilot.press("escape")
            await pilot.pause()
        known = await _open_dossier(pilot, lambda e: True)
        naam = known.data.facts.naam
        await pilot.press("escape")
        await pilot.pause()
        app.open_dossier(999_997)  # after a real person: nothing of them stays on the screen
        await wait_for(pilot, lambda: "bestaat niet" in str(known.query_one("#dossier-header").render()))
        await pilot.pause()
        assert app.screen is known and naam not in _shown(known.query_one("#feiten"))
        assert all(not str(row.render()).strip() for row in known.query("ExplainedRow"))


def _slow_dossier_reads(monkeypatch, seconds: float) -> None:
    """Every dossier read takes `seconds` from now on: a busy database."""
    from services import dossier

    load = dossier.load_dossier

    def slow_load(**kwargs):
        time.sleep(seconds)
        return load(**kwargs)

    monkeypatch.setattr(dossier, "load_dossier", slow_load)


async def _seen_one_dossier(pilot):
    """A dossier opened and left again: the installed screen that the next opening refills."""
    first = await _open_dossier(pilot, lambda e: e.facts.pip_datum is not None)
    naam = first.data.facts.naam
    await pilot.press("escape")
    await pilot.pause()
    return first, naam


async def test_while_the_next_dossier_loads_nothing_of_the_previous_person_shows(app, monkeypatch):
    async with app.run_test(size=(120, 40)) as pilot:
        first, first_naam = await _seen_one_dossier(pilot)
        second = _entry(app, lambda e: e.facts.naam != first_naam)
        _slow_dossier_reads(monkeypatch, 0.8)
        app.open_dossier(second.record.id)
        await pilot.pause(0.4)  # past the quarter second the paint waits for the data
        assert app.screen is first and first.data is None
        assert not app._batch_count  # painted meanwhile, not a frozen screen
        assert "Dossier laden" in str(first.query_one("#dossier-header").render())
        assert first_naam not in _shown(first.query_one("#feiten"))
        assert all(not str(row.render()).strip() for row in first.query("ExplainedRow"))
        await wait_for(pilot, lambda: first.data is not None)
        await pilot.pause()
        assert second.facts.naam in str(first.query_one("#dossier-header").render())
        assert second.facts.kenmerk in _shown(first.query_one("#feiten"))


async def test_a_dossier_reopened_within_the_paint_hold_of_another_still_repaints_while_it_loads(app, monkeypatch):
    async with app.run_test(size=(120, 40)) as pilot:
        first, first_naam = await _seen_one_dossier(pilot)
        others = [e for e in app.screen.entries if e.facts.naam != first_naam][:2]
        _slow_dossier_reads(monkeypatch, 1.5)
        app.open_dossier(others[0].record.id)      # opening 1: hold + timer(opening 1)
        await pilot.pause(0.05)
        await pilot.press("escape")                 # back within the quarter second
        await pilot.pause(0.02)
        app.open_dossier(others[1].record.id)      # opening 2: hold still set -> no new timer
        await pilot.pause(0.6)                      # well past PAINT_HOLD_SECONDS
        assert not app._batch_count, "screen frozen: paint hold never released by its timer"


async def test_leaving_the_form_with_input_that_does_not_read_yet_asks_first(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_dossier(pilot, lambda e: e.record.bsn is None)
        form = await _open_form(pilot)
        await _focus(pilot, "bsn")
        await _retype(pilot, "123456789")  # fails the 11-proef: nothing to save yet, but typed
        assert "elfproef" in _message(form, "bsn")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)


async def test_an_exam_without_result_needs_duos_reason_and_keeps_its_level(app):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_dossier(pilot, lambda e: e.facts.pip_datum is not None and _without_exams(pilot.app, e))
        await pilot.press("E")
        await wait_for(pilot, lambda: isinstance(app.screen, ExamenFormScreen))
        form = app.screen
        form.query_one("#resultaat").value = "geen"
        form.query_one("#niveau").value = "A2"
        await pilot.pause()
        await pilot.press("ctrl+s")  # no reason given: DUO needs one
        await pilot.pause()
        assert app.screen is form and "Kies waarom er geen uitslag is" in str(form.query_one("#examen-status").render())
        assert app.focused.id == "reden"
        form.query_one("#reden").value = "absent"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen and len(screen.data.pogingen) == 1)
        poging = screen.data.pogingen[0]
        assert (poging.resultaat.value, poging.niveau.value, poging.reden_geen_resultaat.value) == ("geen", "A2", "absent")
