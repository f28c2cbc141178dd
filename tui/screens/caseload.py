"""The home screen: the whole caseload, its phases and most pressing signalen."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from tui.widgets.footer import Footer
from tui.widgets.virtual_table import LazyRows, TableColumn, VirtualTable

if TYPE_CHECKING:
    from tui.caseload_model import CaseloadEntry, CaseloadFilter

FILTER_SETTING_KEY = "caseload.filter"

COLUMNS = (
    TableColumn("naam", "Naam", 22, flex=True, min_width=14),
    TableColumn("kenmerk", "Kenmerk", 13, min_width=13),
    TableColumn("doelgroep", "Doelgroep", 17),
    TableColumn("fase", "Fase", 16, min_width=12),
    TableColumn("leerroute", "Leerroute", 14),
    TableColumn("consulent", "Consulent", 15),
    TableColumn("signaal", "Belangrijkste signaal", 46, min_width=28),
)

ERNST_STYLES = {
    "verlopen": "bold red",
    "urgent": "bold dark_orange",
    "binnenkort": "yellow",
    "gepland": "green",
}


def signaal_cell(entry: CaseloadEntry) -> Text:
    from rules.dates import format_date
    from rules.engine import SOORT_LABELS

    signaal = entry.signaal
    if signaal is None:
        return Text("geen signalen", style="dim")
    text = Text()
    text.append(f"{signaal.ernst.label:<10}", style=ERNST_STYLES.get(signaal.ernst.value, ""))
    text.append(f" {format_date(signaal.vervaldatum)} ")
    text.append(SOORT_LABELS.get(signaal.soort, signaal.soort))
    return text


def row_for(entry: CaseloadEntry) -> tuple:
    facts = entry.facts
    naam = Text(facts.naam)
    if entry.missing:
        naam.append(" (onvolledig)", style="italic dark_orange")
    return (
        naam,
        facts.kenmerk,
        facts.doelgroep.label,
        entry.fase.label,
        facts.leerroute.label if facts.leerroute else "—",
        facts.consulent or "—",
        signaal_cell(entry),
    )


class CaseloadScreen(Screen):
    """Caseload: one row per person; `/` to search, enter to open."""

    COMMAND_PREFIX = "caseload"  # palette entries read "caseload: …"
    HELP_TITLE = "Caseload"
    HELP_TEXT = (
        "Eén regel per persoon, met de fase en het belangrijkste signaal. "
        "Typ / en dan een naam, kenmerk of de laatste cijfers van een BSN om direct te filteren. "
        "Klik op een kolomkop of gebruik s om te sorteren."
    )
    BINDINGS = [
        Binding("slash", "search", "zoeken", key_display="/"),
        Binding("m", "toggle_mijn", "mijn caseload"),
        Binding("v", "toggle_verlopen", "verlopen"),
        Binding("d", "cycle_doelgroep", "doelgroep", show=False),
        Binding("l", "cycle_leerroute", "leerroute", show=False),
        Binding("f", "cycle_fase", "fase", show=False),
        Binding("s", "cycle_sort", "sorteren", show=False),
        Binding("r", "reverse_sort", "sortering omdraaien", show=False),
        Binding("x", "clear_filters", "filters wissen", show=False),
        Binding("escape", "leave_search", "terug naar de lijst", show=False),
        Binding("enter", "open", "dossier openen", show=False),
        Binding("q", "app.quit", "afsluiten"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[CaseloadEntry] = []
        self.counts = None
        self._announced = False
        self.shown: list[CaseloadEntry] = []
        self._filter: CaseloadFilter | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Caseload laden…", id="statusbar")
        yield Input(placeholder="/ zoeken op naam, kenmerk of laatste cijfers BSN", id="filter")
        yield Static("", id="filterline", classes="muted")
        yield VirtualTable(COLUMNS, empty_text="Caseload laden…", id="table")
        yield Static("", id="detail", classes="muted")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(VirtualTable).focus()

    @property
    def table(self) -> VirtualTable:
        return self.query_one(VirtualTable)

    @property
    def flt(self) -> CaseloadFilter:
        if self._filter is None:
            from tui.caseload_model import CaseloadFilter

            self._filter = CaseloadFilter()
        return self._filter

    # -- loading ---------------------------------------------------------
    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="caseload")
    def _load(self) -> None:
        from storage.afhandeling import load_afhandelingen
        from storage.queries import get_setting, load_caseload
        from tui.caseload_model import CaseloadFilter, build_entries

        app = self.app
        if app.store is None:
            return
        today = app.today()
        with app.store.engine.connect() as connection:
            records = load_caseload(connection=connection, as_of=today)
            afhandelingen = load_afhandelingen(connection=connection)
            saved = get_setting(connection=connection, key=FILTER_SETTING_KEY)
        entries = build_entries(records, as_of=today, policy=app.policy, afhandelingen=afhandelingen)
        flt = CaseloadFilter()
        if saved and self._filter is None:
            try:
                flt = CaseloadFilter(**json.loads(saved))
            except (TypeError, ValueError):
                flt = CaseloadFilter()  # an unreadable saved filter is simply forgotten
        self.app.call_from_thread(self._loaded, entries, flt if self._filter is None else self._filter)

    def _loaded(self, entries: list[CaseloadEntry], flt: CaseloadFilter) -> None:
        from tui.caseload_model import count

        self.entries = entries
        self.counts = count(entries)
        self._filter = flt
        self.table.empty_text = "Geen personen die aan het filter voldoen. Druk op x om de filters te wissen."
        if flt.text:
            self.query_one("#filter", Input).value = flt.text
        self.refresh_rows(keep_cursor=False)
        if not self._announced:
            from tui.caseload_model import startup_line

            self._announced = True
            self.app.startup_line = startup_line(entries, consulent=self.app.consulent)
            self.notify(self.app.startup_line, title="Signalen", timeout=12)

    # -- filtering ---------------------------------------------------------
    def refresh_rows(self, *, keep_cursor: bool = True) -> None:
        if self.counts is None:
            return  # still loading; the rows arrive with the data
        from tui.caseload_model import apply_filter

        self.shown = apply_filter(self.entries, self.flt, consulent=self.app.consulent)
        self.table.set_rows(LazyRows(self.shown, row_for), keep_cursor=keep_cursor)
        self.table.set_sort_indicator(self.flt.sort, self.flt.reverse)
        counts = self.counts
        status = Text(f"{counts.totaal} personen · ")
        if counts.verlopen_signalen:
            status.append(f"verlopen signalen: {counts.verlopen_signalen} ({counts.verlopen_personen} personen)", style="bold red")
        else:
            status.append("geen verlopen signalen", style="green")
        status.append("".join(f" · {fase.label}: {n}" for fase, n in counts.per_fase.items() if n))
        self.query_one("#statusbar", Static).update(status)
        self.query_one("#filterline", Static).update(self._describe_filter(len(self.shown)))
        self._show_detail()

    def _describe_filter(self, shown: int) -> str:
        from rules.model import Doelgroep, Leerroute
        from rules.phase import Fase

        flt = self.flt
        parts = []
        if flt.mijn:
            parts.append(f"mijn caseload ({self.app.consulent or 'naam nog niet ingesteld'})")
        if flt.doelgroep:
            parts.append(f"doelgroep: {Doelgroep(flt.doelgroep).label}")
        if flt.leerroute:
            parts.append("leerroute: " + ("geen" if flt.leerroute == "geen" else Leerroute(flt.leerroute).label))
        if flt.fase:
            parts.append(f"fase: {Fase(flt.fase).label}")
        if flt.verlopen:
            parts.append("met verlopen signalen")
        if flt.text:
            parts.append(f"zoekterm: “{flt.text}”")
        prefix = f"{shown} van {len(self.entries)} getoond"
        sort = f"gesorteerd op {flt.sort}{' (aflopend)' if flt.reverse else ''}"
        return f"{prefix} · {sort}" + (" · filters: " + ", ".join(parts) + "  (x wist)" if parts else "")

    def _set_filter(self, **changes) -> None:
        self._filter = self.flt.with_(**changes)
        self.refresh_rows(keep_cursor=False)
        self._save_filter()

    @work(thread=True, exclusive=True, group="save-filter")
    def _save_filter(self) -> None:
        from dataclasses import asdict

        from storage.db import write_session
        from storage.models import AppSetting

        store = self.app.store
        if store is None:
            return
        value = json.dumps(asdict(self.flt))
        with write_session(store.engine) as session:
            session.merge(AppSetting(key=FILTER_SETTING_KEY, value=value))

    @on(Input.Changed, "#filter")
    def _text_changed(self, event: Input.Changed) -> None:
        self._set_filter(text=event.value)

    @on(Input.Submitted, "#filter")
    def _text_submitted(self) -> None:
        self.table.focus()
        if len(self.shown) == 1:
            self.table.action_select()

    def action_open(self) -> None:
        self.table.action_select()

    def action_search(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_leave_search(self) -> None:
        """Escape: from the search box back to the list; in the list, clear the search."""
        search = self.query_one("#filter", Input)
        if search.has_focus:
            self.table.focus()
        elif search.value:
            search.value = ""

    def action_toggle_mijn(self) -> None:
        if not self.app.consulent:
            self.notify("Stel eerst uw naam als consulent in; dan toont ‘mijn caseload’ alleen uw personen.", severity="warning")
        self._set_filter(mijn=not self.flt.mijn)

    def action_toggle_verlopen(self) -> None:
        self._set_filter(verlopen=not self.flt.verlopen)

    def _cycle(self, current: str | None, options: list[str]) -> str | None:
        values: list[str | None] = [None, *options]
        return values[(values.index(current) + 1) % len(values)] if current in values else None

    def action_cycle_doelgroep(self) -> None:
        from rules.model import Doelgroep

        self._set_filter(doelgroep=self._cycle(self.flt.doelgroep, [d.value for d in Doelgroep]))

    def action_cycle_leerroute(self) -> None:
        from rules.model import Leerroute

        self._set_filter(leerroute=self._cycle(self.flt.leerroute, [r.value for r in Leerroute] + ["geen"]))

    def action_cycle_fase(self) -> None:
        from rules.phase import Fase

        self._set_filter(fase=self._cycle(self.flt.fase, [f.value for f in Fase]))

    def action_cycle_sort(self) -> None:
        from tui.caseload_model import SORT_KEYS

        index = SORT_KEYS.index(self.flt.sort) if self.flt.sort in SORT_KEYS else -1
        self._set_filter(sort=SORT_KEYS[(index + 1) % len(SORT_KEYS)], reverse=False)

    def action_reverse_sort(self) -> None:
        self._set_filter(reverse=not self.flt.reverse)

    def action_clear_filters(self) -> None:
        from tui.caseload_model import CaseloadFilter

        self.query_one("#filter", Input).value = ""
        self._filter = CaseloadFilter(sort=self.flt.sort, reverse=self.flt.reverse)
        self.refresh_rows(keep_cursor=False)
        self._save_filter()

    def on_click(self, event) -> None:
        # A click on the table's header line sorts by that column.
        table = self.table
        if event.widget is not table or event.y != 0:
            return
        x = 0
        for column, width in table._widths():
            if x <= event.x < x + width + 1:
                same = self.flt.sort == column.key
                self._set_filter(sort=column.key, reverse=(not self.flt.reverse) if same else False)
                return
            x += width + 1

    @on(VirtualTable.Selected)
    def _selected(self, event: VirtualTable.Selected) -> None:
        entry = self.current_entry()
        if entry is not None:
            self.app.open_dossier(entry.record.id)

    @property
    def person_id(self) -> int | None:
        entry = self.current_entry()
        return entry.record.id if entry else None

    # -- detail line -------------------------------------------------------
    @on(VirtualTable.Highlighted)
    def _highlighted(self) -> None:
        self._show_detail()

    def current_entry(self) -> CaseloadEntry | None:
        index = self.table.cursor_row
        return self.shown[index] if 0 <= index < len(self.shown) else None

    def _show_detail(self) -> None:
        from rules.bsn import mask_bsn

        entry = self.current_entry()
        detail = self.query_one("#detail", Static)
        if entry is None:
            detail.update("")
            return
        parts = [f"{entry.facts.naam} · {entry.facts.kenmerk}"]
        if entry.facts.nareiziger:
            parts.append("nareiziger")
        if entry.record.bsn:
            parts.append(f"BSN {mask_bsn(entry.record.bsn)}")
        if entry.missing:
            parts.append("ontbreekt: " + ", ".join(entry.missing))
        if entry.signaal:
            parts.append(entry.signaal.toelichting)
        detail.update(Text(" · ".join(parts)))
