"""`regie agenda`: today's or a week's afspraken as a table or JSON, for a consulent; stored text never runs in the terminal."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import update

from cli.main import EXIT_OK, main
from storage.db import write_session
from storage.models import Afspraak
from storage.paths import resolve
from storage.store import open_demo_store

TODAY = date(2026, 11, 22)


@pytest.fixture
def demo_db() -> Path:
    store = open_demo_store(resolve(demo=True), today=TODAY)
    store.close()
    return store.locations.database


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out


def test_agenda_of_a_day_is_a_dutch_table_in_time_order(capsys, demo_db):
    code, out = run(capsys, "--vandaag", "2026-11-22", "agenda", "--db", str(demo_db), "--datum", "2026-11-22",
                    "--consulent", "Anna de Vries")
    lines = out.splitlines()
    assert code == EXIT_OK
    assert lines[0] == "Agenda van Anna de Vries, 22-11-2026: 3 afspraken, waarvan 3 gepland"
    assert lines[2].split() == ["datum", "tijd", "kenmerk", "naam", "soort", "plaats", "tolk", "status"]
    assert [line.split()[1] for line in lines[4:]] == ["09:30-10:15", "11:00-12:00", "14:00-15:00"]
    assert "PIP-gesprek" in lines[5] and lines[5].endswith("gepland")


def test_agenda_of_a_week_for_everyone_names_the_consulent(capsys, demo_db):
    code, out = run(capsys, "agenda", "--db", str(demo_db), "--datum", "2026-11-20", "--week")
    lines = out.splitlines()
    assert code == EXIT_OK
    assert lines[0] == ("Agenda van alle consulenten, week 47 (16-11-2026 t/m 22-11-2026): 7 afspraken, "
                        "waarvan 6 gepland")
    assert lines[2].split()[-1] == "consulent"
    assert sum("Mehmet Bakker" in line for line in lines) == 2
    assert any("afgezegd" in line for line in lines)


def test_a_past_appointment_still_planned_reads_nog_afhandelen_as_in_the_app(capsys, demo_db):
    code, out = run(capsys, "--vandaag", "2026-11-22", "agenda", "--db", str(demo_db), "--datum", "2026-11-20", "--week")
    rows = [line for line in out.splitlines()[4:] if line.strip()]
    assert code == EXIT_OK
    for line in rows:
        dag = date(int(line[6:10]), int(line[3:5]), int(line[0:2]))
        if dag < TODAY:
            assert "gepland" not in line.split()  # a past one is never shown as merely planned
        else:
            assert "nog afhandelen" not in line
    assert any("nog afhandelen" in line for line in rows)


def test_agenda_json_has_the_agreed_keys(capsys, demo_db):
    code, out = run(capsys, "agenda", "--db", str(demo_db), "--datum", "2026-11-23", "--consulent", "Anna de Vries",
                    "--json")
    rows = json.loads(out)
    assert code == EXIT_OK
    assert [(r["datum"], r["begin"], r["eind"], r["soort"], r["status"]) for r in rows] == [
        ("2026-11-23", "10:00", "11:30", "brede_intake", "gepland")]
    assert list(rows[0]) == ["datum", "begin", "eind", "kenmerk", "naam", "soort", "plaats", "tolk_nodig", "tolk_taal",
                             "consulent", "status"]


def test_an_empty_day_says_so(capsys, demo_db):
    code, out = run(capsys, "agenda", "--db", str(demo_db), "--datum", "2026-11-10", "--consulent", "Sanne Jansen")
    assert (code, out) == (EXIT_OK, "Geen afspraken van Sanne Jansen op 10-11-2026.\n")


def test_stored_control_characters_are_shown_not_run(capsys, demo_db):
    store = open_demo_store(resolve(demo=True), today=TODAY)
    with write_session(store.engine) as session:
        session.connection().execute(update(Afspraak.__table__).values(plaats="kamer \x1b[2J1"))
    store.close()
    _, out = run(capsys, "agenda", "--db", str(demo_db), "--datum", "2026-11-22", "--consulent", "Anna de Vries")
    assert "\x1b" not in out and "kamer \\x1b[2J1" in out
    _, out = run(capsys, "agenda", "--db", str(demo_db), "--datum", "2026-11-22", "--consulent", "Anna de Vries", "--json")
    assert "\x1b" not in out and json.loads(out)[0]["plaats"] == "kamer \x1b[2J1"
