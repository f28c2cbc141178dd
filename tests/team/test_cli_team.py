"""`regie team ...` as a consulent types it: koppel, status, sync, conflicten, kies."""

from __future__ import annotations

import argparse

from cli import team as cli_team
from tests.team import laptops as lp
from tests.team.test_sync import GEMEENTE, consulent_url, teamdb  # noqa: F401  (fixture)


def regie_team(argv, *, tmp_path, name="a", author="anna"):
    parser = argparse.ArgumentParser(prog="regie")
    cli_team.register(parser.add_subparsers(dest="opdracht"))
    lines: list[str] = []
    code = cli_team.run(parser.parse_args(["team", *argv]), open_store=lambda: lp.open_laptop(tmp_path, name),
                        author=author, out=lines.append)
    return code, lines


def test_koppel_status_sync_and_choosing_in_a_conflict_from_the_command_line(teamdb, tmp_path, capsys):
    url = consulent_url(teamdb, "anna")
    assert regie_team(["status"], tmp_path=tmp_path)[1][0].startswith("team: deze laptop is niet gekoppeld")
    for name in ("a", "b"):
        code, lines = regie_team(["koppel", url, "--gemeente", GEMEENTE], tmp_path=tmp_path, name=name)
        assert code == 0 and lines[0].startswith("Gekoppeld:")
    a, b = lp.open_laptop(tmp_path, "a"), lp.open_laptop(tmp_path, "b")
    amira = lp.aanmelding(a, naam="Amira Test", author="anna")
    assert regie_team(["sync"], tmp_path=tmp_path)[1] == ["Gesynchroniseerd: 1 verstuurd, 1 opgehaald."]
    regie_team(["sync"], tmp_path=tmp_path, name="b")
    lp.wijzig(a, amira, author="anna", taal="Dari")
    lp.wijzig(b, lp.person_id(b, "Amira Test"), author="bram", taal="Pasjtoe")
    a.close(), b.close()
    for name in ("a", "b", "a"):
        regie_team(["sync"], tmp_path=tmp_path, name=name)

    assert regie_team(["status"], tmp_path=tmp_path)[1] == ["team: 1 conflict"]
    [line] = regie_team(["conflicten"], tmp_path=tmp_path)[1]
    assert "taal:  a = 'Dari' (anna" in line and "b = 'Pasjtoe' (bram" in line
    code, lines = regie_team(["kies", line[:8], "a"], tmp_path=tmp_path)
    assert code == 0 and "taal wordt 'Dari'" in lines[0]
    assert regie_team(["conflicten"], tmp_path=tmp_path)[1] == ["Geen conflicten en geen mogelijke dubbelen."]


def test_an_unreachable_teamdatabase_is_one_dutch_line_and_the_work_waits(teamdb, tmp_path, capsys):
    server, name = teamdb
    regie_team(["koppel", consulent_url(teamdb, "anna"), "--gemeente", GEMEENTE], tmp_path=tmp_path)
    store = lp.open_laptop(tmp_path, "a")
    lp.aanmelding(store, naam="Amira Test", author="anna")
    with lp.write_session(store.engine) as session:  # the server moved away: a port nobody listens on
        session.connection().exec_driver_sql("UPDATE team_state SET url = replace(url, ':%d/', ':1/')" % server.port)
    store.close()
    code, _ = regie_team(["sync"], tmp_path=tmp_path)
    assert code == 1 and "De teamdatabase is niet bereikbaar" in capsys.readouterr().err
    [status] = regie_team(["status"], tmp_path=tmp_path)[1]
    assert status.startswith("team: offline sinds ") and status.endswith(" · 1 wijziging wacht")
