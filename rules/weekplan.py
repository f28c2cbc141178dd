"""The weekplan as pure functions: ISO weeks, which entries apply, overlaps, totals, holidays, templates and hour proposals.

A weekplan entry repeats every week on its ``weekdag`` (0 = maandag) from
``geldig_van`` up to and including ``geldig_tot`` (open-ended when None).
Ending an entry sets ``geldig_tot`` and a change applies from a chosen date on
(the old entry ends the day before, a new one starts), so an old week still
shows the plan as it was. Only an entry that never applied before the week it
is ended in is removed outright (:func:`removed_when_ended`).

Hours proposed from the weekplan ("registreer deze week volgens weekplan"):

=======================================  ==========================================
weekplan activity                        urenregistratie soort
=======================================  ==========================================
taal, formeel (taalschool)               ``taal_knm``; on or before the PIP date
                                         ``taal_knm_brede_intake`` (the term starts
                                         the day after the PIP, DOMAIN "Dates")
taal, informeel (taalmaatje, taalcafé)   ``participatie``
participatie                             ``participatie``
financiële educatie                      ``participatie``
=======================================  ==========================================

Why informal language counts as participatie: DUO's taal/KNM counter holds
the hours *at the school* (the Z-route's 800 hours "language + KNM" are the
taalschool's lessons), while the other 800 hours cover everything that builds
self-reliance, "joining a club" included [001, 004]. A taalcafé or taalmaatje
is practice in the community, not a lesson, so it is proposed as participatie.
Financial education (Omgaan met Geld) is self-reliance, so participatie too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, time, timedelta
from functools import lru_cache

from rules import limits
from rules.dates import format_date, format_hours, parse_date, parse_optional_date
from rules.errors import InputError
from rules.model import Taalvorm, UrenSoort, VerzuimReden, WeekplanCategorie
from rules.policy import Policy

WEEKDAGEN = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
WEEKDAGEN_KORT = ("ma", "di", "wo", "do", "vr", "za", "zo")

# Field lengths of table weekplan_entry (storage/models.py) and urenregistratie.bron.
MAX_ACTIVITEIT = limits.ACTIVITEIT
MAX_AANBIEDER = limits.AANBIEDER
MAX_LOCATIE = limits.LOCATIE
MAX_BRON = limits.BRON

# Source written on hours proposed from an entry without an aanbieder.
BRON_WEEKPLAN = "weekplan"


# --- entries ------------------------------------------------------------------


@dataclass(frozen=True)
class WeekplanItem:
    """One weekly recurring activity of a person's weekplan."""

    weekdag: int  # 0 = maandag
    start_tijd: time
    eind_tijd: time
    categorie: WeekplanCategorie
    activiteit: str
    geldig_van: date
    geldig_tot: date | None = None  # inclusive; None: open-ended
    taalvorm: Taalvorm | None = None  # only for categorie taal
    aanbieder: str = ""
    locatie: str = ""
    id: int | None = None  # the database id once stored

    @property
    def minuten(self) -> int:
        return _minutes(self.eind_tijd) - _minutes(self.start_tijd)

    @property
    def uren(self) -> float:
        return self.minuten / 60

    @property
    def tijden(self) -> str:
        return f"{self.start_tijd:%H:%M}-{self.eind_tijd:%H:%M}"

    @property
    def soort_label(self) -> str:
        """"taal (formeel)", "participatie", "financiële educatie"."""
        if self.categorie is WeekplanCategorie.TAAL and self.taalvorm is not None:
            return f"taal ({self.taalvorm.value})"
        return self.categorie.label

    def geldig_op(self, day: date) -> bool:
        """Whether the entry takes place on ``day`` (right weekday, within its period)."""
        return (
            day.weekday() == self.weekdag
            and self.geldig_van <= day
            and (self.geldig_tot is None or day <= self.geldig_tot)
        )


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


# --- ISO weeks ----------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Week:
    """An ISO week (maandag to zondag), as the Dutch calendar numbers it."""

    jaar: int
    nummer: int

    @classmethod
    def of(cls, day: date) -> Week:
        jaar, nummer, _ = day.isocalendar()
        return cls(jaar, nummer)

    @property
    def maandag(self) -> date:
        return date.fromisocalendar(self.jaar, self.nummer, 1)

    @property
    def zondag(self) -> date:
        return self.maandag + timedelta(days=6)

    @property
    def dagen(self) -> tuple[date, ...]:
        return tuple(self.maandag + timedelta(days=n) for n in range(7))

    @property
    def label(self) -> str:
        """"week 48, 23-11-2026 t/m 29-11-2026"."""
        return f"week {self.nummer}, {format_date(self.maandag)} t/m {format_date(self.zondag)}"

    @property
    def code(self) -> str:
        """ISO 8601 notation, "2026-W48" (used in file names and on the command line)."""
        return f"{self.jaar:04d}-W{self.nummer:02d}"  # four digits, as parse_week reads it (also before year 1000)

    def plus(self, weeks: int) -> Week:
        return Week.of(self.maandag + timedelta(weeks=weeks))

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.maandag <= day <= self.zondag


