"""The phase in the chain and the facts missing for the next step."""

from datetime import date

import pytest

from rules.model import Doelgroep, Leerroute, PersonFacts, Regime, Status
from rules.phase import Fase, determine_phase, missing_facts
from rules.policy import Policy

POLICY = Policy()
PIP = date(2026, 3, 1)


def person(**kw) -> PersonFacts:
    kw.setdefault("kenmerk", "T-1")
    kw.setdefault("naam", "Test Persoon")
    kw.setdefault("doelgroep", Doelgroep.ASIELSTATUSHOUDER)
    return PersonFacts(**kw)


@pytest.mark.parametrize(
    ("facts", "as_of", "fase"),
    [
        (person(), date(2026, 1, 1), Fase.AANGEMELD),
        (person(kennisgeving_duo=date(2025, 12, 1)), date(2026, 1, 1), Fase.AANGEMELD),
        (person(koppeling=date(2025, 11, 1)), date(2026, 1, 1), Fase.GEKOPPELD),
        (person(eerste_azc_bezoek=date(2025, 11, 15)), date(2026, 1, 1), Fase.GEKOPPELD),
        (person(koppeling=date(2025, 11, 1), brede_intake_start=date(2025, 12, 1)), date(2026, 1, 1), Fase.BREDE_INTAKE),
        (person(brp_inschrijving=date(2026, 1, 10)), date(2026, 2, 1), Fase.BREDE_INTAKE),
        (person(pip_datum=PIP), date(2026, 3, 1), Fase.PIP_VASTGESTELD),
        (person(pip_datum=PIP), date(2026, 5, 31), Fase.PIP_VASTGESTELD),
        (person(pip_datum=PIP), date(2026, 6, 1), Fase.INBURGEREN),  # aanbod deadline passed
        (person(pip_datum=PIP, leerroute=Leerroute.ONDERWIJS), date(2026, 8, 31), Fase.PIP_VASTGESTELD),
        (person(pip_datum=PIP, leerroute=Leerroute.ONDERWIJS), date(2026, 9, 1), Fase.INBURGEREN),
        (person(pip_datum=PIP, aanbod_start=date(2026, 4, 1)), date(2026, 3, 31), Fase.PIP_VASTGESTELD),
        (person(pip_datum=PIP, aanbod_start=date(2026, 4, 1)), date(2026, 4, 1), Fase.INBURGEREN),
        (person(doelgroep=Doelgroep.GEZINSMIGRANT, pip_datum=PIP), date(2026, 7, 1), Fase.INBURGEREN),
        # TE 02-03-2029; the last half year starts 02-09-2028
        (person(pip_datum=PIP, aanbod_start=PIP), date(2028, 9, 1), Fase.INBURGEREN),
        (person(pip_datum=PIP, aanbod_start=PIP), date(2028, 9, 2), Fase.AFRONDING),
        (person(pip_datum=PIP, aanbod_start=PIP, termijn_einde=date(2029, 9, 2)), date(2028, 9, 2), Fase.INBURGEREN),
        (person(pip_datum=PIP, aanbod_start=PIP, leerroute=Leerroute.Z, zroute_afgerond=date(2027, 1, 1)), date(2027, 2, 1), Fase.AFRONDING),
        (person(pip_datum=PIP, aanbod_start=PIP, leerroute=Leerroute.B1, pvt_ondertekend=date(2027, 1, 1)), date(2027, 2, 1), Fase.INBURGEREN),
        (person(pip_datum=PIP, aanbod_start=PIP, leerroute=Leerroute.B1, pvt_ondertekend=date(2027, 1, 1), map_eindgesprek=date(2027, 1, 5)), date(2027, 2, 1), Fase.AFRONDING),
        (person(pip_datum=PIP, aanbod_start=PIP, leerroute=Leerroute.ONDERWIJS, pvt_ondertekend=date(2027, 1, 1)), date(2027, 2, 1), Fase.AFRONDING),
        (person(regime=Regime.WI2013, termijn_einde=date(2026, 9, 1)), date(2026, 2, 28), Fase.INBURGEREN),
        (person(regime=Regime.WI2013, termijn_einde=date(2026, 9, 1)), date(2026, 3, 1), Fase.AFRONDING),
        (person(regime=Regime.WI2013), date(2026, 3, 1), Fase.INBURGEREN),
        (person(status=Status.AFGEROND, pip_datum=PIP), date(2027, 1, 1), Fase.AFGEROND),
        (person(status=Status.VERTROKKEN, pip_datum=PIP), date(2027, 1, 1), Fase.UITGESTROOMD),
        (person(status=Status.ONTHEFFING), date(2027, 1, 1), Fase.UITGESTROOMD),
        (person(status=Status.OVERLEDEN), date(2027, 1, 1), Fase.UITGESTROOMD),
    ],
)
def test_determine_phase(facts, as_of, fase):
    assert determine_phase(facts, as_of, POLICY) is fase


def test_phases_have_dutch_labels_in_chain_order():
    assert [f.label for f in sorted(Fase, key=lambda f: f.rank)] == [
        "aangemeld (onvolledig)", "gekoppeld/AZC", "brede intake", "PIP vastgesteld",
        "inburgeren", "afronding", "afgerond", "vertrokken/uitgestroomd", "gezinslid (geen plicht)",
    ]


@pytest.mark.parametrize(
    ("facts", "missing"),
    [
        (person(), ("consulent", "koppeling, AZC-bezoek of BRP-inschrijving")),
        (person(consulent="Anouk", koppeling=date(2025, 11, 1)), ("BRP-inschrijving",)),
        (person(consulent="Anouk", brp_inschrijving=date(2026, 1, 10)), ("kennisgeving DUO",)),
        (person(consulent="Anouk", brp_inschrijving=date(2026, 1, 10), kennisgeving_duo=date(2026, 1, 5)), ()),
        (person(consulent="Anouk", brp_inschrijving=date(2026, 1, 10), pip_datum=PIP), ("leerroute",)),
        (person(consulent="Anouk", pip_datum=PIP, leerroute=Leerroute.B1), ("BRP-inschrijving",)),
        (person(consulent="Anouk", brp_inschrijving=date(2026, 1, 10), pip_datum=PIP, leerroute=Leerroute.B1, bijstand=True), ("start ontzorgen",)),
        (person(consulent="  ", brp_inschrijving=date(2026, 1, 10), pip_datum=PIP, leerroute=Leerroute.Z), ("consulent",)),
        (person(consulent="Anouk", regime=Regime.WI2013), ("einddatum termijn (Wi2013)",)),
        (person(status=Status.VERTROKKEN), ()),
    ],
)
def test_missing_facts_names_what_the_next_step_needs(facts, missing):
    assert missing_facts(facts) == missing
