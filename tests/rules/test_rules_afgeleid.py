"""Derivations kept per facts object (rules.afgeleid) give exactly the answers of deriving afresh, and never leak.

A caseload evaluates phase, signalen and Z-route pace of the same facts one after the other; the second
rule must see the same termijn as the first, and a changed copy of the facts (``dataclasses.replace``, the
monitor's facts on an earlier day) must get its own.
"""

from __future__ import annotations

import copy
import gc
import pickle
from dataclasses import replace
from datetime import date

import pytest

from rules.engine import compute_signalen, compute_zroute, effectieve_facts
from rules.model import (
    Doelgroep,
    Leerroute,
    Ontheffing,
    OntheffingSoort,
    PersonFacts,
    Pip,
    UrenTotalen,
    Verlenging,
    VerlengingGrond,
    Vrijstelling,
    VrijstellingSoort,
)
from rules.ontheffing import plicht_status
from rules.phase import Fase, determine_phase
from rules.pip import pip_historie
from rules.policy import Policy
from rules.termijn import compute_aanbod_uiterlijk, compute_termijn

POLICY = Policy()


def z_route(**changes) -> PersonFacts:
    facts = PersonFacts(kenmerk="T-1", naam="", doelgroep=Doelgroep.ASIELSTATUSHOUDER, bijstand=True,
                        brp_inschrijving=date(2025, 1, 6), kennisgeving_duo=date(2025, 1, 10),
                        pip_datum=date(2025, 3, 3), leerroute=Leerroute.Z,
                        uren=UrenTotalen(taal_knm=120, participatie=80))
    return replace(facts, **changes)


def test_the_termijn_of_a_changed_copy_is_derived_afresh():
    facts = z_route()
    assert compute_termijn(facts).einde == date(2028, 3, 4)
    later = replace(facts, pip_datum=date(2025, 6, 2))
    assert compute_termijn(later).einde == date(2028, 6, 3)
    assert compute_termijn(facts).einde == date(2028, 3, 4)  # the original keeps its own


@pytest.mark.parametrize("facts", [
    z_route(),
    z_route(pips=(Pip(date(2024, 11, 4), Leerroute.B1, gemeente="Utrecht"),), vorige_gemeente="Utrecht"),
    z_route(verlengingen=(Verlenging(VerlengingGrond.ZIEKTE, date(2027, 1, 5), date(2028, 9, 1)),)),
    z_route(pip_datum=None, leerroute=None),
], ids=["plain", "moved-in", "verlengd", "no-pip"])
def test_kept_answers_equal_the_answers_derived_afresh(facts):
    for rule in (pip_historie, effectieve_facts, compute_termijn, compute_aanbod_uiterlijk):
        assert rule(facts) == rule.uncached(facts)
        assert rule(facts) == rule.uncached(facts)  # asked again: the kept answer
    for as_of in (date(2026, 5, 1), date(2027, 2, 1), date(2026, 5, 1)):
        assert compute_zroute(facts, as_of, POLICY) == compute_zroute.uncached(facts, as_of, POLICY)


def test_the_z_route_of_another_day_or_policy_is_not_the_kept_one():
    facts = z_route()
    first = compute_zroute(facts, date(2026, 5, 1), POLICY)
    assert compute_zroute(facts, date(2027, 5, 1), POLICY).verstreken_dagen > first.verstreken_dagen
    strenger = Policy(zroute_achterstand_drempel=0.99)
    assert compute_zroute(facts, date(2026, 5, 1), strenger).taal_knm.drempel_uren > first.taal_knm.drempel_uren


def test_kept_answers_change_nothing_about_the_facts_as_a_value():
    facts, twin = z_route(), z_route()
    compute_signalen(facts, date(2026, 5, 1), POLICY)
    determine_phase(facts, date(2026, 5, 1), POLICY)
    assert facts == twin and hash(facts) == hash(twin) and repr(facts) == repr(twin)
    assert pickle.loads(pickle.dumps(facts)) == twin


def test_facts_without_a_pip_history_are_their_own_effective_facts_without_referencing_themselves():
    facts = z_route()
    assert effectieve_facts(facts) is facts
    assert effectieve_facts(facts) is facts
    assert all(value is not facts for value in vars(facts).values())
    assert facts not in gc.get_referents(facts.__dict__)  # freed by reference counting, not the cyclic collector


def test_phase_and_signalen_after_a_kept_derivation_are_those_of_fresh_facts():
    as_of = date(2025, 4, 1)
    warm = z_route()
    compute_termijn(warm), compute_zroute(warm, as_of, POLICY)
    assert determine_phase(warm, as_of, POLICY) is determine_phase(z_route(), as_of, POLICY) is Fase.PIP_VASTGESTELD
    assert compute_signalen(warm, as_of, POLICY) == compute_signalen(z_route(), as_of, POLICY)


@pytest.mark.parametrize(("facts", "beeindigd", "opgeschort"), [
    (z_route(), False, False),
    (z_route(ontheffingen=(Ontheffing(OntheffingSoort.GEHEEL, date(2026, 1, 5)),)), True, False),
    (z_route(ontheffingen=(Ontheffing(OntheffingSoort.GEHEEL, date(2026, 9, 5)),)), False, False),
    (z_route(vrijstellingen=(Vrijstelling(VrijstellingSoort.TIJDELIJK, date(2026, 1, 5), start=date(2026, 2, 1),
                                          einde=date(2026, 12, 31)),)), False, True),
], ids=["no-decision", "ontheffing", "ontheffing-later", "tijdelijk"])
def test_plicht_status_without_decisions_is_the_same_as_with_none_in_force(facts, beeindigd, opgeschort):
    status = plicht_status(facts, date(2026, 5, 1))
    assert (status.beeindigd, status.opgeschort, status.loopt) == (beeindigd, opgeschort, not (beeindigd or opgeschort))


@pytest.mark.parametrize("duplicate", [copy.copy, copy.deepcopy, lambda facts: pickle.loads(pickle.dumps(facts))],
                         ids=["copy", "deepcopy", "pickle"])
def test_a_copy_of_facts_with_kept_answers_gives_the_same_answers(duplicate):
    as_of = date(2026, 5, 1)
    facts = z_route()
    signalen, termijn = compute_signalen(facts, as_of, POLICY), compute_termijn(facts)
    twin = duplicate(facts)
    assert effectieve_facts(twin) is twin
    assert compute_termijn(twin) == termijn and compute_signalen(twin, as_of, POLICY) == signalen
