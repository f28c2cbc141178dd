"""Exporting personen and besluiten to CSV files for Excel, each with its audit entry: the use cases behind `regie export`."""

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
    aantal: int  # personen (or besluiten) written
    path: Path


def _export(store: Store, target: Path, produce, *, actie: str, tabel: str) -> ExportDone:
    from services._tx import ExportNotAuditedError, audited_export
    from storage.exporter import ExportError

    try:
        count = audited_export(store, target, produce, actie=actie, tabel=tabel)
    except ExportError as exc:
        raise ExportFailedError(str(exc)) from None
    except ExportNotAuditedError as exc:
        raise ExportFailedError(exc.message) from None
    return ExportDone(aantal=count, path=target)


def export_personen(store: Store, *, path: Path, today: date) -> ExportDone:
    """Write every person to `path` in the columns the import reads, with the export's audit entry in the
    same transaction: when that entry cannot be stored, the file is removed again (ExportFailedError)."""
    from storage.exporter import export_personen as write_csv

    target = Path(path).expanduser()
    return _export(store, target, lambda connection: write_csv(connection=connection, path=target, today=today),
                   actie="geëxporteerd (personen, CSV)", tabel="person")


def export_besluiten(store: Store, *, path: Path) -> ExportDone:
    """Write every decision and exam attempt to `path` in the columns `import_besluiten` reads (owner-only),
    audited as `export_personen` is."""
    from storage.exporter import export_besluiten as write_csv

    target = Path(path).expanduser()
    return _export(store, target, lambda connection: write_csv(connection=connection, path=target),
                   actie="geëxporteerd (besluiten, CSV)", tabel="")

