"""Checks before reporting to DUO: each rule, its field and its level."""

from dataclasses import replace
from datetime import date

import pytest

from rules.model import (
    Verblijfsvergunning,
    Doelgroep, ExamenOnderdeel, ExamenPoging, ExamenResultaat, Leerroute, Niveau, PersonFacts, Regime,
)
from rules.validation import Bevinding, exam_warnings, validate_facts

TODAY = date(2027, 6, 1)
PIP = date(2026, 3, 1)  # termijn start 02-03-2026

GOOD = PersonFacts(
    kenmerk="V-1", naam="Goed Voorbeeld", doelgroep=Doelgroep.ASIELSTATUSHOUDER, bijstand=True,
    kennisgeving_duo=date(2026, 1, 5), brp_inschrijving=date(2026, 1, 10), brede_intake_start=date(2026, 1, 12),
    pip_datum=PIP, leerroute=Leerroute.B1, niveau=Niveau.B1, aanbod_start=date(2026, 4, 1),
    ontzorgen_start=date(2026, 2, 1), ontzorgen_maanden=12, pvt_ondertekend=date(2027, 1, 10),
    map_eindgesprek=date(2027, 2, 1), laatste_voortgangsgesprek=date(2027, 5, 1), geboortedatum=date(1990, 5, 17),
)


def test_a_consistent_person_has_no_bevindingen():
    assert validate_facts(GOOD, today=TODAY) == ()


