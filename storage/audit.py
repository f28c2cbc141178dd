"""The audit trail: every change, view and export of personal data, hash-chained.

Changes are caught at the mechanism, not at each call site: a listener on
the engine sees every INSERT, UPDATE and DELETE on a table with personal
data and writes an audit row in the same transaction, so a change and its
trace are committed together or not at all. Views and exports are logged
explicitly with `log_event`. The trail holds ids and kinds of action only,
never BSN, names or note contents.
"""

from __future__ import annotations

import getpass
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import event, insert, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql.dml import Delete, Insert, Update

from storage.models import AuditLog

AUDIT = AuditLog.__table__
GENESIS = "0" * 64

# Tables whose rows hold personal data, with the Dutch name shown in the history.
AUDITED_TABLES = {
    "person": "persoonsgegevens",
    "contactmoment": "contactmoment",
    "urenregistratie": "urenregistratie",
    "weekplan_entry": "weekplan",
    "examen_poging": "examenpoging",
    "signaal_afhandeling": "signaal",
    "concept": None,  # drafts are not decisions: not audited
}
ACTIONS = {Insert: "toegevoegd", Update: "gewijzigd", Delete: "verwijderd"}

_actor: str | None = None


def set_actor(name: str | None) -> None:
    """Who is working: the consulent's name, else the operating-system user."""
    global _actor
    _actor = name or None


def actor() -> str:
    if _actor:
        return _actor
    try:
        return getpass.getuser()
    except Exception:  # no user name available (some containers)
        return "onbekend"


def _hash(previous: str, op: str, door: str, actie: str, tabel: str, aantal: int, resultaat: str) -> str:
    # record_id and person_id are left out on purpose: erasing a person at the end of
    # the retention period removes those references without breaking the chain.
    text = "|".join(str(v) for v in (previous, op, door, actie, tabel, aantal, resultaat))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _write(connection: Connection, *, actie: str, tabel: str = "", record_id=None, person_id=None, aantal: int = 1, resultaat: str = "ok") -> None:
    previous = connection.execute(select(AUDIT.c.hash).order_by(AUDIT.c.id.desc()).limit(1)).scalar() or GENESIS
    op = datetime.now(UTC).isoformat(timespec="microseconds")
    door = actor()
    digest = _hash(previous, op, door, actie, tabel, aantal, resultaat)
    connection.execute(
        insert(AUDIT).values(
            op=op, door=door, actie=actie, tabel=tabel, record_id=record_id, person_id=person_id,
            aantal=aantal, resultaat=resultaat, vorige_hash=previous, hash=digest,
        )
    )


def _ids(statement, multiparams, result, table: str) -> tuple[int | None, int | None]:
    """(record_id, person_id) when the statement concerns one record / one person."""
    params: list[dict] = []
    if multiparams and isinstance(multiparams[0], dict):
        params = list(multiparams)
    try:
        compiled = statement.compile().params
    except Exception:
        compiled = {}
    persons = {p.get("person_id") for p in params if p.get("person_id") is not None}
    persons |= {v for k, v in compiled.items() if k.startswith("person_id") and v is not None}
    record_id = None
    if isinstance(statement, Insert) and len(params) <= 1:
        try:
            record_id = result.inserted_primary_key[0] if result.inserted_primary_key else None
        except Exception:
            record_id = None
    else:
        ids = {v for k, v in compiled.items() if (k == "id" or k.startswith("id_")) and isinstance(v, int)}
        record_id = ids.pop() if len(ids) == 1 else None
    if table == "person" and record_id is not None:
        persons = {record_id}
    person_id = persons.pop() if len(persons) == 1 else None
    return record_id, person_id


def _after_execute(connection, clauseelement, multiparams, params, execution_options, result) -> None:
    kind = next((name for cls, name in ACTIONS.items() if isinstance(clauseelement, cls)), None)
    if kind is None:
        return
    table = clauseelement.table.name if hasattr(clauseelement, "table") else ""
    if not AUDITED_TABLES.get(table):
        return
    record_id, person_id = _ids(clauseelement, multiparams, result, table)
    rows = result.rowcount if result.rowcount is not None and result.rowcount >= 0 else len(multiparams or []) or 1
    _write(connection, actie=kind, tabel=table, record_id=record_id, person_id=person_id, aantal=rows,
           resultaat="ok" if rows else "geen rijen (geweigerd)")


def install(engine: Engine) -> None:
    """Audit every change made through this engine."""
    if not event.contains(engine, "after_execute", _after_execute):
        event.listen(engine, "after_execute", _after_execute)


def log_event(*, engine: Engine, actie: str, person_id: int | None = None, tabel: str = "", aantal: int = 1, resultaat: str = "ok") -> None:
    """A view ("bekeken") or export ("geëxporteerd") of personal data."""
    from storage.db import write_session

    with write_session(engine) as session:
        _write(session.connection(), actie=actie, tabel=tabel, person_id=person_id, aantal=aantal, resultaat=resultaat)


@dataclass(frozen=True)
class AuditEntry:
    id: int
    op: datetime
    door: str
    actie: str
    tabel: str
    record_id: int | None
    aantal: int
    resultaat: str

    @property
    def omschrijving(self) -> str:
        what = AUDITED_TABLES.get(self.tabel) or self.tabel or "dossier"
        count = f" ({self.aantal} regels)" if self.aantal > 1 else ""
        return f"{what} {self.actie}{count}" + ("" if self.resultaat == "ok" else f": {self.resultaat}")


def history(*, connection: Connection, person_id: int, limit: int = 200) -> list[AuditEntry]:
    """A person's own trail, newest first (for the dossier)."""
    rows = connection.execute(
        select(AUDIT).where(AUDIT.c.person_id == person_id).order_by(AUDIT.c.id.desc()).limit(limit)
    ).mappings()
    return [
        AuditEntry(id=r["id"], op=datetime.fromisoformat(r["op"]), door=r["door"], actie=r["actie"], tabel=r["tabel"],
                   record_id=r["record_id"], aantal=r["aantal"], resultaat=r["resultaat"])
        for r in rows
    ]


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    rows: int
    broken_at: int | None = None


def verify(*, connection: Connection) -> VerifyResult:
    """Recompute the chain; the first row whose hash does not follow is reported."""
    previous = GENESIS
    count = 0
    for row in connection.execute(select(AUDIT).order_by(AUDIT.c.id)).mappings():
        count += 1
        expected = _hash(previous, row["op"], row["door"], row["actie"], row["tabel"], row["aantal"], row["resultaat"])
        if row["vorige_hash"] != previous or row["hash"] != expected:
            return VerifyResult(ok=False, rows=count, broken_at=row["id"])
        previous = row["hash"]
    return VerifyResult(ok=True, rows=count)