_WEEK = re.compile(r"(\d{4})-?[wW](\d{1,2})|(\d{4})-(\d{1,2})", re.ASCII)


def parse_week(text: str) -> Week:
    """Read an ISO week: ``2026-W48``, ``2026W48`` or ``2026-48``."""
    stripped = text.strip() if isinstance(text, str) else ""
    m = _WEEK.fullmatch(stripped)
    if not m:
        raise InputError(f"‘{stripped[:40]}’ is geen week; gebruik jjjj-Www, bijvoorbeeld 2026-W48.")
    jaar, nummer = (int(m[1]), int(m[2])) if m[1] else (int(m[3]), int(m[4]))
    try:
        week = Week.of(date.fromisocalendar(jaar, nummer, 1))
    except ValueError:
        raise InputError(f"{jaar} heeft geen week {nummer}; een jaar heeft week 1 tot en met 52 of 53.") from None
    try:
        date.fromisocalendar(jaar, nummer, 7)
    except (ValueError, OverflowError):  # the calendar's edge: week 52 of 9999 ends after the last date there is
        raise InputError(f"Week {nummer} van {jaar} loopt voorbij het einde van de kalender; kies een eerdere week.") from None
    return week


# --- holidays -----------------------------------------------------------------


@lru_cache(maxsize=16)
def _holidays_of_year(jaar: int) -> Mapping[date, str]:
    import holidays  # pure data; imported lazily so loading rules stays fast

    return dict(holidays.country_holidays("NL", years=jaar, language="nl").items())


def feestdagen(week: Week) -> dict[date, str]:
    """Dutch public holidays in ``week``, with their Dutch names (a week can span two years)."""
    found: dict[date, str] = {}
    for day in week.dagen:
        naam = _holidays_of_year(day.year).get(day)
        if naam:
            found[day] = naam
    return found


# --- one week of the plan -----------------------------------------------------


@dataclass(frozen=True)
class PlanDag:
    """One day of a week: the activities that take place, which overlap, and a holiday."""

    datum: date
    items: tuple[WeekplanItem, ...]  # by start time, then end time, then activity
    overlap: frozenset[int]  # indexes into items of activities that overlap another
    feestdag: str | None = None

    @property
    def naam(self) -> str:
        return WEEKDAGEN[self.datum.weekday()]

    @property
    def kort(self) -> str:
        return WEEKDAGEN_KORT[self.datum.weekday()]

    @property
    def minuten(self) -> int:
        """Planned minutes on the day; overlapping time counts once (geplande_minuten)."""
        return sum(geplande_minuten(self.items))


def overlapping(items: Sequence[WeekplanItem]) -> frozenset[int]:
    """Indexes of the items that overlap another in time (touching, 12:00-12:00, is fine)."""
    found: set[int] = set()
    for i, a in enumerate(items):
        for j in range(i + 1, len(items)):
            b = items[j]
            if a.start_tijd < b.eind_tijd and b.start_tijd < a.eind_tijd:
                found.update((i, j))
    return frozenset(found)


def overlappen_met(item: WeekplanItem, others: Iterable[WeekplanItem], *,
                   behalve: Iterable[int | None] = ()) -> tuple[WeekplanItem, ...]:
    """The activities of ``others`` that would take place at the same time as ``item`` on some day: the same weekday,
    periods that share a day, and times that overlap (touching, 12:00-12:00, is fine). Those with an id in
    ``behalve`` (the entry being changed) are left out. A person cannot be in two places at once, so the form asks."""
    skip = {i for i in behalve if i is not None}
    found = []
    for other in others:
        if other.id is not None and other.id in skip:
            continue
        if other.weekdag != item.weekdag:
            continue
        if not (item.start_tijd < other.eind_tijd and other.start_tijd < item.eind_tijd):
            continue
        if (item.geldig_tot is not None and item.geldig_tot < other.geldig_van) or \
                (other.geldig_tot is not None and other.geldig_tot < item.geldig_van):
            continue
        found.append(other)
    return tuple(sorted(found, key=_order))


def geplande_minuten(items: Sequence[WeekplanItem]) -> tuple[int, ...]:
    """Per item of one day (in the day's order), the minutes it adds to the plan: time an earlier activity already
    covers is not counted again, so overlapping activities never make the planned total larger than the day."""
    gedekt: list[tuple[int, int]] = []  # merged covered intervals so far, in minutes since midnight
    out = []
    for item in items:
        start, eind = _minutes(item.start_tijd), _minutes(item.eind_tijd)
        nieuw = max(eind - start, 0)
        for van, tot in gedekt:
            nieuw -= max(0, min(eind, tot) - max(start, van))
        out.append(max(nieuw, 0))
        gedekt = _merge([*gedekt, (start, eind)])
    return tuple(out)


def _merge(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for van, tot in sorted(intervals):
        if merged and van <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], tot))
        else:
            merged.append((van, tot))
    return merged