@pytest.mark.parametrize(
    ("changes", "veld", "ernst", "fragment"),
    [
        ({"pip_datum": date(2026, 1, 9)}, "pip_datum", "fout", "De PIP-datum (09-01-2026) ligt vóór de BRP-inschrijving (10-01-2026); DUO weigert zo'n PIP."),
        ({"kennisgeving_duo": date(2026, 3, 2)}, "pip_datum", "fout", "vóór de start van de inburgeringsplicht"),
        ({"pip_datum": date(2027, 6, 2), "aanbod_start": None, "pvt_ondertekend": None, "map_eindgesprek": None, "laatste_voortgangsgesprek": None}, "pip_datum", "fout", "in de toekomst"),
        ({"leerroute": Leerroute.ONDERWIJS, "niveau": Niveau.A2}, "niveau", "fout", "A2 kan niet met de onderwijsroute"),
        ({"leerroute": Leerroute.Z, "niveau": Niveau.B1}, "niveau", "fout", "B1 kan niet met de Z-route"),
        ({"leerroute": Leerroute.Z, "niveau": Niveau.B2}, "niveau", "fout", "B2 kan niet met de Z-route"),
        ({"niveau": Niveau.A2}, "niveau", "fout", "eerste PIP"),
        ({"map_eindgesprek": date(2026, 3, 1)}, "map_eindgesprek", "fout", "vóór de start van de inburgeringstermijn (02-03-2026)"),
        ({"map_eindgesprek": date(2027, 6, 2)}, "map_eindgesprek", "fout", "in de toekomst"),
        ({"pvt_ondertekend": date(2026, 3, 1)}, "pvt_ondertekend", "fout", "vóór de start van de inburgeringstermijn"),
        ({"pvt_ondertekend": date(2027, 6, 2)}, "pvt_ondertekend", "fout", "in de toekomst"),
        ({"leerroute": Leerroute.Z, "niveau": Niveau.A1, "zroute_afgerond": date(2027, 1, 20)}, "map_eindgesprek", "fout", "na de afronding van de Z-route"),
        ({"pip_datum": None, "aanbod_start": None, "laatste_voortgangsgesprek": None}, "pvt_ondertekend", "fout", "zonder PIP"),
        ({"zroute_afgerond": date(2027, 3, 1)}, "zroute_afgerond", "fout", "niet de Z-route"),
        ({"leerroute": Leerroute.Z, "niveau": Niveau.A1, "zroute_afgerond": date(2027, 6, 2), "map_eindgesprek": None, "pvt_ondertekend": None}, "zroute_afgerond", "fout", "in de toekomst"),
        ({"termijn_einde": date(2026, 3, 2)}, "termijn_einde", "fout", "ligt niet na de start (02-03-2026)"),
        ({"termijn_einde": date(2029, 1, 1)}, "termijn_einde", "waarschuwing", "DUO verlengt alleen"),
        ({"doelgroep": Doelgroep.GEZINSMIGRANT, "aanbod_start": None}, "ontzorgen_start", "fout", "niet voor een gezinsmigrant"),
        ({"doelgroep": Doelgroep.OVERIGE_MIGRANT, "aanbod_start": None}, "ontzorgen_start", "fout", "niet voor een overige migrant"),
        ({"nareiziger": True, "verblijfsvergunning": Verblijfsvergunning.REGULIER}, "ontzorgen_start", "waarschuwing", "reguliere verblijfsvergunning"),
        ({"bijstand": False}, "ontzorgen_start", "waarschuwing", "bijstand"),
        ({"ontzorgen_maanden": 5}, "ontzorgen_maanden", "fout", "minimaal 6"),
        ({"ontzorgen_maanden": 37}, "ontzorgen_maanden", "fout", "hoogstens 36"),
        ({"aanbod_start": date(2026, 2, 28)}, "aanbod_start", "fout", "vóór de PIP-datum"),
        ({"doelgroep": Doelgroep.GEZINSMIGRANT, "ontzorgen_start": None, "ontzorgen_maanden": None}, "aanbod_start", "fout", "alleen voor asielstatushouders"),
        ({"geboortedatum": date(2027, 6, 2)}, "geboortedatum", "fout", "in de toekomst"),
        ({"geboortedatum": date(1899, 12, 31)}, "geboortedatum", "fout", "niet aannemelijk"),
        ({"geboortedatum": date(2010, 1, 6)}, "geboortedatum", "waarschuwing", "vanaf 16 jaar"),  # 15 on 05-01-2026
        ({"geboortedatum": date(1958, 1, 5)}, "geboortedatum", "waarschuwing", "AOW-leeftijd"),  # 68 on 05-01-2026
        ({"leerroute": Leerroute.ONDERWIJS, "geboortedatum": date(1998, 3, 1)}, "leerroute", "waarschuwing", "tot 28 jaar"),  # 28 on the PIP day
        ({"brede_intake_start": date(2026, 3, 2)}, "brede_intake_start", "waarschuwing", "na het PIP"),
        ({"laatste_voortgangsgesprek": date(2027, 6, 2)}, "laatste_voortgangsgesprek", "fout", "in de toekomst"),
        ({"laatste_voortgangsgesprek": date(2026, 2, 1)}, "laatste_voortgangsgesprek", "waarschuwing", "vóór het PIP"),
        ({"regime": Regime.WI2013}, "leerroute", "waarschuwing", "alleen onder de Wi2021"),
    ],
)
def test_validate_facts_finds_each_problem(changes, veld, ernst, fragment):
    found = validate_facts(replace(GOOD, **changes), today=TODAY)
    matching = [b for b in found if b.veld == veld and fragment in b.melding]
    assert matching, found
    assert matching[0].ernst == ernst


@pytest.mark.parametrize(
    "changes",
    [
        {"pip_datum": date(2026, 1, 10), "brede_intake_start": date(2026, 1, 10)},  # on the day of BRP registration is allowed
        {"map_eindgesprek": date(2026, 3, 2), "pvt_ondertekend": date(2026, 3, 2)},  # on T0 itself
        {"map_eindgesprek": TODAY, "pvt_ondertekend": TODAY},  # today is not the future
        {"leerroute": Leerroute.ONDERWIJS, "niveau": Niveau.B2, "map_eindgesprek": None, "geboortedatum": date(1998, 3, 2)},  # 27 on the PIP day
        {"ontzorgen_maanden": 6},
        {"ontzorgen_maanden": 36},
        {"ontzorgen_maanden": None},
        {"termijn_einde": date(2029, 9, 2)},  # extended by DUO
        {"geboortedatum": date(2010, 1, 5)},  # exactly 16 on the kennisgeving
        {"leerroute": Leerroute.Z, "niveau": Niveau.A1, "zroute_afgerond": date(2027, 2, 1)},  # MAP on the completion day
    ],
)
def test_validate_facts_accepts_the_boundaries(changes):
    assert validate_facts(replace(GOOD, **changes), today=TODAY) == ()


