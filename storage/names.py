"""The columns a person's naam brings along: the zoeksleutel searched in SQL and the achternaam sorted on.

Every write of a person's naam goes through :func:`name_values`, so the
zoeksleutel is never out of date with the naam (aanmelding, the person form,
the CSV import, a team pull); :func:`refresh_names` repairs rows written
another way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import bindparam, select, update
from sqlalchemy.engine import Connection

from rules.naam import achternaam_uit_naam
from rules.text import search_key
from storage.models import Person

PERSON = Person.__table__


def name_values(values: Mapping[str, object], *, achternaam_follows_naam: bool = True) -> dict[str, object]:
    """What to write beside `values` (a row to insert, or the changes of an update): the zoeksleutel of a
    new naam, and the achternaam: as given (stripped), or, when none is given with a new naam, guessed
    from the naam (unless `achternaam_follows_naam` is off: a team pull keeps the one stored)."""
    extra: dict[str, object] = {}
    naam = values.get("naam")
    if "achternaam" in values:
        given = values["achternaam"]
        given = given.strip() if isinstance(given, str) else None
        if given:
            extra["achternaam"] = given
        elif isinstance(naam, str):
            extra["achternaam"] = achternaam_uit_naam(naam) or None
        else:
            extra["achternaam"] = None
    if isinstance(naam, str):
        extra["zoeksleutel"] = search_key(naam)
        if "achternaam" not in values and achternaam_follows_naam:
            extra["achternaam"] = achternaam_uit_naam(naam) or None
    return extra


def with_names(values: Mapping[str, object], **options) -> dict[str, object]:
    """`values` with :func:`name_values` added."""
    return {**values, **name_values(values, **options)}


def refresh_names(*, connection: Connection, person_ids: Iterable[int] | None = None) -> int:
    """Bring the zoeksleutel (and a missing achternaam) of these persons, or all, in line with their naam; returns
    how many rows changed. Not audited: nothing a user typed changes."""
    query = select(PERSON.c.id, PERSON.c.naam, PERSON.c.achternaam, PERSON.c.zoeksleutel)
    if person_ids is not None:
        ids = list(person_ids)
        if not ids:
            return 0
        query = query.where(PERSON.c.id.in_(ids))
    changes = []
    for row in connection.execute(query):
        key = search_key(row.naam or "")
        achternaam = row.achternaam or achternaam_uit_naam(row.naam or "") or None
        if key != row.zoeksleutel or achternaam != row.achternaam:
            changes.append({"_id": row.id, "_key": key, "_achternaam": achternaam})
    if changes:
        connection.execute(
            update(PERSON).where(PERSON.c.id == bindparam("_id"))
            .values(zoeksleutel=bindparam("_key"), achternaam=bindparam("_achternaam"))
            .execution_options(audit=False),
            changes,
        )
    return len(changes)
