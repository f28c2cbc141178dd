"""The worklist: every open signaal of the caseload, most urgent first."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, Static

from tui.css import stylesheet
from tui.threads import run_service
from tui.widgets.footer import Footer
from tui.widgets.grouped_table import GroupedTable, Heading
from tui.widgets.virtual_table import LazyRows, TableColumn, VirtualTable
from rules.text import safe_for_terminal
from tui.text import literal
from tui.keep_styles import KeepStyles

ERNST_STYLES = {"verlopen": "bold red", "urgent": "bold dark_orange", "binnenkort": "yellow", "gepland": "green"}
HORIZONS = ((14, "2 weken"), (42, "6 weken"), (91, "3 maanden"), (None, "alles"))

COLUMNS = (
    TableColumn("ernst", "Ernst", 11, min_width=11),  # "afgehandeld" whole
    TableColumn("vervaldatum", "Vervalt", 10, min_width=10),
    TableColumn("dagen", "Dagen", 6, min_width=5),
    TableColumn("soort", "Signaal", 30, min_width=18),
    TableColumn("naam", "Naam", 18, flex=True, min_width=12),
    TableColumn("kenmerk", "Kenmerk", 13),
    TableColumn("consulent", "Consulent", 15),
)


@dataclass(frozen=True)
class SignalenFilter:
    mijn: bool = True
    soort: str | None = None
    ernst: str | None = None
    doelgroep: str | None = None
    horizon: int = 1  # index in HORIZONS: 6 weken
    verborgen: bool = False  # also show the handled and snoozed signalen, in a group of their own

HIDDEN_GROUP = "afgehandeld of uitgesteld"


def _row(item) -> tuple | Heading:
    from rules.dates import format_date

    if isinstance(item, Heading):
        return item
    signaal = item.signaal
    if item.afhandeling is not None:
        ernst = Text(item.afhandeling.actie.label, style="dim italic")
    else:
        ernst = Text(signaal.ernst.label, style=ERNST_STYLES.get(signaal.ernst.value, ""))
    return (
        ernst,
        format_date(signaal.vervaldatum),
        Text(str(signaal.dagen), justify="right"),
        signaal.label,
        item.naam,
        item.kenmerk,
        item.consulent or "—",
    )


class SignalenScreen(KeepStyles, Screen):
    """Signalen of the caseload: filter, explain, handle, snooze, export."""

    COMMAND_PREFIX = "signalen"
    HELP_TITLE = "Signalen"
    HELP_TEXT = (
        "Alle openstaande signalen van de caseload, de meest dringende bovenaan: verlopen, urgent, binnenkort, gepland. "
        "Enter opent het dossier bij de signalen. Een signaal dat u heeft opgepakt markeert u als afgehandeld (a) "
        "of stelt u uit tot een datum (l: later), altijd met een korte reden; het komt terug als de datum verstrijkt of de "
        "gegevens erachter veranderen. Met g ziet u ook de afgehandelde en uitgestelde signalen (onderaan, met wie, "
        "wanneer en waarom); o heropent er een, ook met een reden. Vastleggen wat er echt gebeurd is (PIP-datum, "
        "voortgangsgesprek) laat het signaal vanzelf verdwijnen. ctrl+e exporteert de lijst als CSV naar een bestand dat u kiest. Filters op ernst en doelgroep: alt+e en alt+d, zoals de filters op de caseload."
    )
    BINDINGS = [
        Binding("escape", "back", "terug"),
        Binding("a", "afhandelen", "afhandelen"),
        Binding("l", "uitstellen", "later (uitstellen)"),
        Binding("t", "toelichting", "toelichting"),
        Binding("g", "toggle_verborgen", "ook afgehandelde", show=False),
        Binding("o", "heropenen", "heropenen", show=False),
        Binding("m", "toggle_mijn", "mijn caseload"),
        Binding("h", "cycle_horizon", "horizon"),
        Binding("k", "cycle_soort", "soort", show=False),
        Binding("alt+e", "cycle_ernst", "ernst", show=False),
        Binding("alt+d", "cycle_doelgroep", "doelgroep", show=False),
        Binding("ctrl+e", "export", "exporteren (CSV)"),
        Binding("c", "team_conflicten", "team: conflicten", show=False),
        Binding("ctrl+r", "reload", "opnieuw laden", show=False),
    ]
    DEFAULT_CSS = stylesheet(__file__, "signalen.tcss")

    def __init__(self) -> None:
        super().__init__()
        self.items = []
        self.shown = []  # the signalen in view, in order
        self.rows = []  # the same with a Heading above each group, as the table draws them
        self.flt = SignalenFilter()
        self.person_id: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Signalen laden…", id="signalen-counts")
        yield Static("", id="signalen-filter")
        yield Static("", id="signalen-team")  # team mode: open conflicten / mogelijk dubbel / geweigerd (c opens them)
        yield GroupedTable(COLUMNS, empty_text="Signalen laden…", id="signalen-table")
        yield Static("", id="signalen-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.flt = SignalenFilter(mijn=bool(self.app.consulent))
        self.query_one(VirtualTable).focus()
        self._load(reuse=True)
        self._show_team_line()

    @property
    def table(self) -> VirtualTable:
        return self.query_one(VirtualTable)

    # -- data -----------------------------------------------------------------
    def reload(self) -> None:
        self._load()
        self._show_team_line()

    def _show_team_line(self) -> None:
        status = getattr(self.app, "team_status", None)
        line = self.query_one("#signalen-team", Static)
        line.display = bool(status is not None and status.open_items)
        if line.display:
            line.update(f"Team: {status.text().removeprefix('team: ')} — druk c voor de lijst Conflicten")

    def action_team_conflicten(self) -> None:
        status = getattr(self.app, "team_status", None)
        if status is not None and status.linked:
            self.app.open_team_list("c" if status.conflicts else "d" if status.dubbels else "r")

    def action_reload(self) -> None:
        self.reload()

    def _load(self, *, reuse: bool = False) -> None:
        store = self.app.store
        if store is None:
            return
        entries = self._caseload_entries() if reuse else None
        if entries is not None:
            # F5: the caseload already ran every rule on today's date; only gather and sort its signalen.
            def gather():
                from services.signalen import signalen_of_caseload

                return signalen_of_caseload(entries, include_hidden=True)

            run_service(self, gather, self._loaded, unexpected="De signalen konden niet worden geladen ({kind}).",
                        group="signalen")
            return

        def load():
            from services.signalen import list_signalen

            return list_signalen(store=store, as_of=self.app.today(), policy=self.app.policy, include_hidden=True)

        run_service(self, load, self._loaded, unexpected="De signalen konden niet worden geladen ({kind}).", group="signalen")

    def _caseload_entries(self):
        """The caseload screen's entries when they were judged on today's date (None: read afresh)."""
        from tui.screens.caseload import CaseloadScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, CaseloadScreen):
                return screen.entries_for(self.app.today())
        return None

    def _loaded(self, items) -> None:
        self.items = items
        self.table.empty_text = "Geen openstaande signalen binnen deze filters. Tip: h verruimt de horizon, m toont iedereen."
        self.refresh_rows()

    def visible_items(self) -> list:
        """The filtered signalen, by ernst (handled and snoozed ones last) and within that by vervaldatum, kenmerk, soort."""
        flt = self.flt
        horizon = HORIZONS[flt.horizon][0]
        limit = self.app.today() + timedelta(days=horizon) if horizon is not None else None
        result = []
        for item in self.items:
            signaal = item.signaal
            if flt.mijn and self.app.consulent and item.consulent != self.app.consulent:
                continue
            if item.afhandeling is not None and not flt.verborgen:
                continue
            if flt.soort and str(signaal.soort) != flt.soort:
                continue
            if flt.ernst and signaal.ernst.value != flt.ernst:
                continue
            if flt.doelgroep and item.doelgroep.value != flt.doelgroep:
                continue
            if limit is not None and signaal.vervaldatum > limit and signaal.dagen >= 0:
                continue
            result.append(item)
        result.sort(key=lambda i: (i.afhandeling is not None, i.signaal.ernst.rank, i.signaal.vervaldatum, i.kenmerk, str(i.signaal.soort)))
        return result

    @staticmethod
    def group_of(item) -> str:
        return HIDDEN_GROUP if item.afhandeling is not None else item.signaal.ernst.value

    def grouped(self, items: list) -> list:
        """The items with a heading line above each group: ‘verlopen (3)’, ‘urgent (5)’, ..."""
        from itertools import groupby

        from rules.engine import Ernst

        rows: list = []
        for group, members in groupby(items, key=self.group_of):
            members = list(members)
            label = Ernst(group).label if group != HIDDEN_GROUP else HIDDEN_GROUP
            style = ERNST_STYLES.get(group, "dim") if group != HIDDEN_GROUP else "dim"
            rows.append(Heading.assemble((f"{label} ", style), f"({len(members)})"))
            rows.extend(members)
        return rows

    def refresh_rows(self) -> None:
        from rules.engine import Ernst

        visible = self.shown = self.visible_items()
        open_items = [i for i in visible if i.afhandeling is None]
        self.rows = self.grouped(visible)
        self.table.set_rows(LazyRows(self.rows, _row), keep_cursor=True)
        counts = Text()
        for index, ernst in enumerate(Ernst):
            n = sum(1 for i in open_items if i.signaal.ernst is ernst)
            if index:
                counts.append(" · ")
            counts.append(f"{ernst.label}: {n}", style=ERNST_STYLES.get(ernst.value, "") if n else "dim")
        total_open = sum(1 for i in self.items if i.afhandeling is None)
        counts.append(f"   ({len(open_items)} van {total_open} open signalen", style="dim")
        hidden = len(visible) - len(open_items)
        counts.append(f"; {hidden} afgehandeld of uitgesteld)" if self.flt.verborgen else ")", style="dim")
        self.query_one("#signalen-counts", Static).update(counts)
        self.query_one("#signalen-filter", Static).update(self._describe_filter())
        self._show_detail()

    def _describe_filter(self) -> str:
        from rules.engine import SOORT_LABELS, Ernst
        from rules.model import Doelgroep

        flt = self.flt
        who = f"mijn caseload ({literal(self.app.consulent)})" if flt.mijn and self.app.consulent else "alle consulenten"
        parts = [
            who,
            f"horizon: {HORIZONS[flt.horizon][1]}",
            f"soort: {SOORT_LABELS.get(flt.soort, flt.soort) if flt.soort else 'alle'}",
            f"ernst: {Ernst(flt.ernst).label if flt.ernst else 'alle'}",
            f"doelgroep: {Doelgroep(flt.doelgroep).label if flt.doelgroep else 'alle'}",
        ]
        if flt.verborgen:
            parts.append("met afgehandelde en uitgestelde")
        return " · ".join(parts) + "   (m h k g, alt+e alt+d)"

    # -- filters -----------------------------------------------------------------
    def _set(self, **changes) -> None:
        self.flt = replace(self.flt, **changes)
        self.table.cursor_row = 0
        self.refresh_rows()

    @staticmethod
    def _next(current, options):
        values = [None, *options]
        return values[(values.index(current) + 1) % len(values)] if current in values else None

    def action_toggle_mijn(self) -> None:
        if not self.app.consulent:
            self.notify("Stel eerst uw naam als consulent in (ctrl+p, ‘consulent’).", severity="warning")
            return
        self._set(mijn=not self.flt.mijn)

    def action_toggle_verborgen(self) -> None:
        self._set(verborgen=not self.flt.verborgen)

    def action_cycle_horizon(self) -> None:
        self._set(horizon=(self.flt.horizon + 1) % len(HORIZONS))

    def action_cycle_soort(self) -> None:
        from rules.engine import Soort

        self._set(soort=self._next(self.flt.soort, [s.value for s in Soort]))

    def action_cycle_ernst(self) -> None:
        from rules.engine import Ernst

        self._set(ernst=self._next(self.flt.ernst, [e.value for e in Ernst]))

    def action_cycle_doelgroep(self) -> None:
        from rules.model import Doelgroep

        self._set(doelgroep=self._next(self.flt.doelgroep, [d.value for d in Doelgroep]))

    # -- detail and navigation -------------------------------------------------------
    def current(self):
        index = self.table.cursor_row
        item = self.rows[index] if 0 <= index < len(self.rows) else None
        return None if isinstance(item, Heading) else item

    @on(VirtualTable.Highlighted)
    def _highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        item = self.current()
        self.person_id = item.person_id if item else None
        detail = self.query_one("#signalen-detail", Static)
        if item is None:
            detail.update("")
            return
        from rules.afhandeling import describe

        handled = ""
        if item.afhandeling is not None:
            said = describe(item.afhandeling)
            handled = f"{said[:1].upper()}{said[1:]}. "
        if detail.has_class("open"):
            detail.update(Text(f"{safe_for_terminal(item.naam)} · {item.signaal.label}\n{handled}{item.signaal.toelichting}"))
        else:
            detail.update(Text(f"{safe_for_terminal(item.naam)}: {handled}{item.signaal.toelichting}", overflow="ellipsis", no_wrap=True))

    def action_toelichting(self) -> None:
        self.query_one("#signalen-detail", Static).toggle_class("open")
        self._show_detail()

    @on(VirtualTable.Selected)
    def _selected(self) -> None:
        item = self.current()
        if item is not None:
            self.app.open_dossier(item.person_id, tab="signalen")

    def action_back(self) -> None:
        self.app.pop_screen()

    # -- afhandelen ----------------------------------------------------------------
    def action_afhandelen(self) -> None:
        from rules.afhandeling import Actie

        self._afhandelen(Actie.AFGEHANDELD)

    def action_uitstellen(self) -> None:
        from rules.afhandeling import Actie

        self._afhandelen(Actie.UITGESTELD)

    def action_heropenen(self) -> None:
        from rules.afhandeling import Actie

        self._afhandelen(Actie.HEROPEND)

    def _afhandelen(self, actie) -> None:
        from rules.afhandeling import Actie, kan_afhandelen
        from tui.screens.afhandelen import AfhandelenScreen

        item = self.current()
        if item is None:
            return
        if actie is Actie.AFGEHANDELD and not kan_afhandelen(item.signaal):
            self.notify("Dit signaal kan alleen worden uitgesteld (l: later): het komt elke dag opnieuw op.", severity="warning")
            return
        if actie is Actie.HEROPEND and item.afhandeling is None:
            self.notify("Dit signaal staat al open. Met g ziet u de afgehandelde en uitgestelde signalen; o heropent er een.", severity="warning")
            return

        def done(saved: bool | None) -> None:
            if saved:
                self.app.data_changed()
                self.reload()

        self.app.push_screen(AfhandelenScreen(item, actie=actie), done)

    # -- export --------------------------------------------------------------------
    def action_export(self) -> None:
        from pathlib import Path

        from platformdirs import user_documents_dir

        from tui.screens.export_pad import ExportPadScreen

        items = [i for i in self.shown if i.afhandeling is None]
        if not items:
            self.notify("Er zijn geen open signalen in deze lijst om te exporteren.", severity="warning")
            return
        folder = Path(user_documents_dir())
        folder = folder if folder.is_dir() else Path.home()
        default = folder / f"signalen-{self.app.today().isoformat()}.csv"

        def chosen(target: Path | None) -> None:
            if target is not None:
                self._export(items, target)

        self.app.push_screen(ExportPadScreen(f"{len(items)} open signalen exporteren als CSV", default), chosen)

    def _export(self, items, target) -> None:
        from services.privacy import privacy_line

        def export() -> int:
            from services.signalen import export_csv

            return export_csv(store=self.app.store, items=items, path=target)

        run_service(self, export, lambda count: self.notify(f"{count} signalen geëxporteerd naar {target}\n{privacy_line()}",
                                                            markup=False),
                    unexpected="Exporteren mislukt ({kind}).", group="signalen-export")
