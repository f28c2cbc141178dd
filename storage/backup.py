"""Verified, rotating, encrypted backups of the store.

A backup is made by the local backend (its online backup API on the
encrypted connection: consistent even while the app writes, and encrypted
with the database's own key), passes the backend's integrity check, is
flushed to disk, and only then renamed into place atomically; the newest N
are kept. A plain (older) database is copied into an encrypted backup.
Beside the backups lie a copy of the wachtzin salt per backup and the audit
trail's anchor. A restore rewrites the database in place, in one write
transaction, so a second regie that has it open never loses a save.

Two regie processes may back up at the same moment: every temporary file has
a name of its own (process id and a random part), and the steps that touch
shared files (salt copies, the anchor, rotation, cleaning up what an
interrupted backup left) run under a lock file in the backup folder
(`filelock`: portable, released by the OS when a process dies).
"""

from __future__ import annotations

import os
import secrets
import shutil
import threading
from datetime import datetime, timedelta
from pathlib import Path

from storage import keys
from storage.backend import BackendError, FileProblem, local
from storage.db import key_for_existing
from storage.keys import DatabaseKey
from storage.paths import create_private_file, make_private_dir, make_private_file, write_private_text

DEFAULT_KEEP = 10
_SUFFIX = local.FILE_SUFFIX
_PARTIAL = ".partial"
LOCK_NAME = ".regie-backups.lock"
LOCK_TIMEOUT_S = 300  # another regie's backup of a large database takes a while; then give up with a message
# Beside the backups: the name of the newest backup that held persons, so rotation keeps it
# while the database has none (a deleted or emptied caseload must stay restorable).
WITH_PERSONS_SUFFIX = ".laatste-met-personen"


class BackupError(RuntimeError):
    """A backup could not be made or failed its check; the message is Dutch."""


class BackupCancelledError(BackupError):
    """A background backup was stopped (regie is closing); the previous backups are untouched."""


class NotABackupError(BackupError):
    """The file to restore is not a regie backup (or is from a newer regie); nothing was touched."""


def _stamp(now: datetime) -> str:
    return now.strftime("%Y%m%d-%H%M%S-%f")


def _temporary_name(target: Path) -> Path:
    """A name of this process's own beside `target`, ending in .partial (cleaned up if left behind)."""
    return target.with_name(f"{target.name}.{os.getpid()}-{secrets.token_hex(4)}{_PARTIAL}")


_locks: dict[Path, object] = {}


def folder_lock(backup_dir: Path):
    """The lock of `backup_dir` (re-entrant within a thread; other threads and processes wait)."""
    from filelock import FileLock

    path = Path(backup_dir).absolute() / LOCK_NAME
    lock = _locks.get(path)
    if lock is None:
        lock = _locks[path] = FileLock(path, timeout=LOCK_TIMEOUT_S, mode=0o600)
    return lock


def _locked(backup_dir: Path):
    from filelock import Timeout

    lock = folder_lock(backup_dir)
    try:
        lock.acquire()
    except Timeout:
        raise BackupError("een ander regie-proces is al lang bezig met een back-up in deze map; "
                          "wacht tot dat klaar is en probeer het opnieuw") from None
    return lock


def _existing_key(database: Path) -> DatabaseKey | None:
    try:
        return key_for_existing(database)
    except keys.KeyProblemError as exc:
        raise BackupError(str(exc)) from None


def fsync_dir(directory: Path) -> None:
    """Make a rename in `directory` survive a power cut (no-op where directories cannot be opened)."""
    if os.name == "nt":
        return  # Windows cannot open a directory as a file; NTFS journals the rename itself
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


def _problem_text(problem: FileProblem, path: Path) -> str:
    if problem is FileProblem.DISK_FULL:
        return f"de schijf is vol; maak ruimte vrij in {path.parent} en probeer het opnieuw"
    if problem is FileProblem.READ_ONLY:
        return f"de map {path.parent} is alleen-lezen; regie kan er niet schrijven"
    return problem.value


