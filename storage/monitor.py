"""The monitor's counts, as aggregates in SQL: GROUP BY and COUNT over the person table, dialect-neutral.

Every query here is portable SQLAlchemy Core (no backend-only functions: months
come from ``extract``, which every backend compiles), so the teamdatabase runs
the same report. Where a figure needs a rule
(a deadline, the phase, the Z-route pace), the query groups by exactly the
dates that rule reads and returns one row per distinct combination with its
count; :mod:`rules.monitor` then applies the rule once per group.

Dates the schema records for the figures: the instroom is the BRP-inschrijving
(or, without it, the koppeling); the PIP's dagtekening is ``pip_datum``; the
day a file reached afgerond, vertrokken or ontheffing is ``gesloten_op``,
which storage sets whenever the status leaves actief (storage.persons and the
importer), so no new column is needed.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, extract, func, literal, or_, select
from sqlalchemy.engine import Connection

from rules.afhandeling import Afhandeling
from rules.model import Doelgroep, Leerroute, PersonFacts, Regime, Status, UrenSoort, UrenTotalen
from rules.monitor import UITSTROOM_STATUSSEN, Periode
from storage import backend
from storage.afhandeling import load_afhandelingen
from storage.queries import facts_from_row, latest_voortgangsgesprekken, load_lists
from storage.models import Person, Urenregistratie

PERSON = Person.__table__
UREN = Urenregistratie.__table__
_AANTAL = func.count().label("aantal")


def use_report_cache(connection: Connection) -> None:
    """Room in this connection's page cache for everything one report reads (the local file; speed only).

    A report scans the person table six times (instroom, PIPs, aanbod, uitstroom, the open files, the running
    Z-routes) and reads the Z-route hours and contactmomenten by index. Every page read into the cache is
    decrypted and checked first, and the 2 MiB a read connection keeps holds less than the person table of
    10,000 persons, so each scan decrypted the whole table again (about 45 ms each). The larger cache is filled
    only with the pages read and given back when the connection returns to the pool, as for a bulk import
    (storage.sqlite.use_bulk_cache); a teamdatabase (PostgreSQL) keeps its own buffers."""
    if (engine_backend := backend.of(connection)) is not None:
        engine_backend.use_bulk_cache(connection)


def _as_date(value) -> date | None:
    # Aggregates over a Date column may come back as ISO text from a backend without a date type.
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def _scope(gemeente: str | None) -> tuple:
    """The persons of one gemeente (a regional teamdatabase), or everyone this connection may see."""
    return () if gemeente is None else (PERSON.c.gemeente == gemeente,)


def instroom_datum():
    """The day someone arrived in the municipality: the BRP-inschrijving, or without it the koppeling."""
    return func.coalesce(PERSON.c.brp_inschrijving, PERSON.c.koppeling)


@dataclass(frozen=True)
class InstroomGroep:
    doelgroep: Doelgroep
    consulent: str | None
    jaar: int
    maand: int
    aantal: int


def count_instroom(*, connection: Connection, periode: Periode, gemeente: str | None = None) -> list[InstroomGroep]:
    """Persons whose instroom date lies in the period, counted per doelgroep, consulent and month (one pass over
    the persons gives both the totals and the monthly trend). Gezinsleden without a plicht (a child under 16,
    status geen_plicht) are not inburgeraars and are not counted (as in `fase`)."""
    arrived = instroom_datum()
    year, month = extract("year", arrived), extract("month", arrived)
    query = (
        select(PERSON.c.doelgroep, PERSON.c.consulent, year, month, _AANTAL)
        .where(arrived.between(periode.van, periode.tot), PERSON.c.status != Status.GEEN_PLICHT.value,
               *_scope(gemeente))
        .group_by(PERSON.c.doelgroep, PERSON.c.consulent, year, month)
    )
    return [InstroomGroep(Doelgroep(d), c, int(y), int(m), n) for d, c, y, m, n in connection.execute(query)]


@dataclass(frozen=True)
class PipGroep:
    """PIPs dated in the period that share the dates their deadline depends on, and their leerroute and consulent."""

    brp_inschrijving: date | None
    kennisgeving_duo: date | None
    pip_datum: date
    leerroute: Leerroute | None
    consulent: str | None
    aantal: int


def pip_groepen(*, connection: Connection, periode: Periode, gemeente: str | None = None) -> list[PipGroep]:
    """Wi2021 PIPs whose dagtekening lies in the period, grouped by BRP, kennisgeving, PIP date, leerroute and consulent."""
    columns = (PERSON.c.brp_inschrijving, PERSON.c.kennisgeving_duo, PERSON.c.pip_datum, PERSON.c.leerroute,
               PERSON.c.consulent)
    query = (
        select(*columns, _AANTAL)
        .where(PERSON.c.pip_datum.between(periode.van, periode.tot), PERSON.c.regime == Regime.WI2021.value,
               *_scope(gemeente))
        .group_by(*columns)
    )
    return [
        PipGroep(brp, kennisgeving, pip, Leerroute(route) if route else None, consulent, n)
        for brp, kennisgeving, pip, route, consulent, n in connection.execute(query)
    ]


@dataclass(frozen=True)
class AanbodGroep:
    pip_datum: date
    leerroute: Leerroute | None
    aanbod_start: date | None
    status: Status
    gesloten_op: date | None
    consulent: str | None
    aantal: int


def aanbod_groepen(*, connection: Connection, pip_van: date, pip_tot: date, gemeente: str | None = None) -> list[AanbodGroep]:
    """Wi2021 asielstatushouders with a PIP in the window, grouped by what their aanbod deadline and start depend on."""
    columns = (PERSON.c.pip_datum, PERSON.c.leerroute, PERSON.c.aanbod_start, PERSON.c.status, PERSON.c.gesloten_op,
               PERSON.c.consulent)
    query = (
        select(*columns, _AANTAL)
        .where(
            PERSON.c.doelgroep == Doelgroep.ASIELSTATUSHOUDER.value,
            PERSON.c.regime == Regime.WI2021.value,
            PERSON.c.pip_datum.between(pip_van, pip_tot),
            *_scope(gemeente),
        )
        .group_by(*columns)
    )
    return [
        AanbodGroep(pip, Leerroute(route) if route else None, start, Status(status), gesloten, consulent, n)
        for pip, route, start, status, gesloten, consulent, n in connection.execute(query)
    ]


@dataclass(frozen=True)
class UitstroomGroep:
    status: Status
    consulent: str | None
    aantal: int


def count_uitstroom(*, connection: Connection, periode: Periode, gemeente: str | None = None) -> list[UitstroomGroep]:
    """Persons who reached afgerond, vertrokken or ontheffing in the period (``gesloten_op``), per status and consulent."""
    query = (
        select(PERSON.c.status, PERSON.c.consulent, _AANTAL)
        .where(
            PERSON.c.status.in_([s.value for s in UITSTROOM_STATUSSEN]),
            PERSON.c.gesloten_op.between(periode.van, periode.tot),
            *_scope(gemeente),
        )
        .group_by(PERSON.c.status, PERSON.c.consulent)
    )
    return [UitstroomGroep(Status(s), c, n) for s, c, n in connection.execute(query)]


@dataclass(frozen=True)
class Stand:
    """The open files on a day, as the rules need them, with the afhandelingen made by then."""

    facts: dict[int, PersonFacts]  # by person id
    gesloten_op: dict[int, date | None]
    afhandelingen: dict[int, list[Afhandeling]]


# The person columns the rules read: exactly the facts (storage.queries.facts_from_row reads a column into the fact of
# the same name), the id and the day the file closed. Contact details, BSN and search keys stay in the database.
_FACT_COLUMNS = frozenset(f.name for f in fields(PersonFacts)) - {"naam"}


def _stand_columns() -> list:
    return [column for column in PERSON.c if column.name in _FACT_COLUMNS or column.name in ("id", "gesloten_op")]


def load_stand(*, connection: Connection, day: date, gemeente: str | None = None, lists: bool = True) -> Stand:
    """Every file open on ``day`` (actief, or closed only after it) that the municipality knew of by then:
    recorded by then, or with a date in the chain on or before it, with the facts the signalen screen reads.
    Hours are summed in SQL up to ``day`` (only the Z-route's: the pace rule needs no others).

    ``lists``: with each file's exam attempts, DUO's decisions and PIP history (:func:`storage.queries.load_lists`),
    as on the signalen screen. A teamdatabase does not hold those lists (they stay on the laptops), so the team's
    report goes without them."""
    # Records are stamped in UTC; the day's end in UTC is close enough to say whether someone was known then.
    end_of_day = datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)
    chain = (PERSON.c.kennisgeving_duo, PERSON.c.koppeling, PERSON.c.eerste_azc_bezoek, PERSON.c.brp_inschrijving,
             PERSON.c.pip_datum)
    query = select(*_stand_columns(), literal("").label("naam")).where(
        or_(PERSON.c.status == Status.ACTIEF.value, and_(PERSON.c.gesloten_op.is_not(None), PERSON.c.gesloten_op > day)),
        or_(PERSON.c.created_at < end_of_day, *(column <= day for column in chain)),
        *_scope(gemeente),
    )
    totals = zroute_hour_totals(connection=connection, day=day, gemeente=gemeente)
    voortgang = latest_voortgangsgesprekken(connection=connection, as_of=day)
    per_person = load_lists(connection=connection) if lists else {}
    per_id, closed = {}, {}
    result = connection.execute(query)
    names = tuple(result.keys())
    for values in result:
        row = dict(zip(names, values))  # a plain dict reads faster than a RowMapping, 9,000 times over
        pid = row["id"]
        per_id[pid] = facts_from_row(row, uren=totals.get(pid), laatste_contact_voortgang=voortgang.get(pid),
                                     lists=per_person.get(pid))
        closed[pid] = _as_date(row["gesloten_op"])
    # An afhandeling made after the day did not hide anything on it yet.
    afhandelingen = {
        pid: kept
        for pid, items in load_afhandelingen(connection=connection).items()
        if (kept := [a for a in items if _op_date(a) <= day])
    }
    return Stand(facts=per_id, gesloten_op=closed, afhandelingen=afhandelingen)


def zroute_hour_totals(*, connection: Connection, day: date, gemeente: str | None = None):
    """Hours per kind, summed in SQL up to ``day``, of the persons on a running Z-route on ``day`` only
    (PIP by then, not completed by then, file open): the pace rule needs no one else's."""
    running = select(PERSON.c.id).where(
        PERSON.c.leerroute == Leerroute.Z.value,
        PERSON.c.pip_datum <= day,
        or_(PERSON.c.zroute_afgerond.is_(None), PERSON.c.zroute_afgerond > day),
        or_(PERSON.c.status == Status.ACTIEF.value, PERSON.c.gesloten_op > day),
        *_scope(gemeente),
    )
    query = (
        select(UREN.c.person_id, UREN.c.soort, func.sum(UREN.c.minuten))
        .where(UREN.c.datum <= day, UREN.c.person_id.in_(running))
        .group_by(UREN.c.person_id, UREN.c.soort)
    )
    minutes: dict[int, dict[str, int]] = {}
    for pid, soort, total in connection.execute(query):
        minutes.setdefault(pid, {})[soort] = total or 0
    return {
        pid: UrenTotalen(
            taal_knm=per_kind.get(UrenSoort.TAAL_KNM, 0) / 60,
            taal_knm_brede_intake=per_kind.get(UrenSoort.TAAL_KNM_BREDE_INTAKE, 0) / 60,
            participatie=per_kind.get(UrenSoort.PARTICIPATIE, 0) / 60,
        )
        for pid, per_kind in minutes.items()
    }


def _op_date(afhandeling: Afhandeling) -> date:
    op = afhandeling.op
    return op.astimezone().date() if op.tzinfo else op.date()
