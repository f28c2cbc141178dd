"""Every text limit is said once (rules.limits): the schema, the import and the forms use that one value."""

from __future__ import annotations

import pytest

from rules import limits


@pytest.mark.parametrize(
    ("table", "column", "limit"),
    [
        ("person", "kenmerk", limits.KENMERK),
        ("person", "naam", limits.NAAM),
        ("person", "bsn", limits.BSN),
        ("person", "consulent", limits.CONSULENT),
        ("person", "taal", limits.TAAL),
        ("urenregistratie", "bron", limits.BRON),
        ("weekplan_entry", "activiteit", limits.ACTIVITEIT),
        ("weekplan_entry", "aanbieder", limits.AANBIEDER),
        ("weekplan_entry", "locatie", limits.LOCATIE),
        ("signaal_afhandeling", "reden", limits.REDEN),
    ],
)
def test_a_text_column_is_as_long_as_its_limit(table, column, limit):
    from storage.models import SQLModel

    assert SQLModel.metadata.tables[table].c[column].type.length == limit


def test_the_csv_import_refuses_what_the_schema_cannot_hold():
    from storage import importer

    assert importer._MAX_LENGTH == limits.IMPORT_COLUMNS


def test_the_uren_form_refuses_a_bron_one_character_too_long():
    from datetime import date

    from tui.screens.uren_form import UrenInputError, read_uren_input

    today = date(2026, 3, 2)
    ok = read_uren_input(datum="02-03-2026", soort="taal_knm", uren="2", bron="b" * limits.BRON, omschrijving="", today=today)
    assert ok.bron == "b" * limits.BRON
    with pytest.raises(UrenInputError, match=f"hoogstens {limits.BRON} tekens"):
        read_uren_input(datum="02-03-2026", soort="taal_knm", uren="2", bron="b" * (limits.BRON + 1), omschrijving="", today=today)
