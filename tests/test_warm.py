"""The warm starter the kill tests use behaves like subprocess.Popen where they rely on it (tests/warm.py)."""

from __future__ import annotations

import signal
import textwrap

import pytest

from tests.warm import FORKS, WarmStarter

SCRIPT = textwrap.dedent("""
    import sys, time
    print("ready", flush=True)
    if sys.argv[1] == "echo":
        print("gelezen:", sys.stdin.readline().strip(), flush=True)
        print("naar stderr", file=sys.stderr, flush=True)
        raise SystemExit(3)
    while True:
        time.sleep(0.01)
""")


def test_a_warm_child_reads_writes_and_reports_its_exit_code(tmp_path):
    script = tmp_path / "kind.py"
    script.write_text(SCRIPT, encoding="utf-8")
    with WarmStarter(preload=("json",)) as starter:
        child = starter.start(script, "echo")
        assert child.stdout.readline() == "ready\n"
        child.stdin.write("hallo\n")
        child.stdin.flush()
        output, errors = child.communicate(timeout=30)
    assert output == "gelezen: hallo\n"
    assert errors == "naar stderr\n"
    assert child.returncode == 3


@pytest.mark.skipif(not FORKS, reason="forking is POSIX-only; elsewhere the starter is plain subprocess.Popen")
def test_a_warm_child_is_a_process_of_its_own_that_sigkill_ends(tmp_path):
    script = tmp_path / "kind.py"
    script.write_text(SCRIPT, encoding="utf-8")
    with WarmStarter(preload=()) as starter:
        first, second = starter.start(script, "wacht"), starter.start(script, "wacht")
        assert first.stdout.readline() == second.stdout.readline() == "ready\n"
        assert first.pid != second.pid
        first.send_signal(signal.SIGKILL)
        first.communicate(timeout=30)
        second.kill()
        second.communicate(timeout=30)
    assert first.returncode == second.returncode == -signal.SIGKILL
