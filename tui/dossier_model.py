"""One person's dossier as the screen shows it, rendered as rich text.

The dossier is read and judged by `services.dossier` (in a worker thread);
the render functions here return rich renderables the screen only has to place.
"""

from __future__ import annotations

from rules.text import safe_for_terminal

from dataclasses import dataclass
from datetime import date

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from rules.afhandeling import geldende_afhandeling
from rules.bsn import mask_bsn
from rules.constants import BETAALDE_EXAMENPOGINGEN, PVT_MINIMUM_UREN
from rules.dates import format_date, format_hours
from rules.engine import SOORT_LABELS, Beoordeling, Signaal, ZrouteTeller, assess
from rules.examens import afschalen_naar_a2
from rules.ontheffing import ontheffing_omschrijving, participatie_uren_max, plicht_status, vrijstelling_omschrijving
from rules.phase import effectieve_status, fase_omschrijving
from rules.pip import actuele_leerroute
from rules.termijn import ontzorgen_grond
from rules.huishouden import Relatie
from rules.model import Doelgroep, ExamenOnderdeel, ExamenResultaat, Leerroute, Regime, Status
from rules.text import safe_for_terminal
from rules.policy import Policy
from rules.validation import Bevinding, age_on, exam_warnings
from services.dossier import DossierData

ERNST_STYLES = {
    "verlopen": "bold red",
    "urgent": "bold dark_orange",
    "binnenkort": "yellow",
    "gepland": "green",
}
WARNING_STYLE = "bold dark_orange"
LABEL_WIDTH = 32

# Which signaal belongs to a key date, so the date can say how pressing it is.
_SIGNAAL_VOOR_DATUM = {
    "pip_uiterlijk": "pip_termijn",
    "termijn_laatste_dag": "inburgeringstermijn",
    "leerroute_wissel": "leerroute_wissel",
    "aanbod_uiterlijk": "aanbod_start",
    "ontzorgen_einde": "ontzorgen_einde",
}


# -- small pieces ----------------------------------------------------------------


class DrawnOncePerWidth:
    """A rich renderable drawn once for each width it is shown at.

    Textual asks a widget's renderable for its height and then for its lines,
    and again after every layout change; for the tables of the facts and the
    signalen that drawing was the dossier's costliest step. What is drawn
    depends only on the dossier data and the width, so it is kept.
    """

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable
        self._drawn: dict[tuple, list] = {}

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        key = (options.max_width, options.justify, options.overflow, options.no_wrap)
        segments = self._drawn.get(key)
        if segments is None:
            # Stored data never reaches the terminal as control characters (issue 13, point 6).
            segments = self._drawn[key] = [
                segment if segment.control or segment.text.isprintable() else
                Segment(safe_for_terminal(segment.text, multiline=True), segment.style, segment.control)
                for segment in console.render(self.renderable, options)
            ]
        return segments

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.renderable)



def relative_days(d: date, today: date) -> str:
    """``vandaag``, ``over 12 dagen``, ``3 dagen geleden``."""
    days = (d - today).days
    if days == 0:
        return "vandaag"
    if days == 1:
        return "morgen"
    if days == -1:
        return "gisteren"
    return f"over {days} dagen" if days > 0 else f"{-days} dagen geleden"


def ernst_text(signaal: Signaal) -> Text:
    return Text(signaal.ernst.label, style=ERNST_STYLES.get(signaal.ernst.value, ""))


def _yes_no(value: bool) -> str:
    return "ja" if value else "nee"


def _date_or(value: date | None, missing: str = "—") -> str:
    return format_date(value) if value else missing


# -- header ----------------------------------------------------------------------


def header_text(data: DossierData) -> Text:
    facts, record = data.facts, data.record
    text = Text()
    text.append(safe_for_terminal(facts.naam), style="bold")
    text.append(f"  {safe_for_terminal(facts.kenmerk)}")
    if record.bsn:
        text.append(f" · BSN {mask_bsn(record.bsn)}")
    text.append(" · fase: ")
    text.append(fase_omschrijving(data.beoordeling.fase, facts, data.today), style="bold")
    status = effectieve_status(facts, data.today)
    if status is not Status.ACTIEF:
        text.append(f" · status: {status.label}", style="bold")
    text.append("\n")
    doelgroep = facts.doelgroep.label + (" (nareiziger)" if facts.nareiziger else "")
    parts = [doelgroep, facts.regime.label]
    leerroute = actuele_leerroute(facts)  # the plan in force: a gewijzigd PIP's leerroute (rules.pip)
    if leerroute:
        parts.append(leerroute.label)
    parts.append(f"consulent: {safe_for_terminal(facts.consulent or 'nog niet toegewezen')}")
    taal = safe_for_terminal(record.taal or "onbekend")
    parts.append(f"taal: {taal}" + (", tolk nodig" if record.tolk_nodig else ""))
    text.append(" · ".join(parts), style="dim")
    return text


