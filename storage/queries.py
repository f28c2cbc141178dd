"""Read queries: rows in, the plain dataclasses of `rules.model` out.

Aggregates (hour totals, latest voortgangsgesprek) are computed by SQL; the
caseload is read with one query per table, never one query per person (the
lists of exam attempts and decisions too: :func:`load_lists`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.engine import Connection, RowMapping

from rules.contact import TELT_ALS_VOORTGANGSGESPREK
from rules.model import (
    Alfabetisering,
    ContactSoort,
    Doelgroep,
    ExamenOnderdeel,
    ExamenPoging as ExamenPogingFact,
    ExamenResultaat,
    LeerbaarheidstoetsVrijstelling,
    Leerroute,
    Niveau,
    Ontheffing,
    OntheffingGrond,
    OntheffingSoort,
    PersonFacts,
    Pip,
    RedenGeenResultaat,
    Regime,
    Status,
    UrenSoort,
    UrenTotalen,
    Verblijfsvergunning,
    Verlenging as VerlengingFact,
    VerlengingGrond,
    Vrijstelling,
    VrijstellingSoort,
)
from storage.models import (
    AppSetting,
    Contactmoment,
    ExamenPoging,
    OntheffingBesluit,
    Person,
    PipVersie,
    Urenregistratie,
    Verlenging,
    VrijstellingBesluit,
)

PERSON = Person.__table__
UREN = Urenregistratie.__table__
CONTACT = Contactmoment.__table__
EXAMEN = ExamenPoging.__table__
SETTING = AppSetting.__table__
VERLENGING = Verlenging.__table__
ONTHEFFING = OntheffingBesluit.__table__
VRIJSTELLING = VrijstellingBesluit.__table__
PIP = PipVersie.__table__


@dataclass(frozen=True)
class PersonLists:
    """A person's lists the rules read (exam attempts and DUO's and the gemeente's decisions), oldest first."""

    examens: tuple[ExamenPogingFact, ...] = ()
    verlengingen: tuple[VerlengingFact, ...] = ()
    ontheffingen: tuple[Ontheffing, ...] = ()
    vrijstellingen: tuple[Vrijstelling, ...] = ()
    pips: tuple[Pip, ...] = ()


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
    zoeksleutel: str = ""  # rules.text.search_key of the naam, as stored (revision 0012)
    achternaam: str | None = None


def _enum(kind, value):
    return kind(value) if value is not None else None


def _members(kind, *, optional: bool) -> dict:
    """Every member of the enum by value (and None to None when the column may be empty): a dict lookup
    costs a fraction of the enum's own call, and facts_from_row does 8 of them per row."""
    table = {member.value: member for member in kind}
    return {**table, None: None} if optional else table


def _member(table: dict, kind, value):
    try:
        return table[value]
    except (KeyError, TypeError):
        return kind(value)  # not a stored value: the enum itself raises (or accepts) exactly as before


_DOELGROEP = _members(Doelgroep, optional=False)
_REGIME = _members(Regime, optional=False)
_STATUS = _members(Status, optional=False)
_LEERROUTE = _members(Leerroute, optional=True)
_NIVEAU = _members(Niveau, optional=True)
_ALFABETISERING = _members(Alfabetisering, optional=True)
_VERBLIJFSVERGUNNING = _members(Verblijfsvergunning, optional=True)
_LEERBAARHEIDSTOETS_VRIJSTELLING = _members(LeerbaarheidstoetsVrijstelling, optional=True)
_GEEN_LIJSTEN = PersonLists()
_GEEN_UREN = UrenTotalen()  # frozen, so every person without hours can share it


