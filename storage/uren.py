"""Reads and writes of a person's urenregistratie (hours are stored as whole minutes).

Every write runs on the caller's connection, in one transaction the service opened: a week registered according to the
weekplan is saved whole or not at all. The last-used soort and bron of the
quick entry are remembered in app_setting under ``uren.laatste``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Engine, delete, func, insert, select, update
from sqlalchemy.engine import Connection

from rules.model import UrenSoort
from rules.validation import check_uren
from rules.weekplan import BestaandeUren
from storage.backend import upsert
from storage.models import AppSetting, Person, Urenregistratie

PERSON = Person.__table__
UREN = Urenregistratie.__table__
SETTING = AppSetting.__table__
LAATSTE_KEY = "uren.laatste"


class UrenSaveError(RuntimeError):
    """A write could not be done; the message is Dutch and safe to show."""


@dataclass(frozen=True)
class UrenRegel:
    """One registration of hours followed."""

    id: int
    datum: date
    soort: UrenSoort
    minuten: int
    bron: str
    omschrijving: str
    ingelezen: bool = False  # read in from a school's report (possibly a period total)

    @property
    def uren(self) -> float:
        return self.minuten / 60


@dataclass(frozen=True)
class NieuweUren:
    """Hours to register (no id yet)."""

    datum: date
    soort: UrenSoort
    minuten: int
    bron: str = ""
    omschrijving: str = ""


@dataclass(frozen=True)
class LaatsteKeuze:
    soort: UrenSoort
    bron: str


def list_uren(*, connection: Connection, person_id: int) -> list[UrenRegel]:
    """A person's registrations, newest first."""
    rows = connection.execute(
        select(UREN.c.id, UREN.c.datum, UREN.c.soort, UREN.c.minuten, UREN.c.bron, UREN.c.omschrijving, UREN.c.ingelezen)
        .where(UREN.c.person_id == person_id)
        .order_by(UREN.c.datum.desc(), UREN.c.id.desc())
    ).mappings()
    return [
        UrenRegel(r["id"], r["datum"], UrenSoort(r["soort"]), r["minuten"], r["bron"] or "", r["omschrijving"] or "",
                  bool(r["ingelezen"]))
        for r in rows
    ]


def registered_in_period(*, connection: Connection, person_id: int, van: date, tot: date) -> list[BestaandeUren]:
    """The hours registered from ``van`` to ``tot`` inclusive, summed in SQL per datum, soort, bron and
    whether they were imported, by date."""
    rows = connection.execute(
        select(UREN.c.datum, UREN.c.soort, func.coalesce(UREN.c.bron, ""), UREN.c.ingelezen, func.sum(UREN.c.minuten))
        .where(UREN.c.person_id == person_id, UREN.c.datum >= van, UREN.c.datum <= tot)
        .group_by(UREN.c.datum, UREN.c.soort, func.coalesce(UREN.c.bron, ""), UREN.c.ingelezen)
        .order_by(UREN.c.datum, UREN.c.soort)
    )
    return [BestaandeUren(d, UrenSoort(s), total or 0, b, bool(i)) for d, s, b, i, total in rows]


def minutes_per_soort(*, connection: Connection, person_id: int, van: date, tot: date) -> dict[UrenSoort, int]:
    """Minutes per soort registered from ``van`` to ``tot`` inclusive, summed in SQL."""
    rows = connection.execute(
        select(UREN.c.soort, func.sum(UREN.c.minuten))
        .where(UREN.c.person_id == person_id, UREN.c.datum >= van, UREN.c.datum <= tot)
        .group_by(UREN.c.soort)
    )
    return {UrenSoort(s): total or 0 for s, total in rows}


