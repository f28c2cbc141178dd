"""Fixtures for driving the app: a fixed clock, an isolated demo database."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest

from storage.paths import resolve
from tui.app import RegieApp

TODAY = date(2026, 11, 22)


def demo_app(**kwargs) -> RegieApp:
    """The app on the demo caseload. Screens are not built ahead unless a test asks (build_ahead=True): a test
    that ends while one is being built would tear it down halfway (tests/tui/test_built_ahead.py covers it)."""
    kwargs.setdefault("build_ahead", False)
    return RegieApp(resolve(demo=True), demo=True, today=TODAY, **kwargs)


async def wait_for(pilot, condition, *, timeout: float = 15.0) -> None:
    """Let workers run until `condition()` holds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("the app did not reach the expected state in time")
        await pilot.pause(0.05)


async def caseload_loaded(pilot) -> None:
    from tui.screens.caseload import CaseloadScreen

    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CaseloadScreen) and bool(pilot.app.screen.entries))
    await pilot.pause()


@pytest.fixture
def app() -> RegieApp:
    return demo_app()


def screen_lines(app) -> list[str]:
    """The text of the screen in view, line by line, as the user sees it (hidden widgets are not drawn)."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def on_screen(app, text: str) -> bool:
    return any(text in line for line in screen_lines(app))
