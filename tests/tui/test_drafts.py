"""Drafts: a saved form leaves no draft behind, even when a draft write was still under way."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest

import storage.drafts
from storage.drafts import list_drafts
from tests.tui.conftest import caseload_loaded, demo_app, wait_for
from tui.drafts import DRAFT_DELAY
from tui.screens.aanmelding import AanmeldingScreen
from tui.screens.contact_form import ContactFormScreen
from tui.screens.dossier import DossierScreen
from tui.screens.drafts import DraftsScreen
from tui.screens.person_form import PersonFormScreen


@pytest.fixture
def slow_draft_writes(monkeypatch):
    """The first draft write takes a while (a busy disk, a second regie writing): it is still
    under way when the consulent presses ctrl+s or types on and a newer draft is written."""
    real = storage.drafts.save_draft
    writes = SimpleNamespace(started=0, finished=0)

    def slow(**kwargs):
        writes.started += 1
        try:
            if writes.started == 1:
                time.sleep(1.5)
            real(**kwargs)
        finally:
            writes.finished += 1

    monkeypatch.setattr(storage.drafts, "save_draft", slow)
    return writes


async def _all_draft_writes_finished(pilot, writes) -> None:
    # Worker threads of a closed form outlive it: wait for the writes themselves.
    await wait_for(pilot, lambda: writes.finished == writes.started)
    await pilot.pause(0.1)


def _drafts(app):
    with app.store.engine.connect() as connection:
        return list_drafts(connection=connection)


async def _no_draft_offered_on_the_next_start() -> None:
    second = demo_app()
    async with second.run_test(size=(100, 30)) as pilot:
        await caseload_loaded(pilot)
        await second.workers.wait_for_complete()
        await pilot.pause(0.2)
        assert not isinstance(second.screen, DraftsScreen)
        assert _drafts(second) == []


async def _contactmoment(pilot):
    app = pilot.app
    person = app.screen.entries[2].record
    await pilot.press("f3", *person.facts.kenmerk)
    await wait_for(pilot, lambda: app.screen.hits and app.screen.hits[0].id == person.id)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, ContactFormScreen))
    await pilot.press(*"Besproken: taalles")


async def _aanmelding(pilot):
    await pilot.press("f4", *"Test Concept", *["tab"] * 5, *"K-123")  # naam, geboortedatum, V-nummer, AZC, BSN, kenmerk
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, AanmeldingScreen))


async def _gegevens(pilot):
    app = pilot.app
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, DossierScreen) and app.screen.data is not None)
    await pilot.press("e")
    await wait_for(pilot, lambda: isinstance(app.screen, PersonFormScreen) and app.screen.original is not None)
    await pilot.press("end", *" Test")  # the naam, focused first


@pytest.mark.parametrize("fill_in", [_contactmoment, _aanmelding, _gegevens], ids=["contactmoment", "aanmelding", "gegevens"])
async def test_a_saved_form_leaves_no_draft_while_a_draft_write_was_under_way(slow_draft_writes, fill_in):
    first = demo_app()
    async with first.run_test(size=(100, 40)) as pilot:
        await caseload_loaded(pilot)
        await fill_in(pilot)
        form = first.screen
        await wait_for(pilot, lambda: slow_draft_writes.started, timeout=DRAFT_DELAY + 5)  # the draft write has begun
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: form not in first.screen_stack)  # saved and closed
        await _all_draft_writes_finished(pilot, slow_draft_writes)
        assert _drafts(first) == []
    await _no_draft_offered_on_the_next_start()


async def test_the_newest_draft_is_the_one_kept_when_writes_overlap(slow_draft_writes):
    first = demo_app()
    async with first.run_test(size=(100, 40)) as pilot:
        await caseload_loaded(pilot)
        await pilot.press("f4", *"Eerste")
        await wait_for(pilot, lambda: slow_draft_writes.started, timeout=DRAFT_DELAY + 5)
        await pilot.press(*" Tweede")
        await wait_for(pilot, lambda: slow_draft_writes.started == 2, timeout=DRAFT_DELAY + 5)
        await _all_draft_writes_finished(pilot, slow_draft_writes)
        assert [d.data["naam"] for d in _drafts(first)] == ["Eerste Tweede"]


async def test_an_aanmelding_opened_and_left_untouched_leaves_no_draft(app):
    from textual.widgets import Input

    async with app.run_test(size=(100, 30)) as pilot:
        await caseload_loaded(pilot)
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, AanmeldingScreen))
        assert app.screen.query_one("#consulent", Input).value == app.consulent  # a default was filled in
        await pilot.pause(DRAFT_DELAY + 0.4)
        await app.workers.wait_for_complete()
        assert _drafts(app) == []
        await pilot.press(*"Amal")  # typed, drafted, then erased again: the draft goes too
        await pilot.pause(DRAFT_DELAY + 0.4)
        await app.workers.wait_for_complete()
        assert len(_drafts(app)) == 1
        await pilot.press(*["backspace"] * 4)
        await pilot.pause(DRAFT_DELAY + 0.4)
        await app.workers.wait_for_complete()
        assert _drafts(app) == []
        await pilot.press("escape")  # nothing to lose: closes without asking
        await pilot.pause(0.2)
        assert not isinstance(app.screen, AanmeldingScreen)
