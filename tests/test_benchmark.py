"""The benchmark runs, at a tiny size, without timing anything here (timed tests are flaky on shared machines)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from benchmarks.run import Figure, exit_code, report

ROOT = Path(__file__).resolve().parents[1]


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(REGIE_DATA_DIR=str(tmp_path / "data"), REGIE_CONFIG_DIR=str(tmp_path / "config"))
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def test_the_benchmark_runs_at_a_tiny_size_and_gives_every_figure_a_verdict(tmp_path):
    results = tmp_path / "RESULTS.md"
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--size", "tiny", "--repeat", "1", "--no-check",
         "--results", str(results)],
        capture_output=True, text=True, env=_env(tmp_path), cwd=ROOT, timeout=600,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    verdicts = [line for line in run.stdout.splitlines() if "doel ≤" in line]
    names = ("eerste frame van de caseload", "caseloadfilter", "dossier openen", "regie signalen", "Z-route-totalen",
             "uren-regels uit CSV", "piekgeheugen")
    for name in names:
        assert any(name in line and line.rstrip().endswith(("gehaald", "GEMIST")) for line in verdicts), name
    assert len(verdicts) == len(names)
    assert not results.exists()  # only a full-size run rewrites RESULTS.md


def test_a_missed_target_is_printed_as_missed_and_fails_the_run(capsys):
    figures = [
        Figure("snel genoeg", "s", [0.010, 0.020, 0.030], 0.150),
        Figure("te traag", "s", [0.200, 0.300, 0.400], 0.150),
        Figure("start", "× basis", [1.0, 1.1, 1.3], 1.2, relative_to="minimale app"),
    ]
    _, missed = report(figures, {"minimale app": 1.0})
    out = capsys.readouterr().out
    assert "snel genoeg: mediaan 20.0 ms" in out and out.splitlines()[0].endswith("gehaald")
    assert out.splitlines()[1].startswith("te traag: mediaan 300.0 ms") and out.splitlines()[1].endswith("GEMIST")
    assert out.splitlines()[2].endswith("gehaald")  # 1.1 × basis
    assert missed == 1
    assert exit_code(missed, check=True) == 1
    assert exit_code(missed, check=False) == 0
    assert exit_code(0, check=True) == 0


def test_the_memory_probe_reads_its_own_peak_not_the_one_of_the_process_that_started_it():
    # The benchmark has run the whole app itself before it starts the memory probe. Linux carries
    # ru_maxrss over an exec, so a probe reading it reported the benchmark's peak instead of its own.
    child = "from benchmarks.probe import peak_memory_mb; print(peak_memory_mb())"
    parent = (
        "import subprocess, sys\n"
        "ballast = bytearray(300 * 1024 * 1024)\n"
        "for i in range(0, len(ballast), 4096): ballast[i] = 1\n"
        f"print(subprocess.run([sys.executable, '-c', {child!r}], capture_output=True, text=True, check=True).stdout)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run([sys.executable, "-c", parent], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120, check=True)
    peak = float(out.stdout.strip())
    assert 1 < peak < 150  # a bare Python's own peak, not the parent's 300 MB
