"""Finding people at municipal size (issue 17): the caseload filter per keystroke, and F2's search in SQL.

    python benchmarks/search.py [--persons 10000]     (builds a database with benchmarks/build.py in a temporary folder)

The caseload filter runs in memory over the loaded caseload (one pass per
keystroke, on the stored zoeksleutel); F2, F3 and the command palette ask SQL
(one ``LIKE`` per word on ``person.zoeksleutel``). Both are timed here for
queries typed letter by letter, the way a consulent types them; the figure to
compare with issue 16's target (a keystroke in the filter, median ≤ 50 ms) is
the filter's own cost, which the full benchmark (benchmarks/run.py) adds the
repaint to.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.build import Size, build  # noqa: E402

TODAY = date(2026, 11, 22)
QUERIES = ("osman", "OSMAN", "darwish omar", "ozturk", "hail", "IB-2025-00", "4567")


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    return (f"mediaan {statistics.median(ordered) * 1000:.1f} ms, p95 {ordered[int(len(ordered) * 0.95)] * 1000:.1f} ms, "
            f"slechtste {ordered[-1] * 1000:.1f} ms ({len(ordered)} metingen)")


def measure(db: Path) -> None:
    from rules.policy import Policy
    from services.caseload import CaseloadFilter, apply_filter, load_caseload
    from services.search import search_people
    from services.store import open_as_user
    from storage.paths import resolve

    store = open_as_user(resolve(db), must_exist=True)
    try:
        caseload = load_caseload(store=store, as_of=TODAY, policy=Policy())
        filter_times, sql_times = [], []
        for _round in range(5):
            for query in QUERIES:
                for end in range(1, len(query) + 1):
                    typed = query[:end]
                    started = time.perf_counter()
                    apply_filter(caseload.entries, CaseloadFilter(text=typed), consulent=None)
                    filter_times.append(time.perf_counter() - started)
                    started = time.perf_counter()
                    search_people(store=store, text=typed, limit=20)
                    sql_times.append(time.perf_counter() - started)
        print(f"{len(caseload.entries)} personen")
        print(f"caseloadfilter per toetsaanslag (in het geheugen, zonder tekenen): {_ms(filter_times)}")
        print(f"F2/F3/palet: zoeken in SQL per toetsaanslag: {_ms(sql_times)}")
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="zoeken bij gemeentelijke omvang meten")
    parser.add_argument("--persons", type=int, default=10_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="regie-bench-search-") as tmp:
        from storage import keys

        db = Path(tmp) / "regie.sqlite"
        if keys.ENV_KEY_FILE not in os.environ:
            key_file = Path(tmp) / "sleutel.txt"  # as benchmarks/run.py: the key holder's file, no prompt
            keys.write_key_file(key_file, keys.DatabaseKey.generate("sleutelbestand"), database=db)
            os.environ[keys.ENV_KEY_FILE] = str(key_file)
        build(db, Size(people=args.persons, hours=10 * args.persons, contacts=10 * args.persons, weekplan=5 * args.persons),
              today=TODAY)
        measure(db)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
