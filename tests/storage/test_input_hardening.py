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
from rules.errors import InputError
from storage.exporter import export_personen
from storage.importer import CsvImportError, import_personen, import_uren
from storage.paths import resolve
from storage.store import open_store
from tests.tx import in_write

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
        return in_write(store.engine, import_personen,  path=path, today=TODAY)
    return import_uren(engine=store.engine, path=path)


# -- BSN -------------------------------------------------------------------------

@settings(max_examples=500, deadline=None)
@given(st.text(max_size=20))
def test_any_text_is_a_valid_bsn_or_a_dutch_error(value):
    try:
        bsn = normalize_bsn(value)
    except InputError as exc:
        assert exc.message
        return
    assert len(bsn) == 9 and bsn.isascii() and bsn.isdigit() and is_valid_bsn(bsn) and bsn != "000000000"


@pytest.mark.parametrize("value", ["000000000", "٩٩٩٩٠٠٠١٩", "９９９９０００１９", "99999001"])
def test_zeros_non_ascii_digits_and_short_numbers_are_refused(value):
    with pytest.raises(InputError):
        normalize_bsn(value)


# -- CSV import ------------------------------------------------------------------------

@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.binary(max_size=400), kind=st.sampled_from(["personen", "uren"]))
def test_random_bytes_end_in_a_dutch_error_or_a_whole_import(store, tmp_path, body, kind):
    before = _counts(store)
    try:
        _import(store, tmp_path, body, kind)
    except CsvImportError as exc:
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
    except CsvImportError:
        assert _counts(store) == before
        return
    assert _counts(store)[1] == before[1] + result.toegevoegd


def test_a_windows_1252_file_as_excel_saves_it_is_read_with_its_accents(store, tmp_path):
    body = (HEADER_PERSONEN + "IB-9;José Müller;gezinsmigrant;;;\n").encode("cp1252")
    _import(store, tmp_path, body, "personen")
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT naam FROM person WHERE kenmerk = 'IB-9'")).scalar() == "José Müller"


def test_a_file_that_is_not_text_is_refused_with_a_hint(store, tmp_path):
    body = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\x81\x8d\x8f\x90\x9d\x00\x01\x02"
    with pytest.raises(CsvImportError) as caught:
        _import(store, tmp_path, body, "personen")
    assert any("CSV UTF-8" in line for line in caught.value.fouten)


def test_a_huge_field_is_refused_or_stored_whole(store, tmp_path):
    body = (HEADER_PERSONEN + f"IB-8;{'x' * 2_000_000};gezinsmigrant;;;\n").encode()
    before = _counts(store)
    try:
        _import(store, tmp_path, body, "personen")
    except CsvImportError as exc:
        assert exc.fouten
        assert _counts(store) == before


@pytest.mark.parametrize("danger", ["=HYPERLINK(\"http://x\")", "+31 6 1234", "-2+3", "@SUM(A1)"])
def test_exported_cells_cannot_run_as_formulas(store, tmp_path, danger):
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE person SET taal = :t WHERE kenmerk = 'IB-1'"), {"t": danger})
        connection.execute(text("UPDATE person SET naam = :t WHERE kenmerk = 'IB-1'"), {"t": danger})
    target = tmp_path / "uit.csv"
    in_write(store.engine, export_personen,  path=target)
    rows = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    naam = rows[1][rows[0].index("naam")]
    assert naam == "'" + danger


# -- weeks and clock times (weekplan, command line) ----------------------------------------

WEEKISH = st.one_of(
    st.text(max_size=16),
    st.from_regex(r"\s*\d{1,5}-?[wW]?\d{0,3}\s*", fullmatch=True),
    st.builds(lambda y, w, sep: f"{y:04d}{sep}{w}", st.integers(0, 9999), st.integers(0, 99), st.sampled_from(["-W", "W", "-w", "-"])),
)


@settings(max_examples=800, deadline=None)
@given(WEEKISH)
def test_any_text_is_a_week_or_a_dutch_error(text_in):
    from rules.weekplan import Week, parse_week

    try:
        week = parse_week(text_in)
    except InputError as exc:
        assert exc.message and ("week" in exc.message)
        return
    assert isinstance(week, Week)
    digits = [int(part) for part in "".join(ch if ch.isdigit() else " " for ch in text_in).split()]
    assert (week.jaar, week.nummer) == (digits[0], digits[1])  # the week that was typed, not another
    assert week.maandag.isocalendar()[:2] == (week.jaar, week.nummer) and week.maandag.weekday() == 0
    assert parse_week(week.code) == week and week.label  # what regie prints, it reads back


@settings(max_examples=300, deadline=None)
@given(st.dates())
def test_every_week_regie_shows_reads_back_as_itself(day):
    from rules.weekplan import Week, parse_week

    week = Week.of(day)
    assert parse_week(week.code) == week and day in week


TIMEISH = st.one_of(
    st.text(max_size=8),
    st.from_regex(r"\s*\d{1,3}([:.]\d{0,3})?\s*", fullmatch=True),
)


