"""The DUO tables and their queries: messages to DUO with their state, DUO's events, and the DUO facts per person.

A message row is the unit that later travels between laptops in team mode:
it carries its own UUID (`uuid`), and the `bericht_id` it was first sent
with, so a retry after a timeout reuses it and DUO never sees it twice.
Nothing about the municipality's certificate lives here: its paths are in the
settings and its passphrase in the OS keyring, so no key reaches the database
or its backups.
"""

from __future__ import annotations

import json
import uuid as uuid_module
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, Text, UniqueConstraint, and_, func, insert, or_, select, update
from sqlalchemy.engine import Connection
from sqlmodel import Field, SQLModel

# Message states (issue 19): klaar and geblokkeerd are computed by the pre-check; the
# others are stored once a message leaves. "verzonden" without an answer is a message
# waiting for DUO (a timeout or dropped connection): it is sent again with the same berichtId.
KLAAR = "klaar"
GEBLOKKEERD = "geblokkeerd"
VERZONDEN = "verzonden"
GEACCEPTEERD = "geaccepteerd"
AFGEWEZEN = "afgewezen"
STATUSSEN = (KLAAR, GEBLOKKEERD, VERZONDEN, GEACCEPTEERD, AFGEWEZEN)


class DuoBericht(SQLModel, table=True):
    """One message to DUO as it was (or is being) sent."""

    __tablename__ = "duo_bericht"
    __table_args__ = (
        Index("ix_duo_bericht_person_soort", "person_id", "soort", "sleutel"),
        Index("ix_duo_bericht_status", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(max_length=36, unique=True)  # travels with the operation in team mode
    person_id: int = Field(sa_column=Column(Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False))
    soort: str = Field(max_length=10)  # rules.duo.BerichtSoort
    sleutel: str = Field(default="", max_length=40)  # which one of a kind: the uren counter, the instelling
    methode: str = Field(max_length=6)  # POST, PUT or DELETE
    pad: str = Field(max_length=200)  # the API path with {bsn} left as a template
    api: str = Field(max_length=40)  # which specification file describes it
    inhoud: str | None = None  # the JSON body exactly as sent (None for a DELETE)
    status: str = Field(max_length=12)
    bericht_id: str = Field(max_length=36)  # the berichtId header; the same on every retry
    pogingen: int = 0
    http_status: int | None = None
    foutteksten: str = ""  # JSON list of DUO's fouttekst values (afgewezen) or the transport problem
    aangemaakt: datetime
    verzonden_op: datetime | None = None
    beantwoord_op: datetime | None = None
    # Team mode (revision 0016): the laptop id that claimed the message in the teamdatabase before sending it
    # (only the teamdatabase's row is used), and the name of the machine that sent it, shown to the team.
    verzender: str | None = Field(default=None, max_length=36)
    verzonden_door: str | None = Field(default=None, max_length=100)


class DuoGebeurtenis(SQLModel, table=True):
    """A notification (gebeurtenis) from DUO, as received; unknown codes are kept as they are."""

    __tablename__ = "duo_gebeurtenis"
    __table_args__ = (
        UniqueConstraint("bsn", "gebeurtenis_id", "registratie", name="uq_duo_gebeurtenis"),
        Index("ix_duo_gebeurtenis_person", "person_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uuid: str = Field(max_length=36, unique=True)
    person_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=True)
    )
    bsn: str | None = Field(default=None, max_length=9)
    v_nummer: int | None = None
    gebeurtenis_id: str = Field(max_length=6)
    registratie: str = Field(max_length=40)  # DUO's registratieDatumTijd as it came (ISO 8601 with offset)
    bron: str = Field(max_length=40)  # "bestand" or "notificatie"
    ingelezen_op: datetime


class DuoPersoon(SQLModel, table=True):
    """What DUO needs that the dossier does not hold: the instelling of the aanbod.

    (Verwijtbaar for MAP and PVT is a fact of the person, on the person row.)"""

    __tablename__ = "duo_persoon"

    person_id: int = Field(sa_column=Column(Integer, ForeignKey("person.id", ondelete="CASCADE"), primary_key=True))
    instellingsnummer: str | None = Field(default=None, max_length=10)
    # Revision 0017: what DUO answered when regie last asked about the person (`regie duo opvragen`), as JSON:
    # {"opgevraagd_op": ISO time, "door": machine, "antwoorden": {name: DUO's JSON or null}}; never the BSN.
    opvraging: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


BERICHT = DuoBericht.__table__
GEBEURTENIS = DuoGebeurtenis.__table__
PERSOON = DuoPersoon.__table__


@dataclass(frozen=True)
class StoredBericht:
    id: int
    uuid: str
    person_id: int
    soort: str
    sleutel: str
    methode: str
    pad: str
    api: str
    inhoud: str | None
    status: str
    bericht_id: str
    pogingen: int
    http_status: int | None
    foutteksten: tuple[str, ...]
    aangemaakt: datetime
    verzonden_op: datetime | None
    beantwoord_op: datetime | None
    verzonden_door: str | None = None  # team mode: the machine that sent it


@dataclass(frozen=True)
class DuoGegevens:
    instellingsnummer: str | None = None
    opvraging: str | None = None  # JSON: DUO's answers when regie last asked (see DuoPersoon.opvraging)


@dataclass(frozen=True)
class StoredGebeurtenis:
    id: int
    person_id: int | None
    bsn: str | None
    gebeurtenis_id: str
    registratie: str
    bron: str
    ingelezen_op: datetime


def now() -> datetime:
    return datetime.now(UTC)


def _stored(row) -> StoredBericht:
    fout = json.loads(row["foutteksten"]) if row["foutteksten"] else []
    return StoredBericht(
        id=row["id"], uuid=row["uuid"], person_id=row["person_id"], soort=row["soort"], sleutel=row["sleutel"],
        methode=row["methode"], pad=row["pad"], api=row["api"], inhoud=row["inhoud"], status=row["status"],
        bericht_id=row["bericht_id"], pogingen=row["pogingen"], http_status=row["http_status"],
        foutteksten=tuple(str(f) for f in fout), aangemaakt=row["aangemaakt"], verzonden_op=row["verzonden_op"],
        beantwoord_op=row["beantwoord_op"], verzonden_door=row.get("verzonden_door"),
    )


def _order(row) -> tuple:
    return (row["aangemaakt"].replace(tzinfo=None) if row["aangemaakt"] is not None else datetime.min, row["uuid"])


def _same_message(a, b) -> bool:
    return a["methode"] == b["methode"] and a["inhoud"] == b["inhoud"]


def _current_run(rows: list) -> list:
    """The newest rows of one (person, soort, sleutel) that carry the same message, oldest first.

    In team mode the same message can be klaargezet twice (on a laptop offline and on the sending
    machine): those rows are one message, and the most advanced of them says where it stands."""
    rows = sorted(rows, key=_order)
    run = [rows[-1]]
    for row in reversed(rows[:-1]):
        if not _same_message(row, run[0]):
            break
        run.insert(0, row)
    return run


def latest_berichten(*, connection: Connection, person_id: int | None = None) -> dict[tuple[int, str, str], StoredBericht]:
    """The newest stored message per (person, soort, sleutel); of copies of that same message, the most advanced."""
    query = select(BERICHT)
    if person_id is not None:
        query = query.where(BERICHT.c.person_id == person_id)
    groups: dict[tuple[int, str, str], list] = {}
    for row in connection.execute(query).mappings():
        groups.setdefault((row["person_id"], row["soort"], row["sleutel"]), []).append(row)
    return {key: _stored(max(_current_run(rows), key=lambda r: (_RANK.get(r["status"], 0), *_order(r))))
            for key, rows in groups.items()}


def accepted_berichten(*, connection: Connection, person_id: int | None = None) -> dict[tuple[int, str, str], StoredBericht]:
    """The newest message per (person, soort, sleutel) that DUO accepted: what DUO holds from us."""
    newest = (
        select(func.max(BERICHT.c.id))
        .where(BERICHT.c.status == GEACCEPTEERD)
        .group_by(BERICHT.c.person_id, BERICHT.c.soort, BERICHT.c.sleutel)
    )
    if person_id is not None:
        newest = newest.where(BERICHT.c.person_id == person_id)
    rows = connection.execute(select(BERICHT).where(BERICHT.c.id.in_(newest))).mappings()
    return {(r["person_id"], r["soort"], r["sleutel"]): _stored(r) for r in rows}


def add_bericht(*, connection: Connection, person_id: int, soort: str, sleutel: str, methode: str, pad: str, api: str,
                inhoud: str | None, at: datetime, status: str = VERZONDEN) -> StoredBericht:
    """Record a message about to be sent: status verzonden, a fresh berichtId, no answer yet.

    With ``status=KLAAR`` the message is *klaargezet*: its UUID and berichtId are fixed now, before any
    machine sends it (team mode: it travels to the machine that sends, and every retry reuses the id)."""
    if status not in (KLAAR, VERZONDEN):
        raise ValueError(status)
    values = dict(
        uuid=str(uuid_module.uuid4()), person_id=person_id, soort=soort, sleutel=sleutel, methode=methode, pad=pad,
        api=api, inhoud=inhoud, status=status, bericht_id=str(uuid_module.uuid4()), pogingen=0, foutteksten="",
        aangemaakt=at,
    )
    new_id = connection.execute(insert(BERICHT).values(**values)).inserted_primary_key[0]
    row = connection.execute(select(BERICHT).where(BERICHT.c.id == new_id)).mappings().one()
    return _stored(row)


def mark_attempt(*, connection: Connection, bericht_id: int, at: datetime, door: str | None = None) -> None:
    """A send attempt begins: counted and timed before the request leaves, so a crash leaves it waiting."""
    values = dict(pogingen=BERICHT.c.pogingen + 1, verzonden_op=at, status=VERZONDEN)
    if door is not None:
        values["verzonden_door"] = door
    connection.execute(update(BERICHT).where(BERICHT.c.id == bericht_id).values(**values))


def record_answer(*, connection: Connection, bericht_id: int, status: str, http_status: int | None,
                  foutteksten: list[str], at: datetime | None) -> None:
    """DUO's answer (geaccepteerd/afgewezen), or a transport problem that leaves the message waiting (verzonden)."""
    if status not in (VERZONDEN, GEACCEPTEERD, AFGEWEZEN):
        raise ValueError(status)
    connection.execute(
        update(BERICHT).where(BERICHT.c.id == bericht_id)
        .values(status=status, http_status=http_status, foutteksten=json.dumps(foutteksten, ensure_ascii=False),
                beantwoord_op=at)
    )


def waiting_berichten(*, connection: Connection) -> list[StoredBericht]:
    """Messages sent without a definitive answer, oldest first: they go again with their own berichtId."""
    rows = connection.execute(
        select(BERICHT).where(BERICHT.c.status == VERZONDEN).order_by(BERICHT.c.id)
    ).mappings()
    return [_stored(r) for r in rows]


def list_berichten(*, connection: Connection, person_id: int) -> list[StoredBericht]:
    rows = connection.execute(
        select(BERICHT).where(BERICHT.c.person_id == person_id).order_by(BERICHT.c.id)
    ).mappings()
    return [_stored(r) for r in rows]


def load_gegevens(*, connection: Connection, person_id: int | None = None) -> dict[int, DuoGegevens]:
    query = select(PERSOON)
    if person_id is not None:
        query = query.where(PERSOON.c.person_id == person_id)
    return {
        r["person_id"]: DuoGegevens(r["instellingsnummer"], r["opvraging"])
        for r in connection.execute(query).mappings()
    }


def save_gegevens(*, connection: Connection, person_id: int, gegevens: DuoGegevens) -> None:
    connection.execute(PERSOON.delete().where(PERSOON.c.person_id == person_id))
    connection.execute(insert(PERSOON).values(
        person_id=person_id, instellingsnummer=gegevens.instellingsnummer, opvraging=gegevens.opvraging,
    ))


def add_gebeurtenis(*, connection: Connection, person_id: int | None, bsn: str | None, v_nummer: int | None,
                    gebeurtenis_id: str, registratie: str, bron: str, at: datetime) -> str | None:
    """Store one event; its UUID, or None when the same event (BSN, code, time) was read before."""
    exists = connection.execute(
        select(func.count()).select_from(GEBEURTENIS).where(and_(
            GEBEURTENIS.c.bsn.is_(None) if bsn is None else GEBEURTENIS.c.bsn == bsn,
            GEBEURTENIS.c.gebeurtenis_id == gebeurtenis_id,
            GEBEURTENIS.c.registratie == registratie,
        ))
    ).scalar()
    if exists:
        return None
    new_uuid = str(uuid_module.uuid4())
    connection.execute(insert(GEBEURTENIS).values(
        uuid=new_uuid, person_id=person_id, bsn=bsn, v_nummer=v_nummer, gebeurtenis_id=gebeurtenis_id,
        registratie=registratie, bron=bron, ingelezen_op=at,
    ))
    return new_uuid


def list_gebeurtenissen(*, connection: Connection, person_id: int | None = None) -> list[StoredGebeurtenis]:
    query = select(GEBEURTENIS).order_by(GEBEURTENIS.c.registratie, GEBEURTENIS.c.id)
    if person_id is not None:
        query = query.where(GEBEURTENIS.c.person_id == person_id)
    return [
        StoredGebeurtenis(r["id"], r["person_id"], r["bsn"], r["gebeurtenis_id"], r["registratie"], r["bron"], r["ingelezen_op"])
        for r in connection.execute(query).mappings()
    ]


# --- Team mode (issue 19, point 8) --------------------------------------------------------
# A message's life travels as operations (storage.team.operations: duo_bericht.klaar, .verzonden, .antwoord;
# duo_gebeurtenis.append; duo_persoon.set). The functions below apply them on either side (laptop or
# teamdatabase, dialect-neutral) and are idempotent: a state never goes back (klaar < verzonden < answered).

_RANK = {KLAAR: 0, VERZONDEN: 1, GEACCEPTEERD: 2, AFGEWEZEN: 2}
TEAM_BERICHT_FIELDS = ("soort", "sleutel", "methode", "pad", "api", "inhoud", "bericht_id", "aangemaakt")
TEAM_POGING_FIELDS = ("pogingen", "verzonden_op", "verzonden_door")
TEAM_ANTWOORD_FIELDS = ("status", "http_status", "foutteksten", "beantwoord_op")
TEAM_GEBEURTENIS_FIELDS = ("gebeurtenis_id", "registratie", "bron", "ingelezen_op")  # no BSN: the person's row has it


def bericht_row(*, connection: Connection, row_id: int) -> dict | None:
    row = connection.execute(select(BERICHT).where(BERICHT.c.id == row_id)).mappings().first()
    return dict(row) if row is not None else None


def gebeurtenis_row(*, connection: Connection, bsn: str | None, gebeurtenis_id: str, registratie: str) -> dict | None:
    row = connection.execute(select(GEBEURTENIS).where(
        GEBEURTENIS.c.bsn.is_(None) if bsn is None else GEBEURTENIS.c.bsn == bsn,
        GEBEURTENIS.c.gebeurtenis_id == gebeurtenis_id, GEBEURTENIS.c.registratie == registratie)).mappings().first()
    return dict(row) if row is not None else None


def apply_klaargezet(*, connection: Connection, uuid: str, person_id: int, values: dict) -> None:
    """A message klaargezet elsewhere (its UUID and berichtId fixed there); nothing when it is here already."""
    if connection.execute(select(BERICHT.c.id).where(BERICHT.c.uuid == uuid)).first() is not None:
        return
    row = {k: values.get(k) for k in TEAM_BERICHT_FIELDS}
    row.update(uuid=uuid, person_id=person_id, status=KLAAR, pogingen=0, foutteksten="", sleutel=row["sleutel"] or "")
    connection.execute(insert(BERICHT).values(**row))


def apply_poging(*, connection: Connection, uuid: str, values: dict) -> None:
    """A send attempt made elsewhere: the message waits for DUO's answer, unless that answer is known already."""
    row = connection.execute(select(BERICHT.c.status, BERICHT.c.pogingen).where(BERICHT.c.uuid == uuid)).first()
    if row is None:
        return
    new = {k: values[k] for k in ("verzonden_op", "verzonden_door") if k in values}
    new["pogingen"] = max(row.pogingen or 0, int(values.get("pogingen") or 0))
    if _RANK.get(row.status, 0) < _RANK[VERZONDEN]:
        new["status"] = VERZONDEN
    connection.execute(update(BERICHT).where(BERICHT.c.uuid == uuid).values(**new))


def apply_antwoord(*, connection: Connection, uuid: str, values: dict) -> None:
    """DUO's answer (or a transport problem: status verzonden) recorded elsewhere; an answer is never undone."""
    row = connection.execute(select(BERICHT.c.status).where(BERICHT.c.uuid == uuid)).first()
    status = values.get("status")
    if row is None or status not in (VERZONDEN, GEACCEPTEERD, AFGEWEZEN):
        return
    if _RANK.get(row.status, 0) > _RANK[status]:
        return  # a late "still waiting" after the answer came
    connection.execute(update(BERICHT).where(BERICHT.c.uuid == uuid).values(
        status=status, http_status=values.get("http_status"), foutteksten=values.get("foutteksten") or "",
        beantwoord_op=values.get("beantwoord_op")))


def apply_gebeurtenis(*, connection: Connection, uuid: str, person_id: int, bsn: str | None, values: dict) -> None:
    """An event read elsewhere, for a person here; the same event read here too is kept once."""
    if connection.execute(select(GEBEURTENIS.c.id).where(GEBEURTENIS.c.uuid == uuid)).first() is not None:
        return
    if gebeurtenis_row(connection=connection, bsn=bsn, gebeurtenis_id=values["gebeurtenis_id"],
                       registratie=values["registratie"]) is not None:
        return
    connection.execute(insert(GEBEURTENIS).values(
        uuid=uuid, person_id=person_id, bsn=bsn, v_nummer=None,
        **{k: values.get(k) for k in TEAM_GEBEURTENIS_FIELDS}))


def claim(*, connection: Connection, uuid: str, laptop: str) -> bool:
    """Claim a message for sending (run on the teamdatabase, in its own short transaction).

    True when this machine may send it: nobody claimed it yet, or this machine did (a retry after a kill
    or a network drop, with the same berichtId). The person's row is locked first, so claims of one
    person's messages happen one after the other: of two machines claiming at once exactly one gets it,
    and a copy of the same message klaargezet elsewhere (another UUID) is not sent a second time.
    False also when the teamdatabase does not have the message (yet).
    """
    from storage.models import Person

    person = Person.__table__
    row = connection.execute(select(BERICHT).where(BERICHT.c.uuid == uuid)).mappings().first()
    if row is None:
        return False
    connection.execute(select(person.c.id).where(person.c.id == row["person_id"]).with_for_update()).first()
    row = connection.execute(select(BERICHT).where(BERICHT.c.uuid == uuid).with_for_update()).mappings().first()
    if row["verzender"] not in (None, laptop):
        return False
    siblings = sorted(connection.execute(select(BERICHT).where(
        BERICHT.c.person_id == row["person_id"], BERICHT.c.soort == row["soort"], BERICHT.c.sleutel == row["sleutel"],
    )).mappings().all(), key=_order)
    at = next(i for i, other in enumerate(siblings) if other["uuid"] == uuid)
    start, end = at, at
    while start > 0 and _same_message(siblings[start - 1], row):
        start -= 1
    while end + 1 < len(siblings) and _same_message(siblings[end + 1], row):
        end += 1
    if any(other["uuid"] != uuid and other["verzender"] is not None for other in siblings[start:end + 1]):
        return False  # the same message (a copy klaargezet elsewhere) is sent by then, under its own berichtId
    connection.execute(update(BERICHT).where(BERICHT.c.uuid == uuid).values(verzender=laptop))
    return True


def last_sender(*, connection: Connection) -> str | None:
    """The name of the machine that last sent a message (team mode), for a laptop that does not send itself."""
    return connection.execute(select(BERICHT.c.verzonden_door).where(BERICHT.c.verzonden_door.is_not(None))
                              .order_by(BERICHT.c.verzonden_op.desc(), BERICHT.c.id.desc()).limit(1)).scalar()


def set_examen_uitslag(*, connection: Connection, person_id: int, poging) -> int:
    """DUO's result (`rules.model.ExamenPoging`) on the exam the dossier has as gepland that day; rows changed."""
    from storage.models import ExamenPoging

    examen = ExamenPoging.__table__
    reden = poging.reden_geen_resultaat.value if poging.reden_geen_resultaat is not None else None
    return connection.execute(update(examen).where(
        examen.c.person_id == person_id, examen.c.onderdeel == poging.onderdeel.value, examen.c.datum == poging.datum,
        examen.c.resultaat == "gepland",
    ).values(resultaat=poging.resultaat.value, niveau=poging.niveau.value if poging.niveau is not None else None,
             reden_geen_resultaat=reden if poging.resultaat.value == "geen" else None)).rowcount
