"""Reads and writes of afspraken (table afspraak), as `rules.afspraken.Afspraak`.

Every write runs on the caller's connection, in the transaction a service
opened (`services.afspraken`); nothing here commits.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import and_, insert, or_, select, update
from sqlalchemy.engine import Connection, RowMapping
from sqlalchemy.exc import IntegrityError

from rules.afspraken import Afspraak, AfspraakInvoer, AfspraakSoort, AfspraakStatus
from storage.models import Afspraak as AfspraakRow
from storage.models import Person

AFSPRAAK = AfspraakRow.__table__
PERSON = Person.__table__


class AfspraakSaveError(RuntimeError):
    """A write could not be done; the message is Dutch and safe to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


GONE = "Deze afspraak bestaat niet meer; de agenda wordt opnieuw geladen."


def _afspraak(row: RowMapping) -> Afspraak:
    return Afspraak(
        id=row["id"], person_id=row["person_id"], naam=row["naam"], kenmerk=row["kenmerk"], datum=row["datum"],
        begin=row["begin"], eind=row["eind"], soort=AfspraakSoort(row["soort"]), plaats=row["plaats"] or "",
        tolk_nodig=bool(row["tolk_nodig"]), tolk_taal=row["tolk_taal"] or "", consulent=row["consulent"],
        notitie=row["notitie"] or "", status=AfspraakStatus(row["status"]), contactmoment_id=row["contactmoment_id"],
    )


def _select():
    return (
        select(AFSPRAAK, PERSON.c.naam, PERSON.c.kenmerk)
        .join(PERSON, PERSON.c.id == AFSPRAAK.c.person_id)
        .order_by(AFSPRAAK.c.datum, AFSPRAAK.c.begin, AFSPRAAK.c.id)
    )


def _values(invoer: AfspraakInvoer) -> dict:
    return dict(
        datum=invoer.datum, begin=invoer.begin, eind=invoer.eind, soort=invoer.soort.value, plaats=invoer.plaats,
        tolk_nodig=invoer.tolk_nodig, tolk_taal=invoer.tolk_taal, consulent=invoer.consulent, notitie=invoer.notitie,
    )


def add_afspraak(*, connection: Connection, person_id: int, invoer: AfspraakInvoer) -> int:
    """Insert a planned appointment; returns its id. AfspraakSaveError when the person is gone."""
    exists = connection.execute(select(PERSON.c.id).where(PERSON.c.id == person_id)).scalar()
    if exists is None:
        raise AfspraakSaveError("Dit dossier bestaat niet meer; de afspraak is niet opgeslagen.")
    try:
        result = connection.execute(insert(AFSPRAAK).values(
            person_id=person_id, status=AfspraakStatus.GEPLAND.value, created_at=datetime.now(UTC), **_values(invoer)))
    except IntegrityError:
        raise AfspraakSaveError("Dit dossier bestaat niet meer; de afspraak is niet opgeslagen.") from None
    return result.inserted_primary_key[0]


def change_afspraak(*, connection: Connection, afspraak_id: int, invoer: AfspraakInvoer) -> None:
    """Overwrite a planned appointment's date, times and details."""
    result = connection.execute(update(AFSPRAAK).where(AFSPRAAK.c.id == afspraak_id).values(**_values(invoer)))
    if result.rowcount != 1:
        raise AfspraakSaveError(GONE)


def set_status(*, connection: Connection, afspraak_id: int, status: AfspraakStatus,
               contactmoment_id: int | None = None) -> None:
    values: dict = {"status": status.value}
    if contactmoment_id is not None:
        values["contactmoment_id"] = contactmoment_id
    result = connection.execute(update(AFSPRAAK).where(AFSPRAAK.c.id == afspraak_id).values(**values))
    if result.rowcount != 1:
        raise AfspraakSaveError(GONE)


def get_afspraak(*, connection: Connection, afspraak_id: int) -> Afspraak | None:
    row = connection.execute(_select().where(AFSPRAAK.c.id == afspraak_id)).mappings().first()
    return _afspraak(row) if row is not None else None


def list_afspraken(*, connection: Connection, van: date, tot: date, consulent: str | None = None,
                   statuses: tuple[AfspraakStatus, ...] | None = None) -> list[Afspraak]:
    """Appointments from `van` up to and including `tot`, for one consulent or all, by date and time."""
    query = _select().where(AFSPRAAK.c.datum >= van, AFSPRAAK.c.datum <= tot)
    if consulent is not None:
        query = query.where(AFSPRAAK.c.consulent == consulent)
    if statuses is not None:
        query = query.where(AFSPRAAK.c.status.in_([s.value for s in statuses]))
    return [_afspraak(row) for row in connection.execute(query).mappings()]


def next_afspraak(*, connection: Connection, person_id: int, vanaf: date, na: time) -> Afspraak | None:
    """The person's first planned appointment from `vanaf` at time `na` on (today's later ones included)."""
    query = _select().where(
        AFSPRAAK.c.person_id == person_id,
        AFSPRAAK.c.status == AfspraakStatus.GEPLAND.value,
        or_(AFSPRAAK.c.datum > vanaf, and_(AFSPRAAK.c.datum == vanaf, AFSPRAAK.c.eind > na)),
    ).limit(1)
    row = connection.execute(query).mappings().first()
    return _afspraak(row) if row is not None else None


def consulenten(*, connection: Connection) -> list[str]:
    """Every consulent named in the caseload or in an appointment, alphabetically."""
    names = set(connection.execute(select(PERSON.c.consulent).where(PERSON.c.consulent.is_not(None)).distinct()).scalars())
    names |= set(connection.execute(select(AFSPRAAK.c.consulent).distinct()).scalars())
    return sorted((name for name in names if name and name.strip()), key=str.casefold)
