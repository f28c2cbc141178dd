"""The council report keeps small numbers out of sight: not in a table, not computable from the others, not in a chart."""

from __future__ import annotations

from datetime import date

import pytest

from rules.monitor import Periode, pip_weken_buckets, tempo_buckets
from rules.onderdrukking import speelruimte
from services import raadsrapport
from services.monitor import Monitor, MonitorRapport, MonitorTrends

PERIODE = Periode(date(2026, 1, 1), date(2026, 12, 31))
MAANDEN = tuple(f"{m} 2026" for m in ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"))


def _monitor(*, instroom=(27, 8, 1), pip=(18, 17, 0), weken=(3, 6, 5, 2, 1, 1, 0, 0, 0), aanbod=(13, 10),
             zroute=(5, 1), tempo=(0, 0, 0, 0, 6), uitstroom=(4, 3, 0, 0), instroom_maanden=None,
             pip_maanden=None, leerroute=None) -> Monitor:
    """The tester's figures from the demo, as the monitor hands them to the report."""
    vastgesteld, op_tijd, zonder = pip
    instroom_maanden = instroom_maanden or (9, 9, 9, 9, 0, 0, 0, 0, 0, 0, 0, 0)
    pip_maanden = pip_maanden or (6, 6, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    leerroute = leerroute or {"b1": 14, "onderwijs": 1, "z": 3, "onbekend": 0}
    rapport = MonitorRapport(
        instroom={"totaal": sum(instroom), "per_doelgroep": dict(zip(("asielstatushouder", "gezinsmigrant",
                                                                     "overige_migrant"), instroom)), "per_consulent": {}},
        pip_vastgesteld={"totaal": vastgesteld, "per_consulent": {}},
        pip_op_tijd={"totaal": op_tijd, "zonder_termijn": zonder, "per_consulent": {}},
        pip_dagen_mediaan=50.0, leerroute=leerroute,
        aanbod_op_tijd={"te_starten": aanbod[0], "op_tijd": aanbod[1], "per_consulent": {}},
        fase={"gekoppeld": 6, "brede_intake": 3, "inburgeren": 32},
        zroute_op_schema={"op_schema": zroute[0], "achter": zroute[1], "per_consulent": {}},
        uitstroom={"totaal": sum(uitstroom), **dict(zip(("afgerond", "vertrokken", "ontheffing", "vrijstelling"), uitstroom)),
                   "per_consulent": {}},
        signalen_verlopen={"totaal": 20, "per_consulent": {}},
    )
    trends = MonitorTrends(maanden=MAANDEN, instroom_per_maand=instroom_maanden, pip_per_maand=pip_maanden,
                           pip_weken=tuple(zip(pip_weken_buckets(), weken)), zroute_tempo=tuple(zip(tempo_buckets(), tempo)))
    return Monitor(periode=PERIODE, rapport=rapport, trends=trends)


def _render(result: Monitor, drempel: int = 5) -> str:
    return raadsrapport.render_raadsrapport(result, gemeente="Westerkwartier", drempel=drempel, gemaakt_op=date(2026, 12, 3))


def _rij(label: str, waarde: str) -> str:
    return f"<td>{label}</td><td class=\"getal\">{waarde}</td>"


def test_the_testers_leaks_are_closed():
    document = _render(_monitor())
    # "totaal 36 · asiel 27 · gezin 8 · overige migrant < 5" gave overig = 1 away: gezin is hidden too
    assert _rij("totaal", "36") in document and _rij("asielstatushouder", "27") in document
    assert _rij("gezinsmigrant", "×") in document and _rij("overige migrant", "&lt; 5") in document
    # "PIP's vastgesteld 18 · binnen 10 weken 17": the one late PIP is not to be derived
    assert _rij("PIP&#x27;s vastgesteld", "18") in document
    assert _rij("binnen 10 weken", "×") in document and _rij("later dan 10 weken", "&lt; 5") in document
    # "aanbod had moeten starten 13 · op tijd gestart 10": 3 late
    assert _rij("op tijd gestart", "×") in document and _rij("te laat of nog niet gestart", "&lt; 5") in document
    assert _rij("deel op tijd", "niet getoond (kleine aantallen)") in document
    assert "waaruit zo'n klein aantal terug te rekenen" in document  # and the report says why, in plain Dutch


@pytest.mark.parametrize("figures", [
    {},
    {"instroom": (30, 5, 1), "pip": (18, 13, 1), "weken": (5, 5, 2, 1, 0, 4, 0, 0, 0)},
    {"instroom": (6, 1, 0), "instroom_maanden": (6, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), "pip": (3, 3, 0),
     "weken": (3, 0, 0, 0, 0, 0, 0, 0, 0), "pip_maanden": (3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
     "leerroute": {"b1": 3, "onderwijs": 0, "z": 0, "onbekend": 0}, "uitstroom": (1, 1, 1, 1)},
    {"zroute": (9, 1), "tempo": (1, 0, 0, 3, 6), "aanbod": (6, 5)},
])
def test_no_hidden_small_count_can_be_computed_back_from_the_report(figures):
    result = _monitor(**figures)
    cellen = raadsrapport.raadsrapport_cellen(result, 5)
    optellingen = raadsrapport.raadsrapport_optellingen(result)
    ruimte = speelruimte(cellen.waarden, optellingen, drempel=5, klein=cellen.klein, aanvullend=cellen.aanvullend)
    assert cellen.klein, "the example has small counts"
    for cel in cellen.klein:
        laag, hoog = ruimte[cel]
        assert hoog - laag >= 1, f"{cel} is te herleiden: {laag}..{hoog}"


def test_charts_leave_out_what_the_tables_hide(monkeypatch):
    drawn: dict[str, list] = {}

    def chart(kind, title, labels, values):
        drawn[title] = values
        return ""

    monkeypatch.setattr(raadsrapport, "_chart", chart)
    raadsrapport.render_raadsrapport(_monitor(), gemeente="", drempel=5, gemaakt_op=date(2026, 12, 3))
    weken = drawn["Weken tot het PIP (10 weken is de wettelijke termijn)"]
    # 17 on time over five bars plus 1 late: the late bar goes, and so does an on-time bar, or 18 - (the rest) = 1
    assert weken[5] is None and sum(1 for value in weken[:5] if value is None) >= 1
    assert all(value is None or value >= 5 or value == 0 for values in drawn.values() for value in values)


def test_the_median_of_a_small_group_is_not_shown():
    document = _render(_monitor(pip=(4, 4, 0), weken=(4, 0, 0, 0, 0, 0, 0, 0, 0), pip_maanden=(4,) + (0,) * 11,
                                leerroute={"b1": 4, "onderwijs": 0, "z": 0, "onbekend": 0}))
    assert _rij("mediaan dagen tot het PIP", "niet getoond (kleine aantallen)") in document
    assert "50 dagen" not in document
