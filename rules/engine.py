"""The rule engine: what applies to a person, their key dates, Z-route progress and signalen.

Everything is computed from a frozen :class:`PersonFacts`, the date reasoned
about (``as_of``, "P" below) and the municipal :class:`Policy`. Each answer
carries a Dutch ``toelichting`` that names the rule and the dates it used.

Signalen (only for status actief; T0, TE and L as in :mod:`rules.termijn`):

=====================  =====================================================  ===============================
soort                  when                                                   vervaldatum
=====================  =====================================================  ===============================
pip_termijn            Wi2021, no PIP, BRP known                              max(BRP, kennisgeving) + 70 days
inburgeringstermijn    Wi2021, PIP                                            L
aanbod_start           asielstatushouder, Wi2021, PIP, no aanbod_start        PIP + 3 months (onderwijs: 6)
leerroute_wissel       Wi2021, PIP, leerroute B1 or Z, P <= the date          PIP + 18 months
ontzorgen_einde        asielstatushouder, not nareiziger, bijstand, start     start + months (policy default)
pvt                    Wi2021, PIP, PVT not signed                            L
map                    Wi2021, PIP, leerroute not onderwijs, no MAP           L
voortgangsgesprek      Wi2021, PIP                                            (last gesprek <= P, or PIP) + interval
zroute_uren            Wi2021, PIP, leerroute Z, not completed                L
zroute_achterstand     as zroute_uren, and hours < drempel x even pace        P
elip                   Wi2013, termijn_einde known, P >= einde − 6 months     termijn_einde − 1 day
verlenging_overwegen   termijn runs, ground on file or aanbod late            L
examen_uitslag         a planned exam before P without a result               earliest such exam + 1 day
leerbaarheidstoets     Wi2021, no PIP, no toets and no vrijstelling, BRP      PIP deadline
aow_leeftijd           P >= AOW date − 6 months                               AOW date
vrijstelling_einde     tijdelijke vrijstelling runs on P, einde known         einde + 1 day (plicht hervat)
=====================  =====================================================  ===============================

No signaal at all (the dossier says why, in ``Beoordeling.bijzonderheden``) once
the person moved out (``vertrokken_op`` <= P), DUO granted a gehele ontheffing or
vrijstelling, or the AOW age is reached; during a tijdelijke vrijstelling only
``vrijstelling_einde``. The PIP dates follow :mod:`rules.pip`: termijn, aanbod
limit and leerroute-wissel from the first PIP, leerroute and niveau from the
actuele PIP. A person who moved in keeps the first PIP's termijn; without any PIP
date, DUO's einddatum still gives ``inburgeringstermijn``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from rules.constants import (
    AANBOD_MAANDEN,
    AANBOD_MAANDEN_ONDERWIJS,
    ELIP_MAANDEN,
    LEERROUTE_ONDERDELEN,
    LEERROUTE_WISSEL_MAANDEN,
    PVT_MINIMUM_UREN,
    ZROUTE_UREN_PARTICIPATIE,
    ZROUTE_UREN_TAAL_KNM,
)
from rules.afgeleid import per_dag, per_facts
from rules.dates import add_months, format_date, format_hours
from rules.aow import AOW_WAARSCHUWING_MAANDEN, aow_datum, plicht_geeindigd_door_aow
from rules.examens import OnderdeelStand, examen_stand, ontbrekende_uitslagen, uitslag_herinnering_datum
from rules.leerbaarheidstoets import leerbaarheidstoets_stand
from rules.model import Alfabetisering, Doelgroep, Leerroute, PersonFacts, Regime, Status
from rules.ontheffing import participatie_uren_max, plicht_status
from rules.pip import pip_historie
from rules.verhuizing import is_verhuisd_in, verhuizing_in, vertrek
from rules.verlenging import verlenging_advies
from rules.phase import Fase, determine_phase, missing_facts
from rules.policy import Policy
from rules.termijn import (
    ONE_DAY,
    Termijn,
    compute_aanbod_uiterlijk,
    compute_pip_uiterlijk,
    compute_termijn,
    aanbod_te_laat,
    ontzorgen_grond,
    ontzorgen_van_toepassing,
    participatie_uren_van_toepassing,
)

# A signaal's explanation is written only when someone reads it: the monitor counts signalen by soort and
# vervaldatum for thousands of files and needs none of the texts (see :func:`signaal_vervaldatums`).
_Tekst = Callable[[], str]


# Floating-point slack when comparing hours with the achterstand threshold, so
# that hours exactly at the threshold never count as behind.
_UREN_EPSILON = 1e-9


class Soort(StrEnum):
    """The kinds of signaal; the values are the ``soort`` strings."""

    PIP_TERMIJN = "pip_termijn"
    INBURGERINGSTERMIJN = "inburgeringstermijn"
    AANBOD_START = "aanbod_start"
    LEERROUTE_WISSEL = "leerroute_wissel"
    ONTZORGEN_EINDE = "ontzorgen_einde"
    PVT = "pvt"
    MAP = "map"
    VOORTGANGSGESPREK = "voortgangsgesprek"
    ZROUTE_UREN = "zroute_uren"
    ZROUTE_ACHTERSTAND = "zroute_achterstand"
    ELIP = "elip"
    VERLENGING = "verlenging_overwegen"
    EXAMEN_UITSLAG = "examen_uitslag"
    LEERBAARHEIDSTOETS = "leerbaarheidstoets"
    AOW = "aow_leeftijd"
    VRIJSTELLING_EINDE = "vrijstelling_einde"


SOORT_LABELS: dict[str, str] = {
    Soort.PIP_TERMIJN: "PIP vaststellen",
    Soort.INBURGERINGSTERMIJN: "einde inburgeringstermijn",
    Soort.AANBOD_START: "inburgeringsaanbod starten",
    Soort.LEERROUTE_WISSEL: "laatste dag leerroute wisselen",
    Soort.ONTZORGEN_EINDE: "einde ontzorgen",
    Soort.PVT: "PVT afronden",
    Soort.MAP: "MAP afronden",
    Soort.VOORTGANGSGESPREK: "voortgangsgesprek",
    Soort.ZROUTE_UREN: "Z-route uren",
    Soort.ZROUTE_ACHTERSTAND: "achterstand Z-route uren",
    Soort.ELIP: "ELIP: einde oude termijn",
    Soort.VERLENGING: "verlenging overwegen",
    Soort.EXAMEN_UITSLAG: "examenuitslag ontbreekt",
    Soort.LEERBAARHEIDSTOETS: "leerbaarheidstoets afnemen",
    Soort.AOW: "AOW-leeftijd: plicht eindigt",
    Soort.VRIJSTELLING_EINDE: "einde tijdelijke vrijstelling",
}


class Ernst(StrEnum):
    """How pressing a signaal is; ``rank`` 0 is the most pressing."""

    VERLOPEN = "verlopen"
    URGENT = "urgent"
    BINNENKORT = "binnenkort"
    GEPLAND = "gepland"

    @property
    def label(self) -> str:
        return self.value

    @property
    def rank(self) -> int:
        return _ERNST_RANK[self]


_ERNST_RANK = {Ernst.VERLOPEN: 0, Ernst.URGENT: 1, Ernst.BINNENKORT: 2, Ernst.GEPLAND: 3}


def ernst_for(dagen: int, policy: Policy) -> Ernst:
    """verlopen below 0 days, urgent up to the policy's urgent days, binnenkort up to its binnenkort days."""
    if dagen < 0:
        return Ernst.VERLOPEN
    if dagen <= policy.ernst_urgent_dagen:
        return Ernst.URGENT
    if dagen <= policy.ernst_binnenkort_dagen:
        return Ernst.BINNENKORT
    return Ernst.GEPLAND


