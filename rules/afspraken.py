"""Afspraken (appointments) with an inburgeraar: their kinds and states, checking a planned one, clashes and weeks.

Pure: no clock, no database. The date an appointment is checked against
(`today`) is passed in. What a person should bring per kind of appointment is a
municipal choice (`rules.policy.Policy`), not law; the kinds themselves follow
the moments the Wet inburgering 2021 names (brede intake art. 14, PIP art. 15,
voortgang art. 17 lid 3) plus the consulent's own spreekuur and visits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from rules import limits
from rules.errors import InputError
from rules.text import check_text

# How long an appointment lasts when the consulent does not say (regie's own choice).
STANDAARD_DUUR_MINUTEN = 45
LANGSTE_DUUR_MINUTEN = 8 * 60  # a whole working day: a longer "appointment" is a typo


class AfspraakSoort(StrEnum):
    INTAKE = "intake"
    BREDE_INTAKE = "brede_intake"
    PIP_GESPREK = "pip_gesprek"
    VOORTGANGSGESPREK = "voortgangsgesprek"
    SPREEKUUR = "spreekuur"
    HUISBEZOEK = "huisbezoek"
    AZC_BEZOEK = "azc_bezoek"
    OVERIG = "overig"

    @property
    def label(self) -> str:
        return _SOORT_LABELS[self]

    @property
    def contact_soort(self) -> str:
        """The kind of contactmoment a held appointment becomes (`rules.model.ContactSoort` value)."""
        return _CONTACT_SOORT[self]


_SOORT_LABELS = {
    AfspraakSoort.INTAKE: "intake",
    AfspraakSoort.BREDE_INTAKE: "brede intake",
    AfspraakSoort.PIP_GESPREK: "PIP-gesprek",
    AfspraakSoort.VOORTGANGSGESPREK: "voortgangsgesprek",
    AfspraakSoort.SPREEKUUR: "spreekuur",
    AfspraakSoort.HUISBEZOEK: "huisbezoek",
    AfspraakSoort.AZC_BEZOEK: "AZC-bezoek",
    AfspraakSoort.OVERIG: "overig",
}
# An intake before the brede intake is recorded as the start of the brede intake's conversations.
_CONTACT_SOORT = {
    AfspraakSoort.INTAKE: "brede_intake",
    AfspraakSoort.BREDE_INTAKE: "brede_intake",
    AfspraakSoort.PIP_GESPREK: "pip_gesprek",
    AfspraakSoort.VOORTGANGSGESPREK: "voortgangsgesprek",
    AfspraakSoort.SPREEKUUR: "spreekuur",
    AfspraakSoort.HUISBEZOEK: "huisbezoek",
    AfspraakSoort.AZC_BEZOEK: "azc_bezoek",
    AfspraakSoort.OVERIG: "overig",
}


class AfspraakStatus(StrEnum):
    GEPLAND = "gepland"
    GEHOUDEN = "gehouden"
    NIET_VERSCHENEN = "niet_verschenen"
    AFGEZEGD = "afgezegd"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


def nog_afhandelen(status: AfspraakStatus, datum: date, today: date) -> bool:
    """A planned appointment whose day has passed: the consulent still has to record what happened (n/z/x)."""
    return status is AfspraakStatus.GEPLAND and datum < today


def status_label(status: AfspraakStatus, datum: date, today: date) -> str:
    """The status as the agenda and ``regie agenda`` name it: "nog afhandelen" for a past one still planned."""
    return "nog afhandelen" if nog_afhandelen(status, datum, today) else status.label


@dataclass(frozen=True)
class AfspraakInvoer:
    """A checked appointment as the consulent typed it (not yet stored)."""

    datum: date
    begin: time
    eind: time
    soort: AfspraakSoort
    plaats: str
    tolk_nodig: bool
    tolk_taal: str
    consulent: str
    notitie: str

    @property
    def duur_minuten(self) -> int:
        return minutes_between(self.begin, self.eind)


@dataclass(frozen=True)
class Afspraak:
    """A stored appointment, with the person it is for (as the agenda shows it)."""

    id: int
    person_id: int
    naam: str
    kenmerk: str
    datum: date
    begin: time
    eind: time
    soort: AfspraakSoort
    plaats: str
    tolk_nodig: bool
    tolk_taal: str
    consulent: str
    notitie: str
    status: AfspraakStatus
    contactmoment_id: int | None = None

    @property
    def tijden(self) -> str:
        return f"{self.begin:%H:%M}-{self.eind:%H:%M}"

    @property
    def tolk(self) -> str:
        """"tolk Arabisch", "tolk" or "" (no interpreter needed)."""
        if not self.tolk_nodig:
            return ""
        return f"tolk {self.tolk_taal}" if self.tolk_taal else "tolk"


class AfspraakError(InputError):
    """A typed appointment cannot be stored; `veld` names the form field, the message says how to fix it."""

    def __init__(self, message: str, *, veld: str) -> None:
        super().__init__(message)
        self.veld = veld


def minutes_between(begin: time, eind: time) -> int:
    return (eind.hour * 60 + eind.minute) - (begin.hour * 60 + begin.minute)


def _tekst(value: str, *, wat: str, veld: str, maximum: int, multiline: bool = False) -> str:
    problem = check_text(value or "", veld=wat.capitalize(), multiline=multiline)
    if problem:
        raise AfspraakError(problem, veld=veld)
    cleaned = (value or "").strip() if multiline else " ".join((value or "").split())
    if len(cleaned) > maximum:
        raise AfspraakError(f"{wat.capitalize()} is te lang: hoogstens {maximum} tekens (nu {len(cleaned)}).", veld=veld)
    return cleaned


def check_afspraak(*, datum: date, begin: time, eind: time | None, duur_minuten: int | None, soort: AfspraakSoort | str,
                   plaats: str, tolk_nodig: bool, tolk_taal: str, consulent: str, notitie: str) -> AfspraakInvoer:
    """The appointment as it will be stored, or AfspraakError saying what to fix (Dutch).

    The end is `eind`, else `begin` plus `duur_minuten`, else plus STANDAARD_DUUR_MINUTEN."""
    try:
        soort = AfspraakSoort(soort)
    except ValueError:
        raise AfspraakError("Kies de soort afspraak.", veld="soort") from None
    if eind is None:
        duur = STANDAARD_DUUR_MINUTEN if duur_minuten is None else duur_minuten
        if duur <= 0:
            raise AfspraakError("De duur moet meer dan 0 minuten zijn, bijvoorbeeld 45.", veld="eind")
        end = datetime.combine(datum, begin) + timedelta(minutes=duur)
        if end.date() != datum:
            raise AfspraakError("De afspraak loopt over middernacht heen; kies een vroegere begintijd of een kortere duur.",
                                veld="eind")
        eind = end.time()
    lengte = minutes_between(begin, eind)
    if lengte <= 0:
        raise AfspraakError(f"De eindtijd {eind:%H:%M} ligt niet na de begintijd {begin:%H:%M}.", veld="eind")
    if lengte > LANGSTE_DUUR_MINUTEN:
        raise AfspraakError(f"Een afspraak van meer dan {LANGSTE_DUUR_MINUTEN // 60} uur is vast een tikfout; "
                            "controleer de begin- en eindtijd.", veld="eind")
    consulent = _tekst(consulent, wat="consulent", veld="consulent", maximum=limits.CONSULENT)
    if not consulent:
        raise AfspraakError("Vul in voor welke consulent de afspraak is.", veld="consulent")
    taal = _tekst(tolk_taal, wat="de taal van de tolk", veld="tolk_taal", maximum=limits.TAAL)
    if tolk_nodig and not taal:
        raise AfspraakError("Er is een tolk nodig: vul de taal in, bijvoorbeeld Arabisch.", veld="tolk_taal")
    return AfspraakInvoer(
        datum=datum, begin=begin, eind=eind, soort=soort,
        plaats=_tekst(plaats, wat="de plaats", veld="plaats", maximum=limits.LOCATIE),
        tolk_nodig=bool(tolk_nodig), tolk_taal=taal if tolk_nodig else "",
        consulent=consulent,
        notitie=_tekst(notitie, wat="de notitie", veld="notitie", maximum=limits.OMSCHRIJVING, multiline=True),
    )


def overlaps(a_begin: time, a_eind: time, b_begin: time, b_eind: time) -> bool:
    """Two time ranges on the same day share at least a minute (touching ends do not clash)."""
    return a_begin < b_eind and b_begin < a_eind


def clashes(invoer: AfspraakInvoer, planned: list[Afspraak], *, except_id: int | None = None) -> list[Afspraak]:
    """The consulent's other planned appointments on that day that overlap this one."""
    return [
        other for other in planned
        if other.id != except_id and other.status is AfspraakStatus.GEPLAND and other.datum == invoer.datum
        and other.consulent == invoer.consulent and overlaps(invoer.begin, invoer.eind, other.begin, other.eind)
    ]


