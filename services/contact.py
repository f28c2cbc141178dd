"""The contactmoment use case: a note of a visit, call or message, stored for one person."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from services.errors import ServiceError

if TYPE_CHECKING:
    from services.store import Store


class ContactSaveError(ServiceError):
    """The contactmoment was not stored (the dossier is gone, the database is not open)."""


def add_contactmoment(*, store: Store, person_id: int, datum: date, soort: str, notitie: str) -> int:
    """Record a contactmoment; returns its id."""
    from storage import persons

    if store is None:
        raise ContactSaveError("De database is nog niet geopend; probeer het zo opnieuw.")
    try:
        return persons.add_contactmoment(engine=store.engine, person_id=person_id, datum=datum, soort=soort, notitie=notitie)
    except persons.SaveError as exc:
        raise ContactSaveError(exc.message) from exc