def _order(item: WeekplanItem) -> tuple:
    return (item.start_tijd, item.eind_tijd, item.activiteit.lower(), item.id or 0)


def plan_week(items: Iterable[WeekplanItem], week: Week, *, holidays: Mapping[date, str] | None = None) -> tuple[PlanDag, ...]:
    """The seven days of ``week`` with the activities that apply on each."""
    items = tuple(items)
    holidays = feestdagen(week) if holidays is None else holidays
    days = []
    for day in week.dagen:
        on_day = tuple(sorted((i for i in items if i.geldig_op(day)), key=_order))
        days.append(PlanDag(day, on_day, overlapping(on_day), holidays.get(day)))
    return tuple(days)


# --- totals against the policy's targets ----------------------------------------


@dataclass(frozen=True)
class CategorieTotaal:
    """Planned hours of one category in one week, against the municipality's target."""

    categorie: WeekplanCategorie
    minuten: int
    doel_uren: float

    @property
    def uren(self) -> float:
        return self.minuten / 60

    @property
    def tekort_uren(self) -> float:
        return max(self.doel_uren - self.uren, 0.0)

    @property
    def leeg(self) -> bool:
        return self.minuten == 0

    @property
    def in_orde(self) -> bool:
        return self.tekort_uren <= 1e-9 and not (self.leeg and self.doel_uren > 0)

    @property
    def melding(self) -> str:
        """"tekort 3,5 u", "geen financiële educatie gepland" or "doel gehaald"."""
        if self.leeg:
            return f"geen {self.categorie.label} gepland" if self.doel_uren > 0 else "geen doel, niets gepland"
        if self.in_orde:
            return "doel gehaald"
        return f"tekort {format_hours(self.tekort_uren)} u"


def doel_uren(categorie: WeekplanCategorie, policy: Policy) -> float:
    return {
        WeekplanCategorie.TAAL: policy.weekdoel_taal_uren,
        WeekplanCategorie.PARTICIPATIE: policy.weekdoel_participatie_uren,
        WeekplanCategorie.FINANCIELE_EDUCATIE: policy.weekdoel_financiele_educatie_uren,
    }[categorie]


def week_totals(days: Iterable[PlanDag], policy: Policy) -> tuple[CategorieTotaal, ...]:
    """Planned hours per category over the week (holidays included: the plan, not what happens); time two
    activities overlap counts once."""
    minuten = {c: 0 for c in WeekplanCategorie}
    for day in days:
        # Overlapping time counts once, for the activity that starts first (geplande_minuten).
        for item, gepland in zip(day.items, geplande_minuten(day.items)):
            minuten[item.categorie] += gepland
    return tuple(CategorieTotaal(c, minuten[c], doel_uren(c, policy)) for c in WeekplanCategorie)


# --- making a plan quickly ------------------------------------------------------


def copy_previous_week(items: Iterable[WeekplanItem], week: Week) -> tuple[WeekplanItem, ...]:
    """New entries from ``week`` on for those that took place the week before but ended then.

    Entries that still apply in ``week`` need no copy; an entry identical in
    day, times and activity to one already planned in ``week`` is not copied twice,
    and neither is one that a change replaced (:func:`split_edit`: a new entry on
    the same day or with the same activity starts the day after it ended).
    """
    items = tuple(items)
    replaced = {
        old
        for old in items
        for new in items
        if old.geldig_tot is not None
        and new.geldig_van == old.geldig_tot + timedelta(days=1)
        and (new.weekdag == old.weekdag or new.activiteit.strip().lower() == old.activiteit.strip().lower())
    }
    vorige = week.plus(-1)
    planned = {
        (i.weekdag, i.start_tijd, i.eind_tijd, i.activiteit.strip().lower())
        for i in items
        if i.geldig_op(week.maandag + timedelta(days=i.weekdag))
    }
    copies = []
    for item in sorted(items, key=lambda i: (i.weekdag, *_order(i))):
        took_place = item.geldig_op(vorige.maandag + timedelta(days=item.weekdag))
        key = (item.weekdag, item.start_tijd, item.eind_tijd, item.activiteit.strip().lower())
        if (
            took_place
            and item.geldig_tot is not None
            and item.geldig_tot < week.maandag
            and key not in planned
            and item not in replaced
        ):
            planned.add(key)
            copies.append(replace(item, id=None, geldig_van=week.maandag, geldig_tot=None))
    return tuple(copies)


@dataclass(frozen=True)
class TemplateRegel:
    weekdag: int
    start: tuple[int, int]
    eind: tuple[int, int]
    categorie: WeekplanCategorie
    activiteit: str
    taalvorm: Taalvorm | None = None


@dataclass(frozen=True)
class WeekTemplate:
    """A named standard week; the consulent fills in aanbieder and locatie afterwards."""

    naam: str
    omschrijving: str
    regels: tuple[TemplateRegel, ...]

    def uren(self, categorie: WeekplanCategorie) -> float:
        return sum(
            (r.eind[0] * 60 + r.eind[1] - r.start[0] * 60 - r.start[1]) for r in self.regels if r.categorie is categorie
        ) / 60


