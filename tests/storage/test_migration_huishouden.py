"""Revision 0013 (V-nummer, AZC, contact details, household) keeps every row, and its downgrade does too."""

from __future__ import annotations

from storage import keys, migrate
from storage.db import file_url, make_engine

BEFORE = "0011"
NEW_COLUMNS = ("v_nummer", "azc_locatie", "adres", "telefoon", "email", "contactpersoon", "contactpersoon_organisatie",
               "contactpersoon_telefoon", "huishouden", "huishouden_relatie")


def _fill(engine, persons: int = 25) -> None:
    with engine.begin() as connection:
        sql = connection.exec_driver_sql
        for n in range(1, persons + 1):
            sql("INSERT INTO person (id, kenmerk, naam, geboortedatum, doelgroep, nareiziger, regime, tolk_nodig, status,"
                " bijstand, version, created_at, updated_at, vertrokken_op, vertrek_bestemming)"
                " VALUES (?, ?, ?, '1990-01-01', 'asielstatushouder', 0, 'wi2021', 1, 'actief', 0, 1,"
                " '2026-01-01 09:00:00', '2026-01-01 09:00:00', NULL, NULL)", (n, f"K-{n:04d}", f"Testpersoon {n}"))
            sql("INSERT INTO contactmoment (person_id, datum, soort, notitie, created_at)"
                " VALUES (?, '2026-02-01', 'azc_bezoek', 'notitie', '2026-02-01 09:00:00')", (n,))


def _rows(engine):
    with engine.connect() as connection:
        sql = connection.exec_driver_sql
        return (sql("SELECT id, kenmerk, naam, geboortedatum, status, version FROM person ORDER BY id").fetchall(),
                sql("SELECT id, person_id, datum, notitie FROM contactmoment ORDER BY id").fetchall())


def test_revision_0013_keeps_every_person_and_contactmoment_and_leaves_the_new_fields_empty(tmp_path):
    engine = make_engine(file_url(tmp_path / "regie.sqlite"), key=keys.DatabaseKey.generate())
    migrate.upgrade(engine, BEFORE)
    _fill(engine)
    before = _rows(engine)

    migrate.upgrade(engine, "0013")

    assert _rows(engine) == before
    with engine.connect() as connection:
        values = connection.exec_driver_sql(f"SELECT {', '.join(NEW_COLUMNS)} FROM person").fetchall()
    assert len(values) == 25 and all(value is None for row in values for value in row)

    _downgrade(engine, BEFORE)
    assert _rows(engine) == before
    engine.dispose()


def _downgrade(engine, revision: str) -> None:
    from alembic import command

    from storage import backend

    config = migrate.alembic_config()
    with engine.connect() as connection:
        backend.of(engine).set_foreign_keys(connection, enabled=False)
        with connection.begin():
            config.attributes["connection"] = connection
            command.downgrade(config, revision)
