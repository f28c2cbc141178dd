"""Checks on a person's recorded facts before they are reported to DUO.

Each :class:`Bevinding` names the field and says in Dutch what is wrong.
``fout`` means DUO would reject it or it cannot be true; ``waarschuwing``
means it is unusual and worth a second look. The DUO rules come from its
M2M specification (PIP, Inburgeringsaanbod, MAP, PVT, Z-route).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import date

from dateutil.relativedelta import relativedelta

from rules.constants import (
    BETAALDE_EXAMENPOGINGEN,
    MINIMUM_LEEFTIJD,
    ONDERWIJSROUTE_MAX_LEEFTIJD,
    ONTZORGEN_MAXIMUM_MAANDEN,
    ONTZORGEN_MINIMUM_MAANDEN,
)
from rules.dates import MIN_JAAR, format_date, format_hours
from rules.model import Doelgroep, ExamenResultaat, Leerroute, Niveau, PersonFacts, Regime, Verblijfsvergunning
from rules.aow import aow_datum
from rules.bevinding import FOUT, WAARSCHUWING, Bevinding
from rules.duo import BerichtSoort, als_dossierbevinding, check_map_pvt
from rules.duo_invoer import check_duo_invoer
from rules.examens import telt_als_poging
from rules.leerbaarheidstoets import leerbaarheidstoets_stand
from rules.pip import actuele_leerroute, pip_historie
from rules.termijn import compute_termijn
from rules.verhuizing import vestiging_hier

__all__ = ["FOUT", "WAARSCHUWING", "Bevinding", "validate_facts", "exam_warnings", "check_uren", "age_on"]
from rules.text import check_text


# Nobody in a caseload is older than this; an older birth date is a typo.
MAX_PLAUSIBELE_LEEFTIJD = 110


def age_on(geboortedatum: date, on: date) -> int:
    """Age in whole years on ``on`` (a 29-02 birthday counts on 28-02 in non-leap years, as dateutil clamps)."""
    return relativedelta(on, geboortedatum).years


def _check_pip(facts: PersonFacts, today: date) -> list[Bevinding]:
    out: list[Bevinding] = []
    pip = facts.pip_datum
    if pip is None:
        return out
    d = format_date
    vestiging = vestiging_hier(facts)
    if vestiging is not None and pip < vestiging:
        wat = "de vestiging in de gemeente" if facts.verhuisd_in is not None else "de BRP-inschrijving"
        out.append(Bevinding("pip_datum", f"De PIP-datum ({d(pip)}) ligt vóór {wat} ({d(vestiging)}); DUO weigert zo'n PIP."))
    if facts.kennisgeving_duo is not None and pip < facts.kennisgeving_duo:
        out.append(Bevinding("pip_datum", f"De PIP-datum ({d(pip)}) ligt vóór de start van de inburgeringsplicht (kennisgeving DUO {d(facts.kennisgeving_duo)}); DUO weigert zo'n PIP."))
    if pip > today:
        out.append(Bevinding("pip_datum", f"De PIP-datum ({d(pip)}) ligt in de toekomst; vul de dagtekening in van een vastgesteld PIP."))
    if facts.regime is Regime.WI2013:
        out.append(Bevinding("pip_datum", "Onder de Wi2013 (ondertussengroep) bestaat geen PIP; controleer het regime.", WAARSCHUWING))
    return out


def _check_niveau(facts: PersonFacts) -> list[Bevinding]:
    out: list[Bevinding] = []
    route, niveau = facts.leerroute, facts.niveau
    if route is None or niveau is None:
        return out
    # The combinations DUO refuses (A2 with the onderwijsroute, B1/B2 with the Z-route, A2 with the
    # B1-route on a first PIP): rules.duo.check_niveau, reached through rules.duo_invoer.
    if route in (Leerroute.B1, Leerroute.ONDERWIJS) and niveau is Niveau.A1:
        out.append(Bevinding("niveau", f"Niveau A1 hoort bij de Z-route, niet bij de {route.label}.", WAARSCHUWING))
    return out


def _check_afronding_datum(facts: PersonFacts, veld: str, soort: BerichtSoort, waarde: date | None, today: date) -> list[Bevinding]:
    """MAP eindgesprek and PVT ondertekening: DUO's own rules (``rules.duo.check_map_pvt``), against the termijn
    regie computes; verwijtbaar is checked by ``rules.duo_invoer``, so no termijn_einde here."""
    if waarde is None:
        return []
    termijn = compute_termijn(facts)
    found = check_map_pvt(soort=soort, datum=waarde, verwijtbaar=None, pip_datum=facts.pip_datum,
                          termijn_start=termijn.start if termijn is not None else None, termijn_einde=None,
                          zroute_afgerond=facts.zroute_afgerond, as_of=today)
    return [als_dossierbevinding(b, veld) for b in found]


def _check_zroute(facts: PersonFacts, today: date) -> list[Bevinding]:
    klaar = facts.zroute_afgerond
    if klaar is None:
        return []
    d = format_date
    out: list[Bevinding] = []
    if facts.leerroute is not Leerroute.Z:
        out.append(Bevinding("zroute_afgerond", "Afronding Z-route is ingevuld, maar de leerroute is niet de Z-route."))
    if facts.pip_datum is None:
        out.append(Bevinding("zroute_afgerond", "Afronding Z-route is ingevuld zonder PIP."))
    termijn = compute_termijn(facts)
    if termijn is not None and klaar < termijn.start:
        out.append(Bevinding("zroute_afgerond", f"De afronding van de Z-route ({d(klaar)}) ligt vóór de start van de inburgeringstermijn ({d(termijn.start)})."))
    if klaar > today:
        out.append(Bevinding("zroute_afgerond", f"De afronding van de Z-route ({d(klaar)}) ligt in de toekomst."))
    return out


def _check_termijn(facts: PersonFacts) -> list[Bevinding]:
    termijn = compute_termijn(facts)
    if termijn is None or not termijn.einde_van_duo:
        return []
    d = format_date
    if termijn.einde <= termijn.start:
        return [Bevinding("termijn_einde", f"De einddatum van de termijn ({d(termijn.einde)}) ligt niet na de start ({d(termijn.start)}).")]
    if termijn.einde < termijn.berekend_einde:
        return [Bevinding("termijn_einde", f"De einddatum van de termijn ({d(termijn.einde)}) ligt vóór {d(termijn.berekend_einde)}, de start plus 3 jaar; DUO verlengt alleen.", WAARSCHUWING)]
    return []


def _check_aanbod(facts: PersonFacts) -> list[Bevinding]:
    start = facts.aanbod_start
    if start is None:
        return []
    d = format_date
    out: list[Bevinding] = []
    if facts.doelgroep is not Doelgroep.ASIELSTATUSHOUDER:
        out.append(Bevinding("aanbod_start", "Een inburgeringsaanbod registreert DUO alleen voor asielstatushouders."))
    if facts.pip_datum is None:
        out.append(Bevinding("aanbod_start", "Een inburgeringsaanbod kan pas na het PIP; er is nog geen PIP-datum."))
    elif start < facts.pip_datum:
        out.append(Bevinding("aanbod_start", f"De start van het inburgeringsaanbod ({d(start)}) ligt vóór de PIP-datum ({d(facts.pip_datum)}); DUO weigert die."))
    return out


def _check_ontzorgen(facts: PersonFacts) -> list[Bevinding]:
    if facts.ontzorgen_start is None and facts.ontzorgen_maanden is None:
        return []
    veld = "ontzorgen_start" if facts.ontzorgen_start is not None else "ontzorgen_maanden"
    out: list[Bevinding] = []
    if facts.doelgroep is not Doelgroep.ASIELSTATUSHOUDER:
        out.append(Bevinding(veld, f"Financieel ontzorgen is er alleen voor asielstatushouders, niet voor een {facts.doelgroep.label}."))
    else:
        if facts.nareiziger and facts.verblijfsvergunning is Verblijfsvergunning.REGULIER:
            out.append(Bevinding(veld, "Een nareiziger met een reguliere verblijfsvergunning valt buiten het verplichte "
                                       "ontzorgen (Participatiewet art. 56a).", WAARSCHUWING))
        if not facts.bijstand:
            out.append(Bevinding(veld, "Financieel ontzorgen hoort bij een bijstandsuitkering; er is geen bijstand vastgelegd.", WAARSCHUWING))
    maanden = facts.ontzorgen_maanden
    if maanden is not None and not ONTZORGEN_MINIMUM_MAANDEN <= maanden <= ONTZORGEN_MAXIMUM_MAANDEN:
        out.append(Bevinding("ontzorgen_maanden", f"Ontzorgen duurt minimaal {ONTZORGEN_MINIMUM_MAANDEN} en hoogstens {ONTZORGEN_MAXIMUM_MAANDEN} maanden, niet {maanden}."))
    return out


def _check_leeftijd(facts: PersonFacts, today: date) -> list[Bevinding]:
    born = facts.geboortedatum
    if born is None:
        return []
    d = format_date
    if born > today:
        return [Bevinding("geboortedatum", f"De geboortedatum ({d(born)}) ligt in de toekomst.")]
    if born.year < MIN_JAAR or age_on(born, today) > MAX_PLAUSIBELE_LEEFTIJD:
        return [Bevinding("geboortedatum", f"De geboortedatum ({d(born)}) is niet aannemelijk; controleer het jaartal.")]
    out: list[Bevinding] = []
    # The obligation arises at the notice or settlement; without either, judge on today.
    peildatum = facts.kennisgeving_duo or facts.brp_inschrijving or today
    leeftijd = age_on(born, peildatum)
    if leeftijd < MINIMUM_LEEFTIJD:
        out.append(Bevinding("geboortedatum", f"Op {d(peildatum)} is de persoon {leeftijd} jaar; de inburgeringsplicht geldt vanaf {MINIMUM_LEEFTIJD} jaar.", WAARSCHUWING))
    aow = aow_datum(born)
    if aow.vastgesteld and peildatum >= aow.datum:
        out.append(Bevinding("geboortedatum", f"Op {d(peildatum)} is de persoon {leeftijd} jaar; de AOW-leeftijd "
                                              f"({aow.jaren} jaar{f' en {aow.maanden} maanden' if aow.maanden else ''}) is bereikt op "
                                              f"{d(aow.datum)}, en vanaf de AOW-leeftijd geldt geen inburgeringsplicht.", WAARSCHUWING))
    actueel = pip_historie(facts).actuele  # the plan in force: a gewijzigd PIP's leerroute counts (rules.pip)
    if actuele_leerroute(facts) is Leerroute.ONDERWIJS:
        peil_pip = actueel.dagtekening if actueel is not None and actueel.leerroute is Leerroute.ONDERWIJS else (facts.pip_datum or today)
        leeftijd_pip = age_on(born, peil_pip)
        if leeftijd_pip >= ONDERWIJSROUTE_MAX_LEEFTIJD:
            out.append(Bevinding("leerroute", f"Op {d(peil_pip)} is de persoon {leeftijd_pip} jaar; de onderwijsroute is bedoeld voor jongeren tot {ONDERWIJSROUTE_MAX_LEEFTIJD} jaar.", WAARSCHUWING))
    return out


def _check_keten(facts: PersonFacts, today: date) -> list[Bevinding]:
    d = format_date
    out: list[Bevinding] = []
    if facts.leerroute is not None and facts.regime is Regime.WI2013:
        out.append(Bevinding("leerroute", "Leerroutes (B1, onderwijs, Z) bestaan alleen onder de Wi2021; controleer het regime.", WAARSCHUWING))
    pip = facts.pip_datum
    if pip is not None and facts.brede_intake_start is not None and facts.brede_intake_start > pip:
        out.append(Bevinding("brede_intake_start", f"De brede intake ({d(facts.brede_intake_start)}) start na het PIP ({d(pip)}); de intake gaat aan het PIP vooraf.", WAARSCHUWING))
    gesprek = facts.laatste_voortgangsgesprek
    if gesprek is not None:
        if gesprek > today:
            out.append(Bevinding("laatste_voortgangsgesprek", f"Het laatste voortgangsgesprek ({d(gesprek)}) ligt in de toekomst."))
        if pip is not None and gesprek < pip:
            out.append(Bevinding("laatste_voortgangsgesprek", f"Het laatste voortgangsgesprek ({d(gesprek)}) ligt vóór het PIP ({d(pip)}).", WAARSCHUWING))
    for veld, naam in (("brp_inschrijving", "BRP-inschrijving"), ("kennisgeving_duo", "kennisgeving DUO")):
        waarde = getattr(facts, veld)
        if waarde is not None and waarde > today:
            out.append(Bevinding(veld, f"De {naam} ({d(waarde)}) ligt in de toekomst.", WAARSCHUWING))
    return out


# --- text fields -------------------------------------------------------------------

# Every text field a form or file fills, with how a message names it and whether it may
# span lines (rules/text.py says which characters are refused and why).
# (Dutch label, multiline)
TEKSTVELDEN: dict[str, tuple[str, bool]] = {
    "kenmerk": ("Het kenmerk", False),
    "naam": ("De naam", False),
    "achternaam": ("De achternaam", False),
    "consulent": ("De consulent", False),
    "taal": ("De taal", False),
    "huisvesting": ("De huisvesting", False),
    "bron": ("De bron", False),
    "omschrijving": ("De omschrijving", True),
    "notitie": ("De notitie", True),
    "activiteit": ("De activiteit", False),
    "aanbieder": ("De aanbieder", False),
    "locatie": ("De locatie", False),
    "onderwerp": ("Het onderwerp", False),
}


def check_tekstvelden(velden: Mapping[str, str | None]) -> tuple[Bevinding, ...]:
    """A :data:`FOUT` per text field holding a control, bidi or invisible character (:func:`rules.text.check_text`).

    For every form (person, contactmoment, uren, weekplan): pass the field
    names and the text as typed. A field not in :data:`TEKSTVELDEN` is checked
    as one line and named by its field name. A kenmerk allows no format
    character at all.
    """
    out = []
    for veld, waarde in velden.items():
        if not waarde:
            continue
        label, multiline = TEKSTVELDEN.get(veld, (f"Het veld {veld}", False))
        reason = check_text(waarde, veld=label, multiline=multiline, kenmerk=veld == "kenmerk")
        if reason is not None:
            out.append(Bevinding(veld, reason))
    return tuple(out)


def validate_facts(facts: PersonFacts, *, today: date) -> tuple[Bevinding, ...]:
    """All findings for ``facts`` as of ``today``; empty when everything is consistent."""
    return tuple(
        list(check_tekstvelden({"kenmerk": facts.kenmerk, "naam": facts.naam, "consulent": facts.consulent}))
        + _check_pip(facts, today)
        + _check_niveau(facts)
        + _check_afronding_datum(facts, "map_eindgesprek", BerichtSoort.MAP, facts.map_eindgesprek, today)
        + _check_afronding_datum(facts, "pvt_ondertekend", BerichtSoort.PVT, facts.pvt_ondertekend, today)
        + _check_zroute(facts, today)
        + _check_termijn(facts)
        + _check_aanbod(facts)
        + _check_ontzorgen(facts)
        + _check_leeftijd(facts, today)
        + _check_keten(facts, today)
        + _check_leerbaarheidstoets(facts)
        + list(check_duo_invoer(facts))
    )


def _check_leerbaarheidstoets(facts: PersonFacts) -> list[Bevinding]:
    """A leerbaarheidstoets recorded after the PIP (unrecorded is unknown, not late: files from before issue 18)."""
    stand = leerbaarheidstoets_stand(facts)
    if stand is None or stand.gedaan is None or stand.op_tijd is not False:
        return []
    return [Bevinding("leerbaarheidstoets", stand.toelichting + ".", WAARSCHUWING)]


def exam_warnings(facts: PersonFacts) -> tuple[Bevinding, ...]:
    """For an asielstatushouder: a warning per exam component with 2+ failed attempts and no pass.

    The first two attempts per component are paid; a third is at own cost [000].
    """
    if facts.doelgroep is not Doelgroep.ASIELSTATUSHOUDER:
        return ()
    # a 'geen resultaat' for a verwijtbaar reason uses an attempt too (DUO Examen API; rules.examens)
    failed = Counter(p.onderdeel for p in facts.examens
                     if telt_als_poging(p) and p.resultaat is not ExamenResultaat.BEHAALD)
    passed = {p.onderdeel for p in facts.examens if p.resultaat is ExamenResultaat.BEHAALD}
    out = []
    for onderdeel, aantal in failed.items():
        if aantal >= BETAALDE_EXAMENPOGINGEN and onderdeel not in passed:
            out.append(Bevinding(
                "examens",
                f"Examen {onderdeel.label}: {aantal} keer niet behaald; de gemeente betaalt {BETAALDE_EXAMENPOGINGEN} pogingen, "
                "een volgende poging is voor eigen rekening.",
                WAARSCHUWING,
            ))
    out.sort(key=lambda b: b.melding)
    return tuple(out)


# --- hours -----------------------------------------------------------------------

# A day has 24 hours: hours entered by hand for one person on one date never add
# up to more. A school's period total (an imported row) is exempt.
MAX_UREN_PER_DAG = 24


def check_uren(*, datum: date, minuten: int, vandaag: date, koppeling: date | None,
               minuten_al_op_dag: int | None = 0, bron: str = "", omschrijving: str = "") -> str | None:
    """Why these hours cannot be registered, in Dutch; None when they can.

    `bron` and `omschrijving` are refused when they hold a control, bidi or
    invisible character (:func:`check_tekstvelden`).

    `minuten_al_op_dag` is what is already registered by hand for the person on
    `datum` (without the row being corrected); None for a school's period total,
    which the 24-hours-a-day limit leaves out.
    """
    for bevinding in check_tekstvelden({"bron": bron, "omschrijving": omschrijving}):
        return bevinding.melding
    if minuten <= 0:
        return "Het aantal uren moet meer dan 0 zijn; vul bijvoorbeeld 1,5 in."
    if datum > vandaag:
        return (f"De datum {format_date(datum)} ligt in de toekomst; registreer uren als ze gevolgd zijn "
                f"(uiterlijk vandaag, {format_date(vandaag)}).")
    if koppeling is not None and datum < koppeling:
        return (f"De datum {format_date(datum)} ligt vóór de koppeling aan de gemeente ({format_date(koppeling)}); "
                "uren tellen vanaf de koppeling. Verbeter de datum.")
    if minuten_al_op_dag is None:
        return None
    totaal = minuten_al_op_dag + minuten
    if totaal > MAX_UREN_PER_DAG * 60:
        al = f"; er staat al {format_hours(minuten_al_op_dag / 60)} uur" if minuten_al_op_dag else ""
        return (f"Op {format_date(datum)} komt dit op {format_hours(totaal / 60)} uur voor deze persoon{al}, "
                f"en een dag heeft er {MAX_UREN_PER_DAG}. Verbeter het aantal uren of de datum.")
    return None
