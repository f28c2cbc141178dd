"""storage.queries.facts_from_row: every column into its fact, enumerations included, and bad values refused as before."""

from __future__ import annotations

from datetime import date

import pytest

from rules.model import (
    Alfabetisering,
    Doelgroep,
    LeerbaarheidstoetsVrijstelling,
    Leerroute,
    Niveau,
    PersonFacts,
    Regime,
    Status,
    UrenTotalen,
    Verblijfsvergunning,
)
from storage.queries import facts_from_row

_OLD_COLUMNS = dict(
    kenmerk="T-00042", naam="Testpersoon 42", doelgroep="asielstatushouder", regime="wi2021", status="vertrokken",
    nareiziger=1, bijstand=0, consulent="Consulent A", kennisgeving_duo=date(2025, 1, 10), koppeling=date(2024, 12, 2),
    eerste_azc_bezoek=date(2024, 12, 9), brp_inschrijving=date(2025, 1, 6), huisvesting=date(2025, 1, 6),
    brede_intake_start=date(2025, 1, 20), pip_datum=date(2025, 3, 3), leerroute="z", niveau="A1", alfabetisering="AA",
    aanbod_start=date(2025, 5, 1), ontzorgen_start=date(2025, 2, 1), ontzorgen_maanden=12,
    pvt_ondertekend=date(2025, 9, 9), map_eindgesprek=None, zroute_afgerond=None, termijn_einde=date(2028, 3, 4),
    laatste_voortgangsgesprek=date(2025, 10, 1), geboortedatum=date(1990, 5, 17),
)
_NEW_COLUMNS = dict(
    verblijfsvergunning="regulier", inburgeringsplicht_start=date(2025, 1, 10), aanbod_gepland=date(2025, 4, 20),
    aanbod_einde=date(2027, 5, 1), map_verwijtbaar=0, pvt_verwijtbaar=1, vorige_gemeente="Utrecht",
    verhuisd_in=date(2025, 1, 6), eerste_pip_datum=date(2024, 11, 4), vertrokken_op=date(2026, 8, 1),
    vertrek_bestemming="Zeist", leerbaarheidstoets=date(2025, 2, 10), leerbaarheidstoets_vrijstelling="overig",
)


def test_every_column_becomes_its_fact():
    uren = UrenTotalen(taal_knm=10.5)
    facts = facts_from_row({**_OLD_COLUMNS, **_NEW_COLUMNS}, uren=uren, laatste_contact_voortgang=date(2025, 11, 3))
    assert facts == PersonFacts(
        kenmerk="T-00042", naam="Testpersoon 42", doelgroep=Doelgroep.ASIELSTATUSHOUDER, regime=Regime.WI2021,
        status=Status.VERTROKKEN, nareiziger=True, bijstand=False, consulent="Consulent A",
        kennisgeving_duo=date(2025, 1, 10), koppeling=date(2024, 12, 2), eerste_azc_bezoek=date(2024, 12, 9),
        brp_inschrijving=date(2025, 1, 6), huisvesting=date(2025, 1, 6), brede_intake_start=date(2025, 1, 20),
        pip_datum=date(2025, 3, 3), leerroute=Leerroute.Z, niveau=Niveau.A1, alfabetisering=Alfabetisering.AA,
        aanbod_start=date(2025, 5, 1), ontzorgen_start=date(2025, 2, 1), ontzorgen_maanden=12,
        pvt_ondertekend=date(2025, 9, 9), termijn_einde=date(2028, 3, 4),
        laatste_voortgangsgesprek=date(2025, 11, 3), voortgangsgesprekken=(date(2025, 10, 1), date(2025, 11, 3)),
        geboortedatum=date(1990, 5, 17), uren=uren, verblijfsvergunning=Verblijfsvergunning.REGULIER,
        inburgeringsplicht_start=date(2025, 1, 10), aanbod_gepland=date(2025, 4, 20), aanbod_einde=date(2027, 5, 1),
        map_verwijtbaar=False, pvt_verwijtbaar=True, vorige_gemeente="Utrecht", verhuisd_in=date(2025, 1, 6),
        eerste_pip_datum=date(2024, 11, 4), vertrokken_op=date(2026, 8, 1), vertrek_bestemming="Zeist",
        leerbaarheidstoets=date(2025, 2, 10), leerbaarheidstoets_vrijstelling=LeerbaarheidstoetsVrijstelling.OVERIG,
    )
    assert type(facts.leerroute) is Leerroute and type(facts.status) is Status and type(facts.nareiziger) is bool


@pytest.mark.parametrize(("recorded", "contact", "laatste", "gesprekken"), [
    (None, None, None, ()),
    (date(2025, 10, 1), None, date(2025, 10, 1), (date(2025, 10, 1),)),
    (None, date(2025, 11, 3), date(2025, 11, 3), (date(2025, 11, 3),)),
    (date(2025, 12, 1), date(2025, 11, 3), date(2025, 12, 1), (date(2025, 12, 1), date(2025, 11, 3))),
])
def test_the_latest_voortgangsgesprek_is_the_later_of_the_recorded_one_and_the_contactmomenten(
        recorded, contact, laatste, gesprekken):
    facts = facts_from_row({**_OLD_COLUMNS, "laatste_voortgangsgesprek": recorded}, laatste_contact_voortgang=contact)
    assert (facts.laatste_voortgangsgesprek, facts.voortgangsgesprekken) == (laatste, gesprekken)


def test_a_merged_import_row_without_the_newer_columns_leaves_those_facts_unknown():
    facts = facts_from_row(dict(_OLD_COLUMNS, leerroute=None, niveau=None, alfabetisering=None))
    assert (facts.leerroute, facts.niveau, facts.verblijfsvergunning, facts.map_verwijtbaar) == (None, None, None, None)
    assert facts.uren == UrenTotalen() and facts.examens == () and facts.pips == ()


def test_enumeration_members_are_accepted_as_their_values():
    facts = facts_from_row(dict(_OLD_COLUMNS, doelgroep=Doelgroep.GEZINSMIGRANT, leerroute=Leerroute.B1))
    assert (facts.doelgroep, facts.leerroute) == (Doelgroep.GEZINSMIGRANT, Leerroute.B1)


@pytest.mark.parametrize(("column", "value"), [("doelgroep", None), ("doelgroep", "onbekend"), ("leerroute", "B1"),
                                               ("status", "weg"), ("niveau", "C1")])
def test_a_value_outside_the_enumeration_is_refused(column, value):
    with pytest.raises(ValueError):
        facts_from_row(dict(_OLD_COLUMNS, **{column: value}))