def copy_database(source: Path, target: Path, *, source_key: DatabaseKey | None, target_key: DatabaseKey | None,
                  in_steps: threading.Event | None = None, quick: bool = False) -> None:
    """Copy `source` into a new owner-only file `target`, verify it, flush it; encrypted stays encrypted.

    Same encryption on both sides: the backend's online backup. Plain source,
    encrypted target: an encrypting export in one read transaction. The reverse
    (decrypting) is refused: regie never writes personal data in plain text.

    `in_steps` (a background backup): copy a few megabytes at a time, stop with
    BackupCancelledError as soon as that event is set; `quick`: verify with the quick check.
    """
    if source_key is not None and target_key is None:
        raise BackupError("een versleutelde database wordt nooit onversleuteld gekopieerd")
    target.unlink(missing_ok=True)
    try:
        create_private_file(target, exclusive=True)  # owner-only before a single page is written
    except FileExistsError:
        raise BackupError(f"{target.name} bestaat al; er is niets gekopieerd") from None
    except OSError as exc:
        raise BackupError(f"kopiëren van de database mislukt: {_os_reason(exc, target)}") from None
    try:
        if in_steps is None:
            local.copy_database(source, target, source_key=source_key, target_key=target_key)
        else:
            local.copy_database(source, target, source_key=source_key, target_key=target_key,
                                pages=STEP_PAGES, between_steps=lambda: _stop_if_set(in_steps))
            _stop_if_set(in_steps)
    except BackendError as exc:
        _remove_with_companions(target)
        detail = exc.detail if exc.problem is FileProblem.OTHER else _problem_text(exc.problem, target)
        raise BackupError(f"kopiëren van de database mislukt ({detail})") from None
    except BaseException:
        _remove_with_companions(target)
        raise
    _verify_and_flush(target, target_key, quick=quick)


STEP_PAGES = 1024  # pages per step of a background backup (4 MB): short holds of the source's read lock


def _stop_if_set(cancel: threading.Event) -> None:
    if cancel.is_set():
        raise BackupCancelledError("de back-up is gestopt omdat regie werd afgesloten; de vorige back-ups zijn bewaard")


def _os_reason(exc: OSError, path: Path) -> str:
    import errno

    if exc.errno == errno.ENOSPC:
        return _problem_text(FileProblem.DISK_FULL, path)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _problem_text(FileProblem.READ_ONLY, path)
    return exc.strerror or type(exc).__name__


def _remove_with_companions(path: Path) -> None:
    for leftover in (path, *local.companions(path)):
        try:
            leftover.unlink(missing_ok=True)
        except OSError:
            pass


def _verify_and_flush(path: Path, key: DatabaseKey | None, *, quick: bool = False) -> None:
    status = local.integrity_status(path, key, single_file=True, quick=quick)
    if status != "ok":
        _remove_with_companions(path)
        raise BackupError(f"de kopie is niet in orde ({status}); de oude back-ups zijn bewaard")
    make_private_file(path)
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def clean_leftovers(backup_dir: Path) -> int:
    """Remove what interrupted backups left in `backup_dir` (temporary copies, their journals); returns how many.

    Runs under the folder's lock, so a backup under way in another process (which holds the lock
    while it has temporary files) is never touched; when that lock is taken, this returns at once
    (that process's rotation cleans up)."""
    from filelock import Timeout

    try:
        if not any(_is_leftover(entry.name) for entry in backup_dir.iterdir()):
            return 0  # the usual case: no lock, no import of filelock at start-up
    except OSError:
        return 0
    lock = folder_lock(backup_dir)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return 0
    try:
        return _clean_leftovers_locked(backup_dir)
    finally:
        lock.release()


def _is_leftover(name: str) -> bool:
    return name.endswith(_PARTIAL) or any(name.endswith(_PARTIAL + s) for s in local.COMPANION_SUFFIXES)


