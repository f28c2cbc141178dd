"""``regie rapport``: the overview, the JSON for the team, and the council report with small counts as "< 5"."""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import stat
from datetime import date

import pytest

from cli import rapport
from rules.policy import Policy
from tests.monitor.conftest import add_person

GEMEENTE = Policy(gemeente_naam="Westerkwartier")


def _parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="regie")
    rapport.register(parser.add_subparsers(dest="opdracht"))
    return parser.parse_args(["rapport", *argv])


def _run(store, *argv: str, policy: Policy = GEMEENTE) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = rapport.run(_parse(*argv), store=store, policy=policy, today=date(2026, 4, 2), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _caseload(store) -> None:
    """Seven arrivals in the first quarter (six asielstatushouders), three PIPs."""
    for day in range(1, 7):
        add_person(store, doelgroep="asielstatushouder", brp_inschrijving=date(2026, 1, day), consulent="Anna")
    add_person(store, doelgroep="gezinsmigrant", brp_inschrijving=date(2026, 2, 1), consulent="Bram")
    for day in (1, 2, 3):
        add_person(store, brp_inschrijving=date(2025, 12, 1), pip_datum=date(2026, 2, day), leerroute="b1")


def test_json_is_for_the_team_with_exact_small_counts(store):
    _caseload(store)
    code, out, _ = _run(store, "--van", "2026-01-01", "--tot", "2026-03-31", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["instroom"]["per_doelgroep"] == {"asielstatushouder": 6, "gezinsmigrant": 1, "overige_migrant": 0}
    assert data["pip_vastgesteld"]["totaal"] == 3
    assert data["instroom"]["per_consulent"] == {"Anna": 6, "Bram": 1}


def test_overview_without_options_prints_the_figures_in_dutch(store):
    _caseload(store)
    code, out, _ = _run(store, "--van", "2026-01-01", "--tot", "2026-03-31")
    assert code == 0
    assert "Monitor over 01-01-2026 tot en met 31-03-2026" in out
    assert "instroom:                7 (asielstatushouder 6, gezinsmigrant 1, overige migrant 0)" in out


def test_council_report_shows_small_counts_as_less_than_five_and_names_the_gemeente(store, tmp_path):
    _caseload(store)
    target = tmp_path / "raad.html"
    code, out, _ = _run(store, "--van", "2026-01-01", "--tot", "2026-03-31", "--html", str(target))
    document = target.read_text(encoding="utf-8")

    assert code == 0 and str(target) in out
    assert "Monitor Wet inburgering 2021: Westerkwartier" in document
    assert "01-01-2026 tot en met 31-03-2026" in document
    # 7 arrivals, 1 gezinsmigrant: printing the 6 asielstatushouders would give the 1 away, so it is hidden as well
    assert "<td>asielstatushouder</td><td class=\"getal\">×</td>" in document
    assert "<td>gezinsmigrant</td><td class=\"getal\">&lt; 5</td>" in document
    assert "<td>PIP&#x27;s vastgesteld</td><td class=\"getal\">&lt; 5</td>" in document
    assert "<td>totaal</td><td class=\"getal\">7</td>" in document
    assert document.count("<svg") >= 5 and "<script" not in document
    assert "Anna" not in document and "Bram" not in document  # no figures per consulent for the council
    assert "@page { size: A4" in document


def test_without_a_gemeente_naam_the_title_is_neutral_and_the_command_says_how_to_set_it(store, tmp_path):
    target = tmp_path / "raad.html"
    code, _, err = _run(store, "--van", "2026-01-01", "--tot", "2026-03-31", "--html", str(target), policy=Policy())
    document = target.read_text(encoding="utf-8")
    assert code == 0
    assert "<h1>Monitor Wet inburgering 2021</h1>" in document and "de gemeente</h1>" not in document
    assert "de naam van de gemeente is niet ingesteld" in err and 'gemeente_naam = "' in err


def test_the_overview_shows_leerroutes_by_name_and_lines_up_its_labels(store):
    _caseload(store)
    add_person(store, brp_inschrijving=date(2025, 12, 1), pip_datum=date(2026, 2, 9), leerroute="z")
    _, out, _ = _run(store, "--van", "2026-01-01", "--tot", "2026-03-31")
    assert "leerroute:               B1-route 3, onderwijsroute 0, Z-route 1, onbekend 0" in out
    regels = out.splitlines()[1:]
    assert len({re.match(r"  [^:]+:\s+", regel).end() for regel in regels}) == 1  # every figure starts in one column
    assert any(regel.startswith("  fase op 31-03-2026:") for regel in regels)


def test_the_drempel_is_a_setting(store, tmp_path):
    _caseload(store)
    target = tmp_path / "raad.html"
    _run(store, "--van", "2026-01-01", "--tot", "2026-03-31", "--html", str(target),
         policy=Policy(gemeente_naam="Westerkwartier", monitor_drempel=2))
    document = target.read_text(encoding="utf-8")
    assert "<td>gezinsmigrant</td><td class=\"getal\">&lt; 2</td>" in document
    assert "<td>PIP&#x27;s vastgesteld</td><td class=\"getal\">3</td>" in document


@pytest.mark.skipif(os.name == "nt", reason="Windows has no POSIX mode bits; the profile folder's ACL protects it")
def test_council_report_is_readable_by_the_owner_only(store, tmp_path):
    target = tmp_path / "raad.html"
    target.write_text("oud", encoding="utf-8")
    os.chmod(target, 0o644)
    _run(store, "--van", "2026-01-01", "--tot", "2026-03-31", "--html", str(target))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not (tmp_path / "raad.html.tmp").exists()


def test_a_period_backwards_is_a_dutch_error_and_writes_nothing(store, tmp_path):
    target = tmp_path / "raad.html"
    code, out, err = _run(store, "--van", "2026-03-31", "--tot", "2026-01-01", "--html", str(target))
    assert code == 1 and out == ""
    assert err.startswith("regie: De periode klopt niet")
    assert not target.exists()


def test_an_unwritable_target_is_a_dutch_error(store, tmp_path):
    code, _, err = _run(store, "--van", "2026-01-01", "--tot", "2026-03-31", "--html", str(tmp_path / "geen-map" / "raad.html"))
    assert code == 1
    assert "kan niet worden geschreven" in err and "Traceback" not in err


def test_a_date_that_is_not_iso_is_refused_with_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        _parse("--van", "31-01-2026", "--tot", "2026-03-31")
    assert exit_.value.code == 2
    assert "‘31-01-2026’ is geen datum; gebruik jjjj-mm-dd" in capsys.readouterr().err
