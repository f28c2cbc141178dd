"""With logging at DEBUG, no name, BSN or note ever reaches a log file or stderr."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

from tests.tui.conftest import caseload_loaded, demo_app, wait_for

NAME = "Zyzzyva Geheimnaam"
BSN = "999991231"
NOTE = "GEHEIMENOTITIE over gezondheid en trauma"
BAD_BSN = "999991232"  # fails the 11-proef: the error must not repeat it in full

SCRIPT = r'''
import logging, sys
from datetime import date
from pathlib import Path
logging.basicConfig(level=logging.DEBUG, filename=sys.argv[1], force=True)
logging.getLogger("sqlalchemy").setLevel(logging.DEBUG)  # as a developer chasing a bug might
from cli.main import main
home = Path(sys.argv[2])
people = home / "personen.csv"
people.write_text(
    "kenmerk;naam;doelgroep;bsn;brp_inschrijving;pip_datum\n"
    "IB-LOG-1;{name};asielstatushouder;{bsn};01-03-2026;01-02-2026\n"   # PIP before BRP: refused
    "IB-LOG-2;{name} Twee;gezinsmigrant;{bad};;\n", encoding="utf-8")
for argv in (
    ["import", "personen", str(people)],
    ["import", "personen", str(people)],
):
    main(argv)
people.write_text("kenmerk;naam;doelgroep;bsn\nIB-LOG-1;{name};asielstatushouder;{bsn}\n", encoding="utf-8")
main(["import", "personen", str(people)])
hours = home / "uren.csv"
hours.write_text("kenmerk;datum;soort;uren;bron;omschrijving\nIB-LOG-1;01-10-2026;participatie;2;school;{note}\nIB-LOG-1;kapot;participatie;2;school;{note}\n", encoding="utf-8")
main(["import", "uren", str(hours)])
main(["export", "personen", str(home / "uit.csv")])
main(["signalen", "--per", "2026-11-22"])
main(["weekplan", "IB-LOG-1", "--uit", str(home / "wp.html")])
main(["weekplan", "IB-LOG-1"])
main(["backup"])
main(["audit", "verify"])
from storage.paths import resolve
made = sorted(resolve().backups.glob("regie-*.sqlite"))[-1]
main(["restore", str(made), "--ja"])
people.write_text("kenmerk;naam;doelgroep;status\nIB-LOG-1;{name};asielstatushouder;vertrokken\n", encoding="utf-8")
main(["import", "personen", str(people)])
main(["--vandaag", "2040-01-01", "opschonen", "--ja"])
main(["audit", "verify"])
'''


def test_cli_flows_at_debug_level_leave_no_personal_data_in_the_log_or_on_stderr(tmp_path):
    log = tmp_path / "regie.log"
    script = SCRIPT.format(name=NAME, bsn=BSN, bad=BAD_BSN, note=NOTE)
    result = subprocess.run(
        [sys.executable, "-c", script, str(log), str(tmp_path)],
        capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1], timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    logged = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    for secret in (NAME, BSN, BAD_BSN, NOTE):
        assert secret not in logged, f"{secret!r} in the log"
        assert secret not in result.stderr, f"{secret!r} on stderr"
    assert "regie:" in result.stderr  # the refused import did say something, in Dutch
    # the flows really ran on real data: the export holds the person, the weekplan page exists
    assert NAME in (tmp_path / "uit.csv").read_text(encoding="utf-8-sig")
    assert (tmp_path / "wp.html").exists()
    assert "1 personen verwijderd" in result.stdout  # the erasure ran too
    from storage.paths import data_dir

    printed = data_dir() / "weekplannen"
    assert f"Weekplan geschreven naar {printed}" in result.stdout
    assert not list(printed.glob("weekplan-IB-LOG-1-*.html"))  # erased with the person: plain text, not kept
    assert result.stdout.count("Auditlogboek in orde") == 2
    assert "DEBUG:" in logged  # debug logging was really on


async def test_app_flows_at_debug_level_leave_no_personal_data_in_the_log(tmp_path, capfd):
    log = tmp_path / "app.log"
    handler = logging.FileHandler(log, encoding="utf-8")
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        app = demo_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await caseload_loaded(pilot)
            entry = app.screen.entries[0]
            secrets = [entry.facts.naam, entry.record.bsn or BSN]
            await pilot.press("f2", *entry.facts.kenmerk)
            await wait_for(pilot, lambda: getattr(app.screen, "hits", None))
            await pilot.press("enter")
            await wait_for(pilot, lambda: getattr(app.screen, "data", None) is not None)
            await pilot.press("n")
            await pilot.pause(0.3)
            await pilot.press("tab", "tab", *NOTE, "ctrl+s")
            await pilot.pause(0.5)
            await app.workers.wait_for_complete()
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        handler.close()
    logged = log.read_text(encoding="utf-8", errors="replace")
    captured = capfd.readouterr()
    for secret in (*secrets, NOTE):
        assert secret not in logged
        assert secret not in captured.err
