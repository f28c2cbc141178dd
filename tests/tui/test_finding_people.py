"""Finding people from anywhere (F2, F3, the command palette): however the name is typed, and never the wrong one silently."""

from __future__ import annotations

from collections import Counter

from rules.text import search_key
from tests.tui.conftest import caseload_loaded, screen_lines, wait_for
from tui.screens.contact_form import ContactFormScreen
from tui.screens.dossier import DossierScreen
from tui.screens.search import SearchScreen


class _Added:
    def __init__(self, person_id: int, naam: str) -> None:
        self.record = type("R", (), {"id": person_id})()
        self.facts = type("F", (), {"naam": naam})()


def _accented(app):
    """A person whose naam is written with Turkish letters, added to the demo, and the naam typed in plain
    letters in reverse word order ("ozturk mehmet")."""
    from datetime import date

    from services.aanmelding import Aanmelding, create_aanmelding

    made = create_aanmelding(store=app.store, aanmelding=Aanmelding(naam="Mehmet Öztürk", doelgroep="asielstatushouder",
                                                                     kenmerk="T-OZ-0001"), today=date(2026, 11, 22))
    return _Added(made.person_id, "Mehmet Öztürk"), "ozturk mehmet"


def _shared_word(app) -> str:
    words = Counter(word for e in app.screen.entries for word in set(search_key(e.facts.naam).split()))
    return next(word for word, n in words.most_common() if 2 <= n <= 10)


async def test_f2_with_several_hits_enter_moves_into_the_list_and_opens_only_the_one_picked(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await caseload_loaded(pilot)
        word = _shared_word(app)
        await pilot.press("f2", *word)
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen) and len(app.screen.hits) > 1)
        search = app.screen
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is search  # nobody opened
        lines = "\n".join(screen_lines(app))
        assert "kies de juiste" in lines and "geb." in lines
        second = search.hits[1]
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DossierScreen))
        assert app.screen.person_id == second.id


async def test_f2_finds_a_name_typed_without_accents_in_another_order_and_opens_a_single_hit(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await caseload_loaded(pilot)
        person, typed = _accented(app)
        await pilot.press("f2", *typed.upper())
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen)
                       and person.record.id in {hit.id for hit in app.screen.hits})
        assert len(app.screen.hits) == 1
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DossierScreen))
        assert app.screen.person_id == person.record.id


async def test_f3_picks_the_person_for_a_contactmoment_by_a_name_typed_without_accents(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await caseload_loaded(pilot)
        person, typed = _accented(app)
        await pilot.press("f3", *typed)
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen)
                       and person.record.id in {hit.id for hit in app.screen.hits})
        index = [hit.id for hit in app.screen.hits].index(person.record.id)
        await pilot.press("down", *(["down"] * index), "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactFormScreen))
        assert app.screen.person_id == person.record.id


async def test_the_command_palette_finds_a_person_typed_without_accents(app):
    from tui.commands import PeopleProvider

    async with app.run_test(size=(120, 40)) as pilot:
        await caseload_loaded(pilot)
        person, typed = _accented(app)
        provider = PeopleProvider(app.screen)
        titles = [str(hit.text) async for hit in provider.search(typed)]
        assert any(person.facts.naam in title for title in titles)


async def test_the_caseload_filter_finds_a_name_typed_without_accents_in_another_order(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await caseload_loaded(pilot)
        screen = app.screen
        person, typed = _accented(app)
        before = len(screen.entries)
        screen.reload()
        await wait_for(pilot, lambda: len(screen.entries) == before + 1)
        for query in (typed, "ÖZTÜRK", "Öztürk"):
            await pilot.press("escape", *query)
            await pilot.pause()
            assert [e.record.id for e in screen.shown] == [person.record.id], query
