"""Two command-line points of issue 13: a mistyped --kop is explained, and the demo refuses real BSNs."""

from __future__ import annotations

from datetime import date

import pytest

from cli.main import EXIT_FOUT, EXIT_OK, main

TODAY = date(2026, 11, 22)
REAL_BSN = "111222333"  # passes the elfproef, outside the 9999 test range
TEST_BSN = "999900018"  # passes the elfproef, in the test range


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def db(tmp_path, capsys) -> list[str]:
    """A user's database with one person, so the audit trail has a head."""
    source = tmp_path / "personen.csv"
    source.write_text("kenmerk;naam;doelgroep\nIB-1;Amal Haddad;asielstatushouder\n", encoding="utf-8")
    database = ["--db", str(tmp_path / "regie.sqlite")]
    assert main([*database, "import", "personen", str(source)]) == EXIT_OK
    capsys.readouterr()
    return database


@pytest.mark.parametrize(
    ("kop", "what"),
    [
        ("3f9a2c", "heeft er 6"),  # half copied
        ("3f9a2c" * 10 + "3f9a2", "heeft er 65"),  # one character too many
        ("g" * 64, "andere tekens"),  # a letter beyond f
        ("regel 12", "heeft er 8"),  # the wrong part of the line copied
    ],
)
def test_a_mistyped_kop_says_what_a_kop_hash_looks_like_and_where_it_comes_from(capsys, db, kop, what):
    code, out, err = run(capsys, *db, "audit", "verify", "--kop", kop)

    assert code == EXIT_FOUT and out == ""
    assert err.count("\n") == 1 and err.startswith("regie: dit is geen kop-hash: ")
    assert "64 tekens" in err and "0-9" in err and "a-f" in err and what in err
    assert "‘regie audit verify’" in err and "‘Kop van de keten’" in err


def test_a_mistyped_kop_is_told_before_looking_for_a_database(capsys, tmp_path):
    code, _, err = run(capsys, "--db", str(tmp_path / "weg.sqlite"), "audit", "verify", "--kop", "abc")

    assert code == EXIT_FOUT and "dit is geen kop-hash" in err and not (tmp_path / "weg.sqlite").exists()


def test_a_kop_copied_in_capitals_or_with_spaces_around_it_is_still_found(capsys, db):
    code, out, _ = run(capsys, *db, "audit", "verify")
    head = out.split("kop-hash ")[1].split()[0]

    code, out, err = run(capsys, *db, "audit", "verify", "--kop", f"  {head.upper()} ")

    assert (code, err) == (EXIT_OK, "")
    assert "De opgegeven kop-hash staat in de keten" in out


def test_a_well_formed_kop_that_is_not_in_the_chain_is_still_a_broken_trail(capsys, db):
    code, _, err = run(capsys, *db, "audit", "verify", "--kop", "ab" * 32)

    assert code == EXIT_FOUT and "kop-hash staat niet (meer) in de keten" in err


def test_the_demo_import_warns_that_the_demo_is_not_encrypted(capsys, tmp_path):
    source = tmp_path / "personen.csv"
    source.write_text(f"kenmerk;naam;bsn;doelgroep\nIB-1;Verzonnen Persoon;{TEST_BSN};asielstatushouder\n", encoding="utf-8")

    code, out, err = run(capsys, "--demo", "import", "personen", str(source))

    assert (code, err) == (EXIT_OK, "")
    lines = out.splitlines()
    assert lines[0].startswith("waarschuwing: de demo-database is niet versleuteld")
    assert "test-BSN's (beginnend met 9999)" in lines[0]
    assert lines[-1] == "personen.csv: 1 persoon toegevoegd, 0 bijgewerkt (gelezen als UTF-8)."


def test_the_demo_refuses_a_file_with_a_real_bsn_and_stores_nothing(capsys, tmp_path):
    source = tmp_path / "personen.csv"
    source.write_text(
        "kenmerk;naam;bsn;doelgroep\n"
        f"IB-1;Verzonnen Persoon;{TEST_BSN};asielstatushouder\n"
        f"IB-2;Echt Persoon;{REAL_BSN[:4]}.{REAL_BSN[4:6]}.{REAL_BSN[6:]};gezinsmigrant\n"
        "IB-3;Zonder Nummer;;gezinsmigrant\n",
        encoding="utf-8",
    )

    code, out, err = run(capsys, "--demo", "import", "personen", str(source))

    assert code == EXIT_FOUT
    assert err == "regie: personen.csv niet ingelezen: 1 fout; er is niets opgeslagen\n"
    assert "regel 3, kolom bsn: *****2333 is een echt BSN; de demo-database is niet versleuteld" in out
    assert REAL_BSN not in out + err  # the number itself is never repeated
    target = tmp_path / "uit.csv"
    assert run(capsys, "--demo", "export", "personen", str(target))[0] == EXIT_OK
    assert "IB-1" not in target.read_text(encoding="utf-8-sig")  # all or nothing: not even the test BSN's row


def test_a_users_own_encrypted_database_takes_a_real_bsn(capsys, tmp_path):
    source = tmp_path / "personen.csv"
    source.write_text(f"kenmerk;naam;bsn;doelgroep\nIB-2;Echt Persoon;{REAL_BSN};gezinsmigrant\n", encoding="utf-8")

    code, out, _ = run(capsys, "--db", str(tmp_path / "regie.sqlite"), "import", "personen", str(source))

    assert code == EXIT_OK and "waarschuwing" not in out