def missing_text(data: DossierData) -> Text:
    ontbreekt = data.beoordeling.ontbreekt
    if not ontbreekt:
        return Text("")
    return Text.assemble(("nog in te vullen: ", WARNING_STYLE), ", ".join(ontbreekt), ("  (e: bewerken)", "dim"))


# -- overzicht: key dates ------------------------------------------------------------


def _line(label: str, value: str, *extra: Text | str) -> Text:
    text = Text(f"{label:<{LABEL_WIDTH}}", style="bold")
    text.append(value)
    for part in extra:
        if part:
            text.append("  ")
            text.append(part if isinstance(part, Text) else Text(part, style="dim"))
    return text


def _pressing(signaal: Signaal | None) -> list[Text]:
    """The ernst word, unless the signaal is merely ``gepland`` (which would read as "planned")."""
    if signaal is None or signaal.ernst.value == "gepland":
        return []
    return [ernst_text(signaal)]


def _date_line(label: str, value: date | None, today: date, signaal: Signaal | None = None) -> Text:
    if value is None:
        return _line(label, "nog niet bekend", "")
    # A past date that no signaal watches is history; counting days since adds only noise.
    relative = relative_days(value, today) if value >= today or signaal is not None else ""
    return _line(label, format_date(value), relative, *_pressing(signaal))


def datum_items(data: DossierData) -> list:
    """The key dates, module status and Z-route progress, each with its toelichting."""
    from tui.widgets.explained_list import ExplainedItem

    facts, beoordeling, today = data.facts, data.beoordeling, data.today
    items = []
    for datum in beoordeling.datums:
        signaal = data.signaal(_SIGNAAL_VOOR_DATUM.get(datum.sleutel, ""))
        if datum.sleutel == "termijn_laatste_dag" and facts.regime is Regime.WI2013:
            signaal = data.signaal("elip")
        items.append(ExplainedItem(datum.sleutel, _date_line(datum.label, datum.waarde, today, signaal), datum.toelichting))

    voortgang = data.signaal("voortgangsgesprek")
    if voortgang is not None:
        items.append(ExplainedItem(
            "voortgangsgesprek",
            _date_line("volgende voortgangsgesprek", voortgang.vervaldatum, today, voortgang),
            voortgang.toelichting,
        ))
    items += _besluit_items(data)
    items += _module_items(data)
    items += _zroute_items(data)
    return items


def _besluit_items(data: DossierData) -> list:
    """DUO's ontheffingen and vrijstellingen on file: soort, datum, grond, and what each means now."""
    from tui.widgets.explained_list import ExplainedItem

    facts, today = data.facts, data.today
    plicht = plicht_status(facts, today)
    items = []
    for index, o in enumerate(sorted(facts.ontheffingen, key=lambda o: o.besluitdatum)):
        if o.besluitdatum > today:
            gevolg = Text("nog niet van kracht", style="dim")
        elif o.soort.value == "geheel":
            gevolg = Text("plicht beëindigd", style="bold")
        else:
            gevolg = Text("de rest loopt door", style="dim")
        uitleg = (plicht.toelichting if o.soort.value == "geheel" and plicht.beeindigd_door == "gehele ontheffing"
                  else "Een gedeeltelijke ontheffing van DUO: alleen het genoemde deel vervalt; de rest van de plicht loopt door.")
        items.append(ExplainedItem(f"ontheffing_{index}", _line(f"ontheffing {o.soort.value}", ontheffing_omschrijving(o), gevolg), uitleg))
    for index, v in enumerate(sorted(facts.vrijstellingen, key=lambda v: v.besluitdatum)):
        gevolg = Text("plicht beëindigd", style="bold") if v.soort.value == "geheel" and v.besluitdatum <= today else ""
        uitleg = (plicht.toelichting if v.soort.value == "geheel" and plicht.beeindigd_door == "gehele vrijstelling"
                  else "Een vrijstelling van DUO: het genoemde deel geldt niet, of de plicht is in die periode opgeschort.")
        items.append(ExplainedItem(f"vrijstelling_{index}", _line(f"vrijstelling {v.soort.value}", vrijstelling_omschrijving(v), gevolg), uitleg))
    return items


def _deadline(signaal: Signaal | None, today: date) -> list[Text | str]:
    if signaal is None:
        return []
    return [f"uiterlijk {format_date(signaal.vervaldatum)}", *_pressing(signaal)]