_T, _P, _F = WeekplanCategorie.TAAL, WeekplanCategorie.PARTICIPATIE, WeekplanCategorie.FINANCIELE_EDUCATIE
_FORMEEL, _INFORMEEL = Taalvorm.FORMEEL, Taalvorm.INFORMEEL

# Standard weeks per leerroute, meeting the default weekdoelen (12 / 8 / 1 hours)
# with a daily rhythm and group activities, as municipalities want [001, 004].
TEMPLATES: tuple[WeekTemplate, ...] = (
    WeekTemplate(
        "B1-route standaardweek",
        "taalles drie ochtenden, taalcafé en taalmaatje, vrijwilligerswerk en werkervaring, Omgaan met Geld",
        (
            TemplateRegel(0, (9, 0), (12, 0), _T, "Taalles Nederlands B1", _FORMEEL),
            TemplateRegel(1, (9, 0), (12, 0), _T, "Taalles Nederlands B1", _FORMEEL),
            TemplateRegel(3, (9, 0), (12, 0), _T, "Taalles Nederlands B1", _FORMEEL),
            TemplateRegel(2, (14, 0), (15, 30), _T, "Taalcafé", _INFORMEEL),
            TemplateRegel(4, (10, 0), (11, 30), _T, "Taalmaatje", _INFORMEEL),
            TemplateRegel(2, (9, 0), (13, 0), _P, "Vrijwilligerswerk"),
            TemplateRegel(4, (13, 0), (17, 0), _P, "Werkervaringsplek"),
            TemplateRegel(1, (13, 30), (15, 0), _F, "Omgaan met Geld (groep)"),
        ),
    ),
    WeekTemplate(
        "Z-route standaardweek",
        "taalles A1 vier ochtenden, taalmaatje, fietsles, empowerment, vrijwilligerswerk, Omgaan met Geld",
        (
            TemplateRegel(0, (9, 0), (11, 30), _T, "Taalles Nederlands A1", _FORMEEL),
            TemplateRegel(1, (9, 0), (11, 30), _T, "Taalles Nederlands A1", _FORMEEL),
            TemplateRegel(2, (9, 0), (11, 30), _T, "Taalles Nederlands A1", _FORMEEL),
            TemplateRegel(3, (9, 0), (11, 30), _T, "Taalles Nederlands A1", _FORMEEL),
            TemplateRegel(2, (14, 0), (16, 0), _T, "Taalmaatje", _INFORMEEL),
            TemplateRegel(0, (13, 0), (15, 0), _P, "Empowermentgroep"),
            TemplateRegel(1, (13, 0), (15, 0), _P, "Fietsles"),
            TemplateRegel(4, (9, 0), (13, 0), _P, "Vrijwilligerswerk"),
            TemplateRegel(3, (13, 0), (14, 0), _F, "Omgaan met Geld (groep)"),
        ),
    ),
    WeekTemplate(
        "Onderwijsroute standaardweek",
        "taalschakeltraject vier dagen, loopbaanoriëntatie, vrijwilligerswerk, sportclub, Omgaan met Geld",
        (
            TemplateRegel(0, (9, 0), (15, 0), _T, "Taalschakeltraject", _FORMEEL),
            TemplateRegel(1, (9, 0), (15, 0), _T, "Taalschakeltraject", _FORMEEL),
            TemplateRegel(2, (9, 0), (15, 0), _T, "Taalschakeltraject", _FORMEEL),
            TemplateRegel(3, (9, 0), (15, 0), _T, "Taalschakeltraject", _FORMEEL),
            TemplateRegel(4, (9, 0), (12, 0), _P, "Loopbaanoriëntatie"),
            TemplateRegel(4, (13, 0), (17, 0), _P, "Vrijwilligerswerk"),
            TemplateRegel(2, (16, 0), (17, 0), _P, "Sportclub"),
            TemplateRegel(3, (15, 30), (16, 30), _F, "Omgaan met Geld (digitaal)"),
        ),
    ),
)


def template_named(naam: str, extra: Iterable[WeekTemplate] = ()) -> WeekTemplate:
    """A built-in standard week, or one of the municipality's own (`extra`, see parse_templates)."""
    for template in (*TEMPLATES, *extra):
        if template.naam == naam:
            return template
    raise KeyError(naam)


def apply_template(template: WeekTemplate, geldig_van: date) -> tuple[WeekplanItem, ...]:
    """The template's activities as new entries, valid from ``geldig_van`` on."""
    return tuple(
        WeekplanItem(
            weekdag=r.weekdag,
            start_tijd=time(*r.start),
            eind_tijd=time(*r.eind),
            categorie=r.categorie,
            taalvorm=r.taalvorm,
            activiteit=r.activiteit,
            geldig_van=geldig_van,
        )
        for r in template.regels
    )


