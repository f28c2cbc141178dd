"""Ontheffing and vrijstelling: DUO's decisions that end, shrink or suspend the inburgeringsplicht.

The municipality reads these decisions from DUO (Ontheffing API SDI013, Vrijstelling
API SDI012; events SS107 gehele vrijstelling, SS108 gehele ontheffing, SS109
tijdelijke vrijstelling, SS117/SS119 gedeeltelijk, SS129/SS130 tijdelijke
vrijstelling ingetrokken); it never sends them.

- A *gehele ontheffing* (grounds medisch or bijzondere individuele omstandigheden, DUO's
  OntheffingsgrondInburgering MED/BIO) or a *gehele vrijstelling* (Besluit inburgering
  2021 art. 2.3, Regeling inburgering 2021 art. 2.1, as DUO's reason codes cite them) ends the obligation from its
  besluitdatum: no signaal applies after it.
- A *gedeeltelijke ontheffing* exempts one exam component, or on the Z-route limits
  the participation hours to DUO's ``urenBelastbaarheidParticipatieactiviteit``
  (0: no participation activities): the targets change, so no false achterstand.
- A *gedeeltelijke vrijstelling* (Regeling inburgering 2021 art. 3.12-3.13) exempts a
  language component held at a level.
- A *tijdelijke vrijstelling* (e.g. a vrijstellende opleiding, DUO reasons INS/OPL)
  suspends the obligation from ``start`` up to and including ``einde`` (DUO's dates are
  both inclusive); it resumes the day after, and DUO then sets the new einddatum of the
  termijn (event SS130), which stays the final word.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from rules.dates import format_date
from rules.model import ExamenOnderdeel, Ontheffing, OntheffingSoort, PersonFacts, Vrijstelling, VrijstellingSoort


@dataclass(frozen=True)
class PlichtStatus:
    """Whether the obligation runs on a date, and why not."""

    beeindigd: bool  # ended for good (gehele ontheffing or vrijstelling)
    opgeschort: bool  # suspended by a tijdelijke vrijstelling
    hervat_op: date | None  # day the suspension ends (the day after DUO's inclusive einde)
    toelichting: str
    # What ended it, in a few Dutch words ("gehele ontheffing"); empty while the obligation runs or is suspended.
    beeindigd_door: str = ""

    @property
    def loopt(self) -> bool:
        return not (self.beeindigd or self.opgeschort)


_LOOPT = PlichtStatus(False, False, None, "Geen ontheffing of vrijstelling die de plicht nu beëindigt of opschort")


def plicht_status(facts: PersonFacts, as_of: date) -> PlichtStatus:
    """The effect of DUO's ontheffingen and vrijstellingen on ``as_of`` (module docstring)."""
    if not facts.ontheffingen and not facts.vrijstellingen:
        return _LOOPT  # most files: no decision of DUO at all
    for o in sorted(facts.ontheffingen, key=lambda o: o.besluitdatum):
        if o.soort is OntheffingSoort.GEHEEL and o.besluitdatum <= as_of:
            grond = f" ({o.grond.label})" if o.grond else ""
            return PlichtStatus(True, False, None,
                                f"Gehele ontheffing door DUO op {format_date(o.besluitdatum)}{grond}: "
                                "de inburgeringsplicht is beëindigd (besluit van DUO)", "gehele ontheffing")
    for v in sorted(facts.vrijstellingen, key=lambda v: v.besluitdatum):
        if v.soort is VrijstellingSoort.GEHEEL and v.besluitdatum <= as_of:
            reden = f" (reden {v.reden})" if v.reden else ""
            return PlichtStatus(True, False, None,
                                f"Gehele vrijstelling door DUO op {format_date(v.besluitdatum)}{reden}: "
                                "er geldt geen inburgeringsplicht meer", "gehele vrijstelling")
    for v in facts.vrijstellingen:
        if v.soort is not VrijstellingSoort.TIJDELIJK or v.besluitdatum > as_of:
            continue
        start = v.start or v.besluitdatum
        if start <= as_of and (v.einde is None or as_of <= v.einde):
            hervat = v.einde + timedelta(days=1) if v.einde else None
            tot = f" tot en met {format_date(v.einde)}; de plicht loopt weer vanaf {format_date(hervat)}" if hervat else " zonder einddatum"
            return PlichtStatus(False, True, hervat,
                                f"Tijdelijke vrijstelling vanaf {format_date(start)}{tot}; "
                                "DUO stelt daarna de nieuwe einddatum van de termijn vast")
    return _LOOPT


