"""Writes for one person: their facts (with optimistic locking), contactmomenten and exam attempts.

Every write runs on the caller's connection, inside a transaction the service opened with :func:`storage.db.write_session` (BEGIN IMMEDIATE,
all or nothing). Failures a user can cause raise an :class:`SaveError`
subclass whose ``message`` is Dutch and safe to show as-is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import and_, delete, func, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from rules.naam import check_achternaam
from rules.model import (
    Alfabetisering,
    ContactSoort,
    Doelgroep,
    ExamenOnderdeel,
    ExamenResultaat,
    LeerbaarheidstoetsVrijstelling,
    Leerroute,
    Niveau,
    RedenGeenResultaat,
    Regime,
    Status,
    Verblijfsvergunning,
)
from storage.models import Contactmoment, ExamenPoging, Person
from storage.names import refresh_names, with_names

PERSON = Person.__table__
CONTACT = Contactmoment.__table__
EXAMEN = ExamenPoging.__table__

VERSIE_CONFLICT_MELDING = (
    "Iemand anders heeft dit dossier intussen gewijzigd. "
    "Laad het opnieuw (ctrl+r) en voer uw wijziging opnieuw in."
)

# The columns a consulent edits, with the enumeration that checks the value
# (None: free text, a date, a flag or a number; the column type decides).
EDITABLE_FIELDS: dict[str, type | None] = {
    "naam": None,
    "achternaam": None,  # revision 0012: blank means "taken from the naam"
    "kenmerk": None,
    "geboortedatum": None,
    "bsn": None,
    "doelgroep": Doelgroep,
    "nareiziger": None,
    "regime": Regime,
    "consulent": None,
    "taal": None,
    "tolk_nodig": None,
    "status": Status,
    "kennisgeving_duo": None,
    "koppeling": None,
    "eerste_azc_bezoek": None,
    "brp_inschrijving": None,
    "huisvesting": None,
    "brede_intake_start": None,
    "pip_datum": None,
    "leerroute": Leerroute,
    "niveau": Niveau,
    "alfabetisering": Alfabetisering,
    "aanbod_start": None,
    "bijstand": None,
    "ontzorgen_start": None,
    "ontzorgen_maanden": None,
    "pvt_ondertekend": None,
    "map_eindgesprek": None,
    "zroute_afgerond": None,
    "termijn_einde": None,
    "laatste_voortgangsgesprek": None,
    # issue 18 (revision 0010)
    "verblijfsvergunning": Verblijfsvergunning,
    "inburgeringsplicht_start": None,
    "aanbod_gepland": None,
    "aanbod_einde": None,
    "map_verwijtbaar": None,
    "pvt_verwijtbaar": None,
    "vorige_gemeente": None,
    "verhuisd_in": None,
    "eerste_pip_datum": None,
    "vertrokken_op": None,
    "vertrek_bestemming": None,
    "leerbaarheidstoets": None,
    "leerbaarheidstoets_vrijstelling": LeerbaarheidstoetsVrijstelling,
    # issue 17 (revision 0013): the AZC visit and contact details (checked in rules.contactgegevens)
    "v_nummer": None,
    "azc_locatie": None,
    "adres": None,
    "telefoon": None,
    "email": None,
    "contactpersoon": None,
    "contactpersoon_organisatie": None,
    "contactpersoon_telefoon": None,
}
_REQUIRED = frozenset({"naam", "kenmerk", "doelgroep", "regime", "status", "nareiziger", "tolk_nodig", "bijstand"})


class SaveError(Exception):
    """A save was refused; nothing was written. ``message`` is Dutch."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class VersionConflictError(SaveError):
    """The row changed since the form read it (optimistic locking)."""

    def __init__(self) -> None:
        super().__init__(VERSIE_CONFLICT_MELDING)


class PersonNotFoundError(SaveError):
    def __init__(self) -> None:
        super().__init__("Dit dossier bestaat niet meer; het is intussen verwijderd. Ga terug naar de caseload.")


class BsnInUseError(SaveError):
    def __init__(self, kenmerk: str) -> None:
        super().__init__(f"Dit BSN staat al bij dossier {kenmerk}; één persoon heeft één dossier. "
                         "Controleer het BSN, of zoek dat dossier op (F2).")
        self.kenmerk = kenmerk


def bsn_owner(connection, *, bsn: str, other_than: int | None = None) -> str | None:
    """The kenmerk of another person who already has this BSN, if any."""
    query = select(PERSON.c.kenmerk).where(PERSON.c.bsn == bsn)
    if other_than is not None:
        query = query.where(PERSON.c.id != other_than)
    return connection.execute(query.limit(1)).scalar()