# --- form input -----------------------------------------------------------------


class WeekplanError(InputError):
    """A weekplan form field could not be accepted; ``veld`` names the field."""

    def __init__(self, message: str, *, veld: str) -> None:
        super().__init__(message)
        self.veld = veld


_TIME = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?", re.ASCII)


def parse_time(text: str, *, wat: str = "de tijd", veld: str = "tijd") -> time:
    """Read a clock time: ``9:00``, ``09:30``, ``9.30`` or a whole hour ``9``."""
    stripped = text.strip() if isinstance(text, str) else ""
    if not stripped:
        raise WeekplanError(f"Vul {wat} in als uu:mm, bijvoorbeeld 09:00.", veld=veld)
    m = _TIME.fullmatch(stripped)
    if not m or int(m[1]) > 23 or int(m[2] or 0) > 59:
        raise WeekplanError(f"‘{stripped[:20]}’ is geen geldige tijd voor {wat}; gebruik uu:mm, bijvoorbeeld 09:00 of 13:30.", veld=veld)
    return time(int(m[1]), int(m[2] or 0))


def _text(value: str, *, wat: str, veld: str, maximum: int, required: bool = False) -> str:
    cleaned = " ".join((value or "").split())
    if required and not cleaned:
        raise WeekplanError(f"Vul {wat} in, bijvoorbeeld ‘Taalles Nederlands’.", veld=veld)
    if len(cleaned) > maximum:
        raise WeekplanError(f"{wat.capitalize()} is te lang: hoogstens {maximum} tekens (nu {len(cleaned)}).", veld=veld)
    return cleaned


def build_item(
    *,
    weekdag: int,
    start: str,
    eind: str,
    categorie: WeekplanCategorie,
    taalvorm: Taalvorm | None,
    activiteit: str,
    aanbieder: str,
    locatie: str,
    geldig_van: str,
    geldig_tot: str,
    today: date,
    id: int | None = None,
) -> WeekplanItem:
    """A validated entry from the form's text, or :class:`WeekplanError` naming the field to fix."""
    if not 0 <= weekdag <= 6:
        raise WeekplanError("Kies een dag van de week (maandag tot en met zondag).", veld="weekdag")
    start_tijd = parse_time(start, wat="de begintijd", veld="start")
    eind_tijd = parse_time(eind, wat="de eindtijd", veld="eind")
    if eind_tijd <= start_tijd:
        raise WeekplanError(
            f"De eindtijd ({eind_tijd:%H:%M}) moet na de begintijd ({start_tijd:%H:%M}) liggen.", veld="eind"
        )
    activiteit = _text(activiteit, wat="de activiteit", veld="activiteit", maximum=MAX_ACTIVITEIT, required=True)
    aanbieder = _text(aanbieder, wat="de aanbieder", veld="aanbieder", maximum=MAX_AANBIEDER)
    locatie = _text(locatie, wat="de locatie", veld="locatie", maximum=MAX_LOCATIE)
    try:
        van = parse_date(geldig_van, today=today)
    except InputError as exc:
        raise WeekplanError(f"Geldig van: {exc.message}", veld="geldig_van") from None
    try:
        tot = parse_optional_date(geldig_tot, today=today)
    except InputError as exc:
        raise WeekplanError(f"Geldig tot: {exc.message}", veld="geldig_tot") from None
    if tot is not None and tot < van:
        raise WeekplanError(
            f"Geldig tot ({format_date(tot)}) ligt vóór geldig van ({format_date(van)}); "
            "kies een latere einddatum of laat hem leeg.",
            veld="geldig_tot",
        )
    if categorie is WeekplanCategorie.TAAL:
        taalvorm = taalvorm or Taalvorm.FORMEEL
    else:
        taalvorm = None
    return WeekplanItem(
        weekdag=weekdag,
        start_tijd=start_tijd,
        eind_tijd=eind_tijd,
        categorie=categorie,
        taalvorm=taalvorm,
        activiteit=activiteit,
        aanbieder=aanbieder,
        locatie=locatie,
        geldig_van=van,
        geldig_tot=tot,
        id=id,
    )


# --- changing and ending an entry ---------------------------------------------------


def _inhoud(item: WeekplanItem) -> tuple:
    """What an entry plans, apart from its period."""
    return (item.weekdag, item.start_tijd, item.eind_tijd, item.categorie, item.taalvorm,
            item.activiteit, item.aanbieder, item.locatie)


@dataclass(frozen=True)
class Wijziging:
    """How to store a changed entry: ``beeindigd`` (the old entry, ended) is None for a change in place."""

    nieuw: WeekplanItem  # with the old id when changed in place, without an id when it is a new entry
    beeindigd: WeekplanItem | None = None


