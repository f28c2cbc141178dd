"""Opening the store: make the directory, find the key, back up, encrypt, migrate, hand out an engine.

This is the one place that decides how a user's database comes to life. It
never calls `create_all`: a new database is built by the same migrations
that upgrade an old one. A user's database is always encrypted; an older
plain one is encrypted on first start (after a backup, atomically). Only the
demo database stays plain.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from storage import backup, keys, migrate
from storage.backend import BackendError, FileProblem, local
from storage.db import make_engine, wrong_key
from storage.keys import DatabaseKey
from storage.paths import Locations, make_private_dir, make_private_file, write_private_text


class StoreError(RuntimeError):
    """The store could not be opened; the message is Dutch and safe to show."""


class PassphraseNeeded(StoreError):
    """Ask the user for a wachtzin and open again; `new` when one must be chosen (ask twice)."""

    def __init__(self, message: str, *, new: bool) -> None:
        super().__init__(message)
        self.new = new


class WrongKeyError(StoreError):
    """The key or wachtzin does not open the database; `passphrase` when asking again may help."""

    def __init__(self, message: str, *, passphrase: bool) -> None:
        super().__init__(message)
        self.passphrase = passphrase


class CaseloadMissingError(StoreError):
    """The database is missing or empty, but regie had a caseload here: restore, never start empty.
    `backup` is the newest backup to restore (None when there is none left)."""

    def __init__(self, message: str, *, backup: Path | None) -> None:
        super().__init__(message)
        self.backup = backup


class ForeignDatabaseError(StoreError):
    """The file is a database, but not regie's: it is left exactly as it was."""


class NewerDatabaseError(StoreError):
    """The database was written by a newer regie; it is left as it was (and no backup is made)."""


class DamagedDatabaseError(StoreError):
    """The database file is damaged; `backup` is the newest backup to restore, if any."""

    def __init__(self, message: str, *, backup: Path | None) -> None:
        super().__init__(message)
        self.backup = backup


@dataclass
class Store:
    locations: Locations
    engine: Engine
    key: DatabaseKey | None = field(default=None, repr=False)

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    def close(self) -> None:
        self.engine.dispose()


@dataclass(frozen=True)
class _Facts:
    tables: list[str]
    revision: str | None
    has_persons: bool


def _find_key(path: Path, state: bool | None, *, passphrase: str | None, encrypt: bool) -> DatabaseKey | None:
    if not encrypt and state is not True:
        return None
    try:
        return keys.resolve_key(path, passphrase=passphrase, create=encrypt and state is not True)
    except keys.PassphraseRequiredError as exc:
        raise PassphraseNeeded(str(exc), new=exc.new) from None
    except keys.KeyRejectedError as exc:
        raise WrongKeyError(str(exc), passphrase=exc.passphrase) from None
    except keys.KeyProblemError as exc:
        raise StoreError(str(exc)) from None


def _remove_leftovers(path: Path) -> None:
    # A start that died halfway through encrypting or restoring left a staging copy;
    # the database itself was never touched before the atomic rename.
    for leftover in (path.with_name(path.name + ".encrypting"), path.with_suffix(".restoring")):
        leftover.unlink(missing_ok=True)


# -- knowing that there was a caseload --------------------------------------------------

_CASELOAD_MARKER = "databases-met-caseload.txt"


def _marker_file(locations: Locations) -> Path:
    return locations.config_dir / _CASELOAD_MARKER


def _marker_lines(locations: Locations) -> set[str]:
    try:
        return set(_marker_file(locations).read_text(encoding="utf-8").splitlines())
    except (OSError, UnicodeDecodeError):
        return set()


def _marker_key(database: Path) -> str:
    # A hash, not the path: the settings folder names no file that holds personal data.
    return hashlib.sha256(str(database.absolute()).encode("utf-8")).hexdigest()[:32]


def _remember_caseload(locations: Locations) -> None:
    """Note (once) in the settings folder that this database held a caseload."""
    lines = _marker_lines(locations)
    key = _marker_key(locations.database)
    if key in lines:
        return
    target = _marker_file(locations)
    try:
        make_private_dir(target.parent)
        write_private_text(target, "".join(line + "\n" for line in sorted(lines | {key})))
    except OSError:
        pass  # the backups still tell; never fail a start over a note


def newest_backup(locations: Locations) -> Path | None:
    """The backup to offer for a restore: the newest that held persons, else the newest non-empty one."""
    stem = locations.database.stem
    with_persons = backup.last_backup_with_persons(locations.backups, stem)
    candidates = [b for b in backup.list_backups(locations.backups, stem=stem) if b.stat().st_size > 0]
    if with_persons is not None and (not candidates or with_persons == candidates[-1]
                                     or "voor-terugzetten" not in with_persons.name):
        return with_persons
    return candidates[-1] if candidates else None


