"""`regie sleutel export|import`, and `regie backup|restore` with the database key.

`tui.cli` calls `register` while building its parser and `dispatch` before its
own commands; `dispatch` answers None for a command that is not handled here
(after installing the terminal's wachtzin prompt for it). Every failure is a
CliError: one Dutch line, never a key, wachtzin or traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK = 0
_TUI_COMMANDS = (None, "demo")


def register(subparsers, common_parent: argparse.ArgumentParser | None = None) -> None:
    """Add `sleutel export BESTAND` and `sleutel import BESTAND` to regie's subcommands."""
    parents = [common_parent] if common_parent is not None else []

    def add(where, name: str, help_text: str) -> argparse.ArgumentParser:
        made = where.add_parser(name, help=help_text, description=help_text, parents=parents)
        if common_parent is None:  # a --db after the opdracht overrides `regie --db X`
            made.add_argument("--db", metavar="PAD", default=argparse.SUPPRESS,
                              help="database-bestand (anders REGIE_DB of de standaardlocatie)")
        return made

    sleutel = add(subparsers, "sleutel", "sleutel van de versleutelde database bewaren of terugzetten (herstelprocedure)")
    sleutel_sub = sleutel.add_subparsers(dest="sleutel_opdracht", metavar="OPDRACHT", parser_class=type(sleutel),
                                         title="opdrachten", required=True)
    add(sleutel_sub, "export", "schrijf de sleutel naar een nieuw bestand voor de sleutelbeheerder (alleen voor u leesbaar)") \
        .add_argument("bestand", metavar="BESTAND")
    add(sleutel_sub, "import", "zet een geëxporteerde sleutel in de sleutelbos van deze computer") \
        .add_argument("bestand", metavar="BESTAND")


def dispatch(args: argparse.Namespace, locations) -> int | None:
    """Run the command if it is one of these; None otherwise."""
    command = getattr(args, "opdracht", None)
    if command in _TUI_COMMANDS:
        return None  # the app asks for a wachtzin in its own screen
    from storage import keys

    keys.set_passphrase_prompt(ask_passphrase)
    if command == "sleutel":
        if args.sleutel_opdracht == "export":
            return export_key(locations, args.bestand)
        return import_key(locations, args.bestand)
    if command == "backup":
        return backup(locations)
    if command == "restore":
        return restore(locations, args.bestand, confirmed=getattr(args, "ja", False))
    return None


def _fout(message: str):
    from tui.cli import CliError

    return CliError(message)


def ask_passphrase(database: Path, new: bool) -> str | None:
    """Ask for the wachtzin on the terminal (not echoed); without a terminal, say how else."""
    import getpass

    from storage import keys

    if not sys.stdin.isatty():
        raise _fout(f"{keys.NO_KEYRING if new else 'deze database is versleuteld met een wachtzin.'} Zonder terminal om "
                    f"hem in te typen: geef de wachtzin mee in de omgevingsvariabele {keys.ENV_PASSPHRASE} (zie de README).")
    if new:
        sys.stderr.write(keys.NO_KEYRING + "\n")
        first = getpass.getpass("Nieuwe wachtzin: ")
        if problem := keys.check_new_passphrase(first):
            raise _fout(problem)
        if getpass.getpass("Nogmaals, ter controle: ") != first:
            raise _fout("de twee wachtzinnen zijn niet gelijk; er is niets aangemaakt")
        return first
    return getpass.getpass(f"Wachtzin voor {database.name}: ")


def _key_of(database: Path):
    """The key that opens the existing `database` (None when it is plain), or a CliError."""
    from storage import keys
    from storage.db import check_key

    if keys.encryption_state(database) is not True:
        return None
    try:
        key = keys.resolve_key(database)
        check_key(database, key)
    except keys.KeyProblemError as exc:
        raise _fout(str(exc)) from None
    keys.remember(database, key)
    return key