def _module_items(data: DossierData) -> list:
    from tui.widgets.explained_list import ExplainedItem

    facts, aanbod = data.facts, data.beoordeling.aanbod
    items = []
    pvt = data.signaal("pvt")
    beeindigd = plicht_status(facts, data.today).beeindigd_door  # a gehele ontheffing or vrijstelling ended the plicht
    if beeindigd and not facts.pvt_ondertekend:
        line = _line("PVT", f"niet meer nodig ({beeindigd})")
        uitleg = plicht_status(facts, data.today).toelichting
    elif facts.pvt_ondertekend:
        line = _line("PVT ondertekend", format_date(facts.pvt_ondertekend), Text("afgerond", style="green"))
        uitleg = f"Participatieverklaring ondertekend op {format_date(facts.pvt_ondertekend)}; meld deze datum aan DUO."
    elif not aanbod.pvt_verplicht:
        line = _line("PVT", "niet van toepassing (Wi2013)")
        uitleg = "Onder de Wi2013 hoort het PVT niet bij het PIP van de gemeente."
    else:
        line = _line("PVT ondertekend", "nog niet", *_deadline(pvt, data.today))
        uitleg = pvt.toelichting if pvt else (
            f"Het participatieverklaringstraject (minimaal {PVT_MINIMUM_UREN} uur) eindigt met ondertekening, binnen de termijn."
        )
    items.append(ExplainedItem("pvt", line, uitleg))

    map_signaal = data.signaal("map")
    if beeindigd and not facts.map_eindgesprek:
        line = _line("MAP", f"niet meer nodig ({beeindigd})")
        uitleg = plicht_status(facts, data.today).toelichting
    elif facts.map_eindgesprek:
        line = _line("MAP-eindgesprek", format_date(facts.map_eindgesprek), Text("afgerond", style="green"))
        uitleg = f"MAP-eindgesprek gehouden op {format_date(facts.map_eindgesprek)}; meld deze datum aan DUO."
    elif facts.regime is Regime.WI2021 and actuele_leerroute(facts) is Leerroute.ONDERWIJS:
        line = _line("MAP", "niet verplicht op de onderwijsroute")
        uitleg = "Wie de onderwijsroute volgt, is vrijgesteld van de Module Arbeidsmarkt en Participatie."
    elif not aanbod.map_verplicht:
        line = _line("MAP", "niet van toepassing (Wi2013)")
        uitleg = "Onder de Wi2013 hoort de MAP niet bij het PIP van de gemeente."
    else:
        line = _line("MAP-eindgesprek", "nog niet", *_deadline(map_signaal, data.today))
        uitleg = map_signaal.toelichting if map_signaal else "De MAP moet binnen de inburgeringstermijn af zijn."
    items.append(ExplainedItem("map", line, uitleg))
    return items


def _teller_item(key: str, teller: ZrouteTeller, data: DossierData, uitleg_extra: str = ""):
    from tui.widgets.explained_list import ExplainedItem

    zroute = data.beoordeling.zroute
    procent = round(100 * teller.uren / teller.doel) if teller.doel else 0
    line = _line(f"Z-route {teller.label}", f"{format_hours(teller.uren)} van {teller.doel} uur ({procent} %)")
    if teller.achterstand:
        line.append("  ")
        line.append("achterstand", style="bold red")
    details = [f"nog {format_hours(teller.resterend)} uur"]
    if teller.verwacht is not None:
        details.append(f"verwacht nu {round(teller.verwacht)}")
    if teller.prognose is not None:
        details.append(f"prognose {format_date(teller.prognose)}")
    elif teller.resterend <= 0:
        details.append("doel gehaald")
    line.append("\n    " + " · ".join(details), style="dim")
    uitleg = [f"{format_hours(teller.uren)} uur {teller.label} geregistreerd tot en met {format_date(data.today)}; doel {teller.doel} uur, nog {format_hours(teller.resterend)}."]
    if teller.verwacht is not None and zroute is not None:
        uitleg.append(
            f"Bij een gelijkmatig tempo over de termijn (dag {zroute.verstreken_dagen} van {zroute.totaal_dagen}) "
            f"verwacht: {format_hours(teller.verwacht)} uur; onder {format_hours(teller.drempel_uren or 0)} uur is het een achterstand."
        )
    else:
        uitleg.append("Zonder PIP is er nog geen termijn om het tempo aan te meten.")
    if teller.prognose is not None:
        uitleg.append(f"In het huidige tempo is het doel op {format_date(teller.prognose)} bereikt.")
    if uitleg_extra:
        uitleg.append(uitleg_extra)
    return ExplainedItem(key, line, " ".join(uitleg))