def split_edit(old: WeekplanItem, edited: WeekplanItem) -> Wijziging:
    """Store ``edited`` (``old`` as changed in the form) so that weeks before ``edited.geldig_van`` keep the old plan.

    ``edited.geldig_van`` is the date the change applies from. The entry is
    changed in place when only its period changes (geldig_tot, or an earlier
    start), or when the change applies from the week the entry starts in (or
    earlier: a correction of the whole entry). Otherwise the old entry ends the
    day before and a new one starts on that date.
    """
    van = min(old.geldig_van, edited.geldig_van)
    if (
        _inhoud(old) == _inhoud(edited)
        or edited.geldig_van <= old.geldig_van
        or Week.of(edited.geldig_van) == Week.of(old.geldig_van)
    ):
        return Wijziging(replace(edited, id=old.id, geldig_van=van))
    if old.geldig_tot is not None and old.geldig_tot < edited.geldig_van:
        raise WeekplanError(
            f"‘{old.activiteit}’ eindigt op {format_date(old.geldig_tot)}; een wijziging kan uiterlijk dan ingaan. "
            "Kies een eerdere datum bij ‘geldig van’.",
            veld="geldig_van",
        )
    return Wijziging(
        replace(edited, id=None),
        replace(old, geldig_tot=edited.geldig_van - timedelta(days=1)),
    )


def removed_when_ended(item: WeekplanItem, week: Week) -> bool:
    """Whether ending ``item`` in ``week`` removes it: it starts in that week (or later), so no earlier week had it."""
    return item.geldig_van >= week.maandag


# --- hours according to the weekplan --------------------------------------------


def uren_soort(item: WeekplanItem, datum: date, *, pip_datum: date | None) -> UrenSoort:
    """The kind of hours an activity yields on ``datum`` (table in the module docstring)."""
    if item.categorie is WeekplanCategorie.TAAL and item.taalvorm is not Taalvorm.INFORMEEL:
        if pip_datum is None or datum <= pip_datum:
            return UrenSoort.TAAL_KNM_BREDE_INTAKE
        return UrenSoort.TAAL_KNM
    return UrenSoort.PARTICIPATIE


def bron_for(item: WeekplanItem) -> str:
    return (item.aanbieder.strip() or BRON_WEEKPLAN)[:MAX_BRON]


VOORSTEL = "voorstel"
NA_VANDAAG = "na vandaag"
NOG_NIET_AFGELOPEN = "nog niet afgelopen"
AL_GEREGISTREERD = "al geregistreerd"
NIET_GEVOLGD = "niet gevolgd"  # marked with a verzuim reason earlier: never proposed again as attended


@dataclass(frozen=True)
class BekendVerzuim:
    """A planned activity on a date, marked as not followed with a reason (table verzuim)."""

    datum: date
    activiteit: str
    bron: str
    reden: VerzuimReden

    @property
    def sleutel(self) -> tuple[date, str, str]:
        return (self.datum, self.activiteit, self.bron)


@dataclass(frozen=True)
class BestaandeUren:
    """Hours already registered for the person (by hand, from the weekplan or imported)."""

    datum: date
    soort: UrenSoort
    minuten: int
    bron: str = ""
    ingelezen: bool = False  # imported from a school's report: possibly a total over a period up to ``datum``

    @property
    def omschrijving(self) -> str:
        """"3 u taal/KNM (Taalschool De Brug, ingelezen)"."""
        wie = ", ".join(p for p in (self.bron, "ingelezen" if self.ingelezen else "") if p)
        return f"{format_hours(self.minuten / 60)} u {self.soort.label}" + (f" ({wie})" if wie else "")


@dataclass(frozen=True)
class UrenVoorstel:
    """One planned activity on one date, proposed as hours followed."""

    datum: date
    soort: UrenSoort
    minuten: int
    bron: str
    omschrijving: str
    item: WeekplanItem
    status: str = VOORSTEL  # VOORSTEL, NA_VANDAAG, NOG_NIET_AFGELOPEN, AL_GEREGISTREERD or NIET_GEVOLGD
    feestdag: str | None = None
    elders: tuple[BestaandeUren, ...] = ()  # hours of this soort from another source that may cover this day
    verzuim: VerzuimReden | None = None  # with NIET_GEVOLGD: the reason recorded

    @property
    def sleutel(self) -> tuple[date, str, str]:
        """What a verzuim record of this activity on this date is matched by."""
        return (self.datum, self.omschrijving, self.bron)

    @property
    def toelichting(self) -> str:
        """The status as the screen says it: "niet gevolgd (ziek)", "nog niet afgelopen", …"""
        if self.status == NIET_GEVOLGD and self.verzuim is not None:
            return f"niet gevolgd ({self.verzuim.label})"
        return self.status

    @property
    def kan_registreren(self) -> bool:
        return self.status == VOORSTEL

    @property
    def standaard_aan(self) -> bool:
        """Proposed as followed, except on a public holiday (the school is closed) or when another source has it."""
        return self.kan_registreren and self.feestdag is None and not self.elders

    @property
    def reden_uit(self) -> str:
        """Why a possible registration is proposed unticked: "valt op Tweede kerstdag", "al 3 u van Taalschool (ingelezen)"."""
        if not self.kan_registreren:
            return ""
        redenen = [f"valt op {self.feestdag}"] if self.feestdag else []
        for e in self.elders:
            extra = ", ".join(x for x in ("ingelezen" if e.ingelezen else "", "" if e.datum == self.datum else f"{e.datum:%d-%m}") if x)
            redenen.append(f"al {format_hours(e.minuten / 60)} u " + (f"van {e.bron}" if e.bron else "zonder bron")
                           + (f" ({extra})" if extra else ""))
        return "; ".join(redenen)


