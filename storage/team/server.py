"""The teamdatabase (PostgreSQL): schema, roles, row-level security, the ordered log, push and pull.

The current-state tables come from the same Alembic revisions as the laptop's
(`storage.migrate.upgrade`); this module adds only what PostgreSQL alone
understands: roles and grants, row-level security per gemeente, an advisory
lock that makes the log's order the order in which batches commit, and the
server's side of applying an operation (conflicts, mogelijk dubbel, kenmerk
clashes).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Engine, func, insert, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Connection

from storage import migrate
from storage.team.operations import (
    APPEND_TABLES, PERSON, Operation, apply, clash_kenmerk, encode, resolve_person, same,
)
from storage.team.batch import FAST_KINDS, Batch
from storage.team.tables import DUBBEL, FIELD, LOG

SERVER = "teamdatabase"  # author and laptop of the operations the teamdatabase makes itself
_PUSH_LOCK = 1515  # pg_advisory_xact_lock key: one pushing batch at a time, so seq order is commit order
# A person's records: visible when the person is (DUO's messages and events too: issue 19, point 8; every
# synced record, besluiten, examens, weekplan, verzuim, afspraken and history included: issue 15, point 2).
_PERSON_CHILDREN = (*APPEND_TABLES, "duo_bericht", "duo_gebeurtenis", "duo_persoon")
RLS_TABLES = ("person", *_PERSON_CHILDREN, "team_log", "team_field", "team_conflict", "team_dubbel")
_WRITE_TABLES = ("person", *_PERSON_CHILDREN, "concept", "team_field", "team_conflict", "team_dubbel")


def group_role(engine: Engine) -> str:
    """The role every consulent of this teamdatabase is a member of (one per database)."""
    return f"regie_{engine.url.database}"[:63]


def _ident(connection: Connection, name: str) -> str:
    from psycopg import sql

    return sql.Identifier(name).as_string(connection.connection.driver_connection)


def _literal(connection: Connection, value: str) -> str:
    from psycopg import sql

    return sql.Literal(value).as_string(connection.connection.driver_connection)


def init_schema(engine: Engine) -> None:
    """Tables (the same migrations as a laptop), the group role, grants and row-level security. Safe to run again."""
    migrate.upgrade(engine)
    role = group_role(engine)
    with engine.begin() as connection:
        r = _ident(connection, role)
        exists = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
        if not exists:
            connection.exec_driver_sql(f"CREATE ROLE {r} NOLOGIN")
        connection.exec_driver_sql(
            "CREATE TABLE IF NOT EXISTS team_member (rol varchar(63) PRIMARY KEY, gemeente varchar(60) NOT NULL)")
        connection.exec_driver_sql(
            "CREATE OR REPLACE FUNCTION regie_mag(g text) RETURNS boolean LANGUAGE sql STABLE AS "
            "$$ SELECT g IS NULL OR g IN (SELECT gemeente FROM team_member WHERE rol = current_user) $$")
        connection.exec_driver_sql(f"GRANT USAGE ON SCHEMA public TO {r}")
        connection.exec_driver_sql(f"GRANT SELECT ON alembic_version, team_member TO {r}")
        connection.exec_driver_sql(f"GRANT SELECT, INSERT ON team_log TO {r}")
        connection.exec_driver_sql(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {', '.join(_WRITE_TABLES)} TO {r}")
        connection.exec_driver_sql(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {r}")
        connection.exec_driver_sql(f"GRANT EXECUTE ON FUNCTION regie_mag(text) TO {r}")
        for table in RLS_TABLES:
            connection.exec_driver_sql(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            connection.exec_driver_sql(f"DROP POLICY IF EXISTS regie_gemeente ON {table}")
        connection.exec_driver_sql(
            "CREATE POLICY regie_gemeente ON person USING (gedeeld OR regie_mag(gemeente)) WITH CHECK (regie_mag(gemeente))")
        for table in _PERSON_CHILDREN:  # a person's records: visible when the person is
            connection.exec_driver_sql(
                f"CREATE POLICY regie_gemeente ON {table} USING (EXISTS (SELECT 1 FROM person p WHERE p.id = person_id))")
        for table in ("team_log", "team_field", "team_conflict", "team_dubbel"):
            connection.exec_driver_sql(f"CREATE POLICY regie_gemeente ON {table} USING (regie_mag(gemeente))")


def add_consulent(engine: Engine, *, rol: str, wachtwoord: str, gemeente: str) -> None:
    """A consulent's own login role, a member of the team's role, seeing `gemeente`'s persons."""
    with engine.begin() as connection:
        r = _ident(connection, rol)
        exists = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": rol}).first()
        verb = "ALTER" if exists else "CREATE"
        connection.exec_driver_sql(f"{verb} ROLE {r} LOGIN PASSWORD {_literal(connection, wachtwoord)}")
        connection.exec_driver_sql(f"GRANT {_ident(connection, group_role(engine))} TO {r}")
        connection.execute(text("INSERT INTO team_member (rol, gemeente) VALUES (:r, :g) "
                                "ON CONFLICT (rol) DO UPDATE SET gemeente = excluded.gemeente"), {"r": rol, "g": gemeente})


