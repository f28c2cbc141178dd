"""The monitor's pure rules: the period, the facts as they stood on a day, the PIP and aanbod deadlines and Z-route pace
(reused from the signaal rules), weighted medians and the small-cell suppression of the council report.

Nothing here reads the clock or a database: storage counts in SQL, grouped by
the dates a rule needs, and hands the groups to these functions with their
counts as weights, so a deadline is computed once per distinct date and by
the same rule the signalen use.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from operator import attrgetter
from datetime import date, timedelta

from rules.constants import PIP_TERMIJN_DAGEN
from rules.dates import add_months, format_date
from rules.engine import compute_zroute
from rules.errors import InputError
from rules.model import Doelgroep, Leerroute, PersonFacts, Regime, Status
from rules.policy import Policy
from rules.termijn import compute_aanbod_uiterlijk, compute_pip_uiterlijk

# The longest span a report may cover: ten years is every caseload there is;
# longer is a typo (2062 for 2026) that would only make empty months.
MAX_PERIODE_DAGEN = 3660

# The statuses that end a file and count as uitstroom (DOMAIN: afgerond, vertrokken, ontheffing, vrijstelling).
UITSTROOM_STATUSSEN = (Status.AFGEROND, Status.VERTROKKEN, Status.ONTHEFFING, Status.VRIJSTELLING)

# The buckets of the PIP-days distribution, in weeks after the later of BRP and kennisgeving;
# the law's 10 weeks is the edge between the last "op tijd" bucket and the first late one.
PIP_WEKEN_GRENZEN = (2, 4, 6, 8, 10, 12, 16, 26)

# The buckets of the Z-route pace chart: registered hours as a percentage of the even-pace expectation.
TEMPO_GRENZEN = (50, 75, 90, 100)

GEEN_CONSULENT = "(geen consulent)"


@dataclass(frozen=True)
class Periode:
    """A report's period, both days inclusive."""

    van: date
    tot: date

    @property
    def dagen(self) -> int:
        return (self.tot - self.van).days + 1

    def bevat(self, day: date | None) -> bool:
        return day is not None and self.van <= day <= self.tot

    @property
    def label(self) -> str:
        return f"{format_date(self.van)} tot en met {format_date(self.tot)}"

    def maanden(self) -> tuple[tuple[int, int], ...]:
        """Every (year, month) the period touches, in order."""
        found = []
        year, month = self.van.year, self.van.month
        while (year, month) <= (self.tot.year, self.tot.month):
            found.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return tuple(found)

    def vorige(self) -> Periode:
        """The period before this one, as ``[`` on the Monitor steps (see :meth:`_verschoven`)."""
        return self._verschoven(-1)

    def volgende(self) -> Periode:
        """The period after this one, as ``]`` on the Monitor steps (see :meth:`_verschoven`)."""
        return self._verschoven(1)

    def _verschoven(self, richting: int) -> Periode:
        """One step back (-1) or forward (1), by the calendar where the period follows it:

        - whole months (from the 1st to a month's last day: a month, a quarter, a half year, a year) move by
          as many whole months: 01-07…30-09 → 01-04…30-06;
        - from the 1st of a month to another day ("up to today") move both dates by the calendar unit the
          period lies in, so the same stretch is compared: within one month by a month (01-12…03-12 →
          01-11…03-11), from the start of a quarter within it by a quarter (01-10…03-12 → 01-07…03-09),
          from 1 January within the year by a year (01-01-2026…03-12-2026 → 01-01-2025…03-12-2025), and
          otherwise by as many months as it touches; a day the other month lacks becomes its last day;
        - any other period moves by its own number of days: 10-01…19-01 → 31-12…09-01.
        """
        maanden = len(self.maanden())
        if self.van.day == 1 and (self.tot + timedelta(days=1)).day == 1:
            van = add_months(self.van, richting * maanden)
            return Periode(van, add_months(van, maanden) - timedelta(days=1))
        if self.van.day == 1:
            zelfde_jaar = self.van.year == self.tot.year
            if maanden == 1:
                stap = 1
            elif self.van.month % 3 == 1 and zelfde_jaar and (self.tot.month - 1) // 3 == (self.van.month - 1) // 3:
                stap = 3
            elif self.van.month == 1 and zelfde_jaar:
                stap = 12
            else:
                stap = maanden
            return Periode(add_months(self.van, richting * stap), add_months(self.tot, richting * stap))
        return Periode(self.van + timedelta(days=richting * self.dagen), self.tot + timedelta(days=richting * self.dagen))


def make_periode(van: date, tot: date) -> Periode:
    """A checked period; raises :class:`InputError` with a Dutch message when it cannot be one."""
    if tot < van:
        raise InputError(
            f"De periode klopt niet: ‘tot’ ({format_date(tot)}) ligt vóór ‘van’ ({format_date(van)}). "
            "Geef eerst de begindatum en dan de einddatum."
        )
    if (tot - van).days + 1 > MAX_PERIODE_DAGEN:
        raise InputError(
            f"De periode {format_date(van)} tot en met {format_date(tot)} is langer dan tien jaar; "
            "controleer het jaartal."
        )
    return Periode(van, tot)


