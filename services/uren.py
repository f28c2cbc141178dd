"""The uren use cases: a person's registered hours read, added, corrected, deleted, and a week registered at once.

Every write is one transaction: a batch that breaks a rule (zero hours, a future
date, more than 24 hours on a day) is refused whole, with a Dutch reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from services.errors import ServiceError
from storage.queries import PersonRecord
from storage.uren import LaatsteKeuze, NieuweUren, UrenRegel
from storage.verzuim import NieuwVerzuim

if TYPE_CHECKING:
    from services.store import Store

__all__ = [
    "LaatsteKeuze",
    "NieuweUren",
    "NieuwVerzuim",
    "UrenOverview",
    "UrenRegel",
    "UrenSaveError",
    "UrenWeek",
    "add_uren",
    "delete_uren",
    "load_uren",
    "load_uren_week",
    "register_week",
    "update_uren",
]

NOT_OPEN = "De database is nog niet geopend; probeer het zo opnieuw."


class UrenSaveError(ServiceError):
    """The hours were refused or are gone; nothing was written."""


@dataclass(frozen=True)
class UrenOverview:
    """The uren screen: the person (None when gone), their registrations newest first, and the last quick choice."""

    record: PersonRecord | None
    regels: list[UrenRegel]
    laatste: LaatsteKeuze | None


@dataclass(frozen=True)
class UrenWeek:
    """Registering a week from the weekplan: who, their weekplan, and what is already registered that week."""

    person: object  # storage.weekplan.WeekplanPerson, None when gone
    entries: list
    registered: list
    verzuim: list = ()  # rules.weekplan.BekendVerzuim: activities of the week marked as not followed


def _write(store, person_id: int, actie: str):
    """The use case's transaction; a refusal is audited (see services._tx)."""
    from services._tx import Refused, write

    if store is None:
        raise UrenSaveError(NOT_OPEN)
    return write(store, refused=Refused(actie, "urenregistratie", person_id))


def _new_ids(connection, person_id: int, after: int) -> list[int]:
    from sqlalchemy import select

    from storage.models import Urenregistratie

    table = Urenregistratie.__table__
    return list(connection.execute(select(table.c.id).where(table.c.person_id == person_id, table.c.id > after)
                                   .order_by(table.c.id)).scalars())


def _last_id(connection) -> int:
    from sqlalchemy import func, select

    from storage.models import Urenregistratie

    return connection.execute(select(func.coalesce(func.max(Urenregistratie.__table__.c.id), 0))).scalar()


def load_uren(*, store: Store, person_id: int, as_of: date) -> UrenOverview:
    from storage.queries import load_person
    from storage.uren import list_uren, load_laatste_keuze

    from services._tx import read

    with read(store) as connection:
        return UrenOverview(
            record=load_person(connection=connection, person_id=person_id, as_of=as_of),
            regels=list_uren(connection=connection, person_id=person_id),
            laatste=load_laatste_keuze(connection=connection),
        )


def load_uren_week(*, store: Store, person_id: int, van: date, tot: date) -> UrenWeek:
    from storage.uren import registered_in_period
    from storage.verzuim import verzuim_in_period
    from storage.weekplan import list_entries, load_weekplan_person

    from services._tx import read

    with read(store) as connection:
        return UrenWeek(
            person=load_weekplan_person(connection=connection, person_id=person_id),
            entries=list_entries(connection=connection, person_id=person_id),
            registered=registered_in_period(connection=connection, person_id=person_id, van=van, tot=tot),
            verzuim=verzuim_in_period(connection=connection, person_id=person_id, van=van, tot=tot),
        )


def add_uren(*, store: Store, person_id: int, regel: NieuweUren, today: date) -> None:
    """Register one entry and remember its soort and bron for the next quick entry."""
    from storage import uren

    from services import _team
    from services._tx import author

    try:
        with _write(store, person_id, "toegevoegd") as connection:
            after = _last_id(connection)
            uren.add_uren(connection=connection, person_id=person_id, regels=[regel], today=today,
                          remember=LaatsteKeuze(regel.soort, regel.bron))
            _team.appended(connection, table="urenregistratie", row_ids=_new_ids(connection, person_id, after),
                           author=author())
    except uren.UrenSaveError as exc:
        raise UrenSaveError(str(exc)) from exc


def register_week(*, store: Store, person_id: int, regels: Iterable[NieuweUren], today: date,
                  verzuim: Iterable[NieuwVerzuim] = ()) -> int:
    """Register a week's activities at once (all or nothing), with the ones marked as not followed and
    why (verzuim: never proposed again as attended); returns how many hours rows. Both go to the team."""
    from storage import uren
    from storage.verzuim import add_verzuim

    from services import _team
    from services._tx import author

    regels = list(regels)
    verzuim = list(verzuim)
    if any(v.datum > today for v in verzuim):
        raise UrenSaveError("Verzuim kan alleen voor vandaag of eerder worden vastgelegd.")
    try:
        with _write(store, person_id, "toegevoegd") as connection:
            after = _last_id(connection)
            count = uren.add_uren(connection=connection, person_id=person_id, regels=regels, today=today) if regels else 0
            with _team.records(connection, person_ids=[person_id], author=author()):
                add_verzuim(connection=connection, person_id=person_id, rows=verzuim, door=author())
            _team.appended(connection, table="urenregistratie", row_ids=_new_ids(connection, person_id, after),
                           author=author())
            return count
    except uren.UrenSaveError as exc:
        raise UrenSaveError(str(exc)) from exc


def update_uren(*, store: Store, person_id: int, uren_id: int, regel: NieuweUren, today: date) -> None:
    from services import _team
    from services._tx import author
    from storage import uren

    try:
        with _write(store, person_id, "gewijzigd") as connection:
            before = _team.row_before(connection, table="urenregistratie", row_id=uren_id)
            uren.update_uren(connection=connection, person_id=person_id, uren_id=uren_id, regel=regel, today=today)
            _team.row_changed(connection, table="urenregistratie", row_id=uren_id, before=before, author=author())
    except uren.UrenSaveError as exc:
        raise UrenSaveError(str(exc)) from exc


def delete_uren(*, store: Store, person_id: int, uren_id: int) -> None:
    from services import _team
    from services._tx import author
    from storage import uren

    try:
        with _write(store, person_id, "verwijderd") as connection:
            _team.row_deleted(connection, table="urenregistratie", row_id=uren_id, author=author())
            uren.delete_uren(connection=connection, person_id=person_id, uren_id=uren_id)
    except uren.UrenSaveError as exc:
        raise UrenSaveError(str(exc)) from exc