def schema_revision(engine: Engine) -> str | None:
    return migrate.current_revision(engine)


# -- push and pull -------------------------------------------------------------------

def push(engine: Engine, ops: Iterable[Operation]) -> int:
    """Append the operations the log does not have yet, in one transaction; returns how many were new."""
    ops = list(ops)
    with engine.begin() as connection:
        connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PUSH_LOCK})
        known = set(connection.execute(
            select(LOG.c.op_uuid).where(LOG.c.op_uuid.in_([op.uuid for op in ops]))).scalars())
        fresh = []
        for op in ops:
            if op.uuid in known:
                continue  # a batch sent again after a lost answer
            known.add(op.uuid)
            fresh.append(op)
        rows = []
        # Set-based (storage.team.batch): one lookup per kind for the batch, one write per table; the rare
        # kinds (merges, settled conflicts, a new kenmerk) go one by one, after what came before them is written.
        batch = Batch(connection, [op for op in fresh if op.kind in FAST_KINDS])
        for index, op in enumerate(fresh):
            if batch.handles(op):
                logged = batch.take(op)
            else:
                batch.flush()
                logged = _apply_on_server(connection, op)
                batch = Batch(connection, [later for later in fresh[index + 1:] if later.kind in FAST_KINDS])
            rows += [dict(op_uuid=item.uuid, gemeente=item.gemeente, payload=item.to_json()) for item in logged]
        batch.flush()
        if rows:  # in the order applied: the identity column numbers them in that order
            connection.execute(insert(LOG), rows)
    return len(fresh)


def pull(engine: Engine, *, since: int, limit: int = 1000) -> list[tuple[int, Operation]]:
    """The operations after sequence number `since` that this role may see, in the log's order."""
    with engine.connect() as connection:
        rows = connection.execute(select(LOG.c.seq, LOG.c.payload).where(LOG.c.seq > since)
                                  .order_by(LOG.c.seq).limit(limit)).all()
    return [(row.seq, Operation.from_json(row.payload)) for row in rows]


def _side_op(kind: str, op: Operation, entity_uuid: str, fields: dict) -> Operation:
    from uuid import uuid4

    return Operation(kind=kind, entity_uuid=entity_uuid, person_uuid=op.person_uuid, fields=fields, author=SERVER,
                     laptop=SERVER, gemeente=op.gemeente, uuid=str(uuid4()))


