"""Ontheffing and vrijstelling: full ones end every signaal, partial ones change the targets, temporary ones suspend."""

from dataclasses import replace
from datetime import date

import pytest

from rules.engine import Soort, assess, compute_signalen, compute_zroute
from rules.model import (
    Doelgroep, ExamenOnderdeel, Leerroute, Niveau, Ontheffing, OntheffingGrond, OntheffingSoort, PersonFacts,
    UrenTotalen, Vrijstelling, VrijstellingSoort,
)
from rules.ontheffing import plicht_status, vrijgestelde_onderdelen
from rules.phase import Fase, determine_phase
from rules.policy import Policy

POLICY = Policy()
BASE = PersonFacts(
    kenmerk="H-1", naam="Test Persoon", doelgroep=Doelgroep.ASIELSTATUSHOUDER,
    brp_inschrijving=date(2026, 1, 10), pip_datum=date(2026, 2, 28), leerroute=Leerroute.B1,
    aanbod_start=date(2026, 4, 1),
)
GEHEEL = Ontheffing(OntheffingSoort.GEHEEL, date(2026, 12, 31), OntheffingGrond.MED)
VRIJ_GEHEEL = Vrijstelling(VrijstellingSoort.GEHEEL, date(2027, 1, 31), reden="DIP")
TIJDELIJK = Vrijstelling(VrijstellingSoort.TIJDELIJK, date(2026, 10, 15), reden="INS",
                         start=date(2026, 11, 1), einde=date(2027, 2, 28))


@pytest.mark.parametrize(
    ("changes", "as_of", "signalen_leeg"),
    [
        ({"ontheffingen": (GEHEEL,)}, date(2026, 12, 30), False),
        ({"ontheffingen": (GEHEEL,)}, date(2026, 12, 31), True),  # from the besluitdatum
        ({"vrijstellingen": (VRIJ_GEHEEL,)}, date(2027, 1, 30), False),
        ({"vrijstellingen": (VRIJ_GEHEEL,)}, date(2027, 1, 31), True),
    ],
)
def test_a_full_ontheffing_or_vrijstelling_ends_every_signaal_from_its_date(changes, as_of, signalen_leeg):
    facts = replace(BASE, **changes)
    assert (compute_signalen(facts, as_of, POLICY) == ()) is signalen_leeg
    assert (determine_phase(facts, as_of, POLICY) is Fase.UITGESTROOMD) is signalen_leeg
    if signalen_leeg:
        assert assess(facts, as_of, POLICY).bijzonderheden


@pytest.mark.parametrize(
    ("as_of", "opgeschort", "soorten"),
    [
        (date(2026, 10, 31), False, None),  # decided, not started yet
        (date(2026, 11, 1), True, {Soort.VRIJSTELLING_EINDE}),  # start (inclusive)
        (date(2027, 2, 28), True, {Soort.VRIJSTELLING_EINDE}),  # DUO's einde is inclusive
        (date(2027, 3, 1), False, None),  # the obligation resumes
    ],
)
def test_a_tijdelijke_vrijstelling_suspends_and_resumes_the_obligation(as_of, opgeschort, soorten):
    facts = replace(BASE, vrijstellingen=(TIJDELIJK,))
    status = plicht_status(facts, as_of)
    assert status.opgeschort is opgeschort
    found = {s.soort: s for s in compute_signalen(facts, as_of, POLICY)}
    if soorten is not None:
        assert set(found) == soorten
        assert found[Soort.VRIJSTELLING_EINDE].vervaldatum == date(2027, 3, 1)
        assert "tot en met 28-02-2027" in found[Soort.VRIJSTELLING_EINDE].toelichting
    else:
        assert Soort.INBURGERINGSTERMIJN in found


Z = replace(BASE, leerroute=Leerroute.Z, niveau=Niveau.A1, pip_datum=date(2025, 2, 28), aanbod_start=date(2025, 4, 1),
            uren=UrenTotalen(taal_knm=600, participatie=100))


