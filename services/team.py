"""Team mode: link a laptop to the teamdatabase, synchronise, and show and settle what the team disagrees on.

The laptop stays local-first: screens read and write the local store; every
change also leaves an operation in the local outbox (services call
`storage.team.operations.record*` in their own transaction). `sync` pushes
the outbox in batches (one server transaction each; operations the server
already has are skipped) and then pulls everything after the last sequence
number it applied, each batch applied locally in one transaction together
with the new sequence number. A kill or a lost network at any moment leaves
both sides consistent: the next sync continues where this one stopped.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import uuid4

from sqlalchemy import Engine, bindparam, delete, func, insert, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from services.errors import ServiceError
from services.store import Store
from storage import audit, migrate
from storage.db import make_engine, read_session, write_session
from storage.team import server
from storage.team.operations import (
    APPEND_TABLES, PERSON, Operation, apply, apply_many, enqueue, known_person_ids, linked, outbox_count, pending_fields,
    person_row,
    record_appended, record_person_created, resolve_person,
)
from storage.team.tables import CONFLICT, DUBBEL, OUTBOX, REFUSED, STATE

ENV_PASSWORD = "REGIE_TEAM_PASSWORD"
KEYRING_SERVICE = "regie-team"
PUSH_BATCH = 1000  # set-based on the server: a bigger batch is fewer round trips, still one short transaction
# Pulled operations that change personal data, and the table their audit row names.
_AUDIT_TABLE = {"person.create": "person", "person.update": "person", "contactmoment.append": "contactmoment",
                "urenregistratie.append": "urenregistratie", "dubbel.merge": "person",
                "contactmoment.update": "contactmoment", "contactmoment.delete": "contactmoment",
                "urenregistratie.update": "urenregistratie", "urenregistratie.delete": "urenregistratie",
                "duo_bericht.klaar": "duo_bericht", "duo_bericht.verzonden": "duo_bericht",
                "duo_bericht.antwoord": "duo_bericht", "duo_gebeurtenis.append": "duo_gebeurtenis",
                "duo_persoon.set": "duo_persoon",
                # every synced record (issue 15, point 2): besluiten, examens, weekplan, verzuim, afspraken, history
                **{f"{name}.{action}": name for name in APPEND_TABLES for action in ("append", "update", "delete")}}
PULL_BATCH = 2000


class TeamError(ServiceError):
    """Team mode cannot do what was asked; the message is Dutch and safe to show."""


class TeamOfflineError(TeamError):
    """The teamdatabase cannot be reached; the local work is safe and waits in the outbox."""


class SchemaMismatchError(TeamError):
    """Laptop and teamdatabase are at different schema versions."""


# -- connecting ---------------------------------------------------------------------

def _password(url) -> str | None:
    if password := os.environ.get(ENV_PASSWORD):
        return password
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, f"{url.username}@{url.host}/{url.database}")
    except Exception:  # no usable keyring on this machine: the environment variable is the other way
        return None


def public_url(url: str) -> str:
    """The URL as it may be stored and shown: never with a password."""
    return make_url(url).render_as_string(hide_password=True).replace(":***@", "@")


def server_engine(url: str) -> Engine:
    """An engine for the teamdatabase; the password comes from the keyring or REGIE_TEAM_PASSWORD, never a file.

    `?sslmode=verify-full&sslrootcert=...` in the URL is passed on to libpq as is.
    """
    try:
        parsed = make_url(url)
    except Exception:
        raise TeamError("Dit is geen geldig adres van een teamdatabase; gebruik postgresql://gebruiker@server/database.") from None
    if not parsed.drivername.startswith("postgresql"):
        raise TeamError("De teamdatabase moet een PostgreSQL-database zijn (postgresql://gebruiker@server/database).")
    parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.password is None and (password := _password(parsed)):
        parsed = parsed.set(password=password)
    return make_engine(parsed.render_as_string(hide_password=False))


def _offline(exc: Exception) -> TeamOfflineError:
    return TeamOfflineError(f"De teamdatabase is niet bereikbaar ({type(exc).__name__}); je werk blijft op deze laptop "
                            "bewaard en gaat mee bij de volgende synchronisatie.")


def _check_schema(engine: Engine, store: Store) -> None:
    theirs = server.schema_revision(engine)
    ours = migrate.current_revision(store.engine)
    if theirs is None:
        raise SchemaMismatchError("De teamdatabase is nog leeg; laat de beheerder eerst ‘regie team init URL’ uitvoeren.")
    if theirs != ours:
        if theirs < ours:
            raise SchemaMismatchError(f"De teamdatabase heeft schemaversie {theirs} en deze laptop {ours}: werk de "
                                      "teamdatabase bij (de beheerder voert ‘regie team init URL’ uit met deze versie van regie).")
        raise SchemaMismatchError(f"De teamdatabase heeft schemaversie {theirs} en deze laptop {ours}: werk regie op "
                                  "deze laptop bij naar de nieuwste versie en synchroniseer dan opnieuw.")


# -- init and koppel ---------------------------------------------------------------

def init_team(url: str) -> None:
    """Prepare a PostgreSQL database as teamdatabase: tables, the team's role, grants, row-level security."""
    engine = server_engine(url)
    try:
        server.init_schema(engine)
    except migrate.MigrationError as exc:
        raise TeamError(f"De teamdatabase kon niet worden ingericht: {exc}.") from None
    except OperationalError as exc:
        raise _offline(exc) from None
    finally:
        engine.dispose()