@dataclass(frozen=True)
class Signaal:
    """A deadline that needs the consulent's attention."""

    soort: str
    vervaldatum: date
    dagen: int  # vervaldatum − as_of in days; negative when overdue
    ernst: Ernst
    toelichting: str

    @property
    def label(self) -> str:
        return SOORT_LABELS.get(self.soort, self.soort)


def most_pressing(signalen: Iterable[Signaal]) -> Signaal | None:
    """The signaal to show first: worst ernst, then earliest vervaldatum, then soort."""
    return min(signalen, key=lambda s: (s.ernst.rank, s.vervaldatum, str(s.soort)), default=None)


@dataclass(frozen=True)
class Datum:
    """A key date with how it was derived; ``waarde`` None when it cannot be known yet."""

    sleutel: str
    label: str
    waarde: date | None
    toelichting: str


@dataclass(frozen=True)
class Aanbod:
    """What the municipality offers and what is required (DOMAIN "What the municipality offers")."""

    maatschappelijke_begeleiding: bool
    ontzorgen: bool
    leerroute_betaald: bool  # the course is paid by the municipality
    alfabetisering_betaald: bool
    map_verplicht: bool
    pvt_verplicht: bool
    participatie_componenten: bool  # other participation components in the PIP
    participatie_uren_800: bool  # the Z-route's 800 participation hours apply
    leerroute_onderdelen: tuple[str, ...]
    toelichting: tuple[str, ...]


@dataclass(frozen=True)
class ZrouteTeller:
    """Progress on one 800-hour target of the Z-route."""

    label: str
    uren: float
    doel: int
    resterend: float
    verwacht: float | None  # at an even pace on as_of; None without a PIP
    drempel_uren: float | None  # below this: achterstand
    prognose: date | None  # completion at the current pace; None without hours or when reached
    achterstand: bool


@dataclass(frozen=True)
class ZrouteVoortgang:
    """Z-route hours: DUO's three counters and progress on the two 800-hour targets."""

    uren_taal_knm: float
    uren_taal_knm_brede_intake: float
    uren_participatie: float
    brede_intake_telt_mee: bool
    participatie_van_toepassing: bool
    taal_knm: ZrouteTeller
    participatie: ZrouteTeller | None  # None when the 800 participation hours do not apply
    verstreken_dagen: int | None  # days from T0 up to and including as_of, clamped to the term
    totaal_dagen: int | None  # days from T0 to TE
    afgerond: date | None
    # Why the hours no longer have to be met (a gehele ontheffing or vrijstelling, a vertrek, the AOW-leeftijd):
    # then no pace is expected and there is no achterstand. Empty while the obligation runs.
    gestopt: str = ""


