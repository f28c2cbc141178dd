"""assess(): aanbod per doelgroep, key dates with their derivation, and the whole Beoordeling."""

from dataclasses import replace
from datetime import date

import pytest

from rules.engine import assess, compute_aanbod
from rules.model import Alfabetisering, Doelgroep, Leerroute, PersonFacts, Regime
from rules.phase import Fase
from rules.policy import Policy

POLICY = Policy()


def person(**kw) -> PersonFacts:
    kw.setdefault("kenmerk", "T-1")
    kw.setdefault("naam", "Test Persoon")
    kw.setdefault("doelgroep", Doelgroep.ASIELSTATUSHOUDER)
    return PersonFacts(**kw)


A = Doelgroep.ASIELSTATUSHOUDER
G = Doelgroep.GEZINSMIGRANT
O = Doelgroep.OVERIGE_MIGRANT


@pytest.mark.parametrize(
    ("doelgroep", "nareiziger", "bijstand", "leerroute", "expected"),
    [
        # (begeleiding, ontzorgen, leerroute_betaald, map, pvt, participatie_componenten, participatie_uren_800)
        (A, False, True, Leerroute.Z, (True, True, True, True, True, True, True)),
        (A, False, False, Leerroute.Z, (True, False, True, True, True, True, True)),
        # a nareiziger's permit kind unrecorded: the usual derived asylum permit, ontzorgd (Pw art. 56a)
        (A, True, True, Leerroute.B1, (True, True, True, True, True, True, False)),
        (A, False, True, Leerroute.ONDERWIJS, (True, True, True, False, True, True, False)),
        (G, False, False, Leerroute.Z, (False, False, False, True, True, False, False)),
        (G, False, True, Leerroute.Z, (False, False, False, True, True, True, True)),
        (O, False, False, Leerroute.B1, (False, False, False, True, True, False, False)),
        (O, False, True, None, (False, False, False, True, True, True, False)),
    ],
)
def test_aanbod_follows_the_doelgroep_table(doelgroep, nareiziger, bijstand, leerroute, expected):
    a = compute_aanbod(person(doelgroep=doelgroep, nareiziger=nareiziger, bijstand=bijstand, leerroute=leerroute))
    assert (
        a.maatschappelijke_begeleiding, a.ontzorgen, a.leerroute_betaald, a.map_verplicht,
        a.pvt_verplicht, a.participatie_componenten, a.participatie_uren_800,
    ) == expected
    assert a.toelichting


def test_aanbod_lists_the_leerroute_onderdelen_in_dutch():
    assert "KNM" in compute_aanbod(person(leerroute=Leerroute.B1)).leerroute_onderdelen
    assert any("taalschakeltraject" in o for o in compute_aanbod(person(leerroute=Leerroute.ONDERWIJS)).leerroute_onderdelen)
    assert any("800 uur" in o for o in compute_aanbod(person(leerroute=Leerroute.Z)).leerroute_onderdelen)
    assert compute_aanbod(person()).leerroute_onderdelen == ()


def test_alfabetisering_is_paid_only_for_an_asielstatushouder_who_needs_it():
    assert compute_aanbod(person(alfabetisering=Alfabetisering.A)).alfabetisering_betaald
    assert not compute_aanbod(person(alfabetisering=Alfabetisering.NVT)).alfabetisering_betaald
    assert not compute_aanbod(person(doelgroep=G, alfabetisering=Alfabetisering.AA)).alfabetisering_betaald


def test_wi2013_gets_no_pvt_map_or_paid_leerroute():
    a = compute_aanbod(person(regime=Regime.WI2013, leerroute=None))
    assert (a.pvt_verplicht, a.map_verplicht, a.leerroute_betaald) == (False, False, False)


FULL = person(
    brp_inschrijving=date(2026, 1, 10), kennisgeving_duo=date(2026, 1, 5), pip_datum=date(2026, 3, 1),
    leerroute=Leerroute.B1, bijstand=True, ontzorgen_start=date(2026, 2, 1), consulent="Anouk",
)


@pytest.mark.parametrize(
    ("sleutel", "waarde"),
    [
        ("pip_uiterlijk", date(2026, 3, 21)),
        ("termijn_start", date(2026, 3, 2)),
        ("termijn_einde", date(2029, 3, 2)),
        ("termijn_laatste_dag", date(2029, 3, 1)),
        ("leerroute_wissel", date(2027, 9, 1)),
        ("aanbod_uiterlijk", date(2026, 6, 1)),
        ("ontzorgen_einde", date(2026, 8, 1)),
    ],
)
def test_assess_gives_the_key_dates(sleutel, waarde):
    datum = assess(FULL, date(2026, 4, 1), POLICY).datum(sleutel)
    assert datum.waarde == waarde
    assert datum.label and datum.toelichting


def test_the_termijn_dates_explain_their_derivation():
    b = assess(FULL, date(2026, 4, 1), POLICY)
    assert b.datum("termijn_einde").toelichting == (
        "PIP gedateerd 01-03-2026, termijn start 02-03-2026, eindigt 02-03-2029 (laatste dag 01-03-2029)"
    )


def test_without_a_pip_the_termijn_dates_are_unknown_but_explained():
    b = assess(replace(FULL, pip_datum=None), date(2026, 2, 1), POLICY)
    assert b.datum("termijn_start").waarde is None
    assert "Nog geen PIP" in b.datum("termijn_start").toelichting
    assert b.datum("pip_uiterlijk").waarde == date(2026, 3, 21)
    assert b.termijn is None


def test_a_gezinsmigrant_has_no_aanbod_or_ontzorgen_date():
    b = assess(replace(FULL, doelgroep=G), date(2026, 4, 1), POLICY)
    assert b.datum("aanbod_uiterlijk") is None
    assert b.datum("ontzorgen_einde") is None
    assert b.datum("termijn_laatste_dag").waarde == date(2029, 3, 1)


def test_wi2013_has_the_old_end_date_and_the_elip_start():
    b = assess(person(regime=Regime.WI2013, termijn_einde=date(2026, 9, 1)), date(2026, 4, 1), POLICY)
    assert b.datum("termijn_einde").waarde == date(2026, 9, 1)
    assert b.datum("termijn_laatste_dag").waarde == date(2026, 8, 31)
    assert b.datum("elip_start").waarde == date(2026, 3, 1)
    assert b.datum("pip_uiterlijk") is None


def test_assess_bundles_phase_signalen_and_zroute():
    b = assess(FULL, date(2026, 4, 1), POLICY)
    assert b.kenmerk == "T-1" and b.as_of == date(2026, 4, 1)
    assert b.fase is Fase.PIP_VASTGESTELD
    assert b.ontbreekt == ()
    assert b.zroute is None
    assert b.meest_urgent.soort == "aanbod_start"  # 01-06-2026, ties with voortgangsgesprek; soort decides
    assert assess(replace(FULL, leerroute=Leerroute.Z), date(2026, 4, 1), POLICY).zroute is not None


def test_assess_does_not_depend_on_anything_but_its_arguments():
    assert assess(FULL, date(2026, 4, 1), POLICY) == assess(FULL, date(2026, 4, 1), POLICY)
