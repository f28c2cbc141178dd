"""DUO's input rules 10-14 and the leerbaarheidstoets, as tables of exact dates."""

from dataclasses import replace
from datetime import date

import pytest

from rules.duo_invoer import check_duo_invoer
from rules.engine import Soort, compute_signalen
from rules.leerbaarheidstoets import leerbaarheidstoets_stand
from rules.model import Doelgroep, LeerbaarheidstoetsVrijstelling, Leerroute, Niveau, PersonFacts, Pip, Regime
from rules.policy import Policy
from rules.validation import validate_facts

POLICY = Policy()
# PIP 30-11-2023: termijn 01-12-2023 up to 01-12-2026 (exclusive).
BASE = PersonFacts(
    kenmerk="D-1", naam="Test Persoon", doelgroep=Doelgroep.ASIELSTATUSHOUDER, kennisgeving_duo=date(2023, 9, 1),
    brp_inschrijving=date(2023, 9, 15), pip_datum=date(2023, 11, 30), leerroute=Leerroute.B1, niveau=Niveau.B1,
)


def _velden(facts):
    return {(b.veld, b.ernst) for b in check_duo_invoer(facts)}


@pytest.mark.parametrize(
    ("datum", "verwijtbaar", "verwacht"),
    [
        (date(2026, 11, 30), None, set()),  # last day of the termijn, no indication: fine
        (date(2026, 11, 30), True, {("map_verwijtbaar", "fout")}),  # within the termijn: no indication allowed
        (date(2026, 11, 30), False, {("map_verwijtbaar", "fout")}),
        (date(2026, 12, 1), None, {("map_verwijtbaar", "fout")}),  # on the exclusive end: exceeded, indication required
        (date(2026, 12, 1), True, set()),
        (date(2026, 12, 1), False, set()),
        (date(2027, 1, 31), False, set()),  # 'Nee' within two months after the einddatum
        (date(2027, 1, 31), True, set()),
        (date(2027, 2, 1), False, {("map_verwijtbaar", "fout")}),  # 01-12-2026 + 2 months: 'Nee' no longer
        (date(2027, 2, 1), True, set()),
    ],
)
def test_map_verwijtbaar_follows_duos_conditions(datum, verwijtbaar, verwacht):
    facts = replace(BASE, map_eindgesprek=datum, map_verwijtbaar=verwijtbaar)
    assert {v for v in _velden(facts) if v[0].startswith("map")} == verwacht


@pytest.mark.parametrize(
    ("pip", "datum", "fout"),
    [
        # PIP 30-12-2024: einde 31-12-2027, + 2 months = 29-02-2028 (leap year)
        (date(2024, 12, 30), date(2028, 2, 28), False),
        (date(2024, 12, 30), date(2028, 2, 29), True),
        # PIP 29-12-2025: einde 30-12-2028, + 2 months = 28-02-2029 (end of February)
        (date(2025, 12, 29), date(2029, 2, 27), False),
        (date(2025, 12, 29), date(2029, 2, 28), True),
    ],
)
def test_pvt_verwijtbaar_nee_two_month_boundary_at_month_ends(pip, datum, fout):
    facts = replace(BASE, pip_datum=pip, pvt_ondertekend=datum, pvt_verwijtbaar=False)
    assert (("pvt_verwijtbaar", "fout") in _velden(facts)) is fout


def test_verwijtbaar_without_a_date_is_an_error():
    assert ("pvt_verwijtbaar", "fout") in _velden(replace(BASE, pvt_verwijtbaar=True))


@pytest.mark.parametrize(
    ("pvt", "map_", "waarschuwing"),
    [
        (None, None, "PVT en MAP ontbreekt"),
        (date(2025, 1, 10), None, "MAP ontbreekt"),
        (None, date(2025, 1, 10), "PVT ontbreekt"),
        (date(2025, 1, 10), date(2025, 1, 10), None),
    ],
)
def test_zroute_completed_without_pvt_or_map_warns(pvt, map_, waarschuwing):
    facts = replace(BASE, leerroute=Leerroute.Z, niveau=Niveau.A1, zroute_afgerond=date(2025, 6, 1),
                    pvt_ondertekend=pvt, map_eindgesprek=map_)
    meldingen = [b for b in check_duo_invoer(facts) if b.veld == "zroute_afgerond"]
    if waarschuwing is None:
        assert meldingen == []
    else:
        assert meldingen[0].ernst == "waarschuwing" and waarschuwing in meldingen[0].melding
        assert "accepteert DUO geen" in meldingen[0].melding