def facts_from_row(
    row: RowMapping,
    *,
    uren: UrenTotalen | None = None,
    laatste_contact_voortgang: date | None = None,
    examens: tuple[ExamenPogingFact, ...] = (),
    lists: PersonLists | None = None,
) -> PersonFacts:
    """The facts of one person row; `lists` adds their exam attempts and decisions (see :func:`load_lists`).

    Called for every file of a caseload or a monitor report (10,000 rows), so it reads each column once and
    builds the frozen facts in one step (:meth:`PersonFacts.from_fields`)."""
    if lists is None:
        lists = PersonLists(examens=examens) if examens else _GEEN_LIJSTEN
    get = row.get  # a merged import row may lack the newer columns
    recorded = row["laatste_voortgangsgesprek"]
    if recorded is None:
        gesprekken = () if laatste_contact_voortgang is None else (laatste_contact_voortgang,)
        laatste = laatste_contact_voortgang
    elif laatste_contact_voortgang is None:
        gesprekken, laatste = (recorded,), recorded
    else:
        gesprekken = (recorded, laatste_contact_voortgang)
        laatste = max(recorded, laatste_contact_voortgang)
    verwijtbaar_map, verwijtbaar_pvt = get("map_verwijtbaar"), get("pvt_verwijtbaar")
    return PersonFacts.from_fields({
        "kenmerk": row["kenmerk"],
        "naam": row["naam"],
        "doelgroep": _member(_DOELGROEP, Doelgroep, row["doelgroep"]),
        "regime": _member(_REGIME, Regime, row["regime"]),
        "status": _member(_STATUS, Status, row["status"]),
        "nareiziger": bool(row["nareiziger"]),
        "bijstand": bool(row["bijstand"]),
        "consulent": row["consulent"],
        "kennisgeving_duo": row["kennisgeving_duo"],
        "koppeling": row["koppeling"],
        "eerste_azc_bezoek": row["eerste_azc_bezoek"],
        "brp_inschrijving": row["brp_inschrijving"],
        "huisvesting": row["huisvesting"],
        "brede_intake_start": row["brede_intake_start"],
        "pip_datum": row["pip_datum"],
        "leerroute": _member(_LEERROUTE, Leerroute, row["leerroute"]),
        "niveau": _member(_NIVEAU, Niveau, row["niveau"]),
        "alfabetisering": _member(_ALFABETISERING, Alfabetisering, row["alfabetisering"]),
        "aanbod_start": row["aanbod_start"],
        "ontzorgen_start": row["ontzorgen_start"],
        "ontzorgen_maanden": row["ontzorgen_maanden"],
        "pvt_ondertekend": row["pvt_ondertekend"],
        "map_eindgesprek": row["map_eindgesprek"],
        "zroute_afgerond": row["zroute_afgerond"],
        "termijn_einde": row["termijn_einde"],
        "laatste_voortgangsgesprek": laatste,
        "voortgangsgesprekken": gesprekken,
        "geboortedatum": row["geboortedatum"],
        "uren": uren or _GEEN_UREN,
        "examens": lists.examens,
        "verblijfsvergunning": _member(_VERBLIJFSVERGUNNING, Verblijfsvergunning, get("verblijfsvergunning")),
        "inburgeringsplicht_start": get("inburgeringsplicht_start"),
        "aanbod_gepland": get("aanbod_gepland"),
        "aanbod_einde": get("aanbod_einde"),
        "map_verwijtbaar": None if verwijtbaar_map is None else bool(verwijtbaar_map),
        "pvt_verwijtbaar": None if verwijtbaar_pvt is None else bool(verwijtbaar_pvt),
        "verlengingen": lists.verlengingen,
        "ontheffingen": lists.ontheffingen,
        "vrijstellingen": lists.vrijstellingen,
        "pips": lists.pips,
        "vorige_gemeente": get("vorige_gemeente"),
        "verhuisd_in": get("verhuisd_in"),
        "eerste_pip_datum": get("eerste_pip_datum"),
        "vertrokken_op": get("vertrokken_op"),
        "vertrek_bestemming": get("vertrek_bestemming"),
        "leerbaarheidstoets": get("leerbaarheidstoets"),
        "leerbaarheidstoets_vrijstelling": _member(_LEERBAARHEIDSTOETS_VRIJSTELLING, LeerbaarheidstoetsVrijstelling,
                                                   get("leerbaarheidstoets_vrijstelling")),
    })


def _rows(connection: Connection, table, person_id: int | None, *order) -> dict[int, list[dict]]:
    query = select(table).order_by(table.c.person_id, *order, table.c.id)
    if person_id is not None:
        query = query.where(table.c.person_id == person_id)
    grouped: dict[int, list[dict]] = {}
    result = connection.execute(query)
    names = tuple(result.keys())
    for values in result:
        row = dict(zip(names, values))  # a plain dict reads faster than a RowMapping, thousands of times over
        grouped.setdefault(row["person_id"], []).append(row)
    return grouped


