"""The monitor's pure rules as tables of cases with exact dates: period, PIP and aanbod deadlines, median, suppression."""

from __future__ import annotations

from datetime import date

import pytest

from rules.errors import InputError
from rules.model import (
    Doelgroep, ExamenOnderdeel, ExamenPoging, ExamenResultaat, Leerroute, Ontheffing, OntheffingSoort, PersonFacts,
    Pip, Status, Verlenging, VerlengingGrond, Vrijstelling, VrijstellingSoort,
)
from rules.monitor import (
    Periode,
    aanbod_uitkomst,
    facts_op,
    gewogen_mediaan,
    make_periode,
    pip_termijn,
    pip_weken_bucket,
    tempo_bucket,
    toon_aantal,
)
from rules.policy import Policy, load_policy
from rules.errors import SettingsError


@pytest.mark.parametrize(
    ("brp", "kennisgeving", "pip", "uiterlijk", "dagen", "op_tijd"),
    [
        (date(2026, 1, 5), None, date(2026, 3, 16), date(2026, 3, 16), 70, True),  # on the deadline
        (date(2026, 1, 5), None, date(2026, 3, 17), date(2026, 3, 16), 71, False),  # a day late
        (date(2026, 1, 5), date(2026, 2, 1), date(2026, 4, 12), date(2026, 4, 12), 70, True),  # kennisgeving later
        (date(2026, 2, 1), date(2026, 1, 5), date(2026, 4, 13), date(2026, 4, 12), 71, False),  # BRP later
        (date(2024, 2, 29), None, date(2024, 5, 9), date(2024, 5, 9), 70, True),  # leap day start
    ],
)
def test_pip_termijn_is_ten_weeks_after_the_later_of_brp_and_kennisgeving(brp, kennisgeving, pip, uiterlijk, dagen, op_tijd):
    termijn = pip_termijn(brp_inschrijving=brp, kennisgeving_duo=kennisgeving, pip_datum=pip)
    assert (termijn.uiterlijk, termijn.dagen, termijn.op_tijd) == (uiterlijk, dagen, op_tijd)


def test_pip_termijn_without_brp_inschrijving_has_no_deadline():
    assert pip_termijn(brp_inschrijving=None, kennisgeving_duo=date(2026, 1, 1), pip_datum=date(2026, 2, 1)) is None


@pytest.mark.parametrize(
    ("pairs", "mediaan"),
    [([], None), ([(7, 1)], 7.0), ([(1, 1), (3, 1)], 2.0), ([(1, 3), (100, 2)], 1.0), ([(10, 2), (20, 2)], 15.0),
     ([(5, 0)], None)],
)
def test_gewogen_mediaan_counts_each_value_as_often_as_its_weight(pairs, mediaan):
    assert gewogen_mediaan(pairs) == mediaan


@pytest.mark.parametrize(
    ("aantal", "drempel", "getoond"),
    [(0, 5, "0"), (1, 5, "< 5"), (4, 5, "< 5"), (5, 5, "5"), (123, 5, "123"), (2, 3, "< 3"), (3, 3, "3"), (1, 1, "1")],
)
def test_counts_below_the_drempel_are_shown_as_less_than_it(aantal, drempel, getoond):
    assert toon_aantal(aantal, drempel) == getoond


