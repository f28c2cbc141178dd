"""The printable weekplan for the inburgeraar: one self-contained A4 landscape HTML page, and printing it.

The page is made by pure functions: no Textual, no network. It has inline CSS
only (no scripts, fonts or images from elsewhere), so it prints the same on
any computer, also offline. `print_weekplan` is the use case behind
`regie weekplan`: it reads the plan, writes the page and records the print
in the audit trail. Printed pages hold personal data in plain text, so
regie's own print folder is emptied of pages older than a day.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from rules.dates import format_hours
from rules.model import WeekplanCategorie
from rules.weekplan import PlanDag, Week, WeekplanItem, plan_week
from services.errors import ServiceError
from services.weekplan_talen import TALEN, datum_lang, dagnaam, richting, zin

if TYPE_CHECKING:
    from storage.store import Store


@dataclass(frozen=True)
class Afzender:
    """Who the inburgeraar can call about the plan: the person's consulent, a phone number and the gemeente."""

    consulent: str = ""
    telefoon: str = ""
    gemeente: str = ""

# Colour AND a written label per category, so a black-and-white print still says what it is.
_CATEGORY = {
    WeekplanCategorie.TAAL: ("taal", "Taal", "#1f5fa8", "#e8f0fb"),
    WeekplanCategorie.PARTICIPATIE: ("participatie", "Meedoen (participatie)", "#2e7d32", "#e9f5ea"),
    WeekplanCategorie.FINANCIELE_EDUCATIE: ("geld", "Omgaan met geld (financiële educatie)", "#8a5a00", "#fbf1dd"),
}
# The phrase of services.weekplan_talen for each category's label.
_CATEGORY_ZIN = {WeekplanCategorie.TAAL: "taal", WeekplanCategorie.PARTICIPATIE: "participatie",
                 WeekplanCategorie.FINANCIELE_EDUCATIE: "geld"}

_CSS = """
@page { size: A4 landscape; margin: 10mm; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 10pt; line-height: 1.2; color: #111;
       -webkit-print-color-adjust: exact; print-color-adjust: exact; }
header { display: flex; justify-content: space-between; align-items: flex-end; border-bottom: 2px solid #111;
         padding-bottom: 1mm; margin-bottom: 2.5mm; }
h1 { font-size: 16pt; margin: 0 0 0.5mm 0; }
.week { font-size: 12pt; font-weight: bold; }
.kenmerk { font-size: 9pt; color: #444; text-align: right; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th { font-size: 11pt; text-align: left; padding: 1.2mm 1.5mm; border: 1px solid #999; background: #f2f2f2; vertical-align: top; }
th .datum { display: block; font-weight: normal; font-size: 9pt; color: #333; }
th .feestdag { display: block; font-size: 9pt; color: #a00000; font-weight: bold; }
td { border: 1px solid #999; vertical-align: top; padding: 1.2mm; }
.dag { min-height: 135mm; }
.item { border-left: 2.2mm solid; border-radius: 1mm; padding: 0.15em 0.5em; margin-bottom: 0.45em;
        break-inside: avoid; page-break-inside: avoid; overflow-wrap: break-word; }
.tijd { font-weight: bold; font-size: 1.05em; }
.soort { font-size: 0.8em; text-transform: uppercase; letter-spacing: 0.03em; }
.wat { font-weight: bold; }
.waar { font-size: 0.9em; color: #333; }
.overlap { font-size: 0.85em; font-weight: bold; color: #a00000; }
.op-feestdag { font-size: 0.85em; font-weight: bold; color: #a00000; }
.leeg { color: #777; font-style: italic; }
footer { margin-top: 2mm; font-size: 9pt; display: flex; gap: 6mm; flex-wrap: wrap; }
.sleutel { border-left: 2.2mm solid; padding-left: 1.5mm; }
.vt { display: block; font-weight: normal; }
span.vt { unicode-bidi: isolate; }
.afzender { font-size: 9pt; }
"""

