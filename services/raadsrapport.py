"""The council report of the monitor: one printable A4 HTML document with the figures, SVG charts and plain-Dutch explanations.

Counts of fewer people than the policy's ``monitor_drempel`` are printed as
"< 5" (and left out of the charts), and so are the percentages and the
median that would reveal them, so no one can be recognised. Per-consulent
figures are for the team (the JSON) and are not in this report. The charts
are drawn by pygal as inline SVG without scripts, so the file opens and
prints anywhere without a network.
"""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

from rules.dates import format_date, format_hours
from rules.model import Doelgroep, Leerroute, Status
from rules.monitor import onderdrukt, toon_aantal
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


def _percentage(deel: int, geheel: int, drempel: int) -> str:
    if geheel == 0:
        return "—"
    if onderdrukt(deel, drempel) or onderdrukt(geheel, drempel) or onderdrukt(geheel - deel, drempel):
        return "niet getoond (kleine aantallen)"
    return f"{format_hours(round(100 * deel / geheel, 1))} %"


def _chart(kind: str, title: str, labels: list[str], values: list[int], drempel: int) -> str:
    import pygal  # imported here: only the council report needs it

    chart_class = {"bar": pygal.Bar, "hbar": pygal.HorizontalBar}[kind]
    chart = chart_class(js=[], disable_xml_declaration=True, width=720, height=300, show_legend=False,
                        title=title, print_values=False, x_label_rotation=30 if len(labels) > 8 else 0,
                        style=pygal.style.CleanStyle, no_data_text="geen gegevens")
    chart.x_labels = labels
    # A small count is left out of the picture as well as out of the table.
    chart.add(title, [None if onderdrukt(value, drempel) else value for value in values])
    return _SCRIPT.sub("", chart.render(is_unicode=True))