def _check(connection: Connection, *, person_id: int, regels: list[NieuweUren], today: date,
           except_id: int | None = None, period_total: bool = False) -> None:
    """Refuse the whole batch, with a Dutch reason, if any row breaks a rule of
    :func:`rules.validation.check_uren` (inside the write transaction, so the
    hours per day are counted as they are stored). A `period_total` (an imported
    school total being corrected) is not held to 24 hours a day."""
    koppeling = connection.execute(select(PERSON.c.koppeling).where(PERSON.c.id == person_id)).scalar()
    added_per_day: dict[date, int] = {}
    for regel in regels:
        al_op_dag = None
        if not period_total:
            query = select(func.coalesce(func.sum(UREN.c.minuten), 0)).where(
                UREN.c.person_id == person_id, UREN.c.datum == regel.datum, UREN.c.ingelezen.is_(False)
            )
            if except_id is not None:
                query = query.where(UREN.c.id != except_id)
            al_op_dag = (connection.execute(query).scalar() or 0) + added_per_day.get(regel.datum, 0)
        reason = check_uren(datum=regel.datum, minuten=regel.minuten, vandaag=today, koppeling=koppeling,
                            minuten_al_op_dag=al_op_dag, bron=regel.bron, omschrijving=regel.omschrijving)
        if reason:
            raise UrenSaveError(reason + (" Er is niets opgeslagen." if len(regels) > 1 else ""))
        added_per_day[regel.datum] = added_per_day.get(regel.datum, 0) + regel.minuten


def add_uren(
    *, connection: Connection, person_id: int, regels: Iterable[NieuweUren], remember: LaatsteKeuze | None = None,
    today: date | None = None,
) -> int:
    """Insert the registrations (and remember the last choice) in one transaction; returns the count.

    All or nothing: one row that breaks a rule (zero hours, a future date, a date
    before the koppeling, more than 24 hours on a day) refuses the batch.
    """
    regels = list(regels)
    now = datetime.now(UTC)
    _check(connection, person_id=person_id, regels=regels, today=today or date.today())
    if regels:
        connection.execute(
            insert(UREN),
            [
                dict(person_id=person_id, datum=r.datum, soort=r.soort.value, minuten=r.minuten,
                     bron=r.bron, omschrijving=r.omschrijving, created_at=now)
                for r in regels
            ],
        )
    if remember is not None:
        upsert(connection, AppSetting.__table__,
               {"key": LAATSTE_KEY, "value": json.dumps({"soort": remember.soort.value, "bron": remember.bron})},
               key_columns=[AppSetting.__table__.c.key])
    return len(regels)


def update_uren(*, connection: Connection, person_id: int, uren_id: int, regel: NieuweUren, today: date | None = None) -> None:
    """Correct one registration; raises UrenSaveError when it no longer exists or breaks a rule."""
    ingelezen = connection.execute(
        select(UREN.c.ingelezen).where(UREN.c.id == uren_id, UREN.c.person_id == person_id)
    ).scalar()
    # A corrected school total stays a period total.
    _check(connection, person_id=person_id, regels=[regel], today=today or date.today(), except_id=uren_id,
           period_total=bool(ingelezen))
    result = connection.execute(
        update(UREN)
        .where(UREN.c.id == uren_id, UREN.c.person_id == person_id)
        .values(datum=regel.datum, soort=regel.soort.value, minuten=regel.minuten, bron=regel.bron,
                omschrijving=regel.omschrijving)
    )
    if result.rowcount != 1:
        raise UrenSaveError("Deze registratie bestaat niet meer; de lijst wordt opnieuw geladen.")


def delete_uren(*, connection: Connection, person_id: int, uren_id: int) -> None:
    result = connection.execute(delete(UREN).where(UREN.c.id == uren_id, UREN.c.person_id == person_id))
    if result.rowcount != 1:
        raise UrenSaveError("Deze registratie bestaat niet meer; de lijst wordt opnieuw geladen.")


def load_laatste_keuze(*, connection: Connection) -> LaatsteKeuze | None:
    """The soort and bron of the last quick entry, or None (also when the stored value is unreadable)."""
    value = connection.execute(select(SETTING.c.value).where(SETTING.c.key == LAATSTE_KEY)).scalar()
    if not value:
        return None
    try:
        data = json.loads(value)
        return LaatsteKeuze(UrenSoort(data["soort"]), str(data.get("bron", "")))
    except (ValueError, KeyError, TypeError):
        return None
