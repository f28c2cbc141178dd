"""The weekplan use cases: a person's weekplan read and changed (add, change, end, remove), and a print recorded.

Every change is one transaction; an entry that an earlier week already had is
ended rather than removed, so the history stays (`rules.weekplan`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from rules.weekplan import Week, WeekplanItem, Wijziging
from services.errors import ServiceError
from storage.weekplan import WeekplanPerson

if TYPE_CHECKING:
    from services.store import Store

__all__ = [
    "Weekplan",
    "WeekplanPerson",
    "WeekplanSaveError",
    "add_entries",
    "end_entry",
    "load_weekplan",
    "remove_entry",
    "save_change",
]

NOT_OPEN = "De database is nog niet geopend; probeer het zo opnieuw."


class WeekplanSaveError(ServiceError):
    """The change was refused or the entry is gone; nothing was written."""


@dataclass(frozen=True)
class Weekplan:
    person: WeekplanPerson | None  # None when the person is gone
    entries: list[WeekplanItem]


def load_weekplan(*, store: Store, person_id: int) -> Weekplan:
    from storage.weekplan import list_entries, load_weekplan_person

    from services._tx import read

    with read(store) as connection:
        return Weekplan(person=load_weekplan_person(connection=connection, person_id=person_id),
                        entries=list_entries(connection=connection, person_id=person_id))


def _write(store, do, *, person_id: int, actie: str):
    """One use case, one transaction (a refusal is audited, see services._tx)."""
    from services import _team
    from services._tx import Refused, author, write
    from storage import weekplan

    if store is None:
        raise WeekplanSaveError(NOT_OPEN)
    try:
        with write(store, refused=Refused(actie, "weekplan_entry", person_id)) as connection:
            with _team.records(connection, person_ids=[person_id], author=author()):  # the team gets the weekplan
                return do(weekplan, connection)
    except weekplan.WeekplanSaveError as exc:
        raise WeekplanSaveError(str(exc)) from exc


def add_entries(*, store: Store, person_id: int, items: Iterable[WeekplanItem]) -> list[int]:
    """Add activities (a template, a copied week) in one transaction; returns their ids."""
    return _write(store, lambda weekplan, connection: weekplan.add_entries(connection=connection, person_id=person_id, items=items),
                  person_id=person_id, actie="toegevoegd")


def save_change(*, store: Store, person_id: int, wijziging: Wijziging) -> WeekplanItem:
    """Store a changed activity (see `rules.weekplan.split_edit`); returns it with its id."""
    return _write(store, lambda weekplan, connection: weekplan.save_change(connection=connection, person_id=person_id,
                                                                            wijziging=wijziging),
                  person_id=person_id, actie="gewijzigd")


def remove_entry(*, store: Store, person_id: int, entry_id: int, week: Week) -> None:
    """Delete an activity that starts in ``week`` or later; one an earlier week had is refused."""
    _write(store, lambda weekplan, connection: weekplan.remove_entry(connection=connection, person_id=person_id,
                                                                      entry_id=entry_id, week=week),
           person_id=person_id, actie="verwijderd")


def end_entry(*, store: Store, person_id: int, entry_id: int, geldig_tot: date) -> None:
    """Let an activity end on ``geldig_tot``; the weeks before it stay."""
    _write(store, lambda weekplan, connection: weekplan.end_entry(connection=connection, person_id=person_id,
                                                                   entry_id=entry_id, geldig_tot=geldig_tot),
           person_id=person_id, actie="gewijzigd")