@settings(max_examples=800, deadline=None)
@given(TIMEISH)
def test_any_text_is_a_clock_time_or_a_dutch_error(text_in):
    from rules.weekplan import WeekplanError, parse_time

    try:
        value = parse_time(text_in, wat="de begintijd", veld="start")
    except WeekplanError as exc:
        assert exc.message and exc.veld == "start" and ("tijd" in exc.message or "uu:mm" in exc.message)
        return
    digits = [int(part) for part in "".join(ch if ch.isdigit() else " " for ch in text_in).split()]
    assert (value.hour, value.minute) == (digits[0], digits[1] if len(digits) > 1 else 0)


@settings(max_examples=200, deadline=None)
@given(st.times())
def test_every_clock_time_regie_shows_reads_back_as_itself(moment):
    from rules.weekplan import parse_time

    assert parse_time(moment.strftime("%H:%M")) == moment.replace(second=0, microsecond=0)


# -- the municipal settings file (TOML) -----------------------------------------------------

def _toml(value) -> str:
    import json
    import math

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


SETTING_VALUES = st.one_of(
    st.integers(-(2**70), 2**70), st.integers(-5, 800), st.floats(), st.floats(-1, 100), st.booleans(),
    st.text(max_size=10), st.lists(st.integers(0, 9), max_size=3),
)


def _policy_keys():
    from rules.policy import _SPECS

    return list(_SPECS)


@settings(max_examples=600, deadline=None)
@given(settings_in=st.dictionaries(st.sampled_from(_policy_keys() + ["onbekende_sleutel", "bewaartermijn"]),
                                   SETTING_VALUES, max_size=5))
def test_any_settings_file_is_read_exactly_or_refused_in_dutch(tmp_path_factory, settings_in):
    from rules.errors import SettingsError
    from rules.policy import Policy, _check_value, load_policy

    import tomllib

    path = tmp_path_factory.mktemp("instellingen") / "instellingen.toml"
    body = "# gemeente\n" + "".join(f"{k} = {_toml(v)}\n" for k, v in settings_in.items())
    path.write_text(body, encoding="utf-8")
    try:
        tomllib.loads(body)
        valid_toml = True
    except tomllib.TOMLDecodeError:  # e.g. a control character in a string
        valid_toml = False
    try:
        policy = load_policy(path)
    except SettingsError as exc:
        assert exc.message.startswith("Fout in instellingen.toml")
        if valid_toml:
            assert any(key in exc.message for key in settings_in)  # it names the setting that is wrong
        else:
            assert "geen geldige TOML" in exc.message and exc.regel is not None  # and the line
        return
    assert valid_toml
    assert isinstance(policy, Policy)
    for key, value in settings_in.items():
        assert _check_value(key, value) is None  # nothing wrong was accepted
        assert getattr(policy, key) == value  # and what was right, was read as written


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.binary(max_size=200), st.text(max_size=200).map(lambda t: t.encode("utf-8"))))
def test_random_bytes_as_settings_file_are_defaults_values_or_a_dutch_error(tmp_path_factory, body):
    from rules.errors import SettingsError
    from rules.policy import Policy, load_policy

    path = tmp_path_factory.mktemp("instellingen") / "instellingen.toml"
    path.write_bytes(body)
    try:
        assert isinstance(load_policy(path), Policy)
    except SettingsError as exc:
        assert exc.message and "instellingen.toml" in exc.message


# -- personen CSV rows with random cells ------------------------------------------------------

PERSON_CELLS = {
    "kenmerk": st.one_of(st.sampled_from(["IB-1", "IB-2", "IB-3", ""]), st.text(max_size=45)),
    "naam": st.one_of(st.text(max_size=12), st.just("x" * 201)),
    "doelgroep": st.one_of(st.sampled_from(["asielstatushouder", "gezinsmigrant", "overige_migrant", "", "Asielstatushouder"]),
                           st.text(max_size=8)),
    "bsn": st.one_of(st.sampled_from(["", "999990019", "000000000", "٩٩٩٩٩٠٠١٩", "12345678"]), st.text(max_size=11)),
    "pip_datum": st.one_of(st.sampled_from(["", "01-03-2026", "2026-03-01", "31-02-2026", "1-3-26"]), st.text(max_size=10)),
    "status": st.one_of(st.sampled_from(["", "actief", "vertrokken", "afgerond", "gepauzeerd"]), st.text(max_size=6)),
    "ontzorgen_maanden": st.one_of(st.sampled_from(["", "6", "0", "121", "6,5"]), st.text(max_size=4)),
    "bijstand": st.one_of(st.sampled_from(["", "ja", "nee", "j", "misschien"]), st.text(max_size=4)),
}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.fixed_dictionaries(PERSON_CELLS), min_size=1, max_size=6))
def test_personen_rows_with_random_cells_are_stored_all_or_none(store, tmp_path, rows):
    import io

    from rules.csvparse import parse_text

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(list(PERSON_CELLS))
    for row in rows:
        writer.writerow([row[column] for column in PERSON_CELLS])
    before = _counts(store)
    try:
        result = _import(store, tmp_path, buffer.getvalue().encode("utf-8"), "personen")
    except CsvImportError as exc:
        assert exc.fouten and all(isinstance(line, str) and line for line in exc.fouten)
        assert _counts(store) == before
        return
    assert _counts(store)[0] == before[0] + result.toegevoegd
    with store.engine.connect() as connection:
        for row in rows:
            stored = connection.execute(text("SELECT naam FROM person WHERE kenmerk = :k"), {"k": parse_text(row["kenmerk"])}).all()
            assert len(stored) == 1  # every row of an accepted file is there