def _zroute_items(data: DossierData) -> list:
    from tui.widgets.explained_list import ExplainedItem

    zroute = data.beoordeling.zroute
    if zroute is None:
        return []
    items = []
    if zroute.afgerond:
        items.append(ExplainedItem(
            "zroute_afgerond",
            _line("Z-route", f"afgerond {format_date(zroute.afgerond)}", Text("afgerond", style="green")),
            "De gemeente heeft het eindgesprek gehouden en de afronding aan DUO gemeld.",
        ))
    if zroute.gestopt:
        line = _line("Z-route uren", "hoeven niet meer gehaald")
        line.append(f"\n    geregistreerd: {format_hours(zroute.uren_taal_knm)} uur taal/KNM, "
                    f"{format_hours(zroute.uren_participatie)} uur participatie", style="dim")
        items.append(ExplainedItem(
            "zroute_gestopt",
            line,
            f"{zroute.gestopt}. De urenverplichting van de Z-route geldt dus niet meer: er is geen achterstand en geen tempo om aan te meten.",
        ))
        return items
    brede_intake = ""
    if zroute.uren_taal_knm_brede_intake:
        telt = "telt mee" if zroute.brede_intake_telt_mee else "telt volgens het beleid van de gemeente niet mee"
        brede_intake = f"Daarnaast {format_hours(zroute.uren_taal_knm_brede_intake)} uur taal/KNM tijdens de brede intake; dat {telt}."
    items.append(_teller_item("zroute_taal_knm", zroute.taal_knm, data, brede_intake))
    if zroute.participatie is not None:
        items.append(_teller_item("zroute_participatie", zroute.participatie, data))
    elif (cap := participatie_uren_max(data.facts, data.today)) is not None and cap[0] == 0:
        items.append(ExplainedItem(
            "zroute_participatie",
            _line("Z-route participatie", "geldt niet (ontheffing)", f"{format_hours(zroute.uren_participatie)} uur geregistreerd"),
            f"Volgens de {cap[1]}: de participatie-uren hoeven niet gehaald te worden; de taal/KNM-uren wel.",
        ))
    else:
        items.append(ExplainedItem(
            "zroute_participatie",
            _line("Z-route participatie", "geldt niet", f"{format_hours(zroute.uren_participatie)} uur geregistreerd"),
            "De 800 participatie-uren gelden voor asielstatushouders, en voor gezins- en overige migranten alleen met een bijstandsuitkering.",
        ))
    return items


# -- overzicht: the recorded facts ---------------------------------------------------------


# Wide enough for the longest label below ("maatsch. begeleiding"), so the groups line up.
FACT_LABEL_WIDTH = 20


class FactGroups:
    """Titled groups of label/value rows, with the values' continuation lines under the value column.

    The same picture as a rich grid per group with a label column of
    FACT_LABEL_WIDTH, drawn as plain lines: a rich table measures every cell
    again for each width, which made the facts the dossier's costliest part
    to show (about 10 ms a drawing, several drawings an opening).
    """

    def __init__(self, groups: list[tuple[str, list[tuple[str, str | Text]]]], *, after: Text) -> None:
        self.groups = groups
        self.after = after

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        value_width = options.max_width - FACT_LABEL_WIDTH - 1
        longest_word = max((len(word) for _, rows in self.groups for _, value in rows for word in str(value).split()), default=0)
        if longest_word > value_width:  # a word would not fit: let rich tables share out the width (and cut it)
            tables = [_group(title, rows) for title, rows in self.groups]
            yield Group(*[part for table in tables for part in (table, Text(""))], self.after)
            return
        indent = " " * (FACT_LABEL_WIDTH + 1)
        for index, (title, rows) in enumerate(self.groups):
            if index:
                yield Text("")
            lines = []
            column = 0  # like the grid: as wide as the widest value, or all there is when one wraps
            for label, value in rows:
                value_text = value if isinstance(value, Text) else Text(value)
                column = max(column, min(value_text.cell_len, value_width))
                for number, line in enumerate(value_text.wrap(console, value_width)):
                    start = Text.assemble((f"{label:<{FACT_LABEL_WIDTH}}", "dim"), (" ", "dim")) if number == 0 else Text(indent)
                    lines.append((start, line))
            yield Text(title.ljust(FACT_LABEL_WIDTH + 1 + column), style="bold")  # padded bold, as rich does
            for start, line in lines:
                line.pad_right(column - line.cell_len)
                start.append_text(line)
                yield start
        yield Text("")
        yield self.after


def _group(title: str, rows: list[tuple[str, str | Text]]) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(style="dim", no_wrap=True, min_width=FACT_LABEL_WIDTH)
    table.add_column(ratio=1)
    table.title = title
    table.title_justify = "left"
    table.title_style = "bold"
    for label, value in rows:
        # A str cell of a rich Table is read as markup: stored values (names, notes) are shown literally.
        table.add_row(label, Text(safe_for_terminal(value)) if isinstance(value, str) else value)
    return table


