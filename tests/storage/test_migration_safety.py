"""Migrations keep every row, and a migration that fails halfway changes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from storage import keys, migrate
from storage.backup import list_backups
from storage.db import make_engine, file_url
from storage.paths import resolve
from storage.store import StoreError, open_store

FIRST = "0001"
TABLES_AT_FIRST = ("app_setting", "person", "contactmoment", "examen_poging", "urenregistratie", "weekplan_entry")
PERSON_COLUMNS_AT_FIRST = ("id", "kenmerk", "naam", "geboortedatum", "bsn", "doelgroep", "consulent", "pip_datum",
                           "leerroute", "ontzorgen_maanden", "version", "created_at", "updated_at")


def _fill_first_revision(engine, persons: int = 40) -> None:
    """Demo-like rows, children included, written as SQL against the first revision's schema."""
    with engine.begin() as connection:
        sql = connection.exec_driver_sql
        sql("INSERT INTO app_setting (key, value) VALUES ('caseload.filter', '{\"mijn\": true}'), ('caseload.sort', 'naam')")
        for n in range(1, persons + 1):
            sql(
                "INSERT INTO person (id, kenmerk, naam, geboortedatum, bsn, doelgroep, nareiziger, regime, consulent, taal,"
                " tolk_nodig, status, pip_datum, leerroute, bijstand, ontzorgen_maanden, version, created_at, updated_at)"
                " VALUES (?, ?, ?, '1990-01-01', ?, 'asielstatushouder', 0, 'wi2021', 'Anna de Vries', 'Tigrinya',"
                " 1, 'actief', '2026-03-01', 'b1', 0, ?, 1, '2026-01-01 09:00:00', '2026-01-01 09:00:00')",
                (n, f"K-{n:04d}", f"Testpersoon {n}", f"9999{n:05d}", 6 if n % 2 else None),
            )
            for day in range(1, 4):
                sql("INSERT INTO contactmoment (person_id, datum, soort, notitie, created_at)"
                    " VALUES (?, ?, 'voortgangsgesprek', ?, '2026-01-01 09:00:00')", (n, f"2026-02-0{day}", f"notitie {day}"))
            sql("INSERT INTO urenregistratie (person_id, datum, soort, minuten, bron, omschrijving, created_at)"
                " VALUES (?, '2026-02-01', 'taal', 180, 'Taalhuis', '', '2026-02-01 09:00:00')", (n,))
            sql("INSERT INTO urenregistratie (person_id, datum, soort, minuten, bron, omschrijving, created_at)"
                " VALUES (?, '2026-02-02', 'participatie', 240, '', 'vrijwilligerswerk', '2026-02-02 09:00:00')", (n,))
            sql("INSERT INTO weekplan_entry (person_id, weekdag, start_tijd, eind_tijd, categorie, taalvorm, activiteit,"
                " aanbieder, locatie, geldig_van) VALUES (?, 0, '09:00:00', '12:00:00', 'taal', 'formeel', 'Taalles',"
                " 'Taalhuis', 'Kerkstraat 12', '2026-02-01')", (n,))
            sql("INSERT INTO examen_poging (person_id, onderdeel, datum, resultaat)"
                " VALUES (?, 'lezen', '2026-06-01', 'behaald')", (n,))


def _snapshot(engine) -> dict:
    with engine.connect() as connection:
        sql = connection.exec_driver_sql
        counts = {table: sql(f"SELECT count(*) FROM {table}").scalar() for table in TABLES_AT_FIRST}
        persons = sql(f"SELECT {', '.join(PERSON_COLUMNS_AT_FIRST)} FROM person ORDER BY id").fetchall()
        children = sql("SELECT id, person_id, datum, notitie FROM contactmoment ORDER BY id").fetchall()
        schema = sql("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()
    return {"counts": counts, "persons": persons, "children": children, "schema": schema}


def _populated_at_first(path: Path, key) -> None:
    engine = make_engine(file_url(path), key=key)
    migrate.upgrade(engine, FIRST)
    _fill_first_revision(engine)
    engine.dispose()


def test_upgrading_a_populated_database_from_the_first_revision_keeps_every_row(tmp_path):
    engine = make_engine(file_url(tmp_path / "regie.sqlite"), key=keys.DatabaseKey.generate())
    migrate.upgrade(engine, FIRST)
    _fill_first_revision(engine)
    before = _snapshot(engine)
    assert before["counts"]["contactmoment"] == 120

    migrate.upgrade(engine)

    after = _snapshot(engine)
    assert migrate.current_revision(engine) == migrate.head_revision() != FIRST
    assert after["counts"] == before["counts"]
    assert after["persons"] == before["persons"]
    assert after["children"] == before["children"]
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1  # back on after the upgrade
    engine.dispose()


def _revision(number: str, title: str, down: str, upgrade_body: str) -> str:
    """The source of a test-only Alembic revision `number` on top of `down`."""
    return (
        f'"""test only: {title}"""\n\nfrom alembic import op\nimport sqlalchemy as sa\n\n'
        f"revision = {number!r}\ndown_revision = {down!r}\nbranch_labels = None\ndepends_on = None\n\n\n"
        f"def upgrade() -> None:\n{upgrade_body}\n\ndef downgrade() -> None:\n    pass\n"
    )


def _install_on_top(tmp_path, monkeypatch, number: str, title: str, upgrade_body: str) -> None:
    """Run the migrations from a copy of regie's revisions with one test-only revision on top of the head."""
    head = migrate.head_revision()
    copy = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "versions" / f"{number}_test_only.py").write_text(_revision(number, title, head, upgrade_body), encoding="utf-8")
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", copy)
    assert migrate.head_revision() == number


