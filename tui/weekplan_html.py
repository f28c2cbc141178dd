"""The printable weekplan for the inburgeraar: one self-contained A4 landscape HTML page.

Pure functions: no Textual, no database, no network. The page has inline CSS
only (no scripts, fonts or images from elsewhere), so it prints the same on
any computer, also offline.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from html import escape
from pathlib import Path

from rules.dates import format_hours
from rules.model import WeekplanCategorie
from rules.weekplan import PlanDag, Week, WeekplanItem, plan_week

# Colour AND a written label per category, so a black-and-white print still says what it is.
_CATEGORY = {
    WeekplanCategorie.TAAL: ("taal", "Taal", "#1f5fa8", "#e8f0fb"),
    WeekplanCategorie.PARTICIPATIE: ("participatie", "Meedoen (participatie)", "#2e7d32", "#e9f5ea"),
    WeekplanCategorie.FINANCIELE_EDUCATIE: ("geld", "Omgaan met geld (financiële educatie)", "#8a5a00", "#fbf1dd"),
}

_CSS = """
@page { size: A4 landscape; margin: 10mm; }
* { box-sizing: border-box; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 10.5pt; color: #111; margin: 0;
       -webkit-print-color-adjust: exact; print-color-adjust: exact; }
header { display: flex; justify-content: space-between; align-items: baseline; border-bottom: 2px solid #111; margin-bottom: 3mm; }
h1 { font-size: 18pt; margin: 0 0 1mm 0; }
.week { font-size: 13pt; font-weight: bold; }
.kenmerk { font-size: 9pt; color: #444; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; page-break-inside: avoid; }
th { font-size: 11.5pt; text-align: left; padding: 1.5mm; border: 1px solid #999; background: #f2f2f2; vertical-align: top; }
th .datum { display: block; font-weight: normal; font-size: 9.5pt; color: #333; }
th .feestdag { display: block; font-size: 9.5pt; color: #a00000; font-weight: bold; }
td { border: 1px solid #999; vertical-align: top; padding: 1.2mm; height: 140mm; }
.item { border-left: 2.2mm solid; border-radius: 1mm; padding: 1mm 1.5mm; margin-bottom: 2mm; page-break-inside: avoid; }
.tijd { font-weight: bold; font-size: 11pt; }
.soort { font-size: 8.5pt; text-transform: uppercase; letter-spacing: 0.03em; }
.wat { font-weight: bold; margin-top: 0.5mm; }
.waar { font-size: 9.5pt; color: #333; }
.overlap { font-size: 9pt; font-weight: bold; color: #a00000; }
.leeg { color: #777; font-style: italic; }
footer { margin-top: 2mm; font-size: 9pt; display: flex; gap: 6mm; flex-wrap: wrap; }
.sleutel { border-left: 2.2mm solid; padding-left: 1.5mm; }
"""


def _item_html(item: WeekplanItem, overlap: bool) -> str:
    klasse, label, kleur, achtergrond = _CATEGORY[item.categorie]
    if item.categorie is WeekplanCategorie.TAAL and item.taalvorm is not None:
        label = "Taal: " + ("les" if item.taalvorm.value == "formeel" else "oefenen (informeel)")
    parts = [
        f'<div class="item {klasse}" style="border-left-color: {kleur}; background: {achtergrond};">',
        f'<div class="tijd">{escape(item.tijden.replace("-", " – "))}</div>',
        f'<div class="soort" style="color: {kleur};">{escape(label)}</div>',
        f'<div class="wat">{escape(item.activiteit)}</div>',
    ]
    for extra in (item.aanbieder, item.locatie):
        if extra:
            parts.append(f'<div class="waar">{escape(extra)}</div>')
    if overlap:
        parts.append('<div class="overlap">Let op: tegelijk met een andere activiteit (overlap)</div>')
    parts.append("</div>")
    return "".join(parts)


def render_weekplan_html(
    naam: str,
    kenmerk: str,
    week_label: str,
    days: Sequence[PlanDag],
    holidays: Mapping[date, str] | None = None,
) -> str:
    """The page for one week: days as columns, holidays in the day heading, a key to the colours."""
    holidays = dict(holidays or {})
    heads, cells = [], []
    totaal_minuten = 0
    for day in days:
        feestdag = holidays.get(day.datum) or day.feestdag
        head = f'{escape(day.naam.capitalize())}<span class="datum">{day.datum:%d-%m-%Y}</span>'
        if feestdag:
            head += f'<span class="feestdag">Feestdag: {escape(feestdag)}</span>'
        heads.append(f"<th>{head}</th>")
        if day.items:
            body = "".join(_item_html(item, index in day.overlap) for index, item in enumerate(day.items))
        else:
            body = '<div class="leeg">Geen activiteiten</div>'
        totaal_minuten += day.minuten
        cells.append(f"<td>{body}</td>")
    key = "".join(
        f'<span class="sleutel" style="border-left-color: {kleur};">{escape(label)}</span>'
        for _, label, kleur, _ in _CATEGORY.values()
    )
    title = f"Weekplan van {naam}"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)} – {escape(week_label)}</title>\n"
        f"<style>{_CSS}</style>\n</head>\n<body>\n"
        "<header><div>"
        f"<h1>{escape(title)}</h1>"
        f'<div class="week">{escape(week_label[:1].upper() + week_label[1:])}</div>'
        "</div>"
        f'<div class="kenmerk">Kenmerk {escape(kenmerk)}<br>Totaal {escape(format_hours(totaal_minuten / 60))} uur gepland</div>'
        "</header>\n"
        f"<table>\n<thead><tr>{''.join(heads)}</tr></thead>\n<tbody><tr>{''.join(cells)}</tr></tbody>\n</table>\n"
        f"<footer>{key}<span>Kunt u niet komen? Bel of mail dan op tijd de aanbieder of uw consulent.</span></footer>\n"
        "</body>\n</html>\n"
    )


def weekplan_page(*, naam: str, kenmerk: str, items: Iterable[WeekplanItem], week: Week) -> str:
    """The page for ``week`` from a person's entries (convenience for the screen and the CLI)."""
    days = plan_week(items, week)
    return render_weekplan_html(naam, kenmerk, week.label, days)


PRINT_DIR = "weekplannen"


def default_print_path(kenmerk: str, week: Week) -> Path:
    """``<data dir>/weekplannen/weekplan-<kenmerk>-<2026-W48>.html``; the file name holds no personal name."""
    from storage.paths import data_dir

    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in kenmerk)
    return data_dir() / PRINT_DIR / f"weekplan-{safe}-{week.code}.html"