def test_bevinding_defaults_to_fout():
    assert Bevinding("pip_datum", "x").ernst == "fout"


def poging(onderdeel, resultaat, dag=1):
    return ExamenPoging(onderdeel, date(2027, 1, dag), resultaat)


NB = ExamenResultaat.NIET_BEHAALD


@pytest.mark.parametrize(
    ("doelgroep", "examens", "onderdelen"),
    [
        (Doelgroep.ASIELSTATUSHOUDER, (poging(ExamenOnderdeel.LEZEN, NB),), []),
        (Doelgroep.ASIELSTATUSHOUDER, (poging(ExamenOnderdeel.LEZEN, NB), poging(ExamenOnderdeel.LEZEN, NB, 2)), ["lezen"]),
        (Doelgroep.ASIELSTATUSHOUDER, (poging(ExamenOnderdeel.KNM, NB), poging(ExamenOnderdeel.KNM, NB, 2), poging(ExamenOnderdeel.SPREKEN, NB)), ["KNM"]),
        (Doelgroep.ASIELSTATUSHOUDER, (poging(ExamenOnderdeel.LEZEN, NB), poging(ExamenOnderdeel.LEZEN, NB, 2), poging(ExamenOnderdeel.LEZEN, ExamenResultaat.BEHAALD, 3)), []),
        (Doelgroep.ASIELSTATUSHOUDER, (poging(ExamenOnderdeel.LEZEN, NB), poging(ExamenOnderdeel.LEZEN, ExamenResultaat.GEPLAND, 2)), []),
        (Doelgroep.GEZINSMIGRANT, (poging(ExamenOnderdeel.LEZEN, NB), poging(ExamenOnderdeel.LEZEN, NB, 2)), []),
    ],
)
def test_exam_warnings_after_two_failed_attempts_for_an_asielstatushouder(doelgroep, examens, onderdelen):
    found = exam_warnings(replace(GOOD, doelgroep=doelgroep, examens=examens))
    assert [b.melding.split(":")[0].removeprefix("Examen ") for b in found] == onderdelen
    for b in found:
        assert (b.veld, b.ernst) == ("examens", "waarschuwing")
        assert "eigen rekening" in b.melding


# --- hours: check_uren -----------------------------------------------------------

from rules.validation import check_uren  # noqa: E402

_VANDAAG = date(2026, 12, 2)
_KOPPELING = date(2025, 4, 13)


@pytest.mark.parametrize(
    ("datum", "minuten", "al", "fout_bevat"),
    [
        (date(2026, 12, 2), 90, 0, None),  # today is fine
        (date(2025, 4, 13), 60, 0, None),  # the day of the koppeling counts
        (date(2026, 12, 1), 24 * 60, 0, None),  # exactly 24 hours
        (date(2026, 12, 1), 60, 23 * 60, None),  # 23 + 1
        (date(2026, 12, 1), 0, 0, "meer dan 0"),
        (date(2026, 12, 1), -30, 0, "meer dan 0"),
        (date(2026, 12, 3), 60, 0, "toekomst"),
        (date(2025, 4, 12), 60, 0, "vóór de koppeling"),
        (date(2026, 12, 1), 25 * 60, 0, "25 uur"),
        (date(2026, 12, 1), 90, 23 * 60, "24,5 uur"),
    ],
)
def test_hours_are_checked_against_zero_future_koppeling_and_a_24_hour_day(datum, minuten, al, fout_bevat):
    reason = check_uren(datum=datum, minuten=minuten, vandaag=_VANDAAG, koppeling=_KOPPELING, minuten_al_op_dag=al)
    if fout_bevat is None:
        assert reason is None
    else:
        assert reason is not None and fout_bevat in reason


def test_without_a_known_koppeling_only_the_other_rules_apply():
    assert check_uren(datum=date(2020, 1, 1), minuten=60, vandaag=_VANDAAG, koppeling=None) is None