def in_the_past(invoer: AfspraakInvoer, *, now: datetime) -> bool:
    """The appointment starts before `now` (allowed, after a warning: one noted afterwards, or a typo)."""
    return datetime.combine(invoer.datum, invoer.begin) < now.replace(tzinfo=None)


def week_of(day: date) -> tuple[date, date]:
    """Monday and Sunday of the ISO week of `day`."""
    maandag = day - timedelta(days=day.weekday())
    return maandag, maandag + timedelta(days=6)


def reminder_line(afspraken: list[Afspraak], *, nu: time | None = None) -> str | None:
    """"Vandaag 3 afspraken, de eerste om 09:30." for the start toast; None when there are none planned.

    With ``nu`` (the time of day the app starts), only the appointments still to come are counted as coming;
    those whose start has passed are named apart, as still to be handled (F8)."""
    planned = sorted((a for a in afspraken if a.status is AfspraakStatus.GEPLAND), key=lambda a: (a.begin, a.id))
    if not planned:
        return None
    komend = [a for a in planned if nu is None or a.begin >= nu]
    voorbij = len(planned) - len(komend)
    voorbij_tekst = f"{voorbij} al voorbij: leg in de agenda (F8) vast wat er gebeurde"
    if not komend:
        wat = "afspraak is" if voorbij == 1 else f"{voorbij} afspraken zijn"
        return f"De {wat} van vandaag al voorbij: leg in de agenda (F8) vast wat er gebeurde."
    nog = "nog " if voorbij else ""
    if len(komend) == 1:
        line = f"Vandaag {nog}1 afspraak, om {komend[0].begin:%H:%M}"
    else:
        line = f"Vandaag {nog}{len(komend)} afspraken, de eerste om {komend[0].begin:%H:%M}"
    return f"{line}; {voorbij_tekst}." if voorbij else f"{line} (F8 toont de agenda)."