class AchternaamError(SaveError):
    """The achternaam is not part of the naam."""


class KenmerkInUseError(SaveError):
    def __init__(self, kenmerk: str) -> None:
        super().__init__(f"Het kenmerk ‘{kenmerk}’ is al in gebruik bij een ander dossier; kies een ander kenmerk.")
        self.kenmerk = kenmerk


@dataclass(frozen=True)
class PersonFields:
    """The stored (not derived) values of the editable columns, as the edit form needs them."""

    id: int
    version: int
    values: dict[str, object]


@dataclass(frozen=True)
class ContactmomentView:
    id: int
    person_id: int
    datum: date
    soort: ContactSoort
    notitie: str
    created_at: datetime
    auteur: str | None = None  # who wrote it (None: written before revision 0015)
    versies: tuple = ()  # storage.contact.ContactVersie: the earlier texts, oldest first


@dataclass(frozen=True)
class ExamenPogingView:
    id: int
    person_id: int
    onderdeel: ExamenOnderdeel
    datum: date
    resultaat: ExamenResultaat
    niveau: Niveau | None = None
    reden_geen_resultaat: RedenGeenResultaat | None = None


def _now() -> datetime:
    return datetime.now(UTC)


def _clean_changes(changes: dict[str, object]) -> dict[str, object]:
    """Check the column names and enumeration values; enums are stored as their string value."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    cleaned: dict[str, object] = {}
    for column, value in changes.items():
        kind = EDITABLE_FIELDS[column]
        if value is None and column in _REQUIRED:
            raise ValueError(f"{column} may not be empty")
        if kind is not None and value is not None:
            value = kind(value).value  # raises ValueError for a value outside the enumeration
        cleaned[column] = value
    return cleaned


def load_person_fields(*, connection: Connection, person_id: int) -> PersonFields | None:
    """The editable columns as stored, or None when the person does not exist."""
    columns = [PERSON.c[name] for name in EDITABLE_FIELDS]
    row = connection.execute(
        select(PERSON.c.id, PERSON.c.version, *columns).where(PERSON.c.id == person_id)
    ).mappings().first()
    if row is None:
        return None
    return PersonFields(id=row["id"], version=row["version"], values={name: row[name] for name in EDITABLE_FIELDS})


def list_consulenten(*, connection: Connection) -> list[str]:
    """The consulent names in use, for suggestions while typing."""
    query = select(PERSON.c.consulent).where(PERSON.c.consulent.is_not(None)).distinct().order_by(PERSON.c.consulent)
    return [name for name in connection.execute(query).scalars() if name.strip()]


def closing_values(status: object, *, today: date | None = None) -> dict[str, object]:
    """`gesloten_op` follows the status: set on the day a file is closed (kept if it
    was closed before), cleared when it is reopened. Retention runs from that date.
    ``geen_plicht`` (a child registered with the household) is not closed: the file waits for the plicht."""
    if str(getattr(status, "value", status)) in (Status.ACTIEF.value, Status.GEEN_PLICHT.value):
        return {"gesloten_op": None}  # a household member without plicht (yet) has an open file
    return {"gesloten_op": func.coalesce(PERSON.c.gesloten_op, today or date.today())}


def update_person(*, connection: Connection, person_id: int, expected_version: int, changes: dict[str, object]) -> int:
    """Save ``changes`` in one transaction if the row is still at ``expected_version``; returns the new version.

    Raises :class:`VersionConflictError` when someone else saved in between (nothing
    is overwritten), :class:`PersonNotFoundError` when the row is gone and
    :class:`KenmerkInUseError` when the new kenmerk belongs to someone else,
    :class:`BsnInUseError` when the new BSN does.
    """
    cleaned = with_names(_clean_changes(changes))
    if cleaned.get("achternaam"):
        naam = cleaned.get("naam") or connection.execute(select(PERSON.c.naam).where(PERSON.c.id == person_id)).scalar()
        if naam is not None and (problem := check_achternaam(str(cleaned["achternaam"]), naam=naam)):
            raise AchternaamError(problem)
    if "status" in cleaned:
        cleaned.update(closing_values(cleaned["status"]))
    try:
        if cleaned.get("bsn") and (owner := bsn_owner(connection, bsn=str(cleaned["bsn"]), other_than=person_id)):
            raise BsnInUseError(owner)
        result = connection.execute(
            update(PERSON)
            .where(and_(PERSON.c.id == person_id, PERSON.c.version == expected_version))
            .values(**cleaned, version=PERSON.c.version + 1, updated_at=_now())
        )
        if result.rowcount == 0:
            exists = connection.execute(select(PERSON.c.id).where(PERSON.c.id == person_id)).first()
            raise VersionConflictError() if exists else PersonNotFoundError()
        refresh_names(connection=connection, person_ids=[person_id])  # an achternaam left blank is taken from the naam
    except IntegrityError as exc:
        if "kenmerk" in str(exc.orig):
            raise KenmerkInUseError(str(cleaned.get("kenmerk", ""))) from None
        raise SaveError("De database weigert deze waarden (een controle van de database faalt); er is niets opgeslagen.") from None
    return expected_version + 1


def add_contactmoment(*, connection: Connection, person_id: int, datum: date, soort: ContactSoort | str, notitie: str,
                      auteur: str | None = None) -> int:
    """Record a contactmoment (written by `auteur`, the consulent); returns its id."""
    soort_value = ContactSoort(soort).value
    try:
        result = connection.execute(
            insert(CONTACT).values(
                person_id=person_id, datum=datum, soort=soort_value, notitie=notitie.strip(), created_at=_now(),
                auteur=auteur or None,
            )
        )
        return result.inserted_primary_key[0]
    except IntegrityError:
        raise PersonNotFoundError() from None


def list_contactmomenten(*, connection: Connection, person_id: int) -> list[ContactmomentView]:
    """A person's contactmomenten, newest first (same day: the last entered first), each with its earlier texts."""
    from storage.contact import versions_by_contact

    rows = connection.execute(
        select(CONTACT).where(CONTACT.c.person_id == person_id).order_by(CONTACT.c.datum.desc(), CONTACT.c.id.desc())
    ).mappings()
    versies = versions_by_contact(connection=connection, person_id=person_id)
    return [
        ContactmomentView(
            id=row["id"], person_id=row["person_id"], datum=row["datum"], soort=ContactSoort(row["soort"]),
            notitie=row["notitie"], created_at=row["created_at"], auteur=row["auteur"],
            versies=tuple(versies.get(row["id"], ())),
        )
        for row in rows
    ]


