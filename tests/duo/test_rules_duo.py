"""DUO's business rules for messages (rules/duo.py), as tables of cases with exact dates."""

from __future__ import annotations

from datetime import date

import pytest

from rules.duo import BerichtSoort, Verwijtbaar, check_aanbod, check_map_pvt, check_pip, check_pip_intrekken, check_uren, check_zroute
from rules.model import Doelgroep, Leerroute, Niveau

AS_OF = date(2026, 11, 2)
D = date


def _regels(found) -> set[str]:
    return {b.regel for b in found}


@pytest.mark.parametrize(
    ("leerroute", "niveau", "dagtekening", "vestiging", "vorige", "expected"),
    [
        (Leerroute.B1, Niveau.B1, D(2026, 3, 2), D(2026, 2, 2), None, set()),
        (Leerroute.ONDERWIJS, Niveau.A2, D(2026, 3, 2), None, None, {"pip.niveau_a2_onderwijsroute"}),
        (Leerroute.ONDERWIJS, Niveau.B1, D(2026, 3, 2), None, None, set()),
        (Leerroute.Z, Niveau.B1, D(2026, 3, 2), None, None, {"pip.niveau_b1_zroute"}),
        (Leerroute.Z, Niveau.A2, D(2026, 3, 2), None, None, set()),
        (Leerroute.Z, Niveau.A1, D(2026, 3, 2), None, None, set()),  # left out of the message, not refused
        (Leerroute.B1, Niveau.B2, D(2026, 3, 2), None, None, {"pip.niveau_onbekend_bij_duo"}),
        (Leerroute.B1, None, D(2026, 3, 2), None, None, set()),
        # settled in the municipality the day after the dagtekening: refused; the same day: fine
        (Leerroute.B1, Niveau.B1, D(2026, 2, 1), D(2026, 2, 2), None, {"pip.dagtekening_voor_vestiging"}),
        (Leerroute.B1, Niveau.B1, D(2026, 2, 2), D(2026, 2, 2), None, set()),
        # a changed PIP dated before the one DUO holds
        (Leerroute.B1, Niveau.B1, D(2026, 3, 1), None, D(2026, 3, 2), {"pip.dagtekening_voor_vorige"}),
        (Leerroute.B1, Niveau.B1, D(2026, 3, 2), None, D(2026, 3, 2), set()),
        # not dated in the future: as_of itself is fine, the day after is not
        (Leerroute.B1, Niveau.B1, AS_OF, None, None, set()),
        (Leerroute.B1, Niveau.B1, D(2026, 11, 3), None, None, {"pip.dagtekening_toekomst"}),
    ],
)
def test_pip_rules_follow_duos_readme(leerroute, niveau, dagtekening, vestiging, vorige, expected):
    found = check_pip(dagtekening=dagtekening, leerroute=leerroute, niveau=niveau, vestiging=vestiging,
                      vorige_dagtekening=vorige, as_of=AS_OF)
    assert _regels(found) == expected
    assert all(b.bron.startswith("DUO M2M") and b.reden and b.veld for b in found)


@pytest.mark.parametrize(
    ("leerroute", "doelgroep", "expected"),
    [
        (Leerroute.B1, Doelgroep.ASIELSTATUSHOUDER, set()),
        (Leerroute.Z, Doelgroep.ASIELSTATUSHOUDER, {"pip.intensiteit_alleen_b1_asiel"}),
        (Leerroute.B1, Doelgroep.GEZINSMIGRANT, {"pip.intensiteit_alleen_b1_asiel"}),
    ],
)
def test_geschatte_intensiteit_only_with_the_b1_route_of_an_asielstatushouder(leerroute, doelgroep, expected):
    found = check_pip(dagtekening=D(2026, 3, 2), leerroute=leerroute, niveau=None, vestiging=None,
                      geschatte_intensiteit=600, doelgroep=doelgroep, as_of=AS_OF)
    assert _regels(found) == expected


@pytest.mark.parametrize(
    ("termijn", "uren", "expected"),
    [(False, False, set()), (True, False, {"pip.intrekken_termijn"}), (False, True, {"pip.intrekken_uren"})],
)
def test_a_pip_can_be_withdrawn_only_before_the_termijn_and_the_first_cursusuren(termijn, uren, expected):
    assert _regels(check_pip_intrekken(termijn_vastgesteld=termijn, cursusuren=uren)) == expected