# One page, also for a busy week. The page is A4 landscape less 10 mm margins: 277 x 190 mm. Days
# without activities get a narrow column, so the busy days have more room; and when the busiest day
# would still not fit, the day columns get smaller letters. The heights are estimates on the safe
# side (checked in Chromium: the estimate of a day is 0-15% more than it really takes).
_MM = 72 / 25.4  # points per millimetre
_PAGINA_BREEDTE = 277.0  # mm
_PAGINA_HOOGTE = 190.0  # mm
_VAST = 16.5 + 11.5 + 6.0 + 2.4 + 3.0  # mm: page header, day heading without holiday, footer, cell padding, spare
_FEESTDAG_REGEL = 9 * 1.2 / _MM  # mm: one line of a holiday in a day heading (9pt)
_SMALLE_KOLOM = 26.0  # mm, for a day without activities: room for "Donderdag" and "Geen activiteiten"
_LETTERGROOTTES = (10.0, 9.5, 9.0, 8.5, 8.0, 7.5, 7.0, 6.5)  # pt; 6.5 is the smallest still easy to read on paper
_OVERLAP_TEKST = "Let op: tegelijk met een andere activiteit (overlap)"
_OP_FEESTDAG_TEKST = "Feestdag: vraag of dit doorgaat"
# (relative size, average letter width in em) per kind of line of an item; see the CSS above.
_TIJD, _SOORT, _WAT, _WAAR, _OVERLAP = (1.05, 0.56), (0.8, 0.68), (1.0, 0.56), (0.9, 0.5), (0.85, 0.56)
_FEESTDAG = (1.0, 0.58)


def kolombreedtes(days: Sequence[PlanDag]) -> list[float]:
    """The width of each day's column in mm: narrow for a day without activities, the rest shared equally."""
    bezet = sum(1 for day in days if day.items)
    if not days or bezet in (0, len(days)):
        return [_PAGINA_BREEDTE / max(len(days), 1)] * len(days)
    breed = (_PAGINA_BREEDTE - _SMALLE_KOLOM * (len(days) - bezet)) / bezet
    return [breed if day.items else _SMALLE_KOLOM for day in days]


def _regels(text: str, breedte: float) -> int:
    """How many lines ``text`` takes in ``breedte`` (in average letter widths), wrapping at spaces."""
    regels, regel = 1, 0.0
    for woord in text.split():
        lengte = float(len(woord))
        nodig = lengte if not regel else regel + 1 + lengte
        if nodig <= breedte:
            regel = nodig
            continue
        if regel:
            regels += 1
        while lengte > breedte:  # a word longer than a line breaks anywhere (overflow-wrap)
            regels, lengte = regels + 1, lengte - breedte
        regel = lengte
    return regels


def _item_hoogte(item: WeekplanItem, overlap: bool, grootte: float, kolom: float, feestdag: bool = False,
                 taal: str | None = None) -> float:
    """The estimated height in points of one item at letter size ``grootte`` in a column ``kolom`` mm wide."""
    # less the cell's padding and border, the coloured edge and the item's padding (0.5em each side)
    breedte = (kolom - 2.4 - 0.5 - 2.2) * _MM - grootte
    regels = [(_TIJD, _tijden(item)), (_SOORT, _label(item)), (_WAT, item.activiteit)]
    if taal:
        regels.append((_SOORT, _label(item, taal)))
    if _waar(item):
        regels.append((_WAAR, _waar(item)))
    if overlap:
        regels.append((_OVERLAP, _OVERLAP_TEKST))
        if taal:
            regels.append((_OVERLAP, zin("overlap", taal)))
    if feestdag:
        regels.append((_OVERLAP, _OP_FEESTDAG_TEKST))
        if taal:
            regels.append((_OVERLAP, zin("op_feestdag", taal)))
    hoogte = sum(_regels(tekst, breedte / (schaal * letter * grootte)) * schaal for (schaal, letter), tekst in regels)
    return (hoogte * 1.2 + 0.3 + 0.45) * grootte  # line height 1.2, padding and margin of the item


