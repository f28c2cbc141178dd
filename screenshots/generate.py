"""Regenerate the README's screenshots from the same harness as the tests.

    python screenshots/generate.py

Runs the app headless on the demo caseload with a fixed date, walks to each
screen with the keyboard, and saves an SVG per screen in this folder.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
TODAY = date(2026, 11, 22)
SIZE = (120, 36)


async def _wait(pilot, condition, timeout: float = 20.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise RuntimeError("the app did not reach the expected screen")
        await pilot.pause(0.05)
    await pilot.pause(0.2)


async def _shoot(app, pilot, name: str) -> None:
    app.clear_notifications()
    await pilot.pause(0.1)
    app.save_screenshot(filename=f"{name}.svg", path=str(HERE))
    print(f"screenshots/{name}.svg")


async def main() -> None:
    from storage.paths import resolve
    from tui.app import RegieApp
    from tui.screens.caseload import CaseloadScreen
    from tui.screens.dossier import DossierScreen
    from tui.screens.person_form import PersonFormScreen
    from tui.screens.signalen import SignalenScreen
    from tui.screens.uren import UrenScreen
    from tui.screens.weekplan import WeekplanScreen

    app = RegieApp(resolve(demo=True), demo=True, today=TODAY, build_ahead=False)
    async with app.run_test(size=SIZE) as pilot:
        await _wait(pilot, lambda: isinstance(app.screen, CaseloadScreen) and app.screen.entries)
        await _shoot(app, pilot, "caseload")
        z_person = next(e for e in sorted(app.screen.entries, key=lambda e: e.facts.kenmerk)
                        if e.facts.leerroute and e.facts.leerroute.value == "z" and e.facts.status.value == "actief")

        await pilot.press("f2", *z_person.facts.naam.split()[0][:4].lower())
        await _wait(pilot, lambda: getattr(app.screen, "hits", None))
        await _shoot(app, pilot, "zoeken")
        await pilot.press("escape")

        await pilot.press("slash", *z_person.facts.kenmerk, "enter")
        await _wait(pilot, lambda: isinstance(app.screen, DossierScreen) and app.screen.data is not None)
        await _shoot(app, pilot, "dossier")

        await pilot.press("e")
        await _wait(pilot, lambda: isinstance(app.screen, PersonFormScreen) and app.screen.original is not None)
        form = app.screen
        pip_field = form.query_one("#f-pip_datum")
        pip_field.focus()
        await pilot.pause()
        pip_field.value = "01-01-2020"  # before the BRP registration: refused with a reason
        await pilot.pause(0.3)
        await _shoot(app, pilot, "formulier-fout")
        form.dismiss(None) if hasattr(form, "dismiss") else None
        await pilot.pause(0.2)
        while not isinstance(app.screen, DossierScreen):
            await pilot.press("escape")
            await pilot.pause(0.2)
            if not isinstance(app.screen, (DossierScreen, PersonFormScreen)):
                await pilot.press("j")  # discard the unsaved change
                await pilot.pause(0.2)

        await pilot.press("w")
        await _wait(pilot, lambda: isinstance(app.screen, WeekplanScreen) and getattr(app.screen, "person", True))
        await _shoot(app, pilot, "weekplan")
        await pilot.press("escape")
        await pilot.press("u")
        await _wait(pilot, lambda: isinstance(app.screen, UrenScreen))
        await pilot.pause(0.5)
        await _shoot(app, pilot, "uren")
        await pilot.press("escape", "escape")
        await pilot.pause(0.2)

        await pilot.press("f5")
        await _wait(pilot, lambda: isinstance(app.screen, SignalenScreen) and app.screen.items)
        await _shoot(app, pilot, "signalen")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="regie-screenshots-") as home:
        os.environ["REGIE_DATA_DIR"] = str(Path(home) / "data")
        os.environ["REGIE_CONFIG_DIR"] = str(Path(home) / "config")
        asyncio.run(main())