def _apply_on_server(connection: Connection, op: Operation) -> list[Operation]:
    """Apply `op` to the current state; returns it (possibly adjusted) and what the teamdatabase adds after it."""
    from uuid import uuid4

    after: list[Operation] = []
    if op.kind == "person.erase":  # what the teamdatabase remembers of the fields goes too
        connection.execute(FIELD.delete().where(FIELD.c.entity_uuid == op.entity_uuid))
    if op.kind == "person.create" and resolve_person(connection, op.entity_uuid) is None:
        kenmerk = op.fields.get("kenmerk")
        clash = connection.execute(select(PERSON.c.uuid).where(PERSON.c.kenmerk == kenmerk)).scalar()
        if clash is not None:  # the later one gets a distinct kenmerk, and someone looks at the pair
            op.fields["kenmerk"] = clash_kenmerk(kenmerk, op.entity_uuid)
            after.append(_side_op("dubbel.open", op, str(uuid4()),
                                  {"person_a": clash, "person_b": op.entity_uuid, "reden": "kenmerk"}))
        after += _new_dubbels(connection, op, op.fields, already={clash} if clash else set())
        op.version = 1  # a field as created never conflicts (every base is >= 1): team_field starts at its first change
    elif op.kind in ("person.create", "person.update"):
        current = connection.execute(select(PERSON.c.version).where(PERSON.c.uuid == op.entity_uuid)).scalar()
        if current is None:
            return [op]  # gone (merged or erased): kept in the log, changes nothing
        new_values = {k: (v[1] if op.kind == "person.update" else v) for k, v in op.fields.items()}
        base = op.base_version if op.base_version is not None else current
        for veld, waarde in new_values.items():
            last = connection.execute(select(FIELD).where(FIELD.c.entity_uuid == op.entity_uuid, FIELD.c.veld == veld)).first()
            if last is not None and last.versie > base and last.laptop != op.laptop and not same(_loads(last.waarde), waarde):
                after.append(_side_op("conflict.open", op, str(uuid4()), {
                    "veld": veld, "waarde_a": last.waarde, "door_a": last.door, "op_a": last.op,
                    "waarde_b": _dumps(waarde), "door_b": op.author, "op_b": op.at}))
        op.version = current + 1
        _remember_fields(connection, op, new_values, version=op.version)
        if _LOOKALIKE_FIELDS & new_values.keys():
            apply(connection, op)
            row = connection.execute(select(PERSON).where(PERSON.c.uuid == op.entity_uuid)).mappings().first()
            after += _new_dubbels(connection, op, {k: encode(v) for k, v in row.items()}, already=set())
    apply(connection, op)
    for extra in after:
        apply(connection, extra)
    return [op, *after]


def _dumps(value) -> str:
    import json

    return json.dumps(value)


def _loads(value):
    import json

    return json.loads(value) if value is not None else None


def _remember_fields(connection: Connection, op: Operation, values: dict, *, version: int) -> None:
    for veld, waarde in values.items():
        row = dict(entity_uuid=op.entity_uuid, veld=veld, gemeente=op.gemeente, waarde=_dumps(waarde), versie=version,
                   laptop=op.laptop, door=op.author, op=op.at)
        statement = pg_insert(FIELD).values(**row)
        connection.execute(statement.on_conflict_do_update(
            index_elements=[FIELD.c.entity_uuid, FIELD.c.veld],
            set_={k: statement.excluded[k] for k in ("waarde", "versie", "laptop", "door", "op", "gemeente")}))


_LOOKALIKE_FIELDS = {"bsn", "v_nummer", "naam", "geboortedatum"}


def _new_dubbels(connection: Connection, op: Operation, fields: dict, *, already: set[str]) -> list[Operation]:
    """*Mogelijk dubbel* items for persons that look like this one and are not flagged with it yet."""
    from uuid import uuid4

    found = []
    for other, reden in _lookalikes(connection, fields):
        if other == op.entity_uuid or other in already:
            continue
        pair = [other, op.entity_uuid]
        flagged = connection.execute(select(DUBBEL.c.uuid).where(DUBBEL.c.person_a.in_(pair), DUBBEL.c.person_b.in_(pair))).first()
        if flagged is None:
            found.append(_side_op("dubbel.open", op, str(uuid4()), {"person_a": other, "person_b": op.entity_uuid, "reden": reden}))
    return found


def _lookalikes(connection: Connection, fields: dict) -> list[tuple[str, str]]:
    """Persons that look like the new one: same BSN, same V-nummer, or same name and birth date."""
    tests = []
    if fields.get("bsn"):
        tests.append((PERSON.c.bsn == fields["bsn"], "bsn"))
    if fields.get("v_nummer") and "v_nummer" in PERSON.c:
        tests.append((PERSON.c.v_nummer == fields["v_nummer"], "v_nummer"))
    if fields.get("naam") and fields.get("geboortedatum"):
        from storage.team.operations import decode

        tests.append(((func.lower(PERSON.c.naam) == fields["naam"].strip().lower())
                      & (PERSON.c.geboortedatum == decode(PERSON, "geboortedatum", fields["geboortedatum"])),
                      "naam_geboortedatum"))
    found: dict[str, str] = {}
    for condition, reden in tests:
        for other in connection.execute(select(PERSON.c.uuid).where(condition)).scalars():
            found.setdefault(other, reden)
    return list(found.items())


__all__ = ["add_consulent", "group_role", "init_schema", "pull", "push", "schema_revision"]
