"""A new person from an AZC visit: the minimum now, the rest later."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from rules.naam import check_achternaam

from storage.models import Contactmoment, Person
from storage.names import with_names

PERSON = Person.__table__
CONTACT = Contactmoment.__table__
GENERATED_PREFIX = "NIEUW"


class AanmeldingError(ValueError):
    """The aanmelding cannot be stored; the message is Dutch."""


@dataclass(frozen=True)
class Aanmelding:
    naam: str
    doelgroep: str
    kenmerk: str | None = None
    koppeling: date | None = None
    eerste_azc_bezoek: date | None = None
    consulent: str | None = None
    taal: str | None = None
    tolk_nodig: bool = False
    nareiziger: bool = False
    contact_soort: str | None = None  # the visit being typed up, if any
    contact_datum: date | None = None
    notitie: str = ""
    achternaam: str | None = None  # None or blank: taken from the naam (rules.naam)


def _next_generated_kenmerk(connection, year: int) -> str:
    prefix = f"{GENERATED_PREFIX}-{year}-"
    last = connection.execute(
        select(func.max(PERSON.c.kenmerk)).where(PERSON.c.kenmerk.like(f"{prefix}%"))
    ).scalar()
    number = int(last.removeprefix(prefix)) + 1 if last and last.removeprefix(prefix).isdigit() else 1
    return f"{prefix}{number:04d}"


def create_aanmelding(*, connection: Connection, aanmelding: Aanmelding, today: date) -> tuple[int, str]:
    """Store the person (and the visit's contactmoment) in one transaction; returns (id, kenmerk)."""
    if not aanmelding.naam.strip():
        raise AanmeldingError("Vul een naam in.")
    if aanmelding.achternaam and aanmelding.achternaam.strip() and (
            problem := check_achternaam(aanmelding.achternaam, naam=aanmelding.naam)):
        raise AanmeldingError(problem)
    if not (aanmelding.kenmerk or aanmelding.koppeling):
        raise AanmeldingError("Vul een kenmerk of de datum van de koppeling in (één van beide is genoeg).")
    now = datetime.now(UTC)
    try:
        kenmerk = aanmelding.kenmerk.strip() if aanmelding.kenmerk else _next_generated_kenmerk(connection, today.year)
        person_id = connection.execute(
            insert(PERSON).values(**with_names({"naam": aanmelding.naam.strip(), "achternaam": aanmelding.achternaam}),
                kenmerk=kenmerk, doelgroep=aanmelding.doelgroep,
                nareiziger=aanmelding.nareiziger, regime="wi2021", consulent=aanmelding.consulent or None,
                taal=aanmelding.taal or None, tolk_nodig=aanmelding.tolk_nodig, status="actief",
                koppeling=aanmelding.koppeling, eerste_azc_bezoek=aanmelding.eerste_azc_bezoek,
                bijstand=False, version=1, created_at=now, updated_at=now,
            )
        ).inserted_primary_key[0]
        if aanmelding.contact_soort:  # the visit itself is worth recording, note or not
            connection.execute(
                insert(CONTACT).values(
                    person_id=person_id, datum=aanmelding.contact_datum or today, soort=aanmelding.contact_soort,
                    notitie=aanmelding.notitie.strip(), created_at=now,
                )
            )
    except IntegrityError as exc:
        error = AanmeldingError(f"Het kenmerk {aanmelding.kenmerk} bestaat al. Kies een ander kenmerk of zoek de persoon op (F2).")
        error.kenmerk_in_use = True
        raise error from exc
    return person_id, kenmerk
