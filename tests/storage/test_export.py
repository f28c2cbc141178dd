"""Exporting personen to a CSV file for Excel, and reading it back unchanged."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from storage.exporter import ExportError, export_personen
from storage.importer import PERSON_COLUMNS, CsvImportError, import_personen
from storage.models import Person
from rules.policy import Policy
from storage.paths import resolve
from storage.queries import load_caseload
from storage.signalen import caseload_signalen
from storage.store import open_demo_store, open_store
from tests.tx import in_write

TODAY = date(2026, 11, 22)
PERSON = Person.__table__


@pytest.fixture
def demo():
    store = open_demo_store(resolve(demo=True), today=TODAY)
    yield store
    store.close()


@pytest.fixture
def empty(tmp_path):
    store = open_store(resolve(tmp_path / "leeg.sqlite"), backup_on_start=False)
    yield store
    store.close()


def rows(store) -> list[tuple]:
    with store.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(
            select(*(PERSON.c[name] for name in PERSON_COLUMNS)).order_by(PERSON.c.kenmerk)
        )]


def test_the_file_opens_in_dutch_excel_semicolons_a_bom_dutch_dates_and_ja_nee(demo, tmp_path):
    path = tmp_path / "personen.csv"
    count = in_write(demo.engine, export_personen,  path=path)

    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert lines[0] == ";".join(PERSON_COLUMNS)
    assert count == len(rows(demo)) == len([line for line in lines[1:] if line])
    first = dict(zip(PERSON_COLUMNS, lines[1].split(";")))
    assert first["kenmerk"] == rows(demo)[0][0]
    day, month, year = first["geboortedatum"].split("-")
    assert (len(day), len(month), len(year)) == (2, 2, 4)
    assert first["nareiziger"] in ("ja", "nee") and first["bijstand"] in ("ja", "nee")


def test_export_then_import_round_trips_the_demo_caseload_exactly(demo, empty, tmp_path):
    first = tmp_path / "eerste.csv"
    in_write(demo.engine, export_personen,  path=first, today=TODAY)

    result = in_write(empty.engine, import_personen,  path=first, today=TODAY)
    second = tmp_path / "tweede.csv"
    in_write(empty.engine, export_personen,  path=second, today=TODAY)

    assert result.toegevoegd == len(rows(demo))
    # every column as stored, except the last voortgangsgesprek: the date the rules use
    gesprek = PERSON_COLUMNS.index("laatste_voortgangsgesprek")
    assert [r[:gesprek] + r[gesprek + 1:] for r in rows(empty)] == [r[:gesprek] + r[gesprek + 1:] for r in rows(demo)]
    assert [r[gesprek] for r in rows(empty)] == [effective_gesprek(demo, r[0]) for r in rows(demo)]
    assert second.read_bytes() == first.read_bytes()
    # and reading it once more into the same database changes nothing
    again = in_write(demo.engine, import_personen,  path=first, today=TODAY)
    assert (again.toegevoegd, again.bijgewerkt, again.ongewijzigd) == (0, 0, result.toegevoegd)


def effective_gesprek(store, kenmerk: str) -> date | None:
    with store.engine.connect() as connection:
        record = next(r for r in load_caseload(connection=connection, as_of=TODAY) if r.facts.kenmerk == kenmerk)
    return record.facts.laatste_voortgangsgesprek


def signalen(store, as_of: date) -> list[tuple]:
    with store.engine.connect() as connection:
        found = caseload_signalen(connection=connection, as_of=as_of, policy=Policy())
    return [(i.kenmerk, i.signaal.soort, i.signaal.vervaldatum, i.signaal.dagen, i.signaal.ernst, i.signaal.toelichting)
            for i in found]


CASELOAD = (
    "kenmerk;naam;doelgroep;brp_inschrijving;pip_datum;leerroute;laatste_voortgangsgesprek\n"
    "VG-1;Amal Haddad;asielstatushouder;01-02-2026;01-03-2026;b1;15-05-2026\n"  # later gesprekken as contactmomenten
    "VG-2;Yonas Tekle;gezinsmigrant;01-02-2026;01-03-2026;b1;\n"  # gesprekken only as contactmomenten
    "VG-3;Sara Ali;gezinsmigrant;01-02-2026;01-03-2026;onderwijs;10-10-2026\n"  # recorded date is the latest
    "VG-4;Omar Nouri;asielstatushouder;01-02-2026;01-03-2026;b1;\n"  # no gesprek at all
)
CONTACTS = [  # (kenmerk, datum, soort)
    ("VG-1", date(2026, 8, 20), "voortgangsgesprek"),
    ("VG-1", date(2026, 6, 2), "voortgangsgesprek"),
    ("VG-1", date(2026, 11, 1), "telefoon"),  # another kind does not count
    ("VG-2", date(2026, 9, 30), "voortgangsgesprek"),
    ("VG-3", date(2026, 7, 1), "voortgangsgesprek"),
]


@pytest.mark.parametrize("per", [TODAY, date(2026, 12, 31)])
def test_export_then_import_into_a_fresh_database_keeps_the_voortgangsgesprek_signalen_exactly(empty, tmp_path, per):
    from sqlalchemy import insert

    from storage.models import Contactmoment

    source = tmp_path / "caseload.csv"
    source.write_text(CASELOAD, encoding="utf-8")
    in_write(empty.engine, import_personen,  path=source, today=TODAY)
    with empty.engine.begin() as connection:
        ids = dict(connection.execute(select(PERSON.c.kenmerk, PERSON.c.id)).all())
        connection.execute(insert(Contactmoment.__table__), [
            dict(person_id=ids[kenmerk], datum=datum, soort=soort, notitie="", created_at=datetime(2026, 11, 1, tzinfo=UTC))
            for kenmerk, datum, soort in CONTACTS
        ])
    before = signalen(empty, per)
    assert ("VG-1", "voortgangsgesprek", date(2026, 11, 20)) in [s[:3] for s in before]  # 20 Aug + 3 months

    exported = tmp_path / "export.csv"
    in_write(empty.engine, export_personen,  path=exported, today=TODAY)
    fresh = open_store(resolve(tmp_path / "vers.sqlite"), backup_on_start=False)
    try:
        in_write(fresh.engine, import_personen,  path=exported, today=TODAY)
        assert signalen(fresh, per) == before
    finally:
        fresh.close()
    # reading the export back into the database it came from changes nobody
    again = in_write(empty.engine, import_personen,  path=exported, today=TODAY)
    assert (again.toegevoegd, again.bijgewerkt, again.ongewijzigd) == (0, 0, 4)
    assert signalen(empty, per) == before


def test_cells_a_spreadsheet_would_run_as_a_formula_get_a_quote_and_come_back_unchanged(empty, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(
        "kenmerk;naam;doelgroep;consulent\n"
        "IB-1;\"=HYPERLINK(\"\"http://x\"\")\";asielstatushouder;+31 6 1234\n"
        "IB-2;-Amal;gezinsmigrant;@Anna\n"
        "IB-3;'t Hart;gezinsmigrant;'=al met quote\n",
        encoding="utf-8",
    )
    in_write(empty.engine, import_personen,  path=source, today=TODAY)
    stored = rows(empty)
    # the importer strips the export's quote, but "'t Hart" keeps its apostrophe
    assert [(r[1], r[7]) for r in stored] == [
        ('=HYPERLINK("http://x")', "+31 6 1234"),
        ("-Amal", "@Anna"),
        ("'t Hart", "=al met quote"),
    ]

    exported = tmp_path / "uit.csv"
    in_write(empty.engine, export_personen,  path=exported)
    cells = [line.split(";") for line in exported.read_text(encoding="utf-8-sig").splitlines()[1:]]
    assert [(c[1], c[7]) for c in cells] == [
        ('"\'=HYPERLINK(""http://x"")"', "'+31 6 1234"),
        ("'-Amal", "'@Anna"),
        ("'t Hart", "'=al met quote"),
    ]

    in_write(empty.engine, import_personen,  path=exported, today=TODAY)
    assert rows(empty) == stored


def test_a_folder_that_does_not_exist_is_a_dutch_error_and_leaves_no_file(demo, tmp_path):
    target = tmp_path / "bestaat-niet" / "personen.csv"
    with pytest.raises(ExportError, match="bestaat niet"):
        in_write(demo.engine, export_personen,  path=target)
    assert not target.parent.exists()


def test_a_failed_export_leaves_no_partial_file_behind(demo, tmp_path):
    target = tmp_path / "personen.csv"
    target.mkdir()  # the write succeeds, moving it into place fails

    with pytest.raises(ExportError, match="is een map"):
        in_write(demo.engine, export_personen,  path=target)

    assert [p.name for p in tmp_path.iterdir()] == ["personen.csv"]
    assert list(target.iterdir()) == []


@pytest.mark.parametrize("danger", ["\t=HYPERLINK(\"http://x\")", "\r=1+1", "\t@SUM(A1)"])
def test_a_cell_starting_with_a_tab_or_carriage_return_is_neutralised_and_refused_on_import(empty, tmp_path, danger):
    from sqlalchemy import update

    in_write(empty.engine, import_personen,  path=_one_person(tmp_path), today=TODAY)
    with empty.engine.begin() as connection:
        connection.execute(update(PERSON).values(naam=danger, consulent=danger))
    exported = tmp_path / "uit.csv"
    in_write(empty.engine, export_personen,  path=exported)

    import csv

    with exported.open(encoding="utf-8-sig", newline="") as handle:
        header, cells = list(csv.reader(handle, delimiter=";"))
    assert cells[header.index("naam")] == "'" + danger
    assert cells[header.index("consulent")] == "'" + danger

    # A tab or CR inside a name is a control character (issue 13 point 6): the file is refused, saying where.
    fresh = open_store(resolve(tmp_path / "vers.sqlite"), backup_on_start=False)
    try:
        with pytest.raises(CsvImportError) as caught:
            in_write(fresh.engine, import_personen, path=exported, today=TODAY)
        assert any(line.startswith("regel 2, kolom naam: De naam bevat een onzichtbaar teken of stuurteken")
                   for line in caught.value.fouten)
        assert rows(fresh) == []
    finally:
        fresh.close()


def _one_person(tmp_path):
    path = tmp_path / "een.csv"
    path.write_text("kenmerk;naam;doelgroep\nIB-1;Amal Haddad;gezinsmigrant\n", encoding="utf-8")
    return path
