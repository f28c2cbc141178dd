"""Screens run services through one helper: the result painted, a refusal in the service's Dutch words,
anything else in general Dutch terms, never a traceback, and nothing painted on a screen already closed."""

from __future__ import annotations

import threading

from textual.app import App
from textual.screen import Screen
from textual.widgets import Static

from services.errors import ServiceError
from tui.threads import run_service


class _Shown(Screen):
    def compose(self):
        yield Static("", id="out")

    def show(self, text) -> None:
        self.query_one("#out", Static).update(str(text))


class _App(App):
    def on_mount(self) -> None:
        self.push_screen(_Shown())


async def _run(call, **kwargs) -> tuple[str, list]:
    app = _App()
    async with app.run_test() as pilot:
        screen = app.screen
        run_service(screen, call, screen.show, **kwargs)
        await app.workers.wait_for_complete()
        await pilot.pause()
        return str(screen.query_one("#out", Static).render()), [n.message for n in app._notifications]


async def test_the_result_is_painted_on_the_screen():
    shown, notes = await _run(lambda: 42)
    assert shown == "42" and notes == []


async def test_a_service_refusal_is_shown_in_its_own_dutch_words():
    def refuse():
        raise ServiceError("Dit dossier bestaat niet meer.")

    _, notes = await _run(refuse)
    assert notes == ["Dit dossier bestaat niet meer."]


async def test_an_unexpected_error_is_said_in_general_dutch_terms_with_only_its_kind():
    def crash():
        raise RuntimeError("geheim: Amal Haddad 123456782")

    _, notes = await _run(crash, unexpected="De uren konden niet worden geladen ({kind}).")
    assert notes == ["De uren konden niet worden geladen (RuntimeError)."]


async def test_failed_and_refused_go_where_the_screen_wants_them():
    seen: list = []

    def refuse():
        raise ServiceError("Nee.")

    def crash():
        raise OSError("weg")

    app = _App()
    async with app.run_test() as pilot:
        screen = app.screen
        run_service(screen, refuse, screen.show, refused=lambda exc: seen.append(("refused", str(exc))), group="a")
        run_service(screen, crash, screen.show, failed=lambda text: seen.append(("failed", text)), group="b")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert sorted(seen) == [("failed", "De database gaf een fout (OSError)."), ("refused", "Nee.")]


async def test_nothing_is_painted_on_a_screen_that_was_closed_while_the_service_ran():
    release = threading.Event()
    painted: list = []

    def slow():
        release.wait(5)
        return "te laat"

    app = _App()
    async with app.run_test() as pilot:
        screen = app.screen
        run_service(screen, slow, painted.append)
        app.pop_screen()
        await pilot.pause()
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert painted == []