@pytest.mark.parametrize(
    ("van", "tot", "vorige", "volgende"),
    [
        (date(2026, 1, 1), date(2026, 3, 31), (date(2025, 10, 1), date(2025, 12, 31)), (date(2026, 4, 1), date(2026, 6, 30))),
        (date(2026, 2, 1), date(2026, 2, 28), (date(2026, 1, 1), date(2026, 1, 31)), (date(2026, 3, 1), date(2026, 3, 31))),
        (date(2026, 1, 10), date(2026, 1, 19), (date(2025, 12, 31), date(2026, 1, 9)), (date(2026, 1, 20), date(2026, 1, 29))),
        # a whole year stays a whole year, also across a leap day
        (date(2024, 1, 1), date(2024, 12, 31), (date(2023, 1, 1), date(2023, 12, 31)), (date(2025, 1, 1), date(2025, 12, 31))),
        (date(2024, 2, 1), date(2024, 2, 29), (date(2024, 1, 1), date(2024, 1, 31)), (date(2024, 3, 1), date(2024, 3, 31))),
        # this year up to today (the Monitor's default): the same stretch a year earlier or later
        (date(2026, 1, 1), date(2026, 12, 3), (date(2025, 1, 1), date(2025, 12, 3)), (date(2027, 1, 1), date(2027, 12, 3))),
        # this quarter up to today: the same days of the quarter before and after
        (date(2026, 10, 1), date(2026, 12, 3), (date(2026, 7, 1), date(2026, 9, 3)), (date(2027, 1, 1), date(2027, 3, 3))),
        # this month up to today; a day the other month lacks becomes its last day
        (date(2026, 12, 1), date(2026, 12, 3), (date(2026, 11, 1), date(2026, 11, 3)), (date(2027, 1, 1), date(2027, 1, 3))),
        (date(2026, 1, 1), date(2026, 11, 22), (date(2025, 1, 1), date(2025, 11, 22)), (date(2027, 1, 1), date(2027, 11, 22))),
        (date(2026, 1, 1), date(2026, 1, 3), (date(2025, 12, 1), date(2025, 12, 3)), (date(2026, 2, 1), date(2026, 2, 3))),
        (date(2026, 1, 1), date(2026, 6, 30), (date(2025, 7, 1), date(2025, 12, 31)), (date(2026, 7, 1), date(2026, 12, 31))),
        (date(2024, 1, 1), date(2024, 2, 28), (date(2023, 10, 1), date(2023, 11, 28)), (date(2024, 4, 1), date(2024, 5, 28))),
        # from another 1st than a quarter's: by as many months as it touches
        (date(2024, 3, 1), date(2024, 5, 30), (date(2023, 12, 1), date(2024, 2, 29)), (date(2024, 6, 1), date(2024, 8, 30))),
        (date(2024, 12, 1), date(2025, 1, 15), (date(2024, 10, 1), date(2024, 11, 15)), (date(2025, 2, 1), date(2025, 3, 15))),
    ],
)
def test_vorige_and_volgende_periode_keep_whole_months_whole(van, tot, vorige, volgende):
    periode = Periode(van, tot)
    assert (periode.vorige().van, periode.vorige().tot) == vorige
    assert (periode.volgende().van, periode.volgende().tot) == volgende


def test_periode_lists_every_month_it_touches_and_contains_both_ends():
    periode = make_periode(date(2025, 12, 31), date(2026, 2, 1))
    assert periode.maanden() == ((2025, 12), (2026, 1), (2026, 2))
    assert periode.bevat(date(2025, 12, 31)) and periode.bevat(date(2026, 2, 1))
    assert not periode.bevat(date(2025, 12, 30)) and not periode.bevat(date(2026, 2, 2))


@pytest.mark.parametrize(
    ("van", "tot", "melding"),
    [(date(2026, 2, 1), date(2026, 1, 31), "ligt vóór"), (date(2016, 1, 1), date(2026, 12, 31), "langer dan tien jaar")],
)
def test_make_periode_refuses_impossible_periods_in_dutch(van, tot, melding):
    with pytest.raises(InputError, match=melding):
        make_periode(van, tot)


def test_facts_op_forgets_dates_after_the_day_and_reopens_a_file_closed_after_it():
    facts = PersonFacts(kenmerk="T", naam="T", doelgroep=Doelgroep.GEZINSMIGRANT, status=Status.AFGEROND,
                        brp_inschrijving=date(2026, 1, 1), pip_datum=date(2026, 4, 1), leerroute=Leerroute.B1,
                        termijn_einde=date(2029, 4, 2), geboortedatum=date(2000, 1, 1))
    then = facts_op(facts, date(2026, 3, 31), gesloten_op=date(2026, 4, 2))
    assert (then.status, then.brp_inschrijving, then.pip_datum, then.leerroute) == (Status.ACTIEF, date(2026, 1, 1), None, None)
    assert then.termijn_einde == date(2029, 4, 2)  # a deadline recorded in advance is not an event: it stays
    closed_before = facts_op(facts, date(2026, 3, 31), gesloten_op=date(2026, 3, 31))
    assert closed_before.status is Status.AFGEROND


