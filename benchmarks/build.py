"""Build the benchmark's synthetic municipality-sized database, fast enough for 100,000 persons.

    python benchmarks/build.py DB --persons 100000     (a key file must be named by REGIE_KEY_FILE)

People come from the demo generator (`storage.demo.seed_demo`), so their dates
and phases are realistic: a few dozen rounds of it are written once to a small
plain template database, and the benchmark's persons are copies of those
templates with their own id, kenmerk and BSN. Hour registrations, contact
moments and weekplan entries are the templates' own, capped or topped up
with random rows to the exact sizes asked for.

Why not call the demo generator once per 60 persons, as before: every round
read all stored BSNs back (quadratic: 827 s for 100,000 persons), and the
test-BSN range (9999xxxxx, about 9,100 numbers that pass the 11-proef) ran
out past about 10,100 persons, after which the generator looped forever.
Here BSNs are dealt from that range, each once, until it is used up; persons
after that have no BSN (as people do whose BSN is not yet known). No real
BSN is ever made up.

The rows go in with plain `executemany` on the store's own encrypted
connection, in values already in the form SQLAlchemy stores them (read from
the template database), in one transaction.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from uuid import uuid4

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@dataclass(frozen=True)
class Size:
    people: int
    hours: int
    contacts: int
    weekplan: int

    @classmethod
    def per_person(cls, people: int) -> Size:
        """Issue 16's ratios (10,000 persons: 1,000,000 hours, 100,000 contacts, 50,000 weekplan rows)."""
        return cls(people=people, hours=100 * people, contacts=10 * people, weekplan=5 * people)


FULL = Size.per_person(10_000)
TINY = Size(people=120, hours=5_000, contacts=800, weekplan=400)
BATCH = 20_000
TEMPLATE_ROUNDS = 20  # about 1,100 distinct template persons

# The children of a person, in the order they are copied; (table, columns besides id).
CHILD_TABLES = ("contactmoment", "weekplan_entry", "urenregistratie", "examen_poging")


def fictional_bsns(rng: random.Random) -> list[str]:
    """Every BSN in the 9999 test range that passes the 11-proef, shuffled (about 9,100)."""
    found = []
    for body in range(10_000):
        digits = [9, 9, 9, 9, *map(int, f"{body:04d}")]
        check = sum(weight * digit for weight, digit in zip(range(9, 1, -1), digits)) % 11
        if check < 10:
            found.append("".join(map(str, digits)) + str(check))
    rng.shuffle(found)
    return found


def _columns(connection, table: str) -> list[str]:
    return [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]


def _templates(workdir: Path, *, today: date, rounds: int) -> tuple[list[str], list[tuple], dict[str, tuple[list[str], dict[int, list[tuple]]]]]:
    """Persons and their children as stored by seed_demo in a plain template database."""
    from storage.db import write_session
    from storage.demo import seed_demo
    from storage.paths import Locations
    from storage.store import open_store

    template = workdir / "template.sqlite"
    store = open_store(Locations(database=template, backups=workdir / "template-backups", config_dir=workdir),
                       backup_on_start=False, encrypt=False)
    with write_session(store.engine) as session:
        connection = session.connection()
        number = 1
        for round_ in range(rounds):
            number += seed_demo(connection, today=today, seed=1000 + round_, first_number=number)
    store.close()

    import sqlite3

    plain = sqlite3.connect(template)
    try:
        person_columns = _columns(plain, "person")
        persons = list(plain.execute("SELECT * FROM person ORDER BY id"))
        children: dict[str, tuple[list[str], dict[int, list[tuple]]]] = {}
        for table in CHILD_TABLES:
            # person_id first; a copy for another person is then (person_id,) + the rest.
            columns = ["person_id", *(c for c in _columns(plain, table) if c not in ("id", "person_id"))]
            by_person: dict[int, list[tuple]] = {}
            for row in plain.execute(f'SELECT {", ".join(columns)} FROM "{table}" ORDER BY id'):
                by_person.setdefault(row[0], []).append(row[1:])
            children[table] = (columns, by_person)
    finally:
        plain.close()
    return person_columns, persons, children


def _insert(cursor, table: str, columns: list[str], rows) -> int:
    """executemany in batches from any iterable of tuples; returns how many rows went in."""
    sql = f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})'
    total = 0
    rows = iter(rows)
    if "uuid" in columns:  # team mode (0009): a copied row needs an identity of its own, not its template's
        from uuid import uuid4

        at = columns.index("uuid")
        rows = ((*row[:at], str(uuid4()), *row[at + 1:]) for row in rows)
    while batch := list(itertools.islice(rows, BATCH)):
        cursor.executemany(sql, batch)
        total += len(batch)
    return total


