"""Weekplan entries and urenregistratie on a real SQLite file."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import insert

from rules.model import Taalvorm, UrenSoort, WeekplanCategorie
from rules.weekplan import TEMPLATES, BestaandeUren, Week, WeekplanItem, Wijziging, apply_template, split_edit
from storage.db import write_session
from storage.models import Person, Urenregistratie
from storage.paths import resolve
from storage.queries import hour_totals
from storage.store import open_store
from storage.uren import (
    LaatsteKeuze,
    NieuweUren,
    UrenSaveError,
    add_uren,
    delete_uren,
    list_uren,
    load_laatste_keuze,
    minutes_per_soort,
    registered_in_period,
    update_uren,
)
from storage.weekplan import (
    WeekplanSaveError,
    add_entries,
    end_entry,
    list_entries,
    load_weekplan_person,
    person_id_for_kenmerk,
    remove_entry,
    save_change,
)
from tests.tx import in_write


@pytest.fixture
def engine(tmp_path):
    store = open_store(resolve(tmp_path / "regie.sqlite"), backup_on_start=False)
    now = datetime(2026, 11, 22, tzinfo=UTC)
    with write_session(store.engine) as session:
        for row in (
            dict(id=1, kenmerk="IB-TEST-1", naam="Proef Persoon", doelgroep="asielstatushouder", leerroute="z",
                 pip_datum=date(2025, 1, 10), created_at=now, updated_at=now),
            dict(id=2, kenmerk="IB-TEST-2", naam="Ander Persoon", doelgroep="gezinsmigrant", created_at=now, updated_at=now),
        ):
            session.connection().execute(insert(Person.__table__).values(**row))
    yield store.engine
    store.close()


def entry(**changes) -> WeekplanItem:
    values = dict(weekdag=0, start_tijd=time(9), eind_tijd=time(12), categorie=WeekplanCategorie.TAAL, taalvorm=Taalvorm.FORMEEL,
                  activiteit="Taalles", aanbieder="Taalschool", locatie="Kerkstraat 1", geldig_van=date(2026, 11, 23))
    values.update(changes)
    return WeekplanItem(**values)


def test_entries_round_trip_per_person(engine):
    ids = in_write(engine, add_entries,  person_id=1, items=[entry(), entry(weekdag=2, categorie=WeekplanCategorie.PARTICIPATIE, taalvorm=None)])
    with engine.connect() as c:
        items = list_entries(connection=c, person_id=1)
        other = list_entries(connection=c, person_id=2)
    assert [i.id for i in items] == ids
    assert items[0] == entry(id=ids[0])
    assert items[1].categorie is WeekplanCategorie.PARTICIPATIE and items[1].taalvorm is None
    assert other == []


def test_a_template_is_saved_whole_or_not_at_all(engine):
    items = list(apply_template(TEMPLATES[1], date(2026, 11, 23)))
    broken = items + [entry(eind_tijd=time(8))]  # violates ck_weekplan_tijden
    with pytest.raises(Exception):
        in_write(engine, add_entries,  person_id=1, items=broken)
    with engine.connect() as c:
        assert list_entries(connection=c, person_id=1) == []
    in_write(engine, add_entries,  person_id=1, items=items)
    with engine.connect() as c:
        assert len(list_entries(connection=c, person_id=1)) == len(items)


def test_ending_an_entry_keeps_its_history(engine):
    (entry_id,) = in_write(engine, add_entries,  person_id=1, items=[entry(geldig_van=date(2026, 1, 5))])
    in_write(engine, end_entry,  person_id=1, entry_id=entry_id, geldig_tot=Week(2026, 48).zondag)
    with engine.connect() as c:
        (stored,) = list_entries(connection=c, person_id=1)
    assert stored.geldig_van == date(2026, 1, 5) and stored.geldig_tot == date(2026, 11, 29)
    with pytest.raises(WeekplanSaveError, match="vóór"):
        in_write(engine, end_entry,  person_id=1, entry_id=entry_id, geldig_tot=date(2025, 1, 1))
    with pytest.raises(WeekplanSaveError, match="bestaat niet meer"):
        in_write(engine, end_entry,  person_id=2, entry_id=entry_id, geldig_tot=date(2026, 12, 1))


def test_an_entry_is_corrected_in_place(engine):
    (entry_id,) = in_write(engine, add_entries,  person_id=1, items=[entry()])
    saved = in_write(engine, save_change,  person_id=1, wijziging=Wijziging(entry(id=entry_id, start_tijd=time(10), activiteit="Taalles A1")))
    with engine.connect() as c:
        (stored,) = list_entries(connection=c, person_id=1)
    assert stored == saved and stored.start_tijd == time(10) and stored.activiteit == "Taalles A1"
    with pytest.raises(WeekplanSaveError):
        in_write(engine, save_change,  person_id=2, wijziging=Wijziging(stored))


def test_a_change_from_a_later_week_ends_the_old_entry_and_starts_a_new_one_together(engine):
    old = entry(geldig_van=date(2026, 1, 5))
    (entry_id,) = in_write(engine, add_entries,  person_id=1, items=[old])
    old = replace(old, id=entry_id)
    saved = in_write(engine, save_change,  person_id=1, wijziging=split_edit(
        old, replace(old, start_tijd=time(10), geldig_van=date(2026, 11, 23))))
    with engine.connect() as c:
        stored = list_entries(connection=c, person_id=1)
    assert [(e.id, e.start_tijd, e.geldig_van, e.geldig_tot) for e in stored] == [
        (entry_id, time(9), date(2026, 1, 5), date(2026, 11, 22)),
        (saved.id, time(10), date(2026, 11, 23), None),
    ]
    # the old entry gone in the meantime: the new one is not stored either
    with write_session(engine) as session:
        session.connection().exec_driver_sql("DELETE FROM weekplan_entry")
    with pytest.raises(WeekplanSaveError, match="bestaat niet meer"):
        in_write(engine, save_change,  person_id=1, wijziging=split_edit(old, replace(old, start_tijd=time(10), geldig_van=date(2026, 11, 23))))
    with engine.connect() as c:
        assert list_entries(connection=c, person_id=1) == []


def test_only_an_entry_that_starts_in_the_week_can_be_removed(engine):
    ids = in_write(engine, add_entries,  person_id=1, items=[entry(geldig_van=date(2026, 11, 18)), entry(geldig_van=date(2026, 11, 13))])
    with pytest.raises(WeekplanSaveError, match="eerdere weken"):
        in_write(engine, remove_entry,  person_id=1, entry_id=ids[1], week=Week(2026, 47))
    with pytest.raises(WeekplanSaveError, match="bestaat niet meer"):
        in_write(engine, remove_entry,  person_id=2, entry_id=ids[0], week=Week(2026, 47))
    in_write(engine, remove_entry,  person_id=1, entry_id=ids[0], week=Week(2026, 47))
    with engine.connect() as c:
        assert [e.id for e in list_entries(connection=c, person_id=1)] == [ids[1]]


def test_the_person_is_found_by_kenmerk_case_insensitively(engine):
    with engine.connect() as c:
        assert person_id_for_kenmerk(connection=c, kenmerk="IB-TEST-1") == 1
        assert person_id_for_kenmerk(connection=c, kenmerk=" ib-test-2 ") == 2
        assert person_id_for_kenmerk(connection=c, kenmerk="IB-NOPE") is None
        person = load_weekplan_person(connection=c, person_id=1)
    assert person.naam == "Proef Persoon" and person.pip_datum == date(2025, 1, 10)


# --- urenregistratie ---------------------------------------------------------------


def test_hours_are_listed_newest_first_and_totals_follow_corrections_and_deletions(engine):
    in_write(engine, add_uren,  person_id=1, regels=[
        NieuweUren(date(2026, 11, 16), UrenSoort.TAAL_KNM, 180, "Taalschool", "Taalles"),
        NieuweUren(date(2026, 11, 18), UrenSoort.PARTICIPATIE, 90, "Bibliotheek"),
        NieuweUren(date(2026, 11, 17), UrenSoort.TAAL_KNM, 120, "Taalschool"),
    ])
    with engine.connect() as c:
        regels = list_uren(connection=c, person_id=1)
        assert [r.datum.day for r in regels] == [18, 17, 16]
        assert hour_totals(connection=c, as_of=date(2026, 11, 22), person_id=1)[1].taal_knm == 5.0
    in_write(engine, update_uren,  person_id=1, uren_id=regels[1].id,
                regel=NieuweUren(date(2026, 11, 17), UrenSoort.TAAL_KNM, 30, "Taalschool", "gecorrigeerd"))
    in_write(engine, delete_uren,  person_id=1, uren_id=regels[0].id)
    with engine.connect() as c:
        totals = hour_totals(connection=c, as_of=date(2026, 11, 22), person_id=1)[1]
        week = minutes_per_soort(connection=c, person_id=1, van=date(2026, 11, 16), tot=date(2026, 11, 22))
    assert totals.taal_knm == 3.5 and totals.participatie == 0
    assert week == {UrenSoort.TAAL_KNM: 210}
    with pytest.raises(UrenSaveError):
        in_write(engine, delete_uren,  person_id=1, uren_id=regels[0].id)
    with pytest.raises(UrenSaveError):
        in_write(engine, update_uren,  person_id=2, uren_id=regels[1].id, regel=NieuweUren(date(2026, 11, 17), UrenSoort.TAAL_KNM, 30))


def test_a_batch_with_one_bad_row_stores_nothing(engine):
    with pytest.raises(UrenSaveError):
        in_write(engine, add_uren,  person_id=1, regels=[
            NieuweUren(date(2026, 11, 16), UrenSoort.TAAL_KNM, 180), NieuweUren(date(2026, 11, 17), UrenSoort.TAAL_KNM, 0)])
    with engine.connect() as c:
        assert list_uren(connection=c, person_id=1) == []


def test_registered_hours_of_the_period_are_summed_per_day_kind_and_source(engine):
    in_write(engine, add_uren,  person_id=1, today=date(2026, 11, 22), regels=[
        NieuweUren(date(2026, 11, 15), UrenSoort.TAAL_KNM, 60, "Taalschool"),
        NieuweUren(date(2026, 11, 16), UrenSoort.TAAL_KNM, 60, "Taalschool"),
        NieuweUren(date(2026, 11, 16), UrenSoort.TAAL_KNM, 30, "Taalschool"),
        NieuweUren(date(2026, 11, 22), UrenSoort.PARTICIPATIE, 60, ""),
    ])
    with write_session(engine) as session:
        session.connection().execute(insert(Urenregistratie.__table__).values(
            person_id=1, datum=date(2026, 11, 20), soort="taal_knm", minuten=600, bron="Taalschool", ingelezen=True,
            created_at=datetime(2026, 11, 22, tzinfo=UTC)))
    with engine.connect() as c:
        found = registered_in_period(connection=c, person_id=1, van=date(2026, 11, 16), tot=date(2026, 11, 22))
    assert found == [
        BestaandeUren(date(2026, 11, 16), UrenSoort.TAAL_KNM, 90, "Taalschool"),
        BestaandeUren(date(2026, 11, 20), UrenSoort.TAAL_KNM, 600, "Taalschool", ingelezen=True),
        BestaandeUren(date(2026, 11, 22), UrenSoort.PARTICIPATIE, 60, ""),
    ]


def test_the_last_choice_is_remembered_with_the_save(engine):
    with engine.connect() as c:
        assert load_laatste_keuze(connection=c) is None
    in_write(engine, add_uren,  person_id=1, regels=[NieuweUren(date(2026, 11, 16), UrenSoort.PARTICIPATIE, 60, "Kringloop")],
             remember=LaatsteKeuze(UrenSoort.PARTICIPATIE, "Kringloop"))
    with engine.connect() as c:
        assert load_laatste_keuze(connection=c) == LaatsteKeuze(UrenSoort.PARTICIPATIE, "Kringloop")


def test_more_than_24_hours_on_a_day_by_hand_is_refused_but_an_imported_period_total_is_not_counted(engine):
    from sqlalchemy import update

    in_write(engine, add_uren,  person_id=1, regels=[NieuweUren(date(2026, 11, 16), UrenSoort.TAAL_KNM, 20 * 60)],
             today=date(2026, 11, 22))
    with pytest.raises(UrenSaveError, match="24,5 uur"):
        in_write(engine, add_uren,  person_id=1, regels=[NieuweUren(date(2026, 11, 16), UrenSoort.PARTICIPATIE, 270)],
                 today=date(2026, 11, 22))
    with pytest.raises(UrenSaveError, match="Er is niets opgeslagen"):  # two rows of one batch on one day
        in_write(engine, add_uren,  person_id=1, regels=[NieuweUren(date(2026, 11, 17), UrenSoort.TAAL_KNM, 13 * 60),
                                                     NieuweUren(date(2026, 11, 17), UrenSoort.PARTICIPATIE, 12 * 60)],
                 today=date(2026, 11, 22))
    with engine.connect() as c:
        (stored,) = list_uren(connection=c, person_id=1)
    # Correcting the row itself does not count it twice.
    in_write(engine, update_uren,  person_id=1, uren_id=stored.id, regel=NieuweUren(date(2026, 11, 16), UrenSoort.TAAL_KNM, 24 * 60),
                today=date(2026, 11, 22))
    # A school's month total on the same day (imported) is not a day's hours.
    with engine.begin() as c:
        c.execute(update(Urenregistratie.__table__).values(ingelezen=True))
    in_write(engine, add_uren,  person_id=1, regels=[NieuweUren(date(2026, 11, 16), UrenSoort.PARTICIPATIE, 120)],
             today=date(2026, 11, 22))
    # Correcting that school total keeps it a period total, still not in the future.
    in_write(engine, update_uren,  person_id=1, uren_id=stored.id, regel=NieuweUren(date(2026, 11, 16), UrenSoort.TAAL_KNM, 30 * 60),
                today=date(2026, 11, 22))
    with pytest.raises(UrenSaveError, match="toekomst"):
        in_write(engine, update_uren,  person_id=1, uren_id=stored.id,
                    regel=NieuweUren(date(2026, 11, 23), UrenSoort.TAAL_KNM, 30 * 60), today=date(2026, 11, 22))


def test_hours_in_the_future_or_before_the_koppeling_are_refused(engine):
    from sqlalchemy import update

    with engine.begin() as c:
        c.execute(update(Person.__table__).where(Person.__table__.c.id == 1).values(koppeling=date(2025, 4, 13)))
    with pytest.raises(UrenSaveError, match="toekomst"):
        in_write(engine, add_uren,  person_id=1, regels=[NieuweUren(date(2026, 11, 23), UrenSoort.TAAL_KNM, 60)],
                 today=date(2026, 11, 22))
    with pytest.raises(UrenSaveError, match="vóór de koppeling"):
        in_write(engine, add_uren,  person_id=1, regels=[NieuweUren(date(2025, 4, 12), UrenSoort.TAAL_KNM, 60)],
                 today=date(2026, 11, 22))
    with engine.connect() as c:
        assert list_uren(connection=c, person_id=1) == []
