"""`regie rapport --team`: the monitor's figures from the teamdatabase, for the whole team (issue 20, point 5)."""

from __future__ import annotations

import argparse
import io
from datetime import date

from rules.policy import Policy
from services import monitor, team
from tests.team import laptops as lp
from tests.team.test_sync import GEMEENTE, consulent_url, link, teamdb  # noqa: F401  (fixture)

VAN, TOT = date(2026, 11, 1), date(2026, 11, 30)


def test_the_report_from_the_teamdatabase_counts_every_laptops_persons_and_filters_by_gemeente(teamdb, tmp_path):
    a, b = link(teamdb, tmp_path, ["a", "b"])
    url = consulent_url(teamdb, "anna")
    for n in range(3):
        lp.aanmelding(a, naam=f"Persoon A{n}", author="anna", kenmerk=f"A-{n}")
    for n in range(2):
        lp.aanmelding(b, naam=f"Persoon B{n}", author="anna", kenmerk=f"B-{n}")
    team.sync(a, url=url)
    team.sync(b, url=url)

    assert monitor.rapport(a, van=VAN, tot=TOT, policy=Policy()).instroom["totaal"] == 3  # a has not pulled yet
    from_team = monitor.rapport(a, van=VAN, tot=TOT, policy=Policy(), team=True)
    assert from_team.instroom["totaal"] == 5
    assert from_team.instroom["per_doelgroep"]["asielstatushouder"] == 5
    assert monitor.rapport(a, van=VAN, tot=TOT, policy=Policy(), team=True, gemeente=GEMEENTE).instroom["totaal"] == 5
    assert monitor.rapport(a, van=VAN, tot=TOT, policy=Policy(), team=True, gemeente="Elders").instroom["totaal"] == 0


def test_the_command_says_where_its_figures_come_from_and_refuses_when_not_linked(teamdb, tmp_path):
    from cli import rapport

    (a,) = link(teamdb, tmp_path, ["a"])
    lp.aanmelding(a, naam="Persoon A", author="anna", kenmerk="A-1")
    team.sync(a, url=consulent_url(teamdb, "anna"))
    out, err = io.StringIO(), io.StringIO()
    args = argparse.Namespace(van=VAN, tot=TOT, json=False, html=None, team=True, gemeente=None)
    assert rapport.run(args, store=a, policy=Policy(), out=out, err=err) == 0
    assert "(teamdatabase)" in out.getvalue() and "instroom:                1" in out.getvalue()

    loose = lp.open_laptop(tmp_path, "los")
    out, err = io.StringIO(), io.StringIO()
    assert rapport.run(args, store=loose, policy=Policy(), out=out, err=err) == 1
    assert "niet gekoppeld" in err.getvalue() and "Traceback" not in err.getvalue()