def _restore_hint(locations: Locations, found: Path | None) -> str:
    if found is None:
        return ("Er is geen back-up meer in " f"{locations.backups}; zet een kopie van de database terug of vraag uw beheerder.")
    return f"Zet de nieuwste goede back-up terug met:\n  regie restore \"{found}\""


def refuse_empty_replacement(locations: Locations) -> None:
    """A missing or empty database where regie had a caseload is bad luck, not a first start."""
    had_caseload = _marker_key(locations.database) in _marker_lines(locations)
    stem = locations.database.stem
    backups = [b for b in backup.list_backups(locations.backups, stem=stem) if b.stat().st_size > 0]
    if not had_caseload and not backups:
        return  # a genuinely first start
    found = newest_backup(locations)
    what = "ontbreekt" if not locations.database.exists() else "is leeg"
    raise CaseloadMissingError(
        f"De database {locations.database} {what}, maar regie had hier een caseload. regie maakt geen lege "
        f"database in de plaats daarvan. {_restore_hint(locations, found)}\n"
        f"Wilt u bewust met een lege database beginnen, verplaats dan de map {locations.backups} en verwijder "
        f"{_marker_file(locations)}.", backup=found)


def _inspect(locations: Locations, key: DatabaseKey | None) -> _Facts:
    """One short look at an existing file: does the key open it, is it regie's, which schema, any persons."""
    path = locations.database
    try:
        tables, revision, has_persons = local.read_file_facts(path, key)
    except BackendError as exc:
        if exc.problem is FileProblem.NOT_A_DATABASE and key is not None:
            wrong = wrong_key(key)
            raise WrongKeyError(str(wrong), passphrase=wrong.passphrase) from None
        raise _store_error(exc.problem, locations) from None
    if tables and "alembic_version" not in tables:
        raise ForeignDatabaseError(
            f"{path} is een database, maar geen regie-database (de tabellen van regie ontbreken). regie laat het "
            "bestand zoals het is en versleutelt het niet. Kies met --db een regie-database, of een nieuwe bestandsnaam.")
    if revision is not None and not migrate.is_known_revision(revision):
        raise NewerDatabaseError(
            f"De database {path} is gemaakt door een nieuwere versie van regie (schema {revision}). Werk regie bij "
            "en start het daarna opnieuw; de database is niet gewijzigd.")
    return _Facts(tables=tables, revision=revision, has_persons=has_persons)


def _store_error(problem: FileProblem, locations: Locations) -> StoreError:
    path = locations.database
    if problem in (FileProblem.DAMAGED, FileProblem.NOT_A_DATABASE):
        found = newest_backup(locations)
        return DamagedDatabaseError(f"Het databasebestand {path} is beschadigd en kan niet worden gelezen. "
                                    f"{_restore_hint(locations, found)}", backup=found)
    if problem is FileProblem.DISK_FULL:
        return StoreError(f"De schijf met {path.parent} is vol. Maak ruimte vrij en start regie opnieuw.")
    if problem is FileProblem.READ_ONLY:
        return StoreError(f"De map {path.parent} of de database is alleen-lezen, dus regie kan er niet in "
                          "schrijven. Kies een map waarin je mag schrijven (--db) of vraag je beheerder om schrijfrechten.")
    if problem is FileProblem.LOCKED:
        return StoreError("De database is bezet door een ander regie-proces. Wacht even en probeer het opnieuw.")
    return StoreError(f"{path} kan niet worden geopend ({problem.value}).")


def _os_error(exc: OSError, locations: Locations) -> StoreError:
    import errno

    if exc.errno == errno.ENOSPC:
        return _store_error(FileProblem.DISK_FULL, locations)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _store_error(FileProblem.READ_ONLY, locations)
    return StoreError(f"de map {locations.database.parent} kan niet worden gebruikt: {exc.strerror}")