@dataclass(frozen=True)
class Beoordeling:
    """The engine's whole answer for one person on one date."""

    kenmerk: str
    as_of: date
    fase: Fase
    ontbreekt: tuple[str, ...]
    termijn: Termijn | None
    aanbod: Aanbod
    datums: tuple[Datum, ...]
    zroute: ZrouteVoortgang | None
    signalen: tuple[Signaal, ...]
    # issue 18: exam state per onderdeel, and why the obligation stopped or changed (Dutch, for the dossier)
    examens: tuple[OnderdeelStand, ...] = ()
    bijzonderheden: tuple[str, ...] = ()

    @property
    def meest_urgent(self) -> Signaal | None:
        return most_pressing(self.signalen)

    def datum(self, sleutel: str) -> Datum | None:
        return next((d for d in self.datums if d.sleutel == sleutel), None)


# --- effective facts ---------------------------------------------------------


@per_facts
def effectieve_facts(facts: PersonFacts) -> PersonFacts:
    """The facts as the rules read them, with the PIP history applied (:mod:`rules.pip`).

    ``pip_datum`` becomes the first PIP anywhere (termijn, aanbod limit, leerroute-wissel:
    Wi2021 art. 11 lid 3); leerroute, niveau and alfabetisering come from the actuele PIP.
    Without a PIP history the facts come back unchanged.
    """
    historie = pip_historie(facts)
    eerste, actueel = historie.eerste, historie.actuele
    if eerste is None or actueel is None:
        return facts
    changes = {}
    if facts.pip_datum != eerste.dagtekening:
        changes["pip_datum"] = eerste.dagtekening
    for veld in ("leerroute", "niveau", "alfabetisering"):
        waarde = getattr(actueel, veld)
        if waarde is not None and waarde != getattr(facts, veld):
            changes[veld] = waarde
    return replace(facts, **changes) if changes else facts


# --- aanbod -------------------------------------------------------------------


def compute_aanbod(facts: PersonFacts) -> Aanbod:
    """What applies to this person, per doelgroep, regime and leerroute."""
    facts = effectieve_facts(facts)
    asiel = facts.doelgroep is Doelgroep.ASIELSTATUSHOUDER
    wi2021 = facts.regime is Regime.WI2021
    redenen: list[str] = []
    if asiel:
        redenen.append("Asielstatushouder: maatschappelijke begeleiding en de leerroute worden door de gemeente betaald.")
    else:
        redenen.append(
            f"{facts.doelgroep.label.capitalize()}: intake, PIP, MAP en PVT via de gemeente; "
            "de cursus betaalt de inburgeraar zelf (lening DUO)."
        )
    ontzorgen_beslissing = ontzorgen_grond(facts)
    ontzorgen = ontzorgen_beslissing.van_toepassing
    if asiel and (facts.nareiziger or facts.verblijfsvergunning is not None):
        redenen.append(ontzorgen_beslissing.toelichting)  # which rule of Pw art. 56a applied
    elif asiel and not ontzorgen:
        redenen.append("Geen financieel ontzorgen: geen bijstandsuitkering.")
    participatie = participatie_uren_van_toepassing(facts)
    if not asiel:
        redenen.append(
            "Participatieonderdelen gelden: ontvangt bijstand."
            if participatie
            else "Participatieonderdelen gelden niet: geen bijstandsuitkering."
        )
    if not wi2021:
        redenen.append("Wi2013 (ondertussengroep): ondersteuning in de geest van de nieuwe wet, geen PIP of leerroute.")
    map_verplicht = wi2021 and facts.leerroute is not Leerroute.ONDERWIJS
    if wi2021 and facts.leerroute is Leerroute.ONDERWIJS:
        redenen.append("Onderwijsroute: vrijgesteld van de MAP.")
    return Aanbod(
        maatschappelijke_begeleiding=asiel,
        ontzorgen=ontzorgen,
        leerroute_betaald=asiel and wi2021,
        alfabetisering_betaald=asiel and wi2021 and facts.alfabetisering in (Alfabetisering.A, Alfabetisering.AA),
        map_verplicht=map_verplicht,
        pvt_verplicht=wi2021,
        participatie_componenten=participatie,
        participatie_uren_800=wi2021 and facts.leerroute is Leerroute.Z and participatie,
        leerroute_onderdelen=LEERROUTE_ONDERDELEN.get(facts.leerroute, ()) if facts.leerroute else (),
        toelichting=tuple(redenen),
    )


# --- datums -------------------------------------------------------------------


def _ontzorgen_maanden(facts: PersonFacts, policy: Policy) -> tuple[int, str]:
    if facts.ontzorgen_maanden is not None:
        return facts.ontzorgen_maanden, "vastgelegd in het PIP"
    return policy.ontzorgen_standaard_maanden, "standaard van de gemeente"


