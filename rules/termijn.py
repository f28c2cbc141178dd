"""The inburgeringstermijn and the other derived dates that several rules share.

Definitions (DOMAIN "Dates and deadlines"; DUO records the term with an
inclusive start and an exclusive end):

- ``T0`` (start) = the *first* PIP's dagtekening + 1 day (Wet inburgering 2021 art. 11
  lid 1, [003]); a changed PIP or a new PIP after a move does not restart it (art. 11
  lid 3), see :mod:`rules.pip`;
- ``TE`` (einde, exclusive) = DUO's recorded einddatum if known (the final word), else
  the new einddatum of the latest decided verlenging (Wi2021 art. 12), else T0 + 3 years;
- ``L`` (laatste dag) = TE − 1 day, the last day the obligation can be met.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from rules.afgeleid import per_facts
from rules.constants import (
    AANBOD_MAANDEN,
    AANBOD_MAANDEN_ONDERWIJS,
    PIP_TERMIJN_DAGEN,
    TERMIJN_JAREN,
)
from rules.dates import add_months, add_years, format_date
from rules.model import Doelgroep, Leerroute, PersonFacts, Regime, Verblijfsvergunning, Verlenging
from rules.pip import eerste_pip_datum

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Termijn:
    """A Wi2021 inburgeringstermijn: start inclusive, einde exclusive."""

    pip_datum: date
    start: date  # T0
    einde: date  # TE, exclusive, as DUO records it
    laatste_dag: date  # L = TE - 1 day
    berekend_einde: date  # T0 + 3 years, for comparison when DUO's date differs
    einde_van_duo: bool  # True when TE came from facts.termijn_einde
    verlenging: Verlenging | None = None  # the decided verlenging that set TE (when not DUO's date)
    gewijzigd_pip: date | None = None  # the current PIP when it is not the first

    @property
    def totaal_dagen(self) -> int:
        return (self.einde - self.start).days

    @property
    def toelichting(self) -> str:
        head = f"PIP gedateerd {format_date(self.pip_datum)}, termijn start {format_date(self.start)}"
        if self.gewijzigd_pip is not None:
            head = (f"Eerste PIP gedateerd {format_date(self.pip_datum)}, termijn start {format_date(self.start)} "
                    f"(het PIP van {format_date(self.gewijzigd_pip)} verschuift de start niet, Wi2021 art. 11 lid 3)")
        if self.verlenging is not None and not self.einde_van_duo:
            v = self.verlenging
            besluit = format_date(v.besluitdatum) if v.besluitdatum else "onbekend"
            return (f"{head}, verlengd ({v.grond.label}, besluit {besluit}) tot {format_date(self.einde)} "
                    f"(laatste dag {format_date(self.laatste_dag)}); zonder verlenging {format_date(self.berekend_einde)}")
        if not self.einde_van_duo:
            return f"{head}, eindigt {format_date(self.einde)} (laatste dag {format_date(self.laatste_dag)})"
        extra = "" if self.einde == self.berekend_einde else f"; zonder verlenging {format_date(self.berekend_einde)}"
        return (
            f"{head}, einddatum volgens DUO {format_date(self.einde)} "
            f"(laatste dag {format_date(self.laatste_dag)}){extra}"
        )


def laatste_verlenging(facts: PersonFacts) -> Verlenging | None:
    """The decided verlenging with the latest new einddatum, or None (Wi2021 art. 12)."""
    beslist = [v for v in facts.verlengingen if v.besluitdatum is not None and v.nieuwe_einddatum is not None]
    return max(beslist, key=lambda v: v.nieuwe_einddatum, default=None)  # type: ignore[arg-type, return-value]


@per_facts
def compute_termijn(facts: PersonFacts) -> Termijn | None:
    """The Wi2021 term from the first PIP, or None without any PIP or under the Wi2013."""
    eerste = eerste_pip_datum(facts)
    if facts.regime is not Regime.WI2021 or eerste is None:
        return None
    start = eerste + ONE_DAY
    berekend = add_years(start, TERMIJN_JAREN)
    verlenging = laatste_verlenging(facts) if facts.termijn_einde is None else None
    if verlenging is not None and verlenging.nieuwe_einddatum is not None and verlenging.nieuwe_einddatum > berekend:
        einde = verlenging.nieuwe_einddatum
    else:
        verlenging = None
        einde = facts.termijn_einde or berekend
    actueel = max((p for p in (facts.pip_datum, *(p.dagtekening for p in facts.pips)) if p is not None), default=eerste)
    return Termijn(
        pip_datum=eerste,
        start=start,
        einde=einde,
        laatste_dag=einde - ONE_DAY,
        berekend_einde=berekend,
        einde_van_duo=facts.termijn_einde is not None,
        verlenging=verlenging,
        gewijzigd_pip=actueel if actueel != eerste else None,
    )


@dataclass(frozen=True)
class PipUiterlijk:
    datum: date
    toelichting: str


def compute_pip_uiterlijk(facts: PersonFacts) -> PipUiterlijk | None:
    """The PIP deadline: 10 weeks after the later of BRP registration and DUO's notice.

    Besluit inburgering 2021 art. 5.3. Without a BRP registration there is no
    deadline yet; an unknown kennisgeving counts as the BRP date.
    """
    brp = facts.brp_inschrijving
    if facts.regime is not Regime.WI2021 or brp is None:
        return None
    kennisgeving = facts.kennisgeving_duo
    if kennisgeving is None:
        datum = brp + timedelta(days=PIP_TERMIJN_DAGEN)
        return PipUiterlijk(
            datum,
            f"BRP-inschrijving {format_date(brp)} (kennisgeving DUO onbekend); "
            f"PIP uiterlijk 10 weken na de BRP-inschrijving: {format_date(datum)}",
        )
    datum = max(brp, kennisgeving) + timedelta(days=PIP_TERMIJN_DAGEN)
    return PipUiterlijk(
        datum,
        f"BRP-inschrijving {format_date(brp)}, kennisgeving DUO {format_date(kennisgeving)}; "
        f"PIP uiterlijk 10 weken na de laatste: {format_date(datum)}",
    )


def aanbod_maanden(facts: PersonFacts) -> int:
    """3 months, or 6 on the onderwijsroute (Besluit inburgering 2021)."""
    return AANBOD_MAANDEN_ONDERWIJS if facts.leerroute is Leerroute.ONDERWIJS else AANBOD_MAANDEN


@per_facts
def compute_aanbod_uiterlijk(facts: PersonFacts) -> date | None:
    """Latest start of an asielstatushouder's inburgeringsaanbod, or None when it does not apply.

    Counted from the first PIP (a gewijzigd PIP does not give the gemeente new time).
    """
    eerste = eerste_pip_datum(facts)
    if (
        facts.doelgroep is not Doelgroep.ASIELSTATUSHOUDER
        or facts.regime is not Regime.WI2021
        or eerste is None
    ):
        return None
    return add_months(eerste, aanbod_maanden(facts))


@dataclass(frozen=True)
class AanbodTeLaat:
    """An aanbod that started, or is planned to start, after the statutory limit."""

    uiterlijk: date
    datum: date  # the actual start, or the planned one
    gepland: bool  # True: only planned
    dagen: int  # days after the limit

    @property
    def toelichting(self) -> str:
        wat = "gepland op" if self.gepland else "gestart op"
        return (f"het aanbod is {wat} {format_date(self.datum)}, {self.dagen} dagen na de uiterste datum "
                f"{format_date(self.uiterlijk)}; dit is een grond om de inburgeringstermijn te verlengen "
                "(Wi2021 art. 12; Besluit inburgering 2021 hoofdstuk 4)")


def aanbod_te_laat(facts: PersonFacts) -> AanbodTeLaat | None:
    """The actual (or else planned) start of the aanbod when it lies after the limit, or None."""
    uiterlijk = compute_aanbod_uiterlijk(facts)
    if uiterlijk is None:
        return None
    datum, gepland = (facts.aanbod_start, False) if facts.aanbod_start is not None else (facts.aanbod_gepland, True)
    if datum is None or datum <= uiterlijk:
        return None
    return AanbodTeLaat(uiterlijk, datum, gepland, (datum - uiterlijk).days)


@dataclass(frozen=True)
class OntzorgenGrond:
    """Whether financieel ontzorgen applies, and which rule decided it."""

    van_toepassing: bool
    toelichting: str


@per_facts
def ontzorgen_grond(facts: PersonFacts) -> OntzorgenGrond:
    """Financieel ontzorgen by Participatiewet art. 56a.

    The gemeente must ontzorgen every inburgeringsplichtige asielstatushouder with a
    verblijfsvergunning asiel who receives bijstand, nareizigers with a derived asylum
    permit included; only a nareiziger with a *regular* permit falls outside. A
    municipal policy excluding nareizigers (seed [000]) cannot override the law. A
    nareiziger whose permit kind is not recorded is treated as the usual case, a
    derived asylum permit, and the toelichting asks to record it.
    """
    art = "Participatiewet art. 56a"
    if facts.doelgroep is not Doelgroep.ASIELSTATUSHOUDER:
        return OntzorgenGrond(False, f"Geen financieel ontzorgen: alleen voor asielstatushouders ({art}).")
    if facts.nareiziger and facts.verblijfsvergunning is Verblijfsvergunning.REGULIER:
        return OntzorgenGrond(False, f"Geen financieel ontzorgen: nareiziger met een reguliere verblijfsvergunning "
                                    f"valt buiten {art}.")
    if not facts.bijstand:
        return OntzorgenGrond(False, f"Geen financieel ontzorgen: geen bijstandsuitkering ({art}).")
    if facts.nareiziger and facts.verblijfsvergunning is Verblijfsvergunning.ASIEL:
        return OntzorgenGrond(True, f"Financieel ontzorgen verplicht: nareiziger met een afgeleide verblijfsvergunning "
                                    f"asiel in de bijstand ({art}); een gemeentelijke uitsluiting van nareizigers geldt niet.")
    if facts.nareiziger:
        return OntzorgenGrond(True, f"Financieel ontzorgen verplicht: nareiziger in de bijstand, soort verblijfsvergunning "
                                    f"niet vastgelegd, aangenomen afgeleid asiel ({art}); leg de soort vast.")
    return OntzorgenGrond(True, f"Financieel ontzorgen verplicht: asielstatushouder in de bijstand ({art}).")


def ontzorgen_van_toepassing(facts: PersonFacts) -> bool:
    """Financieel ontzorgen applies (Participatiewet art. 56a; see :func:`ontzorgen_grond`)."""
    return ontzorgen_grond(facts).van_toepassing


def participatie_uren_van_toepassing(facts: PersonFacts) -> bool:
    """The Z-route's 800 participation hours: asielstatushouders, others only with bijstand [001, 003, 004]."""
    return facts.doelgroep is Doelgroep.ASIELSTATUSHOUDER or facts.bijstand
