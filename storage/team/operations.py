"""Operations: every change a laptop makes, as data that travels to the teamdatabase and back.

An operation is a JSON object:

    {"uuid", "kind", "entity_uuid", "person_uuid", "gemeente", "fields",
     "base_version", "author", "laptop", "at"}

Kinds:
- ``person.create``: fields {column: value} (the whole row, ids left out);
- ``person.update``: fields {column: [old, new]}, made on ``base_version``;
- ``<table>.append`` / ``<table>.update`` / ``<table>.delete`` for each of a person's records that
  travels row by row (APPEND_TABLES; issue 15, point 2): ``contactmoment``, ``urenregistratie``, the
  besluiten ``verlenging``, ``ontheffing``, ``vrijstelling`` and ``pip`` (a later PIP), ``examen_poging``,
  ``signaal_afhandeling``, ``weekplan_entry``, ``verzuim``, ``afspraak``, ``contactmoment_versie`` (the
  earlier text of a corrected or removed contactmoment) and ``wijziging`` (the history of changed fields).
  Each row has its own UUID (``entity_uuid``), the person is ``person_uuid``. An append's fields are the
  row's own columns {column: value} without local ids; a column that points at another of these rows
  (REFS: a verzuim's weekplan_entry_id, an afspraak's contactmoment_id) travels as that row's UUID and is
  made the local id on arrival (ROW_LOCAL_COLUMNS are never sent). An update's fields are
  {column: [old, new]}; the team's order decides, no conflict is kept. A delete carries no fields;
- ``audit.append``: an audit entry, kinds and UUIDs only;
- ``person.erase``: the end of the bewaartermijn, UUIDs only; the person, their records and the
  team lists' items about them go on every side;
- ``duo_bericht.klaar`` / ``duo_bericht.verzonden`` / ``duo_bericht.antwoord`` (issue 19, point 8): a
  message to DUO klaargezet with its UUID and berichtId, a send attempt (by the one machine that sends),
  and DUO's answer; fields are the message's own columns (the body exactly as DUO gets it, the path
  with ``{bsn}`` left as a template: no BSN, no name). ``duo_gebeurtenis.append``: an event DUO
  reported about a person (code, time, source; the BSN is not sent, each side takes it from the person
  row). ``duo_persoon.set``: the instellingsnummer of the aanbod and what DUO answered when asked (opvragen);
- ``conflict.open`` / ``conflict.resolve``, ``dubbel.open`` / ``dubbel.merge``:
  made by the teamdatabase or by a consulent deciding, so every laptop shows
  the same lists.

`apply` runs an operation on either side (dialect-neutral SQLAlchemy Core);
it is idempotent: a row whose UUID exists is not inserted twice and a field
set to its value again stays the same. A service calls `record(...)` inside
its own local transaction, so the change and its operation commit together.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any
from uuid import uuid4

from sqlalchemy import Boolean, Date, DateTime, Time, delete, func, insert, select, update
from sqlalchemy.engine import Connection

from storage.duo import DuoBericht, DuoGebeurtenis
from storage.models import (
    Afspraak, Contactmoment, ContactmomentVersie, ExamenPoging, OntheffingBesluit, Person, PipVersie, SignaalAfhandeling,
    Urenregistratie, Verlenging, Verzuim, VrijstellingBesluit, WeekplanEntry, Wijziging,
)
from storage.names import name_values
from storage.team.tables import CONFLICT, DUBBEL, OUTBOX, STATE

PERSON = Person.__table__
CONTACT = Contactmoment.__table__
UREN = Urenregistratie.__table__
VERSIE = ContactmomentVersie.__table__
# A person's records that travel row by row (`<table>.append` / `.update` / `.delete`; issue 15, point 2), each
# with its own UUID. Ordered so that a row comes after the rows it points at (REFS): a batch writes them table by
# table in this order. Besluiten and examens first: they move legal deadlines and signalen.
APPEND_TABLES = {table.name: table for table in (
    CONTACT, UREN, Verlenging.__table__, OntheffingBesluit.__table__, VrijstellingBesluit.__table__, PipVersie.__table__,
    ExamenPoging.__table__, SignaalAfhandeling.__table__, WeekplanEntry.__table__, Verzuim.__table__,
    Afspraak.__table__, VERSIE, Wijziging.__table__,
)}
# A column that points at another synced row travels as that row's UUID and is made this side's id on arrival
# (None when that row is not here: removed, or never visible to this consulent).
REFS = {"verzuim": {"weekplan_entry_id": "weekplan_entry"}, "afspraak": {"contactmoment_id": "contactmoment"}}
# Columns that are each side's own and never travel: an earlier text finds its contactmoment by
# `contactmoment_uuid` (also once it is removed); a wijziging's audit row is in this laptop's own audit trail.
ROW_LOCAL_COLUMNS = {"contactmoment_versie": {"contactmoment_id"}, "wijziging": {"audit_id"}}
# The services record these two with their own calls (`record_appended` and friends); every other synced table
# through a comparison of the person's rows before and after the use case (`records_before`).
EXPLICIT_TABLES = ("contactmoment", "urenregistratie")
# Rows that belong to a person: they follow them when a mogelijk dubbel is merged and go when the person is erased.
# DUO's messages and events too (issue 19, point 8): after a merge, what DUO had from us about either stays known.
CHILD_TABLES = (*APPEND_TABLES.values(), DuoBericht.__table__, DuoGebeurtenis.__table__)
# Never sent: local ids, and the server decides the version.
PERSON_LOCAL_COLUMNS = {"id", "version", "zoeksleutel"}  # zoeksleutel: derived from the naam on each side (storage.names)


@dataclass
class Operation:
    kind: str
    entity_uuid: str
    person_uuid: str | None
    fields: dict[str, Any]
    author: str
    laptop: str
    gemeente: str | None = None
    base_version: int | None = None
    at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    uuid: str = field(default_factory=lambda: str(uuid4()))
    version: int | None = None  # person operations: the person's version on the teamdatabase after it

    def to_json(self) -> str:
        # vars(), not asdict(): the same keys and values (fields holds plain JSON), without asdict's deep copy
        return json.dumps(vars(self), sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Operation:
        return cls(**json.loads(text))


# -- values ----------------------------------------------------------------------

def encode(value: Any) -> Any:
    """A column value as JSON (dates and times as ISO text)."""
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return value


def decode(table, column: str, value: Any) -> Any:
    """A JSON value back to what the column holds."""
    if value is None or column not in table.c:
        return value
    kind = table.c[column].type
    kind = getattr(kind, "impl", kind)  # a TypeDecorator (e.g. UTC datetimes) stores its underlying type
    if isinstance(kind, DateTime):
        parsed = datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    if isinstance(kind, Time):
        return time.fromisoformat(value)
    if isinstance(kind, Boolean):
        return bool(value)
    return value


def same(a: Any, b: Any) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


# -- recording on the laptop -------------------------------------------------------

@dataclass(frozen=True)
class Linked:
    laptop: str
    gemeente: str


def linked(connection: Connection) -> Linked | None:
    """The laptop's link to a teamdatabase, or None when team mode is off (then nothing is recorded)."""
    row = connection.execute(select(STATE.c.laptop, STATE.c.gemeente).where(STATE.c.id == 1)).first()
    return Linked(row.laptop, row.gemeente) if row else None


