"""The signalen use cases: every open signaal on a date, exported as CSV, and afhandelen or uitstellen one.

The list is the same for the signalen screen and `regie signalen`; an export is
recorded in the audit trail as "geëxporteerd".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rules.afhandeling import Actie
from rules.engine import Signaal
from rules.policy import Policy
from services.errors import ServiceError
from storage.signalen import CaseloadSignaal, sort_key

if TYPE_CHECKING:
    from services.caseload import CaseloadEntry
    from services.store import Store

__all__ = [
    "AfhandelingError",
    "CaseloadSignaal",
    "ExportError",
    "export_csv",
    "handle_signaal",
    "list_signalen",
    "signalen_of_caseload",
    "sort_key",
]


class AfhandelingError(ServiceError):
    """An afhandeling was refused (no reason, a date in the past, …) or could not be stored."""


class ExportError(ServiceError):
    """The CSV file could not be written (``reason``: the system's words, e.g. "Permission denied")
    or the export could not be recorded (``reason`` None)."""

    def __init__(self, message: str, *, reason: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason


def list_signalen(*, store: Store, as_of: date, policy: Policy, include_hidden: bool = False) -> list[CaseloadSignaal]:
    """Every open signaal of every person on ``as_of``, sorted by vervaldatum, kenmerk and soort
    (with ``include_hidden``, the handled and snoozed ones too, marked by their afhandeling)."""
    from storage.signalen import caseload_signalen

    from services._tx import read

    with read(store) as connection:
        return caseload_signalen(connection=connection, as_of=as_of, policy=policy, include_hidden=include_hidden)


def signalen_of_caseload(entries: Iterable[CaseloadEntry], *, include_hidden: bool = False) -> list[CaseloadSignaal]:
    """The same list as `list_signalen`, from a caseload already loaded on that date: no database read, no
    rule run again (the caseload computed every person's signalen); sorted by vervaldatum, kenmerk and soort."""
    found = [item for entry in entries for item in entry.alle_signalen if include_hidden or item.afhandeling is None]
    found.sort(key=sort_key)
    return found


def export_csv(*, store: Store, items: Sequence[CaseloadSignaal], path: Path) -> int:
    """Write ``items`` to ``path`` (atomically, Excel-friendly) and record the export; returns how many.

    The export is audited as part of writing it: when the audit entry cannot be stored, the file is
    removed again, so no list with personal data exists that the audit trail does not know of."""
    from services._tx import ExportNotAuditedError, audited_export
    from storage.signalen_export import write_signalen_csv

    def produce(_connection) -> int:
        write_signalen_csv(items, path)
        return len(items)

    try:
        return audited_export(store, path, produce, actie="geëxporteerd (signalenlijst)", tabel="signaal")
    except OSError as exc:
        raise ExportError(f"Exporteren mislukt: {exc.strerror}.", reason=exc.strerror) from exc
    except ExportNotAuditedError as exc:
        raise ExportError(f"Exporteren mislukt: {exc.message}") from exc


def handle_signaal(*, store: Store, person_id: int, signaal: Signaal, actie: Actie, reden: str, door: str,
                   tot: date | None = None, today: date) -> None:
    """Afhandelen, uitstellen (``tot``) or heropenen one signaal, with the consulent's reason."""
    from services import _team
    from services._tx import Refused, write
    from storage import afhandeling

    try:
        with write(store, refused=Refused("toegevoegd", "signaal_afhandeling", person_id)) as connection:
            with _team.records(connection, person_ids=[person_id], author=door):  # the team sees it handled too
                afhandeling.add_afhandeling(connection=connection, person_id=person_id, signaal=signaal, actie=actie,
                                            reden=reden, door=door, tot=tot, today=today)
    except afhandeling.AfhandelingError as exc:
        raise AfhandelingError(str(exc)) from exc
