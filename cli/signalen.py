"""`regie signalen`: the signalen of the whole caseload on a date, as a table, JSON or a CSV for the teamoverleg."""

from __future__ import annotations

from datetime import date

from cli.main import EXIT_OK, CliError
from cli.output import json_line, table_lines


def run(locations, *, per: date, as_json: bool, csv_path: str | None = None, demo: bool = False) -> int:
    from services.settings import load_settings
    from services.signalen import ExportError, export_csv, list_signalen
    from services.store import open_as_user

    policy = load_settings(locations)
    store = open_as_user(locations, must_exist=True, demo=demo)
    try:
        found = list_signalen(store=store, as_of=per, policy=policy)
        if csv_path:
            from pathlib import Path

            target = Path(csv_path).expanduser()
            try:
                export_csv(store=store, items=found, path=target)
            except ExportError as exc:
                if exc.reason is not None:
                    raise CliError(f"{target} kan niet worden geschreven: {exc.reason}") from None
                raise
    finally:
        store.close()
    if csv_path:
        from services.privacy import privacy_line

        print(f"{len(found)} signalen geschreven naar {target}")
        print(privacy_line())
    elif as_json:
        _print_signalen_json(found)
    else:
        _print_signalen_table(found, per=per)
    return EXIT_OK


def _print_signalen_json(found) -> None:
    rows = [
        {
            "kenmerk": item.kenmerk,
            "naam": item.naam,
            "soort": str(item.signaal.soort),
            "vervaldatum": item.signaal.vervaldatum.isoformat(),
            "dagen": item.signaal.dagen,
            "ernst": item.signaal.ernst.value,
            "toelichting": item.signaal.toelichting,
        }
        for item in found
    ]
    # One object per line: readable, and json's C encoder only runs without `indent`
    # (with indent, 10,000 signalen take half a second to encode).
    if not rows:
        print("[]")
        return
    print("[\n" + ",\n".join(json_line(row) for row in rows) + "\n]")


def _print_signalen_table(found, *, per: date) -> None:
    from rules.dates import format_date

    if not found:
        print(f"Geen signalen per {format_date(per)}.")
        return
    header = ("kenmerk", "naam", "signaal", "vervaldatum", "dagen", "ernst")
    rows = [
        (item.kenmerk, item.naam, item.signaal.label, format_date(item.signaal.vervaldatum),
         str(item.signaal.dagen), item.signaal.ernst.label)
        for item in found
    ]
    verlopen = sum(1 for item in found if item.signaal.ernst.value == "verlopen")
    print(f"Signalen per {format_date(per)}: {len(found)}, waarvan {verlopen} verlopen")
    print()
    for text in table_lines(header, rows, right=frozenset({4})):  # dagen, a number, right-aligned
        print(text)
