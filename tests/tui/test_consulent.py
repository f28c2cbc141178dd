"""The consulent's own name and phone (issue 17): asked in the app, checked, and used on the printouts."""

from __future__ import annotations

from textual.app import App

from tui.screens.consulent import ConsulentScreen, Gebruiker


class _Host(App):
    def __init__(self, screen: ConsulentScreen) -> None:
        super().__init__()
        self.dialog = screen
        self.results: list = []

    def on_mount(self) -> None:
        self.push_screen(self.dialog, self.results.append)


async def test_name_and_phone_are_given_back_tidied():
    host = _Host(ConsulentScreen("Anna de Vries"))
    async with host.run_test() as pilot:
        await pilot.press("tab", *"06-12345678", "enter")
        await pilot.pause()
    assert host.results == [Gebruiker(naam="Anna de Vries", telefoon="0612345678")]


async def test_a_phone_that_is_no_phone_number_is_refused_in_dutch_and_the_dialog_stays():
    host = _Host(ConsulentScreen("Anna de Vries"))
    async with host.run_test() as pilot:
        await pilot.press("tab", *"bel me", "enter")
        await pilot.pause()
        assert host.results == []
        fout = str(host.screen.query_one("#consulent-fout").render())
        assert fout.startswith("telefoon:") and "nummer" in fout
        assert host.focused.id == "consulent-telefoon"
        await pilot.press(*["backspace"] * 6, "enter")  # left empty: no phone, the name is kept
        await pilot.pause()
    assert host.results == [Gebruiker(naam="Anna de Vries", telefoon=None)]


async def test_escape_changes_nothing():
    host = _Host(ConsulentScreen("Anna de Vries", "06 12345678"))
    async with host.run_test() as pilot:
        await pilot.press("escape")
        await pilot.pause()
    assert host.results == [None]