def add_consulent(url: str, *, rol: str, wachtwoord: str, gemeente: str) -> None:
    """Give a consulent a login role on the teamdatabase that sees `gemeente`'s persons."""
    engine = server_engine(url)
    try:
        server.add_consulent(engine, rol=rol, wachtwoord=wachtwoord, gemeente=gemeente)
    finally:
        engine.dispose()


def koppel(store: Store, url: str, *, gemeente: str, author: str) -> SyncResult:
    """Link this laptop; its existing caseload goes into the teamdatabase (duplicates are flagged there)."""
    engine = server_engine(url)
    try:
        _check_schema(engine, store)
    except OperationalError as exc:
        raise _offline(exc) from None
    finally:
        engine.dispose()
    with write_session(store.engine) as session:
        connection = session.connection()
        if linked(connection) is not None:
            raise TeamError("Deze laptop is al gekoppeld aan een teamdatabase; gebruik ‘regie team sync’.")
        connection.execute(insert(STATE).values(id=1, url=public_url(url), laptop=str(uuid4()), gemeente=gemeente, last_seq=0))
        for person_id in connection.execute(select(PERSON.c.id).order_by(PERSON.c.id)).scalars().all():
            record_person_created(connection, person_id=person_id, author=author)
        for name, table in APPEND_TABLES.items():
            for row_id in connection.execute(select(table.c.id).order_by(table.c.id)).scalars().all():
                record_appended(connection, table=name, row_id=row_id, author=author)
        from services.duo.team import record_existing

        record_existing(connection, author=author)  # what this laptop exchanged with DUO (issue 19, point 8)
    return sync(store, url=url)


# -- sync ---------------------------------------------------------------------------

@dataclass(frozen=True)
class SyncResult:
    pushed: int
    pulled: int
    conflicts: int


def _state(store: Store):
    with read_session(store.engine) as session:
        row = session.connection().execute(select(STATE).where(STATE.c.id == 1)).first()
    if row is None:
        raise TeamError("Deze laptop is niet gekoppeld aan een teamdatabase; gebruik eerst ‘regie team koppel URL’.")
    return row


def team_url(store: Store) -> str:
    """The address of the teamdatabase this laptop is linked to (TeamError when it is not linked)."""
    return _state(store).url


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def sync(store: Store, *, url: str | None = None) -> SyncResult:
    """Push the outbox, then pull and apply everything new; returns counts. Raises TeamOfflineError when unreachable."""
    state = _state(store)
    engine = server_engine(url or state.url)
    try:
        _check_schema(engine, store)
        pushed = _push(store, engine)
        pulled = _pull(store, engine, since=state.last_seq)
    except (OperationalError, DBAPIError) as exc:
        if _is_refusal(exc):  # while pulling: the server's own state, not one of our operations
            raise TeamError(f"De teamdatabase gaf een fout (code {getattr(exc.orig, 'sqlstate', None) or 'onbekend'}); "
                            "niets is verloren, uw wijzigingen wachten op deze laptop.") from None
        with write_session(store.engine) as session:
            session.connection().execute(update(STATE).where(STATE.c.id == 1, STATE.c.offline_since.is_(None))
                                         .values(offline_since=_now()))
        raise _offline(exc) from None
    finally:
        engine.dispose()
    with write_session(store.engine) as session:
        session.connection().execute(update(STATE).where(STATE.c.id == 1).values(last_success=_now(), offline_since=None))
    return SyncResult(pushed=pushed, pulled=pulled, conflicts=len(conflicts(store)))


