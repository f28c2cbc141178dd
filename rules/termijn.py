"""The inburgeringstermijn and the other derived dates that several rules share.

Definitions (DOMAIN "Dates and deadlines"; DUO records the term with an
inclusive start and an exclusive end):

- ``T0`` (start) = PIP dagtekening + 1 day (Wet inburgering 2021 art. 11, [003]);
- ``TE`` (einde, exclusive) = DUO's recorded einddatum if known, else T0 + 3 years;
- ``L`` (laatste dag) = TE − 1 day, the last day the obligation can be met.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from rules.constants import (
    AANBOD_MAANDEN,
    AANBOD_MAANDEN_ONDERWIJS,
    PIP_TERMIJN_DAGEN,
    TERMIJN_JAREN,
)
from rules.dates import add_months, add_years, format_date
from rules.model import Doelgroep, Leerroute, PersonFacts, Regime

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

    @property
    def totaal_dagen(self) -> int:
        return (self.einde - self.start).days

    @property
    def toelichting(self) -> str:
        head = f"PIP gedateerd {format_date(self.pip_datum)}, termijn start {format_date(self.start)}"
        if not self.einde_van_duo:
            return f"{head}, eindigt {format_date(self.einde)} (laatste dag {format_date(self.laatste_dag)})"
        extra = "" if self.einde == self.berekend_einde else f"; zonder verlenging {format_date(self.berekend_einde)}"
        return (
            f"{head}, einddatum volgens DUO {format_date(self.einde)} "
            f"(laatste dag {format_date(self.laatste_dag)}){extra}"
        )


def compute_termijn(facts: PersonFacts) -> Termijn | None:
    """The Wi2021 term, or None without a PIP or under the Wi2013."""
    if facts.regime is not Regime.WI2021 or facts.pip_datum is None:
        return None
    start = facts.pip_datum + ONE_DAY
    berekend = add_years(start, TERMIJN_JAREN)
    einde = facts.termijn_einde or berekend
    return Termijn(
        pip_datum=facts.pip_datum,
        start=start,
        einde=einde,
        laatste_dag=einde - ONE_DAY,
        berekend_einde=berekend,
        einde_van_duo=facts.termijn_einde is not None,
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


def compute_aanbod_uiterlijk(facts: PersonFacts) -> date | None:
    """Latest start of an asielstatushouder's inburgeringsaanbod, or None when it does not apply."""
    if (
        facts.doelgroep is not Doelgroep.ASIELSTATUSHOUDER
        or facts.regime is not Regime.WI2021
        or facts.pip_datum is None
    ):
        return None
    return add_months(facts.pip_datum, aanbod_maanden(facts))


def ontzorgen_van_toepassing(facts: PersonFacts) -> bool:
    """Financieel ontzorgen: asielstatushouders in the bijstand, not nareizigers [000, 001]."""
    return facts.doelgroep is Doelgroep.ASIELSTATUSHOUDER and not facts.nareiziger and facts.bijstand


def participatie_uren_van_toepassing(facts: PersonFacts) -> bool:
    """The Z-route's 800 participation hours: asielstatushouders, others only with bijstand [001, 003, 004]."""
    return facts.doelgroep is Doelgroep.ASIELSTATUSHOUDER or facts.bijstand
