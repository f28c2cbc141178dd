"""The use cases behind the command line, called as the app would call them: typed results, Dutch errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rules.weekplan import Week
from services import audit, backups, exports, imports, keys, opschonen, weekplan_print
from services.errors import NoDatabaseError, ServiceError
from services.store import open_as_user, open_demo_store, resolve

TODAY = date(2026, 11, 22)
PERSONEN = "kenmerk;naam;doelgroep\nIB-1;Amal Haddad;asielstatushouder\nIB-2;Yonas Tekle;gezinsmigrant\n"


@pytest.fixture
def locations(tmp_path):
    return resolve(str(tmp_path / "regie.sqlite"))


@pytest.fixture
def store(locations):
    opened = open_as_user(locations, must_exist=False)
    yield opened
    opened.close()


@pytest.fixture
def demo():
    opened = open_demo_store(resolve(demo=True), today=TODAY)
    yield opened
    opened.close()


def _csv(tmp_path: Path, text: str, name: str = "personen.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_import_returns_its_counts_and_writes_one_audit_row_per_person(store, tmp_path):
    before = audit.verify_audit(store).rows

    result = imports.import_personen(store, path=_csv(tmp_path, PERSONEN), today=TODAY)

    assert (result.toegevoegd, result.bijgewerkt, result.samenvatting) == (2, 0, "2 personen toegevoegd, 0 bijgewerkt (gelezen als UTF-8)")
    assert audit.verify_audit(store).rows == before + 2


def test_a_rejected_import_lists_every_problem_and_stores_nothing(store, tmp_path):
    bad = _csv(tmp_path, "kenmerk;naam;doelgroep;kleur\nIB-1;;asielstatushouder;rood\nIB-2;Yonas;onbekend;blauw\n")

    with pytest.raises(imports.ImportRejectedError) as rejected:
        imports.import_personen(store, path=bad, today=TODAY)

    assert str(rejected.value) == "personen.csv niet ingelezen: 2 fouten; er is niets opgeslagen"
    assert [line.split(":")[0] for line in rejected.value.fouten] == ["regel 2, kolom naam", "regel 3, kolom doelgroep"]
    assert rejected.value.waarschuwingen[0] == "waarschuwing: onbekende kolom ‘kleur’ wordt genegeerd"
    assert exports.export_personen(store, path=tmp_path / "uit.csv", today=TODAY).aantal == 0


def test_an_import_of_a_missing_file_says_so_before_any_database_is_touched(tmp_path):
    with pytest.raises(imports.SourceFileError, match="bestaat niet"):
        imports.check_source(tmp_path / "weg.csv")
    with pytest.raises(imports.SourceFileError, match="is geen bestand"):
        imports.check_source(tmp_path)


def test_uren_go_in_once_however_often_the_same_file_is_imported(store, tmp_path):
    with_koppeling = "kenmerk;naam;doelgroep;koppeling\nIB-1;Amal;gezinsmigrant;01-10-2026\nIB-2;Yonas;gezinsmigrant;01-10-2026\n"
    imports.import_personen(store, path=_csv(tmp_path, with_koppeling), today=TODAY)
    uren = _csv(tmp_path, "kenmerk;datum;soort;uren\nIB-1;02-11-2026;taal_knm;3\nIB-2;03-11-2026;participatie;1,5\n", "uren.csv")

    first = imports.import_uren(store, path=uren, today=TODAY)
    again = imports.import_uren(store, path=uren, today=TODAY)

    assert (first.toegevoegd, first.overgeslagen) == (2, 0)
    assert (again.toegevoegd, again.overgeslagen) == (0, 2)


def test_the_unencrypted_demo_takes_test_bsns_and_refuses_a_real_one(demo, tmp_path):
    ok = _csv(tmp_path, "kenmerk;naam;bsn;doelgroep\nT-1;Verzonnen;999900018;gezinsmigrant\n", "test.csv")
    real = _csv(tmp_path, "kenmerk;naam;bsn;doelgroep\nT-2;Echt;111222333;gezinsmigrant\n", "echt.csv")

    assert imports.import_personen(demo, path=ok, today=TODAY).toegevoegd == 1
    with pytest.raises(imports.ImportRejectedError) as rejected:
        imports.import_personen(demo, path=real, today=TODAY)
    assert rejected.value.fouten == ("regel 2, kolom bsn: *****2333 is een echt BSN; de demo-database is niet "
                                     "versleuteld en neemt alleen test-BSN's aan (beginnend met 9999)",)


def test_an_export_says_how_many_and_where_and_is_in_the_audit_trail(store, tmp_path):
    imports.import_personen(store, path=_csv(tmp_path, PERSONEN), today=TODAY)
    before = audit.verify_audit(store).rows

    done = exports.export_personen(store, path=tmp_path / "uit.csv", today=TODAY)

    assert (done.aantal, done.path) == (2, tmp_path / "uit.csv")
    assert "Yonas Tekle" in done.path.read_text(encoding="utf-8-sig")
    assert audit.verify_audit(store).rows == before + 1


def test_an_export_into_a_missing_folder_is_a_dutch_error(store, tmp_path):
    with pytest.raises(exports.ExportFailedError):
        exports.export_personen(store, path=tmp_path / "weg" / "uit.csv", today=TODAY)


def test_locate_names_the_database_backups_and_settings(locations):
    found = backups.locate(locations)

    assert (found.database, found.backups, found.settings_file) == (
        locations.database, locations.backups, locations.settings_file)


def test_a_backup_of_no_database_is_refused(locations):
    with pytest.raises(NoDatabaseError, match="er is nog geen database"):
        backups.backup_now(locations)


def test_a_restore_the_user_declines_changes_nothing_and_one_confirmed_puts_the_backup_back(locations, tmp_path):
    first = open_as_user(locations, must_exist=False)
    imports.import_personen(first, path=_csv(tmp_path, PERSONEN), today=TODAY)
    first.close()
    made = backups.backup_now(locations)
    assert made.encrypted and made.path.is_file()
    later = open_as_user(locations, must_exist=True)
    imports.import_personen(later, path=_csv(tmp_path, "kenmerk;naam;doelgroep\nIB-3;Dilan;gezinsmigrant\n", "nieuw.csv"),
                            today=TODAY)
    later.close()
    asked = []

    declined = backups.restore(locations, source=made.path, confirm=lambda db, src: asked.append((db, src)) or False)

    assert not declined.done and asked == [(locations.database, made.path)]
    restored = backups.restore(locations, source=made.path, confirm=lambda db, src: True)
    assert restored.done and restored.safety is not None and restored.safety.is_file()
    again = open_as_user(locations, must_exist=True)
    try:
        assert exports.export_personen(again, path=tmp_path / "uit.csv", today=TODAY).aantal == 2
    finally:
        again.close()


def test_a_key_export_never_overwrites_a_file(store, locations, tmp_path):
    target = tmp_path / "sleutel.txt"

    assert keys.export_key(locations, target=target) == target
    with pytest.raises(keys.KeyServiceError, match="bestaat al"):
        keys.export_key(locations, target=target)


@pytest.mark.parametrize(
    ("text", "fine"),
    [
        ("a" * 64, True),
        ("  " + "AB" * 32 + "\n", True),
        ("0" * 64, True),  # the head of an empty trail
        ("a" * 63, False),
        ("a" * 65, False),
        ("z" * 64, False),
        ("", False),
        ("kop-hash " + "a" * 55, False),
    ],
)
def test_a_kop_hash_is_64_hexadecimal_characters(text, fine):
    if fine:
        assert audit.parse_kop_hash(text) == text.strip().lower()
    else:
        with pytest.raises(audit.KopHashFormatError, match="64 tekens lang"):
            audit.parse_kop_hash(text)


def test_audit_verify_gives_the_head_and_finds_an_earlier_head_in_the_chain(store, tmp_path):
    first = audit.verify_audit(store)
    imports.import_personen(store, path=_csv(tmp_path, PERSONEN), today=TODAY)

    later = audit.verify_audit(store, kop=first.head_hash)

    assert later.kop_found and later.rows == first.rows + 2 and later.head_hash != first.head_hash
    with pytest.raises(audit.AuditBrokenError, match="gewijzigd of ingekort"):
        audit.verify_audit(store, kop="ab" * 32)


def test_opschonen_finds_nobody_in_a_fresh_caseload_and_purges_nothing(store, tmp_path):
    imports.import_personen(store, path=_csv(tmp_path, PERSONEN), today=TODAY)

    expired = opschonen.list_expired(store, today=TODAY)

    assert expired.personen == () and expired.bewaartermijn_jaren == 5
    assert opschonen.purge_expired(store, expired=expired) == 0


def test_opschonen_with_a_broken_settings_file_says_which_setting(store, locations):
    locations.settings_file.parent.mkdir(parents=True, exist_ok=True)
    locations.settings_file.write_text("bewaartermijn_jaren = 99\n", encoding="utf-8")

    with pytest.raises(ServiceError, match="bewaartermijn_jaren"):
        opschonen.list_expired(store, today=TODAY)


def test_a_printed_weekplan_is_written_and_an_unknown_kenmerk_or_week_is_a_dutch_error(demo, tmp_path):
    kenmerk = exports.export_personen(demo, path=tmp_path / "alle.csv", today=TODAY).path.read_text(
        encoding="utf-8-sig").splitlines()[1].split(";")[0]
    week = weekplan_print.choose_week("2026-W48", today=TODAY)

    target = weekplan_print.print_weekplan(demo, kenmerk=kenmerk, week=week, target=tmp_path / "plan.html")

    assert week == Week(2026, 48) and target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert weekplan_print.choose_week(None, today=TODAY) == Week.of(TODAY)
    with pytest.raises(weekplan_print.WeekplanPrintError, match="er is niemand met kenmerk XX-0"):
        weekplan_print.print_weekplan(demo, kenmerk="XX-0", week=week)
    with pytest.raises(weekplan_print.WeekplanPrintError):
        weekplan_print.choose_week("week 48", today=TODAY)


def test_a_printed_weekplan_names_the_persons_own_consulent_not_whoever_prints(demo, tmp_path):
    from services.preferences import save_consulent, save_telefoon

    with demo.engine.connect() as connection:
        from sqlalchemy import text

        kenmerk, consulent = connection.execute(text(
            "SELECT p.kenmerk, p.consulent FROM person p WHERE p.consulent IS NOT NULL AND p.consulent != 'Iemand Anders' "
            "AND EXISTS (SELECT 1 FROM weekplan_entry w WHERE w.person_id = p.id) ORDER BY p.kenmerk LIMIT 1")).one()
    save_consulent(demo.locations.config_dir, "Iemand Anders")  # who prints
    save_telefoon(demo.locations.config_dir, "06 12121212")
    warnings: list[str] = []
    page = weekplan_print.print_weekplan(demo, kenmerk=kenmerk, week=Week(2026, 48), target=tmp_path / "plan.html",
                                         warnings=warnings).read_text(encoding="utf-8")
    assert f"<b>{consulent}</b>" in page and "Iemand Anders" not in page
    assert "06 12121212" not in page  # the printer's own phone is not the person's consulent's
    assert any("geen telefoonnummer" in w for w in warnings)  # and the demo has no team phone: said how to set it

    save_consulent(demo.locations.config_dir, consulent)  # the person's own consulent prints: their own phone
    warnings.clear()
    page = weekplan_print.print_weekplan(demo, kenmerk=kenmerk, week=Week(2026, 48), target=tmp_path / "plan2.html",
                                         warnings=warnings).read_text(encoding="utf-8")
    assert "06 12121212" in page and not any("telefoonnummer" in w for w in warnings)