@pytest.mark.parametrize(
    ("start", "einde", "verwacht"),
    [
        (date(2023, 11, 30), date(2026, 12, 1), set()),  # on the PIP day, course ends on the exclusive end
        (date(2023, 11, 30), date(2026, 12, 2), {("aanbod_einde", "fout")}),  # one day beyond the termijn
        (date(2026, 11, 30), None, set()),
        (date(2026, 12, 1), None, {("aanbod_start", "waarschuwing")}),  # starts after the termijn
        (date(2024, 3, 1), date(2024, 3, 1), {("aanbod_einde", "fout")}),  # ends when it starts
    ],
)
def test_an_aanbod_outside_the_termijn_is_refused_or_warned(start, einde, verwacht):
    facts = replace(BASE, aanbod_start=start, aanbod_einde=einde)
    assert {v for v in _velden(facts) if v[0].startswith("aanbod")} == verwacht


def test_an_aanbod_before_the_actuele_pip_is_refused():
    facts = replace(BASE, aanbod_start=date(2024, 5, 1), pips=(Pip(date(2024, 6, 1), Leerroute.B1, Niveau.B1),))
    assert ("aanbod_start", "fout") in _velden(facts)


@pytest.mark.parametrize(
    ("pips", "fout"),
    [
        ((), True),  # A2 with the B1-route on the first PIP
        ((Pip(date(2023, 11, 30), Leerroute.B1, Niveau.B1), Pip(date(2025, 3, 31), Leerroute.B1, Niveau.A2)), False),
    ],
)
def test_a2_with_the_b1_route_only_on_a_changed_pip(pips, fout):
    facts = replace(BASE, niveau=Niveau.A2, pips=pips)
    assert (("niveau", "fout") in _velden(facts)) is fout


@pytest.mark.parametrize(
    ("regime", "pip", "plicht", "verwacht"),
    [
        (Regime.WI2021, date(2021, 12, 31), date(2021, 12, 1), {("pip_datum", "fout"), ("regime", "waarschuwing")}),
        (Regime.WI2021, date(2022, 1, 1), date(2021, 12, 31), {("regime", "waarschuwing")}),  # transitional case
        (Regime.WI2021, date(2022, 1, 1), date(2022, 1, 1), set()),
        (Regime.WI2013, None, date(2021, 12, 31), set()),
        (Regime.WI2013, None, date(2022, 1, 1), {("regime", "waarschuwing")}),
    ],
)
def test_regime_and_dates_agree(regime, pip, plicht, verwacht):
    facts = replace(BASE, regime=regime, pip_datum=pip, inburgeringsplicht_start=plicht, kennisgeving_duo=plicht,
                    brp_inschrijving=date(2021, 11, 1), leerroute=Leerroute.B1 if pip else None)
    assert {v for v in _velden(facts) if v[0] in ("pip_datum", "regime")} == verwacht


# --- leerbaarheidstoets ------------------------------------------------------------

GEEN_PIP = replace(BASE, pip_datum=None)  # PIP deadline: 15-09-2023 + 10 weeks = 24-11-2023


@pytest.mark.parametrize(
    ("changes", "signaal"),
    [
        ({}, True),
        ({"leerbaarheidstoets": date(2023, 10, 31)}, False),
        ({"leerbaarheidstoets_vrijstelling": LeerbaarheidstoetsVrijstelling.VISUELE_BEPERKING}, False),
        ({"regime": Regime.WI2013}, False),
    ],
)
def test_a_missing_leerbaarheidstoets_is_signalled_by_the_pip_deadline(changes, signaal):
    found = {s.soort: s for s in compute_signalen(replace(GEEN_PIP, **changes), date(2023, 10, 1), POLICY)}
    assert (Soort.LEERBAARHEIDSTOETS in found) is signaal
    if signaal:
        assert found[Soort.LEERBAARHEIDSTOETS].vervaldatum == date(2023, 11, 24)


@pytest.mark.parametrize(
    ("toets", "op_tijd", "waarschuwing"),
    [(date(2023, 11, 30), True, False), (date(2023, 12, 1), False, True), (None, False, False)],
)
def test_a_leerbaarheidstoets_after_the_pip_is_late(toets, op_tijd, waarschuwing):
    facts = replace(BASE, leerbaarheidstoets=toets)
    assert leerbaarheidstoets_stand(facts).op_tijd is op_tijd
    assert any(b.veld == "leerbaarheidstoets" for b in validate_facts(facts, today=date(2024, 1, 1))) is waarschuwing