def _feestdag(day: PlanDag, holidays: Mapping[date, str]) -> str | None:
    return holidays.get(day.datum) or day.feestdag


def kolomhoogte(days: Sequence[PlanDag], holidays: Mapping[date, str] | None = None) -> float:
    """The room (in points) for the activities of a day: the page less its header, the day headings and the footer."""
    holidays = holidays or {}
    regels = [
        _regels(f"Feestdag: {feestdag}", ((kolom - 3.3) * _MM) / (_FEESTDAG[1] * 9))
        for day, kolom in zip(days, kolombreedtes(days))
        if (feestdag := _feestdag(day, holidays))
    ]
    return (_PAGINA_HOOGTE - _VAST - _FEESTDAG_REGEL * max(regels, default=0)) * _MM


def lettergrootte(days: Sequence[PlanDag], holidays: Mapping[date, str] | None = None, taal: str | None = None) -> float:
    """The largest letter size (pt) for the day columns at which the busiest day fits on the page
    (with a second language, each item has its translated lines too)."""
    breedtes, ruimte = kolombreedtes(days), kolomhoogte(days, holidays)
    if taal:
        ruimte -= 14.0 * _MM  # the translated title, day names and footer lines
    for grootte in _LETTERGROOTTES:
        if all(
            sum(
                _item_hoogte(item, index in day.overlap, grootte, kolom, feestdag=bool(_feestdag(day, holidays or {})),
                             taal=taal)
                for index, item in enumerate(day.items)
            ) <= ruimte
            for day, kolom in zip(days, breedtes)
        ):
            return grootte
    return _LETTERGROOTTES[-1]


def _tijden(item: WeekplanItem) -> str:
    return item.tijden.replace("-", " – ")


def _label(item: WeekplanItem, taal: str = "nl") -> str:
    sleutel = _CATEGORY_ZIN[item.categorie]
    if item.categorie is WeekplanCategorie.TAAL and item.taalvorm is not None:
        sleutel = "taal_les" if item.taalvorm.value == "formeel" else "taal_oefenen"
    return zin(sleutel, taal)


def _vertaald(sleutel: str, taal: str | None, klasse: str = "vt", **waarden: object) -> str:
    """The phrase in the second language as an HTML element marked with its language and direction ("" without one)."""
    if not taal:
        return ""
    return (f'<span class="{klasse}" lang="{taal}" dir="{richting(taal)}">'
            f"{escape(zin(sleutel, taal, **waarden))}</span>")


def _waar(item: WeekplanItem) -> str:
    """Who and where, on one line: "Taalschool De Brug · Wijkcentrum De Linde"."""
    return " · ".join(extra for extra in (item.aanbieder, item.locatie) if extra)


def _item_html(item: WeekplanItem, overlap: bool, feestdag: str | None = None, taal: str | None = None) -> str:
    klasse, _, kleur, achtergrond = _CATEGORY[item.categorie]
    soort = escape(_label(item))
    if taal:
        soort += (f'<span class="vt" lang="{taal}" dir="{richting(taal)}">{escape(_label(item, taal))}</span>')
    parts = [
        f'<div class="item {klasse}" style="border-left-color: {kleur}; background: {achtergrond};">',
        f'<div class="tijd">{escape(_tijden(item))}</div>',
        f'<div class="soort" style="color: {kleur};">{soort}</div>',
        f'<div class="wat">{escape(item.activiteit)}</div>',
    ]
    if _waar(item):
        parts.append(f'<div class="waar">{escape(_waar(item))}</div>')
    if overlap:
        parts.append(f'<div class="overlap">{_OVERLAP_TEKST}{_vertaald("overlap", taal)}</div>')
    if feestdag:
        parts.append(f'<div class="op-feestdag">{_OP_FEESTDAG_TEKST}{_vertaald("op_feestdag", taal)}</div>')
    parts.append("</div>")
    return "".join(parts)


