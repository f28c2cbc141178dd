"""The audit trail: every change, view and export of personal data, hash-chained.

Changes are caught at the mechanism, not at each call site: a listener on
the engine sees every INSERT, UPDATE and DELETE on a table with personal
data and writes an audit row in the same transaction, so a change and its
trace are committed together or not at all. Views and exports are logged
explicitly with `log_event`. The trail holds ids and kinds of action only,
never BSN, names or note contents.

Hash scheme 2 (rows written since revision 0006) covers every field of a
row: its id, time, who, action, table, count, result, the previous hash and
its record and person ids. The ids go in through a salted commitment
(`verwijzing_hash`), so that erasure at the end of the retention period can
remove them (and the salt) without breaking the chain, and the left-over
commitment does not reveal them. Rows written before revision 0006 keep
verifying under scheme 1, which did not cover the ids; after the first
scheme-2 row no scheme-1 row may follow.

A hash chain shows changes and deletions in the middle, but not rows cut
off at the end: for that `verify` reports the head (row count, last id,
last hash), and every backup leaves an anchor (`*.auditanker`, ids and
hashes only) beside the backups that a later check compares against.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import event, insert, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql.dml import Delete, Insert, Update

from storage.models import AuditLog

AUDIT = AuditLog.__table__
GENESIS = "0" * 64
HASH_SCHEME = 2  # the scheme new rows are written with; see the module docstring
ANCHOR_SUFFIX = ".auditanker"
_ANCHOR_LINES_KEPT = 200

# Tables whose rows hold personal data, with the Dutch name shown in the history.
AUDITED_TABLES = {
    "person": "persoonsgegevens",
    "contactmoment": "contactmoment",
    "urenregistratie": "urenregistratie",
    "weekplan_entry": "weekplan",
    "verzuim": "verzuim",
    "examen_poging": "examenpoging",
    "signaal_afhandeling": "signaal",
    "verlenging": "verlenging",
    "ontheffing": "ontheffing",
    "vrijstelling": "vrijstelling",
    "pip": "PIP",
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


def _hash_v1(previous: str, op: str, door: str, actie: str, tabel: str, aantal: int, resultaat: str) -> str:
    # Scheme 1 (before revision 0006): record_id and person_id were not covered.
    text = "|".join(str(v) for v in (previous, op, door, actie, tabel, aantal, resultaat))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def reference_hash(salt: str, record_id: int | None, person_id: int | None) -> str:
    """The salted commitment to a row's record and person ids (scheme 2)."""
    text = json.dumps(["regie-audit-verwijzing", salt, record_id, person_id], separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _hash_v2(*, id: int, previous: str, op: str, door: str, actie: str, tabel: str, aantal: int, resultaat: str,
             verwijzing_hash: str | None) -> str:
    # JSON, not a separator join: a "|" in a name cannot shift one field into the next.
    fields = ["regie-audit", 2, id, previous, op, door, actie, tabel, aantal, resultaat, verwijzing_hash]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")).hexdigest()


def _write(connection: Connection, *, actie: str, tabel: str = "", record_id=None, person_id=None, aantal: int = 1, resultaat: str = "ok") -> None:
    log_many(connection, actie=actie, tabel=tabel, entries=[(record_id, person_id, aantal)], resultaat=resultaat)


def log_many(connection: Connection, *, actie: str, tabel: str, entries: Iterable[tuple[int | None, int | None, int]],
             resultaat: str = "ok") -> None:
    """Chain one audit row per (record_id, person_id, aantal) entry, written in one statement.

    For bulk changes (an import touching thousands of people) that ran with the
    execution option ``audit=False``: each person still gets a row in their own
    history, at a fraction of the cost of one audited statement per person.
    Always inside a write transaction (the change it records holds the write
    lock), so the last row is ours to follow."""
    last = connection.execute(select(AUDIT.c.id, AUDIT.c.hash).order_by(AUDIT.c.id.desc()).limit(1)).first()
    previous = last.hash if last else GENESIS
    row_id = last.id if last else 0
    op = datetime.now(UTC).isoformat(timespec="microseconds")
    door = actor()
    rows = []
    for record_id, person_id, aantal in entries:
        row_id += 1
        salt = secrets.token_hex(16)
        verwijzing = reference_hash(salt, record_id, person_id)
        digest = _hash_v2(id=row_id, previous=previous, op=op, door=door, actie=actie, tabel=tabel, aantal=aantal,
                          resultaat=resultaat, verwijzing_hash=verwijzing)
        rows.append(dict(
            id=row_id, op=op, door=door, actie=actie, tabel=tabel, record_id=record_id, person_id=person_id,
            aantal=aantal, resultaat=resultaat, vorige_hash=previous, hash=digest,
            hash_versie=HASH_SCHEME, verwijzing_zout=salt, verwijzing_hash=verwijzing,
        ))
        previous = digest
    if rows:
        connection.execute(insert(AUDIT), rows)


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
    if kind is None or execution_options.get("audit") is False:  # a bulk change logs itself with log_many
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


def record(connection: Connection, *, actie: str, person_id: int | None = None, tabel: str = "", aantal: int = 1,
           resultaat: str = "ok", record_id: int | None = None) -> None:
    """A view ("bekeken") or export ("geëxporteerd") of personal data, on the caller's write transaction."""
    _write(connection, actie=actie, tabel=tabel, record_id=record_id, person_id=person_id, aantal=aantal,
           resultaat=resultaat)


def log_event(*, engine: Engine, actie: str, person_id: int | None = None, tabel: str = "", aantal: int = 1,
              resultaat: str = "ok", record_id: int | None = None) -> None:
    """`record` in a transaction of its own (for callers that own no transaction, such as backups)."""
    from storage.db import write_session

    with write_session(engine) as session:
        _write(session.connection(), actie=actie, tabel=tabel, record_id=record_id, person_id=person_id, aantal=aantal,
               resultaat=resultaat)


ERASURE_ACTIE = "verwijzingen gewist (bewaartermijn)"
ERASED_PREFIX = "gewist:"  # verwijzing_zout of an erased row: "gewist:<id of the erasure row>"


def erase_references(connection: Connection, *, person_ids: list[int]) -> None:
    """Remove every audit reference to these people (erasure): ids and the salt of their commitment go,
    the commitment itself stays, so the chain still verifies and reveals nothing.

    The erasure is itself a chained row (ERASURE_ACTIE, with how many rows it
    cleared), and every cleared row names it: a reference removed without such
    a row, or more than it names, is reported by `verify` as tampering."""
    from sqlalchemy import or_, update

    touched = or_(AUDIT.c.person_id.in_(person_ids), (AUDIT.c.tabel == "person") & AUDIT.c.record_id.in_(person_ids))
    scheme_2 = [row_id for (row_id,) in connection.execute(select(AUDIT.c.id).where(touched, AUDIT.c.hash_versie == 2))]
    connection.execute(update(AUDIT).where(touched).values(person_id=None, record_id=None, verwijzing_zout=None))
    if scheme_2:  # scheme 1 never covered the ids: nothing to account for there
        log_many(connection, actie=ERASURE_ACTIE, tabel=AUDIT.name, entries=[(None, None, len(scheme_2))])
        erasure_id = connection.execute(select(AUDIT.c.id).order_by(AUDIT.c.id.desc()).limit(1)).scalar_one()
        for chunk in range(0, len(scheme_2), 500):
            connection.execute(update(AUDIT).where(AUDIT.c.id.in_(scheme_2[chunk:chunk + 500]))
                               .values(verwijzing_zout=f"{ERASED_PREFIX}{erasure_id}"))


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


# -- the head of the chain and its anchor beside the backups ----------------------------

@dataclass(frozen=True)
class Head:
    """Where the chain ends: how many rows, the last row's id and hash (GENESIS when empty)."""

    rows: int
    last_id: int
    hash: str
    first_hash: str = GENESIS  # tells one database's trail from another's


def read_head(raw_connection) -> Head | None:
    """The head of the trail in a raw (DB-API) connection; None when the file has no audit table yet."""
    from storage.backend import local

    if not local.has_table(raw_connection, "audit_log"):
        return None
    rows = raw_connection.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    last = raw_connection.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    first = raw_connection.execute("SELECT hash FROM audit_log ORDER BY id LIMIT 1").fetchone()
    if last is None:
        return Head(rows=0, last_id=0, hash=GENESIS)
    return Head(rows=rows, last_id=last[0], hash=last[1], first_hash=first[0])


def has_persons(raw_connection) -> bool:
    """Whether a raw (DB-API) connection's file holds at least one person."""
    from storage.backend import local

    return local.has_table(raw_connection, "person") and bool(
        raw_connection.execute("SELECT EXISTS (SELECT 1 FROM person)").fetchone()[0])


@dataclass(frozen=True)
class Anchor:
    head: Head
    vastgelegd: str  # ISO time the anchor was written
    reden: str

    @property
    def wanneer(self) -> str:
        """When the anchor was written, as a Dutch reader expects it (local time)."""
        try:
            return datetime.fromisoformat(self.vastgelegd).astimezone().strftime("%d-%m-%Y %H:%M")
        except ValueError:
            return self.vastgelegd or "onbekend"


def anchor_file(backup_dir: Path, database: Path) -> Path:
    return Path(backup_dir) / f"{Path(database).name}{ANCHOR_SUFFIX}"


def _anchor_lines(path: Path) -> list[dict]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    lines = []
    for line in text.splitlines():
        try:
            data = json.loads(line)
            Head(rows=int(data["regels"]), last_id=int(data["laatste_id"]), hash=str(data["kop_hash"]))
        except (ValueError, KeyError, TypeError):
            continue
        if isinstance(data, dict):
            lines.append(data)
    return lines


def write_anchor(backup_dir: Path, database: Path, head: Head, *, reden: str, now: datetime | None = None) -> None:
    """Append the head to the anchor beside the backups (one JSON line; ids and hashes only)."""
    path = anchor_file(backup_dir, database)
    lines = _anchor_lines(path)
    line = {"vastgelegd": (now or datetime.now(UTC)).isoformat(timespec="seconds"), "reden": reden,
            "regels": head.rows, "laatste_id": head.last_id, "kop_hash": head.hash, "eerste_hash": head.first_hash}
    if lines and all(lines[-1].get(k) == line[k] for k in ("regels", "laatste_id", "kop_hash")) and reden != "teruggezet":
        return  # nothing new since the last anchor
    lines = (lines + [line])[-_ANCHOR_LINES_KEPT:]
    from storage.paths import make_private_dir

    make_private_dir(path.parent)
    # A name of this process's own (two regie processes may anchor at once); owner-only from the start.
    partial = path.with_name(f"{path.name}.{os.getpid()}-{secrets.token_hex(4)}.partial")
    try:
        with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w", encoding="utf-8") as handle:
            handle.write("".join(json.dumps(entry, ensure_ascii=False) + "\n" for entry in lines))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def read_anchor(backup_dir: Path, database: Path) -> Anchor | None:
    """The anchor to check against: the furthest head since the last restore; None when there is none."""
    lines = _anchor_lines(anchor_file(backup_dir, database))
    restored = [i for i, line in enumerate(lines) if line.get("reden") == "teruggezet"]
    relevant = lines[restored[-1]:] if restored else lines
    if not relevant:
        return None
    best = max(relevant, key=lambda line: int(line["laatste_id"]))
    head = Head(rows=int(best["regels"]), last_id=int(best["laatste_id"]), hash=str(best["kop_hash"]),
                first_hash=str(best.get("eerste_hash", GENESIS)))
    return Anchor(head=head, vastgelegd=str(best.get("vastgelegd", "")), reden=str(best.get("reden", "")))


# -- verification ------------------------------------------------------------------------------

@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    rows: int
    broken_at: int | None = None
    head: Head | None = None
    problem: str | None = None  # Dutch, for the user: what is wrong


def _row_problem(row, previous: str, seen_scheme_2: bool) -> str | None:
    scheme = row.get("hash_versie") or 1
    if row["vorige_hash"] != previous:
        return "de regel ervoor ontbreekt of is gewijzigd"
    if scheme == 1:
        if seen_scheme_2:
            return "een regel is teruggezet naar de oude hashwijze"
        expected = _hash_v1(previous, row["op"], row["door"], row["actie"], row["tabel"], row["aantal"], row["resultaat"])
        return None if row["hash"] == expected else "de regel is gewijzigd"
    if scheme != 2:
        return "onbekende hashwijze"
    salt = row["verwijzing_zout"]
    if salt is None:
        return "de verwijzing naar het record of de persoon is weggehaald zonder opschoonregel"
    if salt.startswith(ERASED_PREFIX):  # cleared by an erasure; verify checks that the erasure row accounts for it
        if row["record_id"] is not None or row["person_id"] is not None:
            return "de verwijzing naar het record of de persoon is gewijzigd"
    elif reference_hash(salt, row["record_id"], row["person_id"]) != row["verwijzing_hash"]:
        return "de verwijzing naar het record of de persoon is gewijzigd"
    expected = _hash_v2(id=row["id"], previous=previous, op=row["op"], door=row["door"], actie=row["actie"],
                        tabel=row["tabel"], aantal=row["aantal"], resultaat=row["resultaat"],
                        verwijzing_hash=row["verwijzing_hash"])
    return None if row["hash"] == expected else "de regel is gewijzigd"


def verify(*, connection: Connection, anchor: Anchor | None = None, expected_head: str | None = None) -> VerifyResult:
    """Recompute the chain; the first row whose hash does not follow is reported.

    With `anchor` (from `read_anchor`) the chain must still hold the anchored
    head at its place; with `expected_head` (a hash printed by an earlier
    check) that hash must still be in the chain. Either catches cut-off rows.
    """
    previous = GENESIS
    count = 0
    seen_scheme_2 = False
    first_hash = GENESIS
    last_id = 0
    hashes_by_id: dict[int, tuple[str, int]] = {}
    found_expected = expected_head is None or expected_head.strip().lower() == GENESIS
    erased: dict[int, list[int]] = {}  # erasure row id -> the rows that say it cleared them
    for row in connection.execute(select(AUDIT).order_by(AUDIT.c.id)).mappings():
        count += 1
        problem = _row_problem(row, previous, seen_scheme_2)
        salt = row.get("verwijzing_zout") or ""
        if not problem and salt.startswith(ERASED_PREFIX):
            erased.setdefault(int(salt[len(ERASED_PREFIX):]) if salt[len(ERASED_PREFIX):].isdigit() else -1, []).append(row["id"])
        if not problem and row["id"] in erased:
            if row["actie"] != ERASURE_ACTIE or row["aantal"] != len(erased.pop(row["id"])):
                problem = "de opschoonregel klopt niet met de regels waarvan hij de verwijzingen wiste"
        if problem:
            return VerifyResult(ok=False, rows=count, broken_at=row["id"],
                                problem=f"de keten breekt bij regel {row['id']}: {problem}")
        seen_scheme_2 = seen_scheme_2 or (row.get("hash_versie") or 1) == 2
        previous = row["hash"]
        first_hash = first_hash if count > 1 else row["hash"]
        last_id = row["id"]
        if anchor is not None and row["id"] == anchor.head.last_id:
            hashes_by_id[row["id"]] = (row["hash"], count)
        if not found_expected and row["hash"] == expected_head.strip().lower():
            found_expected = True
    head = Head(rows=count, last_id=last_id, hash=previous, first_hash=first_hash)
    if erased:  # rows claiming an erasure that is not (or not later) in the chain
        first = min(min(ids) for ids in erased.values())
        return VerifyResult(ok=False, rows=count, broken_at=first, head=head, problem=(
            f"de keten breekt bij regel {first}: de verwijzing is weggehaald zonder geldige opschoonregel"))
    if anchor is not None and anchor.head.rows:
        anchored = anchor.head
        if anchored.first_hash != GENESIS and count and anchored.first_hash != first_hash:
            return VerifyResult(ok=False, rows=count, head=head, problem=(
                "het anker bij de back-ups hoort bij een ander auditlogboek: het begin van de keten is anders"))
        if last_id < anchored.last_id or anchored.last_id not in hashes_by_id:
            missing = anchored.rows - count if anchored.rows > count else None
            return VerifyResult(ok=False, rows=count, head=head, problem=(
                f"de nieuwste regels ontbreken: het anker bij de back-ups (van {anchor.wanneer}) noemt regel "
                f"{anchored.last_id}, het logboek eindigt bij regel {last_id}"
                + (f" ({missing} regels minder)" if missing else "")))
        if hashes_by_id[anchored.last_id] != (anchored.hash, anchored.rows):
            return VerifyResult(ok=False, rows=count, head=head, problem=(
                f"regel {anchored.last_id} is niet meer de regel die het anker bij de back-ups (van {anchor.wanneer}) noemt"))
    if not found_expected:
        return VerifyResult(ok=False, rows=count, head=head, problem=(
            "de opgegeven kop-hash staat niet (meer) in de keten: er zijn regels weggehaald of vervangen, "
            "of de hash hoort bij een ander logboek"))
    return VerifyResult(ok=True, rows=count, head=head)