BROKEN_UPGRADE = """\
    # A table copy (batch mode), a deletion of child rows, then a failure.
    with op.batch_alter_table("person") as batch_op:
        batch_op.add_column(sa.Column("halverwege", sa.String(), nullable=True))
    op.execute("DELETE FROM contactmoment")
    op.create_table("nooit", sa.Column("id", sa.Integer(), primary_key=True))
    raise RuntimeError("de stroom valt uit halverwege de migratie")
"""


@pytest.fixture
def broken_migrations(tmp_path, monkeypatch) -> None:
    """A copy of regie's revisions with a failing revision on top of the head."""
    _install_on_top(tmp_path, monkeypatch, "9999", "a revision that fails halfway", BROKEN_UPGRADE)


def test_a_migration_that_fails_halfway_leaves_the_database_exactly_as_it_was(tmp_path, broken_migrations):
    key = keys.DatabaseKey.generate()
    path = tmp_path / "regie.sqlite"
    _populated_at_first(path, key)
    engine = make_engine(file_url(path), key=key)
    before = _snapshot(engine)

    with pytest.raises(migrate.MigrationError):
        migrate.upgrade(engine)

    assert migrate.current_revision(engine) == FIRST  # not even the good revisions before it
    assert _snapshot(engine) == before
    engine.dispose()


def test_open_store_backs_up_then_reports_a_failed_migration_and_changes_nothing(tmp_path, broken_migrations):
    locations = resolve(tmp_path / "regie.sqlite")
    key = keys.resolve_key(locations.database, create=True)  # the key open_store will find (REGIE_PASSPHRASE)
    _populated_at_first(locations.database, key)
    engine = make_engine(file_url(locations.database), key=key)
    before = _snapshot(engine)
    engine.dispose()

    with pytest.raises(StoreError, match="De database is ongewijzigd"):
        open_store(locations)

    engine = make_engine(file_url(locations.database), key=key)
    assert migrate.current_revision(engine) == FIRST
    assert _snapshot(engine) == before
    engine.dispose()
    [made] = list_backups(locations.backups)
    assert "voor-migratie" in made.name and keys.encryption_state(made) is True


# -- a revision that rebuilds `person` (a batch table copy) keeps every child row ------------------

RECREATE_PERSON_UPGRADE = """\
    # recreate="always": CREATE _alembic_tmp_person, copy the rows, DROP person, RENAME. With foreign
    # keys on, the DROP deletes every contactmoment, uur, weekplan regel, ... by ON DELETE CASCADE.
    with op.batch_alter_table("person", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("test_kolom", sa.String(), nullable=True))
"""

CHILD_TABLES = ("contactmoment", "urenregistratie", "weekplan_entry", "examen_poging")


def _with_revision_on_top(tmp_path, monkeypatch, *, fail: bool) -> None:
    failure = '    raise RuntimeError("de stroom valt uit na het herbouwen van person")\n' if fail else ""
    _install_on_top(tmp_path, monkeypatch, "9998", "rebuild the person table, as a batch migration of it would",
                    RECREATE_PERSON_UPGRADE + failure)


def _populated_at_first_engine(tmp_path):
    engine = make_engine(file_url(tmp_path / "regie.sqlite"), key=keys.DatabaseKey.generate())
    migrate.upgrade(engine, FIRST)
    _fill_first_revision(engine)
    return engine


def test_a_revision_that_rebuilds_person_keeps_every_child_row(tmp_path, monkeypatch):
    _with_revision_on_top(tmp_path, monkeypatch, fail=False)
    engine = _populated_at_first_engine(tmp_path)
    before = _snapshot(engine)
    assert all(before["counts"][table] > 0 for table in CHILD_TABLES)

    migrate.upgrade(engine)

    after = _snapshot(engine)
    assert migrate.current_revision(engine) == "9998"
    with engine.connect() as connection:
        columns = [row[1] for row in connection.exec_driver_sql("PRAGMA table_info(person)")]
        assert "test_kolom" in columns  # the table really was rebuilt
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert after["counts"] == before["counts"]
    assert after["persons"] == before["persons"] and after["children"] == before["children"]
    engine.dispose()


def test_the_same_rebuild_with_foreign_keys_left_on_loses_the_child_rows(tmp_path, monkeypatch):
    # The control for the test above: were the runner to leave foreign keys on, the row counts show it.
    _with_revision_on_top(tmp_path, monkeypatch, fail=False)
    from storage.backend import local

    monkeypatch.setattr(local, "set_foreign_keys", lambda connection, *, enabled: None)
    engine = _populated_at_first_engine(tmp_path)
    before = _snapshot(engine)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1

    migrate.upgrade(engine)

    after = _snapshot(engine)
    assert after["counts"]["person"] == before["counts"]["person"]
    assert all(after["counts"][table] == 0 for table in CHILD_TABLES)
    assert after["counts"] != before["counts"]
    engine.dispose()


def test_a_failure_right_after_rebuilding_person_leaves_the_database_exactly_as_it_was(tmp_path, monkeypatch):
    _with_revision_on_top(tmp_path, monkeypatch, fail=True)
    engine = _populated_at_first_engine(tmp_path)
    before = _snapshot(engine)

    with pytest.raises(migrate.MigrationError):
        migrate.upgrade(engine)

    assert migrate.current_revision(engine) == FIRST
    assert _snapshot(engine) == before
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    engine.dispose()