def _afzender_html(afzender: Afzender | None, taal: str | None) -> str:
    """"Uw consulent: Anna de Vries · Telefoon: 0299 123 456 · Gemeente: Purmerend", each label in both languages."""
    if afzender is None:
        return ""
    delen = []
    for sleutel, waarde in (("consulent", afzender.consulent), ("telefoon", afzender.telefoon), ("gemeente", afzender.gemeente)):
        if waarde.strip():
            label = escape(zin(sleutel))
            if taal:
                label += f' / <span lang="{taal}" dir="{richting(taal)}" class="vt-kort">{escape(zin(sleutel, taal))}</span>'
            delen.append(f"{label}: <b>{escape(waarde.strip())}</b>")
    return f'<div class="afzender">{" · ".join(delen)}</div>' if delen else ""


def render_weekplan_html(
    naam: str,
    kenmerk: str,
    week_label: str,
    days: Sequence[PlanDag],
    holidays: Mapping[date, str] | None = None,
    *,
    taal: str | None = None,
    afzender: Afzender | None = None,
) -> str:
    """The page for one week: days as columns, holidays in the day heading, a key to the colours; with `taal`
    (a code of services.weekplan_talen.TALEN) every fixed phrase, day and month also in that language."""
    holidays = dict(holidays or {})
    taal = taal if taal in TALEN else None
    heads, cells = [], []
    totaal_minuten = 0
    for day in days:
        feestdag = _feestdag(day, holidays)
        head = f'{escape(day.naam.capitalize())}<span class="datum">{day.datum:%d-%m-%Y}</span>'
        if taal:
            head += (f'<span class="vt" lang="{taal}" dir="{richting(taal)}">{escape(dagnaam(day.datum, taal))}'
                     f'<br>{escape(datum_lang(day.datum, taal))}</span>')
        if feestdag:
            head += f'<span class="feestdag">Feestdag: {escape(feestdag)}{_vertaald("feestdag", taal)}</span>'
        heads.append(f"<th>{head}</th>")
        if day.items:
            body = "".join(_item_html(item, index in day.overlap, feestdag, taal) for index, item in enumerate(day.items))
        else:
            body = f'<div class="leeg">{escape(zin("geen_activiteiten"))}{_vertaald("geen_activiteiten", taal)}</div>'
        totaal_minuten += day.minuten
        cells.append(f'<td><div class="dag">{body}</div></td>')
    key = "".join(
        f'<span class="sleutel" style="border-left-color: {kleur};">{escape(label)}'
        f'{_vertaald(_CATEGORY_ZIN[categorie], taal)}</span>'
        for categorie, (_, label, kleur, _) in _CATEGORY.items()
    )
    cols = "".join(f'<col style="width: {breedte / _PAGINA_BREEDTE * 100:.2f}%;">' for breedte in kolombreedtes(days))
    title = zin("weekplan_van", naam=naam)
    uren = format_hours(totaal_minuten / 60)
    week_nummer = days[0].datum.isocalendar().week if days else None
    week_vertaald = ""
    if taal and days:
        week_vertaald = (f'<span class="vt" lang="{taal}" dir="{richting(taal)}">{escape(zin("week", taal, nummer=week_nummer))}: '
                         f"{escape(datum_lang(days[0].datum, taal))} – {escape(datum_lang(days[-1].datum, taal))}</span>")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)} – {escape(week_label)}</title>\n"
        f"<style>{_CSS}td {{ font-size: {lettergrootte(days, holidays, taal):g}pt; }}\n</style>\n</head>\n<body>\n"
        "<header><div>"
        f"<h1>{escape(title)}{_vertaald('weekplan_van', taal, naam=naam)}</h1>"
        f'<div class="week">{escape(week_label[:1].upper() + week_label[1:])}{week_vertaald}</div>'
        f"{_afzender_html(afzender, taal)}"
        "</div>"
        f'<div class="kenmerk">{escape(zin("kenmerk"))} {escape(kenmerk)}{_vertaald("kenmerk", taal)}'
        f'<br>{escape(zin("totaal", uren=uren))}{_vertaald("totaal", taal, uren=uren)}</div>'
        "</header>\n"
        f"<table>\n<colgroup>{cols}</colgroup>\n<thead><tr>{''.join(heads)}</tr></thead>\n<tbody><tr>{''.join(cells)}</tr></tbody>\n</table>\n"
        f"<footer>{key}<span>{escape(zin('afmelden'))}{_vertaald('afmelden', taal)}</span></footer>\n"
        "</body>\n</html>\n"
    )