def export_key(locations, bestand: str) -> int:
    from storage import keys

    database = locations.database
    target = Path(bestand).expanduser()
    if keys.encryption_state(database) is not True:
        raise _fout(f"er is geen versleutelde database op {database}; start regie eerst één keer")
    if target.exists():
        raise _fout(f"{target} bestaat al; kies een nieuwe bestandsnaam (regie overschrijft nooit een sleutelbestand)")
    key = _key_of(database)
    try:
        keys.write_key_file(target, key, database=database)
    except OSError as exc:
        raise _fout(f"{target} kan niet worden geschreven ({exc.strerror})") from None
    print(f"Sleutel geschreven naar {target} (alleen leesbaar voor u).")
    print("LET OP: met dit bestand kan iedereen alle persoonsgegevens in de database en de back-ups lezen. "
          "Geef het aan de sleutelbeheerder van de gemeente, bewaar het offline en achter slot, "
          "en verwijder het daarna van deze computer.")
    return EXIT_OK


def import_key(locations, bestand: str) -> int:
    from storage import keys
    from storage.db import check_key

    database = locations.database
    source = Path(bestand).expanduser()
    try:
        key = keys.read_key_file(source)
        if keys.encryption_state(database) is True:
            check_key(database, key)
    except keys.KeyRejectedError:
        raise _fout(f"deze sleutel hoort niet bij {database}; er is niets gewijzigd") from None
    except keys.KeyProblemError as exc:
        raise _fout(str(exc)) from None
    if not keys.store_in_keyring(database, key):
        raise _fout("op deze computer is geen sleutelbos om de sleutel in te bewaren. Start regie dan met de "
                    f"omgevingsvariabele {keys.ENV_KEY_FILE}={source} (zie de README: ‘Versleuteling en sleutelbeheer’)")
    print(f"Sleutel opgeslagen in de sleutelbos van deze computer, voor {database}.")
    print(f"U kunt {source} nu van deze computer verwijderen; de sleutelbeheerder heeft het origineel.")
    return EXIT_OK


def backup(locations) -> int:
    from storage.backup import BackupError, make_backup

    if not locations.database.exists():
        raise _fout(f"er is nog geen database op {locations.database}")
    key = _key_of(locations.database)
    try:
        made = make_backup(locations.database, locations.backups, reason="handmatig", key=key)
    except BackupError as exc:
        raise _fout(str(exc)) from None
    print(f"Back-up gemaakt en gecontroleerd{' (versleuteld)' if key else ''}: {made}")
    return EXIT_OK


def restore(locations, bestand: str, *, confirmed: bool) -> int:
    from storage import keys
    from storage.backup import BackupError, adopt_backup_salt, restore_backup

    source = Path(bestand).expanduser()
    if not source.is_file():
        raise _fout(f"het bestand {source} bestaat niet")
    database = locations.database
    key = _key_of(database)
    # A new laptop: no database yet. The key is the imported one (keyring, REGIE_KEY_FILE) or the
    # wachtzin with the salt the backup keeps beside it, which goes along to the database.
    adopted = key is None and keys.encryption_state(source) is True and adopt_backup_salt(source, database)
    restored = False
    try:
        if key is None and keys.encryption_state(source) is True:
            try:
                key = keys.resolve_key(database)
            except keys.KeyProblemError as exc:
                raise _fout(str(exc)) from None
        if not confirmed:
            answer = input(f"De huidige database {database} wordt vervangen door {source.name}. "
                           "Er wordt eerst een back-up van de huidige stand gemaakt. Doorgaan? [j/N] ")
            if answer.strip().lower() not in ("j", "ja"):
                print("Niets teruggezet.")
                return EXIT_OK
        try:
            safety = restore_backup(source, database, locations.backups, key=key)
        except BackupError as exc:
            raise _fout(str(exc)) from None
        restored = True
    finally:
        if adopted and not restored:
            keys.salt_file(database).unlink(missing_ok=True)
    if safety:
        print(f"Huidige stand bewaard in {safety}")
    print(f"Teruggezet: {source.name}")
    return EXIT_OK