def _covers(bestaand: BestaandeUren, datum: date) -> bool:
    """Whether hours from another source may already hold ``datum``: the same day, or for an imported
    period total any day of the week up to its date (a school reports a period afterwards)."""
    if bestaand.ingelezen:
        return Week.of(bestaand.datum) == Week.of(datum) and datum <= bestaand.datum
    return bestaand.datum == datum


def propose_registration(
    days: Iterable[PlanDag],
    *,
    today: date,
    pip_datum: date | None,
    registered: Iterable[BestaandeUren] = (),
    verzuim: Iterable[BekendVerzuim] = (),
    now: time | None = None,
) -> tuple[UrenVoorstel, ...]:
    """The week's planned activities as hours, in plan order.

    Dates after ``today``, activities of today that end after ``now`` (the time of day; None: the
    day is over), activities marked as not followed (``verzuim``) and activities whose
    (datum, soort, bron) already has a registration are returned with a status that says why
    they cannot be registered. Hours of the same soort from another source on that day (or an
    imported period total up to that day) are listed in ``elders`` and the
    activity is proposed unticked, so nothing is counted twice unseen.
    """
    days = tuple(days)
    registered = tuple(registered)
    keys = {(r.datum, r.soort, r.bron) for r in registered}
    missed = {v.sleutel: v.reden for v in verzuim}
    other = andere_bron(days, registered, pip_datum=pip_datum)
    found = []
    for day in days:
        for item in day.items:
            soort = uren_soort(item, day.datum, pip_datum=pip_datum)
            bron = bron_for(item)
            elders: tuple[BestaandeUren, ...] = ()
            reden = missed.get((day.datum, item.activiteit, bron))
            if day.datum > today:
                status = NA_VANDAAG
            elif day.datum == today and now is not None and item.eind_tijd > now:
                status = NOG_NIET_AFGELOPEN
            elif (day.datum, soort, bron) in keys:
                status = AL_GEREGISTREERD
            elif reden is not None:
                status = NIET_GEVOLGD
            else:
                status = VOORSTEL
                elders = tuple(r for r in other if r.soort is soort and _covers(r, day.datum))
            found.append(UrenVoorstel(day.datum, soort, item.minuten, bron, item.activiteit, item, status, day.feestdag, elders,
                                      reden if status == NIET_GEVOLGD else None))
    return tuple(found)


# Why a taalcafé, taalmaatje or financiële educatie counts as participatie for the Z-route: shown in the
# uren and weekplan screens (F1 and a help line), so the consulent can explain it to a school or colleague.
# Source: Besluit inburgering 2021, the Z-route's two hour norms (800 hours Dutch language and KNM, 800 hours
# participatie, activering and zelfredzaamheid: rules.constants.ZROUTE_UREN_*); what counts as participation:
# DOMAIN.md "Leerroutes" and "The weekplan" [001, 003, 004]. (Article number deliberately not cited: to be checked.)
ZROUTE_PARTICIPATIE_UITLEG = (
    "Waarom telt een taalcafé of financiële educatie als participatie? De Z-route vraagt 800 uur Nederlandse taal "
    "en KNM bij de taalschool én 800 uur voor participatie, activering en zelfredzaamheid (Besluit inburgering "
    "2021, Z-route). Een taalcafé, taalmaatje of taalcoach is oefenen in de samenleving, geen les op school: "
    "DUO telt het niet als taal/KNM, maar het bouwt aan zelfredzaamheid en meedoen, dus telt het als participatie. "
    "Financiële educatie (bijvoorbeeld ‘Omgaan met Geld’) leert de eigen geldzaken regelen: ook zelfredzaamheid, "
    "dus participatie."
)
ZROUTE_PARTICIPATIE_KORT = "taalcafé en financiële educatie tellen als participatie voor de Z-route (F1: waarom)"


def andere_bron(days: Iterable[PlanDag], registered: Iterable[BestaandeUren], *, pip_datum: date | None) -> tuple[BestaandeUren, ...]:
    """The registrations of the week that no planned activity explains (another datum, soort or bron),
    by date and soort: what "registreer volgens weekplan" could count a second time."""
    planned = {
        (day.datum, uren_soort(item, day.datum, pip_datum=pip_datum), bron_for(item)) for day in days for item in day.items
    }
    return tuple(sorted(
        (r for r in registered if (r.datum, r.soort, r.bron) not in planned),
        key=lambda r: (r.datum, r.soort.value, r.bron),
    ))


# --- the municipality's own standard weeks ------------------------------------------

