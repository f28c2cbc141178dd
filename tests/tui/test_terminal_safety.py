"""Stored data is shown as it is, never run (issue 13, point 6): a name with markup brackets or a terminal
escape sequence (an old database, a file imported before the input checks, a team pull) neither crashes a
screen nor reaches the terminal."""

from __future__ import annotations

from sqlalchemy import update

from rules.text import search_key
from storage.db import write_session
from storage.models import Person
from tests.tui.conftest import caseload_loaded, screen_lines, wait_for

PERSON = Person.__table__
EVIL = "Ali [/] [link=http://x]Klik[/link] \x1b]0;pwned\x07\x1b[2J"


def _rename_first(app) -> int:
    entry = app.screen.entries[0]
    with write_session(app.store.engine) as session:
        session.connection().execute(update(PERSON).where(PERSON.c.id == entry.record.id)
                                     .values(naam=EVIL, zoeksleutel=search_key(EVIL), consulent="Anna [/]",
                                             taal="[bold]Arabisch"))
    return entry.record.id


def _no_control_characters(app) -> None:
    for line in screen_lines(app):
        assert "\x1b" not in line and "\x07" not in line


async def test_a_stored_name_with_markup_and_escapes_is_shown_literally_everywhere(app):
    from tui.screens.dossier import DossierScreen

    async with app.run_test(size=(120, 36)) as pilot:
        await caseload_loaded(pilot)
        person_id = _rename_first(app)
        app.screen.reload()
        await wait_for(pilot, lambda: any(e.facts.naam == EVIL for e in app.screen.entries))
        await pilot.press("slash", *"klik")
        await wait_for(pilot, lambda: any("Ali [/] [link=h" in line for line in screen_lines(app)))
        await wait_for(pilot, lambda: any("Ali [/] [link=http://x]Klik[/link]" in line for line in screen_lines(app)))
        _no_control_characters(app)
        assert any("\\x1b]0;pwned" in line for line in screen_lines(app))  # shown as its escape, not run

        app.open_dossier(person_id)
        await wait_for(pilot, lambda: isinstance(app.screen, DossierScreen) and app.screen.data is not None)
        await pilot.pause()
        assert any("consulent: Anna [/]" in line for line in screen_lines(app))
        _no_control_characters(app)

        await pilot.press("u")  # the uren screen's title carries the name
        await pilot.pause(0.5)
        _no_control_characters(app)
        await pilot.press("escape")

        await pilot.press("ctrl+p", *"Ali")  # the palette's person search
        await wait_for(pilot, lambda: any("persoon: Ali [/]" in line for line in screen_lines(app)))
        _no_control_characters(app)
