"""Examens on the B1-route: attempts per onderdeel, the missing-result reminder, and the way down to A2."""

from dataclasses import replace
from datetime import date

import pytest

from rules.engine import Soort, assess, compute_signalen
from rules.examens import afschalen_naar_a2, examen_stand, telt_als_poging
from rules.model import (
    Doelgroep, ExamenOnderdeel, ExamenPoging, ExamenResultaat, Leerroute, Niveau, PersonFacts, Pip,
    RedenGeenResultaat, UrenTotalen,
)
from rules.policy import Policy
from rules.validation import validate_facts

POLICY = Policy()
LE, SP, KNM = ExamenOnderdeel.LEZEN, ExamenOnderdeel.SPREKEN, ExamenOnderdeel.KNM
GEZAKT, GESLAAGD, GEPLAND, GEEN = (ExamenResultaat.NIET_BEHAALD, ExamenResultaat.BEHAALD, ExamenResultaat.GEPLAND,
                                   ExamenResultaat.GEEN)
BASE = PersonFacts(
    kenmerk="E-1", naam="Test Persoon", doelgroep=Doelgroep.ASIELSTATUSHOUDER,
    brp_inschrijving=date(2025, 1, 10), pip_datum=date(2025, 2, 28), leerroute=Leerroute.B1, niveau=Niveau.B1,
    aanbod_start=date(2025, 4, 1),
)


@pytest.mark.parametrize(
    ("resultaat", "reden", "telt"),
    [
        (GESLAAGD, None, True),
        (GEZAKT, None, True),
        (GEEN, RedenGeenResultaat.VERWIJTBAAR, True),
        (GEEN, RedenGeenResultaat.NIET_VERWIJTBAAR, False),
        (GEEN, RedenGeenResultaat.AFGEMELD, False),
        (GEPLAND, None, False),
    ],
)
def test_which_results_use_an_attempt(resultaat, reden, telt):
    assert telt_als_poging(ExamenPoging(LE, date(2026, 1, 5), resultaat, reden_geen_resultaat=reden)) is telt


def test_examen_stand_counts_attempts_and_paid_attempts_left_on_the_date():
    facts = replace(BASE, examens=(
        ExamenPoging(LE, date(2026, 1, 31), GEZAKT),
        ExamenPoging(LE, date(2026, 2, 28), GEZAKT),
        ExamenPoging(SP, date(2026, 3, 31), GESLAAGD),
        ExamenPoging(KNM, date(2026, 4, 30), GEPLAND),
    ))
    stand = {s.onderdeel: s for s in examen_stand(facts, date(2026, 3, 31))}
    assert (stand[LE].pogingen, stand[LE].gratis_over, stand[LE].behaald) == (2, 0, None)
    assert "voor eigen rekening" in stand[LE].toelichting
    assert (stand[SP].behaald, stand[SP].behaald_niveau) == (date(2026, 3, 31), Niveau.B1)
    assert stand[KNM].gepland == date(2026, 4, 30)
    # one day earlier the pass on 31-03 is still in the future
    assert {s.onderdeel: s for s in examen_stand(facts, date(2026, 3, 30))}[SP].behaald is None


@pytest.mark.parametrize(
    ("as_of", "signaal", "vervaldatum"),
    [
        (date(2026, 2, 28), False, None),  # the exam day itself: no result expected yet
        (date(2026, 3, 1), True, date(2026, 3, 1)),  # from the day after
        (date(2026, 5, 31), True, date(2026, 3, 1)),
    ],
)
def test_a_planned_exam_without_result_after_its_date_gives_a_reminder(as_of, signaal, vervaldatum):
    facts = replace(BASE, examens=(ExamenPoging(SP, date(2026, 2, 28), GEPLAND), ExamenPoging(LE, date(2026, 5, 1), GEPLAND)))
    found = {s.soort: s for s in compute_signalen(facts, as_of, POLICY)}
    assert (Soort.EXAMEN_UITSLAG in found) is signaal
    if signaal:
        assert found[Soort.EXAMEN_UITSLAG].vervaldatum == vervaldatum
        assert "spreken (28-02-2026)" in found[Soort.EXAMEN_UITSLAG].toelichting
    if as_of == date(2026, 5, 31):
        assert "lezen (01-05-2026)" in found[Soort.EXAMEN_UITSLAG].toelichting


