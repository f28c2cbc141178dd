"""Verhuizing and PIP history: the first PIP keeps the termijn (Wi2021 art. 11 lid 3); moving out ends the signalen."""

from dataclasses import replace
from datetime import date

import pytest

from rules.engine import Soort, assess, compute_signalen
from rules.model import Doelgroep, Leerroute, Niveau, PersonFacts, Pip, Status
from rules.phase import Fase, determine_phase
from rules.pip import pip_historie
from rules.policy import Policy
from rules.termijn import compute_termijn
from rules.validation import validate_facts
from rules.verhuizing import verhuizing_in

POLICY = Policy()

# Moved in on 15-03-2026 from Utrecht, whose PIP was dated 31-01-2025.
NIEUW = PersonFacts(
    kenmerk="M-1", naam="Test Persoon", doelgroep=Doelgroep.ASIELSTATUSHOUDER,
    brp_inschrijving=date(2026, 3, 15), verhuisd_in=date(2026, 3, 15), vorige_gemeente="Utrecht",
    eerste_pip_datum=date(2025, 1, 31), leerroute=Leerroute.B1, aanbod_start=date(2025, 3, 1),
)


def test_a_mover_keeps_the_termijn_of_the_first_pip():
    termijn = compute_termijn(NIEUW)
    assert (termijn.pip_datum, termijn.start, termijn.einde, termijn.laatste_dag) == (
        date(2025, 1, 31), date(2025, 2, 1), date(2028, 2, 1), date(2028, 1, 31))


@pytest.mark.parametrize(
    ("eigen_pip", "termijn_start"),
    [(None, date(2025, 2, 1)), (date(2026, 4, 30), date(2025, 2, 1))],  # a new local PIP does not restart it
)
def test_a_new_local_pip_does_not_restart_the_termijn(eigen_pip, termijn_start):
    facts = replace(NIEUW, pip_datum=eigen_pip)
    assert compute_termijn(facts).start == termijn_start
    found = {s.soort: s for s in compute_signalen(facts, date(2026, 5, 1), POLICY)}
    assert Soort.PIP_TERMIJN not in found  # the 10-week deadline is for a first PIP
    # the leerroute-wissel window follows the first PIP: 31-01-2025 + 18 months
    assert found[Soort.LEERROUTE_WISSEL].vervaldatum == date(2026, 7, 31)


@pytest.mark.parametrize(
    ("pip", "fout"),
    [
        (date(2026, 3, 14), True),  # this gemeente's PIP the day before settling here: DUO refuses
        (date(2026, 3, 15), False),  # on the day of settling
    ],
)
def test_only_this_gemeentes_pip_must_follow_the_settling_here(pip, fout):
    facts = replace(NIEUW, pip_datum=pip)
    bevindingen = [b for b in validate_facts(facts, today=date(2026, 6, 1)) if b.veld == "pip_datum"]
    assert bool(bevindingen) is fout
    if fout:
        assert "vóór de vestiging in de gemeente (15-03-2026)" in bevindingen[0].melding


def test_the_previous_gemeentes_pip_before_the_brp_registration_is_accepted():
    assert not [b for b in validate_facts(NIEUW, today=date(2026, 6, 1)) if b.veld in ("pip_datum", "pips")]


@pytest.mark.parametrize(
    ("as_of", "ernst_dagen"),
    [(date(2029, 2, 27), 1), (date(2029, 2, 28), 0), (date(2029, 3, 1), -1)],
)
def test_without_any_pip_date_duos_einddatum_is_still_signalled(as_of, ernst_dagen):
    facts = replace(NIEUW, eerste_pip_datum=None, termijn_einde=date(2029, 3, 1))
    found = {s.soort: s for s in compute_signalen(facts, as_of, POLICY)}
    assert found[Soort.INBURGERINGSTERMIJN].vervaldatum == date(2029, 2, 28)
    assert found[Soort.INBURGERINGSTERMIJN].dagen == ernst_dagen
    assert "einddatum volgens DUO 01-03-2029" in found[Soort.INBURGERINGSTERMIJN].toelichting
    assert Soort.PIP_TERMIJN not in found


@pytest.mark.parametrize(
    ("as_of", "vertrokken"),
    [(date(2026, 8, 31), False), (date(2026, 9, 1), True)],
)
def test_moving_out_ends_the_signalen_from_the_day_of_departure(as_of, vertrokken):
    facts = replace(NIEUW, vertrokken_op=date(2026, 9, 1), vertrek_bestemming="Zwolle")
    assert (compute_signalen(facts, as_of, POLICY) == ()) is vertrokken
    assert (determine_phase(facts, as_of, POLICY) is Fase.UITGESTROOMD) is vertrokken
    beoordeling = assess(facts, as_of, POLICY)
    assert any("naar Zwolle" in r for r in beoordeling.bijzonderheden) is vertrokken


