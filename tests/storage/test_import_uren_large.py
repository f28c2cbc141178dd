"""A long uren file for many persons: read once, staged clustered by person, moved in in short transactions.

What a user would notice: every row arrives once, a person's rows keep the file's order, a bad row
anywhere stores nothing, an import interrupted halfway through moving in is finished exactly once at
the next start, and a linked laptop queues one team operation per imported row, as for a row typed in.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

import pytest
from sqlalchemy import func, insert, select

from storage import importer
from storage.db import write_session
from storage.importer import CsvImportError, import_personen, import_uren
from storage.models import Person, Urenregistratie
from storage.paths import resolve
from storage.store import open_store
from storage.team import operations
from storage.team.tables import OUTBOX, STATE
from tests.tx import in_write

TODAY = date(2026, 11, 22)
PERSON = Person.__table__
UREN = Urenregistratie.__table__
PERSONS = 40
ROWS = 3_000


@pytest.fixture
def locations(tmp_path):
    return resolve(tmp_path / "regie.sqlite")


@pytest.fixture
def store(locations, tmp_path):
    opened = open_store(locations, backup_on_start=False)
    lines = ["kenmerk;naam;doelgroep"] + [f"IB-{n};Persoon {n};gezinsmigrant" for n in range(PERSONS)]
    path = tmp_path / "p.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    in_write(opened.engine, import_personen, path=path, today=TODAY)
    yield opened
    opened.close()


def uren_file(tmp_path, rows: int = ROWS, *, name: str = "u.csv", bad_line: int | None = None):
    """Rows for all persons in a shuffled order, each with its own omschrijving (`les N`)."""
    rng = random.Random(7)
    lines = ["kenmerk;datum;soort;uren;bron;omschrijving"]
    for index in range(rows):
        day = TODAY - timedelta(days=rng.randint(0, 300))
        lines.append(f"IB-{rng.randrange(PERSONS)};{day:%d-%m-%Y};participatie;1,5;School;les {index}")
    if bad_line is not None:
        lines[bad_line - 1] = lines[bad_line - 1].replace(";1,5;", ";anderhalf;")
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def stored(store) -> list[tuple[int, str, str]]:
    """(person id, omschrijving, uuid) of every imported row, in the order they were stored."""
    with store.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(
            select(UREN.c.person_id, UREN.c.omschrijving, UREN.c.uuid).where(UREN.c.omschrijving.like("les %"))
            .order_by(UREN.c.id))]


def staging_left(store) -> tuple[int, int]:
    with store.engine.connect() as connection:
        return (connection.execute(select(func.count()).select_from(importer.STAGED_UREN)).scalar(),
                connection.execute(select(func.count()).select_from(importer.RUN)).scalar())


@pytest.fixture
def small_batches(monkeypatch):
    # Many short transactions, as a file a hundred times longer has.
    monkeypatch.setattr(importer, "STAGE_BATCH", 200)
    monkeypatch.setattr(importer, "MOVE_BATCH", 200)
    monkeypatch.setattr(importer, "YIELD_S", 0)


def test_every_row_of_a_long_file_arrives_once_and_each_persons_rows_keep_the_file_order(store, tmp_path, small_batches):
    result = import_uren(engine=store.engine, path=uren_file(tmp_path), today=TODAY)

    rows = stored(store)
    assert (result.toegevoegd, result.overgeslagen) == (ROWS, 0)
    assert sorted(int(omschrijving.split()[1]) for _, omschrijving, _ in rows) == list(range(ROWS))
    per_person: dict[int, list[int]] = {}
    for person_id, omschrijving, _ in rows:
        per_person.setdefault(person_id, []).append(int(omschrijving.split()[1]))
    assert len(per_person) == PERSONS
    assert all(numbers == sorted(numbers) for numbers in per_person.values())
    assert len({uuid for _, _, uuid in rows}) == ROWS and all(len(uuid) == 36 for _, _, uuid in rows)
    assert staging_left(store) == (0, 0)


def test_a_second_file_gets_uuids_of_its_own_and_the_first_file_again_adds_nothing(store, tmp_path, small_batches):
    first = uren_file(tmp_path)
    import_uren(engine=store.engine, path=first, today=TODAY)
    other = uren_file(tmp_path, 500, name="v.csv").read_text(encoding="utf-8").replace("les ", "andere les ")
    (tmp_path / "v.csv").write_text(other, encoding="utf-8")

    second = import_uren(engine=store.engine, path=tmp_path / "v.csv", today=TODAY)
    again = import_uren(engine=store.engine, path=first, today=TODAY)

    with store.engine.connect() as connection:
        uuids = connection.execute(select(UREN.c.uuid)).scalars().all()
    assert (second.toegevoegd, again.toegevoegd, again.overgeslagen) == (500, 0, ROWS)
    assert len(uuids) == len(set(uuids)) == ROWS + 500
    assert staging_left(store) == (0, 0)


def test_a_bad_row_after_many_staged_batches_stores_nothing_and_leaves_no_staged_rows(store, tmp_path, small_batches):
    path = uren_file(tmp_path, bad_line=ROWS)  # the last but one line: most of the file was staged before it

    with pytest.raises(CsvImportError) as caught:
        import_uren(engine=store.engine, path=path, today=TODAY)

    assert caught.value.fouten[0].startswith(f"regel {ROWS}, kolom uren: ")
    assert stored(store) == []
    assert staging_left(store) == (0, 0)


def test_an_import_interrupted_while_moving_in_is_finished_exactly_once_at_the_next_start(
        locations, store, tmp_path, small_batches, monkeypatch):
    real_move = importer._move_batch
    moves = []

    def move_then_die(connection, run_id, size):
        if len(moves) == 4:  # the commit point and three batches after it are in
            raise KeyboardInterrupt
        moves.append(size)
        return real_move(connection, run_id, size)

    monkeypatch.setattr(importer, "_move_batch", move_then_die)
    with pytest.raises(KeyboardInterrupt):
        import_uren(engine=store.engine, path=uren_file(tmp_path), today=TODAY)
    halfway = len(stored(store))
    assert 0 < halfway < ROWS
    monkeypatch.setattr(importer, "_move_batch", real_move)
    store.close()

    reopened = open_store(locations, backup_on_start=False)  # finishes the committed run
    try:
        rows = stored(reopened)
        assert sorted(int(omschrijving.split()[1]) for _, omschrijving, _ in rows) == list(range(ROWS))
        assert staging_left(reopened) == (0, 0)
    finally:
        reopened.close()


def test_a_linked_laptop_queues_one_team_operation_per_imported_row_as_for_a_row_typed_in(store, tmp_path, small_batches):
    with write_session(store.engine) as session:
        session.connection().execute(insert(STATE).values(id=1, url="postgresql://team.example/regie", laptop="laptop-a",
                                                          gemeente="Utrecht", last_seq=0))

    import_uren(engine=store.engine, path=uren_file(tmp_path, 600), today=TODAY)

    with store.engine.connect() as connection:
        queued = [json.loads(payload) for payload in connection.execute(select(OUTBOX.c.payload).order_by(OUTBOX.c.id)).scalars()]
        ids = connection.execute(select(UREN.c.id).where(UREN.c.omschrijving.like("les %")).order_by(UREN.c.id)).scalars().all()
    appended = [op for op in queued if op["kind"] == "urenregistratie.append"]
    assert len(appended) == 600 and len({op["entity_uuid"] for op in appended}) == 600
    # The same operation `record_appended` makes for one row (apart from its own uuid and time).
    with write_session(store.engine) as session:
        one = operations.record_appended(session.connection(), table="urenregistratie", row_id=ids[0], author=appended[0]["author"])
        session.rollback()
    expected = json.loads(one.to_json())
    for key in ("uuid", "at"):
        expected.pop(key), appended[0].pop(key)
    assert appended[0] == expected
