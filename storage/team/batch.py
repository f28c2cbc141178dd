"""The teamdatabase's side of a pushed batch, set-based: lookups for the whole batch at once, one statement per kind.

`server.push` used to apply operation by operation (about five round trips
each: the person, its fields, a kenmerk clash, lookalikes, the write). Here
the common kinds (new persons, changes of persons, appended rows of every
synced table and audit rows) are worked out in memory against what one query per kind
fetched for the whole batch, in the batch's order, with the same rules as
`server._apply_on_server` (conflicts, mogelijk dubbel, kenmerk clashes); the
writes then go out as one executemany per table. Any other kind (a merge, a
conflict settled, a change of kenmerk) flushes what is buffered and takes the
one-by-one path, so the order of effects stays the batch's order.
"""

from __future__ import annotations

import json
from uuid import uuid4

from sqlalchemy import bindparam, func, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Connection

from storage.names import name_values, with_names
from storage.team.operations import (
    APPEND_TABLES, PERSON, Operation, _person_values, arrived_values, clash_kenmerk, resolve_person, resolve_refs, same,
)
from storage.team.tables import CONFLICT, DUBBEL, FIELD

FAST_KINDS = {"person.create", "person.update", "audit.append", *(f"{name}.append" for name in APPEND_TABLES)}
_LOOK = ["bsn", "naam", "geboortedatum"] + (["v_nummer"] if "v_nummer" in PERSON.c else [])
_LOOKALIKE_FIELDS = {"bsn", "v_nummer", "naam", "geboortedatum"}


def _dumps(value) -> str:
    return json.dumps(value)


def _loads(value):
    return json.loads(value) if value is not None else None


def _enc(value):
    from storage.team.operations import encode

    return encode(value)