def facts_renderable(data: DossierData) -> RenderableType:
    facts, record, aanbod = data.facts, data.record, data.beoordeling.aanbod
    leeftijd = f"{age_on(record.geboortedatum, data.today)} jaar" if record.geboortedatum else "—"
    persoon = ("Persoon", [
        ("naam", facts.naam),
        ("kenmerk", facts.kenmerk),
        ("geboortedatum", _date_or(record.geboortedatum)),
        ("leeftijd", leeftijd),
        ("BSN", mask_bsn(record.bsn) if record.bsn else "—"),
        ("doelgroep", facts.doelgroep.label),
        ("nareiziger", _yes_no(facts.nareiziger)),
        ("regime", facts.regime.label),
        ("status", effectieve_status(facts, data.today).label),
        ("consulent", facts.consulent or "—"),
        ("taal", record.taal or "—"),
        ("tolk nodig", _yes_no(record.tolk_nodig)),
    ])
    if facts.vorige_gemeente or facts.verhuisd_in or facts.eerste_pip_datum:
        persoon[1].append(("vorige gemeente", facts.vorige_gemeente or "—"))
        persoon[1].append(("verhuisd hierheen", _date_or(facts.verhuisd_in)))
        persoon[1].append(("eerste PIP (vorige)", _date_or(facts.eerste_pip_datum)))
    if facts.vertrokken_op or facts.vertrek_bestemming:
        persoon[1].append(("vertrokken op", _date_or(facts.vertrokken_op)))
        persoon[1].append(("bestemming", facts.vertrek_bestemming or "—"))
    keten = ("Keten", [
        ("kennisgeving DUO", _date_or(facts.kennisgeving_duo)),
        ("koppeling", _date_or(facts.koppeling)),
        ("eerste AZC-bezoek", _date_or(facts.eerste_azc_bezoek)),
        ("BRP-inschrijving", _date_or(facts.brp_inschrijving)),
        ("huisvesting", _date_or(facts.huisvesting)),
        ("start brede intake", _date_or(facts.brede_intake_start)),
        ("leerbaarheidstoets", _leerbaarheidstoets(facts)),
        ("start plicht (DUO)", _date_or(facts.inburgeringsplicht_start)),
    ])
    pip = ("PIP en leerroute", [
        ("PIP-datum", _date_or(facts.pip_datum, "nog geen PIP")),
        ("leerroute", actuele_leerroute(facts).label if actuele_leerroute(facts) else "—"),
        ("niveau", facts.niveau.value if facts.niveau else "—"),
        ("alfabetisering", facts.alfabetisering.label if facts.alfabetisering else "—"),
        ("aanbod gepland", _date_or(facts.aanbod_gepland)),
        ("start aanbod", _date_or(facts.aanbod_start)),
        ("einde aanbod", _date_or(facts.aanbod_einde)),
        ("einde termijn (DUO)", _date_or(facts.termijn_einde, "— (berekend)")),
        ("voortgangsgesprek", f"{format_date(facts.laatste_voortgangsgesprek)} (laatste)" if facts.laatste_voortgangsgesprek else "nog geen"),
    ])
    if aanbod.ontzorgen or facts.ontzorgen_start or facts.ontzorgen_maanden:
        maanden = f"{facts.ontzorgen_maanden}" if facts.ontzorgen_maanden is not None else "standaard van de gemeente"
        ontzorgen_rows = [
            ("bijstand", _yes_no(facts.bijstand)),
            ("van toepassing", _yes_no(aanbod.ontzorgen)),
            ("start ontzorgen", _date_or(facts.ontzorgen_start)),
            ("maanden", maanden),
        ]
    else:
        ontzorgen_rows = [("bijstand", _yes_no(facts.bijstand)), ("van toepassing", "nee")]
    if facts.nareiziger:
        vergunning = facts.verblijfsvergunning.label if facts.verblijfsvergunning else "onbekend"
        ontzorgen_rows.append(("verblijfsvergunning", vergunning))
    ontzorgen = ("Ontzorgen", ontzorgen_rows)
    modules = ("Modules en aanbod", [
        ("PVT ondertekend", _date_or(facts.pvt_ondertekend, "nog niet") + _verwijtbaar(facts.pvt_verwijtbaar)),
        ("MAP-eindgesprek", _date_or(facts.map_eindgesprek, "niet verplicht" if not aanbod.map_verplicht else "nog niet")
         + _verwijtbaar(facts.map_verwijtbaar)),
        ("Z-route afgerond", _date_or(facts.zroute_afgerond) if actuele_leerroute(facts) is Leerroute.Z else "n.v.t."),
        ("maatsch. begeleiding", _yes_no(aanbod.maatschappelijke_begeleiding)),
        ("leerroute betaald", _yes_no(aanbod.leerroute_betaald)),
    ])
    regels = list(aanbod.toelichting)
    # Which ontzorgen rule applied (Participatiewet art. 56a), as the rules say it.
    grond = ontzorgen_grond(facts).toelichting
    if grond and grond not in regels:
        regels.append(grond)
    toelichting = Text("\n".join(regels), style="dim italic")
    bijzonderheden = [regel for regel in data.beoordeling.bijzonderheden if regel not in regels]
    if bijzonderheden:
        # Why signalen stopped or changed (vertrek, ontheffing, vrijstelling, AOW), the verhuizing, the PIP history.
        toelichting = Text.assemble(("Bijzonderheden\n", "bold"), *(f"• {regel}\n" for regel in bijzonderheden),
                                    toelichting)
    return DrawnOncePerWidth(FactGroups([persoon, contact_group(data), keten, pip, ontzorgen, modules], after=toelichting))