def enqueue(connection: Connection, op: Operation) -> None:
    connection.execute(insert(OUTBOX).values(op_uuid=op.uuid, payload=op.to_json()))


def record(connection: Connection, *, kind: str, entity_uuid: str, person_uuid: str | None, fields: dict[str, Any],
           author: str, base_version: int | None = None, gemeente: str | None = None) -> Operation | None:
    """Add one operation to the outbox, in the caller's transaction; None when the laptop is not linked."""
    link = linked(connection)
    if link is None:
        return None
    op = Operation(kind=kind, entity_uuid=entity_uuid, person_uuid=person_uuid,
                   fields={k: encode(v) if not isinstance(v, list) else [encode(x) for x in v] for k, v in fields.items()},
                   author=author, laptop=link.laptop, gemeente=gemeente or link.gemeente, base_version=base_version)
    enqueue(connection, op)
    return op


def person_row(connection: Connection, person_id: int):
    return connection.execute(select(PERSON).where(PERSON.c.id == person_id)).mappings().first()


def record_person_created(connection: Connection, *, person_id: int, author: str) -> Operation | None:
    """A new person (aanmelding, import): the whole row. Gives the person the laptop's gemeente when it has none."""
    link = linked(connection)
    if link is None:
        return None
    row = person_row(connection, person_id)
    if row["gemeente"] is None:
        connection.execute(update(PERSON).where(PERSON.c.id == person_id).values(gemeente=link.gemeente))
        row = person_row(connection, person_id)
    fields = {k: v for k, v in row.items() if k not in PERSON_LOCAL_COLUMNS}
    return record(connection, kind="person.create", entity_uuid=row["uuid"], person_uuid=row["uuid"], fields=fields,
                  author=author, base_version=row["version"], gemeente=row["gemeente"])


def record_person_changed(connection: Connection, *, person_id: int, before: dict[str, Any], author: str) -> Operation | None:
    """After an UPDATE of a person: `before` is the row as read before it (load it with `person_row`)."""
    after = person_row(connection, person_id)
    changed = {k: [before[k], after[k]] for k in after.keys()
               if k not in PERSON_LOCAL_COLUMNS | {"updated_at"} and not same(encode(before[k]), encode(after[k]))}
    if not changed:
        return None
    return record(connection, kind="person.update", entity_uuid=after["uuid"], person_uuid=after["uuid"], fields=changed,
                  author=author, base_version=before["version"], gemeente=after["gemeente"])


def _not_sent(name: str) -> set[str]:
    return {"id", "person_id"} | ROW_LOCAL_COLUMNS.get(name, set())


def wire_fields(connection: Connection, name: str, row) -> dict[str, Any]:
    """A synced row's own columns as they travel: local ids left out, a pointer at another synced row as its UUID."""
    fields = {k: v for k, v in row.items() if k not in _not_sent(name)}
    for column, target_name in REFS.get(name, {}).items():
        target = APPEND_TABLES[target_name]
        fields[column] = None if row[column] is None else connection.execute(
            select(target.c.uuid).where(target.c.id == row[column])).scalar()
    return fields