def _clean_leftovers_locked(backup_dir: Path) -> int:
    removed = 0
    for leftover in backup_dir.iterdir():
        if _is_leftover(leftover.name):
            try:
                leftover.unlink()
                removed += 1
            except OSError:
                pass
    return removed


def make_backup(database: Path, backup_dir: Path, *, reason: str, now: datetime | None = None,
                keep: int = DEFAULT_KEEP, key: DatabaseKey | None = None,
                cancel: threading.Event | None = None) -> Path:
    """Copy `database` into `backup_dir`, verify the copy, rotate; return the new file.

    The backup is encrypted with `key`, or, without one, exactly as the
    database is (with the key this process opened it with). Beside it go a
    copy of the wachtzin salt (if any) and the audit trail's anchor.

    With `cancel` (a backup in the background) the copy is made in steps and
    checked with the quick check; setting the event stops it between two steps
    with BackupCancelledError, leaving only a temporary file that is removed
    (here, or by the next start's clean-up when the process ended first). The
    previous backups are never touched before the new one is complete.
    """
    if not database.exists():
        raise BackupError(f"er is geen database om te back-uppen op {database}")
    encrypted = keys.encryption_state(database)
    source_key = (key or _existing_key(database)) if encrypted else None
    target_key = key or source_key
    try:
        make_private_dir(backup_dir)
    except OSError as exc:
        raise BackupError(f"de map {backup_dir} kan niet worden aangemaakt: {_os_reason(exc, backup_dir / 'x')}") from None
    now = now or datetime.now()
    final = backup_dir / f"{database.stem}-{_stamp(now)}-{reason}{_SUFFIX}"
    lock = _locked(backup_dir)
    try:
        if final.exists():  # another process, the same microsecond: keep both
            final = final.with_name(f"{final.stem}-{os.getpid()}{_SUFFIX}")
        partial = _temporary_name(final)
        try:
            copy_database(database, partial, source_key=source_key, target_key=target_key,
                          in_steps=cancel, quick=cancel is not None)
            if cancel is not None:
                _stop_if_set(cancel)
            _keep_salt_with_backups(database, backup_dir, final)
            os.replace(partial, final)
        finally:
            _remove_with_companions(partial)
        fsync_dir(backup_dir)
        persons = _anchor_audit_trail(final, database, backup_dir, key=target_key, reason=reason)
        if persons:
            write_private_text(_with_persons_file(backup_dir, database.stem), final.name + "\n")
        rotate(backup_dir, keep=keep, stem=database.stem)
    finally:
        lock.release()
    return final


def backup_time(backup: Path, stem: str) -> datetime | None:
    """When `backup` (a name `list_backups` returns) was made, read from its name; None if unreadable."""
    stamp = backup.name[len(stem) + 1:len(stem) + 1 + len("YYYYmmdd-HHMMSS-ffffff")]
    try:
        return datetime.strptime(stamp, "%Y%m%d-%H%M%S-%f")
    except ValueError:
        return None


def last_backup_time(backup_dir: Path, stem: str) -> datetime | None:
    """The time of the newest complete (verified, renamed into place) backup of `stem`, or None."""
    times = [t for b in list_backups(backup_dir, stem=stem) if (t := backup_time(b, stem)) is not None]
    return max(times, default=None)


BACKUP_INTERVAL = timedelta(days=1)  # at least one verified backup a day while regie is used


def backup_due(backup_dir: Path, stem: str, *, now: datetime, interval: timedelta = BACKUP_INTERVAL) -> bool:
    """True when the newest backup is older than `interval` (or there is none, or its time lies ahead:
    a clock set back). An interrupted attempt left no backup, so it is simply made again."""
    last = last_backup_time(backup_dir, stem)
    return last is None or last > now or now - last >= interval


def _with_persons_file(backup_dir: Path, stem: str) -> Path:
    return backup_dir / f"{stem}{WITH_PERSONS_SUFFIX}"


