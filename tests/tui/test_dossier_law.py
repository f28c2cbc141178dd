"""The dossier after decisions that change what the law asks (walkreport items 3 and 4): a gehele ontheffing
ends the plicht and says so, a gewijzigd PIP's leerroute is the one shown everywhere."""

from __future__ import annotations

from rules.model import Leerroute, Status
from tests.tui.conftest import TODAY, caseload_loaded, screen_lines, wait_for
from tests.tui.test_besluiten import _form, _open
from tui.screens.dossier import DossierScreen


def _zroute_achter(e) -> bool:
    return (e.facts.status is Status.ACTIEF and e.facts.leerroute is Leerroute.Z and e.facts.pip_datum is not None
            and any(s.signaal.soort == "zroute_achterstand" for s in e.alle_signalen))


async def test_a_gehele_ontheffing_shows_in_the_overview_and_ends_the_zroute_achterstand(app):
    async with app.run_test(size=(120, 48)) as pilot:
        dossier = await _open(pilot, _zroute_achter)
        assert any("achterstand" in line for line in screen_lines(app))
        form = await _form(pilot, "ontheffing")
        form.query_one("#besluitdatum").focus()
        await pilot.press(*"vandaag")
        form.query_one("#grond").value = "MED"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is dossier and dossier.data is not None
                       and dossier.data.facts.ontheffingen)
        await pilot.pause()
        lines = screen_lines(app)
        text = "\n".join(lines)
        assert "fase: uitgestroomd: gehele ontheffing" in text and "status: ontheffing" in text
        assert "vertrokken" not in text
        datum = TODAY.strftime("%d-%m-%Y")
        assert any("ontheffing geheel" in line and f"{datum} · medisch" in line and "plicht beëindigd" in line
                   for line in lines)
        assert not any("achterstand" in line for line in lines)
        assert any("Z-route uren" in line and "hoeven niet meer gehaald" in line for line in lines)
        assert any("PVT" in line and "niet meer nodig (gehele ontheffing)" in line for line in lines) or \
            any("PVT ondertekend" in line and "afgerond" in line for line in lines)


async def test_a_gedeeltelijke_ontheffing_of_the_participatie_uren_stops_only_that_part(app):
    async with app.run_test(size=(120, 48)) as pilot:
        dossier = await _open(pilot, _zroute_achter)
        form = await _form(pilot, "ontheffing")
        form.query_one("#soort").value = "gedeeltelijk"
        form.query_one("#besluitdatum").focus()
        await pilot.press(*"vandaag")
        form.query_one("#participatie_uren_max").value = "0"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is dossier and dossier.data is not None
                       and dossier.data.facts.ontheffingen)
        await pilot.pause()
        lines = screen_lines(app)
        assert any("ontheffing gedeeltelijk" in line and "geen participatie-uren" in line for line in lines)
        assert any("Z-route participatie" in line and "geldt niet (ontheffing)" in line for line in lines)
        assert not any("uitgestroomd" in line for line in lines)
        assert any("Z-route taal/KNM" in line for line in lines)  # the language hours still count


def _b1_over_28(e) -> bool:
    from rules.validation import age_on

    return (e.facts.status is Status.ACTIEF and e.facts.leerroute is Leerroute.B1 and e.facts.pip_datum is not None
            and not e.facts.pips and e.facts.geboortedatum is not None and age_on(e.facts.geboortedatum, TODAY) >= 30)


async def test_a_gewijzigd_pip_to_onderwijs_asks_about_age_and_then_shows_onderwijs_everywhere(app):
    from tui.screens.caseload import CaseloadScreen
    from tui.screens.confirm import ConfirmScreen

    async with app.run_test(size=(120, 48)) as pilot:
        dossier = await _open(pilot, _b1_over_28)
        kenmerk = dossier.data.facts.kenmerk
        form = await _form(pilot, "pip")
        await pilot.press(*"vandaag")
        form.query_one("#leerroute").value = "onderwijs"
        form.query_one("#niveau").value = "B1"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        question = " ".join(" ".join(line.split()) for line in screen_lines(app) if line.strip())
        assert "de onderwijsroute" in question and "tot 28 jaar" in question and "toch opslaan" in question
        await pilot.press("j")
        await wait_for(pilot, lambda: app.screen is dossier and dossier.data is not None and dossier.data.facts.pips)
        await pilot.pause()
        lines = screen_lines(app)
        assert any("Wi2021 · onderwijsroute" in line for line in lines)
        assert not any("B1-route" in line for line in lines[:4])
        assert any("MAP" in line and "niet verplicht op de onderwijsroute" in line for line in lines)
        assert not any("Wi2013" in line for line in lines)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen) and app.screen.entries)
        entry = next(e for e in app.screen.entries if e.facts.kenmerk == kenmerk)
        assert entry.leerroute is Leerroute.ONDERWIJS
        from tui.screens.caseload import row_for

        assert row_for(entry)[4] == "onderwijs"
