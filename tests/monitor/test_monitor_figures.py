"""Each monitor figure on a small hand-made caseload whose right answer is counted by hand, period boundaries included.

The period is the first quarter of 2026: 01-01-2026 up to and including 31-03-2026.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from rules.policy import Policy
from services.monitor import PeriodeError, monitor, rapport
from tests.monitor.conftest import Q1, add_afhandeling, add_person, add_uren

VAN, TOT = Q1
KEYS = {"instroom", "pip_vastgesteld", "pip_op_tijd", "pip_dagen_mediaan", "leerroute", "aanbod_op_tijd", "fase",
        "zroute_op_schema", "uitstroom", "signalen_verlopen"}


def _rapport(store, policy: Policy | None = None):
    return rapport(store, van=VAN, tot=TOT, policy=policy or Policy())


def test_instroom_counts_brp_inschrijving_else_koppeling_within_the_period_both_days_inclusive(store):
    add_person(store, doelgroep="asielstatushouder", brp_inschrijving=date(2026, 1, 1), consulent="Anna")  # first day
    add_person(store, doelgroep="asielstatushouder", brp_inschrijving=date(2025, 12, 31), consulent="Anna")  # day before
    add_person(store, doelgroep="gezinsmigrant", koppeling=date(2026, 3, 31), consulent="Bram")  # last day, no BRP
    # A BRP-inschrijving after the period wins over a koppeling inside it.
    add_person(store, doelgroep="overige_migrant", koppeling=date(2026, 2, 1), brp_inschrijving=date(2026, 4, 1))
    add_person(store, doelgroep="overige_migrant", brp_inschrijving=date(2026, 2, 14))  # no consulent
    # A child of 10 registered with the family: no plicht (gezinslid), so no inburgeraar and no instroom.
    add_person(store, doelgroep="asielstatushouder", brp_inschrijving=date(2026, 1, 15), status="geen_plicht",
               geboortedatum=date(2015, 6, 15), consulent="Anna")

    instroom = _rapport(store).instroom

    assert instroom["totaal"] == 3
    assert dict(instroom["per_doelgroep"]) == {"asielstatushouder": 1, "gezinsmigrant": 1, "overige_migrant": 1}
    assert dict(instroom["per_consulent"]) == {"(geen consulent)": 1, "Anna": 1, "Bram": 1}


def test_pip_figures_use_the_signaal_deadline_and_count_pips_on_the_first_and_last_day(store):
    # First day; later of BRP (20-10) and kennisgeving (25-10) is 25-10: deadline 03-01-2026, 68 days.
    add_person(store, brp_inschrijving=date(2025, 10, 20), kennisgeving_duo=date(2025, 10, 25), pip_datum=date(2026, 1, 1),
               leerroute="b1", consulent="Anna")
    # Last day; BRP 05-01 without kennisgeving: deadline 16-03, so 85 days and late.
    add_person(store, brp_inschrijving=date(2026, 1, 5), pip_datum=date(2026, 3, 31), leerroute="z", consulent="Bram")
    # Exactly on the deadline (BRP 08-12 is later than kennisgeving 01-12): 70 days, on time.
    add_person(store, brp_inschrijving=date(2025, 12, 8), kennisgeving_duo=date(2025, 12, 1), pip_datum=date(2026, 2, 16),
               leerroute="onderwijs", consulent="Bram")
    # No BRP-inschrijving: no deadline to measure against; no leerroute yet.
    add_person(store, koppeling=date(2025, 11, 1), pip_datum=date(2026, 2, 10), consulent="Anna")
    # The day before the period, and a Wi2013 person: not counted.
    add_person(store, brp_inschrijving=date(2025, 10, 1), pip_datum=date(2025, 12, 31), leerroute="b1")
    add_person(store, regime="wi2013", brp_inschrijving=date(2025, 10, 1), pip_datum=date(2026, 2, 1), leerroute="b1")

    r = _rapport(store)

    assert r.pip_vastgesteld["totaal"] == 4
    assert dict(r.pip_vastgesteld["per_consulent"]) == {"Anna": 2, "Bram": 2}
    assert r.pip_op_tijd["totaal"] == 2
    assert r.pip_op_tijd["zonder_termijn"] == 1
    assert dict(r.pip_op_tijd["per_consulent"]) == {"Anna": 1, "Bram": 1}
    assert r.pip_dagen_mediaan == 70  # of 68, 70 and 85
    assert dict(r.leerroute) == {"b1": 1, "onderwijs": 1, "z": 1, "onbekend": 1}


def test_pip_dagen_mediaan_of_an_even_number_is_the_mean_of_the_middle_two_and_none_without_pips(store):
    assert _rapport(store).pip_dagen_mediaan is None
    add_person(store, brp_inschrijving=date(2025, 12, 1), pip_datum=date(2026, 1, 10))  # 40 days
    add_person(store, brp_inschrijving=date(2025, 12, 1), pip_datum=date(2026, 1, 15))  # 45 days
    assert _rapport(store).pip_dagen_mediaan == 42.5


def test_aanbod_op_tijd_counts_asielstatushouders_whose_deadline_falls_in_the_period(store):
    asiel = dict(doelgroep="asielstatushouder", brp_inschrijving=date(2025, 6, 1), consulent="Anna")
    add_person(store, pip_datum=date(2025, 10, 15), leerroute="b1", aanbod_start=date(2026, 1, 10), **asiel)  # due 15-01, on time
    add_person(store, pip_datum=date(2025, 12, 31), leerroute="b1", aanbod_start=date(2026, 4, 2), **asiel)  # due 31-03 (last day), late
    add_person(store, pip_datum=date(2025, 9, 30), leerroute="b1", **asiel)  # due 30-12-2025: before the period
    add_person(store, pip_datum=date(2025, 8, 31), leerroute="onderwijs", status="vertrokken",
               gesloten_op=date(2026, 2, 1), **asiel)  # due 28-02 (6 months), but left before it: not counted
    add_person(store, pip_datum=date(2025, 11, 30), leerroute="onderwijs", aanbod_start=date(2026, 5, 1), **asiel)  # due 30-05
    add_person(store, doelgroep="gezinsmigrant", pip_datum=date(2025, 11, 1), leerroute="b1")  # no aanbod from the gemeente

    aanbod = _rapport(store).aanbod_op_tijd

    assert (aanbod["te_starten"], aanbod["op_tijd"]) == (2, 1)
    assert dict(aanbod["per_consulent"]["Anna"]) == {"te_starten": 2, "op_tijd": 1}


def test_uitstroom_counts_afgerond_vertrokken_and_ontheffing_by_the_day_the_file_was_closed(store):
    add_person(store, status="afgerond", gesloten_op=date(2026, 3, 31), consulent="Anna")  # last day
    add_person(store, status="vertrokken", gesloten_op=date(2026, 1, 1), consulent="Bram")  # first day
    add_person(store, status="ontheffing", gesloten_op=date(2025, 12, 31))  # the day before
    add_person(store, status="ontheffing", gesloten_op=date(2026, 2, 2))
    add_person(store, status="overleden", gesloten_op=date(2026, 2, 1))  # not uitstroom in the issue's sense
    add_person(store, status="afgerond", gesloten_op=date(2026, 4, 1))  # after

    uitstroom = _rapport(store).uitstroom

    assert {k: uitstroom[k] for k in ("totaal", "afgerond", "vertrokken", "ontheffing")} == {
        "totaal": 3, "afgerond": 1, "vertrokken": 1, "ontheffing": 1}
    assert dict(uitstroom["per_consulent"]) == {"(geen consulent)": 1, "Anna": 1, "Bram": 1}


def test_a_gehele_ontheffing_or_vrijstelling_of_duo_is_uitstroom_and_no_longer_an_open_or_zroute_file(store):
    """Found by a tester: a Z-route file whose plicht DUO ended (status still actief) counted as a phase
    'vertrokken/uitgestroomd' and as a Z-route file on schedule, and not as uitstroom."""
    from sqlalchemy import insert

    from storage.db import write_session
    from storage.models import OntheffingBesluit, VrijstellingBesluit

    ended = add_person(store, doelgroep="asielstatushouder", brp_inschrijving=date(2025, 3, 1), pip_datum=date(2025, 5, 1),
                       leerroute="z", consulent="Anna")
    earlier = add_person(store, doelgroep="asielstatushouder", brp_inschrijving=date(2024, 3, 1), consulent="Bram")
    freed = add_person(store, doelgroep="asielstatushouder", brp_inschrijving=date(2025, 9, 1), consulent="Bram")
    with write_session(store.engine) as session:
        session.execute(insert(OntheffingBesluit.__table__).values(person_id=ended, soort="geheel",
                                                                   besluitdatum=date(2026, 2, 10)))
        session.execute(insert(OntheffingBesluit.__table__).values(person_id=earlier, soort="geheel",
                                                                   besluitdatum=date(2025, 12, 31)))  # before Q1
        session.execute(insert(VrijstellingBesluit.__table__).values(person_id=freed, soort="geheel",
                                                                     besluitdatum=date(2026, 3, 31)))  # last day

    r = _rapport(store)

    assert {k: r.uitstroom[k] for k in ("totaal", "ontheffing", "vrijstelling")} == {"totaal": 2, "ontheffing": 1,
                                                                                      "vrijstelling": 1}
    assert dict(r.uitstroom["per_consulent"]) == {"Anna": 1, "Bram": 1}
    assert sum(r.fase.values()) == 0 and "uitgestroomd" not in r.fase
    assert (r.zroute_op_schema["op_schema"], r.zroute_op_schema["achter"]) == (0, 0)


def test_fase_counts_the_files_open_on_the_last_day_as_they_stood_then(store):
    add_person(store, created=date(2026, 1, 1))  # aangemeld
    add_person(store, koppeling=date(2026, 1, 10))  # gekoppeld
    add_person(store, brp_inschrijving=date(2026, 2, 1))  # brede intake
    add_person(store, created=date(2026, 4, 1), brp_inschrijving=date(2026, 3, 1))  # recorded later, arrived before: brede intake
    add_person(store, brp_inschrijving=date(2026, 1, 15), pip_datum=date(2026, 4, 10), leerroute="b1")  # PIP after: brede intake
    add_person(store, doelgroep="asielstatushouder", brp_inschrijving=date(2025, 11, 1), pip_datum=date(2026, 3, 1),
               leerroute="b1")  # pip_vastgesteld: aanbod due 01-06
    add_person(store, brp_inschrijving=date(2025, 4, 1), pip_datum=date(2025, 6, 1), leerroute="b1")  # inburgeren
    add_person(store, status="afgerond", gesloten_op=date(2026, 4, 10), brp_inschrijving=date(2025, 4, 1),
               pip_datum=date(2025, 5, 1), leerroute="b1", pvt_ondertekend=date(2025, 12, 1),
               map_eindgesprek=date(2025, 12, 1))  # closed after the day: afronding on it
    add_person(store, status="vertrokken", gesloten_op=date(2026, 3, 31), brp_inschrijving=date(2025, 4, 1))  # closed on it
    add_person(store, created=date(2026, 4, 5))  # not known yet
    add_person(store, created=date(2026, 4, 1), koppeling=date(2026, 4, 2))  # not known yet

    assert dict(_rapport(store).fase) == {"aangemeld": 1, "gekoppeld": 1, "brede_intake": 3, "pip_vastgesteld": 1,
                                          "inburgeren": 1, "afronding": 1}


def test_zroute_op_schema_uses_the_signaal_pace_rule_with_hours_up_to_the_last_day(store):
    # PIP 01-01-2025: term 02-01-2025 to 02-01-2028 (1096 days); on 31-03-2026 day 454,
    # so 331.4 hours expected and below 90 % of that (298.2) is behind.
    z = dict(brp_inschrijving=date(2024, 11, 1), pip_datum=date(2025, 1, 1), leerroute="z")
    on_schedule = add_person(store, consulent="Anna", **z)
    add_uren(store, on_schedule, datum=date(2026, 3, 31), uren=300)
    behind = add_person(store, consulent="Anna", **z)
    add_uren(store, behind, datum=date(2026, 3, 1), uren=200)
    late_hours = add_person(store, consulent="Bram", **z)
    add_uren(store, late_hours, datum=date(2026, 3, 1), uren=200)
    add_uren(store, late_hours, datum=date(2026, 4, 1), uren=200)  # after the last day: does not count
    done = add_person(store, zroute_afgerond=date(2026, 1, 1), **z)  # completed: no longer on the route
    add_uren(store, done, datum=date(2025, 12, 1), uren=10)
    add_person(store, brp_inschrijving=date(2024, 11, 1), pip_datum=date(2025, 1, 1), leerroute="b1")  # not Z

    z_route = _rapport(store).zroute_op_schema

    assert (z_route["op_schema"], z_route["achter"]) == (1, 2)
    assert {k: dict(v) for k, v in z_route["per_consulent"].items()} == {
        "Anna": {"op_schema": 1, "achter": 1}, "Bram": {"op_schema": 0, "achter": 1}}


def test_signalen_verlopen_counts_open_overdue_signalen_on_the_last_day_per_consulent(store):
    # No PIP, BRP 01-12-2025: the PIP was due 09-02-2026, overdue on 31-03.
    overdue = dict(brp_inschrijving=date(2025, 12, 1))
    add_person(store, consulent="Anna", pip_datum=date(2026, 5, 1), **overdue)  # PIP set after the period: still overdue then
    handled_later = add_person(store, consulent="Bram", **overdue)
    add_afhandeling(store, handled_later, sleutel="pip_termijn|2026-02-09", op=datetime(2026, 4, 15, 10, tzinfo=UTC))
    handled_before = add_person(store, consulent="Bram", **overdue)
    add_afhandeling(store, handled_before, sleutel="pip_termijn|2026-02-09", op=datetime(2026, 3, 1, 10, tzinfo=UTC))
    add_person(store, consulent="Anna", brp_inschrijving=date(2026, 3, 1))  # due 10-05: not overdue
    add_person(store, consulent="Anna", status="afgerond", gesloten_op=date(2026, 3, 15), **overdue)  # closed

    verlopen = _rapport(store).signalen_verlopen

    # Each person without a PIP and without a leerbaarheidstoets also has the leerbaarheidstoets signaal, due on the
    # same PIP deadline (issue 18): Anna 2 (pip + toets), Bram 2 (handled later: both open) + 1 (pip handled before).
    assert verlopen["totaal"] == 5
    assert dict(verlopen["per_consulent"]) == {"Anna": 2, "Bram": 3}


def test_json_has_exactly_the_issue_keys_and_only_numbers_inside(store):
    add_person(store, brp_inschrijving=date(2026, 1, 5), pip_datum=date(2026, 2, 1), leerroute="b1", consulent="Anna")
    data = json.loads(_rapport(store).to_json())

    assert set(data) == KEYS

    def leaves(value):
        if isinstance(value, dict):
            for item in value.values():
                yield from leaves(item)
        else:
            yield value

    assert all(isinstance(leaf, (int, float)) and not isinstance(leaf, bool) for key in KEYS for leaf in leaves(data[key]))


def test_trends_split_instroom_and_pips_per_month_and_pip_days_in_week_buckets(store):
    add_person(store, brp_inschrijving=date(2026, 1, 31))
    add_person(store, brp_inschrijving=date(2026, 3, 1), pip_datum=date(2026, 3, 31), leerroute="b1")  # 30 days
    add_person(store, brp_inschrijving=date(2025, 11, 1), pip_datum=date(2026, 2, 1), leerroute="b1")  # 92 days

    trends = monitor(store, van=VAN, tot=TOT, policy=Policy()).trends

    assert trends.maanden == ("jan 2026", "feb 2026", "mrt 2026")
    assert trends.instroom_per_maand == (1, 0, 1)
    assert trends.pip_per_maand == (0, 1, 1)
    weken = dict(trends.pip_weken)
    assert weken["4-6 wk"] == 1 and weken["12-16 wk"] == 1 and sum(weken.values()) == 2


def test_a_period_that_ends_before_it_starts_is_refused_in_dutch(store):
    with pytest.raises(PeriodeError, match="ligt vóór"):
        rapport(store, van=date(2026, 3, 1), tot=date(2026, 2, 1), policy=Policy())