def _plain(value: str | None) -> Text:
    """A stored value as plain text (never read as markup), or — when not recorded."""
    return Text(safe_for_terminal(value), overflow="fold") if value else Text("—")  # fold: an e-mail has no spaces


def contact_group(data: DossierData) -> tuple[str, list[tuple[str, str | Text]]]:
    """Gegevens: how to reach the person, who helps them, and their household (h opens a member)."""
    c = data.contact
    rows: list[tuple[str, str | Text]] = []
    if c is not None:
        begeleider = " · ".join(safe_for_terminal(v) for v in (c.contactpersoon, c.contactpersoon_organisatie,
                                                                  c.contactpersoon_telefoon) if v)
        rows += [("adres", _plain(c.adres)), ("telefoon", _plain(c.telefoon)), ("e-mail", _plain(c.email)),
                 ("begeleider", Text(begeleider) if begeleider else Text("—")),
                 ("V-nummer", _plain(c.v_nummer)), ("AZC-locatie", _plain(c.azc_locatie))]
    if data.huishouden:
        for n, lid in enumerate(data.huishouden):
            relatie = Relatie(lid.relatie).label if lid.relatie in {r.value for r in Relatie} else "gezinslid"
            extra = [f"{age_on(lid.geboortedatum, data.today)} jaar" if lid.geboortedatum else None,
                     "nareiziger" if lid.nareiziger else None,
                     Status(lid.status).label if lid.status != Status.ACTIEF.value else None]
            line = Text.assemble(safe_for_terminal(lid.naam), (f" ({', '.join([relatie, *(e for e in extra if e)])})", "dim"))
            rows.append(("huishouden" if n == 0 else "", line))
        rows.append(("", Text("h: dossier van een gezinslid openen", style="dim italic")))
    else:
        rows.append(("huishouden", Text("— (geen gezinsleden vastgelegd)")))
    return ("Contact en huishouden", rows)


def _verwijtbaar(value: bool | None) -> str:
    return "" if value is None else f" (verwijtbaar: {_yes_no(value)})"


def _leerbaarheidstoets(facts) -> str:
    if facts.leerbaarheidstoets:
        return format_date(facts.leerbaarheidstoets)
    if facts.leerbaarheidstoets_vrijstelling:
        return f"vrijgesteld ({facts.leerbaarheidstoets_vrijstelling.label})"
    return "—"


# -- contactmomenten ---------------------------------------------------------------------------


def contact_prompt(contact: ContactmomentView, today: date) -> Text:
    """One contactmoment: date, kind, who wrote it, the note, and the earlier texts of a corrected one."""
    text = Text()
    text.append(format_date(contact.datum), style="bold")
    text.append(f"  {contact.soort.label}", style="bold")
    text.append(f"  ({relative_days(contact.datum, today)})", style="dim")
    if contact.auteur:  # written before authors were kept: nothing to say
        text.append(f"  door {contact.auteur}", style="dim")
    notitie = contact.notitie.strip()
    text.append("\n")
    text.append(notitie if notitie else "(geen notitie)", style="" if notitie else "dim italic")
    for versie in reversed(contact.versies):
        text.append(f"\n  eerder ({versie.soort.label}, {format_date(versie.datum)}; gecorrigeerd door {versie.door} "
                    f"op {versie.op.astimezone():%d-%m-%Y %H:%M}): ", style="dim")
        text.append(versie.notitie or "(geen notitie)", style="dim italic")
    return text


# -- modules en examens -----------------------------------------------------------------------


def modules_renderable(data: DossierData) -> RenderableType:
    facts, aanbod = data.facts, data.beoordeling.aanbod
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1)
    if facts.pvt_ondertekend:
        table.add_row("PVT", Text(f"ondertekend op {format_date(facts.pvt_ondertekend)}", style="green"))
    else:
        table.add_row("PVT", "nog niet ondertekend" if aanbod.pvt_verplicht else "niet van toepassing (Wi2013)")
    if facts.map_eindgesprek:
        table.add_row("MAP", Text(f"eindgesprek op {format_date(facts.map_eindgesprek)}", style="green"))
    elif facts.regime is Regime.WI2021 and actuele_leerroute(facts) is Leerroute.ONDERWIJS:
        table.add_row("MAP", "niet verplicht op de onderwijsroute")
    else:
        table.add_row("MAP", "nog niet" if aanbod.map_verplicht else "niet van toepassing (Wi2013)")
    for onderdeel in ExamenOnderdeel:
        table.add_row(_onderdeel_label(onderdeel), _onderdeel_status(data, onderdeel))
    if actuele_leerroute(facts) is Leerroute.Z:
        table.add_row("", Text("Z-route: geen examens; de uren en het eindgesprek tellen.", style="dim"))
    examens = examens_text(data)
    if examens:
        table.add_row("Examens", examens)
    return DrawnOncePerWidth(table)


