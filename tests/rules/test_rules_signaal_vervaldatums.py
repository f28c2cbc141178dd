"""signaal_vervaldatums, the monitor's narrow entry point, names exactly the signalen compute_signalen gives.

A table of hand-made files, one per kind of signaal and per reason signalen stop, each checked on edge days
(the day before, on and after a vervaldatum; leap days; month ends) against the full engine.
"""

from datetime import date, timedelta

import pytest

from rules.engine import Ernst, Soort, compute_signalen, ernst_for, signaal_vervaldatums
from rules.model import (
    Doelgroep, ExamenOnderdeel, ExamenPoging, ExamenResultaat, Leerroute, Ontheffing, OntheffingSoort, PersonFacts,
    Pip, Regime, Status, UrenTotalen, Verlenging, VerlengingGrond, Vrijstelling, VrijstellingSoort,
)
from rules.policy import Policy

POLICY = Policy()
PIP = date(2024, 2, 29)  # a leap day: the termijn ends on 28 February or 1 March
BRP = date(2023, 12, 15)


def person(**kw) -> PersonFacts:
    kw.setdefault("kenmerk", "T-1")
    kw.setdefault("naam", "Test Persoon")
    kw.setdefault("doelgroep", Doelgroep.ASIELSTATUSHOUDER)
    kw.setdefault("brp_inschrijving", BRP)
    return PersonFacts(**kw)


FILES = {
    "geen PIP, BRP bekend": person(kennisgeving_duo=date(2023, 12, 31)),
    "B1-route, niets afgerond": person(pip_datum=PIP, leerroute=Leerroute.B1),
    "onderwijsroute, aanbod gestart": person(pip_datum=PIP, leerroute=Leerroute.ONDERWIJS, aanbod_start=date(2024, 7, 1)),
    "Z-route achter": person(pip_datum=PIP, leerroute=Leerroute.Z, bijstand=True,
                             uren=UrenTotalen(taal_knm=40, participatie=10)),
    "Z-route op schema": person(pip_datum=PIP, leerroute=Leerroute.Z, uren=UrenTotalen(taal_knm=800, participatie=800)),
    "ontzorgen": person(pip_datum=PIP, leerroute=Leerroute.B1, bijstand=True, ontzorgen_start=date(2024, 1, 31)),
    "Wi2013 met einddatum": person(regime=Regime.WI2013, termijn_einde=date(2025, 8, 31), pip_datum=None),
    "AOW nadert": person(pip_datum=PIP, leerroute=Leerroute.B1, geboortedatum=date(1958, 3, 31)),
    "examen zonder uitslag": person(pip_datum=PIP, leerroute=Leerroute.B1, examens=(
        ExamenPoging(ExamenOnderdeel.LEZEN, date(2024, 10, 31), ExamenResultaat.GEPLAND),)),
    "verlenging aangevraagd": person(pip_datum=PIP, leerroute=Leerroute.B1, verlengingen=(
        Verlenging(VerlengingGrond.ZIEKTE),)),
    "verlenging besloten": person(pip_datum=PIP, leerroute=Leerroute.B1, verlengingen=(
        Verlenging(VerlengingGrond.ZIEKTE, besluitdatum=date(2026, 6, 1), nieuwe_einddatum=date(2027, 9, 1)),)),
    "gehele ontheffing": person(pip_datum=PIP, leerroute=Leerroute.B1, ontheffingen=(
        Ontheffing(OntheffingSoort.GEHEEL, besluitdatum=date(2025, 1, 31)),)),
    "tijdelijke vrijstelling": person(pip_datum=PIP, leerroute=Leerroute.B1, vrijstellingen=(
        Vrijstelling(VrijstellingSoort.TIJDELIJK, besluitdatum=date(2024, 5, 1), start=date(2024, 5, 1),
                     einde=date(2024, 10, 31)),)),
    "gewijzigd PIP": person(pip_datum=PIP, leerroute=Leerroute.B1, pips=(
        Pip(PIP, Leerroute.B1), Pip(date(2024, 9, 30), Leerroute.Z, reden="leerroute-wissel"))),
    "verhuisd, termijn van DUO": person(pip_datum=None, termijn_einde=date(2027, 3, 1), verhuisd_in=date(2024, 6, 1),
                                        vorige_gemeente="Elders"),
    "vertrokken": person(pip_datum=PIP, leerroute=Leerroute.B1, vertrokken_op=date(2025, 6, 30)),
    "afgerond": person(pip_datum=PIP, leerroute=Leerroute.B1, status=Status.AFGEROND),
}

DAYS = (date(2024, 2, 28), PIP, date(2024, 3, 1), date(2024, 5, 29), date(2024, 5, 31), date(2024, 10, 31),
        date(2024, 11, 1), date(2025, 8, 29), date(2025, 8, 31), date(2025, 12, 31), date(2027, 2, 28),
        date(2027, 3, 1), date(2028, 2, 29))


@pytest.mark.parametrize("name", FILES)
def test_signaal_vervaldatums_equals_the_soort_and_vervaldatum_of_compute_signalen(name):
    facts = FILES[name]
    for day in DAYS:
        full = compute_signalen(facts, day, POLICY)
        assert sorted(signaal_vervaldatums(facts, day, POLICY)) == sorted((s.soort, s.vervaldatum) for s in full), day
        # and the ernst the monitor derives from it is the signaal's own
        assert [ernst_for((s.vervaldatum - day).days, POLICY) for s in full] == [s.ernst for s in full]


def test_the_table_reaches_every_kind_of_signaal_and_some_are_overdue():
    seen, overdue = set(), 0
    for facts in FILES.values():
        for day in DAYS:
            for soort, vervaldatum in signaal_vervaldatums(facts, day, POLICY):
                seen.add(soort)
                overdue += ernst_for((vervaldatum - day).days, POLICY) is Ernst.VERLOPEN
    assert seen == set(Soort)
    assert overdue > 0


def test_a_file_that_gives_no_signalen_gives_no_vervaldatums():
    day = date(2025, 7, 1)
    for name in ("vertrokken", "afgerond", "gehele ontheffing"):
        assert compute_signalen(FILES[name], day, POLICY) == ()
        assert signaal_vervaldatums(FILES[name], day, POLICY) == ()


def test_the_vervaldatums_move_with_the_day_exactly_as_the_signalen_do():
    facts = FILES["Z-route achter"]
    for offset in range(0, 3 * 366, 17):
        day = PIP + timedelta(days=offset)
        assert sorted(signaal_vervaldatums(facts, day, POLICY)) == sorted(
            (s.soort, s.vervaldatum) for s in compute_signalen(facts, day, POLICY))
