"""Decisions recorded from the dossier with `b` (verlenging, gewijzigd PIP, ontheffing, vrijstelling, vertrek),
checked by the service before anything is stored, and the warme overdracht printed with `o`."""

from __future__ import annotations

import stat
import sys
from datetime import date

import pytest

from rules.model import Leerroute, Status, VerlengingGrond
from services import besluiten
from tests.tui.conftest import caseload_loaded, screen_lines, wait_for
from tui.screens.besluit_form import BesluitFormScreen, BesluitKeuzeScreen
from tui.screens.dossier import DossierScreen


async def _open(pilot, predicate) -> DossierScreen:
    app = pilot.app
    await caseload_loaded(pilot)
    entry = next(e for e in app.screen.entries if predicate(e))
    await pilot.press("slash", *entry.facts.kenmerk, "enter")
    await wait_for(pilot, lambda: isinstance(app.screen, DossierScreen) and app.screen.data is not None)
    await pilot.pause()
    return app.screen


async def _form(pilot, soort: str) -> BesluitFormScreen:
    app = pilot.app
    await pilot.press("b")
    await wait_for(pilot, lambda: isinstance(app.screen, BesluitKeuzeScreen))
    order = ["verlenging", "pip", "ontheffing", "vrijstelling", "vertrek"]
    await pilot.press(*["down"] * order.index(soort), "enter")
    await wait_for(pilot, lambda: isinstance(app.screen, BesluitFormScreen))
    await pilot.pause()
    return app.screen


def _active_b1(e) -> bool:
    return e.facts.pip_datum is not None and e.facts.leerroute is Leerroute.B1 and e.facts.status is Status.ACTIEF


async def test_a_verlenging_ground_is_stored_and_shown_in_the_dossier(app):
    async with app.run_test(size=(120, 36)) as pilot:
        dossier = await _open(pilot, _active_b1)
        before = len(besluiten.list_besluiten(store=app.store, person_id=dossier.person_id))
        form = await _form(pilot, "verlenging")
        form.query_one("#grond").value = VerlengingGrond.ZIEKTE.value
        form.query_one("#toelichting").focus()
        await pilot.press(*"ziek van maart tot juni")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is dossier and dossier.data is not None
                       and len(besluiten.list_besluiten(store=app.store, person_id=dossier.person_id)) == before + 1)
        stored = besluiten.list_besluiten(store=app.store, person_id=dossier.person_id)[-1]
        assert stored.soort == "verlenging" and stored.fact.grond is VerlengingGrond.ZIEKTE
        assert stored.fact.toelichting == "ziek van maart tot juni" and stored.fact.besluitdatum is None


async def test_a_z_route_pip_with_level_b1_is_refused_at_the_niveau_field_and_nothing_is_stored(app):
    async with app.run_test(size=(120, 36)) as pilot:
        dossier = await _open(pilot, _active_b1)
        before = besluiten.list_besluiten(store=app.store, person_id=dossier.person_id)
        form = await _form(pilot, "pip")
        await pilot.press(*"01-11-2026")
        form.query_one("#leerroute").value = "z"
        form.query_one("#niveau").value = "B1"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: any("Z-route" in line and "fout" in line for line in screen_lines(app)))
        assert app.screen is form and app.focused is form.query_one("#niveau")
        assert besluiten.list_besluiten(store=app.store, person_id=dossier.person_id) == before


async def test_an_unreadable_date_is_named_before_anything_is_sent(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, _active_b1)
        form = await _form(pilot, "ontheffing")
        await pilot.press(*"31-02-2026", "ctrl+s")
        await pilot.pause()
        assert app.screen is form and app.focused is form.query_one("#besluitdatum")
        assert any("fout:" in line for line in screen_lines(app))


async def test_a_vertrek_closes_the_file_with_date_and_bestemming(app):
    async with app.run_test(size=(120, 36)) as pilot:
        dossier = await _open(pilot, _active_b1)
        form = await _form(pilot, "vertrek")
        await pilot.press(*"15-11-2026", "tab", *"Utrecht", "ctrl+s")
        await wait_for(pilot, lambda: app.screen is dossier and dossier.data is not None
                       and dossier.data.facts.status is Status.VERTROKKEN)
        assert dossier.data.facts.vertrokken_op == date(2026, 11, 15)
        assert dossier.data.facts.vertrek_bestemming == "Utrecht"


async def test_escape_on_a_typed_decision_asks_before_throwing_it_away(app):
    from tui.screens.confirm import ConfirmScreen

    async with app.run_test(size=(120, 36)) as pilot:
        await _open(pilot, _active_b1)
        await _form(pilot, "vertrek")
        await pilot.press(*"15-11-2026", "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))


async def test_o_prints_the_warme_overdracht_owner_only(app):
    async with app.run_test(size=(120, 36)) as pilot:
        await _open(pilot, _active_b1)
        await pilot.press("o")
        await wait_for(pilot, lambda: any("Warme overdracht opgeslagen" in n.message for n in app._notifications))
        message = next(n.message for n in app._notifications if "Warme overdracht opgeslagen" in n.message)
        from pathlib import Path

        path = Path(message.split(": ", 1)[1].split("\n", 1)[0])
        assert "Alleen voor u leesbaar" in message
        assert path.exists() and "Warme overdracht" in path.read_text(encoding="utf-8")
        if sys.platform != "win32":
            assert stat.S_IMODE(path.stat().st_mode) == 0o600


async def test_a_decision_recorded_by_mistake_is_listed_and_removed_after_a_question(app):
    from tui.screens.confirm import ConfirmScreen

    async with app.run_test(size=(80, 24)) as pilot:
        dossier = await _open(pilot, _active_b1)
        form = await _form(pilot, "verlenging")
        form.query_one("#grond").value = VerlengingGrond.ZWANGERSCHAP.value
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is dossier
                       and len(besluiten.list_besluiten(store=app.store, person_id=dossier.person_id)) == 1)
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.screen, BesluitKeuzeScreen) and bool(app.screen.besluiten))
        assert any("verlenging: zwangerschap (grond in het dossier)" in line for line in screen_lines(app))
        await pilot.press("tab", "x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("j")
        await wait_for(pilot, lambda: isinstance(app.screen, BesluitKeuzeScreen) and not app.screen.besluiten)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is dossier)
        assert besluiten.list_besluiten(store=app.store, person_id=dossier.person_id) == []


@pytest.mark.parametrize("soort", ["ontheffing", "pip", "vrijstelling", "verlenging"])
async def test_a_besluit_form_opens_without_an_error_and_escape_on_it_untouched_asks_nothing(app, soort):
    async with app.run_test(size=(120, 36)) as pilot:
        dossier = await _open(pilot, _active_b1)
        await _form(pilot, soort)
        assert not any("fout" in line for line in screen_lines(app))
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is dossier)


async def test_a_verlenging_grond_error_goes_as_soon_as_a_grond_is_chosen(app):
    async with app.run_test(size=(120, 36)) as pilot:
        await _open(pilot, _active_b1)
        form = await _form(pilot, "verlenging")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert sum("Kies de grond voor de verlenging." in line for line in screen_lines(app)) == 2  # field and summary
        assert app.focused is form.query_one("#grond")
        form.query_one("#grond").value = VerlengingGrond.ZIEKTE.value
        await pilot.pause()
        assert not any("Kies de grond" in line or "fout" in line for line in screen_lines(app))
