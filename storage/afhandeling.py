"""Storing and reading afhandelingen of signalen (handled, snoozed, by whom, why)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from rules import limits
from rules.afhandeling import Actie, Afhandeling, geldende_afhandeling, kan_afhandelen, signaal_sleutel
from rules.engine import Signaal
from storage.models import SignaalAfhandeling

TABLE = SignaalAfhandeling.__table__
MAX_REDEN = limits.REDEN


class AfhandelingError(ValueError):
    """The afhandeling cannot be stored; the message is Dutch."""


def add_afhandeling(
    *, connection: Connection, person_id: int, signaal: Signaal, actie: Actie, reden: str, door: str, tot: date | None = None, today: date
) -> None:
    reden = " ".join(reden.split())
    if not reden:
        raise AfhandelingError("Geef een korte reden, bijvoorbeeld ‘verlenging aangevraagd bij DUO’.")
    if len(reden) > MAX_REDEN:
        raise AfhandelingError(f"De reden is te lang ({len(reden)} tekens); houd het onder {MAX_REDEN}.")
    if actie is Actie.AFGEHANDELD and not kan_afhandelen(signaal):
        raise AfhandelingError("Dit signaal komt elke dag opnieuw op de dag zelf uit; stel het uit tot een datum in plaats van het af te handelen.")
    if actie is Actie.UITGESTELD and (tot is None or tot <= today):
        raise AfhandelingError("Uitstellen kan alleen tot een datum na vandaag.")
    if actie is Actie.HEROPEND:
        current = geldende_afhandeling(signaal, load_afhandelingen(connection=connection, person_id=person_id).get(person_id, ()), today)
        if current is None:
            raise AfhandelingError("Dit signaal staat al open; heropenen is niet nodig.")
    connection.execute(
        insert(TABLE).values(
            person_id=person_id, soort=str(signaal.soort), sleutel=signaal_sleutel(signaal), actie=actie.value,
            tot=tot if actie is Actie.UITGESTELD else None, reden=reden, door=door or "", op=datetime.now(UTC),
        )
    )


def load_afhandelingen(*, connection: Connection, person_id: int | None = None) -> dict[int, list[Afhandeling]]:
    query = select(TABLE).order_by(TABLE.c.op)
    if person_id is not None:
        query = query.where(TABLE.c.person_id == person_id)
    result: dict[int, list[Afhandeling]] = {}
    for row in connection.execute(query).mappings():
        result.setdefault(row["person_id"], []).append(
            Afhandeling(soort=row["soort"], sleutel=row["sleutel"], actie=Actie(row["actie"]), reden=row["reden"], door=row["door"], op=row["op"], tot=row["tot"])
        )
    return result
