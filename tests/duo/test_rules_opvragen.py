"""What DUO's answers do to a dossier (rules/duo_opvragen.py), as tables of cases with exact dates."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from rules.duo_opvragen import DuoPip, DuoPlicht, DuoStand, DuoTermijn, lees_antwoorden, vergelijk
from rules.model import (
    Doelgroep,
    ExamenOnderdeel,
    ExamenPoging,
    ExamenResultaat,
    Leerroute,
    Niveau,
    Ontheffing,
    OntheffingSoort,
    PersonFacts,
    Pip,
    Status,
    Vrijstelling,
    VrijstellingSoort,
)

D = date
FACTS = PersonFacts(kenmerk="IB-1", naam="Testpersoon", doelgroep=Doelgroep.ASIELSTATUSHOUDER, pip_datum=D(2026, 3, 2),
                    leerroute=Leerroute.B1, niveau=Niveau.B1)


@pytest.mark.parametrize(
    ("facts", "termijn", "geschreven", "verschil"),
    [
        # no einddatum from DUO in the dossier yet: DUO's is taken over
        (FACTS, DuoTermijn(D(2026, 3, 3), D(2029, 3, 3)), {"termijn_einde": D(2029, 3, 3)}, None),
        # the same einddatum: nothing to do
        (replace(FACTS, termijn_einde=D(2029, 3, 3)), DuoTermijn(D(2026, 3, 3), D(2029, 3, 3)), {}, None),
        # a different einddatum (DUO extended it): DUO's is the legal final word, written over the dossier's
        (replace(FACTS, termijn_einde=D(2029, 3, 3)), DuoTermijn(D(2026, 3, 3), D(2029, 6, 3)),
         {"termijn_einde": D(2029, 6, 3)}, None),
        # DUO's start is not the day after the first PIP: shown, the start is not a stored fact
        (FACTS, DuoTermijn(D(2026, 3, 4), D(2029, 3, 4)), {"termijn_einde": D(2029, 3, 4)},
         "start inburgeringstermijn: DUO zegt 04-03-2026, regie heeft 03-03-2026 (de dag na het eerste PIP)"),
        # a PIP on 28 February of a leap year: the termijn starts on the leap day, as DUO says
        (replace(FACTS, pip_datum=D(2028, 2, 28)), DuoTermijn(D(2028, 2, 29), D(2031, 3, 1)),
         {"termijn_einde": D(2031, 3, 1)}, None),
    ],
)
def test_duos_termijn_einde_is_the_final_word_and_a_different_start_is_shown(facts, termijn, geschreven, verschil):
    uitkomst = vergelijk(facts, DuoStand(termijn=termijn))
    assert uitkomst.persoon == geschreven
    assert [v.tekst for v in uitkomst.verschillen] == ([verschil] if verschil else [])


@pytest.mark.parametrize(
    ("facts", "plicht", "geschreven", "verschillen"),
    [
        (FACTS, DuoPlicht(True, D(2026, 1, 5), D(2026, 1, 10)),
         {"inburgeringsplicht_start": D(2026, 1, 5), "kennisgeving_duo": D(2026, 1, 10)}, []),
        (replace(FACTS, kennisgeving_duo=D(2026, 1, 10), inburgeringsplicht_start=D(2026, 1, 5)),
         DuoPlicht(True, D(2026, 1, 5), D(2026, 1, 10)), {}, []),
        # the consulent entered another date: shown, not written over
        (replace(FACTS, kennisgeving_duo=D(2026, 1, 11)), DuoPlicht(True, None, D(2026, 1, 10)), {},
         ["kennisgeving DUO: DUO zegt 10-01-2026, regie heeft 11-01-2026"]),
        # DUO has no obligation (any more) while the dossier is active
        (FACTS, DuoPlicht(False, reden_geen="Inburgeringsplicht voldaan"), {},
         ["inburgeringsplicht: DUO zegt geen inburgeringsplicht (Inburgeringsplicht voldaan), regie heeft status actief"]),
        (replace(FACTS, status=Status.AFGEROND), DuoPlicht(False, reden_geen="Inburgeringsplicht voldaan"), {}, []),
    ],
)
def test_the_obligations_dates_fill_empty_facts_and_a_different_one_is_shown(facts, plicht, geschreven, verschillen):
    uitkomst = vergelijk(facts, DuoStand(plicht=plicht))
    assert uitkomst.persoon == geschreven and [v.tekst for v in uitkomst.verschillen] == verschillen


@pytest.mark.parametrize(
    ("facts", "stand", "verschillen"),
    [
        (FACTS, DuoStand(asielstatushouder=True), []),
        (replace(FACTS, doelgroep=Doelgroep.OVERIGE_MIGRANT), DuoStand(asielstatushouder=True),
         ["doelgroep: DUO zegt asielstatushouder, regie heeft overige migrant"]),
        (FACTS, DuoStand(asielstatushouder=False), ["doelgroep: DUO zegt gezinsmigrant of overige migrant, regie heeft "
                                                   "asielstatushouder"]),
        (FACTS, DuoStand(pip=DuoPip(D(2026, 3, 2), Leerroute.B1, Niveau.B1, None, "0363")), []),
        (replace(FACTS, pip_datum=None, leerroute=None, niveau=None),
         DuoStand(pip=DuoPip(D(2026, 3, 2), Leerroute.B1, Niveau.B1, None, "0363")),
         ["PIP: DUO zegt PIP van 02-03-2026, B1-route, niveau B1 (gemeente 0363), regie heeft geen PIP"]),
        (FACTS, DuoStand(pip=DuoPip(D(2026, 3, 3), Leerroute.Z, None, None, "0363")),
         ["PIP, dagtekening: DUO zegt 03-03-2026, regie heeft 02-03-2026",
          "PIP, leerroute: DUO zegt Z-route, regie heeft B1-route"]),
        # DUO holds the gewijzigd PIP the dossier has too: compared with the plan in force, no difference
        (replace(FACTS, pips=(Pip(D(2026, 9, 1), Leerroute.B1, Niveau.A2, reden="afschalen"),)),
         DuoStand(pip=DuoPip(D(2026, 9, 1), Leerroute.B1, Niveau.A2, None, "0363")), []),
        (replace(FACTS, map_eindgesprek=D(2026, 9, 1)), DuoStand(map_eindgesprek=D(2026, 9, 1)), []),
        (FACTS, DuoStand(map_eindgesprek=D(2026, 9, 1)), ["MAP-eindgesprek: DUO zegt 01-09-2026, regie heeft geen datum"]),
        (replace(FACTS, pvt_ondertekend=D(2026, 8, 1)), DuoStand(pvt_ondertekend=D(2026, 8, 2)),
         ["PVT-ondertekening: DUO zegt 02-08-2026, regie heeft 01-08-2026"]),
    ],
)
def test_the_gemeentes_own_facts_are_compared_and_never_written(facts, stand, verschillen):
    uitkomst = vergelijk(facts, stand)
    assert uitkomst.persoon == {} and [v.tekst for v in uitkomst.verschillen] == verschillen


GEPLAND = ExamenPoging(ExamenOnderdeel.SPREKEN, D(2026, 10, 1), ExamenResultaat.GEPLAND)
GEZAKT = ExamenPoging(ExamenOnderdeel.SPREKEN, D(2026, 10, 1), ExamenResultaat.NIET_BEHAALD, Niveau.B1)
GESLAAGD = ExamenPoging(ExamenOnderdeel.SPREKEN, D(2026, 10, 1), ExamenResultaat.BEHAALD, Niveau.B1)


@pytest.mark.parametrize(
    ("eigen", "duo", "nieuw", "uitslag", "verschillen"),
    [
        ((), (GEZAKT,), (GEZAKT,), (), []),
        ((GEPLAND,), (GEZAKT,), (), (GEZAKT,), []),
        ((GEZAKT,), (GEZAKT,), (), (), []),
        ((GESLAAGD,), (GEZAKT,), (), (), ["examen spreken op 01-10-2026: DUO zegt niet behaald, regie heeft behaald"]),
        # another day is another attempt
        ((replace(GEZAKT, datum=D(2026, 9, 30)),), (GEZAKT,), (GEZAKT,), (), []),
    ],
)
def test_exam_results_are_added_fill_a_planned_exam_and_a_different_result_is_shown(eigen, duo, nieuw, uitslag,
                                                                                      verschillen):
    uitkomst = vergelijk(replace(FACTS, examens=eigen), DuoStand(examens=duo))
    assert (uitkomst.examens_nieuw, uitkomst.examens_uitslag) == (nieuw, uitslag)
    assert [v.tekst for v in uitkomst.verschillen] == verschillen


def test_duos_decisions_are_added_once_and_a_gehele_ontheffing_is_shown_against_an_active_file():
    vrij = Vrijstelling(VrijstellingSoort.GEDEELTELIJK, D(2026, 6, 1), "GED", ExamenOnderdeel.LEZEN, Niveau.B1)
    geheel = Ontheffing(OntheffingSoort.GEHEEL, D(2026, 7, 1))
    uitkomst = vergelijk(FACTS, DuoStand(vrijstellingen=(vrij,), ontheffingen=(geheel,)))
    assert (uitkomst.vrijstellingen_nieuw, uitkomst.ontheffingen_nieuw) == ((vrij,), (geheel,))
    assert [v.tekst for v in uitkomst.verschillen] == ["status: DUO zegt gehele ontheffing, regie heeft status actief"]
    known = replace(FACTS, vrijstellingen=(vrij,), ontheffingen=(geheel,), status=Status.ONTHEFFING)
    again = vergelijk(known, DuoStand(vrijstellingen=(vrij,), ontheffingen=(geheel,)))
    assert (again.wijzigt, again.verschillen) == (False, ())


@pytest.mark.parametrize(
    ("vrijstellingen", "aantal", "melding"),
    [
        ([{"GeheleVrijstelling": {"oordeel": "Afwijzing", "reden": "DIP", "datumOordeel": "2026-05-01"}}], 0,
         "DUO wees een verzoek om gehele vrijstelling af (01-05-2026)"),
        ([{"TijdelijkeVrijstelling": {"oordeel": "Toekenning", "reden": "INS", "startdatum": "2026-05-01",
                                      "einddatum": "2026-10-31"}}], 1, None),  # no datumOordeel: the start dates it
        ([{"GeheleVrijstelling": {"oordeel": "Toekenning", "reden": "DIP"}}], 0,
         "DUO meldt een gehele vrijstelling zonder datum; leg die zelf vast als u de datum weet"),
    ],
)
def test_what_duo_reports_without_a_decision_to_record_is_said_not_dropped(vrijstellingen, aantal, melding):
    stand = lees_antwoorden({"vrijstellingen": vrijstellingen})
    assert len(stand.vrijstellingen) == aantal
    assert list(stand.meldingen) == ([melding] if melding else [])