def _changed_fields(connection: Connection, name: str, before, after) -> dict[str, list[Any]]:
    old, new = wire_fields(connection, name, before), wire_fields(connection, name, after)
    return {k: [old[k], new[k]] for k in new if k != "uuid" and not same(encode(old[k]), encode(new[k]))}


def _record_row(connection: Connection, *, name: str, action: str, row, fields: dict[str, Any],
                author: str) -> Operation | None:
    person = connection.execute(select(PERSON.c.uuid, PERSON.c.gemeente).where(PERSON.c.id == row["person_id"])).first()
    if person is None:
        return None
    return record(connection, kind=f"{name}.{action}", entity_uuid=row["uuid"], person_uuid=person.uuid, fields=fields,
                  author=author, gemeente=person.gemeente)


def record_appended(connection: Connection, *, table: str, row_id: int, author: str) -> Operation | None:
    """After an INSERT into one of the synced tables (APPEND_TABLES)."""
    source = APPEND_TABLES[table]
    row = connection.execute(select(source).where(source.c.id == row_id)).mappings().first()
    return _record_row(connection, name=table, action="append", row=row, fields=wire_fields(connection, table, row),
                       author=author)


def record_appended_after(connection: Connection, *, table: str, after_id: int, author: str,
                          chunk: int = 10_000) -> int:
    """After a bulk INSERT into contactmoment or urenregistratie (an import): every row with an id above
    `after_id` gets the operation `record_appended` gives it, read with its person in one query and
    queued in one statement per `chunk` rows. Returns how many were recorded (0 when not linked)."""
    link = linked(connection)
    if link is None:
        return 0
    source = APPEND_TABLES[table]
    rows = connection.execute(
        select(source, PERSON.c.uuid.label("_person_uuid"), PERSON.c.gemeente.label("_person_gemeente"))
        .join(PERSON, PERSON.c.id == source.c.person_id)
        .where(source.c.id > after_id)
        .order_by(source.c.id)
    ).mappings()
    skip = {"id", "person_id", "_person_uuid", "_person_gemeente"}
    recorded = 0
    queued: list[dict[str, str]] = []
    for row in rows:
        op = Operation(kind=f"{table}.append", entity_uuid=row["uuid"], person_uuid=row["_person_uuid"],
                       fields={k: encode(v) for k, v in row.items() if k not in skip},
                       author=author, laptop=link.laptop, gemeente=row["_person_gemeente"] or link.gemeente)
        queued.append({"op_uuid": op.uuid, "payload": op.to_json()})
        if len(queued) == chunk:
            connection.execute(insert(OUTBOX), queued)
            recorded += len(queued)
            queued = []
    if queued:
        connection.execute(insert(OUTBOX), queued)
        recorded += len(queued)
    return recorded


def record_row_changed(connection: Connection, *, table: str, row_id: int, before: dict[str, Any],
                       author: str) -> Operation | None:
    """After an UPDATE of a synced row (APPEND_TABLES): `before` is the row as read before it.

    The team's order decides (the last change in the teamdatabase's order shows); no conflict is kept for these."""
    source = APPEND_TABLES[table]
    after = connection.execute(select(source).where(source.c.id == row_id)).mappings().first()
    changed = _changed_fields(connection, table, before, after)
    if not changed:
        return None
    return _record_row(connection, name=table, action="update", row=after, fields=changed, author=author)


def record_row_deleted(connection: Connection, *, table: str, row_id: int, author: str) -> Operation | None:
    """Call BEFORE deleting a synced row (APPEND_TABLES; the row is read for its UUID)."""
    source = APPEND_TABLES[table]
    row = connection.execute(select(source.c.uuid, source.c.person_id).where(source.c.id == row_id)).first()
    if row is None:
        return None
    person = connection.execute(select(PERSON.c.uuid, PERSON.c.gemeente).where(PERSON.c.id == row.person_id)).first()
    return record(connection, kind=f"{table}.delete", entity_uuid=row.uuid, person_uuid=person.uuid, fields={},
                  author=author, gemeente=person.gemeente)


@dataclass
class RecordsBefore:
    """A person's synced rows (other than contactmomenten and uren) as they were before a use case wrote; see
    :func:`records_before`. Without persons: the last id of each table (a bulk import only adds rows)."""

    person_ids: tuple[int, ...] | None
    rows: dict[str, dict[str, dict[str, Any]]]  # table -> uuid -> row
    last_ids: dict[str, int]


def _tracked() -> list[str]:
    return [name for name in APPEND_TABLES if name not in EXPLICIT_TABLES]


def _rows_of(connection: Connection, name: str, person_ids: tuple[int, ...]) -> dict[str, dict[str, Any]]:
    table = APPEND_TABLES[name]
    rows = connection.execute(select(table).where(table.c.person_id.in_(person_ids)).order_by(table.c.id)).mappings()
    return {row["uuid"] or f"id:{row['id']}": dict(row) for row in rows}