def last_backup_with_persons(backup_dir: Path, stem: str) -> Path | None:
    """The newest backup that held at least one person (as recorded when it was made), if it is still there."""
    try:
        name = _with_persons_file(backup_dir, stem).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    candidate = backup_dir / name
    return candidate if name and "/" not in name and "\\" not in name and candidate.is_file() else None


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
            raise BackupError(f"de wachtzin-salt kon niet bij de back-up worden gezet ({_os_reason(exc, target)})") from None


def _copy_atomically(source: Path, target: Path) -> None:
    partial = _temporary_name(target)
    try:
        create_private_file(partial, exclusive=True)
        shutil.copyfile(source, partial)
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


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
        make_private_dir(target.parent)
        _copy_atomically(source, target)
    except OSError as exc:
        raise BackupError(f"de wachtzin-salt van de back-up kon niet naast de database worden gezet ({exc.strerror})") from None
    return True


def _anchor_audit_trail(backup: Path, database: Path, backup_dir: Path, *, key: DatabaseKey | None, reason: str) -> bool:
    """Keep the head of the audit trail beside the backups (cutting off the newest rows shows at the next
    check), under the folder's lock. Returns whether `backup` holds a person."""
    from storage import audit

    connection = local.connect(backup, key=key)
    try:
        head = audit.read_head(connection)
        persons = audit.has_persons(connection)
    finally:
        connection.close()
    if head is not None:
        lock = _locked(backup_dir)
        try:
            audit.write_anchor(backup_dir, database, head, reden=reason)
        except OSError as exc:
            raise BackupError(f"het anker van het auditlogboek kon niet worden geschreven ({_os_reason(exc, backup_dir / 'x')})") from None
        finally:
            lock.release()
    return persons


def list_backups(backup_dir: Path, *, stem: str | None = None) -> list[Path]:
    """Backups, oldest first."""
    if not backup_dir.exists():
        return []
    pattern = f"{stem}-*{_SUFFIX}" if stem else f"*{_SUFFIX}"
    return sorted(backup_dir.glob(pattern))


def rotate(backup_dir: Path, *, keep: int, stem: str | None = None) -> None:
    """Keep the newest `keep` backups, and always the newest one that held persons; remove
    what interrupted backups left behind."""
    lock = _locked(backup_dir)
    try:
        backups = list_backups(backup_dir, stem=stem)
        markers = backup_dir.glob(f"{stem or '*'}{WITH_PERSONS_SUFFIX}")
        protected = {p for marker in markers
                     if (p := last_backup_with_persons(backup_dir, marker.name[: -len(WITH_PERSONS_SUFFIX)])) is not None}
        for old in backups[: max(0, len(backups) - keep)]:
            if old in protected:
                continue
            old.unlink(missing_ok=True)
            keys.salt_file(old).unlink(missing_ok=True)
        _clean_leftovers_locked(backup_dir)
    finally:
        lock.release()


def encrypt_plain_backups(backup_dir: Path, *, key: DatabaseKey, stem: str | None = None) -> int:
    """Re-write every plain backup in `backup_dir` encrypted with `key`, one at a time, atomically."""
    done = 0
    lock = _locked(backup_dir)
    try:
        for backup in list_backups(backup_dir, stem=stem):
            if keys.encryption_state(backup) is not False:
                continue
            staging = _temporary_name(backup)
            try:
                copy_database(backup, staging, source_key=None, target_key=key)
                os.replace(staging, backup)
            finally:
                _remove_with_companions(staging)
            done += 1
    finally:
        lock.release()
    if done:
        fsync_dir(backup_dir)
    return done


