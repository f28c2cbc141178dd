"""The benchmark's instrument works: the terminal reader, the builder and the verdicts. Nothing here is timed
(timed tests are flaky on shared machines: `benchmarks/run.py` is the judge)."""

from __future__ import annotations

import os
import sys
import textwrap
from pathlib import Path

import pytest

from benchmarks import run
from benchmarks.build import Size, build, fictional_bsns
from benchmarks.run import Figure, Measured, Session, exit_code, growth_table, report
from benchmarks.terminal import SUPPORTED, Terminal, peak_memory_mb
from rules.bsn import is_valid_bsn

ROOT = Path(__file__).resolve().parents[1]
needs_pty = pytest.mark.skipif(not SUPPORTED, reason="a pseudo-terminal needs POSIX (Windows: pywinpty)")

TINY_APP = textwrap.dedent("""
    from textual.app import App
    from textual.widgets import DataTable, Input, Static

    class Tiny(App):
        def compose(self):
            yield Input(id="zoek")
            yield Static("", id="echo")
            yield DataTable()

        def on_mount(self):
            table = self.query_one(DataTable)
            table.add_columns("Naam", "Kenmerk")
            table.add_rows([(f"Persoon {n}", f"IB-2026-{n:06d}") for n in range(1, 13)])
            self.query_one("#zoek").focus()

        def on_input_changed(self, event):
            self.query_one("#echo", Static).update(f"gezocht: {event.value}")

    Tiny().run()
""")


def _env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))


@needs_pty
def test_the_screen_reader_sees_an_apps_rows_and_its_keys_arrive_through_the_terminal(tmp_path):
    script = tmp_path / "tiny.py"
    script.write_text(TINY_APP, encoding="utf-8")
    with Terminal([sys.executable, str(script)], env=_env(), cwd=tmp_path) as terminal:
        terminal.wait_for(lambda text: run.KENMERK.findall(text) and len(run.KENMERK.findall(text)) == 12, timeout=120,
                          what="twaalf rijen")
        assert "Persoon 12" in terminal.text()
        before = terminal.text()
        pressed = terminal.press("amal")
        painted = terminal.last_change(pressed, before=before, quiet=0.3, timeout=60)
        assert painted >= pressed
        assert "gezocht: amal" in terminal.text()
        terminal.press("ctrl+q")
        terminal.wait_exit(timeout=60)
    assert not terminal.process.isalive()


@needs_pty
def test_the_real_regie_shows_the_caseload_the_benchmark_waits_for(tmp_path, monkeypatch):
    setup = run.make_setup(tmp_path)
    for name in ("REGIE_DATA_DIR", "REGIE_CONFIG_DIR", "REGIE_KEY_FILE"):
        monkeypatch.setenv(name, setup.env[name])  # restored after the test
    monkeypatch.delenv("REGIE_PASSPHRASE", raising=False)
    size = Size(people=30, hours=300, contacts=60, weekplan=30)
    db, _ = run.database(setup, size)
    argv = [*run.regie_command(), "--db", str(db), "--vandaag", run.TODAY.isoformat()]
    with Terminal(argv, env=setup.env, cwd=tmp_path) as terminal:
        terminal.wait_for(run._caseload_shown(size.people), timeout=300, what="caseload")
        terminal.press("f5")
        terminal.wait_for(lambda text: bool(run.SIGNALEN_HEADER.search(text)), timeout=300, what="signalen")
        terminal.press("ctrl+q")
        terminal.wait_exit(timeout=300)
        # regie ends its process at once after the app (cli.main._end_process): still a clean exit, and the
        # terminal is given back (the alternate screen is left, so the shell's screen shows again).
        assert terminal.process.exitstatus == 0
        assert "getoond" not in terminal.text()


def test_the_builder_deals_each_test_bsn_once_and_makes_exact_sizes(tmp_path, monkeypatch):
    bsns = fictional_bsns(__import__("random").Random(1))
    assert len(bsns) == len(set(bsns)) > 9_000
    assert all(b.startswith("9999") and is_valid_bsn(b) for b in bsns)

    # Fewer test BSNs than persons: the persons after them get none, and the build ends.
    monkeypatch.setattr("benchmarks.build.fictional_bsns", lambda rng: ["999990019", "999990007"])
    db = tmp_path / "bench.sqlite"
    build(db, Size(people=80, hours=900, contacts=200, weekplan=100), today=run.TODAY)
    from storage.db import file_url, make_engine
    from storage.keys import resolve_key

    engine = make_engine(file_url(db), key=resolve_key(db))
    with engine.connect() as connection:
        count = lambda sql: connection.exec_driver_sql(sql).scalar()  # noqa: E731
        assert count("SELECT count(*) FROM person") == 80
        assert count("SELECT count(*) FROM urenregistratie") == 900
        assert count("SELECT count(*) FROM contactmoment") == 200
        assert count("SELECT count(*) FROM weekplan_entry") == 100
        assert count("SELECT count(DISTINCT kenmerk) FROM person") == 80
        assert count("SELECT count(bsn) FROM person") == count("SELECT count(DISTINCT bsn) FROM person") == 2
        assert count("SELECT count(*) FROM urenregistratie WHERE person_id NOT IN (SELECT id FROM person)") == 0
    engine.dispose()


def test_a_missed_target_is_printed_as_missed_and_fails_the_run(capsys):
    figures = [
        Figure("snel genoeg", "s", [0.010, 0.020, 0.030], target=0.150, wanted=3),
        Figure("te traag", "s", [0.200, 0.300, 0.400], target=0.150, wanted=3),
        Figure("mediaan goed, uitschieter te traag", "s", [0.01, 0.01, 0.5], target=0.05, worst_target=0.1, wanted=3),
        Figure("start", "s", [1.0, 1.1, 1.3], target=3.0, relative_to="basis", wanted=3),
        Figure("te weinig runs", "s", [0.01], target=0.150, wanted=10),
        Figure("basis", "s", [0.4, 0.5]),
    ]
    lines, missed = report(figures, {"basis": 0.5})
    assert lines[0].startswith("snel genoeg: mediaan 20 ms") and lines[0].endswith("gehaald")
    assert lines[1].endswith("GEMIST") and lines[2].endswith("GEMIST")
    assert "= 2.20 × basis" in lines[3] and lines[3].endswith("gehaald")
    assert lines[4].endswith("ONVOLDOENDE RUNS (1 van 10)")
    assert lines[5].endswith("ter vergelijking")
    assert missed == 3
    assert "GEMIST" in capsys.readouterr().out
    assert exit_code(missed, check=True) == 1
    assert exit_code(missed, check=False) == 0
    assert exit_code(0, check=True) == 0


def test_growth_faster_than_the_number_of_persons_is_flagged():
    def measured(persons: int, start: float, f5: float) -> Measured:
        return Measured(persons, sessions=[Session(start=start, f5=f5, keystrokes=[0.01], memory=100.0)])

    lines = growth_table([measured(1_000, 0.5, 0.1), measured(10_000, 1.0, 2.0)])
    start = next(line for line in lines if line.startswith("| start"))
    f5 = next(line for line in lines if line.startswith("| F5"))
    assert "⚠" not in start and "(×2.0)" in start
    assert "(×20.0) ⚠" in f5
    assert any("F5 van 1000 naar 10000 personen" in line for line in lines)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="VmHWM is read from /proc (Linux)")
def test_peak_memory_is_read_for_the_process_itself():
    assert 1 < peak_memory_mb(os.getpid()) < 2_000
    assert peak_memory_mb(2**22 + 12345) is None  # no such process
