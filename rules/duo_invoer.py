"""DUO's input rules that the consulent meets before submitting (points 10-14 of issue 18).

Each finding names its rule in DUO's M2M specification (``/work/shared/duo-m2m/README.md``,
the section in brackets) or the law. ``fout``: DUO refuses it; ``waarschuwing``: DUO
accepts it but it needs a second look.

The rules DUO applies to the messages too (10 and 13, and the other niveau/leerroute
combinations) are written once, in ``rules.duo`` (``check_verwijtbaar``,
``check_niveau``), and called from here, so the dossier and the message pre-check
can never disagree.

10. MAP / PVT *verwijtbaar* (README §MAP and §PVT), with TE the termijn's exclusive
    einddatum and d the MAP or PVT date:

    - d before TE: no verwijtbaar may be given ("Als de datum ... voor de einddatum van
      de inburgeringstermijn ligt, dan mag de 'Verwijtbaar (Ja/Nee)' niet geleverd worden");
    - d on or after TE (the term is exceeded): verwijtbaar is required ("Als het
      verzoekbericht geen 'Verwijtbaar' bevat, dan mag er geen sprake zijn van een
      overschrijding");
    - 'Ja' only when the term is exceeded;
    - 'Nee' only "als de einddatum van de inburgeringstermijn binnen twee maanden valt":
      read here as TE lying at most two months before d (d < TE + 2 months); a later
      date with 'Nee' is refused.
11. Z-route completed while PVT or MAP is missing (README §MAP, §PVT: the obligation may
    not yet be met via the Z-route, and the date may not lie after the Z-route's
    completion): DUO accepts no PVT or MAP afterwards.
12. Aanbod outside the termijn (README §Inburgeringsaanbod): not before the actuele PIP's
    dagtekening (refused); the course's end (exclusive) not after TE (refused); a start
    on or after TE is warned.
13. Niveau A2 with the B1-route on a first PIP, whatever the gemeente (README §PIP
    Niveau): refused; allowed on a changed PIP. With it DUO's other combinations: A2 not
    with the onderwijsroute, B1 (or B2) not with the Z-route.
14. Regime and dates: the Wi2021 applies to obligations that arose from 1 January 2022
    (Wi2021 art. 54 ff., overgangsrecht): a Wi2021 PIP dated before that day is refused;
    a Wi2021 obligation that arose before it, or a Wi2013 one that arose on or after it,
    is a transitional case and warned.
Also: a gewijzigd PIP may not be dated before the first or the previous PIP (README
§PIP Datum dagtekening); a PIP before the settling here is refused unless it is a
previous gemeente's.
"""

from __future__ import annotations

from datetime import date

from rules.dates import format_date
from rules.duo import BerichtSoort, Verwijtbaar, als_dossierbevinding, check_niveau, check_verwijtbaar
from rules.model import Leerroute, PersonFacts, Regime
from rules.pip import actueel_niveau, actuele_leerroute, pip_historie
from rules.termijn import compute_termijn
from rules.bevinding import WAARSCHUWING, Bevinding
from rules.verhuizing import vestiging_hier

# The Wet inburgering 2021 entered into force on 1 January 2022 (Stb. 2021, 410 and 411).
WI2021_INWERKINGTREDING = date(2022, 1, 1)

_d = format_date


def _check_verwijtbaar(facts: PersonFacts, soort: BerichtSoort, naam: str, datum: date | None, verwijtbaar: bool | None,
                       verwijtbaar_veld: str) -> list[Bevinding]:
    """Rule 10: DUO's own rule (``rules.duo.check_verwijtbaar``) against the termijn regie computes."""
    if datum is None:
        if verwijtbaar is not None:
            return [Bevinding(verwijtbaar_veld, f"‘Verwijtbaar’ is ingevuld zonder datum {naam}; laat het leeg of vul de datum in.")]
        return []
    termijn = compute_termijn(facts)
    if termijn is None:
        return []
    return [als_dossierbevinding(b, verwijtbaar_veld) for b in check_verwijtbaar(
        soort=soort, datum=datum, verwijtbaar=Verwijtbaar.from_fact(verwijtbaar), termijn_einde=termijn.einde)]


def _check_zroute_zonder_pvt_map(facts: PersonFacts) -> list[Bevinding]:
    if facts.zroute_afgerond is None or facts.leerroute is not Leerroute.Z:
        return []
    ontbreekt = [naam for naam, waarde in (("PVT", facts.pvt_ondertekend), ("MAP", facts.map_eindgesprek)) if waarde is None]
    if not ontbreekt:
        return []
    wat = " en ".join(ontbreekt)
    return [Bevinding("zroute_afgerond", f"De Z-route staat als afgerond ({_d(facts.zroute_afgerond)}) terwijl {wat} ontbreekt; "
                                         f"na de afronding accepteert DUO geen {wat} meer (README DUO, MAP/PVT). "
                                         f"Registreer eerst {wat}.", WAARSCHUWING)]