def _ontzorgen_einde(facts: PersonFacts, policy: Policy) -> tuple[date, _Tekst] | None:
    """The end of ontzorgen, with its explanation written when asked for."""
    if not ontzorgen_van_toepassing(facts) or facts.ontzorgen_start is None:
        return None
    maanden, bron = _ontzorgen_maanden(facts, policy)
    einde = add_months(facts.ontzorgen_start, maanden)
    return einde, lambda: (
        f"Ontzorgen gestart {format_date(facts.ontzorgen_start)} voor {maanden} maanden ({bron}); "
        f"loopt af op {format_date(einde)}"
    )


def _leerroute_wissel(facts: PersonFacts) -> tuple[date, _Tekst] | None:
    """The last day to switch leerroute, with its explanation written when asked for."""
    if facts.regime is not Regime.WI2021 or facts.pip_datum is None:
        return None
    uiterlijk = add_months(facts.pip_datum, LEERROUTE_WISSEL_MAANDEN)

    def tekst() -> str:
        route = f" met de {facts.leerroute.label}" if facts.leerroute else ""
        regel = (
            f"PIP van {format_date(facts.pip_datum)}{route}; wisselen van leerroute kan tot "
            f"{LEERROUTE_WISSEL_MAANDEN} maanden na het PIP: {format_date(uiterlijk)}"
        )
        if facts.leerroute is Leerroute.ONDERWIJS:
            regel += " (van onderwijsroute naar B1-route kan altijd)"
        return regel

    return uiterlijk, tekst


def _aanbod_tekst(facts: PersonFacts, uiterlijk: date) -> str:
    maanden = AANBOD_MAANDEN_ONDERWIJS if facts.leerroute is Leerroute.ONDERWIJS else AANBOD_MAANDEN
    route = " (onderwijsroute)" if facts.leerroute is Leerroute.ONDERWIJS else ""
    return (
        f"PIP van {format_date(facts.pip_datum)}; het inburgeringsaanbod moet binnen {maanden} maanden "
        f"starten{route}: uiterlijk {format_date(uiterlijk)}"
    )


def compute_datums(facts: PersonFacts, as_of: date, policy: Policy) -> tuple[Datum, ...]:
    """The key dates of the chain with their derivation."""
    origineel = facts
    facts = effectieve_facts(facts)
    datums: list[Datum] = []
    if facts.regime is Regime.WI2013:
        if facts.termijn_einde is not None:
            einde = facts.termijn_einde
            laatste = einde - ONE_DAY
            elip = add_months(einde, -ELIP_MAANDEN)
            datums += [
                Datum("termijn_einde", "einde termijn (Wi2013)", einde,
                      f"Einddatum volgens DUO {format_date(einde)} (laatste dag {format_date(laatste)})"),
                Datum("termijn_laatste_dag", "laatste dag termijn", laatste,
                      f"De dag vóór de einddatum {format_date(einde)}"),
                Datum("elip_start", "start ELIP", elip,
                      f"ELIP: de laatste {ELIP_MAANDEN} maanden vóór de einddatum {format_date(einde)}"),
            ]
        else:
            datums.append(Datum("termijn_einde", "einde termijn (Wi2013)", None, "Einddatum van de oude termijn onbekend"))
    else:
        pip = compute_pip_uiterlijk(facts)
        if pip is not None:
            tekst = pip.toelichting
            if facts.pip_datum is not None:
                tekst += f"; PIP vastgesteld op {format_date(facts.pip_datum)}"
            datums.append(Datum("pip_uiterlijk", "PIP uiterlijk", pip.datum, tekst))
        else:
            datums.append(Datum("pip_uiterlijk", "PIP uiterlijk", None,
                                "BRP-inschrijving onbekend; het PIP moet 10 weken na de inschrijving (of de latere kennisgeving DUO) klaar zijn"))
        termijn = compute_termijn(facts)
        if termijn is not None:
            datums += [
                Datum("termijn_start", "start inburgeringstermijn", termijn.start, termijn.toelichting),
                Datum("termijn_einde", "einde inburgeringstermijn", termijn.einde, termijn.toelichting),
                Datum("termijn_laatste_dag", "laatste dag inburgeringstermijn", termijn.laatste_dag, termijn.toelichting),
            ]
        else:
            geen = "Nog geen PIP; de termijn start de dag na de dagtekening van het PIP en duurt 3 jaar"
            datums += [
                Datum("termijn_start", "start inburgeringstermijn", None, geen),
                Datum("termijn_einde", "einde inburgeringstermijn", None, geen),
                Datum("termijn_laatste_dag", "laatste dag inburgeringstermijn", None, geen),
            ]
        wissel = _leerroute_wissel(facts)
        datums.append(
            Datum("leerroute_wissel", "leerroute wisselen uiterlijk", wissel[0], wissel[1]())
            if wissel
            else Datum("leerroute_wissel", "leerroute wisselen uiterlijk", None,
                       f"Nog geen PIP; wisselen kan tot {LEERROUTE_WISSEL_MAANDEN} maanden na het PIP")
        )
        if facts.doelgroep is Doelgroep.ASIELSTATUSHOUDER:
            aanbod = compute_aanbod_uiterlijk(facts)
            if aanbod is not None:
                tekst = _aanbod_tekst(facts, aanbod)
                if facts.aanbod_start is not None:
                    tekst += f"; gestart op {format_date(facts.aanbod_start)}"
                datums.append(Datum("aanbod_uiterlijk", "inburgeringsaanbod uiterlijk", aanbod, tekst))
            else:
                datums.append(Datum("aanbod_uiterlijk", "inburgeringsaanbod uiterlijk", None,
                                    "Nog geen PIP; het aanbod moet binnen 3 maanden na het PIP starten (onderwijsroute 6)"))
    if ontzorgen_van_toepassing(facts):
        einde_ontzorgen = _ontzorgen_einde(facts, policy)
        if einde_ontzorgen is not None:
            datums.append(Datum("ontzorgen_einde", "einde ontzorgen", einde_ontzorgen[0], einde_ontzorgen[1]()))
        else:
            maanden, bron = _ontzorgen_maanden(facts, policy)
            datums.append(Datum("ontzorgen_einde", "einde ontzorgen", None,
                                f"Start ontzorgen onbekend; duur {maanden} maanden ({bron})"))
    datums += _datums_issue18(origineel, facts, as_of)
    return tuple(datums)