@pytest.mark.parametrize(
    ("cap", "doel", "achterstand_participatie"),
    [
        (None, 800, True),  # 100 of 800 after more than a year: behind
        (150, 150, False),  # DUO capped participation at 150 hours: 100 is not behind yet... at this pace
        (0, None, False),  # no participation activities at all
    ],
)
def test_a_partial_ontheffing_changes_the_zroute_target_so_no_false_achterstand(cap, doel, achterstand_participatie):
    ontheffingen = () if cap is None else (
        Ontheffing(OntheffingSoort.GEDEELTELIJK, date(2025, 6, 30), OntheffingGrond.MED, participatie_uren_max=cap),)
    facts = replace(Z, ontheffingen=ontheffingen)
    as_of = date(2026, 3, 1)
    zroute = compute_zroute(facts, as_of, POLICY)
    assert zroute is not None
    if doel is None:
        assert zroute.participatie is None
    else:
        assert zroute.participatie is not None and zroute.participatie.doel == doel
        assert zroute.participatie.achterstand is achterstand_participatie
    found = {s.soort: s for s in compute_signalen(facts, as_of, POLICY)}
    tekst = found.get(Soort.ZROUTE_ACHTERSTAND)
    assert (tekst is not None and "participatie" in tekst.toelichting) is achterstand_participatie


def test_a_partial_ontheffing_decided_after_the_date_does_not_count_yet():
    facts = replace(Z, ontheffingen=(Ontheffing(OntheffingSoort.GEDEELTELIJK, date(2026, 3, 2), participatie_uren_max=0),))
    assert compute_zroute(facts, date(2026, 3, 1), POLICY).participatie.doel == 800
    assert compute_zroute(facts, date(2026, 3, 2), POLICY).participatie is None


def test_partial_ontheffing_and_vrijstelling_exempt_exam_components():
    facts = replace(BASE, ontheffingen=(Ontheffing(OntheffingSoort.GEDEELTELIJK, date(2026, 6, 1),
                                                   examenonderdeel=ExamenOnderdeel.KNM),),
                    vrijstellingen=(Vrijstelling(VrijstellingSoort.GEDEELTELIJK, date(2026, 7, 1),
                                                 examenonderdeel=ExamenOnderdeel.LEZEN, examenniveau=Niveau.B1),))
    assert vrijgestelde_onderdelen(facts, date(2026, 5, 31)) == {}
    vrij = vrijgestelde_onderdelen(facts, date(2026, 7, 1))
    assert set(vrij) == {ExamenOnderdeel.KNM, ExamenOnderdeel.LEZEN}
    assert "op B1" in vrij[ExamenOnderdeel.LEZEN]


# -- a gehele ontheffing in the dossier: fase, status and the Z-route hours (walkreport item 4) ---------------------

from rules.phase import effectieve_status, fase_omschrijving, uitstroom_reden  # noqa: E402
from rules.model import Status  # noqa: E402

# A Z-route person three quarters of a year into the term with no hours: an achterstand while the plicht runs.
ZROUTE_ACHTER = replace(BASE, leerroute=Leerroute.Z, niveau=Niveau.A1, uren=UrenTotalen(taal_knm=0, participatie=0))
DILAN_GEHEEL = Ontheffing(OntheffingSoort.GEHEEL, date(2026, 12, 3), OntheffingGrond.MED)
PARTIEEL_NUL = Ontheffing(OntheffingSoort.GEDEELTELIJK, date(2026, 12, 3), participatie_uren_max=0)
PARTIEEL_SPREKEN = Ontheffing(OntheffingSoort.GEDEELTELIJK, date(2026, 12, 3), examenonderdeel=ExamenOnderdeel.SPREKEN)


