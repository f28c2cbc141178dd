"""Migrations: one chain, the models' schema, backups before upgrading."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import storage.models  # noqa: F401
from storage import migrate
from storage.backup import list_backups
from storage.db import make_engine, file_url
from storage.paths import resolve
from storage.store import open_store


def test_revisions_form_one_chain_from_a_single_base():
    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert len(script.get_heads()) == 1
    assert len(script.get_bases()) == 1
    revisions = list(script.walk_revisions())
    for revision in revisions:
        assert not isinstance(revision.down_revision, tuple), "no merge points"
    assert revisions[-1].down_revision is None


def test_the_head_constant_is_the_newest_revision():
    # A new revision must also move migrate.HEAD, or start-up would not upgrade to it.
    assert migrate.HEAD == migrate.head_revision()


def test_opening_a_current_database_does_not_import_alembic(tmp_path):
    import subprocess
    import sys

    locations = resolve(tmp_path / "regie.sqlite")
    open_store(locations).close()
    code = (
        "import sys; from storage.paths import resolve; from storage.store import open_store; "
        f"open_store(resolve({str(locations.database)!r}), backup_on_start=False).close(); "
        "print('alembic' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_upgrading_an_empty_database_yields_the_models_schema(tmp_path):
    engine = make_engine(file_url(tmp_path / "empty.sqlite"))
    migrate.upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []


def test_opening_a_new_database_migrates_it_without_a_backup(tmp_path):
    locations = resolve(tmp_path / "regie.sqlite")
    store = open_store(locations)
    assert migrate.current_revision(store.engine) == migrate.head_revision()
    assert list_backups(locations.backups) == []


def test_an_outdated_database_is_backed_up_before_it_is_upgraded(tmp_path):
    locations = resolve(tmp_path / "regie.sqlite")
    engine = make_engine(file_url(locations.database))
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    engine.dispose()
    # An empty but existing database at "no revision" counts as outdated.
    store = open_store(locations, backup_on_start=False)
    assert migrate.current_revision(store.engine) == migrate.head_revision()
    backups = list_backups(locations.backups)
    assert len(backups) == 1 and "voor-migratie" in backups[0].name


def test_open_store_never_calls_create_all(monkeypatch, tmp_path):
    def forbidden(*args, **kwargs):
        raise AssertionError("create_all on a user's database")

    monkeypatch.setattr(SQLModel.metadata, "create_all", forbidden)
    open_store(resolve(tmp_path / "regie.sqlite"))