def plicht_beeindigd_op(facts: PersonFacts) -> tuple[date, str] | None:
    """The day DUO's first gehele ontheffing or gehele vrijstelling ended the plicht, and which ("ontheffing" or
    "vrijstelling"); None without one. The file is then uitstroom on that day, whatever its status says (the monitor)."""
    ends = [(o.besluitdatum, "ontheffing") for o in facts.ontheffingen if o.soort is OntheffingSoort.GEHEEL]
    ends += [(v.besluitdatum, "vrijstelling") for v in facts.vrijstellingen if v.soort is VrijstellingSoort.GEHEEL]
    return min(ends) if ends else None


def vrijgestelde_onderdelen(facts: PersonFacts, as_of: date) -> dict[ExamenOnderdeel, str]:
    """Exam components not required on ``as_of``, with the reason in Dutch."""
    out: dict[ExamenOnderdeel, str] = {}
    for o in facts.ontheffingen:
        if o.soort is OntheffingSoort.GEDEELTELIJK and o.examenonderdeel is not None and o.besluitdatum <= as_of:
            out[o.examenonderdeel] = f"gedeeltelijke ontheffing {format_date(o.besluitdatum)}"
    for v in facts.vrijstellingen:
        if v.soort is VrijstellingSoort.GEDEELTELIJK and v.examenonderdeel is not None and v.besluitdatum <= as_of:
            niveau = f" op {v.examenniveau.value}" if v.examenniveau else ""
            out.setdefault(v.examenonderdeel, f"gedeeltelijke vrijstelling{niveau} {format_date(v.besluitdatum)}")
    return out


def participatie_uren_max(facts: PersonFacts, as_of: date) -> tuple[int, str] | None:
    """DUO's cap on Z-route participation hours from a partial ontheffing on ``as_of``, or None.

    The lowest cap decided on or before ``as_of`` counts.
    """
    caps = [(o.participatie_uren_max, o.besluitdatum) for o in facts.ontheffingen
            if o.soort is OntheffingSoort.GEDEELTELIJK and o.participatie_uren_max is not None
            and o.besluitdatum <= as_of]
    if not caps:
        return None
    uren, besluit = min(caps)
    if uren == 0:
        return 0, f"gedeeltelijke ontheffing {format_date(besluit)}: geen participatieactiviteiten"
    return uren, f"gedeeltelijke ontheffing {format_date(besluit)}: hoogstens {uren} uur participatie"


def ontheffing_omschrijving(ontheffing: Ontheffing) -> str:
    """One Dutch line for the dossier after the soort: besluitdatum, grond and what a partial one covers."""
    delen = [format_date(ontheffing.besluitdatum)]
    if ontheffing.grond is not None:
        delen.append(ontheffing.grond.label)
    if ontheffing.examenonderdeel is not None:
        delen.append(f"examenonderdeel {ontheffing.examenonderdeel.label}")
    if ontheffing.participatie_uren_max is not None:
        delen.append("geen participatie-uren" if ontheffing.participatie_uren_max == 0
                     else f"hoogstens {ontheffing.participatie_uren_max} uur participatie")
    return " · ".join(delen)


def vrijstelling_omschrijving(vrijstelling: Vrijstelling) -> str:
    """One Dutch line for the dossier after the soort: besluitdatum, reden, and what a partial or temporary one covers."""
    delen = [format_date(vrijstelling.besluitdatum)]
    if vrijstelling.reden:
        delen.append(f"reden {vrijstelling.reden}")
    if vrijstelling.examenonderdeel is not None:
        niveau = f" op {vrijstelling.examenniveau.value}" if vrijstelling.examenniveau else ""
        delen.append(f"examenonderdeel {vrijstelling.examenonderdeel.label}{niveau}")
    if vrijstelling.soort is VrijstellingSoort.TIJDELIJK:
        start = vrijstelling.start or vrijstelling.besluitdatum
        tot = f" tot en met {format_date(vrijstelling.einde)}" if vrijstelling.einde else ""
        delen.append(f"vanaf {format_date(start)}{tot}")
    return " · ".join(delen)
