"""The contactmoment use case: a note of a visit, call or message, stored for one person."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from services.errors import ServiceError

if TYPE_CHECKING:
    from services.store import Store


class ContactSaveError(ServiceError):
    """The contactmoment was not stored (the dossier is gone, the database is not open, the input is refused).

    ``field`` names the form field a refusal is about (datum, notitie), or None."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _check(datum: date, soort: str, notitie: str, today: date | None) -> None:
    """Refuse what rules.contact.check_contactmoment refuses (with ``today`` unknown: only the note)."""
    from rules.contact import check_contactmoment

    problems = check_contactmoment(datum=datum, soort=soort, notitie=notitie, vandaag=today or date.max)
    if problems:
        field, message = problems[0]
        raise ContactSaveError(message, field)


def add_contactmoment(*, store: Store, person_id: int, datum: date, soort: str, notitie: str,
                      draft_key: str | None = None, draft_claim: str | None = None, today: date | None = None) -> int:
    """Record a contactmoment (its audit row and team operation in the same transaction); returns its id.

    With `draft_key`, the form's draft goes in the same transaction; with the `draft_claim` of a
    recovered draft (`services.drafts.claim_of`), a draft another window already saved is refused."""
    from services import _team
    from services._tx import Refused, author, write
    from storage import drafts, persons

    if store is None:
        raise ContactSaveError("De database is nog niet geopend; probeer het zo opnieuw.")
    _check(datum, soort, notitie, today)
    try:
        with write(store, refused=Refused("toegevoegd", "contactmoment", person_id)) as connection:
            if draft_key is not None:
                drafts.claim_draft(connection=connection, key=draft_key, claim=draft_claim, person_id=person_id)
            contact_id = persons.add_contactmoment(connection=connection, person_id=person_id, datum=datum, soort=soort,
                                                   notitie=notitie, auteur=author())
            _team.appended(connection, table="contactmoment", row_ids=[contact_id], author=author())
            _team.audit(connection, actie="toegevoegd", tabel="contactmoment", person_id=person_id, author=author())
            return contact_id
    except persons.SaveError as exc:
        raise ContactSaveError(exc.message) from exc
    except drafts.DraftAlreadySavedError as exc:
        raise ContactSaveError(exc.message) from exc


def correct_contactmoment(*, store: Store, person_id: int, contact_id: int, datum: date, soort: str, notitie: str,
                          today: date | None = None) -> bool:
    """Correct a contactmoment as its author (the consulent of this laptop); the previous text is kept and shown.
    False when nothing changed. Someone else's contactmoment is refused with a Dutch reason."""
    from services import _team
    from services._tx import Refused, author, write
    from storage import contact, persons

    if store is None:
        raise ContactSaveError("De database is nog niet geopend; probeer het zo opnieuw.")
    _check(datum, soort, notitie, today)
    try:
        with write(store, refused=Refused("gewijzigd", "contactmoment", person_id)) as connection:
            before = _team.row_before(connection, table="contactmoment", row_id=contact_id)
            with _team.records(connection, person_ids=[person_id], author=author()):  # the earlier text, the history
                changed = contact.correct_contactmoment(connection=connection, person_id=person_id,
                                                        contact_id=contact_id, datum=datum, soort=soort,
                                                        notitie=notitie, door=author())
            if changed:
                _team.row_changed(connection, table="contactmoment", row_id=contact_id, before=before, author=author())
            return changed
    except persons.SaveError as exc:
        raise ContactSaveError(exc.message) from exc


def remove_contactmoment(*, store: Store, person_id: int, contact_id: int) -> None:
    """Remove a contactmoment as its author; its text stays in the history of the dossier."""
    from services import _team
    from services._tx import Refused, author, write
    from storage import contact, persons

    if store is None:
        raise ContactSaveError("De database is nog niet geopend; probeer het zo opnieuw.")
    try:
        with write(store, refused=Refused("verwijderd", "contactmoment", person_id)) as connection:
            _team.row_deleted(connection, table="contactmoment", row_id=contact_id, author=author())
            with _team.records(connection, person_ids=[person_id], author=author()):  # the text kept, the history
                contact.remove_contactmoment(connection=connection, person_id=person_id, contact_id=contact_id,
                                             door=author())
    except persons.SaveError as exc:
        raise ContactSaveError(exc.message) from exc
