"""Revision 0009 on a laptop: existing persons, contactmomenten and uren get a UUID each; new ones get one too."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text

from storage import migrate
from storage.db import file_url, make_engine
from tests.team import laptops as lp


def test_existing_rows_get_a_uuid_each_and_new_rows_get_one_as_they_are_made(tmp_path):
    engine = make_engine(file_url(tmp_path / "oud.sqlite"))
    migrate.upgrade(engine, "0006")
    now = datetime.now(UTC)
    with engine.begin() as connection:
        for i in range(3):
            connection.execute(text(
                "INSERT INTO person (kenmerk, naam, doelgroep, nareiziger, regime, tolk_nodig, status, bijstand, version, "
                "created_at, updated_at) VALUES (:k, 'Test', 'asielstatushouder', 0, 'wi2021', 0, 'actief', 0, 1, :t, :t)"),
                {"k": f"K-{i}", "t": now})
        connection.execute(text("INSERT INTO contactmoment (person_id, datum, soort, notitie, created_at) "
                                "VALUES (1, '2026-12-01', 'azc_bezoek', '', :t)"), {"t": now})
    migrate.upgrade(engine)
    with engine.connect() as connection:
        uuids = connection.execute(text("SELECT uuid FROM person UNION ALL SELECT uuid FROM contactmoment")).scalars().all()
    engine.dispose()
    assert len(uuids) == 4 and len(set(uuids)) == 4 and all(u and len(u) == 36 for u in uuids)

    store = lp.open_laptop(tmp_path, "nieuw")
    person = lp.aanmelding(store, naam="Nieuwe Test", author="anna")
    lp.contact(store, person, author="anna", notitie="")
    state = lp.dump(store.engine)
    assert all(dict(row)["uuid"] for row in state["person"] + state["contactmoment"])
    assert lp.team.status(store).text() == ""  # not linked: nothing recorded, nothing shown


def test_the_teamdatabase_takes_revision_0018_keeping_every_row(pg_database):
    """PostgreSQL runs the same revision: existing records get their UUIDs, nothing else changes."""
    from services.team import server_engine
    from tests.storage.test_migration_team_records import check_upgrade, fill_at_0017, snapshot

    server, name = pg_database
    engine = server_engine(server.url(name))
    try:
        migrate.upgrade(engine, "0017")
        with engine.begin() as connection:
            fill_at_0017(connection)
        with engine.connect() as connection:
            before = snapshot(connection)
        migrate.upgrade(engine)
        with engine.connect() as connection:
            after = snapshot(connection)
        assert migrate.current_revision(engine) == migrate.HEAD
    finally:
        engine.dispose()
    check_upgrade(before, after)
