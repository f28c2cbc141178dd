"""Z-route hours: the counters, the even-pace expectation, the achterstand signaal and the forecast."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from rules.engine import Soort, compute_signalen, compute_zroute
from rules.model import Doelgroep, Leerroute, PersonFacts, Regime, UrenTotalen
from rules.policy import Policy

POLICY = Policy()
# PIP 01-03-2026: T0 02-03-2026, TE 02-03-2029, 1096 days (29-02-2028 included).
T0 = date(2026, 3, 2)
DAY_137 = T0 + timedelta(days=136)  # 16-07-2026: 800 x 137 / 1096 = exactly 100 hours expected


def z(**kw) -> PersonFacts:
    base = dict(kenmerk="Z-1", naam="Z Persoon", doelgroep=Doelgroep.ASIELSTATUSHOUDER, pip_datum=date(2026, 3, 1), leerroute=Leerroute.Z)
    base.update(kw)
    return PersonFacts(**base)


def achterstand(facts: PersonFacts, as_of: date, policy: Policy = POLICY):
    return next((s for s in compute_signalen(facts, as_of, policy) if s.soort == Soort.ZROUTE_ACHTERSTAND), None)


def test_the_even_pace_expectation_counts_days_from_t0_including_the_day_itself():
    voortgang = compute_zroute(z(), DAY_137, POLICY)
    assert (voortgang.verstreken_dagen, voortgang.totaal_dagen) == (137, 1096)
    assert voortgang.taal_knm.verwacht == pytest.approx(100.0)
    assert voortgang.taal_knm.drempel_uren == pytest.approx(90.0)


@pytest.mark.parametrize(
    ("taal", "participatie", "behind"),
    [
        (90.0, 90.0, None),  # exactly at the threshold: not behind
        (89.75, 90.0, "taal/KNM"),  # just below on taal/KNM
        (90.0, 89.99, "participatie"),
        (200.0, 200.0, None),
    ],
)
def test_zroute_achterstand_below_90_percent_of_the_even_pace(taal, participatie, behind):
    facts = z(uren=UrenTotalen(taal_knm=taal, participatie=participatie))
    s = achterstand(facts, DAY_137)
    if behind is None:
        assert s is None
    else:
        assert (s.vervaldatum, s.dagen, s.ernst) == (DAY_137, 0, "urgent")
        assert s.toelichting.startswith(behind)
        assert "verwacht 100 van 800 uur (dag 137 van 1096)" in s.toelichting
        assert "drempel 90 %: 90 uur" in s.toelichting


def test_the_achterstand_drempel_comes_from_the_policy():
    facts = z(uren=UrenTotalen(taal_knm=85, participatie=85))
    assert achterstand(facts, DAY_137) is not None
    assert achterstand(facts, DAY_137, Policy(zroute_achterstand_drempel=0.85)) is None


def test_participatie_does_not_apply_to_a_gezinsmigrant_without_bijstand():
    facts = z(doelgroep=Doelgroep.GEZINSMIGRANT, uren=UrenTotalen(taal_knm=100, participatie=0))
    voortgang = compute_zroute(facts, DAY_137, POLICY)
    assert voortgang.participatie_van_toepassing is False
    assert voortgang.participatie is None
    assert achterstand(facts, DAY_137) is None
    assert "participatie" not in next(s for s in compute_signalen(facts, DAY_137, POLICY) if s.soort == Soort.ZROUTE_UREN).toelichting


@pytest.mark.parametrize("doelgroep", [Doelgroep.GEZINSMIGRANT, Doelgroep.OVERIGE_MIGRANT])
def test_participatie_applies_to_a_migrant_with_bijstand(doelgroep):
    facts = z(doelgroep=doelgroep, bijstand=True, uren=UrenTotalen(taal_knm=100, participatie=0))
    assert compute_zroute(facts, DAY_137, POLICY).participatie_van_toepassing
    assert achterstand(facts, DAY_137).toelichting.startswith("participatie")


@pytest.mark.parametrize(
    ("tellen_mee", "counted", "behind"),
    [(False, 50.0, True), (True, 110.0, False)],
)
def test_brede_intake_hours_count_only_when_the_policy_says_so(tellen_mee, counted, behind):
    facts = z(uren=UrenTotalen(taal_knm=50, taal_knm_brede_intake=60, participatie=100))
    policy = Policy(brede_intake_uren_tellen_mee=tellen_mee)
    voortgang = compute_zroute(facts, DAY_137, policy)
    assert voortgang.taal_knm.uren == counted
    assert (voortgang.uren_taal_knm, voortgang.uren_taal_knm_brede_intake, voortgang.uren_participatie) == (50, 60, 100)
    assert (achterstand(facts, DAY_137, policy) is not None) is behind


def test_before_the_termijn_starts_there_is_no_achterstand():
    facts = z(pip_datum=date(2026, 3, 1))
    assert achterstand(facts, date(2026, 3, 1)) is None  # the PIP day itself: elapsed 0
    assert compute_zroute(facts, date(2026, 2, 1), POLICY).verstreken_dagen == 0


def test_on_the_first_day_of_the_termijn_zero_hours_already_count_as_achterstand():
    # 800 x 1/1096 = 0,73 expected; 0 hours is below 90 % of that (the definition is strict).
    assert achterstand(z(), T0) is not None


def test_after_the_termijn_the_expectation_stays_at_800():
    voortgang = compute_zroute(z(uren=UrenTotalen(taal_knm=720, participatie=720)), date(2029, 6, 1), POLICY)
    assert voortgang.verstreken_dagen == 1096
    assert voortgang.taal_knm.verwacht == pytest.approx(800)
    assert achterstand(z(uren=UrenTotalen(taal_knm=720, participatie=720)), date(2029, 6, 1)) is None
    assert achterstand(z(uren=UrenTotalen(taal_knm=719.5, participatie=720)), date(2029, 6, 1)) is not None


def test_termijn_einde_from_duo_lengthens_the_total():
    facts = z(termijn_einde=date(2029, 9, 2))
    assert compute_zroute(facts, DAY_137, POLICY).totaal_dagen == 1280


@pytest.mark.parametrize(
    ("uren", "as_of", "prognose"),
    [
        (100.0, DAY_137, T0 + timedelta(days=1096 - 1)),  # on pace: exactly the last day of the term
        (200.0, DAY_137, T0 + timedelta(days=548 - 1)),  # twice the pace: half-way
        (0.0, DAY_137, None),  # no hours yet
        (800.0, DAY_137, None),  # already reached
        (50.0, T0 - timedelta(days=1), None),  # before T0 there is no pace
    ],
)
def test_prognose_is_the_day_the_800_is_reached_at_the_current_pace(uren, as_of, prognose):
    facts = z(uren=UrenTotalen(taal_knm=uren))
    assert compute_zroute(facts, as_of, POLICY).taal_knm.prognose == prognose


def test_resterend_never_goes_below_zero():
    voortgang = compute_zroute(z(uren=UrenTotalen(taal_knm=812.5, participatie=10)), DAY_137, POLICY)
    assert voortgang.taal_knm.resterend == 0
    assert voortgang.participatie.resterend == 790


def test_no_zroute_progress_on_another_leerroute():
    assert compute_zroute(z(leerroute=Leerroute.B1), DAY_137, POLICY) is None


def test_without_a_pip_there_are_counters_but_no_expectation():
    voortgang = compute_zroute(z(pip_datum=None, uren=UrenTotalen(taal_knm=30)), DAY_137, POLICY)
    assert voortgang.taal_knm.uren == 30
    assert (voortgang.taal_knm.verwacht, voortgang.taal_knm.prognose, voortgang.taal_knm.achterstand) == (None, None, False)
    assert voortgang.verstreken_dagen is None


def test_a_completed_zroute_has_no_achterstand_signaal():
    assert achterstand(z(zroute_afgerond=date(2026, 7, 1)), DAY_137) is None


def test_wi2013_has_no_zroute_expectation():
    assert compute_zroute(z(regime=Regime.WI2013), DAY_137, POLICY).taal_knm.verwacht is None
    assert achterstand(replace(z(), regime=Regime.WI2013), DAY_137) is None
