"""A screen shown again keeps its styles (tui/keep_styles.py): the dossier is not restyled widget by widget at
every opening, yet a theme chosen while it was away is on it the next time it shows."""

from __future__ import annotations

from textual.color import Color

from tests.tui.conftest import caseload_loaded, demo_app, wait_for
from tui.screens.caseload import CaseloadScreen
from tui.screens.dossier import DossierScreen


async def _open_dossier(pilot) -> DossierScreen:
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, DossierScreen) and pilot.app.screen.data is not None)
    await pilot.pause()
    return pilot.app.screen


async def _back(pilot) -> None:
    await pilot.press("escape")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CaseloadScreen))
    await pilot.pause()


async def test_the_dossier_is_restyled_only_when_the_theme_changed_while_it_was_away():
    app = demo_app()
    restyled: list = []  # screens restyled as a whole
    real = app.update_styles

    def watched(node, animate=True):
        if isinstance(node, DossierScreen):
            restyled.append(node)
        real(node, animate=animate)

    app.update_styles = watched
    async with app.run_test(size=(120, 36)) as pilot:
        await caseload_loaded(pilot)
        dossier = await _open_dossier(pilot)
        await _back(pilot)
        restyled.clear()

        assert await _open_dossier(pilot) is dossier  # the same screen, refilled
        assert restyled == []
        await _back(pilot)

        before = dossier.styles.background
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        assert await _open_dossier(pilot) is dossier
        assert restyled == [dossier]
        # Screen { background: $background } of the new theme, not the old one
        assert dossier.styles.background == Color.parse(app.get_css_variables()["background"]) != before
