"""The command line: import, export and signalen, with Dutch messages and exit codes, never a traceback."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from rules.engine import compute_signalen
from rules.policy import Policy
from storage.paths import resolve
from storage.queries import load_caseload
from storage.store import open_demo_store
from cli.main import EXIT_FOUT, EXIT_GEBRUIK, EXIT_OK, main

TODAY = date(2026, 11, 22)
JSON_KEYS = ["kenmerk", "naam", "soort", "vervaldatum", "dagen", "ernst", "toelichting"]


@pytest.fixture
def demo_db() -> Path:
    store = open_demo_store(resolve(demo=True), today=TODAY)
    store.close()
    return store.locations.database


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def run_usage_error(capsys, *argv: str) -> str:
    with pytest.raises(SystemExit) as exited:
        main(list(argv))
    assert exited.value.code == EXIT_GEBRUIK
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return err


def test_import_personen_prints_a_dutch_summary(capsys, tmp_path):
    source = tmp_path / "personen.csv"
    source.write_text("kenmerk;naam;doelgroep\nIB-1;Amal Haddad;asielstatushouder\nIB-2;Yonas Tekle;gezinsmigrant\n", encoding="utf-8")

    code, out, err = run(capsys, "import", "personen", str(source), "--db", str(tmp_path / "regie.sqlite"))

    assert code == EXIT_OK
    assert out.strip() == "personen.csv: 2 personen toegevoegd, 0 bijgewerkt (gelezen als UTF-8)."
    assert err == ""


def test_a_file_with_bad_rows_lists_them_stores_nothing_and_exits_1(capsys, tmp_path):
    db = tmp_path / "regie.sqlite"
    source = tmp_path / "personen.csv"
    source.write_text("kenmerk;naam;doelgroep;pip_datum\nIB-1;Amal;asielstatushouder;morgen\nIB-2;;gezinsmigrant;\n", encoding="utf-8")

    code, out, err = run(capsys, "--db", str(db), "import", "personen", str(source))

    assert code == EXIT_FOUT
    assert out.splitlines() == [
        "regel 2, kolom pip_datum: ‘morgen’ is geen datum; gebruik dd-mm-jjjj (bijvoorbeeld 05-03-2026) of jjjj-mm-dd.",
        "regel 3, kolom naam: verplicht; vul de naam in",
    ]
    # one line on stderr, without the names from the file
    assert err == "regie: personen.csv niet ingelezen: 2 fouten; er is niets opgeslagen\n"
    code, out, _ = run(capsys, "--db", str(db), "export", "personen", str(tmp_path / "uit.csv"))
    assert out.startswith("0 personen geschreven")


def test_import_uren_twice_says_the_rows_were_already_there(capsys, tmp_path):
    db = str(tmp_path / "regie.sqlite")
    personen = tmp_path / "p.csv"
    personen.write_text("kenmerk;naam;doelgroep\nIB-1;Amal Haddad;asielstatushouder\n", encoding="utf-8")
    uren = tmp_path / "school.csv"
    uren.write_text("kenmerk;datum;soort;uren;bron\nIB-1;02-11-2026;taal_knm;1,5;school\nIB-1;09-11-2026;taal_knm;3;school\n", encoding="utf-8")
    run(capsys, "--db", db, "import", "personen", str(personen))

    assert run(capsys, "--db", db, "import", "uren", str(uren))[1] == "school.csv: 2 uren-regels toegevoegd, 0 al aanwezig en overgeslagen (gelezen als UTF-8).\n"
    assert run(capsys, "--db", db, "import", "uren", str(uren))[1] == "school.csv: 0 uren-regels toegevoegd, 2 al aanwezig en overgeslagen (gelezen als UTF-8).\n"


def test_a_missing_import_file_is_one_dutch_line(capsys, tmp_path):
    code, out, err = run(capsys, "--db", str(tmp_path / "regie.sqlite"), "import", "uren", str(tmp_path / "weg.csv"))

    assert code == EXIT_FOUT
    assert err == f"regie: het bestand {tmp_path / 'weg.csv'} bestaat niet\n"


@pytest.mark.parametrize("argv", [["export", "personen", "uit.csv"], ["signalen"]])
def test_export_and_signalen_refuse_a_database_that_does_not_exist_and_create_none(capsys, tmp_path, monkeypatch, argv):
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "nergens.sqlite"

    code, out, err = run(capsys, "--db", str(db), *argv)

    assert code == EXIT_FOUT
    assert err.startswith(f"regie: er is nog geen database op {db}")
    assert err.count("\n") == 1
    assert not db.exists()


def test_a_bad_per_date_is_a_dutch_usage_error(capsys, demo_db):
    err = run_usage_error(capsys, "signalen", "--db", str(demo_db), "--per", "22-11-2026")

    assert err.splitlines()[-1] == "regie: fout in de opdracht: --per: ‘22-11-2026’ is geen datum; gebruik jjjj-mm-dd"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["importeer"], "onbekende opdracht ‘importeer’; kies uit "),
        (["import", "klanten", "x.csv"], "onbekende soort ‘klanten’; kies uit personen, uren, besluiten"),
        (["import", "personen"], "dit ontbreekt nog: BESTAND"),
        (["export"], "dit ontbreekt nog: SOORT"),
    ],
)
def test_unknown_or_incomplete_commands_are_explained_in_dutch(capsys, argv, message):
    err = run_usage_error(capsys, *argv)

    assert err.splitlines()[0].startswith("gebruik: regie")
    assert err.splitlines()[-1].startswith(f"regie: fout in de opdracht: {message}")


def test_db_given_before_the_command_is_used(capsys, tmp_path):
    code, out, _ = run(capsys, "--db", str(tmp_path / "eigen.sqlite"), "locate")

    assert code == EXIT_OK
    assert f"database:     {tmp_path / 'eigen.sqlite'}" in out


def test_signalen_json_has_exactly_the_agreed_keys_in_date_then_kenmerk_order(capsys, demo_db):
    code, out, _ = run(capsys, "signalen", "--db", str(demo_db), "--per", "2026-11-22", "--json")

    assert code == EXIT_OK
    signalen = json.loads(out)
    assert signalen, "the demo caseload has signalen"
    assert all(list(item) == JSON_KEYS for item in signalen)
    order = [(item["vervaldatum"], item["kenmerk"], item["soort"]) for item in signalen]
    assert order == sorted(order)
    assert {item["ernst"] for item in signalen} <= {"verlopen", "urgent", "binnenkort", "gepland"}
    assert any(item["ernst"] == "verlopen" and item["dagen"] < 0 for item in signalen)


def test_signalen_json_agrees_with_the_rules_for_every_person(capsys, demo_db):
    per = date(2026, 12, 15)
    _, out, _ = run(capsys, "signalen", "--db", str(demo_db), "--per", per.isoformat(), "--json")
    printed = json.loads(out)

    store = open_demo_store(resolve(demo=True), today=TODAY)
    with store.engine.connect() as connection:
        records = load_caseload(connection=connection, as_of=per)
    store.close()
    expected = sorted(
        (
            s.vervaldatum.isoformat(), r.facts.kenmerk, str(s.soort), r.facts.naam, s.dagen, s.ernst.value, s.toelichting,
        )
        for r in records
        for s in compute_signalen(r.facts, per, Policy())
    )
    assert [
        (i["vervaldatum"], i["kenmerk"], i["soort"], i["naam"], i["dagen"], i["ernst"], i["toelichting"]) for i in printed
    ] == expected


def test_signalen_table_is_readable_dutch(capsys, demo_db):
    code, out, _ = run(capsys, "signalen", "--db", str(demo_db), "--per", "2026-11-22")

    lines = out.splitlines()
    assert code == EXIT_OK
    assert lines[0].startswith("Signalen per 22-11-2026: ")
    assert lines[2].split() == ["kenmerk", "naam", "signaal", "vervaldatum", "dagen", "ernst"]
    assert any(line.endswith("verlopen") and "PIP vaststellen" in line for line in lines)


def test_signalen_reads_the_municipal_settings_and_names_a_broken_file(capsys, demo_db):
    settings = resolve().settings_file
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text("voortgangsgesprek_interval_maanden = \n", encoding="utf-8")

    code, _, err = run(capsys, "signalen", "--db", str(demo_db))

    assert code == EXIT_FOUT
    assert err.startswith("regie: Fout in instellingen.toml")
    assert err.count("\n") == 1


def test_the_regie_console_script_exports_and_imports(tmp_path, demo_db):
    script = shutil.which("regie", path=str(Path(sys.executable).parent)) or shutil.which("regie")
    assert script, "the regie console script is installed with the package"
    target = tmp_path / "personen.csv"

    exported = subprocess.run([script, "export", "personen", str(target), "--db", str(demo_db)],
                              capture_output=True, text=True, timeout=60)
    imported = subprocess.run([script, "--vandaag", "2026-11-22", "--db", str(tmp_path / "kopie.sqlite"),
                               "import", "personen", str(target)], capture_output=True, text=True, timeout=60)
    broken = subprocess.run([script, "--db", str(tmp_path / "kopie.sqlite"), "signalen", "--per", "morgen"],
                            capture_output=True, text=True, timeout=60)

    assert exported.returncode == 0, exported.stderr
    count = exported.stdout.split()[0]
    assert exported.stdout.startswith(f"{count} personen geschreven naar") and int(count) > 0
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() == f"personen.csv: {count} personen toegevoegd, 0 bijgewerkt (gelezen als UTF-8 met BOM)."
    assert broken.returncode == EXIT_GEBRUIK
    assert broken.stderr.splitlines()[-1] == "regie: fout in de opdracht: --per: ‘morgen’ is geen datum; gebruik jjjj-mm-dd"
    assert "Traceback" not in exported.stderr + imported.stderr + broken.stderr


def test_regie_sleutel_export_writes_a_private_key_file_that_opens_the_database_without_the_wachtzin(tmp_path, capsys, monkeypatch):
    import os
    import stat

    from storage import keys

    db = tmp_path / "regie.sqlite"
    csv = tmp_path / "p.csv"
    csv.write_text("kenmerk;naam;doelgroep\nIB-S1;Sanne Sleutel;gezinsmigrant\n", encoding="utf-8")
    assert run(capsys, "--db", str(db), "import", "personen", str(csv))[0] == EXIT_OK
    key_file = tmp_path / "sleutel.txt"
    code, out, _ = run(capsys, "--db", str(db), "sleutel", "export", str(key_file))
    assert code == EXIT_OK and "sleutelbeheerder" in out
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert run(capsys, "--db", str(db), "sleutel", "export", str(key_file))[0] != EXIT_OK  # never overwritten

    monkeypatch.delenv(keys.ENV_PASSPHRASE)
    monkeypatch.setenv(keys.ENV_KEY_FILE, str(key_file))
    keys.forget()
    code, out, _ = run(capsys, "--db", str(db), "export", "personen", str(tmp_path / "uit.csv"))
    assert code == EXIT_OK and "Sanne Sleutel" in (tmp_path / "uit.csv").read_text(encoding="utf-8-sig")


def test_python_m_cli_main_gives_every_command_its_dutch_one_line_reason(tmp_path):
    import os

    def module(*argv: str, **env: str) -> subprocess.CompletedProcess:
        environment = {k: v for k, v in os.environ.items() if k != "REGIE_PASSPHRASE"} | env
        return subprocess.run([sys.executable, "-m", "cli.main", *argv], capture_output=True, text=True, timeout=60,
                              stdin=subprocess.DEVNULL, env=environment, cwd=Path(__file__).parents[2])

    missing = tmp_path / "weg.sqlite"
    audit = module("--db", str(missing), "audit", "verify")
    assert (audit.returncode, audit.stderr) == (
        EXIT_FOUT, f"regie: er is nog geen database op {missing}; geef met --db de juiste database op\n")

    source = tmp_path / "personen.csv"
    source.write_text("kenmerk;naam;doelgroep\nIB-1;Amal Haddad;asielstatushouder\n", encoding="utf-8")
    # no keyring, no wachtzin and no terminal to ask for one: the reason, not "onverwachte fout"
    no_key = module("--db", str(tmp_path / "nieuw.sqlite"), "import", "personen", str(source))
    assert no_key.returncode == EXIT_FOUT
    assert no_key.stderr.startswith("regie: ") and "wachtzin" in no_key.stderr
    assert "onverwachte fout" not in no_key.stderr and "Traceback" not in no_key.stderr


def test_signalen_per_an_earlier_date_ignore_a_voortgangsgesprek_after_it(capsys, tmp_path):
    db = str(tmp_path / "regie.sqlite")
    source = tmp_path / "personen.csv"
    source.write_text("kenmerk;naam;doelgroep;pip_datum;leerroute;laatste_voortgangsgesprek\n"
                      "IB-1;Amal Haddad;gezinsmigrant;01-03-2026;b1;15-05-2026\n", encoding="utf-8")
    assert run(capsys, "--db", db, "--vandaag", "2026-11-22", "import", "personen", str(source))[0] == EXIT_OK

    def gesprek(per: str) -> dict:
        code, out, _ = run(capsys, "--db", db, "signalen", "--per", per, "--json")
        assert code == EXIT_OK
        return next(row for row in json.loads(out) if row["soort"] == "voortgangsgesprek")

    before = gesprek("2026-04-01")  # the gesprek of 15 May has not happened yet
    assert (before["vervaldatum"], before["dagen"], before["ernst"]) == ("2026-06-01", 61, "gepland")
    assert before["toelichting"].startswith("Nog geen voortgangsgesprek sinds het PIP van 01-03-2026")
    after = gesprek("2026-05-15")
    assert (after["vervaldatum"], after["dagen"]) == ("2026-08-15", 92)


def test_every_command_that_writes_personal_data_says_the_file_is_owner_only_in_the_same_words(capsys, tmp_path, demo_db):
    import os

    from services.privacy import PRIVACY_LINE

    kenmerk = load_caseload_kenmerk(demo_db)
    written = {
        "export": (("--db", str(demo_db), "export", "personen", str(tmp_path / "p.csv")), tmp_path / "p.csv"),
        "signalen": (("--db", str(demo_db), "signalen", "--csv", str(tmp_path / "s.csv")), tmp_path / "s.csv"),
        "weekplan": (("--db", str(demo_db), "weekplan", kenmerk, "--uit", str(tmp_path / "w.html")), tmp_path / "w.html"),
    }
    for name, (argv, path) in written.items():
        code, out, _err = run(capsys, *argv)
        assert code == EXIT_OK, name
        assert out.splitlines()[-1] == PRIVACY_LINE, name
        if os.name == "posix":
            assert path.stat().st_mode & 0o077 == 0, name  # owner only


def load_caseload_kenmerk(database: Path) -> str:
    store = open_demo_store(resolve(demo=True), today=TODAY)
    try:
        with store.engine.connect() as connection:
            return connection.exec_driver_sql("SELECT kenmerk FROM person WHERE status = 'actief' ORDER BY id LIMIT 1").scalar()
    finally:
        store.close()


@pytest.mark.parametrize(("encoding", "codering"), [("cp1252", "Windows-1252"), ("utf-16", "UTF-16 LE")])
def test_import_personen_names_the_encoding_excel_saved_the_file_in(capsys, tmp_path, encoding, codering):
    source = tmp_path / "personen.csv"
    source.write_text("kenmerk;naam;doelgroep\nIB-1;José Müller;asielstatushouder\n", encoding=encoding)
    code, out, _err = run(capsys, "--db", str(tmp_path / "regie.sqlite"), "--vandaag", "2026-11-22",
                          "import", "personen", str(source))
    assert code == EXIT_OK
    assert out.strip() == f"personen.csv: 1 persoon toegevoegd, 0 bijgewerkt (gelezen als {codering})."


def test_a_backup_says_it_is_owner_only_and_encrypted(capsys, tmp_path):
    from services.privacy import PRIVACY_LINE_ENCRYPTED

    source = tmp_path / "personen.csv"
    source.write_text("kenmerk;naam;doelgroep\nIB-1;Amal Haddad;asielstatushouder\n", encoding="utf-8")
    db = str(tmp_path / "regie.sqlite")
    assert run(capsys, "--db", db, "--vandaag", "2026-11-22", "import", "personen", str(source))[0] == EXIT_OK
    code, out, _err = run(capsys, "--db", db, "backup")
    assert code == EXIT_OK
    assert out.splitlines()[-1] == PRIVACY_LINE_ENCRYPTED