def _push(store: Store, engine: Engine) -> int:
    total = 0
    last_id = 0
    while True:
        with read_session(store.engine) as session:
            rows = session.connection().execute(select(OUTBOX.c.id, OUTBOX.c.payload).where(OUTBOX.c.id > last_id)
                                                .order_by(OUTBOX.c.id).limit(PUSH_BATCH)).all()
        if not rows:
            return total
        try:
            server.push(engine, [Operation.from_json(row.payload) for row in rows])
        except DBAPIError as exc:
            if not _is_refusal(exc):
                raise
            total += _push_one_by_one(store, engine, rows)  # find the ones refused; the others go through
        else:
            # Accepted: only now leave the outbox. A kill before this line re-sends the batch; the server skips it.
            with write_session(store.engine) as session:
                session.connection().execute(delete(OUTBOX).where(OUTBOX.c.id <= rows[-1].id, OUTBOX.c.id > last_id))
            total += len(rows)
        last_id = rows[-1].id


def _is_refusal(exc: DBAPIError) -> bool:
    """The teamdatabase answered and said no (rights, a constraint); not a lost connection."""
    return not isinstance(exc, OperationalError) and not exc.connection_invalidated


def _refusal_reason(exc: DBAPIError) -> str:
    """Why the teamdatabase said no, in Dutch and without personal data (only the SQLSTATE code)."""
    code = getattr(exc.orig, "sqlstate", None) or "onbekend"
    if code == "42501":
        return ("de teamdatabase staat dit niet toe: de persoon hoort bij een gemeente waarvoor uw account geen "
                "rechten heeft (vraag de beheerder om rechten, of zet de persoon bij de juiste gemeente)")
    if code.startswith("23"):
        return f"de teamdatabase weigert de gegevens: ze botsen met wat er al staat (code {code})"
    return f"de teamdatabase weigert deze wijziging (code {code})"


def _push_one_by_one(store: Store, engine: Engine, rows) -> int:
    """A refused batch: each operation in its own transaction; refused ones leave the outbox for `team_refused`."""
    accepted = 0
    for row in rows:
        op = Operation.from_json(row.payload)
        reason = None
        try:
            server.push(engine, [op])
        except DBAPIError as exc:
            if not _is_refusal(exc):
                raise
            reason = _refusal_reason(exc)
        with write_session(store.engine) as session:
            connection = session.connection()
            if reason is not None:
                connection.execute(insert(REFUSED).values(op_uuid=op.uuid, kind=op.kind, person_uuid=op.person_uuid,
                                                          reden=reason, op=_now(), payload=row.payload))
            connection.execute(delete(OUTBOX).where(OUTBOX.c.id == row.id))
        accepted += reason is None
    return accepted


def _pull(store: Store, engine: Engine, *, since: int) -> int:
    total = 0
    while True:
        batch = server.pull(engine, since=since, limit=PULL_BATCH)
        if not batch:
            return total
        with write_session(store.engine) as session:
            # One audit row per person and kind of record for the batch (log_many), not one per statement.
            connection = session.connection().execution_options(audit=False)
            skip = pending_fields(connection)  # changed here since the push: they stay until the next push
            touched: dict[str, list[tuple[None, int | None, int]]] = {}
            with known_person_ids(connection):  # one read of the person ids for the whole batch
                apply_many(connection, [op for _seq, op in batch], skip_fields=skip)
                for _seq, op in batch:
                    table = _AUDIT_TABLE.get(op.kind)
                    if table is not None:
                        touched.setdefault(table, []).append((None, resolve_person(connection, op.person_uuid), 1))
            first_arrival = connection.execute(select(func.coalesce(func.max(audit.AUDIT.c.id), 0))).scalar()
            for table, entries in touched.items():
                audit.log_many(connection, actie="team: opgehaald", tabel=table, entries=entries)
            if "wijziging" in touched:
                _link_arrived_history(connection, after=first_arrival,
                                      person_ids={person_id for _r, person_id, _n in touched["wijziging"]} - {None})
            since = batch[-1][0]
            connection.execute(update(STATE).where(STATE.c.id == 1).values(last_seq=since))
        total += len(batch)


