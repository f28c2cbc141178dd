"""Correcting and removing a contactmoment: only by its author, the previous text kept as a version."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import and_, delete, insert, select, update
from sqlalchemy.engine import Connection

from rules.model import ContactSoort
from storage.models import Contactmoment, ContactmomentVersie
from storage.persons import PersonNotFoundError, SaveError
from storage.wijziging import record_changes

CONTACT = Contactmoment.__table__
VERSIE = ContactmomentVersie.__table__


class NotTheAuthorError(SaveError):
    """Someone else than its author tried to correct or remove a contactmoment."""

    def __init__(self, auteur: str, wat: str) -> None:
        super().__init__(f"Alleen {auteur}, die dit contactmoment schreef, kan het {wat}. "
                         "Leg een aanvulling vast als nieuw contactmoment (n).")


class ContactGoneError(PersonNotFoundError):
    def __init__(self) -> None:
        SaveError.__init__(self, "Dit contactmoment bestaat niet meer (een ander venster of een collega verwijderde het).")


@dataclass(frozen=True)
class ContactVersie:
    """An earlier text of a contactmoment: as it was until `op`, when `door` corrected or removed it."""

    datum: date
    soort: ContactSoort
    notitie: str
    auteur: str | None
    actie: str  # "gecorrigeerd" | "verwijderd"
    door: str
    op: datetime


def _row(connection: Connection, person_id: int, contact_id: int, door: str, wat: str):
    row = connection.execute(
        select(CONTACT).where(and_(CONTACT.c.id == contact_id, CONTACT.c.person_id == person_id))
    ).mappings().first()
    if row is None:
        raise ContactGoneError()
    # A contactmoment written before authors were stored (revision 0015) has none: anyone may correct it.
    if row["auteur"] and row["auteur"] != door:
        raise NotTheAuthorError(row["auteur"], wat)
    return row


def _keep_version(connection: Connection, row, *, actie: str, door: str) -> None:
    connection.execute(insert(VERSIE).values(
        person_id=row["person_id"], contactmoment_id=row["id"], contactmoment_uuid=row["uuid"], datum=row["datum"],
        soort=row["soort"], notitie=row["notitie"], auteur=row["auteur"], actie=actie, door=door, op=datetime.now(UTC),
    ))


def correct_contactmoment(*, connection: Connection, person_id: int, contact_id: int, datum: date,
                          soort: ContactSoort | str, notitie: str, door: str) -> bool:
    """Correct a contactmoment as its author; the previous text is kept. False when nothing changed."""
    row = _row(connection, person_id, contact_id, door, "corrigeren")
    soort_value = ContactSoort(soort).value
    new = dict(datum=datum, soort=soort_value, notitie=notitie.strip())
    if all(row[k] == v for k, v in new.items()):
        return False
    _keep_version(connection, row, actie="gecorrigeerd", door=door)
    connection.execute(update(CONTACT).where(and_(CONTACT.c.id == contact_id, CONTACT.c.person_id == person_id))
                       .values(**new))
    changes = [
        ("datum", row["datum"].strftime("%d-%m-%Y"), datum.strftime("%d-%m-%Y")),
        ("soort", ContactSoort(row["soort"]).label, ContactSoort(soort_value).label),
        # the text itself is in the versions (shown with the contactmoment), not repeated here
        ("notitie", None if row["notitie"] == new["notitie"] else "", None if row["notitie"] == new["notitie"] else "gecorrigeerd"),
    ]
    record_changes(connection, person_id=person_id, tabel="contactmoment", changes=changes, door=door)
    return True


def remove_contactmoment(*, connection: Connection, person_id: int, contact_id: int, door: str) -> None:
    """Remove a contactmoment as its author; its text is kept as the last version (and shown in the Geschiedenis)."""
    row = _row(connection, person_id, contact_id, door, "verwijderen")
    _keep_version(connection, row, actie="verwijderd", door=door)
    connection.execute(delete(CONTACT).where(and_(CONTACT.c.id == contact_id, CONTACT.c.person_id == person_id)))
    record_changes(connection, person_id=person_id, tabel="contactmoment", door=door, changes=[
        ("contactmoment", f"{ContactSoort(row['soort']).label} van {row['datum']:%d-%m-%Y}", "verwijderd")])


def versions_by_contact(*, connection: Connection, person_id: int) -> dict[int, list[ContactVersie]]:
    """Per contactmoment id (removed ones included), its earlier texts, oldest first."""
    result: dict[int, list[ContactVersie]] = {}
    query = select(VERSIE).where(VERSIE.c.person_id == person_id).order_by(VERSIE.c.contactmoment_id, VERSIE.c.id)
    for row in connection.execute(query).mappings():
        result.setdefault(row["contactmoment_id"], []).append(ContactVersie(
            datum=row["datum"], soort=ContactSoort(row["soort"]), notitie=row["notitie"], auteur=row["auteur"],
            actie=row["actie"], door=row["door"], op=row["op"]))
    return result
