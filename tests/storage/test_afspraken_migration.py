"""Revision 0014 (afspraken) adds its table and keeps every row; an afspraak goes with its person when erased."""

from __future__ import annotations

from storage import keys, migrate
from storage.db import file_url, make_engine
from tests.storage.test_migration_safety import FIRST, TABLES_AT_FIRST, _fill_first_revision, _snapshot


def test_upgrading_from_0011_to_0014_keeps_every_row_and_adds_an_empty_afspraak_table(tmp_path):
    engine = make_engine(file_url(tmp_path / "regie.sqlite"), key=keys.DatabaseKey.generate())
    migrate.upgrade(engine, FIRST)
    _fill_first_revision(engine)
    migrate.upgrade(engine, "0011")
    before = _snapshot(engine)

    migrate.upgrade(engine, "0014")

    after = _snapshot(engine)
    assert migrate.current_revision(engine) == "0014"
    assert (after["counts"], after["persons"], after["children"]) == (before["counts"], before["persons"], before["children"])
    assert before["counts"]["person"] == 40 and set(after["counts"]) == set(TABLES_AT_FIRST)
    with engine.begin() as connection:
        sql = connection.exec_driver_sql
        assert sql("SELECT count(*) FROM afspraak").scalar() == 0
        sql("PRAGMA foreign_keys = ON")
        sql("INSERT INTO afspraak (person_id, datum, begin, eind, soort, plaats, tolk_nodig, tolk_taal, consulent, notitie,"
            " status, created_at) VALUES (1, '2026-11-23', '09:30:00.000000', '10:15:00.000000', 'spreekuur', '', 0, '',"
            " 'Anna de Vries', '', 'gepland', '2026-11-22 09:00:00')")
        sql("DELETE FROM person WHERE id = 1")
        assert sql("SELECT count(*) FROM afspraak").scalar() == 0
    engine.dispose()