def weekplan_page(*, naam: str, kenmerk: str, items: Iterable[WeekplanItem], week: Week, taal: str | None = None,
                  afzender: Afzender | None = None) -> str:
    """The page for ``week`` from a person's entries (convenience for the screen and the CLI)."""
    days = plan_week(items, week)
    return render_weekplan_html(naam, kenmerk, week.label, days, taal=taal, afzender=afzender)


PRINT_DIR = "weekplannen"
# A printed weekplan holds a name and a week's whereabouts in plain text: regie removes the copies
# it wrote to its own folder once they are this old (at start and exit of the app, before
# `regie weekplan` writes one, and at `regie opschonen`). A file saved elsewhere (--uit, or
# another folder in the print screen) is the user's.
PRINT_FILES_KEPT_SECONDS = 24 * 60 * 60
_PRINT_PATTERN = "weekplan-*.html"
_PRINT_NAME = re.compile(r"weekplan-(.+)-\d{4}-W\d{2}\.html")


def print_dir() -> Path:
    from storage.paths import data_dir

    return data_dir() / PRINT_DIR


def remove_old_print_files(*, older_than_seconds: float = PRINT_FILES_KEPT_SECONDS, now: float | None = None,
                           kenmerken: Iterable[str] = ()) -> int:
    """Delete printed weekplans in regie's own folder older than a day (and, for `kenmerken`, any age);
    returns how many. A file that cannot be removed now is tried again next time."""
    from storage.paths import remove_old_files

    return remove_old_files(print_dir(), _PRINT_PATTERN, older_than_seconds=older_than_seconds, now=now,
                            name=_PRINT_NAME, of={_safe(kenmerk) for kenmerk in kenmerken})


def _safe(kenmerk: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in kenmerk)


def default_print_path(kenmerk: str, week: Week) -> Path:
    """``<data dir>/weekplannen/weekplan-<kenmerk>-<2026-W48>.html``; the file name holds no personal name."""
    return print_dir() / f"weekplan-{_safe(kenmerk)}-{week.code}.html"


# -- the use case: print a person's weekplan ------------------------------------------


class WeekplanPrintError(ServiceError):
    """The weekplan could not be printed: an unknown kenmerk or week, or a file that cannot be written."""


def choose_week(text: str | None, *, today: date) -> Week:
    """The ISO week in `text` (``2026-W48``), or the week of `today` when none is given."""
    from rules.errors import InputError
    from rules.weekplan import parse_week

    try:
        return parse_week(text) if text else Week.of(today)
    except InputError as exc:
        raise WeekplanPrintError(exc.message) from None


def afzender_for(store: Store, *, consulent: str | None = None, policy=None) -> Afzender:
    """Who the inburgeraar can reach, for a printed page: the person's own ``consulent`` (not whoever prints; the
    printing consulent only when the person has none), a phone number and the gemeente (settings).

    The phone is the printing consulent's own (ctrl+p, "instellingen: mijn naam en telefoon") when the page names
    them; otherwise the team's ``consulent_telefoon``, else ``gemeente_telefoon`` from instellingen.toml. Empty when
    none is known: :func:`afzender_waarschuwingen` then says how to set one."""
    from services.preferences import author_for, load_telefoon

    locations = store.locations
    if policy is None:
        from services.settings import load_settings

        policy = load_settings(locations)
    ik = (author_for(locations) or "").strip()
    naam = (consulent or "").strip() or ik
    eigen = load_telefoon(locations.config_dir) if naam and naam.casefold() == ik.casefold() else None
    telefoon = (eigen or policy.consulent_telefoon or policy.gemeente_telefoon or "").strip()
    return Afzender(consulent=naam, telefoon=telefoon, gemeente=policy.gemeente_naam.strip())