def test_facts_op_forgets_pips_exams_and_decisions_dated_after_the_day_but_keeps_a_verlenging_ground_on_file():
    day = date(2026, 3, 31)
    facts = PersonFacts(
        kenmerk="T", naam="T", doelgroep=Doelgroep.ASIELSTATUSHOUDER, pip_datum=date(2025, 3, 1), leerroute=Leerroute.B1,
        pips=(Pip(date(2025, 3, 1), Leerroute.B1), Pip(date(2026, 4, 1), Leerroute.Z)),
        examens=(ExamenPoging(ExamenOnderdeel.LEZEN, day, ExamenResultaat.GEPLAND),
                 ExamenPoging(ExamenOnderdeel.KNM, date(2026, 4, 1), ExamenResultaat.GEPLAND)),
        verlengingen=(Verlenging(VerlengingGrond.ZIEKTE),
                      Verlenging(VerlengingGrond.ZIEKTE, besluitdatum=date(2026, 4, 1), nieuwe_einddatum=date(2029, 1, 1))),
        ontheffingen=(Ontheffing(OntheffingSoort.GEHEEL, besluitdatum=date(2026, 4, 1)),),
        vrijstellingen=(Vrijstelling(VrijstellingSoort.TIJDELIJK, besluitdatum=day, start=day),),
    )
    then = facts_op(facts, day, gesloten_op=None)
    assert [p.dagtekening for p in then.pips] == [date(2025, 3, 1)]
    assert [e.onderdeel for e in then.examens] == [ExamenOnderdeel.LEZEN]  # on the day itself it had happened
    assert then.verlengingen == (Verlenging(VerlengingGrond.ZIEKTE),)
    assert then.ontheffingen == ()
    assert then.vrijstellingen == facts.vrijstellingen
    assert facts_op(facts, date(2026, 4, 1), gesloten_op=None) is facts  # nothing after that day: the same facts


@pytest.mark.parametrize(
    ("pip", "leerroute", "start", "status", "gesloten_op", "telt_mee", "op_tijd"),
    [
        (date(2025, 12, 31), Leerroute.B1, date(2026, 3, 31), Status.ACTIEF, None, True, True),  # due 31-03, started that day
        (date(2025, 12, 31), Leerroute.B1, date(2026, 4, 1), Status.ACTIEF, None, True, False),
        (date(2025, 9, 30), Leerroute.ONDERWIJS, None, Status.ACTIEF, None, True, False),  # 6 months: due 30-03
        (date(2025, 9, 30), Leerroute.B1, None, Status.ACTIEF, None, False, False),  # due 30-12-2025: outside
        (date(2025, 12, 31), Leerroute.B1, None, Status.VERTROKKEN, date(2026, 3, 1), False, False),  # left before the deadline
        (date(2025, 12, 31), Leerroute.B1, None, Status.VERTROKKEN, date(2026, 4, 1), True, False),  # left after it
    ],
)
def test_aanbod_uitkomst(pip, leerroute, start, status, gesloten_op, telt_mee, op_tijd):
    uitkomst = aanbod_uitkomst(pip_datum=pip, leerroute=leerroute, aanbod_start=start, status=status,
                               gesloten_op=gesloten_op, periode=Periode(date(2026, 1, 1), date(2026, 3, 31)))
    assert (uitkomst.telt_mee, uitkomst.op_tijd) == (telt_mee, op_tijd)


@pytest.mark.parametrize(("dagen", "bucket"), [(0, "0-2 wk"), (14, "0-2 wk"), (15, "2-4 wk"), (70, "8-10 wk"),
                                               (71, "10-12 wk"), (182, "16-26 wk"), (183, "> 26 wk")])
def test_pip_weken_bucket_puts_the_tenth_week_on_the_on_time_side(dagen, bucket):
    assert pip_weken_bucket(dagen) == bucket


@pytest.mark.parametrize(("procent", "bucket"), [(None, ">= 100 %"), (0, "< 50 %"), (49.9, "< 50 %"), (50, "50-75 %"),
                                                 (89.99, "75-90 %"), (90, "90-100 %"), (100, ">= 100 %")])
def test_tempo_bucket(procent, bucket):
    assert tempo_bucket(procent) == bucket


def test_monitor_settings_default_to_five_and_no_name_and_are_checked(tmp_path):
    assert (Policy().monitor_drempel, Policy().gemeente_naam) == (5, "")
    settings = tmp_path / "instellingen.toml"
    settings.write_text('monitor_drempel = 10\ngemeente_naam = "Westerkwartier"\n', encoding="utf-8")
    assert (load_policy(settings).monitor_drempel, load_policy(settings).gemeente_naam) == (10, "Westerkwartier")
    settings.write_text("gemeente_naam = 12\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="regel 1: gemeente_naam moet tekst"):
        load_policy(settings)
    settings.write_text("monitor_drempel = 0\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="tussen 1 en 50"):
        load_policy(settings)