def render_raadsrapport(result: Monitor, *, gemeente: str, drempel: int, gemaakt_op: date) -> str:
    """The whole document as one HTML string."""
    r, t, periode = result.rapport, result.trends, result.periode
    n = lambda value: toon_aantal(int(value), drempel)  # noqa: E731 - one name for every printed count
    naam = gemeente.strip() or "de gemeente"
    parts: list[str] = []

    instroom = r.instroom
    parts.append(
        "<section><h2>Instroom</h2>"
        f"<p>Zoveel inburgeraars kwamen in deze periode in {_e(naam)} wonen: gerekend vanaf de inschrijving in de BRP, "
        "of als die nog niet bekend is vanaf de koppeling door het COA.</p>"
        + _table([("totaal", n(instroom["totaal"]))]
                 + [(d.label, n(instroom["per_doelgroep"][d.value])) for d in Doelgroep], ("doelgroep", "personen"))
        + _chart("bar", "Instroom per maand", list(t.maanden), list(t.instroom_per_maand), drempel)
        + "</section>"
    )

    vastgesteld, op_tijd = r.pip_vastgesteld["totaal"], r.pip_op_tijd["totaal"]
    zonder = r.pip_op_tijd["zonder_termijn"]
    met_termijn = vastgesteld - zonder
    mediaan = r.pip_dagen_mediaan
    mediaan_tekst = ("—" if mediaan is None else "niet getoond (kleine aantallen)" if onderdrukt(met_termijn, drempel)
                     else f"{format_hours(mediaan)} dagen")
    parts.append(
        "<section><h2>Persoonlijk plan (PIP) op tijd</h2>"
        "<p>De wet geeft de gemeente 10 weken om het PIP vast te stellen, gerekend vanaf de inschrijving in de BRP of, "
        "als die later is, de kennisgeving van DUO. Hier staat hoeveel PIP's in deze periode zijn vastgesteld, hoeveel "
        "daarvan binnen die 10 weken, en hoe lang het in de helft van de gevallen hooguit duurde (de mediaan).</p>"
        + _table([
            ("PIP's vastgesteld", n(vastgesteld)),
            ("binnen 10 weken", n(op_tijd)),
            ("deel op tijd", _percentage(op_tijd, met_termijn, drempel)),
            ("zonder bekende BRP-inschrijving (niet te toetsen)", n(zonder)),
            ("mediaan dagen tot het PIP", mediaan_tekst),
        ], ("", "aantal"))
        + _chart("bar", "PIP's per maand", list(t.maanden), list(t.pip_per_maand), drempel)
        + _chart("bar", "Weken tot het PIP (10 weken is de wettelijke termijn)",
                 [label for label, _ in t.pip_weken], [value for _, value in t.pip_weken], drempel)
        + "</section>"
    )

    route_labels = {"b1": Leerroute.B1.label, "onderwijs": Leerroute.ONDERWIJS.label, "z": Leerroute.Z.label,
                    "onbekend": "nog niet vastgelegd"}
    parts.append(
        "<section><h2>Leerroutes</h2>"
        "<p>In het PIP kiest de gemeente met de inburgeraar een leerroute: de B1-route (taal op B1-niveau), de "
        "onderwijsroute (voor jongeren, op weg naar een opleiding) of de Z-route (zelfredzaamheid, voor wie taal "
        "moeilijk leert). Dit zijn de leerroutes van de PIP's uit deze periode.</p>"
        + _table([(route_labels[key], n(value)) for key, value in r.leerroute.items()], ("leerroute", "PIP's"))
        + _chart("hbar", "PIP's per leerroute", [route_labels[k] for k in r.leerroute], list(r.leerroute.values()), drempel)
        + "</section>"
    )

    te_starten, aanbod_op_tijd = r.aanbod_op_tijd["te_starten"], r.aanbod_op_tijd["op_tijd"]
    parts.append(
        "<section><h2>Inburgeringsaanbod op tijd gestart</h2>"
        "<p>Voor asielstatushouders regelt de gemeente het inburgeringsaanbod. Dat moet binnen 3 maanden na het PIP "
        "beginnen (in de onderwijsroute binnen 6 maanden). Hier staat voor hoeveel mensen die uiterste datum in deze "
        "periode viel, en bij hoeveel van hen het aanbod op tijd begon. Wie vóór die datum is vertrokken, telt niet mee.</p>"
        + _table([("aanbod had moeten starten", n(te_starten)), ("op tijd gestart", n(aanbod_op_tijd)),
                  ("deel op tijd", _percentage(aanbod_op_tijd, te_starten, drempel))])
        + "</section>"
    )

    parts.append(
        f"<section><h2>Waar staat iedereen op {format_date(periode.tot)}</h2>"
        "<p>Alle lopende dossiers op de laatste dag van de periode, per fase van de inburgering: van aangemeld tot de "
        "afronding van de inburgeringstermijn.</p>"
        + _table([(Fase(key).label, n(value)) for key, value in r.fase.items()], ("fase", "personen"))
        + _chart("hbar", "Dossiers per fase", [Fase(k).label for k in r.fase], list(r.fase.values()), drempel)
        + "</section>"
    )

    op_schema, achter = r.zroute_op_schema["op_schema"], r.zroute_op_schema["achter"]
    parts.append(
        "<section><h2>Z-route op schema</h2>"
        "<p>In de Z-route volgt iemand binnen drie jaar 800 uur taal en KNM en 800 uur participatie. Wie minder uren "
        "heeft gemaakt dan bij een gelijkmatig tempo te verwachten is (met wat marge), loopt achter. Dit zijn de mensen "
        f"in de Z-route op {format_date(periode.tot)}.</p>"
        + _table([("op schema", n(op_schema)), ("achter op schema", n(achter)),
                  ("deel op schema", _percentage(op_schema, op_schema + achter, drempel))])
        + _chart("bar", "Z-route: gemaakte uren taal/KNM als deel van het verwachte tempo",
                 [label for label, _ in t.zroute_tempo], [value for _, value in t.zroute_tempo], drempel)
        + "</section>"
    )

    uitstroom = r.uitstroom
    parts.append(
        "<section><h2>Uitstroom</h2>"
        "<p>Zoveel dossiers werden in deze periode gesloten: omdat de inburgering is afgerond, omdat iemand naar een "
        "andere gemeente of het buitenland vertrok, of omdat DUO ontheffing of vrijstelling gaf.</p>"
        + _table([("totaal", n(uitstroom["totaal"]))]
                 + [(s.label, n(uitstroom[s.value])) for s in (Status.AFGEROND, Status.VERTROKKEN, Status.ONTHEFFING, Status.VRIJSTELLING)],
                 ("reden", "personen"))
        + "</section>"
    )

    parts.append(
        "<section><h2>Verlopen termijnen</h2>"
        f"<p>Het aantal signalen dat op {format_date(periode.tot)} over de datum was en nog openstond: termijnen uit de "
        "wet of het gemeentelijk beleid (zoals het PIP, een voortgangsgesprek of het inburgeringsaanbod) waarvoor nog "
        "actie nodig was.</p>"
        + _table([("verlopen signalen", n(r.signalen_verlopen["totaal"]))])
        + "</section>"
    )

    return (
        "<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\">"
        f"<title>Monitor inburgering {_e(naam)}: {_e(periode.label)}</title><style>{_CSS}</style></head><body>"
        f"<h1>Monitor Wet inburgering 2021: {_e(naam)}</h1>"
        f"<p class=\"periode\">Periode: {_e(periode.label)}</p>"
        f"<p class=\"noot\">Aantallen van minder dan {drempel} personen staan als ‘&lt; {drempel}’ en ontbreken in de "
        "grafieken, zodat niemand herkenbaar is. Om dezelfde reden staan hier geen cijfers per consulent. "
        f"Gemaakt met regie op {format_date(gemaakt_op)}.</p>"
        + "".join(parts)
        + "</body></html>\n"
    )


def write_raadsrapport(result: Monitor, *, target: Path, gemeente: str, drempel: int, gemaakt_op: date) -> Path:
    """Render the council report and write it to `target`, owner-only and atomically; returns the path."""
    from storage.paths import write_private_text

    write_private_text(target, render_raadsrapport(result, gemeente=gemeente, drempel=drempel, gemaakt_op=gemaakt_op))
    return target