def open_store(locations: Locations, *, backup_on_start: bool = True, keep: int = backup.DEFAULT_KEEP,
               passphrase: str | None = None, encrypt: bool = True) -> Store:
    """Open (and if needed create, encrypt or upgrade) the database at `locations.database`.

    `passphrase` is the wachtzin the user typed after a PassphraseNeeded;
    `encrypt=False` is for the demo only. A missing or empty database where
    regie had a caseload, a file that is not regie's, one from a newer regie
    and a damaged one are refused (StoreError subclasses) and left as they are.
    """
    path = locations.database
    try:
        make_private_dir(path.parent)
    except OSError as exc:
        raise _os_error(exc, locations) from exc
    _remove_leftovers(path)
    backup.clean_leftovers(locations.backups)
    state = keys.encryption_state(path)
    if state is None and encrypt:
        refuse_empty_replacement(locations)
    key = _find_key(path, state, passphrase=passphrase, encrypt=encrypt)
    facts = _inspect(locations, key if state is True else None) if state is not None else None
    if state is None:
        try:
            path.unlink(missing_ok=True)  # an empty file of no one's: start from nothing, owner-only
            local_file = path
            from storage.paths import create_private_file

            create_private_file(local_file)
        except OSError as exc:
            raise _os_error(exc, locations) from exc
    to_encrypt = key is not None and state is False
    engine = make_engine(local.url_for(path), key=key if state is not False else None)
    try:
        outdated = facts is None or facts.revision != migrate.HEAD
        if state is not None and (backup_on_start or outdated or to_encrypt):
            # One backup of the state before anything changes, named after the biggest change.
            reason = "voor-migratie" if outdated else "voor-versleutelen" if to_encrypt else "start"
            backup.make_backup(path, locations.backups, reason=reason, now=datetime.now(), keep=keep, key=key)
        if to_encrypt:
            engine.dispose()
            encrypt_in_place(path, key)
            backup.encrypt_plain_backups(locations.backups, key=key, stem=path.stem)
            engine = make_engine(local.url_for(path), key=key)
        if outdated:
            migrate.upgrade(engine)
        for own in (path, *local.companions(path)):
            make_private_file(own)
    except backup.BackupError as exc:
        engine.dispose()
        raise StoreError(f"back-up mislukt: {exc}") from exc
    except migrate.MigrationError as exc:
        engine.dispose()
        raise StoreError(f"bijwerken van de database mislukt: {exc}. De database is ongewijzigd.") from exc
    except OSError as exc:
        engine.dispose()
        raise _os_error(exc, locations) from exc
    except Exception as exc:  # e.g. not a database file at all
        engine.dispose()
        problem = local.classify(exc)
        if problem is not None:
            raise _store_error(problem, locations) from exc
        raise StoreError(f"{path} is geen bruikbare regie-database ({type(exc).__name__})") from exc
    if key is not None:
        keys.remember(path, key)
    if facts is not None and facts.has_persons and encrypt:
        _remember_caseload(locations)
    from storage import audit

    audit.install(engine)  # every change to personal data leaves a hash-chained trace
    _resume_imports(engine)
    return Store(locations=locations, engine=engine, key=key)


def _resume_imports(engine: Engine) -> None:
    """An import interrupted by a crash left staged rows: finish it or clear them (one tiny query when none)."""
    from sqlalchemy import exists, select

    from storage.models import ImportRun

    with engine.connect() as connection:
        pending = connection.execute(select(exists().where(ImportRun.__table__.c.id.is_not(None)))).scalar()
    if pending:
        from storage.importer import resume_interrupted_imports

        resume_interrupted_imports(engine)


def encrypt_in_place(path: Path, key: DatabaseKey) -> None:
    """Replace the plain database at `path` by an encrypted copy with the same rows, atomically."""
    # Fold the WAL into the file and empty it: no plain -wal may outlive the switch.
    local.checkpoint(path, None)
    staging = path.with_name(path.name + ".encrypting")
    backup.copy_database(path, staging, source_key=None, target_key=key)
    if local.row_counts(staging, key) != local.row_counts(path, None):
        staging.unlink(missing_ok=True)
        raise backup.BackupError("de versleutelde kopie mist rijen; de database is niet gewijzigd")
    os.replace(staging, path)
    for companion in local.companions(path):
        companion.unlink(missing_ok=True)
    backup.fsync_dir(path.parent)


def backup_on_exit(store: Store, *, keep: int = backup.DEFAULT_KEEP) -> None:
    """A clean exit leaves a verified backup behind."""
    backup.make_backup(store.locations.database, store.locations.backups, reason="afsluiten", now=datetime.now(),
                       keep=keep, key=store.key)


def open_demo_store(locations: Locations, *, today) -> Store:
    """Open the demo database (plain: synthetic data, no key needed), creating and seeding it on first use."""
    from sqlalchemy import exists, select

    from storage.db import write_session
    from storage.demo import seed_demo
    from storage.models import Person

    store = open_store(locations, backup_on_start=False, encrypt=False)
    with write_session(store.engine) as session:
        empty = not session.connection().execute(select(exists().where(Person.__table__.c.id.is_not(None)))).scalar()
        if empty:
            seed_demo(session.connection(), today=today)
    return store
