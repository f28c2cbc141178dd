"""Revision 0018: every record of a person that travels to the team gets a UUID; every row stays.

The same filling and checks run on PostgreSQL (tests/team/test_migration_team.py): the teamdatabase
holds the same tables from the same migrations."""

from __future__ import annotations

from sqlalchemy import text

from storage import keys, migrate
from storage.db import file_url, make_engine

RECORD_TABLES = ("examen_poging", "verlenging", "ontheffing", "vrijstelling", "pip", "signaal_afhandeling",
                 "weekplan_entry", "verzuim", "contactmoment_versie", "wijziging", "afspraak")
_ROWS = [
    "INSERT INTO person (id, kenmerk, naam, doelgroep, nareiziger, regime, tolk_nodig, status, bijstand, gedeeld, version,"
    " created_at, updated_at) VALUES ({p}, 'K-{p}', 'Test {p}', 'asielstatushouder', false, 'wi2021', false, 'actief',"
    " false, false, 1, '2026-01-01 09:00:00', '2026-01-01 09:00:00')",
    "INSERT INTO contactmoment (id, person_id, datum, soort, notitie, created_at, uuid)"
    " VALUES ({p}, {p}, '2026-02-01', 'azc_bezoek', 'nu', '2026-02-01 09:00:00', 'c0000000-0000-0000-0000-00000000000{p}')",
    "INSERT INTO examen_poging (person_id, onderdeel, datum, resultaat) VALUES ({p}, 'lezen', '2026-06-01', 'behaald')",
    "INSERT INTO verlenging (person_id, grond, besluitdatum, nieuwe_einddatum, toelichting)"
    " VALUES ({p}, 'ziekte', '2026-05-01', '2029-01-01', '')",
    "INSERT INTO ontheffing (person_id, soort, besluitdatum) VALUES ({p}, 'geheel', '2026-05-01')",
    "INSERT INTO vrijstelling (person_id, soort, besluitdatum) VALUES ({p}, 'geheel', '2026-05-01')",
    "INSERT INTO pip (person_id, dagtekening, reden) VALUES ({p}, '2026-03-01', 'wissel')",
    "INSERT INTO signaal_afhandeling (person_id, soort, sleutel, actie, reden, door, op)"
    " VALUES ({p}, 'pip_termijn', 'pip_termijn:2026-03-01', 'afgehandeld', 'besproken', 'anna', '2026-03-02 09:00:00')",
    "INSERT INTO weekplan_entry (id, person_id, weekdag, start_tijd, eind_tijd, categorie, activiteit, aanbieder, locatie,"
    " geldig_van) VALUES ({p}, {p}, 0, '09:00:00', '12:00:00', 'taal', 'Taalles', '', '', '2026-02-01')",
    "INSERT INTO verzuim (person_id, datum, weekplan_entry_id, activiteit, soort, bron, reden, door, op)"
    " VALUES ({p}, '2026-02-02', {p}, 'Taalles', 'taal_knm', 'Taalhuis', 'ziek', 'anna', '2026-02-02 09:00:00')",
    # two earlier texts of the live contactmoment, two of one removed before the team came (id 100 + p)
    "INSERT INTO contactmoment_versie (person_id, contactmoment_id, datum, soort, notitie, actie, door, op)"
    " VALUES ({p}, {p}, '2026-02-01', 'azc_bezoek', 'eerst', 'gecorrigeerd', 'anna', '2026-02-01 10:00:00')",
    "INSERT INTO contactmoment_versie (person_id, contactmoment_id, datum, soort, notitie, actie, door, op)"
    " VALUES ({p}, {p}, '2026-02-01', 'azc_bezoek', 'toen', 'gecorrigeerd', 'anna', '2026-02-01 11:00:00')",
    "INSERT INTO contactmoment_versie (person_id, contactmoment_id, datum, soort, notitie, actie, door, op)"
    " VALUES ({p}, 100 + {p}, '2026-01-05', 'azc_bezoek', 'oud', 'gecorrigeerd', 'anna', '2026-01-05 10:00:00')",
    "INSERT INTO contactmoment_versie (person_id, contactmoment_id, datum, soort, notitie, actie, door, op)"
    " VALUES ({p}, 100 + {p}, '2026-01-05', 'azc_bezoek', 'weg', 'verwijderd', 'anna', '2026-01-05 11:00:00')",
    "INSERT INTO wijziging (person_id, audit_id, tabel, veld, oud, nieuw, door, op)"
    " VALUES ({p}, NULL, 'person', 'taal', NULL, 'Arabisch', 'anna', '2026-02-03 09:00:00')",
    "INSERT INTO afspraak (person_id, datum, begin, eind, soort, plaats, tolk_nodig, tolk_taal, consulent, notitie, status,"
    " created_at, uuid) VALUES ({p}, '2026-02-05', '09:30:00', '10:00:00', 'spreekuur', '', false, '', 'anna', '',"
    " 'gepland', '2026-02-01 09:00:00', NULL)",
]


def fill_at_0017(connection, persons: int = 3) -> None:
    """Rows in every table 0018 gives a UUID, written as SQL against revision 0017's schema (both dialects)."""
    for p in range(1, persons + 1):
        for statement in _ROWS:
            connection.execute(text(statement.format(p=p)))


def snapshot(connection) -> dict:
    """Every row of those tables without the new columns, and the new columns apart."""
    rows, new = {}, {}
    for table in RECORD_TABLES:
        result = connection.execute(text(f"SELECT * FROM {table} ORDER BY id")).mappings().all()
        rows[table] = [{k: v for k, v in r.items() if k not in ("uuid", "contactmoment_uuid")} for r in result]
        new[table] = [(r.get("uuid"), r.get("contactmoment_uuid")) for r in result]
    return {"rows": rows, "new": new}


def check_upgrade(before: dict, after: dict, persons: int = 3) -> None:
    assert after["rows"] == before["rows"]  # every row, every value
    for table in RECORD_TABLES:
        uuids = [uuid for uuid, _ in after["new"][table]]
        assert len(uuids) == len(set(uuids)) and all(u and len(u) == 36 for u in uuids), table
    versies = [contact for _, contact in after["new"]["contactmoment_versie"]]
    for p in range(persons):  # per person: two texts of the live contactmoment, two of the removed one
        live, live_again, removed, removed_again = versies[4 * p:4 * p + 4]
        assert live == live_again == f"c0000000-0000-0000-0000-00000000000{p + 1}"
        assert removed == removed_again and len(removed) == 36 and removed not in versies[:4 * p]


def test_0018_gives_every_travelling_record_a_uuid_and_keeps_every_row(tmp_path):
    engine = make_engine(file_url(tmp_path / "regie.sqlite"), key=keys.DatabaseKey.generate())
    migrate.upgrade(engine, "0017")
    with engine.begin() as connection:
        fill_at_0017(connection)
    with engine.connect() as connection:
        before = snapshot(connection)

    migrate.upgrade(engine)

    with engine.connect() as connection:
        after = snapshot(connection)
        assert migrate.current_revision(engine) == migrate.HEAD
    engine.dispose()
    check_upgrade(before, after)
