"""Reads and writes of a person's weekplan (table weekplan_entry), as `rules.weekplan.WeekplanItem`s.

Every write runs on the caller's connection, in one transaction the service opened: a batch of entries (a template, a
copied week, a change that ends one entry and starts another) is saved whole or
not at all. Ending an entry sets its geldig_tot, so the plan of an earlier week
stays visible; only an entry that starts in the week it is removed from (no
earlier week had it) is deleted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.engine import Connection, RowMapping

from rules.model import Leerroute, Taalvorm, WeekplanCategorie
from rules.weekplan import Week, WeekplanItem, Wijziging
from storage.models import Person, WeekplanEntry

ENTRY = WeekplanEntry.__table__
PERSON = Person.__table__


class WeekplanSaveError(RuntimeError):
    """A write could not be done; the message is Dutch and safe to show."""


@dataclass(frozen=True)
class WeekplanPerson:
    """Who the weekplan belongs to, as the screen and the printed page name them."""

    id: int
    kenmerk: str
    naam: str
    leerroute: Leerroute | None
    pip_datum: date | None
    taal: str | None = None  # the language the person speaks, as typed (the printed weekplan's second language)
    consulent: str | None = None  # the person's own consulent (named on the printed weekplan)


def _item(row: RowMapping) -> WeekplanItem:
    return WeekplanItem(
        id=row["id"],
        weekdag=row["weekdag"],
        start_tijd=row["start_tijd"],
        eind_tijd=row["eind_tijd"],
        categorie=WeekplanCategorie(row["categorie"]),
        taalvorm=Taalvorm(row["taalvorm"]) if row["taalvorm"] else None,
        activiteit=row["activiteit"],
        aanbieder=row["aanbieder"] or "",
        locatie=row["locatie"] or "",
        geldig_van=row["geldig_van"],
        geldig_tot=row["geldig_tot"],
    )


def _values(item: WeekplanItem) -> dict:
    return dict(
        weekdag=item.weekdag,
        start_tijd=item.start_tijd,
        eind_tijd=item.eind_tijd,
        categorie=item.categorie.value,
        taalvorm=item.taalvorm.value if item.taalvorm else None,
        activiteit=item.activiteit,
        aanbieder=item.aanbieder,
        locatie=item.locatie,
        geldig_van=item.geldig_van,
        geldig_tot=item.geldig_tot,
    )


def load_weekplan_person(*, connection: Connection, person_id: int) -> WeekplanPerson | None:
    row = connection.execute(
        select(PERSON.c.id, PERSON.c.kenmerk, PERSON.c.naam, PERSON.c.leerroute, PERSON.c.pip_datum, PERSON.c.taal,
               PERSON.c.consulent).where(
            PERSON.c.id == person_id
        )
    ).mappings().first()
    if row is None:
        return None
    return WeekplanPerson(
        id=row["id"],
        kenmerk=row["kenmerk"],
        naam=row["naam"],
        leerroute=Leerroute(row["leerroute"]) if row["leerroute"] else None,
        pip_datum=row["pip_datum"],
        taal=row["taal"],
        consulent=row["consulent"],
    )


def person_id_for_kenmerk(*, connection: Connection, kenmerk: str) -> int | None:
    """The person with this kenmerk (exact, then case-insensitive), or None."""
    found = connection.execute(select(PERSON.c.id).where(PERSON.c.kenmerk == kenmerk.strip())).scalar()
    if found is None:
        from sqlalchemy import func

        found = connection.execute(
            select(PERSON.c.id).where(func.lower(PERSON.c.kenmerk) == kenmerk.strip().lower())
        ).scalar()
    return found


def list_entries(*, connection: Connection, person_id: int) -> list[WeekplanItem]:
    """All of a person's entries, past ones included (a plan is a few dozen rows at most)."""
    rows = connection.execute(
        select(ENTRY)
        .where(ENTRY.c.person_id == person_id)
        .order_by(ENTRY.c.weekdag, ENTRY.c.start_tijd, ENTRY.c.id)
    ).mappings()
    return [_item(row) for row in rows]


def add_entries(*, connection: Connection, person_id: int, items: Iterable[WeekplanItem]) -> list[int]:
    """Insert the entries in one transaction; returns their new ids."""
    items = list(items)
    ids: list[int] = []
    for item in items:
        result = connection.execute(insert(ENTRY).values(person_id=person_id, **_values(item)))
        ids.append(result.inserted_primary_key[0])
    return ids


_GONE = "Deze activiteit bestaat niet meer; het weekplan wordt opnieuw geladen."


def save_change(*, connection: Connection, person_id: int, wijziging: Wijziging) -> WeekplanItem:
    """Store a changed entry (see `rules.weekplan.split_edit`) in one transaction; returns it with its id.

    A change in place overwrites the entry; otherwise the old entry is ended and
    the new one inserted, both or neither. Raises WeekplanSaveError when the
    entry no longer exists.
    """
    changed = [item for item in (wijziging.beeindigd, wijziging.nieuw) if item is not None and item.id is not None]
    for item in changed:
        result = connection.execute(
            update(ENTRY).where(ENTRY.c.id == item.id, ENTRY.c.person_id == person_id).values(**_values(item))
        )
        if result.rowcount != 1:
            raise WeekplanSaveError(_GONE)
    if wijziging.nieuw.id is not None:
        return wijziging.nieuw
    result = connection.execute(insert(ENTRY).values(person_id=person_id, **_values(wijziging.nieuw)))
    return replace(wijziging.nieuw, id=result.inserted_primary_key[0])


def _geldig_van(connection: Connection, *, person_id: int, entry_id: int) -> date:
    """The start of the person's entry; WeekplanSaveError when it is gone (deleted elsewhere)."""
    geldig_van = connection.execute(
        select(ENTRY.c.geldig_van).where(ENTRY.c.id == entry_id, ENTRY.c.person_id == person_id)
    ).scalar()
    if geldig_van is None:
        raise WeekplanSaveError(_GONE)
    return geldig_van


def remove_entry(*, connection: Connection, person_id: int, entry_id: int, week: Week) -> None:
    """Delete an entry that starts in ``week`` or later (`rules.weekplan.removed_when_ended`); an entry
    that an earlier week had is refused, so the history stays."""
    if _geldig_van(connection, person_id=person_id, entry_id=entry_id) < week.maandag:
        raise WeekplanSaveError(
            "Deze activiteit stond al in eerdere weken; beëindig haar, dan blijven die weken bewaard."
        )
    connection.execute(delete(ENTRY).where(ENTRY.c.id == entry_id))


def end_entry(*, connection: Connection, person_id: int, entry_id: int, geldig_tot: date) -> None:
    """Let an entry end on ``geldig_tot`` (inclusive); the history before it stays."""
    if geldig_tot < _geldig_van(connection, person_id=person_id, entry_id=entry_id):
        raise WeekplanSaveError("Een activiteit kan niet eindigen vóór ze begint.")
    connection.execute(update(ENTRY).where(ENTRY.c.id == entry_id).values(geldig_tot=geldig_tot))
