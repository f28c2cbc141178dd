"""Verified, rotating, encrypted backups of the store.

A backup is made with SQLite's online backup API on the SQLCipher connection
(consistent even while the app writes, and encrypted with the database's own
key), checked with `PRAGMA integrity_check`, flushed to disk, and only then
renamed into place atomically; the newest N are kept. A plain (older)
database is copied into an encrypted backup with `sqlcipher_export`. Beside
the backups lie a copy of the wachtzin salt per backup and the audit
trail's anchor. A restore rewrites the database in place, in one write
transaction, so a second regie that has it open never loses a save.
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

import sqlcipher3

from storage import keys
from storage.db import LARGE_CACHE_SIZE_KIB, connect, key_for_existing
from storage.keys import DatabaseKey

DEFAULT_KEEP = 10
_SUFFIX = ".sqlite"


class BackupError(RuntimeError):
    """A backup could not be made or failed its check; the message is Dutch."""


def _stamp(now: datetime) -> str:
    return now.strftime("%Y%m%d-%H%M%S-%f")


def _existing_key(database: Path) -> DatabaseKey | None:
    try:
        return key_for_existing(database)
    except keys.KeyProblemError as exc:
        raise BackupError(str(exc)) from None


def fsync_dir(directory: Path) -> None:
    """Make a rename in `directory` survive a power cut (no-op where directories cannot be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def copy_database(source: Path, target: Path, *, source_key: DatabaseKey | None, target_key: DatabaseKey | None) -> None:
    """Copy `source` into a new file `target`, verify it, flush it; encrypted stays encrypted.

    Same encryption on both sides: SQLite's online backup API. Plain source,
    encrypted target: `sqlcipher_export` in one read transaction. The reverse
    (decrypting) is refused: regie never writes personal data in plain text.
    """
    if source_key is not None and target_key is None:
        raise BackupError("een versleutelde database wordt nooit onversleuteld gekopieerd")
    target.unlink(missing_ok=True)
    connection = connect(source, key=source_key)
    try:
        if target_key is not None and source_key is None:
            connection.execute("ATTACH DATABASE ? AS regie_copy KEY ?", (str(target), f"x'{target_key.hex}'"))
            try:
                connection.execute("BEGIN")
                connection.execute("SELECT sqlcipher_export('regie_copy')")
                connection.execute("COMMIT")
            finally:
                connection.execute("DETACH DATABASE regie_copy")
        else:
            copy = connect(target, key=target_key)
            try:
                connection.backup(copy)
            finally:
                copy.close()
    except sqlcipher3.Error as exc:
        target.unlink(missing_ok=True)
        raise BackupError(f"kopiëren van de database mislukt ({_reason(exc)})") from None
    finally:
        connection.close()
    _verify_and_flush(target, target_key)


def _reason(exc: Exception) -> str:
    # SQLite's messages hold no row data; keep them short and recognisable.
    text = str(exc)
    return "de sleutel klopt niet of het bestand is geen database" if "not a database" in text else text


def _verify_and_flush(path: Path, key: DatabaseKey | None) -> None:
    check = connect(path, key=key)
    try:
        # The check looks up every index entry: with a small cache each miss is a decryption.
        check.execute(f"PRAGMA cache_size = -{LARGE_CACHE_SIZE_KIB}")
        status = check.execute("PRAGMA integrity_check").fetchone()[0]
        # A backup is a single self-contained file: no WAL beside it.
        check.execute("PRAGMA journal_mode = DELETE")
    except sqlcipher3.Error as exc:
        status = _reason(exc)
    finally:
        check.close()
    if status != "ok":
        path.unlink(missing_ok=True)
        raise BackupError(f"de kopie is niet in orde ({status}); de oude back-ups zijn bewaard")
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def make_backup(database: Path, backup_dir: Path, *, reason: str, now: datetime | None = None,
                keep: int = DEFAULT_KEEP, key: DatabaseKey | None = None) -> Path:
    """Copy `database` into `backup_dir`, verify the copy, rotate; return the new file.

    The backup is encrypted with `key`, or, without one, exactly as the
    database is (with the key this process opened it with). Beside it go a
    copy of the wachtzin salt (if any) and the audit trail's anchor.
    """
    if not database.exists():
        raise BackupError(f"er is geen database om te back-uppen op {database}")
    encrypted = keys.encryption_state(database)
    source_key = (key or _existing_key(database)) if encrypted else None
    target_key = key or source_key
    backup_dir.mkdir(parents=True, exist_ok=True)
    now = now or datetime.now()
    final = backup_dir / f"{database.stem}-{_stamp(now)}-{reason}{_SUFFIX}"
    partial = final.with_suffix(".partial")
    copy_database(database, partial, source_key=source_key, target_key=target_key)
    _keep_salt_with_backups(database, backup_dir, final)
    os.replace(partial, final)
    fsync_dir(backup_dir)
    _anchor_audit_trail(final, database, backup_dir, key=target_key, reason=reason)
    rotate(backup_dir, keep=keep, stem=database.stem)
    return final


def _keep_salt_with_backups(database: Path, backup_dir: Path, backup: Path) -> None:
    """Backups of a wachtzin database need the (non-secret) salt too, if the laptop is lost:
    one copy beside each backup (the salt that opens that backup) and one under the database's name."""
    salt = keys.salt_file(database)
    if not salt.exists():
        return
    for target in (keys.salt_file(backup), backup_dir / salt.name):
        try:
            _copy_atomically(salt, target)
        except OSError as exc:
            raise BackupError(f"de wachtzin-salt kon niet bij de back-up worden gezet ({exc.strerror})") from None


def _copy_atomically(source: Path, target: Path) -> None:
    partial = target.with_name(target.name + ".partial")
    shutil.copyfile(source, partial)
    with open(partial, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, target)


def backup_salt(backup: Path, database_name: str) -> Path | None:
    """The wachtzin salt that belongs to `backup`: its own copy, else the one in its folder; None if neither."""
    for candidate in (keys.salt_file(backup), backup.with_name(database_name + keys.SALT_SUFFIX)):
        if candidate.is_file():
            return candidate
    return None


def adopt_backup_salt(backup: Path, database: Path) -> bool:
    """On a new laptop: put the backup's salt beside the (missing) database, so the wachtzin opens the
    backup and, after the restore, the database. True when a salt was placed (the caller removes it if
    the restore does not go ahead)."""
    target = keys.salt_file(database)
    if target.exists() or keys.encryption_state(database) is True:
        return False
    source = backup_salt(backup, database.name)
    if source is None:
        return False
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _copy_atomically(source, target)
    except OSError as exc:
        raise BackupError(f"de wachtzin-salt van de back-up kon niet naast de database worden gezet ({exc.strerror})") from None
    return True


def _anchor_audit_trail(backup: Path, database: Path, backup_dir: Path, *, key: DatabaseKey | None, reason: str) -> None:
    # The head of the audit trail, kept beside the backups: cutting off the newest rows shows at the next check.
    from storage import audit

    connection = connect(backup, key=key)
    try:
        head = audit.read_head(connection)
    finally:
        connection.close()
    if head is not None:
        try:
            audit.write_anchor(backup_dir, database, head, reden=reason)
        except OSError as exc:
            raise BackupError(f"het anker van het auditlogboek kon niet worden geschreven ({exc.strerror})") from None


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
        keys.salt_file(old).unlink(missing_ok=True)


def encrypt_plain_backups(backup_dir: Path, *, key: DatabaseKey, stem: str | None = None) -> int:
    """Re-write every plain backup in `backup_dir` encrypted with `key`, one at a time, atomically."""
    done = 0
    for backup in list_backups(backup_dir, stem=stem):
        if keys.encryption_state(backup) is not False:
            continue
        staging = backup.with_suffix(".encrypting")
        copy_database(backup, staging, source_key=None, target_key=key)
        os.replace(staging, backup)
        done += 1
    if done:
        fsync_dir(backup_dir)
    return done


def check_backup(backup: Path, *, key: DatabaseKey | None) -> None:
    """Raise BackupError unless `backup` opens with `key` (None: plain) and passes the integrity check."""
    try:
        check = connect(backup, key=key)
    except sqlcipher3.Error:
        raise BackupError(f"{backup.name} is geen leesbare regie-back-up") from None
    try:
        check.execute(f"PRAGMA cache_size = -{LARGE_CACHE_SIZE_KIB}")
        status = check.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlcipher3.DatabaseError:
        hint = ": de sleutel of wachtzin klopt niet, of het bestand is beschadigd" if key is not None else ""
        raise BackupError(f"{backup.name} is geen leesbare regie-back-up{hint}; er is niets teruggezet") from None
    finally:
        check.close()
    if status != "ok":
        raise BackupError(f"{backup.name} is beschadigd ({status}); er is niets teruggezet")


def restore_backup(backup: Path, database: Path, backup_dir: Path, *, key: DatabaseKey | None = None) -> Path | None:
    """Bring `database` back to the state in `backup` after backing up the current state; returns that safety copy.

    An encrypted backup is checked with the database's key (or `key`); a
    plain backup onto an encrypted database is encrypted on the way in. An
    existing database is restored in place, in one write transaction: the
    file stays the same file, so another regie that has it open waits for
    the restore and then sees the restored data, and every save it confirmed
    before the restore is in the safety copy, which is made while the
    restore already holds the write lock.
    """
    backup_encrypted = keys.encryption_state(backup)
    if backup_encrypted is None:
        raise BackupError(f"{backup.name} is leeg of bestaat niet; er is niets teruggezet")
    if database.exists() and backup.resolve() == database.resolve():
        raise BackupError(f"{backup.name} is de database zelf, geen back-up; kies een bestand uit {backup_dir}")
    adopted = adopt_backup_salt(backup, database) if backup_encrypted else False
    try:
        safety, database_key = _restore(backup, database, backup_dir, key=key, backup_encrypted=backup_encrypted)
    except BaseException:
        if adopted:
            keys.salt_file(database).unlink(missing_ok=True)
        raise
    # The trail is now the backup's: anchor it anew (the safety copy keeps the trail as it was).
    _anchor_audit_trail(database, database, backup_dir, key=database_key, reason="teruggezet")
    return safety


def _restore(backup: Path, database: Path, backup_dir: Path, *, key: DatabaseKey | None,
             backup_encrypted: bool) -> tuple[Path | None, DatabaseKey | None]:
    database_encrypted = keys.encryption_state(database)
    database_key = key or _existing_key(database)
    if backup_encrypted and database_encrypted is False:
        raise BackupError(f"{backup.name} is versleuteld, maar de database is dat nog niet. Start regie eerst één keer "
                          "(dan wordt de database versleuteld) en zet de back-up daarna terug; er is niets teruggezet")
    if backup_encrypted and database_key is None:
        try:
            database_key = keys.remembered(database) or keys.resolve_key(database)
        except keys.KeyProblemError as exc:
            raise BackupError(f"{backup.name} is versleuteld en {exc}") from None
    backup_key = database_key if backup_encrypted else None
    check_backup(backup, key=backup_key)
    if database_encrypted is None:  # a new laptop: nothing to keep, no one to wait for
        staging = database.with_suffix(".restoring")
        copy_database(backup, staging, source_key=backup_key, target_key=database_key)
        for suffix in ("-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        os.replace(staging, database)
        fsync_dir(database.parent)
        return None, database_key
    return _restore_in_place(backup, database, backup_dir, database_key=database_key, backup_key=backup_key), database_key


def _restore_in_place(backup: Path, database: Path, backup_dir: Path, *, database_key: DatabaseKey | None,
                      backup_key: DatabaseKey | None) -> Path:
    connection = connect(database, key=database_key)
    try:
        # Outside a transaction, or it has no effect: dropping the old tables must not cascade.
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute(f"PRAGMA cache_size = -{LARGE_CACHE_SIZE_KIB}")
        connection.execute("ATTACH DATABASE ? AS regie_backup KEY ?",
                           (str(backup), f"x'{backup_key.hex}'" if backup_key is not None else ""))
        try:
            connection.execute("BEGIN IMMEDIATE")  # waits (busy timeout) for a save under way elsewhere
        except sqlcipher3.OperationalError as exc:
            raise BackupError(f"de database is bezet ({_reason(exc)}); er is niets teruggezet. Probeer het opnieuw") from None
        try:
            # From here no one else can save: the safety copy holds every save confirmed so far.
            safety = make_backup(database, backup_dir, reason="voor-terugzetten", keep=10**6, key=database_key)
            objects = connection.execute(
                "SELECT type, name FROM main.sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'"
            ).fetchall()
            for kind, name in objects:
                connection.execute(f'DROP {kind.upper()} IF EXISTS main."{name}"')
            connection.execute("SELECT sqlcipher_export('main', 'regie_backup')")
            status = connection.execute("PRAGMA main.integrity_check").fetchone()[0]
            if status != "ok":
                raise BackupError(f"de teruggezette database is niet in orde ({status}); er is niets teruggezet")
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
    except sqlcipher3.Error as exc:
        raise BackupError(f"terugzetten mislukt ({_reason(exc)}); er is niets teruggezet") from None
    finally:
        connection.close()
    return safety
