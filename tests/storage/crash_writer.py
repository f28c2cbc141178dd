"""A child process for the crash and concurrency tests: saves, and says so after each commit.

Opens the store the way regie does (open_store: key from REGIE_PASSPHRASE,
encrypted), then loops: one write_session inserts a person plus
--contacts contactmomenten (one "save"), and only after the commit prints
`confirmed <kenmerk>`. The parent kills it at random moments, or lets two of
them write at once. Synthetic data only.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import text

from storage.db import write_session
from storage.paths import resolve
from storage.store import open_store

PERSON = text(
    "INSERT INTO person (kenmerk, naam, doelgroep, nareiziger, regime, tolk_nodig, status, bijstand, version,"
    " created_at, updated_at) VALUES (:kenmerk, :naam, 'asielstatushouder', 0, 'wi2021', 0, 'actief', 0, 1, :now, :now)"
    " RETURNING id"
)
CONTACT = text(
    "INSERT INTO contactmoment (person_id, datum, soort, notitie, created_at)"
    " VALUES (:person_id, :datum, 'spreekuur', :notitie, :now)"
)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--prefix", required=True)
    parser.add_argument("--count", type=int, default=0, help="0: until killed")
    parser.add_argument("--contacts", type=int, default=5)
    parser.add_argument("--go", help="wait for this file before writing (start two writers together)")
    args = parser.parse_args()

    store = open_store(resolve(args.db), backup_on_start=False)
    print("ready", flush=True)
    if args.go:
        while not Path(args.go).exists():
            time.sleep(0.005)
    number = 0
    while args.count == 0 or number < args.count:
        number += 1
        kenmerk = f"{args.prefix}-{number}"
        now = datetime.now(UTC)
        with write_session(store.engine) as session:
            person_id = session.execute(PERSON, {"kenmerk": kenmerk, "naam": f"Testpersoon {kenmerk}", "now": now}).scalar_one()
            for index in range(args.contacts):
                session.execute(CONTACT, {"person_id": person_id, "datum": date(2026, 1, 1 + index % 28),
                                          "notitie": f"notitie {index} bij {kenmerk}", "now": now})
        print(f"confirmed {kenmerk}", flush=True)
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
