"""Finding people, registering a new one, and keeping drafts."""

from __future__ import annotations

from datetime import date

import pytest

from storage.aanmelding import Aanmelding, AanmeldingError, create_aanmelding
from storage.drafts import delete_draft, list_drafts, save_draft
from storage.paths import resolve
from storage.preferences import load_consulent, save_consulent
from storage.search import search_people
from storage.store import open_demo_store, open_store
from tests.tx import in_write

TODAY = date(2026, 11, 22)


@pytest.fixture
def demo():
    return open_demo_store(resolve(demo=True), today=TODAY)


@pytest.fixture
def empty(tmp_path):
    return open_store(resolve(tmp_path / "regie.sqlite"), backup_on_start=False)


def _count(store, table):
    with store.engine.connect() as connection:
        return connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()


def test_search_finds_by_part_of_the_name_the_kenmerk_and_bsn_digits(demo):
    with demo.engine.connect() as connection:
        row = connection.exec_driver_sql("SELECT id, naam, kenmerk, bsn FROM person WHERE bsn IS NOT NULL LIMIT 1").one()
        first, last = row.naam.split()
        assert row.id in {h.id for h in search_people(connection=connection, text=last[:4].upper())}
        assert row.id in {h.id for h in search_people(connection=connection, text=f"{first[:3]} {last[:3]}")}
        assert search_people(connection=connection, text=row.kenmerk)[0].id == row.id
        assert row.id in {h.id for h in search_people(connection=connection, text=row.bsn[-4:])}
        assert search_people(connection=connection, text="   ") == []


def test_search_treats_like_wildcards_as_plain_text(demo):
    with demo.engine.connect() as connection:
        assert search_people(connection=connection, text="%") == []
        assert search_people(connection=connection, text="_") == []


def test_an_aanmelding_needs_a_naam_and_a_kenmerk_or_koppeling(empty):
    with pytest.raises(AanmeldingError, match="kenmerk, V-nummer of de datum van de koppeling"):
        in_write(empty.engine, create_aanmelding,  aanmelding=Aanmelding(naam="Test Persoon", doelgroep="asielstatushouder"), today=TODAY)
    with pytest.raises(AanmeldingError, match="naam"):
        in_write(empty.engine, create_aanmelding,  aanmelding=Aanmelding(naam=" ", doelgroep="asielstatushouder", kenmerk="X1"), today=TODAY)
    assert _count(empty, "person") == 0


def test_an_aanmelding_with_only_a_koppeling_gets_a_generated_kenmerk_and_its_visit(empty):
    aanmelding = Aanmelding(
        naam="Test Persoon", doelgroep="gezinsmigrant", koppeling=date(2026, 11, 1),
        contact_soort="azc_bezoek", contact_datum=date(2026, 11, 20), notitie="Eerste kennismaking.",
    )
    first = in_write(empty.engine, create_aanmelding,  aanmelding=aanmelding, today=TODAY)
    second = in_write(empty.engine, create_aanmelding,  aanmelding=aanmelding, today=TODAY)
    assert first[1] == "NIEUW-2026-0001" and second[1] == "NIEUW-2026-0002"
    assert _count(empty, "contactmoment") == 2


def test_a_duplicate_kenmerk_is_refused_in_dutch_and_nothing_is_stored(empty):
    aanmelding = Aanmelding(naam="Test Persoon", doelgroep="asielstatushouder", kenmerk="IB-1", contact_soort="azc_bezoek", notitie="x")
    in_write(empty.engine, create_aanmelding,  aanmelding=aanmelding, today=TODAY)
    with pytest.raises(AanmeldingError, match="bestaat al"):
        in_write(empty.engine, create_aanmelding,  aanmelding=aanmelding, today=TODAY)
    assert _count(empty, "person") == 1 and _count(empty, "contactmoment") == 1


def test_a_draft_is_kept_replaced_and_forgotten(empty):
    in_write(empty.engine, save_draft,  key="aanmelding", form="aanmelding", data={"naam": "Half"})
    in_write(empty.engine, save_draft,  key="aanmelding", form="aanmelding", data={"naam": "Half ingevuld"})
    with empty.engine.connect() as connection:
        drafts = list_drafts(connection=connection)
    assert [d.data["naam"] for d in drafts] == ["Half ingevuld"]
    in_write(empty.engine, delete_draft,  key="aanmelding")
    with empty.engine.connect() as connection:
        assert list_drafts(connection=connection) == []


def test_the_consulent_name_is_remembered(tmp_path):
    assert load_consulent(tmp_path) is None
    save_consulent(tmp_path, "  Anna de Vries ")
    assert load_consulent(tmp_path) == "Anna de Vries"
    (tmp_path / "gebruiker.json").write_text("{kapot", encoding="utf-8")
    assert load_consulent(tmp_path) is None