def _check_aanbod_in_termijn(facts: PersonFacts) -> list[Bevinding]:
    out: list[Bevinding] = []
    historie = pip_historie(facts)
    actueel = historie.actuele
    start, einde = facts.aanbod_start, facts.aanbod_einde
    # (before pip_datum itself: rules.validation already says so)
    if (start is not None and actueel is not None and start < actueel.dagtekening
            and (facts.pip_datum is None or start >= facts.pip_datum)):
        out.append(Bevinding("aanbod_start", f"De start van het aanbod ({_d(start)}) ligt vóór de dagtekening van het actuele PIP "
                                             f"({_d(actueel.dagtekening)}); DUO weigert die (README DUO, Inburgeringsaanbod)."))
    termijn = compute_termijn(facts)
    if termijn is None:
        return out
    if start is not None and start >= termijn.einde:
        out.append(Bevinding("aanbod_start", f"De start van het aanbod ({_d(start)}) ligt na de inburgeringstermijn "
                                             f"(laatste dag {_d(termijn.laatste_dag)}).", WAARSCHUWING))
    if einde is not None:
        if start is not None and einde <= start:
            out.append(Bevinding("aanbod_einde", f"Het einde van de opleiding ({_d(einde)}) ligt niet na de start ({_d(start)})."))
        if einde > termijn.einde:
            out.append(Bevinding("aanbod_einde", f"Het einde van de opleiding ({_d(einde)}) ligt buiten de inburgeringstermijn "
                                                 f"(einddatum {_d(termijn.einde)}); DUO weigert die (README DUO, Inburgeringsaanbod). "
                                                 "Vraag eerst verlenging aan of kies een eerdere einddatum."))
    return out


def _check_niveau(facts: PersonFacts) -> list[Bevinding]:
    """Rule 13 and DUO's other niveau/leerroute combinations: ``rules.duo.check_niveau`` on the plan in force."""
    found = check_niveau(leerroute=actuele_leerroute(facts), niveau=actueel_niveau(facts), gewijzigd=pip_historie(facts).gewijzigd)
    return [als_dossierbevinding(b, "niveau") for b in found]


def _check_regime(facts: PersonFacts) -> list[Bevinding]:
    out: list[Bevinding] = []
    grens = _d(WI2021_INWERKINGTREDING)
    if facts.regime is Regime.WI2021:
        for pip in pip_historie(facts).alle:
            if pip.dagtekening < WI2021_INWERKINGTREDING:
                out.append(Bevinding("pip_datum", f"Een PIP onder de Wi2021 kan niet vóór {grens} gedateerd zijn "
                                                  f"(PIP {_d(pip.dagtekening)}); de wet geldt vanaf die dag. Controleer datum of regime."))
                break
    ontstaan = facts.inburgeringsplicht_start or facts.kennisgeving_duo
    if ontstaan is None:
        return out
    if facts.regime is Regime.WI2021 and ontstaan < WI2021_INWERKINGTREDING:
        out.append(Bevinding("regime", f"De inburgeringsplicht ontstond op {_d(ontstaan)}, vóór {grens}: normaal Wi2013 "
                                       "(ondertussengroep). Alleen een overgangsgeval valt onder de Wi2021; controleer het regime.",
                             WAARSCHUWING))
    if facts.regime is Regime.WI2013 and ontstaan >= WI2021_INWERKINGTREDING:
        out.append(Bevinding("regime", f"De inburgeringsplicht ontstond op {_d(ontstaan)}, op of na {grens}: normaal Wi2021. "
                                       "Alleen een overgangsgeval valt onder de Wi2013; controleer het regime.", WAARSCHUWING))
    return out


def _check_pip_volgorde(facts: PersonFacts) -> list[Bevinding]:
    """``facts.pips`` in the order they were registered: each gewijzigd PIP not before an earlier one,
    and this gemeente's PIPs not before the settling here (``pip_datum`` itself: rules.validation)."""
    out: list[Bevinding] = []
    vestiging = vestiging_hier(facts)
    eerder: date | None = facts.eerste_pip_datum
    for pip in facts.pips:
        if eerder is not None and pip.dagtekening < eerder:
            out.append(Bevinding("pips", f"Het gewijzigde PIP van {_d(pip.dagtekening)} ligt vóór een eerder PIP "
                                         f"({_d(eerder)}); DUO weigert dat (README DUO, PIP Datum dagtekening)."))
        if pip.eigen_gemeente and vestiging is not None and pip.dagtekening < vestiging and pip.dagtekening != facts.pip_datum:
            out.append(Bevinding("pips", f"Het PIP van {_d(pip.dagtekening)} ligt vóór de vestiging in de gemeente "
                                         f"({_d(vestiging)}); DUO weigert zo'n PIP (README DUO, PIP Datum dagtekening). "
                                         "Een PIP van de vorige gemeente mag wel ouder zijn."))
        eerder = max(eerder, pip.dagtekening) if eerder else pip.dagtekening
    return out


def check_duo_invoer(facts: PersonFacts) -> tuple[Bevinding, ...]:
    """All findings on DUO's input rules 10-14 (module docstring); empty when DUO would accept the file."""
    return tuple(
        _check_verwijtbaar(facts, BerichtSoort.MAP, "van het MAP-eindgesprek", facts.map_eindgesprek,
                           facts.map_verwijtbaar, "map_verwijtbaar")
        + _check_verwijtbaar(facts, BerichtSoort.PVT, "van ondertekening van het PVT", facts.pvt_ondertekend,
                             facts.pvt_verwijtbaar, "pvt_verwijtbaar")
        + _check_zroute_zonder_pvt_map(facts)
        + _check_aanbod_in_termijn(facts)
        + _check_niveau(facts)
        + _check_regime(facts)
        + _check_pip_volgorde(facts)
    )
