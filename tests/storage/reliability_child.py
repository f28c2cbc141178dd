"""A child process for the reliability tests: runs one of regie's use cases in a loop, through the
services a face calls, and prints `confirmed <what>` only after each has returned (committed).

Modes: `save` (an aanmelding with its visit), `import` (a personen file of ROUND_SIZE persons, all
or nothing), `uren` (an uren file, staged import), `backup` (a checked backup), `erase` (opschonen
of the persons whose bewaartermijn ended). The parent kills it at a seeded random moment.
Synthetic data only.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

ROUND_SIZE = 25
TODAY = date(2026, 11, 23)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--mode", required=True, choices=["save", "import", "uren", "backup", "erase"])
    parser.add_argument("--prefix", required=True)
    parser.add_argument("--work", required=True, help="a folder for the CSV files of this child")
    args = parser.parse_args()

    from services.store import open_store, resolve

    locations = resolve(Path(args.db))
    store = open_store(locations, backup_on_start=False)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    print("ready", flush=True)
    number = 0
    while True:
        number += 1
        name = f"{args.prefix}-{number}"
        if args.mode == "save":
            from services import aanmelding

            aanmelding.create_aanmelding(store=store, today=TODAY, aanmelding=aanmelding.Aanmelding(
                naam=f"Testpersoon {name}", doelgroep="asielstatushouder", kenmerk=name, koppeling=date(2026, 3, 2),
                contact_soort="spreekuur", contact_datum=TODAY, notitie=f"bezoek {name}"))
        elif args.mode == "import":
            from services.imports import import_personen

            source = work / f"{name}.csv"
            source.write_text("kenmerk;naam;doelgroep;koppeling\n" + "".join(
                f"{name}-{i};Testpersoon {name} {i};gezinsmigrant;2026-03-01\n" for i in range(ROUND_SIZE)),
                encoding="utf-8")
            import_personen(store, path=source, today=TODAY)
        elif args.mode == "uren":
            from services.imports import import_uren

            source = work / f"{name}.csv"
            source.write_text("kenmerk;datum;soort;uren;bron\n" + "".join(
                f"UREN-1;2026-11-{1 + i % 20:02d};taal_knm;1;{name}\n" for i in range(ROUND_SIZE)), encoding="utf-8")
            import_uren(store, path=source, today=TODAY)
        elif args.mode == "backup":
            from services.backups import backup_now

            made = backup_now(locations)
            name = made.path.name
        elif args.mode == "erase":
            from services import opschonen

            expired = opschonen.list_expired(store, today=TODAY)
            if not expired.personen:
                print("done", flush=True)
                sys.stdin.readline()  # wait to be killed: nothing left to erase
                return 0
            erased = opschonen.purge_expired(store, expired=expired)
            name = f"{erased}:" + ",".join(sorted(p.kenmerk for p in expired.personen))
        print(f"confirmed {name}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
