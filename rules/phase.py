"""Which phase of the chain a person is in, and which facts are missing for the next step.

Phases (in order; checked top to bottom, first match wins):

- ``afgerond``: status afgerond.
- ``uitgestroomd``: status vertrokken, ontheffing, vrijstelling or overleden; or moved out, a gehele
  ontheffing or vrijstelling of DUO (which ends the inburgeringsplicht, rules.ontheffing) or the
  AOW-leeftijd while the status still says actief. ``fase_omschrijving`` names which, so the
  dossier never says "vertrokken" for someone who was exempted.
- ``gezinslid``: status geen_plicht: registered with the household, not (yet) inburgeringsplichtig
  (a child under 16, a nareiziger still to come; rules.huishouden).
- Wi2013 (ondertussengroep, no PIP in this law): ``afronding`` from
  termijn_einde − 6 months (ELIP), else ``inburgeren``.
- ``afronding``: PIP known and either P ≥ TE − 6 months (the last half year
  of the term), or the Z-route is completed, or the PVT is signed and the MAP
  is done (or not required on the onderwijsroute): waiting for DUO.
- ``pip_vastgesteld``: PIP known, no inburgeringsaanbod started on or before
  P, and P is before the aanbod deadline (PIP + 3 months, onderwijsroute + 6).
  After that deadline the person counts as ``inburgeren`` anyway (the
  ``aanbod_start`` signaal shows the missing aanbod).
- ``inburgeren``: PIP known, otherwise.
- ``brede_intake``: no PIP, BRP registration or brede_intake_start known.
- ``gekoppeld``: no PIP, no BRP, koppeling or first AZC visit known.
- ``aangemeld``: none of these dates known ("aangemeld (onvolledig)").
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from enum import StrEnum

from rules.dates import add_months
from rules.model import Leerroute, PersonFacts, Regime, Status
from rules.policy import Policy
from rules.aow import plicht_geeindigd_door_aow
from rules.ontheffing import plicht_status
from rules.pip import actuele_leerroute
from rules.termijn import aanbod_maanden, compute_termijn, ontzorgen_van_toepassing

# The last half year of the term is treated as the afronding phase; the
# same span as ELIP for the old law [004]. A presentation choice, not law.
AFRONDING_MAANDEN = 6


class Fase(StrEnum):
    AANGEMELD = "aangemeld"
    GEKOPPELD = "gekoppeld"
    BREDE_INTAKE = "brede_intake"
    PIP_VASTGESTELD = "pip_vastgesteld"
    INBURGEREN = "inburgeren"
    AFRONDING = "afronding"
    AFGEROND = "afgerond"
    UITGESTROOMD = "uitgestroomd"
    GEZINSLID = "gezinslid"  # outside the chain: no plicht (yet), no signalen

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def rank(self) -> int:
        """Position in the chain, for sorting (aangemeld 0 … uitgestroomd 7; gezinslid, outside the chain, 8)."""
        return list(Fase).index(self)


_LABELS = {
    Fase.AANGEMELD: "aangemeld (onvolledig)",
    Fase.GEKOPPELD: "gekoppeld/AZC",
    Fase.BREDE_INTAKE: "brede intake",
    Fase.PIP_VASTGESTELD: "PIP vastgesteld",
    Fase.INBURGEREN: "inburgeren",
    Fase.AFRONDING: "afronding",
    Fase.AFGEROND: "afgerond",
    Fase.UITGESTROOMD: "vertrokken/uitgestroomd",  # the group's name in counts; one person's: fase_omschrijving
    Fase.GEZINSLID: "gezinslid (geen plicht)",
}


def determine_phase(facts: PersonFacts, as_of: date, policy: Policy) -> Fase:
    """The phase on ``as_of`` (see the module docstring for the definitions)."""
    del policy  # part of the signature so a municipal choice can be added without touching callers
    if facts.status is Status.AFGEROND:
        return Fase.AFGEROND
    if facts.status is Status.GEEN_PLICHT:
        return Fase.GEZINSLID
    if facts.status is not Status.ACTIEF:
        return Fase.UITGESTROOMD
    if facts.vertrokken_op is not None and facts.vertrokken_op <= as_of:
        return Fase.UITGESTROOMD  # moved out (rules.verhuizing)
    if plicht_status(facts, as_of).beeindigd or plicht_geeindigd_door_aow(facts.geboortedatum, as_of):
        return Fase.UITGESTROOMD  # gehele ontheffing/vrijstelling (rules.ontheffing) or AOW age (rules.aow)
    if facts.regime is Regime.WI2013:
        if facts.termijn_einde is not None and as_of >= add_months(facts.termijn_einde, -AFRONDING_MAANDEN):
            return Fase.AFRONDING
        return Fase.INBURGEREN
    termijn = compute_termijn(facts)
    if termijn is not None:
        route = actuele_leerroute(facts)  # the plan in force (rules.pip), as the signalen read it
        if route is not facts.leerroute:
            facts = replace(facts, leerroute=route)
        map_klaar = facts.map_eindgesprek is not None or route is Leerroute.ONDERWIJS
        if (
            as_of >= add_months(termijn.einde, -AFRONDING_MAANDEN)
            or facts.zroute_afgerond is not None
            or (facts.pvt_ondertekend is not None and map_klaar)
        ):
            return Fase.AFRONDING
        aanbod_gestart = facts.aanbod_start is not None and facts.aanbod_start <= as_of
        if not aanbod_gestart and as_of < add_months(termijn.pip_datum, aanbod_maanden(facts)):
            return Fase.PIP_VASTGESTELD
        return Fase.INBURGEREN
    if facts.brp_inschrijving is not None or facts.brede_intake_start is not None:
        return Fase.BREDE_INTAKE
    if facts.koppeling is not None or facts.eerste_azc_bezoek is not None:
        return Fase.GEKOPPELD
    return Fase.AANGEMELD


_STATUS_REDEN = {
    Status.VERTROKKEN: "vertrokken",
    Status.ONTHEFFING: "ontheffing",
    Status.VRIJSTELLING: "vrijstelling",
    Status.OVERLEDEN: "overleden",
}


def uitstroom_reden(facts: PersonFacts, as_of: date) -> str | None:
    """Why the person is out of the chain on ``as_of`` in a few Dutch words ("gehele ontheffing"), or None.

    Checked in the order of ``determine_phase``: the recorded status, the vertrek, DUO's gehele ontheffing or
    vrijstelling (the inburgeringsplicht ends: rules.ontheffing), the AOW-leeftijd (rules.aow).
    """
    if facts.status in _STATUS_REDEN:
        return _STATUS_REDEN[facts.status]
    if facts.status is not Status.ACTIEF:
        return None
    if facts.vertrokken_op is not None and facts.vertrokken_op <= as_of:
        return "vertrokken"
    plicht = plicht_status(facts, as_of)
    if plicht.beeindigd:
        return plicht.beeindigd_door
    if plicht_geeindigd_door_aow(facts.geboortedatum, as_of):
        return "AOW-leeftijd bereikt"
    return None


def fase_omschrijving(fase: Fase, facts: PersonFacts, as_of: date) -> str:
    """The phase as the dossier and the caseload name it: ``uitgestroomd`` says why ("uitgestroomd: gehele ontheffing")."""
    if fase is Fase.UITGESTROOMD:
        reden = uitstroom_reden(facts, as_of)
        if reden:
            return f"uitgestroomd: {reden}"
    return fase.label


def effectieve_status(facts: PersonFacts, as_of: date) -> Status:
    """The status as the law has it on ``as_of``: a file still marked actief after DUO's gehele ontheffing or
    vrijstelling is ``ontheffing`` or ``vrijstelling`` (the decision ends the obligation; rules.ontheffing)."""
    if facts.status is not Status.ACTIEF:
        return facts.status
    plicht = plicht_status(facts, as_of)
    if plicht.beeindigd:
        return Status.ONTHEFFING if plicht.beeindigd_door == "gehele ontheffing" else Status.VRIJSTELLING
    return facts.status


def missing_facts(facts: PersonFacts) -> tuple[str, ...]:
    """Dutch names of the facts needed for the next step; empty when nothing is missing.

    Only for people with status actief; others need nothing more.
    """
    if facts.status is not Status.ACTIEF:
        return ()
    missing: list[str] = []
    if not (facts.consulent or "").strip():
        missing.append("consulent")
    if facts.regime is Regime.WI2013:
        if facts.termijn_einde is None:
            missing.append("einddatum termijn (Wi2013)")
        return tuple(missing)
    if facts.brp_inschrijving is None:
        if facts.koppeling is None and facts.eerste_azc_bezoek is None and facts.pip_datum is None:
            missing.append("koppeling, AZC-bezoek of BRP-inschrijving")
        else:
            # The PIP deadline runs from the BRP registration, and DUO checks the PIP against it.
            missing.append("BRP-inschrijving")
    elif facts.kennisgeving_duo is None and facts.pip_datum is None:
        missing.append("kennisgeving DUO")
    if facts.pip_datum is not None:
        if facts.leerroute is None:
            missing.append("leerroute")
        if ontzorgen_van_toepassing(facts) and facts.ontzorgen_start is None:
            missing.append("start ontzorgen")
    return tuple(missing)