def _link_arrived_history(connection, *, after: int, person_ids: set[int]) -> None:
    """Field changes that arrived from the team stand in the Geschiedenis under the audit row of their arrival
    (a wijziging points at an audit row of the laptop it is on; the one it had where it was made stays there)."""
    from storage.wijziging import WIJZIGING

    arrived = connection.execute(select(WIJZIGING.c.id, WIJZIGING.c.person_id, WIJZIGING.c.tabel).where(
        WIJZIGING.c.audit_id.is_(None), WIJZIGING.c.person_id.in_(person_ids))).all() if person_ids else []
    if not arrived:
        return
    rows = connection.execute(select(audit.AUDIT.c.id, audit.AUDIT.c.person_id, audit.AUDIT.c.tabel).where(
        audit.AUDIT.c.id > after, audit.AUDIT.c.person_id.in_(person_ids)).order_by(audit.AUDIT.c.id)).all()
    arrival = {(row.person_id, row.tabel): row.id for row in rows}  # the last of each: the batch's own
    links = [{"_id": row.id, "_audit": arrival.get((row.person_id, row.tabel)) or arrival[(row.person_id, "wijziging")]}
             for row in arrived if (row.person_id, "wijziging") in arrival]
    if links:
        connection.execute(update(WIJZIGING).where(WIJZIGING.c.id == bindparam("_id"))
                           .values(audit_id=bindparam("_audit")), links)


# -- status -------------------------------------------------------------------------

@dataclass(frozen=True)
class TeamStatus:
    linked: bool
    waiting: int
    conflicts: int
    last_success: datetime | None
    offline_since: datetime | None
    dubbels: int = 0
    refused: int = 0

    @property
    def open_items(self) -> int:
        """What the Conflicten screen asks someone to look at."""
        return self.conflicts + self.dubbels + self.refused

    def text(self) -> str:
        """The header line, in Dutch."""
        if not self.linked:
            return ""
        extra = []
        if self.dubbels:
            extra.append(f"{self.dubbels} mogelijk {'dubbel' if self.dubbels == 1 else 'dubbele'}")
        if self.refused:
            extra.append(f"{self.refused} {'wijziging' if self.refused == 1 else 'wijzigingen'} geweigerd")
        tail = "".join(f" · {item}" for item in extra)
        if self.conflicts:
            return f"team: {self.conflicts} {'conflict' if self.conflicts == 1 else 'conflicten'}{tail}"
        if extra:
            return f"team: {extra[0]}{''.join(f' · {item}' for item in extra[1:])}"
        if self.offline_since is not None:
            waiting = f" · {self.waiting} {'wijziging wacht' if self.waiting == 1 else 'wijzigingen wachten'}" if self.waiting else ""
            return f"team: offline sinds {_clock(self.offline_since)}{waiting}"
        if self.last_success is None:
            return f"team: nog niet gesynchroniseerd · {self.waiting} wijzigingen wachten"
        return f"team: bijgewerkt {_clock(self.last_success)}"


def _clock(moment: datetime) -> str:
    return moment.astimezone().strftime("%H:%M")


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def status(store: Store) -> TeamStatus:
    with read_session(store.engine) as session:
        connection = session.connection()
        row = connection.execute(select(STATE).where(STATE.c.id == 1)).first()
        if row is None:
            return TeamStatus(False, 0, 0, None, None)
        open_conflicts = connection.execute(select(func.count()).select_from(CONFLICT).where(CONFLICT.c.opgelost.is_(False))).scalar()
        open_dubbels = connection.execute(select(func.count()).select_from(DUBBEL).where(DUBBEL.c.opgelost.is_(False))).scalar()
        refused_count = connection.execute(select(func.count()).select_from(REFUSED)).scalar()
        return TeamStatus(True, outbox_count(connection), open_conflicts, _parse(row.last_success), _parse(row.offline_since),
                          dubbels=open_dubbels, refused=refused_count)


# -- conflicten and mogelijk dubbel -----------------------------------------------------

@dataclass(frozen=True)
class ConflictView:
    uuid: str
    person_uuid: str
    kenmerk: str | None
    veld: str
    waarde_a: object
    door_a: str
    op_a: str
    waarde_b: object
    door_b: str
    op_b: str
    naam: str | None = None  # the person's name on this laptop


