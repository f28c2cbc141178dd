"""Corrections 1 and 2: ontzorgen by Participatiewet art. 56a, and a planned aanbod that starts too late."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from rules.engine import Soort, assess, compute_signalen
from rules.model import Doelgroep, Leerroute, PersonFacts, Verblijfsvergunning
from rules.policy import Policy
from rules.termijn import aanbod_te_laat, ontzorgen_grond

POLICY = Policy()
A, G = Doelgroep.ASIELSTATUSHOUDER, Doelgroep.GEZINSMIGRANT
ASIEL, REGULIER = Verblijfsvergunning.ASIEL, Verblijfsvergunning.REGULIER


def person(**kw) -> PersonFacts:
    kw.setdefault("kenmerk", "O-1")
    kw.setdefault("naam", "Test Persoon")
    kw.setdefault("doelgroep", A)
    return PersonFacts(**kw)


@pytest.mark.parametrize(
    ("doelgroep", "nareiziger", "vergunning", "bijstand", "van_toepassing", "tekst"),
    [
        (A, False, None, True, True, "asielstatushouder in de bijstand"),
        (A, True, ASIEL, True, True, "een gemeentelijke uitsluiting van nareizigers geldt niet"),
        (A, True, None, True, True, "leg de soort vast"),
        (A, True, REGULIER, True, False, "reguliere verblijfsvergunning"),
        (A, True, ASIEL, False, False, "geen bijstandsuitkering"),
        (A, False, None, False, False, "geen bijstandsuitkering"),
        (G, False, REGULIER, True, False, "alleen voor asielstatushouders"),
    ],
)
def test_ontzorgen_follows_participatiewet_56a_and_names_the_rule(doelgroep, nareiziger, vergunning, bijstand,
                                                                  van_toepassing, tekst):
    grond = ontzorgen_grond(person(doelgroep=doelgroep, nareiziger=nareiziger, verblijfsvergunning=vergunning,
                                   bijstand=bijstand))
    assert grond.van_toepassing is van_toepassing
    assert tekst in grond.toelichting
    assert "Participatiewet art. 56a" in grond.toelichting


def test_a_nareiziger_with_an_asylum_permit_gets_the_ontzorgen_signaal_and_the_dossier_says_why():
    facts = person(nareiziger=True, verblijfsvergunning=ASIEL, bijstand=True, ontzorgen_start=date(2026, 1, 31))
    beoordeling = assess(facts, date(2026, 3, 1), POLICY)
    einde = next(s for s in beoordeling.signalen if s.soort == Soort.ONTZORGEN_EINDE)
    assert einde.vervaldatum == date(2026, 7, 31)
    assert any("nareiziger met een afgeleide verblijfsvergunning asiel" in r for r in beoordeling.aanbod.toelichting)
    assert any("Participatiewet art. 56a" in r for r in beoordeling.bijzonderheden)


B1 = person(brp_inschrijving=date(2025, 10, 1), pip_datum=date(2025, 11, 30), leerroute=Leerroute.B1)


@pytest.mark.parametrize(
    ("changes", "uiterlijk", "gepland", "te_laat_dagen"),
    [
        ({}, date(2026, 2, 28), date(2026, 2, 28), None),  # 30 November + 3 months: 28 February, on the day
        ({}, date(2026, 2, 28), date(2026, 3, 1), 1),
        ({}, date(2026, 2, 28), date(2026, 4, 1), 32),
        ({"pip_datum": date(2023, 11, 30)}, date(2024, 2, 29), date(2024, 2, 29), None),  # leap year
        ({"pip_datum": date(2023, 11, 30)}, date(2024, 2, 29), date(2024, 3, 1), 1),
        ({"leerroute": Leerroute.ONDERWIJS}, date(2026, 5, 30), date(2026, 5, 30), None),  # onderwijsroute: 6 months
        ({"leerroute": Leerroute.ONDERWIJS}, date(2026, 5, 30), date(2026, 5, 31), 1),
    ],
)
def test_a_planned_aanbod_after_the_limit_keeps_the_signaal_and_says_how_late(changes, uiterlijk, gepland, te_laat_dagen):
    facts = replace(B1, aanbod_gepland=gepland, **changes)
    found = {s.soort: s for s in compute_signalen(facts, uiterlijk - timedelta(days=30), POLICY)}
    signaal = found[Soort.AANBOD_START]
    assert signaal.vervaldatum == uiterlijk
    laat = aanbod_te_laat(facts)
    if te_laat_dagen is None:
        assert laat is None
        assert "binnen de grens" in signaal.toelichting
        assert Soort.VERLENGING not in found
    else:
        assert laat is not None and laat.dagen == te_laat_dagen and laat.gepland
        dag = "dag" if te_laat_dagen == 1 else "dagen"
        assert f"mist de grens met {te_laat_dagen} {dag}" in signaal.toelichting
        assert "grond voor verlenging" in signaal.toelichting
        assert Soort.VERLENGING in found


def test_an_aanbod_that_started_late_no_longer_needs_starting_but_grounds_a_verlenging():
    facts = replace(B1, aanbod_start=date(2026, 3, 2))
    found = {s.soort: s for s in compute_signalen(facts, date(2026, 3, 10), POLICY)}
    assert Soort.AANBOD_START not in found
    assert "gestart op 02-03-2026, 2 dagen na de uiterste datum 28-02-2026" in found[Soort.VERLENGING].toelichting