def load_lists(*, connection: Connection, person_id: int | None = None) -> dict[int, PersonLists]:
    """Exam attempts, verlengingen, ontheffingen, vrijstellingen and PIP history per person: one query per table.

    PIPs keep the order they were registered in (`id`): the rules check that a
    gewijzigd PIP is not dated before an earlier one.
    """
    examens = _rows(connection, EXAMEN, person_id, EXAMEN.c.datum)
    verlengingen = _rows(connection, VERLENGING, person_id)
    ontheffingen = _rows(connection, ONTHEFFING, person_id, ONTHEFFING.c.besluitdatum)
    vrijstellingen = _rows(connection, VRIJSTELLING, person_id, VRIJSTELLING.c.besluitdatum)
    pips = _rows(connection, PIP, person_id)
    people = set(examens) | set(verlengingen) | set(ontheffingen) | set(vrijstellingen) | set(pips)
    return {
        pid: PersonLists(
            examens=tuple(examen_fact(r) for r in examens.get(pid, ())),
            verlengingen=tuple(verlenging_fact(r) for r in verlengingen.get(pid, ())),
            ontheffingen=tuple(ontheffing_fact(r) for r in ontheffingen.get(pid, ())),
            vrijstellingen=tuple(vrijstelling_fact(r) for r in vrijstellingen.get(pid, ())),
            pips=tuple(pip_fact(r) for r in pips.get(pid, ())),
        )
        for pid in people
    }


_ONDERDEEL = _members(ExamenOnderdeel, optional=False)
_RESULTAAT = _members(ExamenResultaat, optional=False)
_REDEN_GEEN_RESULTAAT = _members(RedenGeenResultaat, optional=True)


def examen_fact(row: Any) -> ExamenPogingFact:
    return ExamenPogingFact(
        onderdeel=_member(_ONDERDEEL, ExamenOnderdeel, row["onderdeel"]), datum=row["datum"],
        resultaat=_member(_RESULTAAT, ExamenResultaat, row["resultaat"]), niveau=_member(_NIVEAU, Niveau, row["niveau"]),
        reden_geen_resultaat=_member(_REDEN_GEEN_RESULTAAT, RedenGeenResultaat, row["reden_geen_resultaat"]),
    )


def verlenging_fact(row: Any) -> VerlengingFact:
    return VerlengingFact(grond=VerlengingGrond(row["grond"]), besluitdatum=row["besluitdatum"],
                          nieuwe_einddatum=row["nieuwe_einddatum"], toelichting=row["toelichting"] or "")


def ontheffing_fact(row: Any) -> Ontheffing:
    return Ontheffing(
        soort=OntheffingSoort(row["soort"]), besluitdatum=row["besluitdatum"], grond=_enum(OntheffingGrond, row["grond"]),
        examenonderdeel=_enum(ExamenOnderdeel, row["examenonderdeel"]), participatie_uren_max=row["participatie_uren_max"],
    )


def vrijstelling_fact(row: Any) -> Vrijstelling:
    return Vrijstelling(
        soort=VrijstellingSoort(row["soort"]), besluitdatum=row["besluitdatum"], reden=row["reden"],
        examenonderdeel=_enum(ExamenOnderdeel, row["examenonderdeel"]), examenniveau=_enum(Niveau, row["examenniveau"]),
        start=row["start"], einde=row["einde"],
    )


def pip_fact(row: Any) -> Pip:
    return Pip(
        dagtekening=row["dagtekening"], leerroute=_enum(Leerroute, row["leerroute"]), niveau=_enum(Niveau, row["niveau"]),
        alfabetisering=_enum(Alfabetisering, row["alfabetisering"]), gemeente=row["gemeente"], reden=row["reden"] or "",
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
        zoeksleutel=row.get("zoeksleutel") or "",
        achternaam=row.get("achternaam"),
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
        .where(and_(CONTACT.c.soort.in_([s.value for s in TELT_ALS_VOORTGANGSGESPREK]), CONTACT.c.datum <= as_of))
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
    lists = load_lists(connection=connection)
    rows = connection.execute(select(PERSON).order_by(PERSON.c.naam, PERSON.c.id)).mappings()
    return [
        _record(row, facts_from_row(row, uren=totals.get(row["id"]), laatste_contact_voortgang=voortgang.get(row["id"]),
                                    lists=lists.get(row["id"])))
        for row in rows
    ]


def load_person(*, connection: Connection, person_id: int, as_of: date) -> PersonRecord | None:
    row = connection.execute(select(PERSON).where(PERSON.c.id == person_id)).mappings().first()
    if row is None:
        return None
    totals = hour_totals(connection=connection, as_of=as_of, person_id=person_id)
    voortgang = latest_voortgangsgesprekken(connection=connection, as_of=as_of, person_id=person_id)
    lists = load_lists(connection=connection, person_id=person_id).get(person_id)
    facts = facts_from_row(row, uren=totals.get(person_id), laatste_contact_voortgang=voortgang.get(person_id), lists=lists)
    return _record(row, facts)


def get_setting(*, connection: Connection, key: str) -> str | None:
    return connection.execute(select(SETTING.c.value).where(SETTING.c.key == key)).scalar()
