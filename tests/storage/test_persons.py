"""Writes for one person on a real SQLite file: optimistic locking, contactmomenten, exam attempts."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import insert, select

from rules.model import ContactSoort, ExamenOnderdeel, ExamenResultaat
from storage.db import write_session
from storage.models import Person
from storage.paths import resolve
from storage.persons import (
    VERSIE_CONFLICT_MELDING,
    KenmerkInUseError,
    PersonNotFoundError,
    VersionConflictError,
    add_contactmoment,
    add_examenpoging,
    delete_examenpoging,
    list_consulenten,
    list_contactmomenten,
    list_examenpogingen,
    load_person_fields,
    update_person,
)
from storage.queries import load_person
from storage.store import open_store
from tests.tx import in_write

TODAY = date(2026, 11, 22)
PERSON = Person.__table__


@pytest.fixture
def store(tmp_path):
    opened = open_store(resolve(tmp_path / "regie.sqlite"), backup_on_start=False)
    yield opened
    opened.close()


def _add_person(store, kenmerk: str = "IB-2026-0001", **values) -> int:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    row = dict(
        kenmerk=kenmerk, naam="Amal Testpersoon", doelgroep="asielstatushouder", nareiziger=False, regime="wi2021",
        tolk_nodig=False, status="actief", bijstand=True, version=1, created_at=now, updated_at=now,
        brp_inschrijving=date(2026, 3, 2),
    )
    row.update(values)
    with write_session(store.engine) as session:
        return session.execute(insert(PERSON).values(**row)).inserted_primary_key[0]


def _row(store, person_id: int):
    with store.engine.connect() as connection:
        return connection.execute(select(PERSON).where(PERSON.c.id == person_id)).mappings().one()


def test_update_person_saves_the_changes_and_raises_the_version(store):
    person_id = _add_person(store)
    new_version = in_write(store.engine, update_person,
         person_id=person_id, expected_version=1,
        changes={"pip_datum": date(2026, 4, 20), "leerroute": "z", "naam": "Amal Nieuw"},
    )
    row = _row(store, person_id)
    assert new_version == 2 == row["version"]
    assert (row["pip_datum"], row["leerroute"], row["naam"]) == (date(2026, 4, 20), "z", "Amal Nieuw")


def test_update_person_with_a_stale_version_overwrites_nothing(store):
    person_id = _add_person(store)
    in_write(store.engine, update_person,  person_id=person_id, expected_version=1, changes={"taal": "Tigrinya"})
    with pytest.raises(VersionConflictError) as raised:
        in_write(store.engine, update_person,  person_id=person_id, expected_version=1, changes={"taal": "Arabisch"})
    assert raised.value.message == VERSIE_CONFLICT_MELDING
    assert "ctrl+r" in raised.value.message
    row = _row(store, person_id)
    assert (row["taal"], row["version"]) == ("Tigrinya", 2)


def test_two_forms_read_the_same_version_and_only_the_first_save_wins(store):
    person_id = _add_person(store)
    with store.engine.connect() as connection:
        first = load_person_fields(connection=connection, person_id=person_id)
        second = load_person_fields(connection=connection, person_id=person_id)
    in_write(store.engine, update_person,  person_id=person_id, expected_version=first.version, changes={"consulent": "Anna"})
    with pytest.raises(VersionConflictError):
        in_write(store.engine, update_person,  person_id=person_id, expected_version=second.version, changes={"consulent": "Bert"})
    assert _row(store, person_id)["consulent"] == "Anna"


def test_update_person_on_a_removed_person_says_so(store):
    with pytest.raises(PersonNotFoundError):
        in_write(store.engine, update_person,  person_id=999, expected_version=1, changes={"taal": "Dari"})


def test_a_kenmerk_already_in_use_is_refused_in_dutch_and_nothing_is_saved(store):
    _add_person(store, "IB-2026-0001")
    other = _add_person(store, "IB-2026-0002")
    with pytest.raises(KenmerkInUseError) as raised:
        in_write(store.engine, update_person,  person_id=other, expected_version=1,
                      changes={"kenmerk": "IB-2026-0001", "taal": "Farsi"})
    assert "IB-2026-0001" in raised.value.message and "al in gebruik" in raised.value.message
    row = _row(store, other)
    assert (row["kenmerk"], row["taal"], row["version"]) == ("IB-2026-0002", None, 1)


def test_update_person_refuses_columns_that_are_not_editable_and_values_outside_the_enumerations(store):
    person_id = _add_person(store)
    with pytest.raises(ValueError):
        in_write(store.engine, update_person,  person_id=person_id, expected_version=1, changes={"version": 7})
    with pytest.raises(ValueError):
        in_write(store.engine, update_person,  person_id=person_id, expected_version=1, changes={"leerroute": "x"})
    with pytest.raises(ValueError):
        in_write(store.engine, update_person,  person_id=person_id, expected_version=1, changes={"naam": None})
    assert _row(store, person_id)["version"] == 1


def test_load_person_fields_gives_the_stored_voortgangsgesprek_not_the_derived_one(store):
    person_id = _add_person(store, laatste_voortgangsgesprek=date(2026, 6, 1), pip_datum=date(2026, 4, 1))
    in_write(store.engine, add_contactmoment,  person_id=person_id, datum=date(2026, 9, 1),
                      soort=ContactSoort.VOORTGANGSGESPREK, notitie="")
    with store.engine.connect() as connection:
        fields = load_person_fields(connection=connection, person_id=person_id)
        record = load_person(connection=connection, person_id=person_id, as_of=TODAY)
        assert load_person_fields(connection=connection, person_id=999) is None
    assert fields.values["laatste_voortgangsgesprek"] == date(2026, 6, 1)
    assert record.facts.laatste_voortgangsgesprek == date(2026, 9, 1)


def test_add_contactmoment_stores_it_and_the_timeline_lists_newest_first(store):
    person_id = _add_person(store)
    older = in_write(store.engine, add_contactmoment,  person_id=person_id, datum=date(2026, 5, 1),
                              soort=ContactSoort.HUISBEZOEK, notitie="Woning bekeken.")
    newest = in_write(store.engine, add_contactmoment,  person_id=person_id, datum=date(2026, 11, 20),
                               soort="spreekuur", notitie="  Vraag over toeslagen.  ")
    same_day_later = in_write(store.engine, add_contactmoment,  person_id=person_id, datum=date(2026, 5, 1),
                                       soort=ContactSoort.TELEFONISCH, notitie="")
    with store.engine.connect() as connection:
        timeline = list_contactmomenten(connection=connection, person_id=person_id)
    assert [c.id for c in timeline] == [newest, same_day_later, older]
    assert timeline[0].soort is ContactSoort.SPREEKUUR
    assert timeline[0].notitie == "Vraag over toeslagen."


def test_a_voortgangsgesprek_contactmoment_moves_the_last_gesprek_of_the_facts(store):
    person_id = _add_person(store, pip_datum=date(2026, 4, 1))
    in_write(store.engine, add_contactmoment,  person_id=person_id, datum=date(2026, 11, 2),
                      soort=ContactSoort.VOORTGANGSGESPREK, notitie="Gaat goed.")
    with store.engine.connect() as connection:
        record = load_person(connection=connection, person_id=person_id, as_of=TODAY)
    assert record.facts.laatste_voortgangsgesprek == date(2026, 11, 2)


def test_add_contactmoment_for_a_missing_person_writes_nothing(store):
    with pytest.raises(PersonNotFoundError):
        in_write(store.engine, add_contactmoment,  person_id=42, datum=TODAY, soort="spreekuur", notitie="x")
    with store.engine.connect() as connection:
        assert list_contactmomenten(connection=connection, person_id=42) == []


def test_add_contactmoment_refuses_an_unknown_soort(store):
    person_id = _add_person(store)
    with pytest.raises(ValueError):
        in_write(store.engine, add_contactmoment,  person_id=person_id, datum=TODAY, soort="borrel", notitie="")


def test_exam_attempts_are_added_listed_per_component_and_deleted(store):
    person_id = _add_person(store)
    other = _add_person(store, "IB-2026-0009")
    first = in_write(store.engine, add_examenpoging,  person_id=person_id, onderdeel="spreken",
                             datum=date(2026, 3, 1), resultaat=ExamenResultaat.NIET_BEHAALD)
    lezen = in_write(store.engine, add_examenpoging,  person_id=person_id, onderdeel=ExamenOnderdeel.LEZEN,
                             datum=date(2026, 6, 1), resultaat="behaald")
    second = in_write(store.engine, add_examenpoging,  person_id=person_id, onderdeel="spreken",
                              datum=date(2026, 5, 1), resultaat="niet_behaald")
    with store.engine.connect() as connection:
        listed = list_examenpogingen(connection=connection, person_id=person_id)
    assert [p.id for p in listed] == [lezen, first, second]
    assert not in_write(store.engine, delete_examenpoging,  person_id=other, poging_id=first)
    assert in_write(store.engine, delete_examenpoging,  person_id=person_id, poging_id=first)
    assert not in_write(store.engine, delete_examenpoging,  person_id=person_id, poging_id=first)
    with store.engine.connect() as connection:
        assert [p.id for p in list_examenpogingen(connection=connection, person_id=person_id)] == [lezen, second]


def test_list_consulenten_gives_each_name_once_in_order(store):
    _add_person(store, "IB-1", consulent="Sanne Jansen")
    _add_person(store, "IB-2", consulent="Anna de Vries")
    _add_person(store, "IB-3", consulent="Sanne Jansen")
    _add_person(store, "IB-4")
    with store.engine.connect() as connection:
        assert list_consulenten(connection=connection) == ["Anna de Vries", "Sanne Jansen"]


def test_a_bsn_of_another_person_is_refused_naming_their_kenmerk_and_nothing_is_saved(store):
    from storage.persons import BsnInUseError

    _add_person(store, "IB-2026-0001", bsn="999990007")
    other = _add_person(store, "IB-2026-0002")
    with pytest.raises(BsnInUseError) as raised:
        in_write(store.engine, update_person,  person_id=other, expected_version=1, changes={"bsn": "999990007", "taal": "Farsi"})
    assert "IB-2026-0001" in raised.value.message and "999990007" not in raised.value.message
    assert (_row(store, other)["bsn"], _row(store, other)["version"]) == (None, 1)
    # the person's own BSN may be saved again
    first = _row(store, _add_person(store, "IB-2026-0003", bsn="999990019"))
    assert in_write(store.engine, update_person,  person_id=first["id"], expected_version=1, changes={"bsn": "999990019", "taal": "Dari"}) == 2