def records_before(connection: Connection, *, person_ids=None) -> RecordsBefore | None:
    """Read before a use case writes a person's records (None when the laptop is not linked: nothing is recorded).

    `person_ids` None: only new rows are looked for afterwards (a bulk import of besluiten)."""
    if linked(connection) is None:
        return None
    if person_ids is None:
        return RecordsBefore(None, {}, {name: connection.execute(
            select(func.coalesce(func.max(APPEND_TABLES[name].c.id), 0))).scalar() for name in _tracked()})
    ids = tuple(sorted({pid for pid in person_ids if pid is not None}))
    return RecordsBefore(ids, {name: _rows_of(connection, name, ids) for name in _tracked()}, {})


def _with_uuid(connection: Connection, name: str, row: dict[str, Any]) -> dict[str, Any]:
    """A row written without a UUID (it should not happen: the column makes one) gets one now, before it travels."""
    if row["uuid"] is None:
        table = APPEND_TABLES[name]
        row["uuid"] = str(uuid4())
        connection.execute(update(table).where(table.c.id == row["id"]).values(uuid=row["uuid"]))
    return row


def record_records_changed(connection: Connection, before: RecordsBefore | None, *, author: str) -> int:
    """After the use case's writes, in its transaction: one operation per row added, changed or removed since
    `before`, table by table in APPEND_TABLES' order (a row after the rows it points at). Returns how many."""
    if before is None:
        return 0
    count = 0
    for name in _tracked():
        table = APPEND_TABLES[name]
        if before.person_ids is None:
            new = connection.execute(select(table).where(table.c.id > before.last_ids[name]).order_by(table.c.id)).mappings()
            for row in [dict(row) for row in new]:
                row = _with_uuid(connection, name, row)
                count += _record_row(connection, name=name, action="append", row=row,
                                     fields=wire_fields(connection, name, row), author=author) is not None
            continue
        old, now = before.rows[name], _rows_of(connection, name, before.person_ids)
        for key, row in old.items():
            if key not in now and row["uuid"] is not None:
                count += _record_row(connection, name=name, action="delete", row=row, fields={}, author=author) is not None
        for key, row in now.items():
            if key not in old:
                row = _with_uuid(connection, name, row)
                count += _record_row(connection, name=name, action="append", row=row,
                                     fields=wire_fields(connection, name, row), author=author) is not None
            elif row["uuid"] is not None and (changed := _changed_fields(connection, name, old[key], row)):
                count += _record_row(connection, name=name, action="update", row=row, fields=changed,
                                     author=author) is not None
    return count


def record_person_erased(connection: Connection, *, person_id: int, author: str) -> Operation | None:
    """Call BEFORE erasing a person at the end of the bewaartermijn: every laptop and the teamdatabase erase
    the person, their records, and the conflicts and mogelijk-dubbel items about them. The operation itself
    carries no personal data (UUIDs only)."""
    person = connection.execute(select(PERSON.c.uuid, PERSON.c.gemeente).where(PERSON.c.id == person_id)).first()
    if person is None:
        return None
    return record(connection, kind="person.erase", entity_uuid=person.uuid, person_uuid=person.uuid, fields={},
                  author=author, gemeente=person.gemeente)


def record_audit(connection: Connection, *, actie: str, tabel: str, person_uuid: str | None, author: str) -> Operation | None:
    """An audit entry (who viewed or changed what) for the teamdatabase's trail: kinds and UUIDs only."""
    return record(connection, kind="audit.append", entity_uuid=str(uuid4()), person_uuid=person_uuid,
                  fields={"actie": actie, "tabel": tabel}, author=author)


DUO_BERICHT_KINDS = {"duo_bericht.klaar": "TEAM_BERICHT_FIELDS", "duo_bericht.verzonden": "TEAM_POGING_FIELDS",
                     "duo_bericht.antwoord": "TEAM_ANTWOORD_FIELDS"}


def _person_ref(connection: Connection, person_id: int):
    return connection.execute(select(PERSON.c.uuid, PERSON.c.gemeente).where(PERSON.c.id == person_id)).first()


def record_duo_bericht(connection: Connection, *, kind: str, row_id: int, author: str) -> Operation | None:
    """After a message to DUO is klaargezet, sent or answered (kind: one of DUO_BERICHT_KINDS), in the same transaction."""
    from storage import duo

    row = duo.bericht_row(connection=connection, row_id=row_id)
    person = _person_ref(connection, row["person_id"]) if row is not None else None
    if person is None:
        return None
    fields = {k: row[k] for k in getattr(duo, DUO_BERICHT_KINDS[kind])}
    return record(connection, kind=kind, entity_uuid=row["uuid"], person_uuid=person.uuid, fields=fields, author=author,
                  gemeente=person.gemeente)


def record_duo_gebeurtenis(connection: Connection, *, uuid: str, author: str) -> Operation | None:
    """After an event from DUO was stored for a person of the caseload (events without a person stay here)."""
    from storage import duo

    row = connection.execute(select(duo.GEBEURTENIS).where(duo.GEBEURTENIS.c.uuid == uuid)).mappings().first()
    if row is None or row["person_id"] is None:
        return None
    person = _person_ref(connection, row["person_id"])
    return record(connection, kind="duo_gebeurtenis.append", entity_uuid=uuid, person_uuid=person.uuid,
                  fields={k: row[k] for k in duo.TEAM_GEBEURTENIS_FIELDS}, author=author, gemeente=person.gemeente)