def afzender_waarschuwingen(afzender: Afzender) -> tuple[str, ...]:
    """What a printed page misses for the reader to reach the gemeente, each with how to set it (Dutch)."""
    out = []
    if not afzender.telefoon:
        out.append("Er staat geen telefoonnummer op: stel uw eigen nummer in (ctrl+p → ‘instellingen: mijn naam en "
                   "telefoon’) of zet consulent_telefoon in instellingen.toml.")
    if not afzender.gemeente:
        out.append("De naam van de gemeente ontbreekt: zet gemeente_naam in instellingen.toml.")
    return tuple(out)


def choose_taal(chosen: str | None, person_taal: str | None) -> str | None:
    """The second language of the page: the one chosen ("ar", "Arabisch"; "nl" or "" for Dutch only), else the
    person's own language when the page can be printed in it, else None (Dutch only)."""
    from services.weekplan_talen import taalcode

    if chosen is not None:
        if chosen.strip().lower() in {"", "nl", "nederlands"}:
            return None
        code = taalcode(chosen)
        if code is None:
            namen = ", ".join(f"{code} ({naam})" for code, naam in TALEN.items())
            raise WeekplanPrintError(f"het weekplan kan niet in ‘{chosen}’ worden afgedrukt; kies uit {namen} of nl")
        return code
    return taalcode(person_taal)


def print_weekplan(store: Store, *, kenmerk: str, week: Week, target: Path | None = None, taal: str | None = None,
                   warnings: list[str] | None = None) -> Path:
    """Write the person's weekplan for `week` as an A4 page to `target` (default: regie's print folder), in Dutch and
    `taal` (default: the person's own language when known, see choose_taal), with the person's consulent and a phone.
    What the page misses (a phone number, the gemeente) is appended to `warnings` for the face to say."""
    from storage.weekplan import list_entries, load_weekplan_person, person_id_for_kenmerk

    from services._tx import read

    with read(store) as connection:
        person_id = person_id_for_kenmerk(connection=connection, kenmerk=kenmerk)
        if person_id is None:
            raise WeekplanPrintError(f"er is niemand met kenmerk {kenmerk}")
        person = load_weekplan_person(connection=connection, person_id=person_id)
        items = list_entries(connection=connection, person_id=person_id)
    afzender = afzender_for(store, consulent=person.consulent)
    if warnings is not None:
        warnings.extend(afzender_waarschuwingen(afzender))
    page = weekplan_page(naam=person.naam, kenmerk=person.kenmerk, items=items, week=week,
                         taal=choose_taal(taal, person.taal), afzender=afzender)
    target = Path(target).expanduser() if target else default_print_path(person.kenmerk, week)
    remove_old_print_files()
    from storage.paths import make_private_dir, write_private_text

    from services._tx import ExportNotAuditedError, audited_export

    def produce(_connection) -> int:
        if not target.parent.exists():
            make_private_dir(target.parent)
        write_private_text(target, page)
        return 1

    try:  # no printed weekplan with personal data that the audit trail does not know of
        audited_export(store, target, produce, actie="geëxporteerd (weekplan afgedrukt)", tabel="weekplan_entry",
                       person_id=person_id)
    except OSError as exc:
        raise WeekplanPrintError(f"{target} kan niet worden geschreven: {exc.strerror}. Kies een andere map.") from None
    except ExportNotAuditedError as exc:
        raise WeekplanPrintError(exc.message.replace("exporteren", "afdrukken")) from None
    return target
