"""Verified, rotating backups of the SQLite store.

A backup is made with SQLite's online backup API (consistent even while the
app writes), checked with `PRAGMA integrity_check`, and only then renamed
into place atomically; the newest N are kept.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

DEFAULT_KEEP = 10
_SUFFIX = ".sqlite"


class BackupError(RuntimeError):
    """A backup could not be made or failed its check; the message is Dutch."""


def _stamp(now: datetime) -> str:
    return now.strftime("%Y%m%d-%H%M%S-%f")


def make_backup(database: Path, backup_dir: Path, *, reason: str, now: datetime | None = None, keep: int = DEFAULT_KEEP) -> Path:
    """Copy `database` into `backup_dir`, verify the copy, rotate; return the new file."""
    if not database.exists():
        raise BackupError(f"er is geen database om te back-uppen op {database}")
    backup_dir.mkdir(parents=True, exist_ok=True)
    now = now or datetime.now()
    final = backup_dir / f"{database.stem}-{_stamp(now)}-{reason}{_SUFFIX}"
    partial = final.with_suffix(".partial")
    source = sqlite3.connect(database)
    try:
        target = sqlite3.connect(partial)
        try:
            source.backup(target)
            status = target.execute("PRAGMA integrity_check").fetchone()[0]
            # A backup is a single self-contained file: no WAL beside it.
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
    finally:
        source.close()
    if status != "ok":
        partial.unlink(missing_ok=True)
        raise BackupError(f"de back-up is niet in orde ({status}); de oude back-ups zijn bewaard")
    with open(partial, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, final)
    rotate(backup_dir, keep=keep, stem=database.stem)
    return final


def list_backups(backup_dir: Path, *, stem: str | None = None) -> list[Path]:
    """Backups, oldest first."""
    if not backup_dir.exists():
        return []
    pattern = f"{stem}-*{_SUFFIX}" if stem else f"*{_SUFFIX}"
    return sorted(backup_dir.glob(pattern))


def rotate(backup_dir: Path, *, keep: int, stem: str | None = None) -> None:
    backups = list_backups(backup_dir, stem=stem)
    for old in backups[: max(0, len(backups) - keep)]:
        old.unlink(missing_ok=True)


def restore_backup(backup: Path, database: Path, backup_dir: Path) -> Path | None:
    """Replace `database` by `backup` after backing up the current state; returns that safety copy."""
    check = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        status = check.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{backup.name} is geen leesbare regie-back-up") from exc
    finally:
        check.close()
    if status != "ok":
        raise BackupError(f"{backup.name} is beschadigd ({status}); er is niets teruggezet")
    safety = make_backup(database, backup_dir, reason="voor-terugzetten", keep=10**6) if database.exists() else None
    staging = database.with_suffix(".restoring")
    source = sqlite3.connect(backup)
    try:
        target = sqlite3.connect(staging)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    os.replace(staging, database)
    return safety