def record_duo_gegevens(connection: Connection, *, person_id: int, author: str) -> Operation | None:
    """After the DUO facts of a person (the instellingsnummer) were saved."""
    from storage import duo

    person = _person_ref(connection, person_id)
    if person is None:
        return None
    gegevens = duo.load_gegevens(connection=connection, person_id=person_id).get(person_id)
    return record(connection, kind="duo_persoon.set", entity_uuid=person.uuid, person_uuid=person.uuid,
                  fields={"instellingsnummer": gegevens.instellingsnummer if gegevens else None,
                          "opvraging": gegevens.opvraging if gegevens else None}, author=author,
                  gemeente=person.gemeente)


def pending_fields(connection: Connection) -> set[tuple[str, str]]:
    """(entity_uuid, field) pairs changed locally and not yet pushed: a pull leaves them alone."""
    result: set[tuple[str, str]] = set()
    for payload in connection.execute(select(OUTBOX.c.payload)).scalars():
        op = Operation.from_json(payload)
        if op.kind == "person.update":
            result.update((op.entity_uuid, name) for name in op.fields)
    return result


# -- applying (both sides) -------------------------------------------------------

def clash_kenmerk(kenmerk: str, person_uuid: str) -> str:
    """The kenmerk a person gets when another person in the team already has theirs (one rule, both sides)."""
    return f"{kenmerk[:35]}-{person_uuid[:4].upper()}"


KNOWN_IDS = "regie_team_person_ids"  # connection.info key: {person uuid: local id}, set by `known_person_ids`
KNOWN_MERGED = "regie_team_merged"  # {person uuid merged away: the uuid kept}
KNOWN_ROWS = "regie_team_rows"  # {append table: the uuids it holds}


class known_person_ids:
    """While applying a pulled batch: person ids read in one query instead of one per operation.

    `with known_person_ids(connection): ...`; the handlers below keep it right (new persons, merges)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def __enter__(self) -> None:
        c = self.connection
        c.info[KNOWN_IDS] = dict(c.execute(select(PERSON.c.uuid, PERSON.c.id)).all())
        c.info[KNOWN_MERGED] = dict(c.execute(select(DUBBEL.c.samengevoegd, DUBBEL.c.bewaard)
                                              .where(DUBBEL.c.samengevoegd.is_not(None))).all())
        c.info[KNOWN_ROWS] = _KnownRows(c)

    def __exit__(self, *_exc) -> None:
        for key in (KNOWN_IDS, KNOWN_MERGED, KNOWN_ROWS):
            self.connection.info.pop(key, None)


class _KnownRows(dict):
    """{synced table: the UUIDs it holds}, each read once, when a batch first needs that table (most batches
    touch a few of the thirteen tables: the others are never read)."""

    def __init__(self, connection: Connection) -> None:
        super().__init__()
        self.connection = connection

    def get(self, name, default=None):
        if name not in self and name in APPEND_TABLES:
            self[name] = set(self.connection.execute(select(APPEND_TABLES[name].c.uuid)).scalars())
        return super().get(name, default)


def resolve_person(connection: Connection, person_uuid: str | None) -> int | None:
    """The local id of a person; a person merged away resolves to the one kept."""
    known = connection.info.get(KNOWN_IDS)  # while a pulled batch is applied: every person's id, read once
    for _ in range(10):  # merges of merges
        if person_uuid is None:
            return None
        if known is not None:
            if person_uuid in known:
                return known[person_uuid]
            person_uuid = connection.info[KNOWN_MERGED].get(person_uuid)
            continue
        found = connection.execute(select(PERSON.c.id).where(PERSON.c.uuid == person_uuid)).scalar()
        if found is not None:
            return found
        person_uuid = connection.execute(
            select(DUBBEL.c.bewaard).where(DUBBEL.c.samengevoegd == person_uuid)).scalar()
    return None


def apply(connection: Connection, op: Operation, *, skip_fields: set[tuple[str, str]] = frozenset()) -> None:
    """Bring this side's current state up to `op`; safe to run twice."""
    handler = _HANDLERS.get(op.kind)
    if handler is not None:  # audit rows live in the teamdatabase's log only
        handler(connection, op, skip_fields)


def apply_many(connection: Connection, ops, *, skip_fields: set[tuple[str, str]] = frozenset()) -> None:
    """Apply a pulled batch in order, as :func:`apply` would one by one, but with new persons (and the
    changes that follow them in the batch) and new contactmomenten/uren written in bulk: one statement
    per table and column set instead of one per row.

    Run inside `known_person_ids`. Any other kind first writes what is buffered, so the order holds."""
    buffer = _BulkInserts(connection)
    for op in ops:
        if op.kind == "person.create" and buffer.add_person(op):
            continue
        if op.kind == "person.update" and buffer.update_person(op):
            continue
        if op.kind in _APPEND_KINDS and buffer.add_row(op):
            continue
        buffer.flush()
        apply(connection, op, skip_fields=skip_fields)
    buffer.flush()


_APPEND_KINDS = {f"{name}.append" for name in APPEND_TABLES}


