"""Examens on the B1-route: results per onderdeel, attempts left, missing results, the way down to A2.

Sources:

- DUO Examen API (SDI017): per attempt the examendatum, onderdeel (LE, LU, SC, SP, KNM),
  niveau (A2, B1, B2) and resultaat (Geslaagd, Gezakt, Geen with a reden); DUO also
  reports the free attempts left per onderdeel (GratisPogingTegoed). A "Geen" result
  for a *verwijtbaar* reason (fraud, a no-show by own fault) uses an attempt; the
  other reasons (niet verwijtbaar, afgemeld, absent per DUO's registration) do not.
- Free attempts: an asielstatushouder's first two attempts per onderdeel are paid
  [000]; DUO's reported tegoed wins when the lead wires it in.
- Afschalen naar A2 (Wi2021 art. 7 lid 2 and Besluit inburgering 2021 art. 3.5; the
  measure of *aanzienlijke inspanningen* in Regeling inburgering 2021 art. 3.5): the
  college may lower one or more language components of the B1-route to A2 in a
  changed PIP when the person made considerable efforts: at least
  ``AFSCHALEN_MINIMUM_UREN`` hours of NT2 lessons and at least
  ``AFSCHALEN_MINIMUM_POGINGEN`` attempts on that component at B1 without passing.
  DUO accepts A2 with the B1-route only on a changed PIP (README, PIP Niveau).
- Ontheffing and vrijstelling of a component: see :mod:`rules.ontheffing`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from rules.constants import BETAALDE_EXAMENPOGINGEN
from rules.dates import format_date, format_hours
from rules.model import (
    Doelgroep,
    ExamenOnderdeel,
    ExamenPoging,
    ExamenResultaat,
    Leerroute,
    Niveau,
    PersonFacts,
    RedenGeenResultaat,
)
from rules.ontheffing import vrijgestelde_onderdelen
from rules.pip import actuele_leerroute

# Regeling inburgering 2021 art. 3.5 (aanzienlijke inspanningen): hours of NT2 lessons
# and failed B1 attempts on the component before the college may lower it to A2.
AFSCHALEN_MINIMUM_UREN = 600
AFSCHALEN_MINIMUM_POGINGEN = 2

TAALONDERDELEN = (ExamenOnderdeel.LEZEN, ExamenOnderdeel.LUISTEREN, ExamenOnderdeel.SPREKEN, ExamenOnderdeel.SCHRIJVEN)
ALLE_ONDERDELEN = (*TAALONDERDELEN, ExamenOnderdeel.KNM)


def telt_als_poging(poging: ExamenPoging) -> bool:
    """A sat exam uses an attempt; 'geen resultaat' only for a verwijtbaar reason (DUO)."""
    if poging.resultaat in (ExamenResultaat.BEHAALD, ExamenResultaat.NIET_BEHAALD):
        return True
    return poging.resultaat is ExamenResultaat.GEEN and poging.reden_geen_resultaat is RedenGeenResultaat.VERWIJTBAAR


@dataclass(frozen=True)
class OnderdeelStand:
    """Where one exam component stands on a date."""

    onderdeel: ExamenOnderdeel
    behaald: date | None  # the first pass on or before as_of
    behaald_niveau: Niveau | None
    pogingen: int  # attempts used on or before as_of
    gratis_over: int | None  # free attempts left (asielstatushouder), None when none are paid
    vrijgesteld: str | None  # reason when exempt (ontheffing or vrijstelling)
    gepland: date | None  # the next planned attempt on or after as_of
    uitslag_ontbreekt: tuple[date, ...]  # planned attempts before as_of without a result

    @property
    def toelichting(self) -> str:
        naam = self.onderdeel.label
        if self.vrijgesteld:
            return f"{naam}: vrijgesteld ({self.vrijgesteld})"
        if self.behaald:
            niveau = f" op {self.behaald_niveau.value}" if self.behaald_niveau else ""
            return f"{naam}: behaald{niveau} op {format_date(self.behaald)} ({_pogingen(self.pogingen)})"
        delen = [f"{naam}: nog geen poging" if self.pogingen == 0 else f"{naam}: niet behaald, {_pogingen(self.pogingen)}"]
        if self.gratis_over is not None:
            delen.append(f"{_pogingen(self.gratis_over, 'betaalde ')} over" if self.gratis_over else
                         "geen betaalde poging meer; een volgende is voor eigen rekening")
        if self.gepland:
            delen.append(f"gepland {format_date(self.gepland)}")
        if self.uitslag_ontbreekt:
            delen.append("uitslag ontbreekt van " + ", ".join(format_date(d) for d in self.uitslag_ontbreekt))
        return "; ".join(delen)


def _pogingen(aantal: int, soort: str = "") -> str:
    """"1 poging", "2 pogingen", "1 betaalde poging"."""
    return f"{aantal} {soort}{'poging' if aantal == 1 else 'pogingen'}"


def examen_stand(facts: PersonFacts, as_of: date) -> tuple[OnderdeelStand, ...]:
    """Per exam component (lezen, luisteren, spreken, schrijven, KNM) the state on ``as_of``.

    Attempts dated after ``as_of`` are only plans; a result recorded for a later date is ignored.
    """
    vrij = vrijgestelde_onderdelen(facts, as_of)
    asiel = facts.doelgroep is Doelgroep.ASIELSTATUSHOUDER
    out = []
    for onderdeel in ALLE_ONDERDELEN:
        pogingen = sorted((p for p in facts.examens if p.onderdeel is onderdeel), key=lambda p: p.datum)
        gemaakt = [p for p in pogingen if p.datum <= as_of]
        geslaagd = next((p for p in gemaakt if p.resultaat is ExamenResultaat.BEHAALD), None)
        gebruikt = sum(1 for p in gemaakt if telt_als_poging(p))
        gepland = next((p.datum for p in pogingen if p.datum >= as_of and p.resultaat is ExamenResultaat.GEPLAND), None)
        ontbreekt = tuple(p.datum for p in gemaakt if p.resultaat is ExamenResultaat.GEPLAND and p.datum < as_of)
        out.append(OnderdeelStand(
            onderdeel=onderdeel,
            behaald=geslaagd.datum if geslaagd else None,
            behaald_niveau=(geslaagd.niveau or Niveau.B1) if geslaagd and onderdeel is not ExamenOnderdeel.KNM else None,
            pogingen=gebruikt,
            gratis_over=max(BETAALDE_EXAMENPOGINGEN - gebruikt, 0) if asiel else None,
            vrijgesteld=vrij.get(onderdeel),
            gepland=gepland,
            uitslag_ontbreekt=ontbreekt,
        ))
    return tuple(out)


def ontbrekende_uitslagen(facts: PersonFacts, as_of: date) -> tuple[tuple[ExamenOnderdeel, date], ...]:
    """Planned attempts dated before ``as_of`` whose result is not recorded, oldest first.

    The reminder is due the day after the exam: from then on DUO may have the result.
    """
    return tuple(sorted(((p.onderdeel, p.datum) for p in facts.examens
                         if p.resultaat is ExamenResultaat.GEPLAND and p.datum < as_of),
                        key=lambda x: (x[1], x[0].value)))


def uitslag_herinnering_datum(examendatum: date) -> date:
    """The day the missing-result reminder falls due: the day after the exam."""
    return examendatum + timedelta(days=1)


@dataclass(frozen=True)
class Voorwaarde:
    tekst: str
    voldaan: bool


@dataclass(frozen=True)
class Afschaling:
    """Whether a language component of the B1-route may be lowered to A2, with each condition."""

    onderdeel: ExamenOnderdeel
    mogelijk: bool
    voorwaarden: tuple[Voorwaarde, ...]

    @property
    def toelichting(self) -> str:
        kop = (f"{self.onderdeel.label}: afschalen naar A2 mogelijk in een gewijzigd PIP"
               if self.mogelijk else f"{self.onderdeel.label}: afschalen naar A2 (nog) niet mogelijk")
        regels = "; ".join(f"{'✓' if v.voldaan else '✗'} {v.tekst}" for v in self.voorwaarden)
        return f"{kop} (Besluit inburgering 2021 art. 3.5, Regeling art. 3.5): {regels}"


def afschalen_naar_a2(facts: PersonFacts, onderdeel: ExamenOnderdeel, as_of: date) -> Afschaling:
    """The conditions for lowering ``onderdeel`` to A2 on ``as_of`` (module docstring).

    Lesson hours are the registered taal/KNM hours, the closest fact recorded for NT2 lessons.
    """
    stand = next(s for s in examen_stand(facts, as_of) if s.onderdeel is onderdeel)
    b1_gezakt = sum(1 for p in facts.examens
                    if p.onderdeel is onderdeel and p.datum <= as_of and telt_als_poging(p)
                    and p.resultaat is not ExamenResultaat.BEHAALD and (p.niveau or Niveau.B1) is Niveau.B1)
    uren = facts.uren.taal_knm
    voorwaarden = (
        Voorwaarde("leerroute is de B1-route", actuele_leerroute(facts) is Leerroute.B1),
        Voorwaarde("het is een taalonderdeel (niet KNM)", onderdeel in TAALONDERDELEN),
        Voorwaarde("onderdeel nog niet behaald of vrijgesteld", stand.behaald is None and stand.vrijgesteld is None),
        Voorwaarde(f"ten minste {AFSCHALEN_MINIMUM_UREN} uur les (geregistreerd: {format_hours(uren)})",
                   uren >= AFSCHALEN_MINIMUM_UREN),
        Voorwaarde(f"ten minste {AFSCHALEN_MINIMUM_POGINGEN} pogingen op B1 zonder te slagen (gedaan: {b1_gezakt})",
                   b1_gezakt >= AFSCHALEN_MINIMUM_POGINGEN),
    )
    return Afschaling(onderdeel, all(v.voldaan for v in voorwaarden), voorwaarden)
