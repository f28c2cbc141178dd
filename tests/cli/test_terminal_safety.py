"""Nothing the command prints from stored data or a file can reach the terminal as a control sequence."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from cli.main import EXIT_FOUT, EXIT_OK, main
from cli.output import json_line, table_lines
from storage.paths import resolve
from storage.store import open_demo_store

TODAY = date(2026, 11, 22)
# Sets the window title, clears the screen, writes the clipboard (OSC 52), a C1 CSI, a bidi override.
POISON = "Amal\x1b]0;gehackt\x07\x1b[2J\x1b]52;c;aGFjaw==\x07\x9b31m\u202eHaddad"
UNSAFE = ("\x1b", "\x07", "\x9b", "\u202e")


@pytest.fixture
def poisoned_db() -> Path:
    """The demo caseload, with names stored before names were checked."""
    store = open_demo_store(resolve(demo=True), today=TODAY)
    store.close()
    path = store.locations.database
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE person SET naam = ?", (POISON,))
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_signalen_table_shows_a_stored_escape_sequence_visibly_and_never_runs_it(capsys, poisoned_db):
    code, out, err = run(capsys, "signalen", "--db", str(poisoned_db), "--per", "2026-11-22")
    assert code == EXIT_OK
    assert not any(char in out + err for char in UNSAFE)
    assert "Amal\\x1b]0;gehackt\\x07" in out


def test_signalen_json_escapes_it_and_still_reads_back_to_the_stored_name(capsys, poisoned_db):
    code, out, _ = run(capsys, "signalen", "--db", str(poisoned_db), "--per", "2026-11-22", "--json")
    assert code == EXIT_OK
    assert not any(char in out for char in UNSAFE)
    assert POISON in {item["naam"] for item in json.loads(out)}


def test_an_import_with_an_escape_sequence_is_refused_naming_line_column_and_character(capsys, tmp_path):
    source = tmp_path / "personen.csv"
    source.write_bytes("kenmerk;naam;doelgroep\nIB-1;Amal\x1b[2J;gezinsmigrant\n".encode("utf-8"))
    code, out, err = run(capsys, "import", "personen", str(source), "--db", str(tmp_path / "regie.sqlite"))
    assert code == EXIT_FOUT
    assert "regel 2, kolom naam: de cel bevat een onzichtbaar teken of stuurteken (U+001B ESC)" in out
    assert not any(char in out + err for char in UNSAFE)


def test_an_excel_windows_1252_file_imports_with_its_accents(capsys, tmp_path):
    source = tmp_path / "personen.csv"
    source.write_bytes("kenmerk;naam;doelgroep\r\nIB-1;Zoë Öztürk;gezinsmigrant\r\n".encode("cp1252"))
    code, out, _ = run(capsys, "import", "personen", str(source), "--db", str(tmp_path / "regie.sqlite"))
    assert code == EXIT_OK
    code, out, _ = run(capsys, "export", "personen", str(tmp_path / "uit.csv"), "--db", str(tmp_path / "regie.sqlite"))
    assert code == EXIT_OK
    assert "Zoë Öztürk" in (tmp_path / "uit.csv").read_bytes().decode("utf-8-sig")


def test_table_lines_line_up_on_what_is_shown():
    lines = table_lines(("naam", "n"), [("a\x1bb", "1"), ("abcdefgh", "2")])
    assert lines[2] == "a\\x1bb    1"
    assert all("\x1b" not in line for line in lines)


def test_json_line_is_valid_json_for_every_character():
    row = {"naam": "".join(chr(c) for c in range(0, 0x250)) + "\u202e\u2066\U000e0041\ufeff"}
    line = json_line(row)
    assert json.loads(line) == row
    assert line.isprintable()
