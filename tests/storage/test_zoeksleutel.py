"""Every name is found however it is typed, on every way a person is written, and the migration fills old rows."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from storage import keys, migrate
from storage.aanmelding import Aanmelding, create_aanmelding
from storage.db import file_url, make_engine
from storage.importer import import_personen
from storage.models import Person
from storage.paths import resolve
from storage.persons import AchternaamError, update_person
from storage.search import search_people
from storage.store import open_store
from tests.tx import in_write

TODAY = date(2026, 11, 22)
PERSON = Person.__table__

NAMES = ["Mehmet Öztürk", "Hüseyin Yılmaz", "Ayşe Şahin", "Anna Straße", "Bjørn Ødegård", "Łukasz Nowak",
         "Omar Darwish", "İbrahim Kaya", "Đorđe Petrović", "Jan van der Berg", "Sean O'Brien", "Fatima El-Amrani"]

# (what is typed, whom it must find): case, accents, letters of other alphabets, word order
TYPINGS = [
    ("Öztürk", "Mehmet Öztürk"), ("ÖZTÜRK", "Mehmet Öztürk"), ("ozturk", "Mehmet Öztürk"), ("OZTURK meh", "Mehmet Öztürk"),
    ("huseyin", "Hüseyin Yılmaz"), ("Hüseyin", "Hüseyin Yılmaz"), ("yilmaz", "Hüseyin Yılmaz"),
    ("sahin", "Ayşe Şahin"), ("Şahin", "Ayşe Şahin"), ("ayse", "Ayşe Şahin"),
    ("strasse", "Anna Straße"), ("straße", "Anna Straße"),
    ("odegard", "Bjørn Ødegård"), ("bjorn", "Bjørn Ødegård"),
    ("lukasz", "Łukasz Nowak"), ("ibrahim", "İbrahim Kaya"), ("dorde petrovic", "Đorđe Petrović"),
    ("darwish omar", "Omar Darwish"), ("omar darwish", "Omar Darwish"),
    ("berg van", "Jan van der Berg"), ("obrien", "Sean O'Brien"), ("O’Brien", "Sean O'Brien"),
    ("el amrani", "Fatima El-Amrani"), ("El-Amrani", "Fatima El-Amrani"),
]


@pytest.fixture
def store(tmp_path):
    store = open_store(resolve(tmp_path / "regie.sqlite"), backup_on_start=False)
    for number, naam in enumerate(NAMES, start=1):
        in_write(store.engine, create_aanmelding, aanmelding=Aanmelding(naam=naam, doelgroep="asielstatushouder",
                                                                       kenmerk=f"K-{number:03d}"), today=TODAY)
    yield store
    store.close()


def _found(store, text: str) -> list[str]:
    with store.engine.connect() as connection:
        return [hit.naam for hit in search_people(connection=connection, text=text)]


@pytest.mark.parametrize(("typed", "naam"), TYPINGS)
def test_a_name_is_found_however_it_is_typed_and_only_that_name(store, typed, naam):
    assert _found(store, typed) == [naam]


def test_a_word_that_is_in_no_name_finds_nobody(store):
    assert _found(store, "ozturk omar") == []
    assert _found(store, "K-003") == ["Ayşe Şahin"]  # the kenmerk as typed still works


def test_an_aanmelding_stores_the_achternaam_guessed_or_given(store):
    with store.engine.connect() as connection:
        rows = dict(connection.execute(select(PERSON.c.naam, PERSON.c.achternaam)).all())
    assert rows["Jan van der Berg"] == "van der Berg"
    assert rows["Omar Darwish"] == "Darwish"
    in_write(store.engine, create_aanmelding, aanmelding=Aanmelding(
        naam="Amira Abu Bakr", achternaam="Abu Bakr", doelgroep="gezinsmigrant", kenmerk="K-100"), today=TODAY)
    with store.engine.connect() as connection:
        assert connection.execute(select(PERSON.c.achternaam).where(PERSON.c.kenmerk == "K-100")).scalar() == "Abu Bakr"


def test_editing_the_naam_makes_the_new_spelling_findable_and_the_old_one_not(store):
    with store.engine.connect() as connection:
        person_id, version = connection.execute(
            select(PERSON.c.id, PERSON.c.version).where(PERSON.c.naam == "Omar Darwish")).one()
    in_write(store.engine, update_person, person_id=person_id, expected_version=version,
             changes={"naam": "Omar Derviş"})
    assert _found(store, "dervis") == ["Omar Derviş"]
    assert _found(store, "darwish") == []
    with store.engine.connect() as connection:
        assert connection.execute(select(PERSON.c.achternaam).where(PERSON.c.id == person_id)).scalar() == "Derviş"


def test_an_achternaam_that_is_not_in_the_naam_is_refused(store):
    with store.engine.connect() as connection:
        person_id, version = connection.execute(
            select(PERSON.c.id, PERSON.c.version).where(PERSON.c.naam == "Omar Darwish")).one()
    with pytest.raises(AchternaamError, match="staat niet in de naam"):
        in_write(store.engine, update_person, person_id=person_id, expected_version=version,
                 changes={"achternaam": "Jansen"})


def test_a_csv_import_makes_new_and_renamed_people_findable(store, tmp_path):
    csv = tmp_path / "personen.csv"
    csv.write_text("kenmerk;naam;doelgroep;achternaam\r\n"
                   "K-001;Mehmet Öztürk-Demir;asielstatushouder;Öztürk-Demir\r\n"
                   "K-200;Zeynep Güneş;gezinsmigrant;\r\n", encoding="utf-8")
    in_write(store.engine, import_personen, path=csv, today=TODAY)
    assert _found(store, "gunes zeynep") == ["Zeynep Güneş"]
    assert _found(store, "ozturk demir") == ["Mehmet Öztürk-Demir"]
    with store.engine.connect() as connection:
        rows = dict(connection.execute(select(PERSON.c.kenmerk, PERSON.c.achternaam)
                                       .where(PERSON.c.kenmerk.in_(["K-001", "K-200"]))).all())
    assert rows == {"K-001": "Öztürk-Demir", "K-200": "Güneş"}


def test_a_team_pull_makes_a_person_from_another_laptop_findable(store):
    from storage.team.operations import Operation, apply

    with store.engine.begin() as connection:
        apply(connection, Operation(kind="person.create", entity_uuid="00000000-0000-4000-8000-000000000001",
                                    person_uuid="00000000-0000-4000-8000-000000000001", author="Anna", laptop="l2",
                                    fields={"kenmerk": "K-300", "naam": "Selam Habtemariam", "doelgroep": "asielstatushouder",
                                            "regime": "wi2021", "status": "actief", "nareiziger": False,
                                            "bijstand": False, "tolk_nodig": False, "created_at": "2026-11-01T09:00:00+00:00",
                                            "updated_at": "2026-11-01T09:00:00+00:00"}, version=1))
    assert _found(store, "habtemariam selam") == ["Selam Habtemariam"]
    with store.engine.begin() as connection:
        apply(connection, Operation(kind="person.update", entity_uuid="00000000-0000-4000-8000-000000000001",
                                    person_uuid="00000000-0000-4000-8000-000000000001", author="Anna", laptop="l2",
                                    fields={"naam": ["Selam Habtemariam", "Selam Habtemaryam"]}, version=2))
    assert _found(store, "habtemaryam") == ["Selam Habtemaryam"]


# -- the migration ----------------------------------------------------------------------------------


def test_the_migration_keeps_every_row_fills_zoeksleutel_and_achternaam_and_forgets_the_search_text(tmp_path):
    engine = make_engine(file_url(tmp_path / "regie.sqlite"), key=keys.DatabaseKey.generate())
    migrate.upgrade(engine, "0011")
    names = [*NAMES, *(f"Persoon {n} van den Heuvel" for n in range(2500))]  # more than one batch of the migration
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO app_setting (key, value) VALUES ('caseload.filter', '{\"text\": \"Öztürk\", \"fase\": \"pip_vastgesteld\"}')")
        connection.exec_driver_sql(
            "INSERT INTO person (kenmerk, naam, doelgroep, nareiziger, regime, tolk_nodig, status, bijstand, version,"
            " created_at, updated_at) VALUES (?, ?, 'asielstatushouder', 0, 'wi2021', 0, 'actief', 0, 1,"
            " '2026-01-01 09:00:00', '2026-01-01 09:00:00')",
            [(f"K-{n:05d}", naam) for n, naam in enumerate(names)])
        before = connection.exec_driver_sql("SELECT id, kenmerk, naam, version, updated_at FROM person ORDER BY id").all()

    migrate.upgrade(engine)

    with engine.connect() as connection:
        after = connection.exec_driver_sql("SELECT id, kenmerk, naam, version, updated_at FROM person ORDER BY id").all()
        filled = connection.exec_driver_sql("SELECT naam, zoeksleutel, achternaam FROM person ORDER BY id").all()
        saved = connection.exec_driver_sql("SELECT value FROM app_setting WHERE key = 'caseload.filter'").scalar()
        assert [hit.naam for hit in search_people(connection=connection, text="OZTURK")] == ["Mehmet Öztürk"]
    engine.dispose()
    assert after == before
    assert all(key for _naam, key, _achternaam in filled)
    by_naam = {naam: (key, achternaam) for naam, key, achternaam in filled}
    assert by_naam["Ayşe Şahin"] == ("ayse sahin", "Şahin")
    assert by_naam["Persoon 2499 van den Heuvel"] == ("persoon 2499 van den heuvel", "van den Heuvel")
    assert "Öztürk" not in saved and "pip_vastgesteld" in saved


def test_the_achternaam_goes_out_with_an_export_and_comes_back_with_an_import(store, tmp_path):
    from storage.exporter import export_personen

    in_write(store.engine, create_aanmelding, aanmelding=Aanmelding(
        naam="Amira Abu Bakr", achternaam="Abu Bakr", doelgroep="gezinsmigrant", kenmerk="K-100"), today=TODAY)
    target = tmp_path / "personen.csv"
    with store.engine.connect() as connection:
        export_personen(connection=connection, path=target, today=TODAY)
    assert "achternaam" in target.read_text(encoding="utf-8-sig").splitlines()[0].split(";")
    other = open_store(resolve(tmp_path / "ander.sqlite"), backup_on_start=False)
    try:
        in_write(other.engine, import_personen, path=target, today=TODAY)
        with other.engine.connect() as connection:
            stored = dict(connection.execute(select(PERSON.c.kenmerk, PERSON.c.achternaam)).all())
            found = [hit.naam for hit in search_people(connection=connection, text="bakr amira")]
        assert stored["K-100"] == "Abu Bakr" and stored["K-010"] == "van der Berg"
        assert found == ["Amira Abu Bakr"]
    finally:
        other.close()
