"""Read queries: rows in, the plain dataclasses of `rules.model` out.

Aggregates (hour totals, latest voortgangsgesprek) are computed by SQL; the
caseload is read with one query per table, never one query per person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, select
from sqlalchemy.engine import Connection, RowMapping

from rules.model import (
    Alfabetisering,
    ContactSoort,
    Doelgroep,
    ExamenOnderdeel,
    ExamenPoging as ExamenPogingFact,
    ExamenResultaat,
    Leerroute,
    Niveau,
    PersonFacts,
    Regime,
    Status,
    UrenSoort,
    UrenTotalen,
)
from storage.models import AppSetting, Contactmoment, ExamenPoging, Person, Urenregistratie

PERSON = Person.__table__
UREN = Urenregistratie.__table__
CONTACT = Contactmoment.__table__
EXAMEN = ExamenPoging.__table__
SETTING = AppSetting.__table__


@dataclass(frozen=True)
class PersonRecord:
    """A person as the screens need them: the database id, the facts, and the BSN for search."""

    id: int
    version: int
    facts: PersonFacts
    bsn: str | None
    geboortedatum: date | None
    taal: str | None
    tolk_nodig: bool


def _enum(kind, value):
    return kind(value) if value is not None else None


def facts_from_row(
    row: RowMapping,
    *,
    uren: UrenTotalen | None = None,
    laatste_contact_voortgang: date | None = None,
    examens: tuple[ExamenPogingFact, ...] = (),
) -> PersonFacts:
    recorded = row["laatste_voortgangsgesprek"]
    laatste = max((d for d in (recorded, laatste_contact_voortgang) if d is not None), default=None)
    return PersonFacts(
        kenmerk=row["kenmerk"],
        naam=row["naam"],
        doelgroep=Doelgroep(row["doelgroep"]),
        regime=Regime(row["regime"]),
        status=Status(row["status"]),
        nareiziger=bool(row["nareiziger"]),
        bijstand=bool(row["bijstand"]),
        consulent=row["consulent"],
        kennisgeving_duo=row["kennisgeving_duo"],
        koppeling=row["koppeling"],
        eerste_azc_bezoek=row["eerste_azc_bezoek"],
        brp_inschrijving=row["brp_inschrijving"],
        huisvesting=row["huisvesting"],
        brede_intake_start=row["brede_intake_start"],
        pip_datum=row["pip_datum"],
        leerroute=_enum(Leerroute, row["leerroute"]),
        niveau=_enum(Niveau, row["niveau"]),
        alfabetisering=_enum(Alfabetisering, row["alfabetisering"]),
        aanbod_start=row["aanbod_start"],
        ontzorgen_start=row["ontzorgen_start"],
        ontzorgen_maanden=row["ontzorgen_maanden"],
        pvt_ondertekend=row["pvt_ondertekend"],
        map_eindgesprek=row["map_eindgesprek"],
        zroute_afgerond=row["zroute_afgerond"],
        termijn_einde=row["termijn_einde"],
        laatste_voortgangsgesprek=laatste,
        voortgangsgesprekken=tuple(d for d in (recorded, laatste_contact_voortgang) if d is not None),
        geboortedatum=row["geboortedatum"],
        uren=uren or UrenTotalen(),
        examens=examens,
    )


def _record(row: RowMapping, facts: PersonFacts) -> PersonRecord:
    return PersonRecord(
        id=row["id"],
        version=row["version"],
        facts=facts,
        bsn=row["bsn"],
        geboortedatum=row["geboortedatum"],
        taal=row["taal"],
        tolk_nodig=bool(row["tolk_nodig"]),
    )


def hour_totals(
    *, connection: Connection, as_of: date, person_id: int | None = None, leerroute: Leerroute | None = None
) -> dict[int, UrenTotalen]:
    """Hours per person and kind registered up to and including `as_of`, summed in SQL.

    `leerroute` limits the sum to the persons on that leerroute (the covering
    index on person, kind, date and minutes is then read only for them).
    """
    query = (
        select(UREN.c.person_id, UREN.c.soort, func.sum(UREN.c.minuten))
        .where(UREN.c.datum <= as_of)
        .group_by(UREN.c.person_id, UREN.c.soort)
    )
    if person_id is not None:
        query = query.where(UREN.c.person_id == person_id)
    if leerroute is not None:
        query = query.where(UREN.c.person_id.in_(select(PERSON.c.id).where(PERSON.c.leerroute == leerroute.value)))
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


def latest_voortgangsgesprekken(*, connection: Connection, as_of: date, person_id: int | None = None) -> dict[int, date]:
    query = (
        select(CONTACT.c.person_id, func.max(CONTACT.c.datum))
        .where(and_(CONTACT.c.soort == ContactSoort.VOORTGANGSGESPREK.value, CONTACT.c.datum <= as_of))
        .group_by(CONTACT.c.person_id)
    )
    if person_id is not None:
        query = query.where(CONTACT.c.person_id == person_id)
    result: dict[int, date] = {}
    for pid, latest in connection.execute(query):
        # func.max loses the column type on the local backend; convert the ISO text back.
        result[pid] = latest if isinstance(latest, date) else date.fromisoformat(latest)
    return result


def load_caseload(*, connection: Connection, as_of: date) -> list[PersonRecord]:
    """Every person with the facts the rules need, in three queries.

    Hour totals are what the caseload's rules need: the Z-route's. A person on
    another leerroute gets zero totals here; their dossier (:func:`load_person`)
    always sums their own hours.
    """
    totals = hour_totals(connection=connection, as_of=as_of, leerroute=Leerroute.Z)
    voortgang = latest_voortgangsgesprekken(connection=connection, as_of=as_of)
    rows = connection.execute(select(PERSON).order_by(PERSON.c.naam, PERSON.c.id)).mappings()
    return [
        _record(row, facts_from_row(row, uren=totals.get(row["id"]), laatste_contact_voortgang=voortgang.get(row["id"])))
        for row in rows
    ]


def load_person(*, connection: Connection, person_id: int, as_of: date) -> PersonRecord | None:
    row = connection.execute(select(PERSON).where(PERSON.c.id == person_id)).mappings().first()
    if row is None:
        return None
    totals = hour_totals(connection=connection, as_of=as_of, person_id=person_id)
    voortgang = latest_voortgangsgesprekken(connection=connection, as_of=as_of, person_id=person_id)
    examens = tuple(
        ExamenPogingFact(onderdeel=ExamenOnderdeel(e["onderdeel"]), datum=e["datum"], resultaat=ExamenResultaat(e["resultaat"]))
        for e in connection.execute(
            select(EXAMEN).where(EXAMEN.c.person_id == person_id).order_by(EXAMEN.c.datum, EXAMEN.c.id)
        ).mappings()
    )
    facts = facts_from_row(row, uren=totals.get(person_id), laatste_contact_voortgang=voortgang.get(person_id), examens=examens)
    return _record(row, facts)


def get_setting(*, connection: Connection, key: str) -> str | None:
    return connection.execute(select(SETTING.c.value).where(SETTING.c.key == key)).scalar()
