"""AOW-leeftijd: the statutory table by date of birth, the six-month notice and the end of the signalen."""

from datetime import date

import pytest

from rules.aow import AOW_TABEL, aow_datum, plicht_geeindigd_door_aow
from rules.engine import Soort, compute_signalen
from rules.model import Doelgroep, Leerroute, PersonFacts
from rules.phase import Fase, determine_phase
from rules.policy import Policy

POLICY = Policy()


@pytest.mark.parametrize(
    ("geboren", "jaren", "maanden", "bereikt"),
    [
        (date(1947, 12, 31), 65, 0, date(2012, 12, 31)),
        (date(1948, 1, 1), 65, 1, date(2013, 2, 1)),
        (date(1952, 12, 31), 66, 0, date(2018, 12, 31)),
        (date(1953, 1, 1), 66, 4, date(2019, 5, 1)),
        (date(1955, 8, 31), 66, 4, date(2021, 12, 31)),  # last row of 66+4: reached in 2021
        (date(1955, 9, 1), 66, 7, date(2022, 4, 1)),
        (date(1956, 5, 31), 66, 7, date(2022, 12, 31)),
        (date(1956, 6, 1), 66, 10, date(2023, 4, 1)),
        (date(1956, 12, 31), 66, 10, date(2023, 10, 31)),
        (date(1957, 2, 28), 66, 10, date(2023, 12, 28)),
        (date(1957, 3, 1), 67, 0, date(2024, 3, 1)),
        (date(1960, 2, 29), 67, 0, date(2027, 2, 28)),  # leap-day birth, no 29 February in 2027
        (date(1960, 12, 31), 67, 0, date(2027, 12, 31)),
        (date(1961, 1, 1), 67, 3, date(2028, 4, 1)),
        (date(1960, 11, 30), 67, 0, date(2027, 11, 30)),
        (date(1961, 5, 31), 67, 3, date(2028, 8, 31)),
        (date(1961, 11, 30), 67, 3, date(2029, 2, 28)),  # 30 November + 3 months: end of February
        (date(1962, 11, 29), 67, 3, date(2030, 2, 28)),
        (date(1963, 9, 30), 67, 3, date(2030, 12, 30)),
    ],
)
def test_aow_datum_follows_the_statutory_table(geboren, jaren, maanden, bereikt):
    aow = aow_datum(geboren)
    assert (aow.jaren, aow.maanden, aow.datum, aow.vastgesteld) == (jaren, maanden, bereikt, True)
    assert "Algemene Ouderdomswet art. 7a" in aow.toelichting


def test_aow_table_rows_follow_each_other_without_gaps():
    for vorige, volgende in zip(AOW_TABEL, AOW_TABEL[1:]):
        assert (volgende.geboren_vanaf - vorige.geboren_tot_en_met).days == 1


def test_a_birth_date_after_the_table_gives_a_minimum_not_a_fixed_date():
    aow = aow_datum(date(1963, 10, 1))
    assert (aow.datum, aow.vastgesteld) == (date(2031, 1, 1), False)
    assert "nog niet wettelijk vastgesteld" in aow.toelichting
    assert not plicht_geeindigd_door_aow(date(1963, 10, 1), date(2040, 1, 1))


@pytest.mark.parametrize(
    ("as_of", "geeindigd"),
    [(date(2027, 2, 27), False), (date(2027, 2, 28), True), (date(2027, 3, 1), True)],
)
def test_the_obligation_ends_on_the_day_the_aow_age_is_reached(as_of, geeindigd):
    assert plicht_geeindigd_door_aow(date(1960, 2, 29), as_of) is geeindigd


OUDER = PersonFacts(
    kenmerk="A-1", naam="Test Persoon", doelgroep=Doelgroep.ASIELSTATUSHOUDER,
    brp_inschrijving=date(2025, 1, 10), pip_datum=date(2025, 3, 1), leerroute=Leerroute.B1,
    aanbod_start=date(2025, 4, 1), geboortedatum=date(1960, 2, 29),
)


@pytest.mark.parametrize(
    ("as_of", "aow_signaal", "andere_signalen"),
    [
        (date(2026, 8, 27), False, True),  # the day before the six months
        (date(2026, 8, 28), True, True),  # AOW date 28-02-2027 minus 6 months
        (date(2027, 2, 27), True, True),  # the last day before the AOW age
        (date(2027, 2, 28), False, False),  # AOW age reached: no signaal at all
    ],
)
def test_aow_signaal_six_months_before_and_silence_after(as_of, aow_signaal, andere_signalen):
    found = {s.soort: s for s in compute_signalen(OUDER, as_of, POLICY)}
    assert (Soort.AOW in found) is aow_signaal
    assert bool(set(found) - {Soort.AOW}) is andere_signalen
    if aow_signaal:
        assert found[Soort.AOW].vervaldatum == date(2027, 2, 28)
        assert "67 jaar" in found[Soort.AOW].toelichting


def test_the_phase_is_uitgestroomd_once_the_aow_age_is_reached():
    assert determine_phase(OUDER, date(2027, 2, 27), POLICY) is not Fase.UITGESTROOMD
    assert determine_phase(OUDER, date(2027, 2, 28), POLICY) is Fase.UITGESTROOMD


@pytest.mark.parametrize(
    ("as_of", "getoond"),
    [(date(2026, 8, 27), False), (date(2026, 8, 28), True)],
)
def test_the_dossier_shows_the_aow_date_from_six_months_before(as_of, getoond):
    from rules.engine import assess

    datum = assess(OUDER, as_of, POLICY).datum("aow_datum")
    assert (datum is not None) is getoond
    if getoond:
        assert datum.waarde == date(2027, 2, 28) and "6 maanden vooraf" in datum.toelichting