def standaard_periode(today: date) -> Periode:
    """The period a monitor opens on: this calendar year up to and including today."""
    return Periode(date(today.year, 1, 1), today)


# --- facts as they stood ------------------------------------------------------

# The dates on which something happened: a report on an earlier day must not see them yet. Deadlines
# recorded in advance (termijn_einde) and the geboortedatum are not events and always stay.
_EVENT_DATES = (
    "kennisgeving_duo", "koppeling", "eerste_azc_bezoek", "brp_inschrijving", "huisvesting", "brede_intake_start",
    "pip_datum", "aanbod_start", "ontzorgen_start", "pvt_ondertekend", "map_eindgesprek", "zroute_afgerond",
    "laatste_voortgangsgesprek",
)


# The lists of dated items and the date that says when each happened.
_LIST_DATES = (("pips", "dagtekening"), ("examens", "datum"), ("verlengingen", "besluitdatum"),
               ("ontheffingen", "besluitdatum"), ("vrijstellingen", "besluitdatum"))


# Read in one call each: a report asks this of every open file.
_event_dates = attrgetter(*_EVENT_DATES)
_lists = attrgetter(*(name for name, _ in _LIST_DATES))


def facts_op(facts: PersonFacts, day: date, *, gesloten_op: date | None) -> PersonFacts:
    """The facts as a report on ``day`` must see them: a date after ``day`` was not known yet, and a file
    closed after ``day`` was still actief on it (``gesloten_op`` is when the status left actief)."""
    changes: dict[str, object] = {
        name: None for name, value in zip(_EVENT_DATES, _event_dates(facts)) if value is not None and value > day
    }
    if changes and changes.get("pip_datum", facts.pip_datum) is None and facts.pip_datum is not None:
        changes["leerroute"] = None  # the leerroute is chosen in the PIP
    if facts.status is not Status.ACTIEF and gesloten_op is not None and gesloten_op > day:
        changes["status"] = Status.ACTIEF
    # The lists: a PIP, an exam or a decision of DUO dated after the day had not happened yet. A verlenging
    # without a besluitdatum is a ground on file and stays (the rules weigh it against the day themselves).
    for (name, datum), items in zip(_LIST_DATES, _lists(facts)):
        if items:
            kept = tuple(item for item in items if (when := getattr(item, datum)) is None or when <= day)
            if len(kept) != len(items):
                changes[name] = kept
    return replace(facts, **changes) if changes else facts


def actief_op(status: Status, gesloten_op: date | None, day: date) -> bool:
    """Whether a file was open on ``day``: actief now, or closed only after ``day``."""
    return status is Status.ACTIEF or (gesloten_op is not None and gesloten_op > day)


# --- PIP ------------------------------------------------------------------------


def _pip_facts(brp_inschrijving: date | None, kennisgeving_duo: date | None, pip_datum: date | None = None) -> PersonFacts:
    return PersonFacts(kenmerk="", naam="", doelgroep=Doelgroep.OVERIGE_MIGRANT, regime=Regime.WI2021,
                       brp_inschrijving=brp_inschrijving, kennisgeving_duo=kennisgeving_duo, pip_datum=pip_datum)


@dataclass(frozen=True)
class PipTermijn:
    """One PIP against its deadline: the deadline the signaal uses, and the days from the later start date."""

    uiterlijk: date
    dagen: int  # from the later of BRP-inschrijving and kennisgeving DUO to the PIP's dagtekening
    op_tijd: bool  # on or before the deadline


def pip_termijn(*, brp_inschrijving: date | None, kennisgeving_duo: date | None, pip_datum: date) -> PipTermijn | None:
    """The PIP's deadline by :func:`rules.termijn.compute_pip_uiterlijk` (the pip_termijn signaal's rule);
    None without a BRP-inschrijving, when the law gives no deadline to measure against."""
    uiterlijk = compute_pip_uiterlijk(_pip_facts(brp_inschrijving, kennisgeving_duo))
    if uiterlijk is None:
        return None
    start = uiterlijk.datum - timedelta(days=PIP_TERMIJN_DAGEN)  # the later of the two dates
    return PipTermijn(uiterlijk=uiterlijk.datum, dagen=(pip_datum - start).days, op_tijd=pip_datum <= uiterlijk.datum)


def pip_weken_bucket(dagen: int) -> str:
    """The label of the distribution bucket ``dagen`` falls into ("0-2 wk", …, "> 26 wk")."""
    onder = 0
    for grens in PIP_WEKEN_GRENZEN:
        if dagen <= grens * 7:
            return f"{onder}-{grens} wk"
        onder = grens
    return f"> {PIP_WEKEN_GRENZEN[-1]} wk"


def pip_weken_buckets() -> tuple[str, ...]:
    labels, onder = [], 0
    for grens in PIP_WEKEN_GRENZEN:
        labels.append(f"{onder}-{grens} wk")
        onder = grens
    return (*labels, f"> {PIP_WEKEN_GRENZEN[-1]} wk")