# A municipality adds its own standard weeks in `weekplan_sjablonen.toml` in the settings folder
# (format in the README, *Eigen standaardweken*); they are offered after the built-in TEMPLATES.
_DAGEN = {naam: index for index, naam in enumerate(WEEKDAGEN)} | {kort: index for index, kort in enumerate(WEEKDAGEN_KORT)}
_SOORTEN = {"taal": WeekplanCategorie.TAAL, "participatie": WeekplanCategorie.PARTICIPATIE,
            "financiele_educatie": WeekplanCategorie.FINANCIELE_EDUCATIE, "financiële educatie": WeekplanCategorie.FINANCIELE_EDUCATIE}


def _tijd(value: object, waar: str) -> tuple[int, int]:
    from rules.errors import SettingsError

    match = re.fullmatch(r"([01]?\d|2[0-3])[:.]([0-5]\d)", str(value).strip()) if isinstance(value, str) else None
    if not match:
        raise SettingsError(f"{waar}: een tijd is uu:mm, bijvoorbeeld \"09:30\", niet {value!r}.")
    return int(match[1]), int(match[2])


def parse_templates(data: Mapping[str, object], *, bron: str = "weekplan_sjablonen.toml") -> tuple[WeekTemplate, ...]:
    """The standard weeks of a parsed TOML file (``[[sjabloon]]`` tables with ``[[sjabloon.activiteit]]``);
    anything wrong raises SettingsError naming the template and activity, never skipped silently."""
    from rules.errors import SettingsError

    unknown = set(data) - {"sjabloon"}
    if unknown:
        raise SettingsError(f"{bron}: onbekende sleutel {sorted(unknown)[0]!r}; alleen [[sjabloon]] is toegestaan.")
    sjablonen = data.get("sjabloon", [])
    if not isinstance(sjablonen, list):
        raise SettingsError(f"{bron}: schrijf elke standaardweek als [[sjabloon]].")
    found: list[WeekTemplate] = []
    builtin = {t.naam for t in TEMPLATES}
    for nummer, sjabloon in enumerate(sjablonen, start=1):
        waar = f"{bron}, sjabloon {nummer}"
        if not isinstance(sjabloon, Mapping):
            raise SettingsError(f"{waar}: schrijf de standaardweek als [[sjabloon]] met naam en activiteiten.")
        naam = sjabloon.get("naam")
        if not isinstance(naam, str) or not naam.strip() or len(naam) > 80:
            raise SettingsError(f"{waar}: geef een naam (tekst, hoogstens 80 tekens).")
        naam = naam.strip()
        waar = f"{bron}, sjabloon ‘{naam}’"
        if naam in builtin or any(t.naam == naam for t in found):
            raise SettingsError(f"{waar}: deze naam bestaat al; kies een andere.")
        omschrijving = sjabloon.get("omschrijving", "")
        if not isinstance(omschrijving, str):
            raise SettingsError(f"{waar}: omschrijving moet tekst zijn.")
        regels = []
        activiteiten = sjabloon.get("activiteit", [])
        if not isinstance(activiteiten, list) or not activiteiten:
            raise SettingsError(f"{waar}: voeg minstens één [[sjabloon.activiteit]] toe.")
        for index, regel in enumerate(activiteiten, start=1):
            plek = f"{waar}, activiteit {index}"
            if not isinstance(regel, Mapping):
                raise SettingsError(f"{plek}: schrijf de activiteit als [[sjabloon.activiteit]].")
            dag = _DAGEN.get(str(regel.get("dag", "")).strip().lower())
            if dag is None:
                raise SettingsError(f"{plek}: dag is maandag t/m zondag (of ma t/m zo), niet {regel.get('dag')!r}.")
            van, tot = _tijd(regel.get("van"), plek), _tijd(regel.get("tot"), plek)
            if tot <= van:
                raise SettingsError(f"{plek}: ‘tot’ moet na ‘van’ liggen.")
            soort = _SOORTEN.get(str(regel.get("soort", "")).strip().lower())
            if soort is None:
                raise SettingsError(f"{plek}: soort is taal, participatie of financiele_educatie, niet {regel.get('soort')!r}.")
            taalvorm = None
            if soort is WeekplanCategorie.TAAL:
                try:
                    taalvorm = Taalvorm(str(regel.get("taalvorm", "formeel")).strip().lower())
                except ValueError:
                    raise SettingsError(f"{plek}: taalvorm is formeel of informeel.") from None
            activiteit = regel.get("activiteit")
            if not isinstance(activiteit, str) or not activiteit.strip() or len(activiteit) > MAX_ACTIVITEIT:
                raise SettingsError(f"{plek}: geef de activiteit een naam (tekst, hoogstens {MAX_ACTIVITEIT} tekens).")
            regels.append(TemplateRegel(dag, van, tot, soort, activiteit.strip(), taalvorm))
        found.append(WeekTemplate(naam, omschrijving.strip(), tuple(regels)))
    return tuple(found)
