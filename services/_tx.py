"""One use case, one transaction: a service opens it here and hands the connection to storage.

`write(store)` is the transaction of one use case: it takes the write lock at
its start (`storage.db.write_session`, BEGIN IMMEDIATE on the local file), and
everything the use case writes (its rows, their audit rows, its team
operations) commits together or not at all. Storage write functions take that
`connection` and never open a transaction of their own.

A write that is refused (someone else saved first, a BSN or kenmerk already in
use, input storage refuses, a locked or full database, a draft already saved
elsewhere) rolls back with everything in it, the audit row of the change
included. So that the trail still shows the attempt, as the README promises,
`write(store, refused=Refused(...))` records the refusal in a short
transaction of its own: action, table, person reference and "geweigerd:
<reason>", never the values that were refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from services.store import Store


@dataclass(frozen=True)
class Refused:
    """What a refused write is recorded as in the audit trail (kinds and ids only)."""

    actie: str  # "toegevoegd", "gewijzigd", "verwijderd", …
    tabel: str  # the table the write was for
    person_id: int | None = None


def refusal_reason(exc: BaseException) -> str | None:
    """The reason class of a refused write ("versieconflict", "bsn in gebruik", …), or None when
    `exc` is not a refusal (a programming error is not a refused save and is not recorded as one)."""
    from sqlalchemy.exc import IntegrityError, OperationalError

    from storage import aanmelding, afhandeling, afspraken, drafts, persons, uren, weekplan

    if isinstance(exc, persons.VersionConflictError):
        return "versieconflict"
    if isinstance(exc, persons.BsnInUseError):
        return "bsn in gebruik"
    if isinstance(exc, persons.KenmerkInUseError):
        return "kenmerk in gebruik"
    if isinstance(exc, aanmelding.AanmeldingError) and getattr(exc, "kenmerk_in_use", False):
        return "kenmerk in gebruik"
    if isinstance(exc, persons.PersonNotFoundError):
        return "dossier bestaat niet meer"
    if isinstance(exc, drafts.DraftAlreadySavedError):
        return "concept al opgeslagen"
    if isinstance(exc, (persons.SaveError, aanmelding.AanmeldingError, afhandeling.AfhandelingError,
                        uren.UrenSaveError, weekplan.WeekplanSaveError, afspraken.AfspraakSaveError)):
        return "ongeldige invoer"
    if isinstance(exc, IntegrityError):
        return "databasecontrole"
    if isinstance(exc, OperationalError):
        from storage.db import explain

        return "database bezet of niet beschikbaar" if explain(exc) else None
    return None


def record_refusal(store: Store, refused: Refused, reason: str) -> bool:
    """Write the audit row of a refused write in its own short transaction; False when even that
    cannot be written (the database is locked or the disk is full: the refusal then stays unrecorded,
    and the user still gets the message of the refused save)."""
    from storage import audit
    from storage.db import write_session

    try:
        with write_session(store.engine) as session:
            audit.log_many(session.connection(), actie=refused.actie, tabel=refused.tabel,
                           entries=[(None, refused.person_id, 0)], resultaat=f"geweigerd: {reason}")
        return True
    except Exception:
        return False


@contextmanager
def write(store: Store, *, refused: Refused | None = None) -> Iterator[Connection]:
    """The write transaction of one use case; with `refused`, a refusal is recorded in the audit trail."""
    from storage.db import write_session

    try:
        with write_session(store.engine) as session:
            yield session.connection()
    except Exception as exc:
        reason = refusal_reason(exc) if refused is not None else None
        if reason is not None:
            record_refusal(store, refused, reason)
        raise


@contextmanager
def read(store: Store) -> Iterator[Connection]:
    """A connection for reading; it never holds the write lock."""
    with store.engine.connect() as connection:
        yield connection


def author() -> str:
    """Who made a change, for team operations: the consulent (or the operating-system user)."""
    from storage import audit

    return audit.actor()


class ExportNotAuditedError(Exception):
    """The export's audit entry could not be stored. `removed` says whether the file was taken back;
    `message` is the Dutch sentence for the user (it never says nothing was stored while a file stayed)."""

    def __init__(self, target, *, removed: bool, cause: BaseException) -> None:
        if removed:
            message = (f"Het exporteren kon niet in het auditlogboek worden vastgelegd ({type(cause).__name__}); "
                       "het bestand is weer verwijderd. Probeer het opnieuw.")
        else:
            message = (f"Het exporteren kon niet in het auditlogboek worden vastgelegd ({type(cause).__name__}), en "
                       f"het bestand {target} kon niet worden verwijderd: verwijder het zelf.")
        super().__init__(message)
        self.message = message
        self.removed = removed


def audited_export(store: Store, target, produce, *, actie: str, tabel: str, person_id: int | None = None) -> int:
    """Write a file with personal data and its audit entry as one: `produce(connection)` writes the
    file (atomically) and returns how many rows it holds; the audit row (and team operation) go into
    the same transaction. When the audit entry or the commit fails after the file was written, the
    file is removed again and ExportNotAuditedError says so: no export exists that the trail does not know.
    An error of `produce` itself (folder missing, …) is passed on; then no file was written and nothing audited."""
    from pathlib import Path

    from services import _team
    from storage import audit

    written = False
    try:
        with write(store) as connection:
            count = produce(connection)
            written = True
            audit.record(connection, actie=actie, tabel=tabel, person_id=person_id, aantal=count)
            _team.audit(connection, actie=actie, tabel=tabel, person_id=person_id, author=author())
        return count
    except Exception as exc:
        if not written:
            raise
        try:
            Path(target).unlink(missing_ok=True)
            removed = True
        except OSError:
            removed = False
        raise ExportNotAuditedError(target, removed=removed, cause=exc) from exc
