"""The weekplan rules: weeks, which entries apply, overlaps, totals, holidays, templates, proposals."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

import pytest

from rules.errors import InputError
from rules.model import Taalvorm, UrenSoort, WeekplanCategorie
from rules.policy import Policy
from rules.weekplan import (
    AL_GEREGISTREERD,
    NA_VANDAAG,
    TEMPLATES,
    VOORSTEL,
    BestaandeUren,
    Week,
    WeekplanError,
    WeekplanItem,
    andere_bron,
    apply_template,
    build_item,
    copy_previous_week,
    feestdagen,
    overlapping,
    parse_time,
    parse_week,
    plan_week,
    propose_registration,
    removed_when_ended,
    split_edit,
    template_named,
    week_totals,
)

T, P, F = WeekplanCategorie.TAAL, WeekplanCategorie.PARTICIPATIE, WeekplanCategorie.FINANCIELE_EDUCATIE
WEEK_48 = Week(2026, 48)  # maandag 23-11-2026 t/m zondag 29-11-2026


def item(weekdag=0, start=(9, 0), eind=(12, 0), categorie=T, van=date(2026, 1, 5), tot=None, activiteit="Taalles",
         taalvorm=Taalvorm.FORMEEL, aanbieder="Taalschool De Brug", id=None) -> WeekplanItem:
    return WeekplanItem(
        weekdag=weekdag, start_tijd=time(*start), eind_tijd=time(*eind), categorie=categorie, activiteit=activiteit,
        geldig_van=van, geldig_tot=tot, taalvorm=taalvorm if categorie is T else None, aanbieder=aanbieder, id=id,
    )


# --- weeks --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "jaar", "nummer", "maandag"),
    [
        (date(2026, 11, 22), 2026, 47, date(2026, 11, 16)),  # a zondag belongs to the week before
        (date(2026, 11, 23), 2026, 48, date(2026, 11, 23)),
        (date(2027, 1, 1), 2026, 53, date(2026, 12, 28)),  # 2026 has 53 ISO weeks
        (date(2024, 12, 30), 2025, 1, date(2024, 12, 30)),  # week 1 of 2025 starts in 2024
        (date(2024, 2, 29), 2024, 9, date(2024, 2, 26)),  # leap day
    ],
)
def test_a_date_falls_in_its_iso_week(day, jaar, nummer, maandag):
    week = Week.of(day)
    assert (week.jaar, week.nummer, week.maandag) == (jaar, nummer, maandag)
    assert day in week


def test_the_week_label_is_dutch_with_both_dates():
    assert WEEK_48.label == "week 48, 23-11-2026 t/m 29-11-2026"
    assert WEEK_48.code == "2026-W48"


def test_browsing_crosses_the_year_boundary():
    assert Week(2026, 53).plus(1) == Week(2027, 1)
    assert Week(2027, 1).plus(-1) == Week(2026, 53)


@pytest.mark.parametrize(("text", "expected"), [("2026-W48", Week(2026, 48)), ("2026w05", Week(2026, 5)), ("2026-48", Week(2026, 48))])
def test_a_week_is_read_in_iso_notation(text, expected):
    assert parse_week(text) == expected


@pytest.mark.parametrize("text", ["48", "2026-W54", "2025-W53", "week 48", ""])
def test_a_wrong_week_gets_a_dutch_message(text):
    with pytest.raises(InputError, match="week"):
        parse_week(text)


# --- which entries apply ------------------------------------------------------------


@pytest.mark.parametrize(
    ("van", "tot", "applies"),
    [
        (date(2026, 11, 23), None, True),  # starts on the maandag itself
        (date(2026, 11, 24), None, False),  # starts the day after that week's maandag
        (date(2026, 1, 5), date(2026, 11, 23), True),  # ends on the maandag itself (inclusive)
        (date(2026, 1, 5), date(2026, 11, 22), False),  # ended the zondag before
        (date(2026, 11, 30), None, False),  # starts next week
    ],
)
def test_an_entry_applies_within_geldig_van_and_geldig_tot_inclusive(van, tot, applies):
    days = plan_week([item(weekdag=0, van=van, tot=tot)], WEEK_48)
    assert (len(days[0].items) == 1) is applies
    assert all(not d.items for d in days[1:])


def test_each_entry_lands_on_its_weekday_sorted_by_time():
    entries = [item(weekdag=2, start=(14, 0), eind=(15, 0), activiteit="B"), item(weekdag=2, activiteit="A"), item(weekdag=6)]
    days = plan_week(entries, WEEK_48)
    assert [d.datum for d in days] == list(WEEK_48.dagen)
    assert [i.activiteit for i in days[2].items] == ["A", "B"]
    assert days[2].naam == "woensdag" and days[6].kort == "zo"
    assert len(days[6].items) == 1


# --- overlaps -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [
        (((9, 0), (12, 0)), ((11, 0), (13, 0)), True),
        (((9, 0), (12, 0)), ((12, 0), (13, 0)), False),  # touching is fine
        (((9, 0), (12, 0)), ((10, 0), (11, 0)), True),  # contained
        (((9, 0), (12, 0)), ((13, 0), (14, 0)), False),
        (((9, 0), (12, 0)), ((9, 0), (12, 0)), True),  # identical
    ],
)
def test_overlapping_times_on_one_day_are_flagged(a, b, overlap):
    entries = [item(start=a[0], eind=a[1]), item(start=b[0], eind=b[1], categorie=P)]
    assert overlapping(entries) == (frozenset({0, 1}) if overlap else frozenset())


def test_only_the_overlapping_entries_are_flagged():
    days = plan_week([item(start=(9, 0), eind=(12, 0)), item(start=(11, 30), eind=(13, 0)), item(start=(14, 0), eind=(15, 0))], WEEK_48)
    assert days[0].overlap == frozenset({0, 1})


def test_the_same_times_on_different_days_do_not_overlap():
    days = plan_week([item(weekdag=0), item(weekdag=1)], WEEK_48)
    assert all(not d.overlap for d in days)


# --- holidays -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("week", "day", "naam"),
    [
        (Week(2026, 18), date(2026, 4, 27), "Koningsdag"),
        (Week(2026, 52), date(2026, 12, 25), "Eerste kerstdag"),
        (Week(2026, 52), date(2026, 12, 26), "Tweede kerstdag"),
        (Week(2026, 53), date(2027, 1, 1), "Nieuwjaarsdag"),  # a week spanning two years
        (Week(2026, 15), date(2026, 4, 6), "Tweede paasdag"),
    ],
)
def test_dutch_public_holidays_are_marked_with_their_dutch_name(week, day, naam):
    assert feestdagen(week)[day] == naam
    days = plan_week([], week)
    assert days[day.weekday()].feestdag == naam


def test_an_ordinary_week_has_no_holidays():
    assert feestdagen(WEEK_48) == {}
    assert all(d.feestdag is None for d in plan_week([], WEEK_48))


# --- totals ---------------------------------------------------------------------


def test_totals_per_category_against_the_policy_targets():
    entries = [
        item(weekdag=0, start=(9, 0), eind=(12, 0)),
        item(weekdag=1, start=(9, 0), eind=(11, 30)),
        item(weekdag=2, start=(14, 0), eind=(17, 0), categorie=P),
    ]
    totals = {t.categorie: t for t in week_totals(plan_week(entries, WEEK_48), Policy())}
    assert totals[T].uren == 5.5 and totals[T].doel_uren == 12
    assert totals[T].melding == "tekort 6,5 u"
    assert totals[P].melding == "tekort 5 u"
    assert totals[F].leeg and totals[F].melding == "geen financiële educatie gepland"
    assert not totals[F].in_orde


def test_a_target_met_says_so_and_a_zero_target_is_not_a_gap():
    policy = Policy(weekdoel_taal_uren=3, weekdoel_financiele_educatie_uren=0)
    totals = {t.categorie: t for t in week_totals(plan_week([item()], WEEK_48), policy)}
    assert totals[T].in_orde and totals[T].melding == "doel gehaald"
    assert totals[F].in_orde and totals[F].melding == "geen doel, niets gepland"


def test_entries_outside_the_week_do_not_count():
    totals = week_totals(plan_week([item(tot=date(2026, 11, 22))], WEEK_48), Policy())
    assert all(t.minuten == 0 for t in totals)


# --- templates and copying ---------------------------------------------------------


def test_the_three_named_templates_exist_and_meet_the_default_targets():
    assert [t.naam for t in TEMPLATES] == ["B1-route standaardweek", "Z-route standaardweek", "Onderwijsroute standaardweek"]
    for template in TEMPLATES:
        days = plan_week(apply_template(template, WEEK_48.maandag), WEEK_48)
        assert all(not d.overlap for d in days), template.naam
        assert all(t.in_orde for t in week_totals(days, Policy())), template.naam


def test_a_template_starts_on_the_given_date_and_is_open_ended():
    items = apply_template(template_named("Z-route standaardweek"), date(2026, 11, 23))
    assert {i.geldig_van for i in items} == {date(2026, 11, 23)}
    assert all(i.geldig_tot is None and i.id is None for i in items)


def test_copying_the_previous_week_renews_entries_that_ended_there():
    ended = item(weekdag=1, tot=date(2026, 11, 20), id=1)  # last took place dinsdag 17-11
    running = item(weekdag=2, id=2)
    long_gone = item(weekdag=3, tot=date(2026, 10, 1), id=3)
    copies = copy_previous_week([ended, running, long_gone], WEEK_48)
    assert len(copies) == 1
    assert copies[0].weekdag == 1 and copies[0].geldig_van == date(2026, 11, 23) and copies[0].geldig_tot is None
    assert copies[0].id is None


def test_copying_skips_an_entry_already_replaced_this_week():
    ended = item(weekdag=1, tot=date(2026, 11, 22), id=1)
    replaced = item(weekdag=1, van=date(2026, 11, 23), id=2)
    assert copy_previous_week([ended, replaced], WEEK_48) == ()


# --- form input -----------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [("9:00", time(9)), ("09:30", time(9, 30)), ("13.15", time(13, 15)), ("9", time(9))])
def test_times_are_read_as_hh_mm(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["25:00", "9:75", "negen", "", "9:5"])
def test_a_wrong_time_gets_a_dutch_message(text):
    with pytest.raises(WeekplanError, match="uu:mm"):
        parse_time(text)


def _form(**changes):
    values = dict(weekdag=0, start="9:00", eind="12:00", categorie=T, taalvorm=Taalvorm.FORMEEL, activiteit="Taalles",
                  aanbieder="", locatie="", geldig_van="23-11-2026", geldig_tot="", today=date(2026, 11, 22))
    values.update(changes)
    return build_item(**values)


@pytest.mark.parametrize(
    ("changes", "veld", "words"),
    [
        (dict(eind="9:00"), "eind", "na de begintijd"),
        (dict(start="8:61"), "start", "geen geldige tijd"),
        (dict(activiteit="   "), "activiteit", "Vul de activiteit in"),
        (dict(geldig_van="31-02-2026"), "geldig_van", "geen bestaande datum"),
        (dict(geldig_tot="22-11-2026"), "geldig_tot", "vóór geldig van"),
        (dict(activiteit="x" * 201), "activiteit", "te lang"),
    ],
)
def test_the_form_names_the_field_to_fix_in_dutch(changes, veld, words):
    with pytest.raises(WeekplanError, match=words) as caught:
        _form(**changes)
    assert caught.value.veld == veld


def test_a_valid_form_gives_an_entry_and_drops_taalvorm_outside_taal():
    entry = _form(categorie=P, geldig_tot="23-11-2026", activiteit="  Fiets  les ")
    assert entry.taalvorm is None and entry.activiteit == "Fiets les"
    assert entry.geldig_tot == entry.geldig_van == date(2026, 11, 23)
    assert entry.minuten == 180


# --- hours according to the weekplan --------------------------------------------------


def test_the_proposal_maps_categories_to_duos_kinds_and_skips_the_future_and_the_registered():
    pip = date(2025, 6, 1)
    entries = [
        item(weekdag=0, aanbieder="Taalschool De Brug"),  # 16-11: taal formeel
        item(weekdag=2, start=(14, 0), eind=(15, 30), taalvorm=Taalvorm.INFORMEEL, aanbieder="Bibliotheek"),
        item(weekdag=3, categorie=F, aanbieder=""),  # 19-11: financiële educatie, no aanbieder
        item(weekdag=4, categorie=P, aanbieder="Kringloop"),  # 20-11, already registered
    ]
    week = Week(2026, 47)
    registered = [BestaandeUren(date(2026, 11, 20), UrenSoort.PARTICIPATIE, 180, "Kringloop")]
    proposals = propose_registration(plan_week(entries, week), today=date(2026, 11, 19), pip_datum=pip, registered=registered)
    got = [(p.datum, p.soort, p.minuten, p.bron, p.status) for p in proposals]
    assert got == [
        (date(2026, 11, 16), UrenSoort.TAAL_KNM, 180, "Taalschool De Brug", VOORSTEL),
        (date(2026, 11, 18), UrenSoort.PARTICIPATIE, 90, "Bibliotheek", VOORSTEL),
        (date(2026, 11, 19), UrenSoort.PARTICIPATIE, 180, "weekplan", VOORSTEL),
        (date(2026, 11, 20), UrenSoort.PARTICIPATIE, 180, "Kringloop", NA_VANDAAG),
    ]
    again = propose_registration(plan_week(entries, week), today=date(2026, 11, 22), pip_datum=pip, registered=registered)
    assert again[-1].status == AL_GEREGISTREERD and not again[-1].kan_registreren


def test_taal_before_the_term_counts_as_brede_intake_hours():
    proposals = propose_registration(plan_week([item(weekdag=0)], Week(2026, 47)), today=date(2026, 11, 22), pip_datum=date(2026, 11, 16))
    assert proposals[0].soort is UrenSoort.TAAL_KNM_BREDE_INTAKE
    no_pip = propose_registration(plan_week([item(weekdag=0)], Week(2026, 47)), today=date(2026, 11, 22), pip_datum=None)
    assert no_pip[0].soort is UrenSoort.TAAL_KNM_BREDE_INTAKE


def test_a_holiday_is_proposed_struck_by_default():
    proposals = propose_registration(plan_week([item(weekdag=4)], Week(2026, 52)), today=date(2027, 1, 10), pip_datum=date(2025, 1, 1))
    assert proposals[0].feestdag == "Eerste kerstdag"
    assert proposals[0].kan_registreren and not proposals[0].standaard_aan


@pytest.mark.parametrize(
    ("old_van", "vanaf", "changes", "in_place", "van", "old_tot"),
    [
        # started weeks ago, changed from week 48 on: the old entry ends on the zondag before
        (date(2026, 1, 5), date(2026, 11, 23), dict(start_tijd=time(10)), False, date(2026, 11, 23), date(2026, 11, 22)),
        # from a chosen day in the middle of a week (a donderdag)
        (date(2026, 1, 5), date(2026, 11, 26), dict(activiteit="Taalles A2"), False, date(2026, 11, 26), date(2026, 11, 25)),
        # across the year boundary
        (date(2026, 1, 5), date(2027, 1, 4), dict(weekdag=2), False, date(2027, 1, 4), date(2027, 1, 3)),
        # the entry starts in the week the change applies from: in place
        (date(2026, 11, 25), date(2026, 11, 23), dict(start_tijd=time(10)), True, date(2026, 11, 23), None),
        (date(2026, 11, 23), date(2026, 11, 29), dict(start_tijd=time(10)), True, date(2026, 11, 23), None),
        # from the start date or earlier: a correction of the whole entry
        (date(2026, 1, 5), date(2026, 1, 5), dict(aanbieder="Taalschool Zuid"), True, date(2026, 1, 5), None),
        (date(2026, 1, 5), date(2025, 12, 1), dict(aanbieder="Taalschool Zuid"), True, date(2025, 12, 1), None),
        # only the period changes (geldig tot): in place, the start stays
        (date(2026, 1, 5), date(2026, 11, 23), dict(geldig_tot=date(2026, 12, 31)), True, date(2026, 1, 5), None),
    ],
)
def test_a_change_applies_from_its_date_on_and_earlier_weeks_keep_the_old_plan(old_van, vanaf, changes, in_place, van, old_tot):
    old = item(van=old_van, id=7)
    edited = replace(old, geldig_van=vanaf, **changes)
    wijziging = split_edit(old, edited)
    assert (wijziging.nieuw.id == 7) is in_place
    assert wijziging.nieuw.geldig_van == van
    if in_place:
        assert wijziging.beeindigd is None
    else:
        assert wijziging.beeindigd == replace(old, geldig_tot=old_tot)
        # the week before the change still plans the old entry, the week after it the new one
        week_before, week_from = Week.of(old_tot), Week.of(vanaf).plus(1)
        assert plan_week([wijziging.beeindigd, wijziging.nieuw], week_before.plus(-1))[old.weekdag].items == (wijziging.beeindigd,)
        assert plan_week([wijziging.beeindigd, wijziging.nieuw], week_from)[edited.weekdag].items == (wijziging.nieuw,)
    for field, value in changes.items():
        assert getattr(wijziging.nieuw, field) == value


def test_copying_the_previous_week_does_not_bring_back_an_entry_a_change_replaced():
    old = item(weekdag=0, van=date(2026, 1, 5), id=1)
    cursus = item(weekdag=3, categorie=P, activiteit="Cursus", van=date(2026, 9, 7), tot=date(2026, 11, 22), id=2)
    wijziging = split_edit(old, replace(old, start_tijd=time(10), geldig_van=date(2026, 11, 23)))
    entries = [wijziging.beeindigd, replace(wijziging.nieuw, id=3), cursus]
    copies = copy_previous_week(entries, WEEK_48)
    assert [(c.activiteit, c.geldig_van) for c in copies] == [("Cursus", date(2026, 11, 23))]


def test_a_change_cannot_start_after_the_entry_ended():
    old = item(van=date(2026, 1, 5), tot=date(2026, 6, 28), id=7)
    with pytest.raises(WeekplanError, match="eindigt op 28-06-2026") as caught:
        split_edit(old, replace(old, start_tijd=time(10), geldig_van=date(2026, 11, 23)))
    assert caught.value.veld == "geldig_van"


@pytest.mark.parametrize(
    ("van", "removed"),
    [
        (date(2026, 11, 22), False),  # zondag of the week before
        (date(2026, 11, 23), True),  # the maandag of the week
        (date(2026, 11, 29), True),  # the zondag of the week
        (date(2026, 12, 7), True),  # a later week: never applied before either
    ],
)
def test_ending_an_entry_in_its_first_week_removes_it(van, removed):
    assert removed_when_ended(item(van=van), WEEK_48) is removed


def test_hours_of_that_day_and_kind_from_another_source_are_proposed_unticked_with_the_reason():
    entries = [
        item(weekdag=0, aanbieder="Taalschool De Brug"),  # ma 16-11 taal
        item(weekdag=1, start=(13, 0), eind=(15, 0), categorie=P, aanbieder="Kringloop"),  # di 17-11 participatie
        item(weekdag=2, aanbieder="Taalschool De Brug"),  # wo 18-11 taal
        item(weekdag=4, aanbieder="Taalschool De Brug"),  # vr 20-11 taal
    ]
    registered = [
        BestaandeUren(date(2026, 11, 16), UrenSoort.TAAL_KNM, 180, "Taalschool De Brug"),  # registered from the plan
        BestaandeUren(date(2026, 11, 17), UrenSoort.TAAL_KNM, 60, "eigen invoer"),  # another kind that day
        BestaandeUren(date(2026, 11, 18), UrenSoort.TAAL_KNM, 120, "Taalmaatje Anna"),  # same day and kind
        BestaandeUren(date(2026, 11, 21), UrenSoort.PARTICIPATIE, 60, "Sportclub"),  # a day without plan
    ]
    proposals = propose_registration(plan_week(entries, Week(2026, 47)), today=date(2026, 11, 22),
                                     pip_datum=date(2025, 1, 1), registered=registered)
    got = [(p.datum, p.status, p.standaard_aan, p.reden_uit) for p in proposals]
    assert got == [
        (date(2026, 11, 16), AL_GEREGISTREERD, False, ""),
        (date(2026, 11, 17), VOORSTEL, True, ""),
        (date(2026, 11, 18), VOORSTEL, False, "al 2 u van Taalmaatje Anna"),
        (date(2026, 11, 20), VOORSTEL, True, ""),
    ]
    # everything the plan does not explain, for the warning before storing
    assert [r.bron for r in andere_bron(plan_week(entries, Week(2026, 47)), registered, pip_datum=date(2025, 1, 1))] == [
        "eigen invoer", "Taalmaatje Anna", "Sportclub"]


def test_an_imported_period_total_covers_the_days_of_its_week_up_to_its_date():
    entries = [item(weekdag=0), item(weekdag=2), item(weekdag=4)]  # ma 16-11, wo 18-11, vr 20-11
    registered = [BestaandeUren(date(2026, 11, 18), UrenSoort.TAAL_KNM, 600, "Taalschool", ingelezen=True)]
    proposals = propose_registration(plan_week(entries, Week(2026, 47)), today=date(2026, 11, 22),
                                     pip_datum=date(2025, 1, 1), registered=registered)
    assert [(p.datum, p.standaard_aan, p.reden_uit) for p in proposals] == [
        (date(2026, 11, 16), False, "al 10 u van Taalschool (ingelezen, 18-11)"),
        (date(2026, 11, 18), False, "al 10 u van Taalschool (ingelezen)"),
        (date(2026, 11, 20), True, ""),
    ]


def test_a_holiday_is_proposed_unticked_with_its_name_as_the_reason():
    proposals = propose_registration(plan_week([item(weekdag=5)], Week(2026, 52)), today=date(2027, 1, 10), pip_datum=date(2025, 1, 1))
    assert proposals[0].datum == date(2026, 12, 26)
    assert proposals[0].kan_registreren and not proposals[0].standaard_aan
    assert proposals[0].reden_uit == "valt op Tweede kerstdag"


def test_the_last_week_of_the_calendar_is_refused_in_dutch_instead_of_crashing():
    import pytest

    from rules.errors import InputError
    from rules.weekplan import parse_week

    with pytest.raises(InputError, match="voorbij het einde van de kalender"):
        parse_week("9999-52")
    assert parse_week("9999-W51").zondag.isoformat() == "9999-12-26"


# --- overlap: asked about before saving, counted once (walkreport item 7) ---------------------------------------

from rules.weekplan import overlappen_met  # noqa: E402

LES = item(weekdag=0, start=(9, 0), eind=(12, 0), id=1, van=date(2026, 11, 2), tot=None)


@pytest.mark.parametrize("nieuw, overlapt", [
    (item(weekdag=0, start=(10, 0), eind=(11, 0)), True),  # inside the lesson
    (item(weekdag=0, start=(11, 0), eind=(12, 30)), True),
    (item(weekdag=0, start=(12, 0), eind=(13, 0)), False),  # touching is fine
    (item(weekdag=0, start=(8, 0), eind=(9, 0)), False),
    (item(weekdag=1, start=(10, 0), eind=(11, 0)), False),  # another day
    (item(weekdag=0, start=(10, 0), eind=(11, 0), van=date(2026, 1, 5), tot=date(2026, 11, 1)), False),  # ends before
    (item(weekdag=0, start=(10, 0), eind=(11, 0), van=date(2026, 1, 5), tot=date(2026, 11, 2)), True),  # shares 02-11
    (item(weekdag=0, start=(10, 0), eind=(11, 0), id=1), False),  # the lesson itself, being changed
])
def test_an_activity_overlapping_another_on_the_same_day_is_found(nieuw, overlapt):
    assert (overlappen_met(nieuw, [LES], behalve=(nieuw.id,)) == (LES,)) is overlapt


@pytest.mark.parametrize("entries, taal, participatie", [
    ([LES, item(weekdag=0, start=(10, 0), eind=(11, 0), activiteit="Taalcafé")], 3, 0),  # the hour counts once
    ([LES, item(weekdag=0, start=(11, 0), eind=(12, 30), categorie=P, activiteit="Zwemles")], 3, 0.5),  # the first has it
    ([LES, item(weekdag=0, start=(12, 0), eind=(13, 0), categorie=P, activiteit="Zwemles")], 3, 1),  # touching: both
    ([LES, item(weekdag=0, start=(8, 0), eind=(13, 0), activiteit="Lange les")], 5, 0),
])
def test_the_planned_totals_count_overlapping_time_once(entries, taal, participatie):
    days = plan_week(entries, WEEK_48)
    totals = {t.categorie: t for t in week_totals(days, Policy())}
    assert totals[T].uren == taal and totals[P].uren == participatie
    assert days[0].minuten == (taal + participatie) * 60