def test_pip_history_merges_the_file_and_orders_by_dagtekening():
    facts = replace(NIEUW, pip_datum=date(2026, 4, 30), niveau=Niveau.B1, pips=(
        Pip(date(2026, 9, 30), Leerroute.Z, Niveau.A1, reden="leerroute-wissel"),))
    historie = pip_historie(facts)
    assert [p.dagtekening for p in historie.alle] == [date(2025, 1, 31), date(2026, 4, 30), date(2026, 9, 30)]
    assert historie.eerste.gemeente == "Utrecht" and historie.gewijzigd
    assert historie.actuele.leerroute is Leerroute.Z
    beoordeling = assess(facts, date(2026, 10, 1), POLICY)
    assert beoordeling.zroute is not None  # the actuele PIP's leerroute applies
    assert beoordeling.datum("actuele_pip").waarde == date(2026, 9, 30)
    assert verhuizing_in(facts).eigen_pip == date(2026, 9, 30)


def test_a_gewijzigd_pip_dated_before_an_earlier_one_is_refused():
    facts = replace(NIEUW, pips=(Pip(date(2026, 5, 1)), Pip(date(2026, 4, 1))))
    meldingen = [b.melding for b in validate_facts(facts, today=date(2026, 6, 1)) if b.veld == "pips"]
    assert any("ligt vóór een eerder PIP (01-05-2026)" in m for m in meldingen)


def test_status_vertrokken_still_gives_no_signalen():
    assert compute_signalen(replace(NIEUW, status=Status.VERTROKKEN), date(2026, 5, 1), POLICY) == ()


# -- a gewijzigd PIP to the onderwijsroute (walkreport item 3) -------------------------------------------------------

from rules.pip import actuele_leerroute  # noqa: E402

SARA = PersonFacts(
    kenmerk="S-1", naam="Sara Test", doelgroep=Doelgroep.ASIELSTATUSHOUDER, geboortedatum=date(1986, 6, 15),
    brp_inschrijving=date(2026, 1, 10), pip_datum=date(2026, 2, 28), leerroute=Leerroute.B1, niveau=Niveau.B1,
)


def _onderwijs_pip(dagtekening: date) -> Pip:
    return Pip(dagtekening, Leerroute.ONDERWIJS, Niveau.B1, reden="leerroute-wissel")


@pytest.mark.parametrize(
    ("geboortedatum", "dagtekening", "waarschuwing"),
    [
        (date(1986, 6, 15), date(2026, 12, 3), "Op 03-12-2026 is de persoon 40 jaar"),  # Sara Khalil, 40
        (date(1998, 12, 3), date(2026, 12, 3), "Op 03-12-2026 is de persoon 28 jaar"),  # 28 on the day: outside "up to 28"
        (date(1998, 12, 4), date(2026, 12, 3), None),  # 27 until tomorrow
        (date(2000, 2, 29), date(2028, 2, 28), None),  # leap-day birthday: 27 on 28-02-2028
        (date(2000, 2, 29), date(2028, 2, 29), "Op 29-02-2028 is de persoon 28 jaar"),
    ],
)
def test_a_gewijzigd_pip_to_the_onderwijsroute_warns_from_28_on_its_dagtekening(geboortedatum, dagtekening, waarschuwing):
    facts = replace(SARA, geboortedatum=geboortedatum, pips=(_onderwijs_pip(dagtekening),))
    assert actuele_leerroute(facts) is Leerroute.ONDERWIJS
    gevonden = [b for b in validate_facts(facts, today=date(2028, 3, 1)) if b.veld == "leerroute" and "onderwijsroute" in b.melding]
    if waarschuwing is None:
        assert gevonden == []
    else:
        assert len(gevonden) == 1 and gevonden[0].ernst == "waarschuwing" and gevonden[0].melding.startswith(waarschuwing)


@pytest.mark.parametrize(
    ("pips", "map_verplicht", "fase"),
    [
        ((), True, Fase.INBURGEREN),
        ((_onderwijs_pip(date(2026, 12, 3)),), False, Fase.AFRONDING),  # PVT signed, no MAP needed on the onderwijsroute
    ],
)
def test_after_a_gewijzigd_pip_to_onderwijs_the_map_is_not_required_and_the_phase_follows(pips, map_verplicht, fase):
    facts = replace(SARA, pips=pips, aanbod_start=date(2026, 4, 1), pvt_ondertekend=date(2026, 11, 1))
    beoordeling = assess(facts, date(2026, 12, 3), Policy())
    assert beoordeling.aanbod.map_verplicht is map_verplicht
    assert determine_phase(facts, date(2026, 12, 3), Policy()) is fase