def _datums_issue18(origineel: PersonFacts, facts: PersonFacts, as_of: date) -> list[Datum]:
    """PIP history, verhuizing, leerbaarheidstoets, AOW age and departure (issue 18)."""
    out: list[Datum] = []
    historie = pip_historie(origineel)
    if historie.gewijzigd and historie.actuele is not None:
        out.append(Datum("actuele_pip", "actuele PIP", historie.actuele.dagtekening, historie.toelichting))
    verhuisd = verhuizing_in(origineel)
    if verhuisd is not None:
        out.append(Datum("verhuisd_in", "verhuisd naar deze gemeente", verhuisd.verhuisd_in, verhuisd.toelichting))
        if compute_termijn(facts) is None and facts.termijn_einde is not None:
            einde = facts.termijn_einde
            out.append(Datum("termijn_einde_duo", "einde inburgeringstermijn (DUO)", einde,
                             f"Einddatum volgens DUO {format_date(einde)} (laatste dag {format_date(einde - ONE_DAY)}); "
                             "de termijn van het eerste PIP loopt door na de verhuizing (Wi2021 art. 11 lid 3)"))
    if facts.regime is Regime.WI2021:
        lbt = leerbaarheidstoets_stand(origineel)
        recorded = origineel.leerbaarheidstoets is not None or origineel.leerbaarheidstoets_vrijstelling is not None
        if lbt is not None and (recorded or facts.pip_datum is None):
            out.append(Datum("leerbaarheidstoets", "leerbaarheidstoets", lbt.gedaan, lbt.toelichting))
    if facts.geboortedatum is not None:
        aow = aow_datum(facts.geboortedatum)
        if as_of >= aow.waarschuwing_vanaf:  # the dossier says so from six months before (DUO SS128)
            tekst = (aow.toelichting + f"; de inburgeringsplicht geldt tot de AOW-leeftijd "
                     f"(DUO meldt het {AOW_WAARSCHUWING_MAANDEN} maanden vooraf)")
            out.append(Datum("aow_datum", "AOW-leeftijd", aow.datum, tekst))
    weg = vertrek(origineel, as_of)
    if weg is not None:
        out.append(Datum("vertrokken_op", "vertrokken", weg.datum, weg.toelichting))
    return out


# --- Z-route ------------------------------------------------------------------


def _elapsed_days(termijn: Termijn, as_of: date) -> int:
    """Days from T0 up to and including as_of, clamped to [0, total]."""
    return min(max((as_of - termijn.start).days + 1, 0), max(termijn.totaal_dagen, 0))


def _prognose(uren: float, doel: int, termijn: Termijn, as_of: date) -> date | None:
    """The day the target is reached if the pace since T0 continues; None without hours or once reached."""
    dagen = (as_of - termijn.start).days + 1
    if uren <= 0 or dagen <= 0 or uren >= doel:
        return None
    needed = math.ceil(doel * dagen / uren - _UREN_EPSILON)
    try:
        return termijn.start + timedelta(days=needed - 1)
    except OverflowError:
        return None


def _teller(label: str, uren: float, doel: int, termijn: Termijn | None, as_of: date, policy: Policy) -> ZrouteTeller:
    uren = float(uren)
    resterend = max(doel - uren, 0.0)
    if termijn is None or termijn.totaal_dagen <= 0:
        return ZrouteTeller(label, uren, doel, resterend, None, None, None, False)
    elapsed = _elapsed_days(termijn, as_of)
    verwacht = doel * elapsed / termijn.totaal_dagen
    drempel = policy.zroute_achterstand_drempel * verwacht
    achterstand = elapsed > 0 and uren < drempel - _UREN_EPSILON
    return ZrouteTeller(label, uren, doel, resterend, verwacht, drempel,
                        _prognose(uren, doel, termijn, as_of), achterstand)


