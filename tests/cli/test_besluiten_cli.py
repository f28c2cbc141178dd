"""`regie export besluiten` and `regie import besluiten`: a caseload's decisions out of one database and into another."""

from __future__ import annotations

from datetime import date

from cli.main import EXIT_FOUT, EXIT_OK, main
from storage.importer import BESLUIT_COLUMNS
from storage.paths import resolve
from storage.store import open_demo_store

TODAY = date(2026, 11, 22)
PERSONEN = "kenmerk;naam;doelgroep;brp_inschrijving;pip_datum;leerroute\nIB-1;Amal Haddad;asielstatushouder;03-03-2025;01-05-2025;b1\n"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["--vandaag", TODAY.isoformat(), *argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_the_demo_decisions_go_out_and_into_a_new_database_and_a_second_import_adds_nothing(capsys, tmp_path):
    open_demo_store(resolve(demo=True), today=TODAY).close()
    personen, besluiten, weer = tmp_path / "personen.csv", tmp_path / "besluiten.csv", tmp_path / "weer.csv"
    db = str(tmp_path / "nieuw.sqlite")
    run(capsys, "--demo", "export", "personen", str(personen))

    code, out, err = run(capsys, "--demo", "export", "besluiten", str(besluiten))
    assert code == EXIT_OK and err == ""
    aantal = int(out.split()[0])
    assert out.splitlines()[0] == f"{aantal} besluiten geschreven naar {besluiten}."

    assert run(capsys, "--db", db, "import", "personen", str(personen))[0] == EXIT_OK
    code, out, _ = run(capsys, "--db", db, "import", "besluiten", str(besluiten))
    assert (code, out) == (EXIT_OK, f"besluiten.csv: {aantal} besluiten toegevoegd, 0 al aanwezig en overgeslagen "
                                    "(gelezen als UTF-8 met BOM).\n")
    code, out, _ = run(capsys, "--db", db, "import", "besluiten", str(besluiten))
    assert out == f"besluiten.csv: 0 besluiten toegevoegd, {aantal} al aanwezig en overgeslagen (gelezen als UTF-8 met BOM).\n"

    run(capsys, "--db", db, "export", "besluiten", str(weer))
    assert weer.read_bytes() == besluiten.read_bytes()


def test_a_file_with_a_bad_row_lists_it_on_stdout_stores_nothing_and_exits_1(capsys, tmp_path):
    db = str(tmp_path / "regie.sqlite")
    (tmp_path / "p.csv").write_text(PERSONEN, encoding="utf-8")
    run(capsys, "--db", db, "import", "personen", str(tmp_path / "p.csv"))
    source = tmp_path / "duo.csv"
    source.write_text("kenmerk;soort;datum;omvang;onderdeel\n"
                      "IB-1;ontheffing;01-09-2026;gedeeltelijk;spreken\n"
                      "IB-2;ontheffing;01-09-2026;geheel;\n", encoding="utf-8")

    code, out, err = run(capsys, "--db", db, "import", "besluiten", str(source))

    assert code == EXIT_FOUT
    assert out.splitlines() == ["regel 3, kolom kenmerk: onbekend kenmerk ‘IB-2’; importeer eerst de persoon "
                                "(regie import personen) of corrigeer het kenmerk"]
    assert err == "regie: duo.csv niet ingelezen: 1 fout; er is niets opgeslagen\n"
    run(capsys, "--db", db, "export", "besluiten", str(tmp_path / "uit.csv"))
    assert (tmp_path / "uit.csv").read_bytes().decode("utf-8-sig") == ";".join(BESLUIT_COLUMNS) + "\r\n"