def gewogen_mediaan(pairs: Iterable[tuple[float, int]]) -> float | None:
    """The median of values given as (value, count); the mean of the two middle values for an even total."""
    items = sorted((value, count) for value, count in pairs if count > 0)
    total = sum(count for _, count in items)
    if total == 0:
        return None

    def nth(index: int) -> float:  # 0-based position in the expanded, sorted list
        seen = 0
        for value, count in items:
            seen += count
            if index < seen:
                return value
        raise AssertionError("index past the end")

    if total % 2:
        return float(nth(total // 2))
    return (nth(total // 2 - 1) + nth(total // 2)) / 2


# --- aanbod ---------------------------------------------------------------------


def aanbod_uiterlijk(*, pip_datum: date, leerroute: Leerroute | None) -> date:
    """An asielstatushouder's latest aanbod start, by :func:`rules.termijn.compute_aanbod_uiterlijk` (the signaal's rule)."""
    facts = PersonFacts(kenmerk="", naam="", doelgroep=Doelgroep.ASIELSTATUSHOUDER, regime=Regime.WI2021,
                        pip_datum=pip_datum, leerroute=leerroute)
    uiterlijk = compute_aanbod_uiterlijk(facts)
    assert uiterlijk is not None  # an asielstatushouder under the Wi2021 with a PIP always has one
    return uiterlijk


def aanbod_pip_venster(periode: Periode) -> tuple[date, date]:
    """The PIP dates whose aanbod deadline can fall in the period (3 months after the PIP, onderwijsroute 6):
    a generous window for the SQL filter; :func:`aanbod_uiterlijk` decides exactly."""
    return add_months(periode.van, -7), periode.tot


@dataclass(frozen=True)
class AanbodUitkomst:
    uiterlijk: date
    telt_mee: bool  # the deadline lies in the period and the person was still there on it
    op_tijd: bool


def aanbod_uitkomst(*, pip_datum: date, leerroute: Leerroute | None, aanbod_start: date | None,
                    status: Status, gesloten_op: date | None, periode: Periode) -> AanbodUitkomst:
    """Whether an asielstatushouder's aanbod should have started in the period and whether it started in time.

    Someone who left before the deadline without an aanbod is not counted: the
    municipality no longer had to offer it."""
    uiterlijk = aanbod_uiterlijk(pip_datum=pip_datum, leerroute=leerroute)
    op_tijd = aanbod_start is not None and aanbod_start <= uiterlijk
    vertrokken = not actief_op(status, gesloten_op, uiterlijk)
    telt_mee = periode.bevat(uiterlijk) and (op_tijd or not vertrokken)
    return AanbodUitkomst(uiterlijk=uiterlijk, telt_mee=telt_mee, op_tijd=op_tijd and telt_mee)


# --- Z-route ----------------------------------------------------------------------


@dataclass(frozen=True)
class ZrouteTempo:
    achter: bool  # the zroute_achterstand signaal's rule: below the drempel on either 800-hour target
    procent: float | None  # taal/KNM hours as a percentage of the even-pace expectation; None on day 0


def zroute_tempo(facts: PersonFacts, as_of: date, policy: Policy) -> ZrouteTempo | None:
    """A Z-route person's pace on ``as_of`` by :func:`rules.engine.compute_zroute`; None when not on an active Z-route."""
    if facts.status is not Status.ACTIEF or facts.leerroute is not Leerroute.Z or facts.pip_datum is None:
        return None
    if facts.zroute_afgerond is not None:
        return None
    zroute = compute_zroute(facts, as_of, policy)
    if zroute is None:
        return None
    achter = any(t is not None and t.achterstand for t in (zroute.taal_knm, zroute.participatie))
    verwacht = zroute.taal_knm.verwacht
    procent = 100 * zroute.taal_knm.uren / verwacht if verwacht else None
    return ZrouteTempo(achter=achter, procent=procent)


def tempo_bucket(procent: float | None) -> str:
    """The label of the pace bucket: "< 50 %", "50-75 %", …, ">= 100 %"."""
    labels = tempo_buckets()
    if procent is None:
        return labels[-1]  # day 0 of the term: nothing expected yet, so nothing behind
    for grens, label in zip(TEMPO_GRENZEN, labels):
        if procent < grens:
            return label
    return labels[-1]


def tempo_buckets() -> tuple[str, ...]:
    labels, onder = [f"< {TEMPO_GRENZEN[0]} %"], TEMPO_GRENZEN[0]
    for grens in TEMPO_GRENZEN[1:]:
        labels.append(f"{onder}-{grens} %")
        onder = grens
    return (*labels, f">= {TEMPO_GRENZEN[-1]} %")


# --- suppression ------------------------------------------------------------------


def onderdrukt(aantal: int, drempel: int) -> bool:
    """A count of people below the drempel (but not zero) is not shown in the council report, so no one is recognisable."""
    return 0 < aantal < drempel


def toon_aantal(aantal: int, drempel: int) -> str:
    """A count as the council report prints it: "< 5" below the drempel, else the number."""
    return f"< {drempel}" if onderdrukt(aantal, drempel) else str(aantal)


def consulent_naam(consulent: str | None) -> str:
    return (consulent or "").strip() or GEEN_CONSULENT
