"""A municipality's own standard weeks from weekplan_sjablonen.toml (issue 17, point 16)."""

from __future__ import annotations

import tomllib
from datetime import date, time

import pytest

from rules.errors import SettingsError
from rules.model import Taalvorm, WeekplanCategorie
from rules.weekplan import apply_template, parse_templates, template_named

GOED = """
[[sjabloon]]
naam = "Purmerend Z-route instroom"
omschrijving = "Eerste maanden: veel taal, elke dag iets"

[[sjabloon.activiteit]]
dag = "maandag"
van = "09:00"
tot = "11:30"
soort = "taal"
taalvorm = "formeel"
activiteit = "Taalles A1"

[[sjabloon.activiteit]]
dag = "wo"
van = "14:00"
tot = "15:30"
soort = "taal"
taalvorm = "informeel"
activiteit = "Taalcafé bibliotheek"

[[sjabloon.activiteit]]
dag = "donderdag"
van = "13:00"
tot = "14:00"
soort = "financiele_educatie"
activiteit = "Omgaan met Geld"
"""


def test_a_municipalitys_standard_week_is_read_and_applied():
    [sjabloon] = parse_templates(tomllib.loads(GOED))
    assert sjabloon.naam == "Purmerend Z-route instroom"
    assert sjabloon.uren(WeekplanCategorie.TAAL) == 4.0
    items = apply_template(template_named("Purmerend Z-route instroom", [sjabloon]), date(2026, 11, 23))
    assert [(i.weekdag, i.start_tijd, i.eind_tijd, i.categorie, i.taalvorm) for i in items] == [
        (0, time(9), time(11, 30), WeekplanCategorie.TAAL, Taalvorm.FORMEEL),
        (2, time(14), time(15, 30), WeekplanCategorie.TAAL, Taalvorm.INFORMEEL),
        (3, time(13), time(14), WeekplanCategorie.FINANCIELE_EDUCATIE, None),
    ]


@pytest.mark.parametrize(("wijziging", "melding"), [
    (('dag = "maandag"', 'dag = "maandagochtend"'), "dag is maandag t/m zondag"),
    (('van = "09:00"', 'van = "9 uur"'), "een tijd is uu:mm"),
    (('tot = "11:30"', 'tot = "08:00"'), "‘tot’ moet na ‘van’"),
    (('soort = "financiele_educatie"', 'soort = "sport"'), "soort is taal, participatie of financiele_educatie"),
    (('taalvorm = "informeel"', 'taalvorm = "half"'), "taalvorm is formeel of informeel"),
    (('naam = "Purmerend Z-route instroom"', 'naam = "Z-route standaardweek"'), "deze naam bestaat al"),
])
def test_a_mistake_in_the_file_is_named_never_skipped(wijziging, melding):
    with pytest.raises(SettingsError, match=melding):
        parse_templates(tomllib.loads(GOED.replace(*wijziging)))


def test_an_empty_file_adds_nothing():
    assert parse_templates({}) == ()
