"""Revision 0009 on a laptop: existing persons, contactmomenten and uren get a UUID each; new ones get one too."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text

from storage import migrate
from storage.db import make_engine
from storage.sqlite import url_for as sqlite_url
from tests.team import laptops as lp


def test_existing_rows_get_a_uuid_each_and_new_rows_get_one_as_they_are_made(tmp_path):
    engine = make_engine(sqlite_url(tmp_path / "oud.sqlite"))
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