def arrived_values(name: str, fields: dict[str, Any]) -> dict[str, Any]:
    """An arriving row's values for its table (pointers at other rows still as UUIDs: see :func:`resolve_refs`)."""
    table = APPEND_TABLES[name]
    skip = _not_sent(name) | {"uuid"}
    return {k: decode(table, k, v) for k, v in fields.items() if k in table.c and k not in skip}


def resolve_refs(connection: Connection, name: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Pointers that arrived as UUIDs made this side's ids (None: the row pointed at is not here), in place."""
    for column, target_name in REFS.get(name, {}).items():
        target = APPEND_TABLES[target_name]
        wanted = {row[column] for row in rows if row.get(column) is not None}
        ids = dict(connection.execute(select(target.c.uuid, target.c.id).where(target.c.uuid.in_(wanted))).all()) if wanted else {}
        for row in rows:
            if column in row:
                row[column] = ids.get(row[column])
    if name == "contactmoment_versie":
        _versie_contact_ids(connection, rows)
    return rows


def _versie_contact_ids(connection: Connection, rows: list[dict[str, Any]]) -> None:
    """An earlier text belongs to its contactmoment on this side. One whose contactmoment was removed before the
    text arrived joins the other texts of that contactmoment here, or else gets an id below zero (never a
    contactmoment's), so a removed contactmoment's texts stay together and show as removed."""
    rows = [row for row in rows if "contactmoment_uuid" in row]
    wanted = {row["contactmoment_uuid"] for row in rows} - {None}
    live = dict(connection.execute(select(CONTACT.c.uuid, CONTACT.c.id).where(CONTACT.c.uuid.in_(wanted))).all()) if wanted else {}
    kept = dict(connection.execute(select(VERSIE.c.contactmoment_uuid, VERSIE.c.contactmoment_id)
                                   .where(VERSIE.c.contactmoment_uuid.in_(wanted))).all()) if wanted else {}
    lowest = None
    for row in rows:
        key = row["contactmoment_uuid"]
        if key in live:
            row["contactmoment_id"] = live[key]
        elif key is not None and key in kept:
            row["contactmoment_id"] = kept[key]
        else:
            if lowest is None:
                lowest = min(0, connection.execute(select(func.min(VERSIE.c.contactmoment_id))).scalar() or 0)
            lowest -= 1
            row["contactmoment_id"] = lowest
            if key is not None:
                kept[key] = lowest


class _BulkInserts:
    """New rows of a pulled batch, written together; see :func:`apply_many`."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.persons: dict[str, dict[str, Any]] = {}  # uuid: values, in arrival order
        self.kenmerken: set[str] = set()
        self.rows: dict[str, list[tuple[str, dict[str, Any]]]] = {name: [] for name in APPEND_TABLES}

    def add_person(self, op: Operation) -> bool:
        """Buffer a person new to this laptop; False when it needs the one-by-one path (known, or a kenmerk clash)."""
        if op.entity_uuid in self.persons or resolve_person(self.connection, op.entity_uuid) is not None:
            return False
        values = _person_values(op.fields)
        kenmerk = values.get("kenmerk")
        if kenmerk in self.kenmerken or self.connection.execute(
                select(PERSON.c.id).where(PERSON.c.kenmerk == kenmerk)).first() is not None:
            return False
        values.update(uuid=op.entity_uuid, version=op.version or 1, **name_values(values))
        self.persons[op.entity_uuid] = values
        self.kenmerken.add(kenmerk)
        return True

    def update_person(self, op: Operation) -> bool:
        """A change of a person still in the buffer joins its row (no local change of it can be pending:
        it was not on this laptop). A new kenmerk takes the one-by-one path (it may clash)."""
        values = self.persons.get(op.entity_uuid)
        if values is None or "kenmerk" in op.fields:
            return False
        changes = _person_values({k: v[1] for k, v in op.fields.items()})
        values.update(changes, **name_values(changes, achternaam_follows_naam=False))
        if op.version is not None:
            values["version"] = op.version
        return True

    def add_row(self, op: Operation) -> bool:
        name = op.kind.split(".")[0]
        known = self.connection.info.get(KNOWN_ROWS, {}).get(name)
        if known is None:
            return False
        if op.entity_uuid not in known:
            values = arrived_values(name, op.fields)
            values["uuid"] = op.entity_uuid
            self.rows[name].append((op.person_uuid, values))
            known.add(op.entity_uuid)
        return True

    def flush(self) -> None:
        if self.persons:
            _insert_grouped(self.connection, PERSON, list(self.persons.values()))
            ids = dict(self.connection.execute(
                select(PERSON.c.uuid, PERSON.c.id).where(PERSON.c.uuid.in_(list(self.persons)))).all())
            if (known := self.connection.info.get(KNOWN_IDS)) is not None:
                known.update(ids)
            self.persons.clear()
            self.kenmerken.clear()
        for name, rows in self.rows.items():
            if not rows:
                continue
            ready = []
            for person_uuid, values in rows:
                person_id = resolve_person(self.connection, person_uuid)
                if person_id is not None:  # None: erased, or not visible to this consulent (as `_apply_append`)
                    ready.append(values | {"person_id": person_id})
            if ready:
                _insert_grouped(self.connection, APPEND_TABLES[name], resolve_refs(self.connection, name, ready))
            rows.clear()


def _insert_grouped(connection: Connection, table, rows: list[dict[str, Any]]) -> None:
    """One executemany per set of columns (operations of older versions may carry fewer), in order per set."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(sorted(row)), []).append(row)
    for group in groups.values():
        connection.execute(insert(table), group)


def _person_values(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: decode(PERSON, k, v) for k, v in fields.items() if k in PERSON.c and k not in PERSON_LOCAL_COLUMNS}


def _apply_person_create(connection, op, skip_fields) -> None:
    if resolve_person(connection, op.entity_uuid) is not None:
        _set_person(connection, op, {k: v for k, v in op.fields.items() if k != "uuid"}, skip_fields)
        return
    values = _person_values(op.fields)
    clashing = connection.execute(
        select(PERSON.c.id, PERSON.c.uuid).where(PERSON.c.kenmerk == values["kenmerk"], PERSON.c.uuid != op.entity_uuid)
    ).first()
    if clashing is not None:  # the teamdatabase renamed the later one the same way; its operation follows
        connection.execute(update(PERSON).where(PERSON.c.id == clashing.id)
                           .values(kenmerk=clash_kenmerk(values["kenmerk"], clashing.uuid)))
    values.update(uuid=op.entity_uuid, version=op.version or 1, **name_values(values))
    new_id = connection.execute(insert(PERSON).values(**values)).inserted_primary_key[0]
    if (known := connection.info.get(KNOWN_IDS)) is not None:
        known[op.entity_uuid] = new_id


def _apply_person_update(connection, op, skip_fields) -> None:
    _set_person(connection, op, {k: v[1] for k, v in op.fields.items()}, skip_fields)


def _set_person(connection, op, new_values: dict[str, Any], skip_fields) -> None:
    person_id = resolve_person(connection, op.entity_uuid)
    if person_id is None:
        return  # erased, or not visible to this consulent
    values = _person_values({k: v for k, v in new_values.items() if (op.entity_uuid, k) not in skip_fields})
    if op.version is not None and not any(uuid == op.entity_uuid for uuid, _ in skip_fields):
        values["version"] = op.version
    if values:  # only what differs: a laptop's own operation coming back usually changes nothing
        current = connection.execute(select(PERSON).where(PERSON.c.id == person_id)).mappings().first()
        if current is not None:
            values = {k: v for k, v in values.items() if encode(current[k]) != encode(v)}
    if "kenmerk" in values:
        clashing = connection.execute(select(PERSON.c.id, PERSON.c.uuid).where(
            PERSON.c.kenmerk == values["kenmerk"], PERSON.c.id != person_id)).first()
        if clashing is not None:
            connection.execute(update(PERSON).where(PERSON.c.id == clashing.id)
                               .values(kenmerk=clash_kenmerk(values["kenmerk"], clashing.uuid)))
    if values:
        values.update(name_values(values, achternaam_follows_naam=False))
        connection.execute(update(PERSON).where(PERSON.c.id == person_id).values(**values))


def _apply_append(connection, op, _skip) -> None:
    name = op.kind.split(".")[0]
    table = APPEND_TABLES[name]
    known = connection.info.get(KNOWN_ROWS, {}).get(name)
    if known is not None:
        if op.entity_uuid in known:
            return
    elif connection.execute(select(table.c.id).where(table.c.uuid == op.entity_uuid)).first():
        return
    person_id = resolve_person(connection, op.person_uuid)
    if person_id is None:
        return
    values = arrived_values(name, op.fields)
    values.update(uuid=op.entity_uuid, person_id=person_id)
    connection.execute(insert(table).values(**resolve_refs(connection, name, [values])[0]))
    if known is not None:
        known.add(op.entity_uuid)


def _apply_conflict_open(connection, op, _skip) -> None:
    if connection.execute(select(CONFLICT.c.uuid).where(CONFLICT.c.uuid == op.entity_uuid)).first():
        return
    connection.execute(insert(CONFLICT).values(uuid=op.entity_uuid, person_uuid=op.person_uuid, gemeente=op.gemeente,
                                               opgelost=False, **op.fields))


def _apply_conflict_resolve(connection, op, _skip) -> None:
    connection.execute(update(CONFLICT).where(CONFLICT.c.uuid == op.entity_uuid)
                       .values(opgelost=True, opgelost_door=op.author))


def _apply_dubbel_open(connection, op, _skip) -> None:
    if connection.execute(select(DUBBEL.c.uuid).where(DUBBEL.c.uuid == op.entity_uuid)).first():
        return
    connection.execute(insert(DUBBEL).values(uuid=op.entity_uuid, gemeente=op.gemeente, opgelost=False, **op.fields))


def _apply_dubbel_merge(connection, op, _skip) -> None:
    """Keep one person: every contactmoment, hour and other record of the other moves over."""
    keep, drop = op.fields["bewaard"], op.fields["samengevoegd"]
    keep_id = resolve_person(connection, keep)
    drop_id = connection.execute(select(PERSON.c.id).where(PERSON.c.uuid == drop)).scalar()
    if keep_id is not None and drop_id is not None and keep_id != drop_id:
        for table in CHILD_TABLES:
            connection.execute(update(table).where(table.c.person_id == drop_id).values(person_id=keep_id))
        connection.execute(delete(PERSON).where(PERSON.c.id == drop_id))
        if (known := connection.info.get(KNOWN_IDS)) is not None:  # from now on it resolves to the one kept
            known.pop(drop, None)
            connection.info[KNOWN_MERGED][drop] = keep
    connection.execute(update(DUBBEL).where(DUBBEL.c.uuid == op.entity_uuid)
                       .values(opgelost=True, bewaard=keep, samengevoegd=drop))


def _apply_row_update(connection, op, _skip) -> None:
    name = op.kind.split(".")[0]
    table = APPEND_TABLES[name]
    values = resolve_refs(connection, name, [arrived_values(name, {k: v[1] for k, v in op.fields.items()})])[0]
    if values:
        connection.execute(update(table).where(table.c.uuid == op.entity_uuid).values(**values))


def _apply_row_delete(connection, op, _skip) -> None:
    name = op.kind.split(".")[0]
    table = APPEND_TABLES[name]
    connection.execute(delete(table).where(table.c.uuid == op.entity_uuid))
    # a contactmoment deleted before it arrives stays deleted: the append that follows a re-sent batch is skipped
    if (known := connection.info.get(KNOWN_ROWS, {}).get(name)) is not None:
        known.discard(op.entity_uuid)


def _apply_person_erase(connection, op, _skip) -> None:
    """The end of the bewaartermijn: the person, every record of theirs, and what the team lists say about them."""
    person_id = connection.execute(select(PERSON.c.id).where(PERSON.c.uuid == op.entity_uuid)).scalar()
    if person_id is not None:
        for table in CHILD_TABLES:
            connection.execute(delete(table).where(table.c.person_id == person_id))
        connection.execute(delete(PERSON).where(PERSON.c.id == person_id))
        if (known := connection.info.get(KNOWN_IDS)) is not None:
            known.pop(op.entity_uuid, None)
    connection.execute(delete(CONFLICT).where(CONFLICT.c.person_uuid == op.entity_uuid))
    connection.execute(delete(DUBBEL).where((DUBBEL.c.person_a == op.entity_uuid) | (DUBBEL.c.person_b == op.entity_uuid)))


def _duo_values(op) -> dict[str, Any]:
    from storage import duo

    return {k: decode(duo.BERICHT, k, v) for k, v in op.fields.items()}


def _apply_duo_klaar(connection, op, _skip) -> None:
    from storage import duo

    person_id = resolve_person(connection, op.person_uuid)
    if person_id is not None:
        duo.apply_klaargezet(connection=connection, uuid=op.entity_uuid, person_id=person_id, values=_duo_values(op))


def _apply_duo_verzonden(connection, op, _skip) -> None:
    from storage import duo

    duo.apply_poging(connection=connection, uuid=op.entity_uuid, values=_duo_values(op))


def _apply_duo_antwoord(connection, op, _skip) -> None:
    from storage import duo

    duo.apply_antwoord(connection=connection, uuid=op.entity_uuid, values=_duo_values(op))


def _apply_duo_gebeurtenis(connection, op, _skip) -> None:
    from storage import duo

    person_id = resolve_person(connection, op.person_uuid)
    if person_id is None:
        return
    bsn = connection.execute(select(PERSON.c.bsn).where(PERSON.c.id == person_id)).scalar()
    values = {k: decode(duo.GEBEURTENIS, k, v) for k, v in op.fields.items()}
    duo.apply_gebeurtenis(connection=connection, uuid=op.entity_uuid, person_id=person_id, bsn=bsn, values=values)


def _apply_duo_persoon(connection, op, _skip) -> None:
    from storage import duo

    person_id = resolve_person(connection, op.person_uuid)
    if person_id is not None:
        # An operation from before revision 0017 has no "opvraging": what is here stays.
        here = duo.load_gegevens(connection=connection, person_id=person_id).get(person_id) or duo.DuoGegevens()
        duo.save_gegevens(connection=connection, person_id=person_id, gegevens=duo.DuoGegevens(
            instellingsnummer=op.fields.get("instellingsnummer"),
            opvraging=op.fields["opvraging"] if "opvraging" in op.fields else here.opvraging))


_HANDLERS = {
    "duo_bericht.klaar": _apply_duo_klaar,
    "duo_bericht.verzonden": _apply_duo_verzonden,
    "duo_bericht.antwoord": _apply_duo_antwoord,
    "duo_gebeurtenis.append": _apply_duo_gebeurtenis,
    "duo_persoon.set": _apply_duo_persoon,
    **{f"{name}.update": _apply_row_update for name in APPEND_TABLES},
    **{f"{name}.delete": _apply_row_delete for name in APPEND_TABLES},
    "person.erase": _apply_person_erase,
    "person.create": _apply_person_create,
    "person.update": _apply_person_update,
    **{f"{name}.append": _apply_append for name in APPEND_TABLES},
    "conflict.open": _apply_conflict_open,
    "conflict.resolve": _apply_conflict_resolve,
    "dubbel.open": _apply_dubbel_open,
    "dubbel.merge": _apply_dubbel_merge,
}


def outbox_count(connection: Connection) -> int:
    return connection.execute(select(func.count()).select_from(OUTBOX)).scalar()