def conflicts(store: Store) -> list[ConflictView]:
    """The open conflicts; the value shown until someone decides is `waarde_b` (the later one in the team's order)."""
    import json

    with read_session(store.engine) as session:
        rows = session.connection().execute(
            select(CONFLICT, PERSON.c.kenmerk, PERSON.c.naam).select_from(CONFLICT.outerjoin(PERSON, PERSON.c.uuid == CONFLICT.c.person_uuid))
            .where(CONFLICT.c.opgelost.is_(False)).order_by(CONFLICT.c.op_b)).all()
    return [ConflictView(r.uuid, r.person_uuid, r.kenmerk, r.veld, json.loads(r.waarde_a) if r.waarde_a else None,
                         r.door_a, r.op_a, json.loads(r.waarde_b) if r.waarde_b else None, r.door_b, r.op_b, r.naam) for r in rows]


def _perform(connection, op: Operation) -> None:
    """A decision taken on this laptop: apply it here now and send it to the team."""
    apply(connection, op)
    enqueue(connection, op)


def resolve_conflict(store: Store, conflict_uuid: str, *, waarde: object, author: str) -> None:
    """Settle a conflict with the chosen (or merged) value; the choice goes to every laptop."""
    with write_session(store.engine) as session:
        connection = session.connection()
        link = linked(connection)
        row = connection.execute(select(CONFLICT).where(CONFLICT.c.uuid == conflict_uuid)).first()
        if row is None or link is None:
            raise TeamError("Dit conflict bestaat niet (meer); synchroniseer en kijk opnieuw in de lijst Conflicten.")
        person_id = connection.execute(select(PERSON.c.id).where(PERSON.c.uuid == row.person_uuid)).scalar()
        if person_id is not None:
            before = person_row(connection, person_id)
            from storage.team.operations import encode

            _perform(connection, Operation(kind="person.update", entity_uuid=row.person_uuid, person_uuid=row.person_uuid,
                                           fields={row.veld: [encode(before[row.veld]), waarde]}, author=author,
                                           laptop=link.laptop, gemeente=row.gemeente, base_version=before["version"]))
        _perform(connection, Operation(kind="conflict.resolve", entity_uuid=conflict_uuid, person_uuid=row.person_uuid,
                                       fields={}, author=author, laptop=link.laptop, gemeente=row.gemeente))


@dataclass(frozen=True)
class DubbelPerson:
    """One side of a mogelijk dubbel as this laptop knows it (None when not visible here)."""

    naam: str
    kenmerk: str
    contactmomenten: int
    uren_minuten: int


@dataclass(frozen=True)
class DubbelView:
    uuid: str
    person_a: str
    person_b: str
    reden: str
    a: DubbelPerson | None = None
    b: DubbelPerson | None = None


def _dubbel_person(connection, person_uuid: str) -> DubbelPerson | None:
    from storage.team.operations import CONTACT, UREN

    row = connection.execute(select(PERSON.c.id, PERSON.c.naam, PERSON.c.kenmerk).where(PERSON.c.uuid == person_uuid)).first()
    if row is None:
        return None
    contacts = connection.execute(select(func.count()).select_from(CONTACT).where(CONTACT.c.person_id == row.id)).scalar()
    minutes = connection.execute(select(func.coalesce(func.sum(UREN.c.minuten), 0)).where(UREN.c.person_id == row.id)).scalar()
    return DubbelPerson(row.naam, row.kenmerk, contacts, int(minutes))


def dubbels(store: Store) -> list[DubbelView]:
    """The open *mogelijk dubbel* items, with what each side holds on this laptop."""
    with read_session(store.engine) as session:
        connection = session.connection()
        rows = connection.execute(select(DUBBEL).where(DUBBEL.c.opgelost.is_(False)).order_by(DUBBEL.c.uuid)).all()
        return [DubbelView(r.uuid, r.person_a, r.person_b, r.reden, _dubbel_person(connection, r.person_a),
                           _dubbel_person(connection, r.person_b)) for r in rows]


