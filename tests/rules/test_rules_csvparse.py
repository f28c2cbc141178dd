"""Formula-safe CSV cells: what a spreadsheet would run gets a quote, and reading it back removes it."""

from __future__ import annotations

import pytest

from rules.csvparse import escape_formula, parse_cell_minutes, parse_text, unescape_formula
from rules.errors import InvoerFout


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+31 6 1234", "'+31 6 1234"),
        ("-Amal", "'-Amal"),
        ("@SUM(A1)", "'@SUM(A1)"),
        # Excel drops a leading tab or carriage return on import and then runs the rest
        ("\t=HYPERLINK(\"http://x\")", "'\t=HYPERLINK(\"http://x\")"),
        ("\rcmd", "'\rcmd"),
        ("\tAmal", "'\tAmal"),
        ("'=al met quote", "''=al met quote"),
        ("'t Hart", "'t Hart"),
        ("Amal Haddad", "Amal Haddad"),
        ("", ""),
    ],
)
def test_a_cell_a_spreadsheet_would_run_gets_a_quote_and_reading_it_gives_the_value_back(value, cell):
    assert escape_formula(value) == cell
    assert unescape_formula(cell) == value
    assert parse_text(cell) == value  # as the importer reads a cell


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("1,5", 90), ("1.25", 75), ("1,35", 81), ("1,05", 63), ("1:20", 80), ("2 uur", 120), ("744", 744 * 60),
     ("1:30:00", 90), ("12:05:00", 725)],  # h:mm:ss as Excel writes a duration cell
)
def test_hours_are_read_as_exact_whole_minutes(text, minutes):
    assert parse_cell_minutes(text) == minutes


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1,33", "‘1,33’ uur is 79,8 minuten; uren worden in hele minuten opgeslagen. Typ uren en minuten, bijvoorbeeld 1:20"),
        ("1,34", "‘1,34’ uur is 80,4 minuten"),
        ("0,01", "‘0,01’ uur is 0,6 minuten"),
        ("1:30:20", "‘1:30:20’ heeft seconden; uren worden in hele minuten opgeslagen. Typ uren en minuten, bijvoorbeeld 1:30."),
        ("0", "het aantal uren moet meer dan 0 zijn"),
        ("745", "hoogstens 744 uur"),
        ("1.000", "is geen aantal uren"),
    ],
)
def test_hours_that_are_no_whole_number_of_minutes_are_refused_in_dutch(text, reason):
    with pytest.raises(InvoerFout) as caught:
        parse_cell_minutes(text)
    assert reason in caught.value.message
