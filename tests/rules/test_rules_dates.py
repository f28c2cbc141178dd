"""Calendar arithmetic and the parsers for typed dates, hours and ja/nee."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.dates import (
    add_months, add_years, format_date, format_hours, parse_bool, parse_date, parse_hours, parse_minutes, parse_optional_date,
)
from rules.errors import InputError

TODAY = date(2026, 3, 5)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 8, 31), 18, date(2028, 2, 29)),
        (date(2025, 8, 31), 18, date(2027, 2, 28)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 3, 1), 3, date(2026, 6, 1)),
    ],
)
def test_add_months_clamps_to_the_last_day_of_the_month(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("start", "years", "expected"),
    [
        (date(2028, 2, 29), 3, date(2031, 2, 28)),
        (date(2028, 3, 1), 3, date(2031, 3, 1)),
        (date(2028, 2, 29), 4, date(2032, 2, 29)),
        (date(2026, 3, 2), 3, date(2029, 3, 2)),
    ],
)
def test_add_years_turns_a_leap_day_into_28_february(start, years, expected):
    assert add_years(start, years) == expected


def test_format_date_writes_dd_mm_jjjj():
    assert format_date(date(2026, 3, 5)) == "05-03-2026"
    assert format_date(None) == "—"


@pytest.mark.parametrize(("hours", "text"), [(12.0, "12"), (12.5, "12,5"), (0.25, "0,25"), (1 / 3, "0,33"), (0, "0")])
def test_format_hours_uses_a_dutch_decimal_comma(hours, text):
    assert format_hours(hours) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05-03-2026", date(2026, 3, 5)),
        ("5-3-2026", date(2026, 3, 5)),
        ("  5-3-2026 ", date(2026, 3, 5)),
        ("05/03/2026", date(2026, 3, 5)),
        ("05.03.2026", date(2026, 3, 5)),
        ("2026-03-05", date(2026, 3, 5)),
        ("05032026", date(2026, 3, 5)),  # ddmmjjjj, as typed from a COA list
        ("29-02-2028", date(2028, 2, 29)),
        ("vandaag", TODAY),
        ("Vandaag", TODAY),
        ("v", TODAY),
        ("morgen", date(2026, 3, 6)),
        ("gisteren", date(2026, 3, 4)),
        ("+10w", date(2026, 5, 14)),
        ("-3d", date(2026, 3, 2)),
        ("+2m", date(2026, 5, 5)),
        ("+1j", date(2027, 3, 5)),
        ("+ 1 j", date(2027, 3, 5)),
        ("+0d", TODAY),
        ("-1m", date(2026, 2, 5)),
    ],
)
def test_parse_date_accepts_dutch_iso_and_relative_forms(text, expected):
    assert parse_date(text, today=TODAY) == expected


def test_relative_months_clamp_from_a_month_end():
    assert parse_date("+1m", today=date(2026, 1, 31)) == date(2026, 2, 28)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("31-02-2026", "‘31-02-2026’ is geen bestaande datum; gebruik dd-mm-jjjj, bijvoorbeeld 05-03-2026"),
        ("29-02-2027", "geen bestaande datum"),
        ("00-01-2026", "geen bestaande datum"),
        ("2026-13-01", "geen bestaande datum"),
        ("", "Geen datum ingevuld"),
        ("   ", "Geen datum ingevuld"),
        ("morgenavond", "is geen datum"),
        ("5-3-26", "is geen datum"),
        ("31022026", "geen bestaande datum"),
        ("0503202", "is geen datum"),
        ("05-03-1850", "jaartal"),
        ("+99999j", "komt buiten"),
        ("+10x", "is geen datum"),
        ("٠٥-٠٣-٢٠٢٦", "cijfers 0-9"),
        ("０５-０３-２０２６", "cijfers 0-9"),
        ("+١٠w", "cijfers 0-9"),
    ],
)
def test_parse_date_rejects_with_a_dutch_message(text, fragment):
    with pytest.raises(InputError) as info:
        parse_date(text, today=TODAY)
    assert fragment in info.value.message


def test_parse_optional_date_gives_none_for_an_empty_field():
    assert parse_optional_date("", today=TODAY) is None
    assert parse_optional_date(None, today=TODAY) is None
    assert parse_optional_date("v", today=TODAY) == TODAY


def test_invoerfout_is_a_valueerror():
    with pytest.raises(ValueError):
        parse_date("nonsens", today=TODAY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2", 2.0),
        ("1,5", 1.5),
        ("1.5", 1.5),
        ("1:30", 1.5),
        ("0:45", 0.75),
        ("0", 0.0),
        ("1,25", 1.25),
        (" 3 ", 3.0),
        ("2u", 2.0),
        ("2 uur", 2.0),
        ("744", 744.0),
        ("743:59", 743 + 59 / 60),
    ],
)
def test_parse_hours_accepts_comma_point_and_hh_mm(text, expected):
    assert parse_hours(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("-1", "negatief"),
        ("-0,5", "negatief"),
        ("744,5", "hoogstens 744"),
        ("745", "hoogstens 744"),
        ("1:60", "minuten"),
        ("nan", "geen aantal uren"),
        ("inf", "geen aantal uren"),
        ("1e3", "geen aantal uren"),
        ("1.000", "geen aantal uren"),
        ("", "Geen aantal uren"),
        ("twee", "geen aantal uren"),
        ("١,٥", "cijfers 0-9"),
    ],
)
def test_parse_hours_rejects_with_a_dutch_message(text, fragment):
    with pytest.raises(InputError) as info:
        parse_hours(text)
    assert fragment in info.value.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ja", True), ("JA", True), ("j", True), ("1", True), ("true", True),
        ("nee", False), ("Nee", False), ("n", False), ("0", False), ("false", False),
        ("", None), ("  ", None), (None, None),
    ],
)
def test_parse_bool_reads_ja_and_nee(text, expected):
    assert parse_bool(text) is expected


@pytest.mark.parametrize("text", ["misschien", "2", "jaa", "١"])
def test_parse_bool_rejects_anything_else(text):
    with pytest.raises(InputError):
        parse_bool(text)


@pytest.mark.parametrize("parser", ["date", "hours", "bool"])
@pytest.mark.parametrize("value", [None, 5, 1.5, b"05-03-2026", ["x"]])
def test_parsers_turn_non_text_into_invoerfout(parser, value):
    if parser == "bool" and value is None:
        assert parse_bool(None) is None
        return
    call = {
        "date": lambda v: parse_date(v, today=TODAY),
        "hours": parse_hours,
        "bool": parse_bool,
    }[parser]
    with pytest.raises(InputError):
        call(value)


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_no_text_makes_a_parser_raise_anything_but_invoerfout(text):
    for call in (lambda t: parse_date(t, today=TODAY), parse_hours, parse_bool):
        try:
            call(text)
        except InputError as exc:
            assert exc.message


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"\A[+-]?[0-9٠-٩]{1,6}([-/.,:][0-9]{0,4}){0,2}[dwmju]?\Z"))
def test_date_and_hour_shaped_text_never_raises_anything_but_invoerfout(text):
    for call in (lambda t: parse_date(t, today=TODAY), parse_hours):
        try:
            result = call(text)
        except InputError:
            continue
        if isinstance(result, float):
            assert 0 <= result <= 744


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("1,5", 90), ("1.25", 75), ("1,35", 81), ("1,05", 63), ("1:20", 80), ("2 uur", 120), ("744", 744 * 60), ("0", 0),
     ("1:30:00", 90), ("12:05:00", 725)],  # h:mm:ss as Excel writes a duration cell
)
def test_hours_are_read_as_exact_whole_minutes(text, minutes):
    assert parse_minutes(text) == minutes


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1,33", "‘1,33’ uur is 79,8 minuten; uren worden in hele minuten opgeslagen. Typ uren en minuten, bijvoorbeeld 1:20"),
        ("1,34", "‘1,34’ uur is 80,4 minuten"),
        ("0,01", "‘0,01’ uur is 0,6 minuten"),
        ("1:30:20", "‘1:30:20’ heeft seconden; uren worden in hele minuten opgeslagen. Typ uren en minuten, bijvoorbeeld 1:30."),
    ],
)
def test_hours_that_are_no_whole_number_of_minutes_are_refused_not_rounded(text, reason):
    with pytest.raises(InputError) as caught:
        parse_minutes(text)
    assert reason in caught.value.message