def zroute_taal_knm_uren(facts: PersonFacts, policy: Policy) -> float:
    """Taal/KNM hours counted towards the 800: brede-intake hours only if the policy says so."""
    uren = facts.uren.taal_knm
    if policy.brede_intake_uren_tellen_mee:
        uren += facts.uren.taal_knm_brede_intake
    return uren


@per_dag
def compute_zroute(facts: PersonFacts, as_of: date, policy: Policy) -> ZrouteVoortgang | None:
    """Z-route progress, or None when the leerroute is not Z.

    A partial ontheffing that caps the participation hours (DUO's
    urenBelastbaarheidParticipatieactiviteit) lowers that target; a cap of 0 drops it.
    """
    facts = effectieve_facts(facts)
    if facts.leerroute is not Leerroute.Z:
        return None
    termijn = compute_termijn(facts)
    gestopt = _gestopt(facts, as_of)
    tempo_termijn = None if gestopt else termijn  # no pace to keep once the obligation has ended
    participatie = participatie_uren_van_toepassing(facts)
    cap = participatie_uren_max(facts, as_of)
    doel_participatie = ZROUTE_UREN_PARTICIPATIE if cap is None else min(ZROUTE_UREN_PARTICIPATIE, cap[0])
    if cap is not None and cap[0] == 0:
        participatie = False
    return ZrouteVoortgang(
        uren_taal_knm=facts.uren.taal_knm,
        uren_taal_knm_brede_intake=facts.uren.taal_knm_brede_intake,
        uren_participatie=facts.uren.participatie,
        brede_intake_telt_mee=policy.brede_intake_uren_tellen_mee,
        participatie_van_toepassing=participatie,
        taal_knm=_teller("taal/KNM", zroute_taal_knm_uren(facts, policy), ZROUTE_UREN_TAAL_KNM, tempo_termijn, as_of, policy),
        participatie=(
            _teller("participatie", facts.uren.participatie, doel_participatie, tempo_termijn, as_of, policy)
            if participatie
            else None
        ),
        verstreken_dagen=_elapsed_days(termijn, as_of) if termijn else None,
        totaal_dagen=termijn.totaal_dagen if termijn else None,
        afgerond=facts.zroute_afgerond,
        gestopt=gestopt[0] if gestopt else "",
    )


# --- signalen -----------------------------------------------------------------


def _achterstand_tekst(teller: ZrouteTeller, elapsed: int, totaal: int, policy: Policy) -> str:
    procent = format_hours(policy.zroute_achterstand_drempel * 100)
    return (
        f"{teller.label}: {format_hours(teller.uren)} uur geregistreerd, bij gelijkmatig tempo verwacht "
        f"{format_hours(teller.verwacht or 0)} van {teller.doel} uur (dag {elapsed} van {totaal}); "
        f"drempel {procent} %: {format_hours(teller.drempel_uren or 0)} uur"
    )


def laatste_voortgangsgesprek(facts: PersonFacts, as_of: date) -> date | None:
    """The last voortgangsgesprek on or before ``as_of``: a gesprek after the date reasoned about has not happened yet."""
    known = (facts.laatste_voortgangsgesprek, *facts.voortgangsgesprekken)
    return max((d for d in known if d is not None and d <= as_of), default=None)


def _gestopt(facts: PersonFacts, as_of: date) -> tuple[str, ...]:
    """Why the obligation gives no signalen on ``as_of`` (moved out, ontheffing, vrijstelling, AOW); empty when it runs."""
    weg = vertrek(facts, as_of)
    if weg is not None:
        return (weg.toelichting,)
    plicht = plicht_status(facts, as_of)
    if plicht.beeindigd:
        return (plicht.toelichting,)
    if facts.geboortedatum is not None and plicht_geeindigd_door_aow(facts.geboortedatum, as_of):
        aow = aow_datum(facts.geboortedatum)
        return (aow.toelichting + "; de inburgeringsplicht is geëindigd (DUO, gebeurtenis SS110)",)
    return ()


def _aanbod_signaal_tekst(facts: PersonFacts, uiterlijk: date) -> str:
    tekst = "Asielstatushouder, nog geen inburgeringsaanbod geregistreerd; " + _aanbod_tekst(facts, uiterlijk)
    if facts.aanbod_gepland is not None:
        laat = aanbod_te_laat(facts)
        if laat is not None:
            tekst += (f"; gepland op {format_date(facts.aanbod_gepland)}: het plan mist de grens met {laat.dagen} "
                      f"{'dag' if laat.dagen == 1 else 'dagen'} en telt dus als te laat; dit is een grond voor "
                      "verlenging van de inburgeringstermijn (Wi2021 art. 12)")
        else:
            tekst += f"; gepland op {format_date(facts.aanbod_gepland)}, binnen de grens"
    return tekst