@pytest.mark.parametrize(
    ("uren", "pogingen", "leerroute", "onderdeel", "mogelijk"),
    [
        (600, 2, Leerroute.B1, LE, True),
        (599.5, 2, Leerroute.B1, LE, False),  # just under the hours
        (600, 1, Leerroute.B1, LE, False),  # one attempt short
        (800, 3, Leerroute.Z, LE, False),  # not the B1-route
        (800, 3, Leerroute.B1, KNM, False),  # KNM is no language component
    ],
)
def test_afschalen_naar_a2_shows_each_condition(uren, pogingen, leerroute, onderdeel, mogelijk):
    examens = tuple(ExamenPoging(onderdeel, date(2026, 1 + i, 15), GEZAKT) for i in range(pogingen))
    facts = replace(BASE, leerroute=leerroute, uren=UrenTotalen(taal_knm=uren), examens=examens)
    afschaling = afschalen_naar_a2(facts, onderdeel, date(2026, 6, 1))
    assert afschaling.mogelijk is mogelijk
    assert len(afschaling.voorwaarden) == 5
    assert "Besluit inburgering 2021 art. 3.5" in afschaling.toelichting


def test_a_passed_component_cannot_be_lowered():
    facts = replace(BASE, uren=UrenTotalen(taal_knm=700), examens=(
        ExamenPoging(LE, date(2026, 1, 15), GEZAKT), ExamenPoging(LE, date(2026, 2, 15), GEZAKT),
        ExamenPoging(LE, date(2026, 3, 15), GESLAAGD)))
    assert afschalen_naar_a2(facts, LE, date(2026, 3, 14)).mogelijk is True
    assert afschalen_naar_a2(facts, LE, date(2026, 3, 15)).mogelijk is False


def test_after_afschalen_a_changed_pip_may_hold_a2_with_the_b1_route():
    eerste = Pip(date(2025, 2, 28), Leerroute.B1, Niveau.B1)
    gewijzigd = Pip(date(2026, 6, 30), Leerroute.B1, Niveau.A2, reden="afschalen naar A2")
    facts = replace(BASE, niveau=Niveau.A2, pips=(eerste, gewijzigd))
    assert not [b for b in validate_facts(facts, today=date(2026, 7, 1)) if b.veld == "niveau"]
    assert assess(facts, date(2026, 7, 1), POLICY).termijn.start == date(2025, 3, 1)


def test_a_verwijtbaar_no_show_counts_towards_the_paid_attempts_warning():
    from rules.validation import exam_warnings

    facts = replace(BASE, examens=(
        ExamenPoging(LE, date(2026, 1, 31), GEZAKT),
        ExamenPoging(LE, date(2026, 2, 28), GEEN, reden_geen_resultaat=RedenGeenResultaat.VERWIJTBAAR),
    ))
    assert [b.melding.split(":")[0] for b in exam_warnings(facts)] == ["Examen lezen"]
    afgemeld = replace(facts, examens=(facts.examens[0], replace(facts.examens[1], reden_geen_resultaat=RedenGeenResultaat.AFGEMELD)))
    assert exam_warnings(afgemeld) == ()


@pytest.mark.parametrize(("examens", "toelichting"), [
    ((), "lezen: nog geen poging; 2 betaalde pogingen over"),
    ((ExamenPoging(LE, date(2026, 3, 2), GEZAKT),), "lezen: niet behaald, 1 poging; 1 betaalde poging over"),
    ((ExamenPoging(LE, date(2026, 3, 2), GEZAKT), ExamenPoging(LE, date(2026, 6, 1), GEZAKT)),
     "lezen: niet behaald, 2 pogingen; geen betaalde poging meer; een volgende is voor eigen rekening"),
    ((ExamenPoging(LE, date(2026, 3, 2), GESLAAGD, Niveau.B1),), "lezen: behaald op B1 op 02-03-2026 (1 poging)"),
])
def test_the_exam_line_counts_attempts_in_plain_dutch(examens, toelichting):
    stand = next(s for s in examen_stand(replace(BASE, examens=examens), date(2026, 12, 3)) if s.onderdeel is LE)
    assert stand.toelichting == toelichting


@pytest.mark.parametrize(("changes", "tekst"), [
    ({"pip_datum": None}, "hoort vóór het einde van de PIP-termijn (21-03-2025)"),  # BRP 10-01-2025 + 10 weeks
    ({}, "hoort vóór het PIP van 28-02-2025"),
])
def test_the_leerbaarheidstoets_line_is_correct_dutch(changes, tekst):
    from rules.leerbaarheidstoets import leerbaarheidstoets_stand

    stand = leerbaarheidstoets_stand(replace(BASE, **changes))
    assert tekst in stand.toelichting and "het PIP-termijn" not in stand.toelichting