@pytest.mark.parametrize(
    ("doelgroep", "pip", "datum", "nummer", "expected"),
    [
        (Doelgroep.ASIELSTATUSHOUDER, D(2026, 3, 2), D(2026, 3, 2), "0000012345", set()),
        (Doelgroep.GEZINSMIGRANT, D(2026, 3, 2), D(2026, 4, 1), "0000012345", {"aanbod.alleen_asiel"}),
        (Doelgroep.OVERIGE_MIGRANT, D(2026, 3, 2), D(2026, 4, 1), "0000012345", {"aanbod.alleen_asiel"}),
        (Doelgroep.ASIELSTATUSHOUDER, None, D(2026, 4, 1), "0000012345", {"aanbod.pip_nodig"}),
        (Doelgroep.ASIELSTATUSHOUDER, D(2026, 3, 2), D(2026, 3, 1), "0000012345", {"aanbod.voor_pip"}),
        (Doelgroep.ASIELSTATUSHOUDER, D(2026, 3, 2), D(2026, 11, 3), "0000012345", {"aanbod.toekomst"}),
        (Doelgroep.ASIELSTATUSHOUDER, D(2026, 3, 2), D(2026, 4, 1), None, {"aanbod.instelling_ontbreekt"}),
    ],
)
def test_an_aanbod_only_for_asielstatushouders_and_not_before_the_pip(doelgroep, pip, datum, nummer, expected):
    found = check_aanbod(doelgroep=doelgroep, pip_datum=pip, datum_aanbod=datum, instellingsnummer=nummer, as_of=AS_OF)
    assert _regels(found) == expected


# The termijn runs from 2026-03-03 (PIP 2026-03-02 + 1 day) up to 2026-10-01 (exclusive) in these cases,
# so AS_OF (2026-11-02) lies a month past its end.
TS, TE = D(2026, 3, 3), D(2026, 10, 1)


@pytest.mark.parametrize("soort", [BerichtSoort.MAP, BerichtSoort.PVT])
@pytest.mark.parametrize(
    ("datum", "verwijtbaar", "zroute", "expected"),
    [
        (D(2026, 6, 1), None, None, set()),
        (TS, None, None, set()),
        (D(2026, 3, 2), None, None, {"voor_termijn"}),
        (D(2026, 11, 3), None, None, {"toekomst", "verwijtbaar_nodig"}),
        (D(2026, 6, 1), None, D(2026, 5, 31), {"na_zroute"}),
        (D(2026, 6, 1), None, D(2026, 6, 1), set()),
        # the last day of the termijn is inside it; its exclusive end is an overschrijding
        (D(2026, 9, 30), None, None, set()),
        (TE, None, None, {"verwijtbaar_nodig"}),
        (TE, Verwijtbaar.JA, None, set()),
        (TE, Verwijtbaar.NEE, None, set()),
        (D(2026, 9, 30), Verwijtbaar.JA, None, {"verwijtbaar_niet_toegestaan"}),
        (D(2026, 9, 30), Verwijtbaar.NEE, None, {"verwijtbaar_niet_toegestaan"}),
        # 'Nee' only within two months of the end: 2026-11-30 is still within, 2026-12-01 not (and in the future here)
        (D(2026, 11, 1), Verwijtbaar.NEE, None, set()),
    ],
)
def test_map_and_pvt_dates_stay_in_the_termijn_and_verwijtbaar_only_where_duo_allows_it(soort, datum, verwijtbaar,
                                                                                          zroute, expected):
    found = check_map_pvt(soort=soort, datum=datum, verwijtbaar=verwijtbaar, pip_datum=D(2026, 3, 2), termijn_start=TS,
                          termijn_einde=TE, zroute_afgerond=zroute, as_of=AS_OF)
    assert _regels(found) == {f"{soort.value}.{name}" for name in expected}


def test_verwijtbaar_nee_is_refused_two_months_or_more_past_the_end_of_the_termijn():
    later = date(2027, 3, 1)
    found = check_map_pvt(soort=BerichtSoort.MAP, datum=D(2026, 12, 1), verwijtbaar=Verwijtbaar.NEE,
                          pip_datum=D(2026, 3, 2), termijn_start=TS, termijn_einde=TE, zroute_afgerond=None, as_of=later)
    assert _regels(found) == {"map.verwijtbaar_nee_te_laat"}
    found = check_map_pvt(soort=BerichtSoort.MAP, datum=D(2026, 11, 30), verwijtbaar=Verwijtbaar.NEE,
                          pip_datum=D(2026, 3, 2), termijn_start=TS, termijn_einde=TE, zroute_afgerond=None, as_of=later)
    assert found == ()