def _zroute_uren_tekst(facts: PersonFacts, zroute: ZrouteVoortgang, as_of: date, laatste: str) -> str:
    delen = [f"{format_hours(zroute.taal_knm.uren)} van {ZROUTE_UREN_TAAL_KNM} uur taal/KNM"]
    if zroute.participatie is not None:
        delen.append(f"{format_hours(zroute.participatie.uren)} van {zroute.participatie.doel} uur participatie")
    cap = participatie_uren_max(facts, as_of)
    extra = f" ({cap[1]})" if cap is not None else ""
    return f"Z-route: {' en '.join(delen)} geregistreerd; af te ronden uiterlijk {laatste}{extra}"


def _signaal_bronnen(facts: PersonFacts, as_of: date, policy: Policy) -> list[tuple[str, date, _Tekst]]:
    """Every signaal on ``as_of`` as (soort, vervaldatum, toelichting to be written), unsorted: the rules of
    the module docstring, shared by :func:`compute_signalen` and :func:`signaal_vervaldatums`."""
    if facts.status is not Status.ACTIEF or _gestopt(facts, as_of):
        return []
    origineel = facts
    facts = effectieve_facts(facts)
    found: list[tuple[str, date, _Tekst]] = []
    plicht = plicht_status(facts, as_of)
    if plicht.opgeschort:
        if plicht.hervat_op is not None:
            found.append((Soort.VRIJSTELLING_EINDE, plicht.hervat_op, lambda: plicht.toelichting))
        return found

    wi2021 = facts.regime is Regime.WI2021
    pip = facts.pip_datum  # the first PIP (effectieve_facts)
    termijn = compute_termijn(facts)

    if wi2021 and pip is None and facts.termijn_einde is None:
        uiterlijk = compute_pip_uiterlijk(facts)
        if uiterlijk is not None:
            found.append((Soort.PIP_TERMIJN, uiterlijk.datum, lambda: uiterlijk.toelichting))
            lbt = leerbaarheidstoets_stand(origineel)
            if lbt is not None and lbt.gedaan is None and not lbt.vrijgesteld:
                found.append((Soort.LEERBAARHEIDSTOETS, uiterlijk.datum,
                              lambda: f"{lbt.toelichting}; het PIP moet uiterlijk {format_date(uiterlijk.datum)} klaar zijn"))

    if wi2021 and termijn is None and facts.termijn_einde is not None and is_verhuisd_in(origineel):
        einde_duo = facts.termijn_einde
        found.append((Soort.INBURGERINGSTERMIJN, einde_duo - ONE_DAY,
                      lambda: f"Verhuisd, nog geen eigen PIP en datum eerste PIP onbekend; einddatum volgens DUO "
                      f"{format_date(einde_duo)} (laatste dag {format_date(einde_duo - ONE_DAY)}): de termijn van het "
                      "eerste PIP loopt door (Wi2021 art. 11 lid 3)"))

    if termijn is not None:
        assert pip is not None
        found.append((Soort.INBURGERINGSTERMIJN, termijn.laatste_dag, lambda: termijn.toelichting))

        aanbod = compute_aanbod_uiterlijk(facts)
        if aanbod is not None and facts.aanbod_start is None:
            found.append((Soort.AANBOD_START, aanbod, lambda: _aanbod_signaal_tekst(facts, aanbod)))

        wissel = _leerroute_wissel(facts)
        if wissel is not None and facts.leerroute in (Leerroute.B1, Leerroute.Z) and as_of <= wissel[0]:
            found.append((Soort.LEERROUTE_WISSEL, wissel[0], wissel[1]))

        if facts.pvt_ondertekend is None:
            found.append((Soort.PVT, termijn.laatste_dag,
                          lambda: f"Participatieverklaring nog niet ondertekend; het PVT (minimaal {PVT_MINIMUM_UREN} uur) "
                          f"moet binnen de termijn af: uiterlijk {format_date(termijn.laatste_dag)}"))

        if facts.leerroute is not Leerroute.ONDERWIJS and facts.map_eindgesprek is None:
            found.append((Soort.MAP, termijn.laatste_dag,
                          lambda: f"MAP-eindgesprek nog niet gehouden; de MAP moet binnen de termijn af: uiterlijk "
                          f"{format_date(termijn.laatste_dag)}"))

        interval = policy.voortgangsgesprek_interval_maanden
        gesprek = laatste_voortgangsgesprek(facts, as_of)
        volgende = add_months(gesprek if gesprek is not None else pip, interval)
        found.append((Soort.VOORTGANGSGESPREK, volgende, lambda: (
            (f"Laatste voortgangsgesprek {format_date(gesprek)}" if gesprek is not None
             else f"Nog geen voortgangsgesprek sinds het PIP van {format_date(pip)}")
            + f"; volgens gemeentelijk beleid elke {interval} maanden: volgende uiterlijk {format_date(volgende)}")))

        if facts.leerroute is Leerroute.Z and facts.zroute_afgerond is None:
            zroute = compute_zroute(facts, as_of, policy)
            assert zroute is not None
            found.append((Soort.ZROUTE_UREN, termijn.laatste_dag,
                          lambda: _zroute_uren_tekst(facts, zroute, as_of, format_date(termijn.laatste_dag))))
            achter = [t for t in (zroute.taal_knm, zroute.participatie) if t is not None and t.achterstand]
            if achter:
                found.append((Soort.ZROUTE_ACHTERSTAND, as_of, lambda: "; ".join(
                    _achterstand_tekst(t, zroute.verstreken_dagen or 0, zroute.totaal_dagen or 0, policy) for t in achter)))

        advies = verlenging_advies(facts, as_of, termijn)
        if advies is not None:
            found.append((Soort.VERLENGING, advies.uiterlijk, lambda: advies.toelichting))

    ontbrekend = ontbrekende_uitslagen(facts, as_of)
    if ontbrekend:
        found.append((Soort.EXAMEN_UITSLAG, uitslag_herinnering_datum(ontbrekend[0][1]), lambda: (
            "Examen gepland maar nog geen uitslag vastgelegd: "
            + ", ".join(f"{o.label} ({format_date(d)})" for o, d in ontbrekend)
            + "; vraag de uitslag op bij DUO (Examen API, gebeurtenis SS199)")))

    einde_ontzorgen = _ontzorgen_einde(facts, policy)
    if einde_ontzorgen is not None:
        found.append((Soort.ONTZORGEN_EINDE, einde_ontzorgen[0], einde_ontzorgen[1]))

    if facts.regime is Regime.WI2013 and facts.termijn_einde is not None:
        einde_wi2013 = facts.termijn_einde
        elip_start = add_months(einde_wi2013, -ELIP_MAANDEN)
        if as_of >= elip_start:
            found.append((Soort.ELIP, einde_wi2013 - ONE_DAY, lambda: (
                f"Wi2013-termijn eindigt {format_date(einde_wi2013)} (laatste dag {format_date(einde_wi2013 - ONE_DAY)}); "
                f"ELIP: extra hulp in de laatste {ELIP_MAANDEN} maanden, vanaf {format_date(elip_start)}")))

    if facts.geboortedatum is not None:
        aow = aow_datum(facts.geboortedatum)
        if aow.waarschuwing_vanaf <= as_of < aow.datum:
            found.append((Soort.AOW, aow.datum,
                          lambda: f"{aow.toelichting}; dan eindigt de inburgeringsplicht en stoppen de signalen "
                          f"(DUO meldt dit {AOW_WAARSCHUWING_MAANDEN} maanden vooraf, gebeurtenis SS128)"))

    return found