def examens_text(data: DossierData) -> Text:
    """Each onderdeel's stand as the rules explain it, and on the B1-route the way down to A2 with its conditions."""
    beoordeling, facts = data.beoordeling, data.facts
    if not facts.examens and not any(s.vrijgesteld for s in beoordeling.examens):
        return Text("")
    regels = [Text(stand.toelichting, style="dim") for stand in beoordeling.examens]
    if actuele_leerroute(facts) is Leerroute.B1:
        for stand in beoordeling.examens:
            if stand.onderdeel is not ExamenOnderdeel.KNM and stand.behaald is None and stand.pogingen:
                regels.append(Text(afschalen_naar_a2(facts, stand.onderdeel, data.today).toelichting, style="dim italic"))
    return Text("\n").join(regels)


def _onderdeel_label(onderdeel: ExamenOnderdeel) -> str:
    return onderdeel.label if onderdeel is ExamenOnderdeel.KNM else onderdeel.label.capitalize()


def _onderdeel_status(data: DossierData, onderdeel: ExamenOnderdeel) -> Text:
    pogingen = [p for p in data.pogingen if p.onderdeel is onderdeel]
    behaald = [p for p in pogingen if p.resultaat is ExamenResultaat.BEHAALD]
    niet = [p for p in pogingen if p.resultaat is ExamenResultaat.NIET_BEHAALD]
    gepland = [p for p in pogingen if p.resultaat is ExamenResultaat.GEPLAND]
    if behaald:
        return Text(f"behaald op {format_date(behaald[-1].datum)}", style="green")
    text = Text()
    if niet:
        text.append(f"{len(niet)}× niet behaald (laatste {format_date(niet[-1].datum)})")
    if gepland:
        text.append((" · " if niet else "") + f"gepland {format_date(gepland[-1].datum)}")
    if not pogingen:
        text.append("nog geen poging", style="dim")
    if data.facts.doelgroep is Doelgroep.ASIELSTATUSHOUDER and len(niet) >= BETAALDE_EXAMENPOGINGEN:
        text.append("  let op: volgende poging eigen rekening", style=WARNING_STYLE)
    return text


def warnings_text(data: DossierData) -> Text:
    if not data.examen_waarschuwingen:
        return Text("")
    return Text("\n").join(
        Text.assemble(("let op: ", WARNING_STYLE), (b.melding, "dark_orange")) for b in data.examen_waarschuwingen
    )


def poging_prompt(poging: ExamenPogingView, nummer: int, data: DossierData) -> Text:
    """One attempt: component, date, result, and which attempt it is (3+ at own cost for an asielstatushouder)."""
    styles = {ExamenResultaat.BEHAALD: "green", ExamenResultaat.NIET_BEHAALD: "red", ExamenResultaat.GEPLAND: "cyan"}
    text = Text(f"{_onderdeel_label(poging.onderdeel):<10}", style="bold")
    text.append(f"{format_date(poging.datum)}  ")
    text.append(f"{poging.resultaat.label:<13}", style=styles.get(poging.resultaat, ""))
    text.append(f"poging {nummer}", style="dim")
    if data.facts.doelgroep is Doelgroep.ASIELSTATUSHOUDER and nummer > BETAALDE_EXAMENPOGINGEN:
        text.append("  eigen rekening", style=WARNING_STYLE)
    return text


def numbered_pogingen(data: DossierData) -> list[tuple[ExamenPogingView, int]]:
    """Each attempt with its number within its component (1, 2, 3…), in list order."""
    seen: dict[ExamenOnderdeel, int] = {}
    result = []
    for poging in data.pogingen:
        seen[poging.onderdeel] = seen.get(poging.onderdeel, 0) + 1
        result.append((poging, seen[poging.onderdeel]))
    return result


# -- signalen ----------------------------------------------------------------------------------


