"""Formula-safe CSV cells: what a spreadsheet would run gets a quote, and reading it back removes it."""

from __future__ import annotations

import pytest

from rules.csvparse import escape_formula, parse_cell_minutes, parse_text, unescape_formula
from rules.errors import InputError


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


def test_an_hours_cell_is_read_by_the_one_hours_parser_and_needs_more_than_zero():
    # the whole-minute rules themselves are tested with rules.dates.parse_minutes
    assert parse_cell_minutes("1:30:00") == 90
    with pytest.raises(InputError) as caught:
        parse_cell_minutes("0")
    assert "het aantal uren moet meer dan 0 zijn" in caught.value.message
    with pytest.raises(InputError) as caught:
        parse_cell_minutes("1,33")
    assert "79,8 minuten" in caught.value.message