def compute_signalen(facts: PersonFacts, as_of: date, policy: Policy) -> tuple[Signaal, ...]:
    """The signalen on ``as_of``, sorted by vervaldatum then soort (definitions in the module docstring)."""
    signalen = []
    for soort, vervaldatum, tekst in _signaal_bronnen(facts, as_of, policy):
        dagen = (vervaldatum - as_of).days
        signalen.append(Signaal(soort, vervaldatum, dagen, ernst_for(dagen, policy), tekst()))
    signalen.sort(key=lambda s: (s.vervaldatum, str(s.soort)))
    return tuple(signalen)


def signaal_vervaldatums(facts: PersonFacts, as_of: date, policy: Policy) -> tuple[tuple[Soort, date], ...]:
    """(soort, vervaldatum) of exactly the signalen :func:`compute_signalen` gives on ``as_of``, in no set order,
    without writing their explanations: for counting signalen over a whole caseload (the monitor). The same
    rules; ``ernst_for((vervaldatum - as_of).days, policy)`` gives each one's ernst."""
    return tuple((soort, vervaldatum) for soort, vervaldatum, _ in _signaal_bronnen(facts, as_of, policy))


def bijzonderheden(facts: PersonFacts, as_of: date) -> tuple[str, ...]:
    """Dutch lines for the dossier on issue-18 facts: why signalen stopped, vrijstelling, verhuizing, ontzorgen."""
    regels = list(_gestopt(facts, as_of))
    plicht = plicht_status(facts, as_of)
    if plicht.opgeschort:
        regels.append(plicht.toelichting)
    verhuisd = verhuizing_in(facts)
    if verhuisd is not None:
        regels.append(verhuisd.toelichting)
    historie = pip_historie(facts)
    if historie.gewijzigd:
        regels.append(historie.toelichting)
    if facts.doelgroep is Doelgroep.ASIELSTATUSHOUDER and facts.nareiziger:
        regels.append(ontzorgen_grond(facts).toelichting)
    cap = participatie_uren_max(facts, as_of)
    if cap is not None:
        regels.append(f"Z-route: {cap[1]}; het doel voor participatie-uren is daaraan aangepast")
    return tuple(regels)


def assess(facts: PersonFacts, as_of: date, policy: Policy) -> Beoordeling:
    """Everything the engine knows about one person on ``as_of``."""
    return Beoordeling(
        kenmerk=facts.kenmerk,
        as_of=as_of,
        fase=determine_phase(facts, as_of, policy),
        ontbreekt=missing_facts(facts),
        termijn=compute_termijn(effectieve_facts(facts)),
        aanbod=compute_aanbod(facts),
        datums=compute_datums(facts, as_of, policy),
        zroute=compute_zroute(facts, as_of, policy),
        signalen=compute_signalen(facts, as_of, policy),
        examens=examen_stand(facts, as_of),
        bijzonderheden=bijzonderheden(facts, as_of),
    )