def signalen_renderable(data: DossierData) -> RenderableType:
    signalen = sorted(data.beoordeling.signalen, key=lambda s: (s.ernst.rank, s.vervaldatum, s.soort))
    if not signalen:
        if data.facts.status.value != "actief":
            return Text(f"Geen signalen: de status is {data.facts.status.label}.", style="dim")
        return Text("Geen signalen: er loopt nu geen termijn die aandacht vraagt.", style="dim")
    # One block per signaal (not a table with a narrow toelichting column), so it reads at 80 columns too.
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(no_wrap=True, width=10)
    table.add_column(ratio=1)
    for index, signaal in enumerate(signalen):
        body = Text()
        body.append(format_date(signaal.vervaldatum))
        body.append(f"  ({relative_days(signaal.vervaldatum, data.today)})  ", style="dim")
        body.append(signaal.label, style="bold")
        body.append("\n")
        body.append(signaal.toelichting, style="dim")
        handled = geldende_afhandeling(signaal, data.afhandelingen, data.today)
        if handled is not None:
            until = f" tot {format_date(handled.tot)}" if handled.tot else ""
            body.append(f"\n{handled.actie.label}{until} door {handled.door or 'onbekend'} op "
                        f"{handled.op.astimezone():%d-%m-%Y %H:%M}: {handled.reden}", style="italic cyan")
        if index:
            table.add_row("", "")
        table.add_row(ernst_text(signaal), Text(safe_for_terminal(body)) if isinstance(body, str) else body)
    return DrawnOncePerWidth(table)


def geschiedenis_renderable(data: DossierData) -> RenderableType:
    """Who did what to this dossier and when: the audit trail, and how signalen were handled."""
    if not data.geschiedenis and not data.afhandelingen and not data.verwijderde_contacten:
        return Text("Nog geen geschiedenis vastgelegd.", style="dim")
    out = Text()
    if data.afhandelingen:
        out.append("Afgehandelde en uitgestelde signalen\n", style="bold")
        for item in reversed(data.afhandelingen):
            until = f" tot {format_date(item.tot)}" if item.tot else ""
            label = SOORT_LABELS.get(item.soort, item.soort)
            out.append(f"{item.op.astimezone():%d-%m-%Y %H:%M}  ", style="dim")
            out.append(f"{label}: {item.actie.label}{until} door {item.door or 'onbekend'}")
            out.append(f" — {item.reden}\n", style="italic")
        out.append("\n")
    if data.verwijderde_contacten:
        out.append("Verwijderde contactmomenten (de tekst blijft bewaard)\n", style="bold")
        for versie in data.verwijderde_contacten:
            out.append(f"{versie.op.astimezone():%d-%m-%Y %H:%M}  ", style="dim")
            out.append(f"{format_date(versie.datum)} {versie.soort.label}, verwijderd door {versie.door}\n")
            out.append(f"                  {versie.notitie or '(geen notitie)'}\n", style="italic")
        out.append("\n")
    out.append("Wijzigingen, inzage en exports (auditlogboek)\n", style="bold")
    for entry in data.geschiedenis:
        out.append(f"{entry.op.astimezone():%d-%m-%Y %H:%M}  ", style="dim")
        out.append(f"{entry.omschrijving}  ")
        out.append(f"door {safe_for_terminal(entry.door)}\n", style="dim")
        for change in data.wijzigingen.get(entry.id, ()):
            out.append(f"                  {change_text(change)}\n")
    return out


def change_text(change) -> str:
    """"leerroute: B1-route → Z-route", "notitie gecorrigeerd", "pip datum: (leeg) → 01-03-2026"."""
    veld = change.veld.replace("_", " ")
    if change.oud == "" or (change.nieuw in {"gecorrigeerd", "verwijderd"} and change.veld in {"notitie", "contactmoment"}):
        return f"{veld} {change.nieuw}" + (f": {change.oud}" if change.oud else "")
    return f"{veld}: {change.oud or '(leeg)'} → {change.nieuw or '(leeg)'}"


def signalen_summary(data: DossierData) -> str:
    """For the tab title: how many open ones are overdue, or else how many are open (short enough for 80 columns).
    Handled and snoozed signalen are listed in the tab but not counted: they need nothing now."""
    signalen = [s for s in data.beoordeling.signalen if geldende_afhandeling(s, data.afhandelingen, data.today) is None]
    verlopen = sum(1 for s in signalen if s.ernst.value == "verlopen")
    return f"{verlopen} verlopen" if verlopen else str(len(signalen))


def volgende_afspraak_text(data) -> Text:
    """"Volgende afspraak: dinsdag 24-11-2026 09:30-10:15, voortgangsgesprek, Stadskantoor, tolk Arabisch (Anna de Vries)"."""
    afspraak = data.volgende_afspraak
    if afspraak is None:
        return Text("")
    from rules.dates import format_date

    dagen = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
    wanneer = "vandaag" if afspraak.datum == data.today else f"{dagen[afspraak.datum.weekday()]} {format_date(afspraak.datum)}"
    details = [afspraak.soort.label, *(part for part in (afspraak.plaats, afspraak.tolk) if part)]
    return Text.assemble(("Volgende afspraak: ", "bold"), (f"{wanneer} {afspraak.tijden}", "bold"),
                         f", {', '.join(details)} ({afspraak.consulent})  ", ("p: brief afdrukken", "dim"))
