"""Every parser a user or a file can reach ends in a Dutch error or a correct value:
never a traceback, never a partial write (property-based, hypothesis)."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from rules.bsn import is_valid_bsn, normalize_bsn
from rules.errors import InvoerFout
from storage.exporter import export_personen
from storage.importer import ImportFout, import_personen, import_uren
from storage.paths import resolve
from storage.store import open_store

TODAY = date(2026, 11, 22)
HEADER_PERSONEN = "kenmerk;naam;doelgroep;bsn;pip_datum;brp_inschrijving\n"
HEADER_UREN = "kenmerk;datum;soort;uren;bron;omschrijving\n"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("hardening") / "regie.sqlite"
    opened = open_store(resolve(path), backup_on_start=False, encrypt=False)
    with opened.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO person (kenmerk, naam, doelgroep, nareiziger, regime, tolk_nodig, status, bijstand, version, created_at, updated_at) "
            "VALUES ('IB-1', 'Test Persoon', 'asielstatushouder', 0, 'wi2021', 0, 'actief', 1, 1, '2026-01-01', '2026-01-01')"
        ))
    yield opened
    opened.close()


def _counts(store) -> tuple[int, int]:
    with store.engine.connect() as connection:
        return (
            connection.execute(text("SELECT count(*) FROM person")).scalar(),
            connection.execute(text("SELECT count(*) FROM urenregistratie")).scalar(),
        )


def _import(store, tmp_path, body: bytes, kind: str):
    path = tmp_path / "in.csv"
    path.write_bytes(body)
    if kind == "personen":
        return import_personen(engine=store.engine, path=path, today=TODAY)
    return import_uren(engine=store.engine, path=path)


# -- BSN -------------------------------------------------------------------------

@settings(max_examples=500, deadline=None)
@given(st.text(max_size=20))
def test_any_text_is_a_valid_bsn_or_a_dutch_error(value):
    try:
        bsn = normalize_bsn(value)
    except InvoerFout as exc:
        assert exc.message
        return
    assert len(bsn) == 9 and bsn.isascii() and bsn.isdigit() and is_valid_bsn(bsn) and bsn != "000000000"


@pytest.mark.parametrize("value", ["000000000", "٩٩٩٩٠٠٠١٩", "９９９９０００１９", "99999001"])
def test_zeros_non_ascii_digits_and_short_numbers_are_refused(value):
    with pytest.raises(InvoerFout):
        normalize_bsn(value)


# -- CSV import ------------------------------------------------------------------------

@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.binary(max_size=400), kind=st.sampled_from(["personen", "uren"]))
def test_random_bytes_end_in_a_dutch_error_or_a_whole_import(store, tmp_path, body, kind):
    before = _counts(store)
    try:
        _import(store, tmp_path, body, kind)
    except ImportFout as exc:
        assert exc.fouten and all(isinstance(line, str) and line for line in exc.fouten)
        assert _counts(store) == before  # nothing half-saved
    # any other exception fails the test: that would be a traceback for the user


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(
    st.tuples(st.sampled_from(["IB-1", "IB-2", ""]), st.text(max_size=12), st.sampled_from(["taal_knm", "participatie", "x"]),
              st.text(max_size=6)),
    min_size=1, max_size=8,
))
def test_uren_rows_with_random_cells_are_stored_all_or_none(store, tmp_path, rows):
    body = HEADER_UREN + "".join(f"{k};{d};{s};{u};school;\n" for k, d, s, u in rows)
    before = _counts(store)
    try:
        result = _import(store, tmp_path, body.encode("utf-8"), "uren")
    except ImportFout:
        assert _counts(store) == before
        return
    assert _counts(store)[1] == before[1] + result.toegevoegd


def test_a_latin1_file_is_refused_with_the_line_and_a_hint(store, tmp_path):
    body = (HEADER_PERSONEN + "IB-9;José Müller;gezinsmigrant;;;\n").encode("latin-1")
    with pytest.raises(ImportFout) as caught:
        _import(store, tmp_path, body, "personen")
    assert any("UTF-8" in line for line in caught.value.fouten)


def test_a_huge_field_is_refused_or_stored_whole(store, tmp_path):
    body = (HEADER_PERSONEN + f"IB-8;{'x' * 2_000_000};gezinsmigrant;;;\n").encode()
    before = _counts(store)
    try:
        _import(store, tmp_path, body, "personen")
    except ImportFout as exc:
        assert exc.fouten
        assert _counts(store) == before


@pytest.mark.parametrize("danger", ["=HYPERLINK(\"http://x\")", "+31 6 1234", "-2+3", "@SUM(A1)"])
def test_exported_cells_cannot_run_as_formulas(store, tmp_path, danger):
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE person SET taal = :t WHERE kenmerk = 'IB-1'"), {"t": danger})
        connection.execute(text("UPDATE person SET naam = :t WHERE kenmerk = 'IB-1'"), {"t": danger})
    target = tmp_path / "uit.csv"
    export_personen(engine=store.engine, path=target)
    rows = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    naam = rows[1][rows[0].index("naam")]
    assert naam == "'" + danger
