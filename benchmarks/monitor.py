"""Benchmark of the monitor: a year's report over the benchmark database (target: at most 1 s).

    python benchmarks/monitor.py --db PAD        measure on (or build once into) this database
    python benchmarks/monitor.py --size tiny     a quick run that only proves it works

``benchmarks/run.py`` hooks it in with one line in its figures list:

    Figure("jaarrapport van de monitor (regie rapport)", "s", measure_monitor_rapport(db, args.repeat), 1.0),
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TODAY = date(2026, 11, 22)
TARGET_SECONDS = 1.0


def measure_monitor_rapport(db: Path, repeat: int, *, cpu: list[float] | None = None) -> list[float]:
    """Seconds (wall clock) for ``services.monitor.monitor`` over the year up to TODAY: every figure and every
    chart's data, on an open store (as the app and ``regie rapport`` have one). ``cpu``, when given, receives the
    process's CPU seconds of each run: on a shared, busy machine that shows what the report itself costs."""
    from rules.policy import Policy
    from services.monitor import monitor
    from storage.paths import resolve
    from storage.store import open_store

    store = open_store(resolve(db), backup_on_start=False)
    try:
        van, tot = TODAY - timedelta(days=364), TODAY
        monitor(store, van=van, tot=tot, policy=Policy())  # warm the page cache like a second report in a session
        samples = []
        for _ in range(repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            monitor(store, van=van, tot=tot, policy=Policy())
            samples.append(time.perf_counter() - start)
            if cpu is not None:
                cpu.append(time.process_time() - start_cpu)
        return samples
    finally:
        store.close()


def _load() -> str:
    try:
        return ", ".join(f"{value:.1f}" for value in os.getloadavg())
    except (AttributeError, OSError):  # Windows has no load average
        return "onbekend"


def main(argv: list[str] | None = None) -> int:
    from benchmarks.build import FULL, TINY, build

    parser = argparse.ArgumentParser(description="regie monitor benchmark")
    parser.add_argument("--size", choices=("full", "tiny"), default="full")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", type=Path, help="reuse (or build once into) this database file")
    args = parser.parse_args(argv)
    size = FULL if args.size == "full" else TINY
    with tempfile.TemporaryDirectory(prefix="regie-bench-monitor-") as tmp:
        workdir = Path(tmp)
        os.environ.setdefault("REGIE_DATA_DIR", str(workdir / "data"))
        os.environ.setdefault("REGIE_CONFIG_DIR", str(workdir / "config"))
        os.environ.setdefault("REGIE_PASSPHRASE", "regie-benchmark-wachtzin")
        db = args.db or workdir / "bench.sqlite"
        if not db.exists():
            print(f"Database bouwen: {size.people} personen, {size.hours} uren, {size.contacts} contactmomenten…", flush=True)
            build(db, size, today=TODAY)
        cpu: list[float] = []
        samples = measure_monitor_rapport(db, args.repeat, cpu=cpu)
    median = statistics.median(samples)
    verdict = "gehaald" if median <= TARGET_SECONDS else "GEMIST"
    print(f"jaarrapport van de monitor: mediaan {median * 1000:.0f} ms "
          f"(spreiding {min(samples) * 1000:.0f}-{max(samples) * 1000:.0f} ms), doel ≤ {TARGET_SECONDS:.1f} s: {verdict}; "
          f"rekentijd (CPU) mediaan {statistics.median(cpu) * 1000:.0f} ms; belasting van de machine {_load()}")
    return 0 if median <= TARGET_SECONDS or args.size == "tiny" else 1


if __name__ == "__main__":
    raise SystemExit(main())