def check_backup(backup: Path, *, key: DatabaseKey | None) -> None:
    """Raise BackupError unless `backup` opens with `key` (None: plain) and passes the integrity check."""
    problem = local.probe(backup, key)
    if problem is not None:
        if problem is FileProblem.NOT_A_DATABASE and key is not None and keys.encryption_state(backup):
            raise BackupError(f"{backup.name} is geen leesbare regie-back-up: de sleutel of wachtzin klopt niet, "
                              "of het bestand is beschadigd; er is niets teruggezet")
        raise BackupError(f"{backup.name} is geen leesbare regie-back-up ({problem.value}); er is niets teruggezet")
    status = local.integrity_status(backup, key)
    if status != "ok":
        raise BackupError(f"{backup.name} is beschadigd ({status}); er is niets teruggezet")


def check_is_regie_backup(backup: Path, *, key: DatabaseKey | None) -> None:
    """Raise NotABackupError unless `backup` holds regie's schema at a revision this regie knows."""
    from storage import migrate

    try:
        tables, revision, _persons = local.read_file_facts(backup, key)
    except BackendError as exc:
        raise NotABackupError(f"{backup.name} is geen leesbare regie-back-up ({exc.problem.value}); er is niets teruggezet") from None
    if revision is None or "person" not in tables:
        raise NotABackupError(f"{backup.name} is geen regie-back-up (de tabellen van regie ontbreken); er is niets teruggezet")
    if not migrate.is_known_revision(revision):
        raise NotABackupError(f"{backup.name} komt van een nieuwere versie van regie (schema {revision}); werk regie "
                              "eerst bij en zet de back-up daarna terug. Er is niets teruggezet")


def restore_backup(backup: Path, database: Path, backup_dir: Path, *, key: DatabaseKey | None = None) -> Path | None:
    """Bring `database` back to the state in `backup` after backing up the current state; returns that safety copy.

    An encrypted backup is checked with the database's key (or `key`); a
    plain backup onto an encrypted database is encrypted on the way in. An
    existing database is restored in place, in one write transaction: the
    file stays the same file, so another regie that has it open waits for
    the restore and then sees the restored data, and every save it confirmed
    before the restore is in the safety copy, which is made while the
    restore already holds the write lock. A file that is not a regie backup,
    or comes from a newer regie, is refused before anything is touched.
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
    persons = _anchor_audit_trail(database, database, backup_dir, key=database_key, reason="teruggezet")
    if persons and backup.parent.absolute() == backup_dir.absolute():
        write_private_text(_with_persons_file(backup_dir, database.stem), backup.name + "\n")
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
    check_is_regie_backup(backup, key=backup_key)
    if database_encrypted is None:  # a new laptop: nothing to keep, no one to wait for
        make_private_dir(database.parent)
        staging = database.with_suffix(".restoring")
        copy_database(backup, staging, source_key=backup_key, target_key=database_key)
        for leftover in local.companions(database):
            leftover.unlink(missing_ok=True)
        os.replace(staging, database)
        fsync_dir(database.parent)
        return None, database_key
    return _restore_in_place(backup, database, backup_dir, database_key=database_key, backup_key=backup_key), database_key


def _restore_in_place(backup: Path, database: Path, backup_dir: Path, *, database_key: DatabaseKey | None,
                      backup_key: DatabaseKey | None) -> Path:
    def safety_copy() -> Path:
        # The write lock is held: the safety copy holds every save confirmed so far.
        return make_backup(database, backup_dir, reason="voor-terugzetten", keep=10**6, key=database_key)

    try:
        return local.replace_contents(database, backup, database_key=database_key, source_key=backup_key,
                                      under_lock=safety_copy)
    except BackendError as exc:
        if exc.problem is FileProblem.LOCKED:
            raise BackupError(f"de database is bezet ({exc.detail}); er is niets teruggezet. Probeer het opnieuw") from None
        if exc.problem is FileProblem.DAMAGED:
            raise BackupError(f"de teruggezette database is niet in orde ({exc.detail}); er is niets teruggezet") from None
        detail = exc.detail if exc.problem is FileProblem.OTHER else _problem_text(exc.problem, database)
        raise BackupError(f"terugzetten mislukt ({detail}); er is niets teruggezet") from None
