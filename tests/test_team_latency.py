"""The team-mode latency benchmark's instrument: its ratios and verdict, the server log it reads, and one tiny real run.

Nothing here judges a timing (timed tests are flaky on shared machines: `python -m benchmarks.team_latency` is the judge).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from benchmarks import team_latency
from benchmarks.team_latency import Side, compare, overlaps, sync_connections, verdict
from benchmarks.terminal import SUPPORTED


def _side(starts, early, keystrokes, team_line=()) -> Side:
    return Side(starts=list(starts), early=list(early), keystrokes=list(keystrokes), team_line=list(team_line))


def _epoch(text: str) -> float:
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=UTC).timestamp()


def test_team_mode_within_the_tolerance_passes_and_the_worst_cases_are_only_reported():
    plain = _side([1.00, 1.10, 1.20], [0.050, 0.060, 0.070], [0.050, 0.060, 0.400])
    team = _side([1.05, 1.15, 1.25], [0.055, 0.065, 0.075], [0.055, 0.060, 0.900], team_line=[True, True, True])
    comparisons = compare(plain, team)
    start = comparisons[0]
    assert start.name.startswith("start") and start.plain == 1.10 and start.team == 1.15
    assert start.ratio == pytest.approx(1.15 / 1.10) and not start.failed
    worst_keystroke = comparisons[-1]
    assert worst_keystroke.ratio == pytest.approx(2.25) and not worst_keystroke.failed  # reported, not judged
    assert "ter informatie" in worst_keystroke.line()
    assert verdict(comparisons, team, [(2.0, 2.3), None, None]) == []


def test_a_slower_median_a_missing_team_line_or_a_sync_outside_the_window_fails_the_run():
    plain = _side([1.0, 1.0, 1.0], [0.050] * 3, [0.050] * 3)
    team = _side([1.0, 1.0, 1.0], [0.080] * 3, [0.050] * 3, team_line=[True, False, True])
    comparisons = compare(plain, team)
    early = next(c for c in comparisons if c.name.startswith("toetsaanslag direct") and "mediaan" in c.name)
    assert early.failed and early.ratio == pytest.approx(1.6)
    assert "verhouding 1.60" in early.line() and "GEMIST" in early.line()
    problems = verdict(comparisons, team, [None, None, None])
    assert len(problems) == 3
    assert "1.60 × zo traag" in problems[0]
    assert "2 van 3 sessies" in problems[1]
    assert "synchronisatie liep in geen enkele sessie" in problems[2]


def test_the_sync_counts_only_when_its_connection_was_open_during_the_start_or_the_first_keystrokes():
    windows = [(100.0, 102.0, 103.0), (200.0, 201.5, 202.0), (300.0, 301.0, 302.0)]
    syncs = [(102.5, 104.0),  # opened after the rows, during the first keystrokes
             (150.0, 151.0),  # between two sessions: no one's
             (302.5, 303.0)]  # after the first keystrokes of the third session
    assert overlaps(windows, syncs) == [(2.5, 4.0), None, None]


def test_the_consulents_connections_are_read_from_the_server_log_with_milliseconds():
    log = "\n".join([
        "2026-12-03 16:26:27.208 UTC [10642] LOG:  database system is ready to accept connections",
        "2026-12-03 16:26:44.170 UTC [10694] [unknown] LOG:  connection received: host=127.0.0.1 port=48356",
        "2026-12-03 16:26:44.183 UTC [10694] anna LOG:  connection authorized: user=anna database=t_1",
        "2026-12-03 16:26:44.190 UTC [10700] regie_test LOG:  connection authorized: user=regie_test database=t_1",
        "2026-12-03 16:26:44.205 UTC [10694] anna LOG:  disconnection: session time: 0:00:00.039 user=anna database=t_1",
        "2026-12-03 16:26:44.300 UTC [10700] regie_test LOG:  disconnection: session time: 0:00:00.110 user=regie_test",
        "2026-12-03 16:26:45.001 UTC [10701] anna LOG:  connection authorized: user=anna database=t_1",  # still open
    ])
    assert sync_connections(log) == [(_epoch("2026-12-03 16:26:44.183"), _epoch("2026-12-03 16:26:44.205"))]


@pytest.mark.skipif(not SUPPORTED, reason="a pseudo-terminal needs POSIX (Windows: pywinpty)")
def test_a_tiny_run_links_a_copy_times_both_and_sees_the_team_line(tmp_path, monkeypatch, capsys):
    from tests.pg import find_bindir, unavailable

    if find_bindir() is None:
        unavailable("initdb en pg_ctl zijn niet gevonden")
    for name in ("REGIE_DATA_DIR", "REGIE_CONFIG_DIR", "REGIE_KEY_FILE", "REGIE_TEAM_PASSWORD", "REGIE_PASSPHRASE"):
        monkeypatch.setenv(name, "")  # so that monkeypatch puts back what the benchmark sets in os.environ
        monkeypatch.delenv(name)
    results = tmp_path / "TEAM_RESULTS.md"
    code = team_latency.main(["--persons", "30", "--size", "tiny", "--repeat", "1", "--collega", "40", "--no-check",
                              "--results", str(results)])
    out = capsys.readouterr().out
    assert code == 0
    assert "Gekoppeld:" in out  # `regie team koppel` linked the copy
    assert "kop met teamregel: 1 van 1 sessies met team" in out
    for figure in ("start tot de rijen van de caseload, mediaan: zonder team", "toetsaanslag direct na de start",
                   "toetsaanslag in het filter tot getekend, mediaan"):
        assert figure in out
    assert "synchronisatie tijdens de gemeten start of de eerste toetsaanslagen:" in out
    written = results.read_text(encoding="utf-8")
    assert "## Even snel met team aan" in written and "/proc/loadavg" in written
