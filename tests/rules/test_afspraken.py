"""Afspraken as pure rules: clashes, the past, the ISO week, the start reminder and the settings for the letter."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from rules.afspraken import (Afspraak, AfspraakSoort, AfspraakStatus, check_afspraak, clashes, in_the_past, overlaps,
                             reminder_line, week_of)
from rules.errors import SettingsError
from rules.policy import Policy, load_policy, policy_to_toml


def _afspraak(id_, datum, begin, eind, *, consulent="Anna de Vries", status=AfspraakStatus.GEPLAND) -> Afspraak:
    return Afspraak(id=id_, person_id=1, naam="Amal", kenmerk="IB-1", datum=datum, begin=begin, eind=eind,
                    soort=AfspraakSoort.SPREEKUUR, plaats="", tolk_nodig=False, tolk_taal="", consulent=consulent,
                    notitie="", status=status)


def _invoer(datum=date(2026, 11, 23), begin=time(10, 0), eind=time(11, 0), consulent="Anna de Vries"):
    return check_afspraak(datum=datum, begin=begin, eind=eind, duur_minuten=30, soort="spreekuur", plaats="",
                          tolk_nodig=False, tolk_taal="", consulent=consulent, notitie="")


@pytest.mark.parametrize(("a", "b", "verwacht"), [
    ((time(10, 0), time(11, 0)), (time(10, 30), time(11, 30)), True),
    ((time(10, 0), time(11, 0)), (time(9, 0), time(10, 1)), True),
    ((time(10, 0), time(11, 0)), (time(10, 15), time(10, 45)), True),   # inside
    ((time(10, 0), time(11, 0)), (time(11, 0), time(12, 0)), False),    # touching ends
    ((time(10, 0), time(11, 0)), (time(9, 0), time(10, 0)), False),
])
def test_two_afspraken_overlap_when_they_share_a_minute(a, b, verwacht):
    assert overlaps(*a, *b) is verwacht and overlaps(*b, *a) is verwacht


def test_only_the_same_consulents_planned_afspraken_on_that_day_clash():
    day = date(2026, 11, 23)
    planned = [
        _afspraak(1, day, time(10, 30), time(11, 15)),
        _afspraak(2, day, time(10, 30), time(11, 15), consulent="Sanne Jansen"),
        _afspraak(3, day, time(10, 30), time(11, 15), status=AfspraakStatus.AFGEZEGD),
        _afspraak(4, date(2026, 11, 24), time(10, 30), time(11, 15)),
        _afspraak(5, day, time(11, 0), time(11, 30)),
    ]
    assert [a.id for a in clashes(_invoer(), planned)] == [1]
    assert clashes(_invoer(), planned, except_id=1) == []


@pytest.mark.parametrize(("datum", "begin", "now", "verwacht"), [
    (date(2026, 11, 23), time(9, 59), datetime(2026, 11, 23, 10, 0), True),
    (date(2026, 11, 23), time(10, 0), datetime(2026, 11, 23, 10, 0), False),
    (date(2026, 11, 22), time(23, 0), datetime(2026, 11, 23, 0, 5), True),
    (date(2026, 11, 24), time(8, 0), datetime(2026, 11, 23, 17, 0), False),
])
def test_an_afspraak_lies_in_the_past_when_it_starts_before_now(datum, begin, now, verwacht):
    assert in_the_past(_invoer(datum=datum, begin=begin, eind=None), now=now) is verwacht


@pytest.mark.parametrize(("dag", "maandag", "zondag"), [
    (date(2026, 11, 22), date(2026, 11, 16), date(2026, 11, 22)),  # a sunday belongs to the week before
    (date(2026, 11, 23), date(2026, 11, 23), date(2026, 11, 29)),
    (date(2026, 12, 31), date(2026, 12, 28), date(2027, 1, 3)),    # across the year
])
def test_the_week_of_a_day_runs_monday_to_sunday(dag, maandag, zondag):
    assert week_of(dag) == (maandag, zondag)


def test_the_reminder_counts_planned_afspraken_and_names_the_first_time():
    day = date(2026, 11, 23)
    assert reminder_line([_afspraak(1, day, time(14, 0), time(15, 0)), _afspraak(2, day, time(9, 30), time(10, 0)),
                          _afspraak(3, day, time(8, 0), time(8, 30), status=AfspraakStatus.AFGEZEGD)]) == (
        "Vandaag 2 afspraken, de eerste om 09:30 (F8 toont de agenda).")
    assert reminder_line([_afspraak(1, day, time(14, 0), time(15, 0))]) == "Vandaag 1 afspraak, om 14:00 (F8 toont de agenda)."
    assert reminder_line([_afspraak(3, day, time(8, 0), time(8, 30), status=AfspraakStatus.GEHOUDEN)]) is None


@pytest.mark.parametrize(("nu", "line"), [
    (None, "Vandaag 3 afspraken, de eerste om 09:30 (F8 toont de agenda)."),
    (time(8, 0), "Vandaag 3 afspraken, de eerste om 09:30 (F8 toont de agenda)."),
    (time(9, 30), "Vandaag 3 afspraken, de eerste om 09:30 (F8 toont de agenda)."),  # starting now: still to come
    (time(9, 31), "Vandaag nog 2 afspraken, de eerste om 11:00; 1 al voorbij: leg in de agenda (F8) vast wat er gebeurde."),
    (time(12, 0), "Vandaag nog 1 afspraak, om 14:00; 2 al voorbij: leg in de agenda (F8) vast wat er gebeurde."),
    (time(18, 46), "De 3 afspraken zijn van vandaag al voorbij: leg in de agenda (F8) vast wat er gebeurde."),
])
def test_the_start_reminder_counts_only_the_appointments_still_to_come(nu, line):
    day = date(2026, 11, 23)
    afspraken = [_afspraak(1, day, time(9, 30), time(10, 15)), _afspraak(2, day, time(11, 0), time(12, 0)),
                 _afspraak(3, day, time(14, 0), time(15, 0))]
    assert reminder_line(afspraken, nu=nu) == line


def test_every_kind_of_afspraak_has_what_to_bring_and_a_contactmoment_kind():
    from rules.model import ContactSoort

    for soort in AfspraakSoort:
        assert Policy().meenemen(soort.value), soort
        assert ContactSoort(soort.contact_soort)


def test_the_letters_settings_are_read_from_the_file_and_checked(tmp_path):
    settings = tmp_path / "instellingen.toml"
    settings.write_text('consulent_telefoon = "0594 123 456"\nmeenemen_spreekuur = "uw paspoort"\n', encoding="utf-8")
    policy = load_policy(settings)
    assert (policy.consulent_telefoon, policy.meenemen("spreekuur")) == ("0594 123 456", "uw paspoort")
    settings.write_text('consulent_telefoon = "' + "1" * 31 + '"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="regel 1: consulent_telefoon mag hoogstens 30 tekens"):
        load_policy(settings)
    settings.write_text(policy_to_toml(policy), encoding="utf-8")
    assert load_policy(settings) == policy
