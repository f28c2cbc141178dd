"""Verlenging of the inburgeringstermijn: the new end date, DUO's final word, and the signaal to consider it."""

from dataclasses import replace
from datetime import date

import pytest

from rules.engine import Soort, compute_signalen
from rules.model import Doelgroep, Leerroute, PersonFacts, Verlenging, VerlengingGrond
from rules.policy import Policy
from rules.termijn import compute_termijn
from rules.verlenging import verlenging_advies

POLICY = Policy()
# PIP 28-02-2024 (leap year): termijn from 29-02-2024; 29 February + 3 years is 28-02-2027 (exclusive),
# as rules.dates.add_years clamps a leap day.
BASE = PersonFacts(
    kenmerk="V-1", naam="Test Persoon", doelgroep=Doelgroep.ASIELSTATUSHOUDER,
    brp_inschrijving=date(2024, 1, 10), pip_datum=date(2024, 2, 28), leerroute=Leerroute.B1,
    aanbod_start=date(2024, 4, 1),
)
ZIEK = Verlenging(VerlengingGrond.ZIEKTE)
BESLIST = Verlenging(VerlengingGrond.ZIEKTE, besluitdatum=date(2026, 12, 1), nieuwe_einddatum=date(2027, 9, 1))


@pytest.mark.parametrize(
    ("changes", "einde", "laatste_dag", "tekst"),
    [
        ({}, date(2027, 2, 28), date(2027, 2, 27), "eindigt 28-02-2027"),
        ({"verlengingen": (ZIEK,)}, date(2027, 2, 28), date(2027, 2, 27), "eindigt 28-02-2027"),  # ground only: no change
        ({"verlengingen": (BESLIST,)}, date(2027, 9, 1), date(2027, 8, 31), "verlengd (ziekte, besluit 01-12-2026)"),
        ({"verlengingen": (BESLIST, Verlenging(VerlengingGrond.ZWANGERSCHAP, date(2027, 5, 1), date(2028, 1, 1)))},
         date(2028, 1, 1), date(2027, 12, 31), "zwangerschap"),
        # DUO's einddatum is the final word, also over a recorded verlenging
        ({"verlengingen": (BESLIST,), "termijn_einde": date(2027, 6, 1)}, date(2027, 6, 1), date(2027, 5, 31),
         "einddatum volgens DUO 01-06-2027"),
    ],
)
def test_the_termijn_ends_on_the_verlenging_unless_duo_says_otherwise(changes, einde, laatste_dag, tekst):
    termijn = compute_termijn(replace(BASE, **changes))
    assert termijn is not None
    assert (termijn.start, termijn.einde, termijn.laatste_dag) == (date(2024, 2, 29), einde, laatste_dag)
    assert tekst in termijn.toelichting


@pytest.mark.parametrize(
    ("changes", "as_of", "verwacht"),
    [
        ({}, date(2026, 6, 1), False),
        ({"verlengingen": (ZIEK,)}, date(2026, 6, 1), True),
        ({"verlengingen": (ZIEK,)}, date(2027, 2, 27), True),  # the last day of the termijn
        ({"verlengingen": (ZIEK,)}, date(2027, 2, 28), False),  # the termijn has ended
        ({"verlengingen": (BESLIST,)}, date(2026, 12, 2), False),  # decided: nothing left to consider
        ({"verlengingen": (replace(BESLIST, besluitdatum=date(2026, 12, 2)),)}, date(2026, 12, 1), True),  # not decided yet on P
        ({"aanbod_start": date(2024, 5, 29)}, date(2026, 6, 1), True),  # PIP 28-02 + 3 months = 28-05: one day late
        ({"aanbod_start": date(2024, 5, 28)}, date(2026, 6, 1), False),  # on the limit
                ({"aanbod_start": date(2024, 5, 29), "verlengingen": (Verlenging(VerlengingGrond.LAAT_AANBOD, date(2024, 9, 1),
                                                                         date(2027, 6, 1)),)}, date(2026, 6, 1), False),
    ],
)
def test_verlenging_overwegen_appears_while_a_ground_is_open(changes, as_of, verwacht):
    facts = replace(BASE, **changes)
    found = {s.soort: s for s in compute_signalen(facts, as_of, POLICY)}
    assert (Soort.VERLENGING in found) is verwacht
    assert (verlenging_advies(facts, as_of) is not None) is verwacht
    if verwacht:
        signaal = found[Soort.VERLENGING]
        assert signaal.vervaldatum == compute_termijn(facts).laatste_dag
        assert "Wi2021 art. 12" in signaal.toelichting
