"""Afspraken: plan, change and cancel an appointment, the agenda of a day or week, and a held one as contactmoment.

Each write owns its transaction and audit row. Afspraken stay on this laptop
(team mode does not synchronise them yet); the contactmoment a held
appointment becomes is an ordinary one and does go to the team.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from rules.afspraken import (Afspraak, AfspraakError, AfspraakInvoer, AfspraakStatus, check_afspraak, clashes,
                             in_the_past, reminder_line, week_of)
from services.errors import ServiceError

if TYPE_CHECKING:
    from services.store import Store

__all__ = [
    "Afspraak", "AfspraakError", "AfspraakInvoer", "AfspraakServiceError", "Agenda", "Waarschuwingen", "afspraak_gehouden",
    "annuleer_afspraak", "check_afspraak", "herinnering", "list_agenda", "list_consulenten", "load_afspraak",
    "niet_verschenen", "plan_afspraak", "volgende_afspraak", "waarschuwingen", "wijzig_afspraak",
]

TABEL = "afspraak"


class AfspraakServiceError(ServiceError):
    """The appointment was not stored or changed (the person or the appointment is gone, the database is busy)."""


@dataclass(frozen=True)
class Waarschuwingen:
    """What the consulent should confirm before an appointment is stored: it lies in the past, or clashes."""

    verleden: bool
    botsingen: tuple[Afspraak, ...]

    @property
    def regels(self) -> list[str]:
        lines = []
        if self.verleden:
            lines.append("Deze afspraak ligt in het verleden.")
        for other in self.botsingen:
            lines.append(f"{other.consulent} heeft dan al een afspraak: {other.tijden} {other.soort.label} met "
                         f"{other.naam} ({other.kenmerk}).")
        return lines

    def __bool__(self) -> bool:
        return self.verleden or bool(self.botsingen)


@dataclass(frozen=True)
class Agenda:
    """The appointments of a day or a week for one consulent (or everyone, `consulent` None)."""

    van: date
    tot: date
    consulent: str | None
    afspraken: tuple[Afspraak, ...]

    @property
    def week(self) -> bool:
        return self.van != self.tot


def _require(store: Store | None) -> Store:
    if store is None:
        raise AfspraakServiceError("De database is nog niet geopend; probeer het zo opnieuw.")
    return store


def _saving(exc: Exception) -> AfspraakServiceError:
    return AfspraakServiceError(exc.message)  # type: ignore[attr-defined]


# -- reading ------------------------------------------------------------------------


def waarschuwingen(*, store: Store, invoer: AfspraakInvoer, now: datetime, except_id: int | None = None) -> Waarschuwingen:
    """In the past? Does the consulent already have an appointment then? (Read only; the form asks to confirm.)"""
    from services._tx import read
    from storage.afspraken import list_afspraken

    with read(_require(store)) as connection:
        planned = list_afspraken(connection=connection, van=invoer.datum, tot=invoer.datum, consulent=invoer.consulent,
                                 statuses=(AfspraakStatus.GEPLAND,))
    return Waarschuwingen(verleden=in_the_past(invoer, now=now),
                          botsingen=tuple(clashes(invoer, planned, except_id=except_id)))


def list_agenda(*, store: Store, datum: date, week: bool = False, consulent: str | None = None,
                met_afgezegd: bool = True) -> Agenda:
    """The appointments on `datum`, or in its ISO week (monday to sunday), for `consulent` (None: everyone)."""
    from services._tx import read
    from storage.afspraken import list_afspraken

    van, tot = week_of(datum) if week else (datum, datum)
    statuses = None if met_afgezegd else (AfspraakStatus.GEPLAND, AfspraakStatus.GEHOUDEN, AfspraakStatus.NIET_VERSCHENEN)
    with read(_require(store)) as connection:
        found = list_afspraken(connection=connection, van=van, tot=tot, consulent=consulent, statuses=statuses)
    return Agenda(van=van, tot=tot, consulent=consulent, afspraken=tuple(found))


def herinnering(*, store: Store, today: date, consulent: str | None) -> str | None:
    """The start toast's line about today's planned appointments of `consulent` (everyone's without a name)."""
    agenda = list_agenda(store=store, datum=today, consulent=consulent)
    return reminder_line(list(agenda.afspraken))


def volgende_afspraak(*, store: Store, person_id: int, now: datetime) -> Afspraak | None:
    """The person's next planned appointment (one later today included)."""
    from services._tx import read
    from storage.afspraken import next_afspraak

    with read(_require(store)) as connection:
        return next_afspraak(connection=connection, person_id=person_id, vanaf=now.date(), na=now.time())


def load_afspraak(*, store: Store, afspraak_id: int) -> Afspraak | None:
    from services._tx import read
    from storage.afspraken import get_afspraak

    with read(_require(store)) as connection:
        return get_afspraak(connection=connection, afspraak_id=afspraak_id)


def list_consulenten(*, store: Store) -> list[str]:
    """The consulenten to choose from for a colleague's agenda."""
    from services._tx import read
    from storage.afspraken import consulenten

    with read(_require(store)) as connection:
        return consulenten(connection=connection)


# -- writing ------------------------------------------------------------------------


def plan_afspraak(*, store: Store, person_id: int, invoer: AfspraakInvoer) -> int:
    """Store a planned appointment with its audit row; returns its id."""
    from services import _team
    from services._tx import Refused, author, write
    from storage import afspraken, audit

    try:
        with write(_require(store), refused=Refused("toegevoegd", TABEL, person_id)) as connection:
            with _team.records(connection, person_ids=[person_id], author=author()):  # the team gets the afspraak
                new_id = afspraken.add_afspraak(connection=connection, person_id=person_id, invoer=invoer)
            audit.record(connection, actie="toegevoegd", tabel=TABEL, person_id=person_id)
            _team.audit(connection, actie="toegevoegd", tabel=TABEL, person_id=person_id, author=author())
            return new_id
    except afspraken.AfspraakSaveError as exc:
        raise _saving(exc) from None


def _planned(connection, afspraak_id: int) -> Afspraak:
    from storage.afspraken import GONE, get_afspraak

    found = get_afspraak(connection=connection, afspraak_id=afspraak_id)
    if found is None:
        raise AfspraakServiceError(GONE)
    return found


def wijzig_afspraak(*, store: Store, afspraak_id: int, invoer: AfspraakInvoer) -> None:
    """Change a planned appointment (date, time, kind, place, tolk, consulent, note)."""
    from services import _team
    from services._tx import Refused, author, write
    from storage import afspraken, audit

    try:
        with write(_require(store), refused=Refused("gewijzigd", TABEL)) as connection:
            current = _planned(connection, afspraak_id)
            if current.status is not AfspraakStatus.GEPLAND:
                raise AfspraakServiceError(f"Deze afspraak is al {current.status.label}; een afgesloten afspraak "
                                           "wijzigt u niet meer. Plan zo nodig een nieuwe.")
            with _team.records(connection, person_ids=[current.person_id], author=author()):
                afspraken.change_afspraak(connection=connection, afspraak_id=afspraak_id, invoer=invoer)
            audit.record(connection, actie="gewijzigd", tabel=TABEL, person_id=current.person_id)
            _team.audit(connection, actie="gewijzigd", tabel=TABEL, person_id=current.person_id, author=author())
    except afspraken.AfspraakSaveError as exc:
        raise _saving(exc) from None


def _close(store: Store, afspraak_id: int, status: AfspraakStatus, *, actie: str, contact: tuple[date, str, str] | None):
    """Set a planned appointment's final status (and record its contactmoment) in one transaction."""
    from services import _team
    from services._tx import Refused, author, write
    from storage import afspraken, audit, persons

    try:
        with write(_require(store), refused=Refused("gewijzigd", TABEL)) as connection:
            current = _planned(connection, afspraak_id)
            if current.status is not AfspraakStatus.GEPLAND:
                raise AfspraakServiceError(f"Deze afspraak staat al op ‘{current.status.label}’.")
            contact_id = None
            if contact is not None:
                datum, soort, notitie = contact
                contact_id = persons.add_contactmoment(connection=connection, person_id=current.person_id, datum=datum,
                                                       soort=soort, notitie=notitie, auteur=author())
                _team.appended(connection, table="contactmoment", row_ids=[contact_id], author=author())
                _team.audit(connection, actie="toegevoegd", tabel="contactmoment", person_id=current.person_id,
                            author=author())
            # after the contactmoment's own operation: the afspraak points at it by its UUID
            with _team.records(connection, person_ids=[current.person_id], author=author()):
                afspraken.set_status(connection=connection, afspraak_id=afspraak_id, status=status,
                                     contactmoment_id=contact_id)
            audit.record(connection, actie=actie, tabel=TABEL, person_id=current.person_id)
            _team.audit(connection, actie=actie, tabel=TABEL, person_id=current.person_id, author=author())
            return contact_id
    except (afspraken.AfspraakSaveError, persons.SaveError) as exc:
        raise _saving(exc) from None


def annuleer_afspraak(*, store: Store, afspraak_id: int) -> None:
    """The appointment is cancelled (afgezegd); it stays visible in the agenda, struck through."""
    _close(store, afspraak_id, AfspraakStatus.AFGEZEGD, actie="gewijzigd (afgezegd)", contact=None)


def afspraak_gehouden(*, store: Store, afspraak_id: int, datum: date, soort: str, notitie: str) -> int:
    """The appointment took place: it becomes a contactmoment (kind, date and note as the consulent confirmed them)
    and is marked gehouden, both or neither. Returns the contactmoment's id."""
    from rules.model import ContactSoort
    from rules.text import check_text

    try:
        ContactSoort(soort)
    except ValueError:
        raise AfspraakServiceError("Kies de soort contactmoment.") from None
    if problem := check_text(notitie, veld="De notitie", multiline=True):
        raise AfspraakServiceError(problem)
    return _close(store, afspraak_id, AfspraakStatus.GEHOUDEN, actie="gewijzigd (gehouden)",
                  contact=(datum, soort, notitie))


NIET_VERSCHENEN_SOORT = "niet_verschenen"


def niet_verschenen(*, store: Store, afspraak_id: int, today: date) -> int | None:
    """The person did not come. When regie knows a contactmoment of kind ‘niet verschenen’, one is recorded (dated
    the appointment's day); otherwise only the status is. Returns the contactmoment's id, or None."""
    from rules.model import ContactSoort

    contact = None
    if NIET_VERSCHENEN_SOORT in {s.value for s in ContactSoort}:
        current = load_afspraak(store=store, afspraak_id=afspraak_id)
        if current is None:
            from storage.afspraken import GONE

            raise AfspraakServiceError(GONE)
        contact = (min(current.datum, today), NIET_VERSCHENEN_SOORT,
                   f"Niet verschenen op de afspraak ({current.soort.label}, {current.tijden}).")
    return _close(store, afspraak_id, AfspraakStatus.NIET_VERSCHENEN, actie="gewijzigd (niet verschenen)",
                  contact=contact)


def standaard_notitie(afspraak: Afspraak) -> str:
    """The note a held appointment's contactmoment starts with (the consulent edits it)."""
    parts = [f"{_first_upper(afspraak.soort.label)} ({afspraak.tijden}"]
    if afspraak.plaats:
        parts.append(f", {afspraak.plaats}")
    parts.append(")")
    if afspraak.tolk:
        parts.append(f", met {afspraak.tolk}")
    text = "".join(parts) + "."
    if afspraak.notitie:
        text += f" {afspraak.notitie}"
    return text


def parse_tijd(text: str, *, veld: str = "begin") -> time:
    """A typed clock time (09:30, 9.30, 9) or AfspraakError naming the field."""
    from rules.weekplan import WeekplanError, parse_time

    try:
        return parse_time(text, wat="de begintijd" if veld == "begin" else "de eindtijd", veld=veld)
    except WeekplanError as exc:
        raise AfspraakError(exc.message, veld=veld) from None


def _first_upper(text: str) -> str:
    """"PIP-gesprek" stays as it is, "brede intake" becomes "Brede intake" (str.capitalize lowers the rest)."""
    return text[:1].upper() + text[1:]
