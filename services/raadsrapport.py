"""The council report of the monitor: one printable A4 HTML document with the figures, SVG charts and plain-Dutch explanations.

Counts of fewer people than the policy's ``monitor_drempel`` are printed as
"< 5", and every figure from which such a count could be computed back (a
total minus the other parts, the other half of a pair, a bar of a chart) as
"×": :mod:`rules.onderdrukking` decides which, over every group of figures
in this report that adds up. Charts leave out what the tables hide, and the
median and percentages of a small group are not shown. Per-consulent figures
are for the team (the JSON) and are not in this report. The charts are drawn
by pygal as inline SVG without scripts, so the file opens and prints anywhere
without a network.
"""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

from rules.constants import PIP_TERMIJN_DAGEN
from rules.dates import format_date, format_hours
from rules.model import Doelgroep, Leerroute
from rules.monitor import PIP_WEKEN_GRENZEN, UITSTROOM_STATUSSEN
from rules.onderdrukking import TEKEN_AANVULLEND, Onderdrukking, Optelling, onderdruk
from rules.phase import Fase
from services.monitor import Monitor

_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)

_CSS = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "Segoe UI", Arial, sans-serif; font-size: 10.5pt; color: #111; max-width: 178mm; margin: 0 auto; }
h1 { font-size: 17pt; margin: 0 0 2mm; }
h2 { font-size: 12.5pt; margin: 7mm 0 2mm; border-bottom: 1px solid #999; }
p { margin: 1.5mm 0; line-height: 1.35; }
.periode { font-size: 11.5pt; margin-bottom: 4mm; }
.noot { font-size: 9pt; color: #444; }
section { break-inside: avoid; page-break-inside: avoid; }
table { border-collapse: collapse; margin: 2mm 0; min-width: 90mm; }
th, td { border: 1px solid #bbb; padding: 1mm 2.5mm; text-align: left; }
td.getal { text-align: right; font-variant-numeric: tabular-nums; }
svg.pygal-chart { width: 100%; height: auto; max-height: 70mm; }
"""


def _e(text: object) -> str:
    return html.escape(str(text))


def _table(rows: list[tuple[str, str]], head: tuple[str, str] = ("", "aantal")) -> str:
    body = "".join(f"<tr><td>{_e(label)}</td><td class=\"getal\">{_e(value)}</td></tr>" for label, value in rows)
    return f"<table><thead><tr><th>{_e(head[0])}</th><th>{_e(head[1])}</th></tr></thead><tbody>{body}</tbody></table>"


NIET_GETOOND = "niet getoond (kleine aantallen)"


def _percentage(cellen: Onderdrukking, deel: str, rest: str) -> str:
    """``deel`` as a share of ``deel`` + ``rest``; not shown when either is hidden (it would give the hidden one away)."""
    waarde, geheel = cellen.waarden[deel], cellen.waarden[deel] + cellen.waarden[rest]
    if geheel == 0:
        return "—"
    if cellen.verborgen(deel) or cellen.verborgen(rest):
        return NIET_GETOOND
    return f"{format_hours(round(100 * waarde / geheel, 1))} %"


def _chart(kind: str, title: str, labels: list[str], values: list[int | None]) -> str:
    import pygal  # imported here: only the council report needs it

    chart_class = {"bar": pygal.Bar, "hbar": pygal.HorizontalBar}[kind]
    chart = chart_class(js=[], disable_xml_declaration=True, width=720, height=300, show_legend=False,
                        title=title, print_values=False, x_label_rotation=30 if len(labels) > 8 else 0,
                        style=pygal.style.CleanStyle, no_data_text="geen gegevens")
    chart.x_labels = labels
    # What the table hides (None) is left out of the picture too.
    chart.add(title, values)
    return _SCRIPT.sub("", chart.render(is_unicode=True))


def _delen_op_tijd() -> int:
    """How many PIP-week buckets lie within the law's 10 weeks (they add up to "binnen 10 weken")."""
    return PIP_WEKEN_GRENZEN.index(PIP_TERMIJN_DAGEN // 7) + 1


def raadsrapport_cellen(result: Monitor, drempel: int) -> Onderdrukking:
    """Every count the report prints, through the disclosure rule over the groups that add up."""
    waarden, optellingen = _cellen_en_optellingen(result)
    return onderdruk(waarden, optellingen, drempel)


def raadsrapport_optellingen(result: Monitor) -> list[Optelling]:
    """The groups of the report's figures that add up (what a reader can subtract)."""
    return _cellen_en_optellingen(result)[1]


def _cellen_en_optellingen(result: Monitor) -> tuple[dict[str, int], list[Optelling]]:
    r, t = result.rapport, result.trends
    waarden: dict[str, int] = {}
    optellingen: list[Optelling] = []

    def groep(totaal: str, waarde: int, delen: dict[str, int], *, controleer: bool = False) -> None:
        waarden.setdefault(totaal, int(waarde))
        waarden.update({k: int(v) for k, v in delen.items()})
        if not controleer or sum(delen.values()) == waarde:  # a group that does not add up tells a reader nothing exact
            optellingen.append(Optelling(totaal, tuple(delen)))

    instroom = r.instroom
    groep("instroom", instroom["totaal"], {f"instroom.{d.value}": instroom["per_doelgroep"][d.value] for d in Doelgroep})
    groep("instroom", instroom["totaal"], {f"instroom.maand.{i}": v for i, v in enumerate(t.instroom_per_maand)},
          controleer=True)

    vastgesteld, op_tijd, zonder = r.pip_vastgesteld["totaal"], r.pip_op_tijd["totaal"], r.pip_op_tijd["zonder_termijn"]
    groep("pip", vastgesteld, {"pip.op_tijd": op_tijd, "pip.te_laat": vastgesteld - zonder - op_tijd, "pip.zonder": zonder})
    groep("pip", vastgesteld, {f"pip.maand.{i}": v for i, v in enumerate(t.pip_per_maand)}, controleer=True)
    groep("pip", vastgesteld, {f"route.{k}": v for k, v in r.leerroute.items()}, controleer=True)
    weken = [v for _, v in t.pip_weken]
    grens = _delen_op_tijd()
    groep("pip.op_tijd", op_tijd, {f"pip.weken.{i}": weken[i] for i in range(grens)}, controleer=True)
    groep("pip.te_laat", waarden["pip.te_laat"], {f"pip.weken.{i}": weken[i] for i in range(grens, len(weken))},
          controleer=True)

    te_starten, aanbod_op_tijd = r.aanbod_op_tijd["te_starten"], r.aanbod_op_tijd["op_tijd"]
    groep("aanbod", te_starten, {"aanbod.op_tijd": aanbod_op_tijd, "aanbod.te_laat": te_starten - aanbod_op_tijd})

    waarden.update({f"fase.{k}": int(v) for k, v in r.fase.items()})  # no total printed: nothing to subtract from

    z = r.zroute_op_schema
    groep("zroute", z["op_schema"] + z["achter"], {"zroute.op_schema": z["op_schema"], "zroute.achter": z["achter"]})
    groep("zroute", z["op_schema"] + z["achter"], {f"zroute.tempo.{i}": v for i, (_, v) in enumerate(t.zroute_tempo)},
          controleer=True)

    u = r.uitstroom
    groep("uitstroom", u["totaal"], {f"uitstroom.{s.value}": u[s.value] for s in UITSTROOM_STATUSSEN})

    waarden["signalen"] = int(r.signalen_verlopen["totaal"])
    return waarden, optellingen


def render_raadsrapport(result: Monitor, *, gemeente: str, drempel: int, gemaakt_op: date) -> str:
    """The whole document as one HTML string. Without a gemeente's name the title stays neutral."""
    r, t, periode = result.rapport, result.trends, result.periode
    cel = raadsrapport_cellen(result, drempel)
    n = cel.toon
    naam = gemeente.strip()
    waar = naam or "de gemeente"
    parts: list[str] = []

    parts.append(
        "<section><h2>Instroom</h2>"
        f"<p>Zoveel inburgeraars kwamen in deze periode in {_e(waar)} wonen: gerekend vanaf de inschrijving in de BRP, "
        "of als die nog niet bekend is vanaf de koppeling door het COA.</p>"
        + _table([("totaal", n("instroom"))] + [(d.label, n(f"instroom.{d.value}")) for d in Doelgroep],
                 ("doelgroep", "personen"))
        + _chart("bar", "Instroom per maand", list(t.maanden),
                 [cel.getoond(f"instroom.maand.{i}") for i in range(len(t.maanden))])
        + "</section>"
    )

    met_termijn = cel.waarden["pip.op_tijd"] + cel.waarden["pip.te_laat"]
    mediaan = r.pip_dagen_mediaan
    # The median of fewer people than the drempel is as good as one person's number of days.
    mediaan_tekst = ("—" if mediaan is None else NIET_GETOOND if met_termijn < drempel
                     else f"{format_hours(mediaan)} dagen")
    weken = [label for label, _ in t.pip_weken]
    parts.append(
        "<section><h2>Persoonlijk plan (PIP) op tijd</h2>"
        "<p>De wet geeft de gemeente 10 weken om het PIP vast te stellen, gerekend vanaf de inschrijving in de BRP of, "
        "als die later is, de kennisgeving van DUO. Hier staat hoeveel PIP's in deze periode zijn vastgesteld, hoeveel "
        "daarvan binnen die 10 weken, en hoe lang het in de helft van de gevallen hooguit duurde (de mediaan).</p>"
        + _table([
            ("PIP's vastgesteld", n("pip")),
            ("binnen 10 weken", n("pip.op_tijd")),
            ("later dan 10 weken", n("pip.te_laat")),
            ("zonder bekende BRP-inschrijving (niet te toetsen)", n("pip.zonder")),
            ("deel op tijd", _percentage(cel, "pip.op_tijd", "pip.te_laat")),
            ("mediaan dagen tot het PIP", mediaan_tekst),
        ], ("", "aantal"))
        + _chart("bar", "PIP's per maand", list(t.maanden), [cel.getoond(f"pip.maand.{i}") for i in range(len(t.maanden))])
        + _chart("bar", "Weken tot het PIP (10 weken is de wettelijke termijn)", weken,
                 [cel.getoond(f"pip.weken.{i}") for i in range(len(weken))])
        + "</section>"
    )

    route_labels = {"b1": Leerroute.B1.label, "onderwijs": Leerroute.ONDERWIJS.label, "z": Leerroute.Z.label,
                    "onbekend": "nog niet vastgelegd"}
    parts.append(
        "<section><h2>Leerroutes</h2>"
        "<p>In het PIP kiest de gemeente met de inburgeraar een leerroute: de B1-route (taal op B1-niveau), de "
        "onderwijsroute (voor jongeren, op weg naar een opleiding) of de Z-route (zelfredzaamheid, voor wie taal "
        "moeilijk leert). Dit zijn de leerroutes van de PIP's uit deze periode.</p>"
        + _table([(route_labels[key], n(f"route.{key}")) for key in r.leerroute], ("leerroute", "PIP's"))
        + _chart("hbar", "PIP's per leerroute", [route_labels[k] for k in r.leerroute],
                 [cel.getoond(f"route.{k}") for k in r.leerroute])
        + "</section>"
    )

    parts.append(
        "<section><h2>Inburgeringsaanbod op tijd gestart</h2>"
        "<p>Voor asielstatushouders regelt de gemeente het inburgeringsaanbod. Dat moet binnen 3 maanden na het PIP "
        "beginnen (in de onderwijsroute binnen 6 maanden). Hier staat voor hoeveel mensen die uiterste datum in deze "
        "periode viel, en bij hoeveel van hen het aanbod op tijd begon. Wie vóór die datum is vertrokken, telt niet mee.</p>"
        + _table([("aanbod had moeten starten", n("aanbod")), ("op tijd gestart", n("aanbod.op_tijd")),
                  ("te laat of nog niet gestart", n("aanbod.te_laat")),
                  ("deel op tijd", _percentage(cel, "aanbod.op_tijd", "aanbod.te_laat"))])
        + "</section>"
    )

    parts.append(
        f"<section><h2>Waar staat iedereen op {format_date(periode.tot)}</h2>"
        "<p>Alle lopende dossiers op de laatste dag van de periode, per fase van de inburgering: van aangemeld tot de "
        "afronding van de inburgeringstermijn.</p>"
        + _table([(Fase(key).label, n(f"fase.{key}")) for key in r.fase], ("fase", "personen"))
        + _chart("hbar", "Dossiers per fase", [Fase(k).label for k in r.fase], [cel.getoond(f"fase.{k}") for k in r.fase])
        + "</section>"
    )

    tempo = [label for label, _ in t.zroute_tempo]
    parts.append(
        "<section><h2>Z-route op schema</h2>"
        "<p>In de Z-route volgt iemand binnen drie jaar 800 uur taal en KNM en 800 uur participatie. Wie op een van "
        "beide minder uren heeft gemaakt dan bij een gelijkmatig tempo te verwachten is (met wat marge), loopt achter. "
        f"Dit zijn de mensen in de Z-route op {format_date(periode.tot)}. De grafiek toont alleen de uren taal en KNM: "
        "wie daarop voorloopt, kan met de participatie-uren toch achter zijn.</p>"
        + _table([("in de Z-route", n("zroute")), ("op schema", n("zroute.op_schema")),
                  ("achter op schema", n("zroute.achter")),
                  ("deel op schema", _percentage(cel, "zroute.op_schema", "zroute.achter"))])
        + _chart("bar", "Z-route: gemaakte uren taal/KNM als deel van het verwachte tempo", tempo,
                 [cel.getoond(f"zroute.tempo.{i}") for i in range(len(tempo))])
        + "</section>"
    )

    parts.append(
        "<section><h2>Uitstroom</h2>"
        "<p>Zoveel dossiers werden in deze periode gesloten: omdat de inburgering is afgerond, omdat iemand naar een "
        "andere gemeente of het buitenland vertrok, of omdat DUO ontheffing of vrijstelling gaf.</p>"
        + _table([("totaal", n("uitstroom"))] + [(s.label, n(f"uitstroom.{s.value}")) for s in UITSTROOM_STATUSSEN],
                 ("reden", "personen"))
        + "</section>"
    )

    parts.append(
        "<section><h2>Verlopen termijnen</h2>"
        f"<p>Het aantal signalen dat op {format_date(periode.tot)} over de datum was en nog openstond: termijnen uit de "
        "wet of het gemeentelijk beleid (zoals het PIP, een voortgangsgesprek of het inburgeringsaanbod) waarvoor nog "
        "actie nodig was.</p>"
        + _table([("verlopen signalen", n("signalen"))])
        + "</section>"
    )

    titel = f"Monitor Wet inburgering 2021: {naam}" if naam else "Monitor Wet inburgering 2021"
    return (
        "<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\">"
        f"<title>{_e(titel)}, {_e(periode.label)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{_e(titel)}</h1>"
        f"<p class=\"periode\">Periode: {_e(periode.label)}</p>"
        + _uitleg_kleine_aantallen(drempel)
        + f"<p class=\"noot\">Gemaakt met regie op {format_date(gemaakt_op)}.</p>"
        + "".join(parts)
        + "</body></html>\n"
    )


def _uitleg_kleine_aantallen(drempel: int) -> str:
    """How small numbers are kept out of the report, in plain Dutch for the council."""
    return (
        "<section class=\"noot\"><h2>Kleine aantallen</h2>"
        f"<p>Zodat niemand in dit verslag te herkennen is, staan aantallen van 1 tot {drempel - 1} personen er als "
        f"‘&lt; {drempel}’ in. Dat alleen is niet genoeg: staat er bijvoorbeeld ‘18 PIP's, waarvan 17 op tijd’, dan weet "
        "iedereen dat er één te laat was. Daarom is ook elk cijfer weggelaten waaruit zo'n klein aantal terug te rekenen "
        f"is, zoals een totaal min de andere delen. Zo'n cijfer staat als ‘{TEKEN_AANVULLEND}’ in de tabel; het gaat dan "
        f"om {drempel} of meer personen. Valt een totaal zelf onder de {drempel}, dan staan al zijn delen als "
        f"‘&lt; {drempel}’, ook een deel waarin niemand valt. In de grafieken ontbreekt wat in de tabellen is "
        "weggelaten. Een percentage of een mediaan van een klein aantal mensen staat er niet in. Cijfers per consulent "
        "staan om dezelfde reden niet in dit verslag.</p></section>"
    )


def write_raadsrapport(result: Monitor, *, target: Path, gemeente: str, drempel: int, gemaakt_op: date) -> Path:
    """Render the council report and write it to `target`, owner-only and atomically; returns the path."""
    from storage.paths import write_private_text

    write_private_text(target, render_raadsrapport(result, gemeente=gemeente, drempel=drempel, gemaakt_op=gemaakt_op))
    return target