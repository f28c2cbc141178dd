"""Week registration (issue 17, point 14): an activity marked niet gevolgd is never proposed again as attended,
and an activity of today is proposed only once it has ended."""

from __future__ import annotations

from datetime import date, time

import pytest

from rules.model import Taalvorm, VerzuimReden, WeekplanCategorie
from rules.weekplan import (
    AL_GEREGISTREERD,
    NA_VANDAAG,
    NIET_GEVOLGD,
    NOG_NIET_AFGELOPEN,
    VOORSTEL,
    ZROUTE_PARTICIPATIE_UITLEG,
    BekendVerzuim,
    Week,
    WeekplanItem,
    plan_week,
    propose_registration,
)

WEEK = Week(2026, 47)  # maandag 16-11-2026 .. zondag 22-11-2026
WOENSDAG = date(2026, 11, 18)


def _item(weekdag: int, start: tuple[int, int], eind: tuple[int, int], activiteit: str = "Taalcafé") -> WeekplanItem:
    return WeekplanItem(weekdag=weekdag, start_tijd=time(*start), eind_tijd=time(*eind),
                        categorie=WeekplanCategorie.TAAL, taalvorm=Taalvorm.INFORMEEL, activiteit=activiteit,
                        geldig_van=date(2026, 1, 5), aanbieder="Bibliotheek")


@pytest.mark.parametrize(("now", "status"), [
    (time(8, 0), NOG_NIET_AFGELOPEN),   # before it starts
    (time(10, 0), NOG_NIET_AFGELOPEN),  # while it runs
    (time(10, 59), NOG_NIET_AFGELOPEN),  # a minute before the end
    (time(11, 0), VOORSTEL),            # the moment it ends
    (time(17, 30), VOORSTEL),
    (None, VOORSTEL),                   # no time of day: the day is over
])
def test_an_activity_of_today_is_proposed_only_once_it_has_ended(now, status):
    days = plan_week([_item(2, (9, 30), (11, 0))], WEEK)
    [voorstel] = propose_registration(days, today=WOENSDAG, pip_datum=date(2026, 1, 1), now=now)
    assert voorstel.status == status


def test_the_time_of_day_does_not_hold_back_an_activity_of_an_earlier_day():
    days = plan_week([_item(1, (18, 0), (20, 0))], WEEK)  # dinsdag evening
    [voorstel] = propose_registration(days, today=WOENSDAG, pip_datum=date(2026, 1, 1), now=time(9, 0))
    assert voorstel.status == VOORSTEL


@pytest.mark.parametrize("reden", list(VerzuimReden))
def test_an_activity_marked_niet_gevolgd_is_never_proposed_again(reden):
    days = plan_week([_item(0, (9, 30), (11, 0)), _item(1, (9, 30), (11, 0))], WEEK)
    missed = [BekendVerzuim(datum=date(2026, 11, 16), activiteit="Taalcafé", bron="Bibliotheek", reden=reden)]
    maandag, dinsdag = propose_registration(days, today=WOENSDAG, pip_datum=date(2026, 1, 1), verzuim=missed)
    assert maandag.status == NIET_GEVOLGD and not maandag.kan_registreren and not maandag.standaard_aan
    assert maandag.toelichting == f"niet gevolgd ({reden.label})"
    assert dinsdag.status == VOORSTEL  # only that date


def test_verzuim_for_another_activity_on_the_same_day_changes_nothing():
    days = plan_week([_item(0, (9, 30), (11, 0), activiteit="Taalcafé")], WEEK)
    missed = [BekendVerzuim(datum=date(2026, 11, 16), activiteit="Sportclub", bron="Bibliotheek", reden=VerzuimReden.ZIEK)]
    [maandag] = propose_registration(days, today=WOENSDAG, pip_datum=date(2026, 1, 1), verzuim=missed)
    assert maandag.status == VOORSTEL


def test_dates_after_today_stay_after_today_whatever_the_time():
    days = plan_week([_item(3, (9, 0), (10, 0))], WEEK)
    [donderdag] = propose_registration(days, today=WOENSDAG, pip_datum=date(2026, 1, 1), now=time(23, 0))
    assert donderdag.status == NA_VANDAAG
    assert AL_GEREGISTREERD != NIET_GEVOLGD


def test_the_explanation_of_participatie_names_taalcafe_financiele_educatie_and_its_source():
    assert "taalcafé" in ZROUTE_PARTICIPATIE_UITLEG and "Financiële educatie" in ZROUTE_PARTICIPATIE_UITLEG
    assert "Besluit inburgering 2021" in ZROUTE_PARTICIPATIE_UITLEG and "800 uur" in ZROUTE_PARTICIPATIE_UITLEG
