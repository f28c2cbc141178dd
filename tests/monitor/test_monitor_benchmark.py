"""The monitor benchmark runs at a tiny size and gives a verdict (nothing is timed here: shared machines are noisy)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_monitor_benchmark_runs_at_a_tiny_size(tmp_path):
    env = dict(os.environ, REGIE_DATA_DIR=str(tmp_path / "data"), REGIE_CONFIG_DIR=str(tmp_path / "config"))
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "monitor.py"), "--size", "tiny", "--repeat", "1"],
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    line = run.stdout.strip().splitlines()[-1]
    assert line.startswith("jaarrapport van de monitor: mediaan") and ("gehaald" in line or "GEMIST" in line)
