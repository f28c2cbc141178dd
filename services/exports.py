"""Exporting personen to a CSV file for Excel, with its audit entry: the use case behind `regie export personen`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from services.errors import ServiceError
from storage.store import Store


class ExportFailedError(ServiceError):
    """The file could not be written; the message says why (folder missing, no permission, file open in Excel)."""


@dataclass(frozen=True)
class ExportDone:
    aantal: int  # personen written
    path: Path


def export_personen(store: Store, *, path: Path, today: date) -> ExportDone:
    """Write every person to `path` in the columns the import reads, and record the export in the audit trail."""
    from storage import audit
    from storage.exporter import ExportError
    from storage.exporter import export_personen as write_csv

    target = Path(path).expanduser()
    try:
        count = write_csv(engine=store.engine, path=target, today=today)
    except ExportError as exc:
        raise ExportFailedError(str(exc)) from None
    audit.log_event(engine=store.engine, actie="geëxporteerd (personen, CSV)", tabel="person", aantal=count)
    return ExportDone(aantal=count, path=target)
