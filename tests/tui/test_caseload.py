"""The caseload home screen, driven with the keyboard."""

from __future__ import annotations

import json
import time
from types import SimpleNamespace

import pytest
from textual.widgets._footer import FooterKey

import storage.db
from tests.tui.conftest import caseload_loaded, demo_app, on_screen, screen_lines, wait_for
from rules.text import search_key
from tui.screens.dossier import DossierScreen
from tui.screens.pick_person import PickPersonScreen


def footer_is_whole(app) -> bool:
    """Every key in the footer is drawn in full, left of the command palette key."""
    keys = list(app.screen.query(FooterKey))
    palette = [key for key in keys if key.has_class("-command-palette")]
    edge = palette[0].region.x if palette else app.size.width
    return bool(keys) and all(key.region.right <= edge for key in keys if key not in palette)


async def test_the_app_opens_on_the_demo_caseload_read_from_the_database(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await caseload_loaded(pilot)
        screen = app.screen
        assert 50 <= len(screen.entries) <= 80  # about 60, and a person for each fact of issue 18
        assert len(screen.shown) == len(screen.entries)
        status = str(screen.query_one("#statusbar").render())
        assert "personen" in status and "verlopen signalen" in status
        assert "DEMO" in app.sub_title


async def test_ctrl_q_quits_cleanly(app):
    async with app.run_test() as pilot:
        await caseload_loaded(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_just_typing_a_name_filters_the_list_and_escape_clears_it(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await caseload_loaded(pilot)
        screen = app.screen
        part = screen.entries[5].facts.naam.split()[1][:4].lower()  # e.g. "mans": letters that are also keys
        await pilot.press(*part)
        await pilot.pause()
        assert 0 < len(screen.shown) < len(screen.entries)
        assert all(search_key(part) in search_key(e.facts.naam) for e in screen.shown)
        assert screen.flt == type(screen.flt)(text=part)  # no filter or sort key went off while typing
        await pilot.press("escape")
        await pilot.pause()
        assert len(screen.shown) == len(screen.entries)


async def test_arrows_and_enter_from_the_search_box_open_the_chosen_person(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await caseload_loaded(pilot)
        screen = app.screen
        await pilot.press(*"yilmaz")
        await pilot.pause()
        chosen = screen.shown[1].record.id
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DossierScreen) and app.screen.person_id == chosen)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.press(*"osman")  # the next visitor: typing replaces the previous search
        await pilot.pause()
        assert screen.flt.text == "osman" and screen.shown


async def test_a_letter_typed_in_the_list_goes_to_the_search_box(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await caseload_loaded(pilot)
        screen = app.screen
        await pilot.press("tab")  # into the list
        assert screen.table.has_focus
        await pilot.press(*"tek")
        await pilot.pause()
        assert screen.query_one("#filter").has_focus and screen.flt.text == "tek"


async def test_alt_keys_filter_and_sort_while_the_search_box_has_focus(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await caseload_loaded(pilot)
        screen = app.screen
        await pilot.press("alt+v")
        await pilot.pause()
        assert screen.flt.verlopen and screen.shown and all(e.verlopen for e in screen.shown)
        assert on_screen(app, "met verlopen signalen")
        await pilot.press("alt+s")
        await pilot.pause()
        assert screen.flt.sort == "naam" and screen.query_one("#filter").value == ""
        await pilot.press("alt+x")
        await pilot.pause()
        assert not screen.flt.verlopen and len(screen.shown) == len(screen.entries)


async def test_the_last_digits_of_a_bsn_find_the_person(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await caseload_loaded(pilot)
        screen = app.screen
        person = next(e for e in screen.entries if e.record.bsn)
        await pilot.press(*person.record.bsn[-5:])
        await pilot.pause()
        assert person.record.id in {e.record.id for e in screen.shown}


async def test_the_filter_and_sort_survive_a_restart():
    first = demo_app()
    async with first.run_test() as pilot:
        await caseload_loaded(pilot)
        await pilot.press("alt+v", "alt+s")
        await pilot.pause(0.6)
        await first.workers.wait_for_complete()
    second = demo_app()
    async with second.run_test() as pilot:
        await caseload_loaded(pilot)
        screen = second.screen
        assert screen.flt.verlopen is True
        assert screen.flt.sort == "naam"
        assert all(e.verlopen for e in screen.shown)


@pytest.fixture
def slow_first_write(monkeypatch):
    """Once armed, the first database write takes a while (a second regie, a busy disk),
    so a later filter save overtakes it."""
    real = storage.db.write_session
    writes = SimpleNamespace(armed=False, count=0)

    def slow(engine):
        if writes.armed:
            writes.count += 1
            if writes.count == 1:
                time.sleep(1.0)
        return real(engine)

    monkeypatch.setattr(storage.db, "write_session", slow)
    return writes


def _stored_filter(app) -> dict:
    from storage.queries import get_setting
    from services.caseload import FILTER_SETTING_KEY

    with app.store.engine.connect() as connection:
        return json.loads(get_setting(connection=connection, key=FILTER_SETTING_KEY) or "{}")


async def test_the_stored_filter_is_the_last_one_chosen_even_when_saves_overtake_each_other(slow_first_write):
    app = demo_app()
    async with app.run_test() as pilot:
        await caseload_loaded(pilot)
        await app.workers.wait_for_complete()
        slow_first_write.armed = True
        await pilot.press("alt+v")
        await wait_for(pilot, lambda: slow_first_write.count)  # saving "verlopen" has begun
        await pilot.press("alt+s", "alt+s")
        await pilot.pause(2.0)  # both saves are done: a closed terminal now must lose nothing
        stored = _stored_filter(app)
        assert stored["verlopen"] is True and stored["sort"] == "achternaam"


async def test_the_search_text_is_not_brought_back_at_the_next_start_but_the_filters_are():
    first = demo_app()
    async with first.run_test() as pilot:
        await caseload_loaded(pilot)
        await pilot.press("alt+v", *"tekle")
        await pilot.pause(0.6)
        await first.workers.wait_for_complete()
        assert "tekle" not in json.dumps(_stored_filter(first))
        await pilot.press("ctrl+q")
    second = demo_app()
    async with second.run_test() as pilot:
        await caseload_loaded(pilot)
        screen = second.screen
        assert screen.flt.text == "" and screen.query_one("#filter").value == ""
        assert screen.flt.verlopen is True
        assert not on_screen(second, "tekle")


def _shared_and_unique_words(screen) -> tuple[str, str]:
    """A word of the naam that several people share, and a whole naam only one person has."""
    from collections import Counter

    words = Counter(word for e in screen.entries for word in set(search_key(e.facts.naam).split()))
    shared = next(word for word, n in words.most_common() if 2 <= n <= 10)
    names = Counter(search_key(e.facts.naam) for e in screen.entries)
    unique = next(e.facts.naam for e in screen.entries if names[search_key(e.facts.naam)] == 1)
    return shared, unique


async def test_enter_with_several_people_found_offers_a_list_to_pick_from(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await caseload_loaded(pilot)
        screen = app.screen
        shared, _unique = _shared_and_unique_words(screen)
        await pilot.press(*shared)
        await pilot.pause()
        found = list(screen.shown)
        assert len(found) > 1
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PickPersonScreen))
        lines = "\n".join(screen_lines(app))
        for entry in found[:5]:  # each shown with what tells namesakes apart
            assert entry.facts.naam in lines and entry.facts.kenmerk in lines
            if entry.record.bsn:
                assert entry.record.bsn not in lines  # masked
                assert entry.record.bsn[-4:] in lines
        assert "geb." in lines
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DossierScreen))
        assert app.screen.person_id == found[1].record.id


async def test_escape_in_the_list_opens_nobody_and_one_person_found_opens_directly(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await caseload_loaded(pilot)
        screen = app.screen
        shared, unique = _shared_and_unique_words(screen)
        await pilot.press(*shared, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PickPersonScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.press("escape", *unique.lower())
        await pilot.pause()
        assert len(screen.shown) == 1
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DossierScreen))
        assert app.screen.person_id == screen.shown[0].record.id


async def test_the_caseload_finds_a_name_typed_without_its_accents_and_in_another_order(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await caseload_loaded(pilot)
        screen = app.screen
        person = next(e for e in screen.entries if len(e.facts.naam.split()) == 2)
        first, last = person.facts.naam.split()
        await pilot.press(*search_key(last).upper(), "space", *search_key(first))
        await pilot.pause()
        assert person.record.id in {e.record.id for e in screen.shown}


async def test_the_caseload_can_be_sorted_on_achternaam(app):
    from rules.naam import sort_key

    async with app.run_test(size=(120, 40)) as pilot:
        await caseload_loaded(pilot)
        screen = app.screen
        await pilot.press("alt+s", "alt+s")
        await pilot.pause()
        assert screen.flt.sort == "achternaam"
        assert on_screen(app, "gesorteerd op achternaam")
        keys = [sort_key(e.facts.naam, e.record.achternaam) for e in screen.shown]
        assert keys == sorted(keys)


async def test_the_caseload_shows_every_column_and_the_signaal_in_words_at_120_columns(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await caseload_loaded(pilot)
        header = "".join(seg.text for seg in app.screen.table.render_line(0))
        for label in ("Naam", "Kenmerk", "Doelgr.", "Fase", "Leerroute", "Consulent", "Belangrijkste signaal"):
            assert label in header
        entry = app.screen.shown[0]
        row = next(line for line in screen_lines(app) if line.startswith(entry.facts.naam))
        assert entry.signaal.ernst.label in row and entry.facts.kenmerk in row
        assert entry.facts.consulent.split()[0] in row  # a long name may end in "…" at exactly 120
        assert f"{entry.signaal.vervaldatum:%d-%m-%Y}" in row
        assert footer_is_whole(app) and on_screen(app, "f5 signalen")


async def test_the_caseload_fits_an_80_by_24_terminal_with_counts_and_footer(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await caseload_loaded(pilot)
        header = "".join(seg.text for seg in app.screen.table.render_line(0))
        assert "Naam" in header and "Kenmerk" in header and "Fase" in header and "signaal" in header
        assert len(header) <= 80
        from tui.screens.caseload import FASE_KORT

        counts = app.screen.counts
        last_fase, n = [(fase, n) for fase, n in counts.per_fase.items() if n][-1]
        assert on_screen(app, f"{FASE_KORT.get(last_fase.value, last_fase.label)} {n}")  # the last count is not cut off
        assert on_screen(app, f"verlopen signalen: {counts.verlopen_signalen}")
        assert footer_is_whole(app) and on_screen(app, "f1 help") and on_screen(app, "opdrachten")
        assert on_screen(app, "alt+m mijn caseload")


async def test_after_a_resize_the_counts_and_the_columns_follow_the_new_width(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await caseload_loaded(pilot)
        assert "Consulent" not in "".join(seg.text for seg in app.screen.table.render_line(0))
        await pilot.resize_terminal(160, 30)
        await pilot.pause(0.3)
        counts = app.screen.counts
        last_fase, n = [(fase, n) for fase, n in counts.per_fase.items() if n][-1]
        assert on_screen(app, f"{last_fase.label}: {n}")  # full phase names now fit, and show whole
        header = "".join(seg.text for seg in app.screen.table.render_line(0))
        assert "Consulent" in header and "Doelgr." in header
        assert footer_is_whole(app) and on_screen(app, "f5 signalen")


def test_every_alt_key_of_the_caseload_arrives_as_that_key_from_a_terminal():
    """Terminals send alt+letter as ESC letter; Textual reads some of those as other keys
    (ESC f is ctrl+right), so such a binding would never fire for a user."""
    import time

    from textual._xterm_parser import XTermParser

    from tui.screens.caseload import CaseloadScreen

    alt_keys = [key for binding in CaseloadScreen.BINDINGS for key in binding.key.split(",") if key.startswith("alt+")]
    assert alt_keys
    for key in alt_keys:
        parser = XTermParser()
        events = list(parser.feed("\x1b" + key.removeprefix("alt+")))
        time.sleep(0.25)  # an escape on its own waits briefly for the rest of a sequence
        events += list(parser.tick())
        assert [getattr(event, "key", None) for event in events] == [key], key