def build(path: Path, size: Size, *, today: date, seed: int = 7, progress=None) -> None:
    """Create the encrypted database at `path` (it must not exist yet) with exactly `size` rows.

    The key comes the way the app finds it (REGIE_KEY_FILE, keyring or REGIE_PASSPHRASE)."""
    from storage.paths import resolve
    from storage.store import open_store

    say = progress or (lambda _message: None)
    rng = random.Random(seed)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="regie-bench-template-") as tmp:
        rounds = max(1, min(TEMPLATE_ROUNDS, -(-size.people // 50)))
        person_columns, templates, children = _templates(Path(tmp), today=today, rounds=rounds)
    say(f"  {len(templates)} sjabloonpersonen in {time.perf_counter() - started:.1f} s")

    store = open_store(resolve(path), backup_on_start=False)  # encrypted, migrated by regie itself
    raw = store.engine.raw_connection()
    try:
        cursor = raw.cursor()
        # A builder may lose its work in a crash (it is simply run again): no fsync per step.
        cursor.execute("PRAGMA synchronous = OFF")
        # A rollback journal in memory instead of the WAL: the new pages go to the file once, not
        # to the WAL first and then again at the checkpoint. regie turns WAL on again when it opens.
        cursor.execute("PRAGMA journal_mode = MEMORY")
        cursor.execute("PRAGMA cache_size = -262144")  # 256 MB: index pages of the large tables stay in memory
        cursor.execute("BEGIN")
        bsns = iter(fictional_bsns(rng))
        id_at = person_columns.index("id")
        kenmerk_at = person_columns.index("kenmerk")
        bsn_at = person_columns.index("bsn")
        # Team mode gives persons, contactmomenten and uren a UUID each (unique): copies get their own.
        person_uuid_at = person_columns.index("uuid") if "uuid" in person_columns else None
        child_uuid_at = {table: children[table][0].index("uuid") for table in CHILD_TABLES if "uuid" in children[table][0]}

        def own_uuid(table: str, row: tuple) -> tuple:
            at = child_uuid_at.get(table)
            if at is None:
                return row
            row = list(row)
            row[at] = str(uuid4())
            return tuple(row)
        targets = {"contactmoment": size.contacts, "weekplan_entry": size.weekplan, "urenregistratie": size.hours}
        days = [(today - timedelta(days=back)).isoformat() for back in range(1000)]  # as SQLAlchemy stores a date
        # Top-up rows: a template row of the table with these columns drawn at random.
        varying = {
            "urenregistratie": {"datum": days, "soort": ("taal_knm", "participatie", "taal_knm_brede_intake"),
                                "minuten": (60, 90, 120, 180, 240), "bron": ("Taalschool", "Vluchtelingenwerk", "Bibliotheek"),
                                "omschrijving": ("",)},
            "contactmoment": {"datum": days, "soort": ("spreekuur", "telefonisch", "huisbezoek"),
                              "notitie": ("Synthetische notitie voor de benchmark.",)},
            "weekplan_entry": {"weekdag": range(5), "categorie": ("taal", "participatie", "financiele_educatie"),
                               "geldig_van": days, "geldig_tot": (None,)},
        }
        # A pool of top-up rows (without person_id) per table: a template row with the varying columns drawn.
        pools: dict[str, list[tuple]] = {}
        for table, columns_drawn in varying.items():
            rest = children[table][0][1:]
            base = next(iter(children[table][1].values()))[0]
            pool = []
            for _ in range(4096):
                row = list(base)
                for column, values in columns_drawn.items():
                    row[rest.index(column)] = rng.choice(values)
                pool.append(tuple(row))
            pools[table] = pool
        pending: dict[str, list[tuple]] = {table: [] for table in CHILD_TABLES}
        counts = dict.fromkeys(CHILD_TABLES, 0)
        people: list[tuple] = []
        chosen = rng.choices(range(len(templates)), k=size.people)

        def flush(force: bool = False) -> None:
            force = force or any(len(rows) >= BATCH for rows in pending.values())  # children after their persons
            if people and force:
                _insert(cursor, "person", person_columns, people)
                people.clear()
            for table in CHILD_TABLES:
                rows = pending[table]
                if rows and force:
                    _insert(cursor, table, children[table][0], rows)
                    rows.clear()

        # Person by person, so every index (all start with person_id) grows at its end: no
        # random page writes, which made the 10,000,000 hour rows of 100,000 persons slow.
        for number, index in enumerate(chosen, start=1):
            template = list(templates[index])
            template_id = template[id_at]
            kenmerk = template[kenmerk_at]
            template[id_at] = number
            template[kenmerk_at] = f"IB-NIEUW-{number:06d}" if kenmerk.startswith("IB-NIEUW") else f"IB-{2024 + number % 3}-{number:06d}"
            if template[bsn_at] is not None:
                template[bsn_at] = next(bsns, None)
            if person_uuid_at is not None:
                template[person_uuid_at] = str(uuid4())
            people.append(tuple(template))
            own = (number,)
            for table in CHILD_TABLES:
                rows = children[table][1].get(template_id, ())
                target = targets.get(table)
                if target is not None:
                    rows = rows[:max(0, target - counts[table])]
                pending[table].extend(own_uuid(table, own + row) for row in rows)
                counts[table] += len(rows)
                if target is not None:
                    # Random rows up to this person's share, so the total comes out exact.
                    missing = target * number // size.people - counts[table]
                    if missing > 0:
                        pending[table].extend(own_uuid(table, own + row) for row in rng.choices(pools[table], k=missing))
                        counts[table] += missing
            flush()
        flush(force=True)
        assert all(counts[table] == target for table, target in targets.items()), counts
        cursor.execute("COMMIT")
        say(f"  {size.people} personen en hun rijen geschreven in {time.perf_counter() - started:.1f} s")
        # Statistics for the query planner from a sample of each index: a full ANALYZE reads all
        # 10,000,000 hour rows of 100,000 persons again.
        cursor.execute("PRAGMA analysis_limit = 10000")
        cursor.execute("ANALYZE")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()
    finally:
        raw.close()
        store.close()
    say(f"  klaar in {time.perf_counter() - started:.1f} s (rekentijd van dit proces {time.process_time():.1f} s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="build the benchmark database (key from REGIE_KEY_FILE or REGIE_PASSPHRASE)")
    parser.add_argument("database", type=Path)
    parser.add_argument("--persons", type=int, default=FULL.people)
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 22))
    args = parser.parse_args(argv)
    if args.database.exists():
        parser.error(f"{args.database} bestaat al")
    build(args.database, Size.per_person(args.persons), today=args.today, progress=lambda line: print(line, flush=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