def test_map_needs_a_pip_and_no_zroute_already_registered():
    found = check_map_pvt(soort=BerichtSoort.MAP, datum=D(2026, 6, 1), verwijtbaar=None, pip_datum=None,
                          termijn_start=None, termijn_einde=None, zroute_afgerond=None, zroute_al_gemeld=True, as_of=AS_OF)
    assert _regels(found) == {"map.pip_nodig", "map.zroute_voldaan"}


@pytest.mark.parametrize(
    ("leerroute", "datum", "expected"),
    [
        (Leerroute.Z, D(2026, 9, 1), set()),
        (Leerroute.B1, D(2026, 9, 1), {"zroute.geen_zroute"}),
        (Leerroute.Z, D(2026, 3, 2), {"zroute.voor_termijn"}),
        (Leerroute.Z, D(2026, 11, 3), {"zroute.toekomst"}),
    ],
)
def test_zroute_afronding_only_on_the_zroute_inside_the_termijn(leerroute, datum, expected):
    found = check_zroute(datum=datum, leerroute=leerroute, pip_datum=D(2026, 3, 2), termijn_start=TS, as_of=AS_OF)
    assert _regels(found) == expected


@pytest.mark.parametrize(("uren", "pip", "expected"), [
    (0, D(2026, 3, 2), set()), (9999, D(2026, 3, 2), set()), (10000, D(2026, 3, 2), {"uren.bereik"}),
    (12, None, {"uren.pip_nodig"}),
])
def test_uren_are_whole_hours_duo_accepts(uren, pip, expected):
    assert _regels(check_uren(uren=uren, pip_datum=pip)) == expected


@pytest.mark.parametrize(
    ("leerroute", "niveau", "gewijzigd", "expected"),
    [
        (Leerroute.ONDERWIJS, Niveau.A2, False, {"pip.niveau_a2_onderwijsroute"}),
        (Leerroute.ONDERWIJS, Niveau.A2, True, {"pip.niveau_a2_onderwijsroute"}),
        (Leerroute.Z, Niveau.B1, False, {"pip.niveau_b1_zroute"}),
        (Leerroute.Z, Niveau.B2, True, {"pip.niveau_b2_zroute"}),
        (Leerroute.B1, Niveau.A2, False, {"pip.niveau_a2_b1route_eerste_pip"}),  # README PIP › Niveau, regel 3
        (Leerroute.B1, Niveau.A2, True, set()),  # a changed PIP may, after afschalen
        (Leerroute.B1, Niveau.B1, False, set()),
        (Leerroute.Z, Niveau.A2, False, set()),
    ],
)
def test_one_niveau_rule_serves_the_message_and_the_dossier(leerroute, niveau, gewijzigd, expected):
    from dataclasses import replace

    from rules.duo import check_niveau
    from rules.duo_invoer import check_duo_invoer
    from rules.model import Doelgroep, PersonFacts, Pip

    assert _regels(check_niveau(leerroute=leerroute, niveau=niveau, gewijzigd=gewijzigd)) == expected
    # The message pre-check and the dossier's validation say the same, because they call the same rule.
    message = check_pip(dagtekening=D(2026, 3, 2), leerroute=leerroute, niveau=niveau, vestiging=None,
                        gewijzigd=gewijzigd, as_of=D(2026, 11, 2))
    assert {r for r in _regels(message) if r.startswith("pip.niveau") and "onbekend" not in r} == expected
    facts = PersonFacts(kenmerk="N-1", naam="Test", doelgroep=Doelgroep.ASIELSTATUSHOUDER, pip_datum=D(2026, 3, 2),
                        brp_inschrijving=D(2026, 2, 2), leerroute=leerroute, niveau=niveau)
    if gewijzigd:
        facts = replace(facts, pips=(Pip(dagtekening=D(2026, 3, 2)), Pip(dagtekening=D(2026, 6, 1), leerroute=leerroute,
                                                                          niveau=niveau)))
    dossier = [b for b in check_duo_invoer(facts) if b.veld == "niveau"]
    assert len(dossier) == len(expected)