class Batch:
    """What one query per kind told about the batch's persons, and the writes waiting to go out."""

    def __init__(self, connection: Connection, ops: list[Operation]) -> None:
        self.connection = connection
        self._fetch(ops)
        self.person_inserts: list[dict] = []
        self.person_updates: dict[str, dict] = {}  # uuid -> the final values (later changes win, as applied in order)
        self.field_rows: dict[tuple[str, str], dict] = {}
        self.conflicts: list[dict] = []
        self.dubbels: list[dict] = []
        self.appends: dict[str, list[tuple[str | None, dict]]] = {name: [] for name in APPEND_TABLES}

    # -- the lookups, once per batch --------------------------------------------------
    def _fetch(self, ops: list[Operation]) -> None:
        c = self.connection
        uuids = {op.entity_uuid for op in ops if op.kind.startswith("person.")}
        uuids |= {op.person_uuid for op in ops if op.person_uuid and op.kind.endswith(".append")}
        columns = [PERSON.c.uuid, PERSON.c.id, PERSON.c.version, PERSON.c.kenmerk] + [PERSON.c[k] for k in _LOOK]
        self.persons: dict[str, dict] = {}
        for row in c.execute(select(*columns).where(PERSON.c.uuid.in_(uuids))).mappings() if uuids else ():
            self.persons[row["uuid"]] = {k: _enc(v) for k, v in row.items()}
        kenmerken = {op.fields.get("kenmerk") for op in ops if op.kind == "person.create"} - {None}
        self.by_kenmerk: dict[str, str] = {}
        if kenmerken:
            for row in c.execute(select(PERSON.c.kenmerk, PERSON.c.uuid).where(PERSON.c.kenmerk.in_(kenmerken))):
                self.by_kenmerk[row.kenmerk] = row.uuid
        for person in self.persons.values():
            self.by_kenmerk.setdefault(person["kenmerk"], person["uuid"])
        # lookalike candidates: anyone with a BSN, V-nummer or name the batch mentions
        values = [op.fields for op in ops if op.kind == "person.create"]
        values += [{k: v[1] for k, v in op.fields.items()} for op in ops if op.kind == "person.update"]
        values += list(self.persons.values())
        tests = []
        if bsns := {v.get("bsn") for v in values} - {None, ""}:
            tests.append(PERSON.c.bsn.in_(bsns))
        if "v_nummer" in PERSON.c and (vnrs := {v.get("v_nummer") for v in values} - {None, ""}):
            tests.append(PERSON.c.v_nummer.in_(vnrs))
        if names := {v["naam"].strip().lower() for v in values if isinstance(v.get("naam"), str)}:
            tests.append(func.lower(PERSON.c.naam).in_(names))
        self.looks: dict[str, dict] = {}  # uuid -> the lookalike columns of every candidate, and the batch's new persons
        if tests:
            for row in c.execute(select(PERSON.c.uuid, *[PERSON.c[k] for k in _LOOK]).where(or_(*tests))).mappings():
                self.looks[row["uuid"]] = {k: _enc(v) for k, v in row.items()}
        for uuid, person in self.persons.items():
            self.looks[uuid] = {k: person.get(k) for k in ["uuid", *_LOOK]}
        everyone = set(self.looks) | {op.entity_uuid for op in ops if op.kind == "person.create"}
        self.flagged: set[frozenset[str]] = set()
        if everyone:
            for row in c.execute(select(DUBBEL.c.person_a, DUBBEL.c.person_b)
                                 .where(DUBBEL.c.person_a.in_(everyone) | DUBBEL.c.person_b.in_(everyone))):
                self.flagged.add(frozenset((row.person_a, row.person_b)))
        created = [op.entity_uuid for op in ops if op.kind == "person.create"]
        self.merged_away: set[str] = set(c.execute(select(DUBBEL.c.samengevoegd).where(
            DUBBEL.c.samengevoegd.in_(created))).scalars()) if created else set()
        updated = {op.entity_uuid for op in ops if op.kind == "person.update"}
        self.fields: dict[tuple[str, str], dict] = {}
        if updated:
            for row in c.execute(select(FIELD).where(FIELD.c.entity_uuid.in_(updated))).mappings():
                self.fields[(row["entity_uuid"], row["veld"])] = dict(row)
        self.existing: dict[str, set[str]] = {}
        for name, table in APPEND_TABLES.items():
            wanted = [op.entity_uuid for op in ops if op.kind == f"{name}.append"]
            self.existing[name] = set(c.execute(select(table.c.uuid).where(table.c.uuid.in_(wanted))).scalars()) if wanted else set()

    # -- which operations this path takes -----------------------------------------------
    def handles(self, op: Operation) -> bool:
        if op.kind not in FAST_KINDS:
            return False
        if op.kind == "person.create":
            # a person the teamdatabase already has (or had: merged away) takes the one-by-one path
            return op.entity_uuid not in self.persons and op.entity_uuid not in self.merged_away
        if op.kind == "person.update":
            return "kenmerk" not in op.fields  # a new kenmerk may clash: one by one
        return True

    # -- the rules, in memory --------------------------------------------------------------
    def _side_op(self, kind: str, op: Operation, fields: dict) -> Operation:
        from storage.team.server import SERVER

        return Operation(kind=kind, entity_uuid=str(uuid4()), person_uuid=op.person_uuid, fields=fields, author=SERVER,
                         laptop=SERVER, gemeente=op.gemeente, uuid=str(uuid4()))

    def _lookalikes(self, fields: dict, itself: str) -> list[tuple[str, str]]:
        found: dict[str, str] = {}
        naam = fields.get("naam").strip().lower() if isinstance(fields.get("naam"), str) else None
        for reden, test in (
            ("bsn", lambda o: fields.get("bsn") and o.get("bsn") == fields["bsn"]),
            ("v_nummer", lambda o: "v_nummer" in _LOOK and fields.get("v_nummer") and o.get("v_nummer") == fields["v_nummer"]),
            ("naam_geboortedatum", lambda o: naam and fields.get("geboortedatum") and isinstance(o.get("naam"), str)
             and o["naam"].lower() == naam and o.get("geboortedatum") == fields["geboortedatum"]),
        ):
            for other, look in self.looks.items():
                if other != itself and test(look):
                    found.setdefault(other, reden)
        return list(found.items())

    def _new_dubbels(self, op: Operation, fields: dict, already: set[str]) -> list[Operation]:
        found = []
        for other, reden in self._lookalikes(fields, op.entity_uuid):
            pair = frozenset((other, op.entity_uuid))
            if other in already or pair in self.flagged:
                continue
            self.flagged.add(pair)
            found.append(self._side_op("dubbel.open", op, {"person_a": other, "person_b": op.entity_uuid, "reden": reden}))
        return found

    def take(self, op: Operation) -> list[Operation]:
        """Work out `op` (and what the teamdatabase adds after it); the writes wait for `flush`."""
        if op.kind == "person.create":
            return self._create(op)
        if op.kind == "person.update":
            return self._update(op)
        if op.kind.endswith(".append") and op.kind != "audit.append":
            name = op.kind.split(".")[0]
            if op.entity_uuid not in self.existing[name]:
                self.existing[name].add(op.entity_uuid)
                self.appends[name].append((op.person_uuid, op))
        return [op]

    def _create(self, op: Operation) -> list[Operation]:
        after: list[Operation] = []
        kenmerk = op.fields.get("kenmerk")
        clash = self.by_kenmerk.get(kenmerk)
        if clash is not None:
            op.fields["kenmerk"] = clash_kenmerk(kenmerk, op.entity_uuid)
            after.append(self._side_op("dubbel.open", op, {"person_a": clash, "person_b": op.entity_uuid, "reden": "kenmerk"}))
            self.flagged.add(frozenset((clash, op.entity_uuid)))
        after += self._new_dubbels(op, op.fields, already={clash} if clash else set())
        op.version = 1
        values = _person_values(op.fields)
        values.update(uuid=op.entity_uuid, version=1)
        self.person_inserts.append(values)
        person = {"uuid": op.entity_uuid, "id": None, "version": 1, "kenmerk": op.fields.get("kenmerk"),
                  **{k: op.fields.get(k) for k in _LOOK}}
        self.persons[op.entity_uuid] = person
        self.looks[op.entity_uuid] = {k: person.get(k) for k in ["uuid", *_LOOK]}
        self.by_kenmerk[person["kenmerk"]] = op.entity_uuid
        self._dubbel_rows(after)
        return [op, *after]

    def _update(self, op: Operation) -> list[Operation]:
        person = self.persons.get(op.entity_uuid)
        if person is None:
            return [op]  # gone (merged or erased) or not visible: kept in the log, changes nothing
        after: list[Operation] = []
        new_values = {k: v[1] for k, v in op.fields.items()}
        current = person["version"]
        base = op.base_version if op.base_version is not None else current
        for veld, waarde in new_values.items():
            last = self.fields.get((op.entity_uuid, veld))
            if last is not None and last["versie"] > base and last["laptop"] != op.laptop and not same(_loads(last["waarde"]), waarde):
                after.append(self._side_op("conflict.open", op, {
                    "veld": veld, "waarde_a": last["waarde"], "door_a": last["door"], "op_a": last["op"],
                    "waarde_b": _dumps(waarde), "door_b": op.author, "op_b": op.at}))
        op.version = current + 1
        person["version"] = op.version
        for veld, waarde in new_values.items():
            row = dict(entity_uuid=op.entity_uuid, veld=veld, gemeente=op.gemeente, waarde=_dumps(waarde), versie=op.version,
                       laptop=op.laptop, door=op.author, op=op.at)
            self.fields[(op.entity_uuid, veld)] = row
            self.field_rows[(op.entity_uuid, veld)] = row
        values = _person_values(new_values)
        values["version"] = op.version
        self.person_updates.setdefault(op.entity_uuid, {}).update(values)
        for k in _LOOK:
            if k in new_values:
                person[k] = new_values[k]
                self.looks[op.entity_uuid][k] = new_values[k]
        if _LOOKALIKE_FIELDS & new_values.keys():
            after += self._new_dubbels(op, self.looks[op.entity_uuid], already=set())
        for extra in after:
            if extra.kind == "conflict.open":
                self.conflicts.append(dict(uuid=extra.entity_uuid, person_uuid=extra.person_uuid, gemeente=extra.gemeente,
                                           opgelost=False, **extra.fields))
        self._dubbel_rows(after)
        return [op, *after]

    def _dubbel_rows(self, ops: list[Operation]) -> None:
        for extra in ops:
            if extra.kind == "dubbel.open":
                self.dubbels.append(dict(uuid=extra.entity_uuid, gemeente=extra.gemeente, opgelost=False, **extra.fields))

    # -- the writes: one statement per kind -----------------------------------------------
    def flush(self) -> None:
        c = self.connection
        # The zoeksleutel is derived, never sent (PERSON_LOCAL_COLUMNS): the teamdatabase derives its own, as a laptop does.
        for group in _by_keys([with_names(values) for values in self.person_inserts]):
            c.execute(insert(PERSON), group)
        new = [p["uuid"] for p in self.person_inserts]
        if new:
            for row in c.execute(select(PERSON.c.uuid, PERSON.c.id).where(PERSON.c.uuid.in_(new))):
                self.persons[row.uuid]["id"] = row.id
        updates = [{"_uuid": uuid, **values, **name_values(values, achternaam_follows_naam=False)}
                   for uuid, values in self.person_updates.items()]
        for group in _by_keys(updates):
            columns = [k for k in group[0] if k != "_uuid"]
            c.execute(update(PERSON).where(PERSON.c.uuid == bindparam("_uuid"))
                      .values({k: bindparam(k) for k in columns}), group)
        if self.field_rows:
            statement = pg_insert(FIELD)
            c.execute(statement.on_conflict_do_update(
                index_elements=[FIELD.c.entity_uuid, FIELD.c.veld],
                set_={k: statement.excluded[k] for k in ("waarde", "versie", "laptop", "door", "op", "gemeente")}),
                list(self.field_rows.values()))
        if self.conflicts:
            c.execute(insert(CONFLICT), self.conflicts)
        if self.dubbels:
            c.execute(insert(DUBBEL), self.dubbels)
        for name, entries in self.appends.items():
            table = APPEND_TABLES[name]
            rows = []
            for person_uuid, op in entries:
                person = self.persons.get(person_uuid)
                person_id = person["id"] if person else resolve_person(c, person_uuid)  # merged away: the one kept
                if person_id is None:
                    continue  # not visible to this consulent, or erased
                values = arrived_values(name, op.fields)
                values.update(uuid=op.entity_uuid, person_id=person_id)
                rows.append(values)
            # in APPEND_TABLES' order: a row pointed at (a weekplan, a contactmoment) is written before its pointer
            for group in _by_keys(resolve_refs(c, name, rows)):
                c.execute(insert(table), group)
        self.person_inserts, self.person_updates, self.field_rows = [], {}, {}
        self.conflicts, self.dubbels = [], []
        self.appends = {name: [] for name in APPEND_TABLES}


def _by_keys(rows: list[dict]) -> list[list[dict]]:
    """Rows grouped by their set of columns (an executemany needs the same columns in every row), in first-seen order."""
    groups: dict[tuple[str, ...], list[dict]] = {}
    for row in rows:
        groups.setdefault(tuple(sorted(row)), []).append(row)
    return list(groups.values())