def add_examenpoging(
    *, connection: Connection, person_id: int, onderdeel: ExamenOnderdeel | str, datum: date, resultaat: ExamenResultaat | str,
    niveau: Niveau | str | None = None, reden_geen_resultaat: RedenGeenResultaat | str | None = None,
) -> int:
    """Record an exam attempt (level None: B1; a reason only with resultaat "geen"); returns its id."""
    resultaat_value = ExamenResultaat(resultaat).value
    values = dict(
        person_id=person_id, onderdeel=ExamenOnderdeel(onderdeel).value, datum=datum, resultaat=resultaat_value,
        niveau=Niveau(niveau).value if niveau else None,
        reden_geen_resultaat=(RedenGeenResultaat(reden_geen_resultaat).value
                              if reden_geen_resultaat and resultaat_value == ExamenResultaat.GEEN.value else None),
    )
    try:
        return connection.execute(insert(EXAMEN).values(**values)).inserted_primary_key[0]
    except IntegrityError:
        raise PersonNotFoundError() from None


def delete_examenpoging(*, connection: Connection, person_id: int, poging_id: int) -> bool:
    """Remove one exam attempt of this person; False when it was already gone."""
    result = connection.execute(delete(EXAMEN).where(and_(EXAMEN.c.id == poging_id, EXAMEN.c.person_id == person_id)))
    return result.rowcount > 0


def list_examenpogingen(*, connection: Connection, person_id: int) -> list[ExamenPogingView]:
    """A person's exam attempts, per component in the usual order, then by date."""
    order = {onderdeel.value: index for index, onderdeel in enumerate(ExamenOnderdeel)}
    rows = connection.execute(
        select(EXAMEN).where(EXAMEN.c.person_id == person_id).order_by(EXAMEN.c.datum, EXAMEN.c.id)
    ).mappings()
    views = [
        ExamenPogingView(
            id=row["id"], person_id=row["person_id"], onderdeel=ExamenOnderdeel(row["onderdeel"]),
            datum=row["datum"], resultaat=ExamenResultaat(row["resultaat"]),
            niveau=Niveau(row["niveau"]) if row["niveau"] else None,
            reden_geen_resultaat=RedenGeenResultaat(row["reden_geen_resultaat"]) if row["reden_geen_resultaat"] else None,
        )
        for row in rows
    ]
    return sorted(views, key=lambda v: order[v.onderdeel.value])  # stable: date order kept per component

