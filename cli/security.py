"""`regie sleutel export|import`, and `regie backup|restore` with the database key.

`cli.main` calls `register` while building its parser and `dispatch` before
its own commands; `dispatch` answers None for a command that is not handled
here (after installing the terminal's wachtzin prompt for it). The work is
done by `services.keys` and `services.backups`; every failure is one Dutch
line, never a key, wachtzin or traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.main import EXIT_OK, CliError

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
    from services import keys

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


def ask_passphrase(database: Path, new: bool) -> str | None:
    """Ask for the wachtzin on the terminal (not echoed); without a terminal, say how else."""
    import getpass

    from services import keys

    if not sys.stdin.isatty():
        raise CliError(f"{keys.NO_KEYRING if new else 'deze database is versleuteld met een wachtzin.'} Zonder terminal om "
                       f"hem in te typen: geef de wachtzin mee in de omgevingsvariabele {keys.ENV_PASSPHRASE} (zie de README).")
    if new:
        sys.stderr.write(keys.NO_KEYRING + "\n")
        first = getpass.getpass("Nieuwe wachtzin: ")
        if problem := keys.check_new_passphrase(first):
            raise CliError(problem)
        if getpass.getpass("Nogmaals, ter controle: ") != first:
            raise CliError("de twee wachtzinnen zijn niet gelijk; er is niets aangemaakt")
        return first
    return getpass.getpass(f"Wachtzin voor {database.name}: ")


def export_key(locations, bestand: str) -> int:
    from services import keys

    target = keys.export_key(locations, target=Path(bestand))
    print(f"Sleutel geschreven naar {target} (alleen leesbaar voor u).")
    print("LET OP: met dit bestand kan iedereen alle persoonsgegevens in de database en de back-ups lezen. "
          "Geef het aan de sleutelbeheerder van de gemeente, bewaar het offline en achter slot, "
          "en verwijder het daarna van deze computer.")
    return EXIT_OK


def import_key(locations, bestand: str) -> int:
    from services import keys

    source = Path(bestand).expanduser()
    database = keys.import_key(locations, source=source)
    print(f"Sleutel opgeslagen in de sleutelbos van deze computer, voor {database}.")
    print(f"U kunt {source} nu van deze computer verwijderen; de sleutelbeheerder heeft het origineel.")
    return EXIT_OK


def backup(locations) -> int:
    from services.backups import backup_now

    made = backup_now(locations)
    from services.privacy import privacy_line

    print(f"Back-up gemaakt en gecontroleerd{' (versleuteld)' if made.encrypted else ''}: {made.path}")
    print(privacy_line(encrypted=made.encrypted))
    return EXIT_OK


def _confirm_restore(database: Path, source: Path) -> bool:
    answer = input(f"De huidige database {database} wordt vervangen door {source.name}. "
                   "Er wordt eerst een back-up van de huidige stand gemaakt. Doorgaan? [j/N] ")
    return answer.strip().lower() in ("j", "ja")


def restore(locations, bestand: str, *, confirmed: bool) -> int:
    from services.backups import restore as put_back

    done = put_back(locations, source=Path(bestand), confirm=None if confirmed else _confirm_restore)
    if not done.done:
        print("Niets teruggezet.")
        return EXIT_OK
    if done.safety:
        print(f"Huidige stand bewaard in {done.safety}")
    print(f"Teruggezet: {done.source.name}")
    return EXIT_OK
