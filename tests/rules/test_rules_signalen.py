"""Every signaal: when it appears and its vervaldatum, to the day."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from rules.engine import SOORT_LABELS, Ernst, Signaal, Soort, compute_signalen, ernst_for, most_pressing
from rules.model import Doelgroep, Leerroute, PersonFacts, Regime, Status, UrenTotalen, Verblijfsvergunning
from rules.policy import Policy

POLICY = Policy()


def person(**kw) -> PersonFacts:
    kw.setdefault("kenmerk", "T-1")
    kw.setdefault("naam", "Test Persoon")
    kw.setdefault("doelgroep", Doelgroep.ASIELSTATUSHOUDER)
    return PersonFacts(**kw)


def signalen(facts: PersonFacts, as_of: date, policy: Policy = POLICY) -> dict[str, Signaal]:
    found = compute_signalen(facts, as_of, policy)
    by_soort = {s.soort: s for s in found}
    assert len(by_soort) == len(found), "a soort appears twice"
    return by_soort


def vervaldatum(facts: PersonFacts, as_of: date, soort: str, policy: Policy = POLICY) -> date | None:
    found = signalen(facts, as_of, policy).get(soort)
    return found.vervaldatum if found else None


# A typical asielstatushouder on the B1-route, PIP on 1 March 2026.
PIP = date(2026, 3, 1)
B1 = person(brp_inschrijving=date(2026, 1, 10), kennisgeving_duo=date(2026, 1, 5), pip_datum=PIP, leerroute=Leerroute.B1)
P = date(2026, 4, 1)


# --- pip_termijn --------------------------------------------------------------


@pytest.mark.parametrize(
    ("brp", "kennisgeving", "expected"),
    [
        (date(2026, 1, 10), date(2026, 1, 5), date(2026, 3, 21)),  # BRP is later: 10 weeks after it
        (date(2026, 1, 10), date(2026, 1, 20), date(2026, 3, 31)),  # kennisgeving later
        (date(2026, 1, 10), None, date(2026, 3, 21)),  # kennisgeving unknown: BRP
        (date(2027, 12, 31), None, date(2028, 3, 10)),  # across a leap February
        (date(2026, 12, 31), None, date(2027, 3, 11)),
    ],
)
def test_pip_termijn_is_70_days_after_the_later_of_brp_and_kennisgeving(brp, kennisgeving, expected):
    facts = person(brp_inschrijving=brp, kennisgeving_duo=kennisgeving)
    assert vervaldatum(facts, brp, Soort.PIP_TERMIJN) == expected


def test_pip_termijn_toelichting_names_both_dates():
    facts = person(brp_inschrijving=date(2026, 1, 10), kennisgeving_duo=date(2026, 1, 5))
    s = signalen(facts, date(2026, 2, 1))[Soort.PIP_TERMIJN]
    assert s.toelichting == (
        "BRP-inschrijving 10-01-2026, kennisgeving DUO 05-01-2026; PIP uiterlijk 10 weken na de laatste: 21-03-2026"
    )


@pytest.mark.parametrize(
    "facts",
    [
        person(),  # nothing known
        person(kennisgeving_duo=date(2026, 1, 5), koppeling=date(2025, 12, 1)),  # no BRP yet
        person(brp_inschrijving=date(2026, 1, 10), pip_datum=PIP),  # PIP already set
        person(brp_inschrijving=date(2026, 1, 10), regime=Regime.WI2013),
    ],
)
def test_no_pip_termijn_without_brp_with_a_pip_or_under_wi2013(facts):
    assert Soort.PIP_TERMIJN not in signalen(facts, date(2026, 2, 1))


def test_a_gezinsmigrant_also_gets_a_pip_termijn():
    facts = person(doelgroep=Doelgroep.GEZINSMIGRANT, brp_inschrijving=date(2026, 1, 10))
    assert vervaldatum(facts, date(2026, 2, 1), Soort.PIP_TERMIJN) == date(2026, 3, 21)


# --- inburgeringstermijn, leap days and termijn_einde -------------------------


@pytest.mark.parametrize(
    ("pip", "laatste_dag"),
    [
        (date(2026, 3, 1), date(2029, 3, 1)),  # T0 02-03-2026, TE 02-03-2029
        (date(2028, 2, 27), date(2031, 2, 27)),  # T0 28-02-2028, TE 28-02-2031
        (date(2028, 2, 28), date(2031, 2, 27)),  # T0 29-02-2028, TE clamps to 28-02-2031
        (date(2028, 2, 29), date(2031, 2, 28)),  # T0 01-03-2028, TE 01-03-2031
        (date(2025, 12, 31), date(2028, 12, 31)),  # T0 01-01-2026, TE 01-01-2029
        (date(2026, 1, 31), date(2029, 1, 31)),
    ],
)
def test_inburgeringstermijn_ends_on_the_day_before_t0_plus_3_years(pip, laatste_dag):
    facts = replace(B1, pip_datum=pip, brp_inschrijving=None, kennisgeving_duo=None)
    assert vervaldatum(facts, pip, Soort.INBURGERINGSTERMIJN) == laatste_dag


def test_inburgeringstermijn_toelichting_explains_the_derivation():
    s = signalen(B1, P)[Soort.INBURGERINGSTERMIJN]
    assert s.toelichting == "PIP gedateerd 01-03-2026, termijn start 02-03-2026, eindigt 02-03-2029 (laatste dag 01-03-2029)"


def test_termijn_einde_from_duo_overrides_the_computed_end():
    facts = replace(B1, termijn_einde=date(2029, 9, 2))
    found = signalen(facts, P)
    assert found[Soort.INBURGERINGSTERMIJN].vervaldatum == date(2029, 9, 1)
    assert found[Soort.PVT].vervaldatum == date(2029, 9, 1)
    assert found[Soort.MAP].vervaldatum == date(2029, 9, 1)
    assert "einddatum volgens DUO 02-09-2029" in found[Soort.INBURGERINGSTERMIJN].toelichting


def test_no_inburgeringstermijn_under_wi2013_even_with_a_pip_datum():
    facts = replace(B1, regime=Regime.WI2013)
    assert Soort.INBURGERINGSTERMIJN not in signalen(facts, P)


# --- aanbod_start ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("pip", "leerroute", "expected"),
    [
        (date(2026, 3, 1), Leerroute.B1, date(2026, 6, 1)),
        (date(2026, 3, 1), Leerroute.ONDERWIJS, date(2026, 9, 1)),
        (date(2026, 3, 1), None, date(2026, 6, 1)),
        (date(2025, 11, 30), Leerroute.Z, date(2026, 2, 28)),  # month end clamps
        (date(2027, 11, 30), Leerroute.Z, date(2028, 2, 29)),
        (date(2026, 8, 31), Leerroute.ONDERWIJS, date(2027, 2, 28)),
    ],
)
def test_aanbod_start_is_3_months_after_the_pip_or_6_on_the_onderwijsroute(pip, leerroute, expected):
    facts = person(pip_datum=pip, leerroute=leerroute)
    assert vervaldatum(facts, pip, Soort.AANBOD_START) == expected


@pytest.mark.parametrize(
    "facts",
    [
        replace(B1, aanbod_start=date(2026, 4, 15)),
        replace(B1, doelgroep=Doelgroep.GEZINSMIGRANT),
        replace(B1, doelgroep=Doelgroep.OVERIGE_MIGRANT, bijstand=True),
        replace(B1, regime=Regime.WI2013),
        replace(B1, pip_datum=None),
    ],
)
def test_no_aanbod_start_once_recorded_for_migrants_wi2013_or_without_pip(facts):
    assert Soort.AANBOD_START not in signalen(facts, P)


# --- leerroute_wissel -----------------------------------------------------------


@pytest.mark.parametrize(
    ("pip", "expected"),
    [
        (date(2026, 3, 1), date(2027, 9, 1)),
        (date(2026, 8, 31), date(2028, 2, 29)),
        (date(2025, 8, 31), date(2027, 2, 28)),
    ],
)
def test_leerroute_wissel_is_18_months_after_the_pip(pip, expected):
    for leerroute in (Leerroute.B1, Leerroute.Z):
        facts = person(pip_datum=pip, leerroute=leerroute)
        assert vervaldatum(facts, pip, Soort.LEERROUTE_WISSEL) == expected


def test_leerroute_wissel_shows_up_to_and_including_its_day_then_disappears():
    last_day = date(2027, 9, 1)
    assert signalen(B1, last_day)[Soort.LEERROUTE_WISSEL].dagen == 0
    assert Soort.LEERROUTE_WISSEL not in signalen(B1, last_day + timedelta(days=1))


@pytest.mark.parametrize("leerroute", [Leerroute.ONDERWIJS, None])
def test_no_leerroute_wissel_on_the_onderwijsroute_or_without_leerroute(leerroute):
    assert Soort.LEERROUTE_WISSEL not in signalen(replace(B1, leerroute=leerroute), P)


# --- ontzorgen_einde ----------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "maanden", "policy", "expected"),
    [
        (date(2026, 3, 1), None, POLICY, date(2026, 9, 1)),
        (date(2026, 8, 31), None, POLICY, date(2027, 2, 28)),
        (date(2026, 8, 31), 12, POLICY, date(2027, 8, 31)),
        (date(2026, 8, 31), None, Policy(ontzorgen_standaard_maanden=9), date(2027, 5, 31)),
        (date(2026, 8, 31), 6, Policy(ontzorgen_standaard_maanden=9), date(2027, 2, 28)),
    ],
)
def test_ontzorgen_einde_is_start_plus_the_recorded_or_default_months(start, maanden, policy, expected):
    facts = person(bijstand=True, ontzorgen_start=start, ontzorgen_maanden=maanden)
    assert vervaldatum(facts, start, Soort.ONTZORGEN_EINDE, policy) == expected


def test_ontzorgen_einde_stays_as_verlopen_after_it_passed():
    facts = person(bijstand=True, ontzorgen_start=date(2026, 3, 1))
    s = signalen(facts, date(2026, 9, 2))[Soort.ONTZORGEN_EINDE]
    assert (s.dagen, s.ernst) == (-1, Ernst.VERLOPEN)


@pytest.mark.parametrize(
    "facts",
    [
        person(bijstand=True, nareiziger=True, verblijfsvergunning=Verblijfsvergunning.REGULIER,
               ontzorgen_start=date(2026, 3, 1)),
        person(bijstand=False, ontzorgen_start=date(2026, 3, 1)),
        person(bijstand=True),
        person(doelgroep=Doelgroep.GEZINSMIGRANT, bijstand=True, ontzorgen_start=date(2026, 3, 1)),
        person(doelgroep=Doelgroep.OVERIGE_MIGRANT, bijstand=True, ontzorgen_start=date(2026, 3, 1)),
    ],
)
def test_no_ontzorgen_einde_for_regular_nareizigers_without_bijstand_start_or_for_migrants(facts):
    assert Soort.ONTZORGEN_EINDE not in signalen(facts, date(2026, 4, 1))


# --- pvt and map ----------------------------------------------------------------


def test_pvt_and_map_are_due_on_the_last_day_of_the_termijn():
    found = signalen(B1, P)
    assert found[Soort.PVT].vervaldatum == date(2029, 3, 1)
    assert found[Soort.MAP].vervaldatum == date(2029, 3, 1)


@pytest.mark.parametrize(
    ("changes", "pvt", "map_"),
    [
        ({"pvt_ondertekend": date(2026, 9, 1)}, False, True),
        ({"map_eindgesprek": date(2026, 9, 1)}, True, False),
        ({"leerroute": Leerroute.ONDERWIJS}, True, False),
        ({"leerroute": None}, True, True),
        ({"leerroute": Leerroute.Z}, True, True),
        ({"pip_datum": None}, False, False),
        ({"regime": Regime.WI2013}, False, False),
    ],
)
def test_pvt_and_map_disappear_when_done_or_not_required(changes, pvt, map_):
    found = signalen(replace(B1, **changes), P)
    assert (Soort.PVT in found, Soort.MAP in found) == (pvt, map_)


# --- voortgangsgesprek ---------------------------------------------------------


@pytest.mark.parametrize(
    ("laatste", "policy", "expected"),
    [
        (None, POLICY, date(2026, 6, 1)),  # PIP + 3 months
        (date(2026, 5, 31), POLICY, date(2026, 8, 31)),
        (date(2026, 11, 30), POLICY, date(2027, 2, 28)),
        (date(2026, 1, 31), Policy(voortgangsgesprek_interval_maanden=1), date(2026, 2, 28)),  # 31 Jan + 1 month
        (date(2028, 1, 31), Policy(voortgangsgesprek_interval_maanden=1), date(2028, 2, 29)),
        (None, Policy(voortgangsgesprek_interval_maanden=6), date(2026, 9, 1)),
    ],
)
def test_voortgangsgesprek_is_due_an_interval_after_the_last_one_or_the_pip(laatste, policy, expected):
    facts = replace(B1, laatste_voortgangsgesprek=laatste)
    as_of = laatste or P  # a gesprek on the date reasoned about has taken place
    assert vervaldatum(facts, as_of, Soort.VOORTGANGSGESPREK, policy) == expected


@pytest.mark.parametrize(
    ("vastgelegd", "contactmomenten", "as_of", "expected"),
    [
        # the recorded gesprek lies after P: on P it has not happened yet, so PIP + 3 months
        (date(2026, 5, 15), (), date(2026, 4, 1), date(2026, 6, 1)),
        (date(2026, 5, 15), (), date(2026, 5, 14), date(2026, 6, 1)),
        (date(2026, 5, 15), (), date(2026, 5, 15), date(2026, 8, 15)),  # on the day itself it counts
        # a contact moment before P still counts when the recorded date lies after P
        (date(2026, 9, 1), (date(2026, 4, 20),), date(2026, 6, 30), date(2026, 7, 20)),
        # a contact moment after P does not count, the recorded date before P does
        (date(2026, 4, 10), (date(2026, 8, 31),), date(2026, 6, 30), date(2026, 7, 10)),
        (date(2026, 4, 10), (date(2026, 8, 31),), date(2026, 8, 31), date(2026, 11, 30)),  # 31 Aug + 3 months
        # every gesprek after P: back to the PIP
        (date(2026, 9, 1), (date(2026, 8, 31),), date(2026, 8, 30), date(2026, 6, 1)),
        (None, (date(2028, 2, 29),), date(2028, 2, 29), date(2028, 5, 29)),  # leap day
        (None, (date(2028, 2, 29),), date(2028, 2, 28), date(2026, 6, 1)),
    ],
)
def test_voortgangsgesprek_on_date_p_uses_only_gesprekken_on_or_before_p(vastgelegd, contactmomenten, as_of, expected):
    facts = replace(
        B1,
        laatste_voortgangsgesprek=max((d for d in (vastgelegd, *contactmomenten) if d), default=None),
        voortgangsgesprekken=tuple(d for d in (vastgelegd, *contactmomenten) if d),
    )
    found = signalen(facts, as_of)[Soort.VOORTGANGSGESPREK]
    assert found.vervaldatum == expected
    assert found.dagen == (expected - as_of).days
    if expected == date(2026, 6, 1):
        assert found.toelichting.startswith("Nog geen voortgangsgesprek sinds het PIP van 01-03-2026")


# --- zroute_uren ------------------------------------------------------------------


def test_zroute_uren_is_due_on_the_last_day_of_the_termijn():
    facts = replace(B1, leerroute=Leerroute.Z)
    assert vervaldatum(facts, P, Soort.ZROUTE_UREN) == date(2029, 3, 1)


@pytest.mark.parametrize(
    "facts",
    [
        replace(B1, leerroute=Leerroute.Z, zroute_afgerond=date(2028, 12, 1)),
        replace(B1, leerroute=Leerroute.Z, pip_datum=None),
        replace(B1, leerroute=Leerroute.B1),
    ],
)
def test_no_zroute_signalen_when_completed_without_pip_or_on_another_route(facts):
    found = signalen(facts, date(2027, 1, 1))
    assert Soort.ZROUTE_UREN not in found
    assert Soort.ZROUTE_ACHTERSTAND not in found


# --- elip ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("termijn_einde", "as_of", "expected"),
    [
        (date(2026, 9, 1), date(2026, 2, 28), None),
        (date(2026, 9, 1), date(2026, 3, 1), date(2026, 8, 31)),  # exactly 6 months before
        (date(2026, 8, 31), date(2026, 2, 27), None),
        (date(2026, 8, 31), date(2026, 2, 28), date(2026, 8, 30)),  # 31-08 − 6 months clamps to 28-02
        (date(2026, 9, 1), date(2026, 10, 1), date(2026, 8, 31)),  # stays after the end
    ],
)
def test_elip_starts_6_months_before_the_old_termijn_einde(termijn_einde, as_of, expected):
    facts = person(regime=Regime.WI2013, termijn_einde=termijn_einde)
    assert vervaldatum(facts, as_of, Soort.ELIP) == expected


def test_no_elip_without_termijn_einde_or_under_wi2021():
    assert Soort.ELIP not in signalen(person(regime=Regime.WI2013), date(2026, 3, 1))
    assert Soort.ELIP not in signalen(replace(B1, termijn_einde=date(2026, 9, 1)), date(2026, 8, 1))


def test_a_wi2013_person_gets_only_elip_and_ontzorgen():
    facts = person(
        regime=Regime.WI2013, termijn_einde=date(2026, 9, 1), bijstand=True,
        ontzorgen_start=date(2026, 1, 1), brp_inschrijving=date(2021, 6, 1), pip_datum=date(2021, 8, 1),
    )
    assert set(signalen(facts, date(2026, 4, 1))) == {Soort.ELIP, Soort.ONTZORGEN_EINDE}


# --- ernst ------------------------------------------------------------------------

DUE = date(2026, 3, 21)  # pip_termijn of a person registered on 10-01-2026


@pytest.mark.parametrize(
    ("dagen", "ernst"),
    [(-1, Ernst.VERLOPEN), (0, Ernst.URGENT), (14, Ernst.URGENT), (15, Ernst.BINNENKORT), (42, Ernst.BINNENKORT), (43, Ernst.GEPLAND)],
)
def test_ernst_thresholds_at_their_boundaries(dagen, ernst):
    facts = person(brp_inschrijving=date(2026, 1, 10))
    s = signalen(facts, DUE - timedelta(days=dagen))[Soort.PIP_TERMIJN]
    assert (s.vervaldatum, s.dagen, s.ernst) == (DUE, dagen, ernst)


@pytest.mark.parametrize(
    ("dagen", "ernst"),
    [(-1, Ernst.VERLOPEN), (0, Ernst.URGENT), (7, Ernst.URGENT), (8, Ernst.BINNENKORT), (30, Ernst.BINNENKORT), (31, Ernst.GEPLAND)],
)
def test_ernst_thresholds_come_from_the_policy(dagen, ernst):
    assert ernst_for(dagen, Policy(ernst_urgent_dagen=7, ernst_binnenkort_dagen=30)) is ernst


def test_ernst_has_dutch_labels_and_verlopen_ranks_first():
    assert [e.label for e in sorted(Ernst, key=lambda e: e.rank)] == ["verlopen", "urgent", "binnenkort", "gepland"]


# --- status, doelgroepen, ordering ----------------------------------------------------


@pytest.mark.parametrize("status", [Status.AFGEROND, Status.VERTROKKEN, Status.ONTHEFFING, Status.OVERLEDEN])
def test_only_actief_people_have_signalen(status):
    facts = replace(B1, status=status, leerroute=Leerroute.Z, bijstand=True, ontzorgen_start=date(2026, 3, 1))
    assert compute_signalen(facts, P, POLICY) == ()


ALL_B1 = {Soort.INBURGERINGSTERMIJN, Soort.LEERROUTE_WISSEL, Soort.PVT, Soort.MAP, Soort.VOORTGANGSGESPREK}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, ALL_B1 | {Soort.AANBOD_START}),
        ({"doelgroep": Doelgroep.GEZINSMIGRANT}, ALL_B1),
        ({"doelgroep": Doelgroep.OVERIGE_MIGRANT}, ALL_B1),
        ({"bijstand": True, "ontzorgen_start": date(2026, 3, 1)}, ALL_B1 | {Soort.AANBOD_START, Soort.ONTZORGEN_EINDE}),
        # Participatiewet art. 56a: a nareiziger with a (derived) asylum permit is ontzorgd; a regular one is not.
        ({"nareiziger": True, "bijstand": True, "ontzorgen_start": date(2026, 3, 1)},
         ALL_B1 | {Soort.AANBOD_START, Soort.ONTZORGEN_EINDE}),
        ({"nareiziger": True, "verblijfsvergunning": Verblijfsvergunning.ASIEL, "bijstand": True,
          "ontzorgen_start": date(2026, 3, 1)}, ALL_B1 | {Soort.AANBOD_START, Soort.ONTZORGEN_EINDE}),
        ({"nareiziger": True, "verblijfsvergunning": Verblijfsvergunning.REGULIER, "bijstand": True,
          "ontzorgen_start": date(2026, 3, 1)}, ALL_B1 | {Soort.AANBOD_START}),
        ({"leerroute": None}, ALL_B1 - {Soort.LEERROUTE_WISSEL} | {Soort.AANBOD_START}),
        ({"pip_datum": None}, {Soort.PIP_TERMIJN, Soort.LEERBAARHEIDSTOETS}),
        ({"pip_datum": None, "leerbaarheidstoets": date(2026, 3, 1)}, {Soort.PIP_TERMIJN}),
        ({"pip_datum": None, "brp_inschrijving": None}, set()),
    ],
)
def test_which_signalen_each_doelgroep_and_incomplete_person_gets(changes, expected):
    assert set(signalen(replace(B1, **changes), P)) == expected


def test_signalen_are_sorted_by_vervaldatum_then_soort():
    found = compute_signalen(replace(B1, leerroute=Leerroute.Z, uren=UrenTotalen(taal_knm=500, participatie=500)), P, POLICY)
    assert [(s.vervaldatum, s.soort) for s in found] == [
        (date(2026, 6, 1), "aanbod_start"),
        (date(2026, 6, 1), "voortgangsgesprek"),
        (date(2027, 9, 1), "leerroute_wissel"),
        (date(2029, 3, 1), "inburgeringstermijn"),
        (date(2029, 3, 1), "map"),
        (date(2029, 3, 1), "pvt"),
        (date(2029, 3, 1), "zroute_uren"),
    ]
    assert all(s.dagen == (s.vervaldatum - P).days for s in found)


def test_most_pressing_prefers_worst_ernst_then_earliest_date_then_soort():
    def s(soort, d, ernst):
        return Signaal(soort, d, 0, ernst, "")

    a = s("pvt", date(2026, 5, 1), Ernst.URGENT)
    b = s("map", date(2026, 1, 1), Ernst.BINNENKORT)
    c = s("voortgangsgesprek", date(2026, 4, 1), Ernst.VERLOPEN)
    d = s("map", date(2026, 4, 1), Ernst.VERLOPEN)
    assert most_pressing([a, b]) is a
    assert most_pressing([a, b, c]) is c
    assert most_pressing([a, b, c, d]) is d
    assert most_pressing([]) is None


def test_every_soort_has_a_dutch_label():
    assert set(SOORT_LABELS) == set(Soort)
    assert SOORT_LABELS["pip_termijn"] == "PIP vaststellen"
    assert SOORT_LABELS["elip"] == "ELIP: einde oude termijn"
    assert Signaal("pvt", P, 0, Ernst.URGENT, "").label == "PVT afronden"


def test_every_toelichting_is_dutch_with_dd_mm_jjjj_dates():
    facts = replace(B1, leerroute=Leerroute.Z, bijstand=True, ontzorgen_start=date(2026, 3, 1))
    for s in compute_signalen(facts, date(2026, 10, 1), POLICY):
        assert s.toelichting
        assert "2026-" not in s.toelichting and "2029-" not in s.toelichting