@pytest.mark.parametrize(
    ("ontheffingen", "vrijstellingen", "as_of", "fase", "omschrijving", "status"),
    [
        ((), (), date(2026, 12, 3), Fase.INBURGEREN, "inburgeren", Status.ACTIEF),
        ((DILAN_GEHEEL,), (), date(2026, 12, 2), Fase.INBURGEREN, "inburgeren", Status.ACTIEF),  # the day before
        ((DILAN_GEHEEL,), (), date(2026, 12, 3), Fase.UITGESTROOMD, "uitgestroomd: gehele ontheffing", Status.ONTHEFFING),
        ((DILAN_GEHEEL,), (), date(2029, 3, 1), Fase.UITGESTROOMD, "uitgestroomd: gehele ontheffing", Status.ONTHEFFING),
        ((), (VRIJ_GEHEEL,), date(2027, 1, 31), Fase.UITGESTROOMD, "uitgestroomd: gehele vrijstelling", Status.VRIJSTELLING),
        ((PARTIEEL_NUL,), (), date(2026, 12, 3), Fase.INBURGEREN, "inburgeren", Status.ACTIEF),  # only a part stops
        ((PARTIEEL_SPREKEN,), (), date(2026, 12, 3), Fase.INBURGEREN, "inburgeren", Status.ACTIEF),
    ],
)
def test_a_gehele_ontheffing_names_itself_in_the_fase_and_the_status(ontheffingen, vrijstellingen, as_of, fase,
                                                                     omschrijving, status):
    facts = replace(ZROUTE_ACHTER, ontheffingen=ontheffingen, vrijstellingen=vrijstellingen)
    gevonden = determine_phase(facts, as_of, POLICY)
    assert gevonden is fase
    assert fase_omschrijving(gevonden, facts, as_of) == omschrijving
    assert "vertrokken" not in fase_omschrijving(gevonden, facts, as_of)
    assert effectieve_status(facts, as_of) is status


@pytest.mark.parametrize(
    ("changes", "as_of", "reden"),
    [
        ({"status": Status.VERTROKKEN}, date(2026, 12, 3), "vertrokken"),
        ({"vertrokken_op": date(2026, 12, 3)}, date(2026, 12, 3), "vertrokken"),
        ({"vertrokken_op": date(2026, 12, 4)}, date(2026, 12, 3), None),  # not yet gone
        ({"status": Status.OVERLEDEN}, date(2026, 12, 3), "overleden"),
        ({"status": Status.ONTHEFFING}, date(2026, 12, 3), "ontheffing"),
        ({"geboortedatum": date(1958, 1, 15)}, date(2025, 4, 15), "AOW-leeftijd bereikt"),  # AOW at 67 + 3 months
        ({}, date(2026, 12, 3), None),
    ],
)
def test_uitstroom_reden_says_why_a_person_left_the_chain(changes, as_of, reden):
    assert uitstroom_reden(replace(BASE, **changes), as_of) == reden


@pytest.mark.parametrize(
    ("ontheffingen", "as_of", "taal_achter", "participatie_doel", "participatie_achter", "gestopt"),
    [
        ((), date(2026, 12, 3), True, 800, True, False),
        ((DILAN_GEHEEL,), date(2026, 12, 2), True, 800, True, False),
        ((DILAN_GEHEEL,), date(2026, 12, 3), False, 800, False, True),  # the plicht ended: no hours to meet
        ((DILAN_GEHEEL,), date(2028, 12, 3), False, 800, False, True),
        ((PARTIEEL_NUL,), date(2026, 12, 3), True, None, None, False),  # only participation stops
        ((PARTIEEL_SPREKEN,), date(2026, 12, 3), True, 800, True, False),  # an exam part: hours still count
    ],
)
def test_the_zroute_shows_no_achterstand_once_a_gehele_ontheffing_ends_the_plicht(
        ontheffingen, as_of, taal_achter, participatie_doel, participatie_achter, gestopt):
    zroute = compute_zroute(replace(ZROUTE_ACHTER, ontheffingen=ontheffingen), as_of, POLICY)
    assert zroute.taal_knm.achterstand is taal_achter
    assert bool(zroute.gestopt) is gestopt
    if gestopt:
        assert "Gehele ontheffing door DUO op 03-12-2026 (medisch)" in zroute.gestopt
        assert zroute.taal_knm.verwacht is None
    if participatie_doel is None:
        assert zroute.participatie is None
    else:
        assert zroute.participatie.doel == participatie_doel
        assert zroute.participatie.achterstand is participatie_achter