def merge_dubbel(store: Store, dubbel_uuid: str, *, bewaard: str, author: str) -> None:
    """One person stays (`bewaard`, a person UUID); every contactmoment and hour of the other moves to them."""
    with write_session(store.engine) as session:
        connection = session.connection()
        link = linked(connection)
        row = connection.execute(select(DUBBEL).where(DUBBEL.c.uuid == dubbel_uuid)).first()
        if row is None or link is None or bewaard not in (row.person_a, row.person_b):
            raise TeamError("Kies een van de twee personen van dit mogelijk dubbel om te bewaren.")
        other = row.person_b if bewaard == row.person_a else row.person_a
        _perform(connection, Operation(kind="dubbel.merge", entity_uuid=dubbel_uuid, person_uuid=bewaard,
                                       fields={"bewaard": bewaard, "samengevoegd": other}, author=author,
                                       laptop=link.laptop, gemeente=row.gemeente))


# -- refused operations -------------------------------------------------------------

_KIND_LABELS = {"person.create": "nieuwe persoon", "person.update": "wijziging van een persoon",
                "contactmoment.append": "contactmoment", "urenregistratie.append": "uren",
                "audit.append": "auditregel", "conflict.resolve": "keuze in een conflict",
                "dubbel.merge": "samenvoeging van een mogelijk dubbel",
                "contactmoment.update": "wijziging van een contactmoment", "contactmoment.delete": "verwijderd contactmoment",
                "urenregistratie.update": "wijziging van uren", "urenregistratie.delete": "verwijderde uren",
                "person.erase": "opschonen na de bewaartermijn"}
# The records that travel row by row besides contactmomenten and uren (issue 15, point 2), in Dutch.
_RECORD_LABELS = {"verlenging": "verlenging", "ontheffing": "ontheffing", "vrijstelling": "vrijstelling",
                  "pip": "PIP", "examen_poging": "examenpoging", "signaal_afhandeling": "afhandeling van een signaal",
                  "weekplan_entry": "weekplanregel", "verzuim": "verzuim", "afspraak": "afspraak",
                  "contactmoment_versie": "eerdere tekst van een contactmoment", "wijziging": "wijzigingsgeschiedenis"}
for _name, _label in _RECORD_LABELS.items():
    _KIND_LABELS.update({f"{_name}.append": _label, f"{_name}.update": f"wijziging van {_label}",
                         f"{_name}.delete": f"verwijderd: {_label}"})


@dataclass(frozen=True)
class RefusedView:
    uuid: str
    soort: str  # Dutch: what kind of change
    kenmerk: str | None  # the person's kenmerk on this laptop, when known
    reden: str
    op: str  # when it was refused (ISO time)


def refused(store: Store) -> list[RefusedView]:
    """Changes the teamdatabase refused: they stay on this laptop only until sent again or let go."""
    with read_session(store.engine) as session:
        rows = session.connection().execute(
            select(REFUSED, PERSON.c.kenmerk).select_from(REFUSED.outerjoin(PERSON, PERSON.c.uuid == REFUSED.c.person_uuid))
            .order_by(REFUSED.c.op, REFUSED.c.op_uuid)).all()
    return [RefusedView(r.op_uuid, _KIND_LABELS.get(r.kind, r.kind), r.kenmerk, r.reden, r.op) for r in rows]


def retry_refused(store: Store, op_uuid: str) -> None:
    """Put a refused change back in the outbox (after the beheerder fixed the rights); the next sync sends it."""
    with write_session(store.engine) as session:
        connection = session.connection()
        row = connection.execute(select(REFUSED).where(REFUSED.c.op_uuid == op_uuid)).first()
        if row is None:
            raise TeamError("Deze geweigerde wijziging staat niet (meer) in de lijst.")
        connection.execute(insert(OUTBOX).values(op_uuid=row.op_uuid, payload=row.payload))
        connection.execute(delete(REFUSED).where(REFUSED.c.op_uuid == op_uuid))


def forget_refused(store: Store, op_uuid: str) -> None:
    """Take a refused change off the list: it stays on this laptop only and is never sent."""
    with write_session(store.engine) as session:
        result = session.connection().execute(delete(REFUSED).where(REFUSED.c.op_uuid == op_uuid))
        if result.rowcount == 0:
            raise TeamError("Deze geweigerde wijziging staat niet (meer) in de lijst.")


__all__ = [
    "DubbelPerson", "RefusedView", "forget_refused", "refused", "retry_refused",
    "ConflictView", "DubbelView", "SchemaMismatchError", "SyncResult", "TeamError", "TeamOfflineError", "TeamStatus",
    "add_consulent", "conflicts", "dubbels", "init_team", "koppel", "merge_dubbel", "public_url", "resolve_conflict",
    "status", "sync",
]
