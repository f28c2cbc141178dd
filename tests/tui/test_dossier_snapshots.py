"""SVG snapshots of the dossier and its edit form at a fixed size, clock and demo caseload."""

from __future__ import annotations

from tests.tui.conftest import caseload_loaded, demo_app, wait_for

# A Z-route asielstatushouder in the middle of the term: key dates, hours and signalen all show.
KENMERK = "IB-2025-0028"


async def _open_dossier(pilot) -> None:
    from tui.screens.dossier import DossierScreen

    await caseload_loaded(pilot)
    await pilot.press("slash", *KENMERK, "enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, DossierScreen) and pilot.app.screen.data is not None)
    await pilot.pause()
    pilot.app.clear_notifications()  # start-up toasts belong to other screens' snapshots


async def _form_with_pip_before_brp(pilot) -> None:
    from tui.screens.person_form import PersonFormScreen

    await _open_dossier(pilot)
    await pilot.press("e")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, PersonFormScreen) and pilot.app.screen.original is not None)
    for _ in range(40):
        if pilot.app.focused is not None and pilot.app.focused.id == "f-pip_datum":
            break
        await pilot.press("tab")
    await pilot.press("end", "ctrl+u", *"01-01-2020", "tab")
    await pilot.pause()
    pilot.app.clear_notifications()


def test_dossier_overzicht_snapshot(snap_compare):
    assert snap_compare(demo_app(), terminal_size=(120, 36), run_before=_open_dossier)


def test_dossier_overzicht_snapshot_at_80_by_24(snap_compare):
    assert snap_compare(demo_app(), terminal_size=(80, 24), run_before=_open_dossier)


def test_person_form_shows_a_validation_error_snapshot(snap_compare):
    assert snap_compare(demo_app(), terminal_size=(80, 24), run_before=_form_with_pip_before_brp)
