"""Handled and snoozed signalen come back exactly when they should."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from rules.afhandeling import Actie, Afhandeling, describe, kan_afhandelen, signaal_sleutel, split_signalen
from rules.engine import Ernst, Signaal

PIP = Signaal("pip_termijn", date(2026, 3, 12), -5, Ernst.VERLOPEN, "")
ACHTERSTAND = Signaal("zroute_achterstand", date(2026, 3, 17), 0, Ernst.URGENT, "")


def afhandeling(signaal, actie, *, tot=None, op=datetime(2026, 3, 17, 10, 0)):
    return Afhandeling(soort=signaal.soort, sleutel=signaal_sleutel(signaal), actie=actie, reden="r", door="c", op=op, tot=tot)


@pytest.mark.parametrize(
    ("actie", "tot", "as_of", "hidden"),
    [
        (Actie.AFGEHANDELD, None, date(2026, 3, 17), True),
        (Actie.AFGEHANDELD, None, date(2027, 1, 1), True),
        (Actie.UITGESTELD, date(2026, 3, 24), date(2026, 3, 23), True),
        (Actie.UITGESTELD, date(2026, 3, 24), date(2026, 3, 24), False),  # returns on its date
        (Actie.UITGESTELD, date(2026, 3, 24), date(2026, 4, 1), False),
    ],
)
def test_a_handled_signaal_is_hidden_and_a_snoozed_one_returns_on_its_date(actie, tot, as_of, hidden):
    open_, hidden_ = split_signalen([PIP], [afhandeling(PIP, actie, tot=tot)], as_of)
    assert bool(hidden_) is hidden and bool(open_) is not hidden


def test_a_signaal_returns_when_the_facts_behind_it_change():
    moved = Signaal("pip_termijn", date(2026, 3, 30), 13, Ernst.URGENT, "")
    open_, hidden = split_signalen([moved], [afhandeling(PIP, Actie.AFGEHANDELD)], date(2026, 3, 17))
    assert open_ == (moved,) and hidden == ()


def test_the_latest_afhandeling_counts():
    older = afhandeling(PIP, Actie.AFGEHANDELD, op=datetime(2026, 3, 1))
    newer = afhandeling(PIP, Actie.UITGESTELD, tot=date(2026, 3, 18), op=datetime(2026, 3, 10))
    assert split_signalen([PIP], [older, newer], date(2026, 3, 18))[0] == (PIP,)


def test_an_achterstand_dated_today_can_only_be_snoozed_and_the_snooze_holds_from_day_to_day():
    assert not kan_afhandelen(ACHTERSTAND) and kan_afhandelen(PIP)
    snooze = afhandeling(ACHTERSTAND, Actie.UITGESTELD, tot=date(2026, 4, 1))
    tomorrow = Signaal("zroute_achterstand", date(2026, 3, 18), 0, Ernst.URGENT, "")
    assert split_signalen([tomorrow], [snooze], date(2026, 3, 18))[0] == ()


@pytest.mark.parametrize(
    ("history", "as_of", "hidden"),
    [
        ([(Actie.AFGEHANDELD, None, 1), (Actie.HEROPEND, None, 2)], date(2026, 3, 17), False),
        ([(Actie.UITGESTELD, date(2026, 4, 1), 1), (Actie.HEROPEND, None, 2)], date(2026, 3, 17), False),
        ([(Actie.AFGEHANDELD, None, 1), (Actie.HEROPEND, None, 2), (Actie.AFGEHANDELD, None, 3)], date(2026, 3, 17), True),
        ([(Actie.HEROPEND, None, 2), (Actie.AFGEHANDELD, None, 1)], date(2026, 3, 17), False),  # order is by time, not by list
    ],
)
def test_a_reopened_signaal_is_open_again_until_it_is_handled_once_more(history, as_of, hidden):
    rows = [afhandeling(PIP, actie, tot=tot, op=datetime(2026, 3, 10, hour)) for actie, tot, hour in history]
    assert bool(split_signalen([PIP], rows, as_of)[1]) is hidden


def test_describe_says_who_did_what_until_when_and_why():
    row = Afhandeling(soort="pip_termijn", sleutel="x", actie=Actie.UITGESTELD, reden="wacht op COA", door="A. de Vries",
                      op=datetime(2026, 3, 17, 10, 0), tot=date(2026, 3, 24))
    assert describe(row) == "uitgesteld tot 24-03-2026 door A. de Vries op 17-03-2026 10:00: wacht op COA"
    assert describe(replace(row, door="", actie=Actie.HEROPEND, tot=None)).startswith("heropend door onbekend op 17-03-2026")
