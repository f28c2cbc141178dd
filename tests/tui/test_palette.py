"""The command palette (ctrl+p): Dutch throughout, the actions of the screen in view, and people."""

from __future__ import annotations

from textual.command import CommandInput, CommandList, CommandPalette

from tests.tui.conftest import caseload_loaded, on_screen, wait_for
from tui.screens.dossier import DossierScreen

# Words of the English entries Textual's own widgets would bring along.
ENGLISH = ("Copy", "Cut", "Paste", "Next", "Previous", "Quit", "Scroll", "Page", "Select", "Move", "Delete",
           "Submit", "Focus", "Toggle", "Go to", "Down", "Up", "Search for", "No matches", "Keys", "Screenshot", "Theme")


async def _palette_entries(pilot) -> list[str]:
    app = pilot.app
    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: CommandPalette.is_open(app) and app.screen.query_one(CommandList).option_count > 5)
    await pilot.pause(0.3)
    commands = app.screen.query_one(CommandList)
    return [str(commands.get_option_at_index(i).prompt).split("\n")[0] for i in range(commands.option_count)]


async def test_the_palette_lists_only_dutch_entries_for_the_caseload_and_the_dossier(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await caseload_loaded(pilot)
        entries = await _palette_entries(pilot)
        assert app.screen.query_one(CommandInput).placeholder.startswith("Zoek een opdracht")
        assert {"caseload: mijn caseload", "caseload: filters wissen", "persoon: nieuw contactmoment", "regie afsluiten"} <= set(entries)
        assert not [entry for entry in entries if any(word in entry for word in ENGLISH)]
        await pilot.press("escape")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DossierScreen))
        entries = await _palette_entries(pilot)
        assert {"dossier: bewerken", "dossier: weekplan", "persoon: nieuw contactmoment"} <= set(entries)
        assert not [entry for entry in entries if any(word in entry for word in ENGLISH)]


async def test_the_palette_finds_a_person_and_opens_the_dossier(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await caseload_loaded(pilot)
        target = app.screen.entries[4].record
        await pilot.press("ctrl+p", *target.facts.kenmerk)
        await wait_for(pilot, lambda: on_screen(app, f"persoon: {target.facts.naam}"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DossierScreen) and app.screen.person_id == target.id)


async def test_the_palette_says_in_dutch_when_nothing_matches(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await caseload_loaded(pilot)
        await pilot.press("ctrl+p", *"qqqzzz")
        await wait_for(pilot, lambda: on_screen(app, "Niets gevonden"))


async def test_typing_rapport_in_the_palette_finds_the_monitor(app):
    from tui.screens.monitor import MonitorScreen

    async with app.run_test(size=(120, 36)) as pilot:
        await caseload_loaded(pilot)
        await pilot.press("ctrl+p", *"rapport")
        await wait_for(pilot, lambda: CommandPalette.is_open(app) and on_screen(app, "monitor: cijfers en grafieken (rapport, raadsrapportage)"))
        commands = app.screen.query_one(CommandList)
        await wait_for(pilot, lambda: commands.highlighted is not None
                       and "rapport" in str(commands.get_option_at_index(commands.highlighted).prompt))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MonitorScreen))
