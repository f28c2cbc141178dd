"""The home screen: the whole caseload, its phases and most pressing signalen."""

from __future__ import annotations

import gc
import threading
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from tui.threads import run_service
from tui.widgets.footer import Footer
from tui.widgets.virtual_table import LazyRows, TableColumn, VirtualTable
from rules.text import safe_for_terminal
from tui.text import literal

if TYPE_CHECKING:
    from services.caseload import Caseload, CaseloadEntry, CaseloadFilter

# Widths fit naam, kenmerk, doelgroep, fase, leerroute, consulent and the signaal in
# 120 columns; on 80 the optional ones (min_width 0) drop out from the right and the
# fase shrinks before the signaal does; a larger terminal shares its extra room out over
# the naam, the signaal and the consulent.
COLUMNS = (
    TableColumn("naam", "Naam", 16, flex=True, min_width=14, grow=3),
    TableColumn("kenmerk", "Kenmerk", 15, min_width=12),  # NIEUW-2026-0001 whole
    TableColumn("doelgroep", "Doelgr.", 7),
    TableColumn("fase", "Fase", 15, min_width=12),
    TableColumn("leerroute", "Leerroute", 9),
    TableColumn("consulent", "Consulent", 12, grow=1),
    TableColumn("signaal", "Belangrijkste signaal", 39, min_width=30, grow=2),
)

# Short forms for the narrow columns; the detail line under the table gives the full words.
DOELGROEP_KORT = {"asielstatushouder": "asiel", "gezinsmigrant": "gezin", "overige_migrant": "overig"}
LEERROUTE_KORT = {"onderwijs": "onderwijs"}  # "onderwijsroute"
FASE_KORT = {"aangemeld": "onvolledig", "gekoppeld": "AZC", "brede_intake": "intake", "pip_vastgesteld": "PIP",
             "uitgestroomd": "vertrokken", "gezinslid": "gezinslid"}
FASE_IN_TABEL = {"aangemeld": "aangemeld", "uitgestroomd": "uitgestroomd"}

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
        DOELGROEP_KORT.get(facts.doelgroep.value, facts.doelgroep.label),
        FASE_IN_TABEL.get(entry.fase.value, entry.fase.label),
        (LEERROUTE_KORT.get(entry.leerroute.value, entry.leerroute.label)) if entry.leerroute else "—",
        facts.consulent or "—",
        signaal_cell(entry),
    )


def status_text(counts, *, width: int) -> Text:
    """Totals, overdue signalen and the count per phase; short phase names when the full
    ones would not fit in two lines of ``width``."""
    text = Text(f"{counts.totaal} personen · ")
    if counts.verlopen_signalen:
        text.append(f"verlopen signalen: {counts.verlopen_signalen} ({counts.verlopen_personen} personen)", style="bold red")
    else:
        text.append("geen verlopen signalen", style="green")
    full = "".join(f" · {fase.label}: {n}" for fase, n in counts.per_fase.items() if n)
    if cell_len(text.plain + full) > 2 * width:
        full = " · fase:" + ",".join(f" {FASE_KORT.get(fase.value, fase.label)} {n}" for fase, n in counts.per_fase.items() if n)
    text.append(full)
    return text


def _is_typing(event: events.Key) -> bool:
    """A letter, digit or space typed as such (alt+v arrives with the character "v": that is a key, not typing)."""
    return event.is_printable and bool(event.character) and not event.key.startswith(("alt+", "ctrl+"))


class SearchBox(Input):
    """The caseload's search box: `/` only says "search here", it is never typed."""

    async def _on_key(self, event: events.Key) -> None:
        if event.character == "/":
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)


# A new user on an empty database is told how to start; a filter that hides everyone says how to undo it.
EMPTY_CASELOAD = "Nog geen personen. F4: nieuwe aanmelding, of `regie import personen BESTAND` op de opdrachtregel."
NOTHING_MATCHES = "Geen personen die aan het filter voldoen. Escape wist de zoekterm, alt+x alle filters."


class CaseloadScreen(Screen):
    """Caseload: type to filter, arrows to choose, enter to open."""

    COMMAND_PREFIX = "caseload"  # palette entries read "caseload: …"
    HELP_TITLE = "Caseload"
    HELP_TEXT = (
        "Eén regel per persoon, met de fase en het belangrijkste signaal. "
        "Begin gewoon te typen: een naam, kenmerk of de laatste cijfers van een BSN filtert de lijst direct. "
        "Met ↑ ↓ kiest u een persoon, enter opent het dossier, escape wist de zoekterm. "
        "Past de zoekterm bij meer personen en koos u niemand met ↑ ↓, dan toont enter eerst een lijst om uit te kiezen. "
        "De zoekterm wordt niet bewaard: bij de volgende start is hij leeg. "
        "De filters en de sortering zitten onder alt-toetsen, zodat typen altijd zoeken is. "
        "Kolom doelgroep (Doelgr.): asiel = asielstatushouder, gezin = gezinsmigrant, overig = overige migrant. "
        "Klik op een kolomkop of gebruik alt+s om te sorteren."
    )
    # Letters are for typing a name: every filter and sort key is an alt combination,
    # with priority, because the search box would otherwise type the "v" of alt+v.
    BINDINGS = [
        Binding("alt+m", "toggle_mijn", "mijn caseload", priority=True),
        Binding("alt+v", "toggle_verlopen", "verlopen", priority=True),
        Binding("alt+d", "cycle_doelgroep", "filter doelgroep", show=False, priority=True),
        Binding("alt+l", "cycle_leerroute", "filter leerroute", show=False, priority=True),
        # Not alt+f: most terminals send it as ESC f, which Textual reads as ctrl+right (so are alt+b and ESC b).
        Binding("alt+p", "cycle_fase", "filter fase", show=False, priority=True),
        Binding("alt+s", "cycle_sort", "sorteren", show=False, priority=True),
        Binding("alt+r", "reverse_sort", "sortering omdraaien", show=False, priority=True),
        Binding("alt+x", "clear_filters", "filters wissen", show=False, priority=True),
        Binding("slash", "search", "zoeken", key_display="/", show=False),
        Binding("escape", "clear_search", "zoekterm wissen", show=False),
        Binding("up", "move('cursor_up')", "vorige persoon", show=False),
        Binding("down", "move('cursor_down')", "volgende persoon", show=False),
        Binding("pageup", "move('page_up')", "pagina omhoog", show=False),
        Binding("pagedown", "move('page_down')", "pagina omlaag", show=False),
        Binding("enter", "open", "dossier openen", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[CaseloadEntry] = []
        self.counts = None
        self._announced = False
        self.shown: list[CaseloadEntry] = []
        self._filter: CaseloadFilter | None = None
        # Saving the filter: one writer at a time, each writing the newest state, so the
        # stored filter always ends equal to the last one shown (never a letter short).
        self._save_lock = threading.Lock()
        self._saved_value: str | None = None
        self._reloading = False  # a read is under way: the entries may be older than the database
        self._cursor_chosen = False  # the user moved to a row with the arrows since the list last changed

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Caseload laden…", id="statusbar")
        yield SearchBox(placeholder="typ om te zoeken: naam, kenmerk of laatste cijfers BSN", select_on_focus=False, id="filter")
        yield Static("", id="filterline", classes="muted")
        yield VirtualTable(COLUMNS, empty_text="Caseload laden…", id="table")
        yield Static("", id="detail", classes="muted")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#filter", Input).focus()  # typing is searching, from the first keystroke

    def on_resize(self) -> None:
        # After the new layout: the status line picks its words by the bar's new width.
        self.call_after_refresh(self._show_status)
        self.call_after_refresh(self._show_detail)

    def on_screen_resume(self) -> None:
        # Back from a dossier: the next visitor's name replaces the search, the list stays as it was.
        search = self.query_one("#filter", Input)
        search.focus()
        if search.value:
            search.select_all()

    @property
    def table(self) -> VirtualTable:
        return self.query_one(VirtualTable)

    @property
    def flt(self) -> CaseloadFilter:
        if self._filter is None:
            from services.caseload import CaseloadFilter

            self._filter = CaseloadFilter()
        return self._filter

    # -- loading ---------------------------------------------------------
    def reload(self) -> None:
        self._load()

    def _load(self) -> None:
        app = self.app
        if app.store is None:
            return

        def load() -> Caseload:
            from services.caseload import load_caseload

            return load_caseload(store=app.store, as_of=app.today(), policy=app.policy)

        self._reloading = True
        run_service(self, load, self._caseload_read, group="caseload")

    def _caseload_read(self, caseload: Caseload) -> None:
        from services.caseload import CaseloadFilter

        self._saved_value = caseload.saved_value
        self._reloading = False
        self._entries_as_of = caseload.as_of
        self._afspraken_vandaag = caseload.afspraken_vandaag
        flt = self._filter or caseload.saved_filter or CaseloadFilter()
        self._loaded(caseload.entries, flt)
        # The caseload lives as long as the screen: a full garbage collection that walks its hundreds of
        # thousands of objects would stall a keystroke. Frozen objects are still freed when no longer used.
        gc.freeze()

    def entries_for(self, as_of) -> list[CaseloadEntry] | None:
        """The loaded entries when they were judged on `as_of` and no reload is under way (else None)."""
        if self.counts is None or getattr(self, "_entries_as_of", None) != as_of or self._reloading:
            return None
        return self.entries

    def _loaded(self, entries: list[CaseloadEntry], flt: CaseloadFilter) -> None:
        from services.caseload import count

        self.entries = entries
        self.counts = count(entries)
        self._filter = flt.with_(text=self.query_one("#filter", Input).value)  # the search text is never brought back
        self.table.empty_text = EMPTY_CASELOAD if not entries else NOTHING_MATCHES
        self.refresh_rows(keep_cursor=False)
        if not self._announced:
            from services.caseload import startup_line

            self._announced = True
            now = self.app.now()
            self.app.startup_line = startup_line(entries, consulent=self.app.consulent,
                                                 afspraken=getattr(self, "_afspraken_vandaag", ()),
                                                 nu=now.time() if now.date() == self.app.today() else None)
            self.notify(self.app.startup_line, title="Signalen", timeout=12)
            if getattr(self.app, "build_ahead", False):
                self.app.when_idle(self._prepare_dossier)

    def _prepare_dossier(self) -> None:
        from tui.screens.dossier import DossierScreen

        DossierScreen.prepare(self.app)

    # -- filtering ---------------------------------------------------------
    def refresh_rows(self, *, keep_cursor: bool = True) -> None:
        if self.counts is None:
            return  # still loading; the rows arrive with the data
        from services.caseload import apply_filter

        self.shown = apply_filter(self.entries, self.flt, consulent=self.app.consulent)
        if not keep_cursor:
            self._cursor_chosen = False  # a new list: nobody picked in it yet
        self.table.set_rows(LazyRows(self.shown, row_for), keep_cursor=keep_cursor)
        self.table.set_sort_indicator(self.flt.sort, self.flt.reverse)
        self._show_status()
        self.query_one("#filterline", Static).update(self._describe_filter(len(self.shown)))
        self._show_detail()

    def _show_status(self) -> None:
        if self.counts is None:
            return
        bar = self.query_one("#statusbar", Static)
        bar.update(status_text(self.counts, width=max(20, bar.content_size.width or self.size.width - 2)))

    def _describe_filter(self, shown: int) -> str:
        from rules.model import Doelgroep, Leerroute
        from rules.phase import Fase

        flt = self.flt
        parts = []
        if flt.mijn:
            parts.append(f"mijn caseload ({literal(self.app.consulent or 'naam nog niet ingesteld')})")
        if flt.doelgroep:
            parts.append(f"doelgroep: {Doelgroep(flt.doelgroep).label}")
        if flt.leerroute:
            parts.append("leerroute: " + ("geen" if flt.leerroute == "geen" else Leerroute(flt.leerroute).label))
        if flt.fase:
            parts.append(f"fase: {Fase(flt.fase).label}")
        if flt.verlopen:
            parts.append("met verlopen signalen")
        if flt.text:
            parts.append(f"zoekterm: “{literal(flt.text)}”")
        prefix = f"{shown} van {len(self.entries)} getoond"
        sort = f"gesorteerd op {flt.sort}{' (aflopend)' if flt.reverse else ''}"
        return f"{prefix} · {sort}" + (" · filters: " + ", ".join(parts) + "  (alt+x wist)" if parts else "")

    def _set_filter(self, **changes) -> None:
        self._filter = self.flt.with_(**changes)
        self.refresh_rows(keep_cursor=False)
        if set(changes) != {"text"}:  # the search text is never stored: nothing to save
            self._save_filter()

    @work(thread=True, group="save-filter")
    def _save_filter(self) -> None:
        self.save_filter_now()

    def save_filter_now(self) -> None:
        """Store the filter as it is now (from a worker, or on the way out). Under the lock the
        newest state is read and written, so writes finishing out of order cannot leave an older one,
        and fast typing costs few writes: a save that finds the newest state stored does nothing."""
        from services.caseload import filter_value, save_filter

        store = self.app.store
        if store is None or self._filter is None:
            return
        with self._save_lock:
            value = filter_value(self._filter)
            if value == self._saved_value:
                return
            try:
                save_filter(store=store, value=value)
            except Exception:
                return  # the filter is a convenience; the next change tries again
            self._saved_value = value

    @on(Input.Changed, "#filter")
    def _text_changed(self, event: Input.Changed) -> None:
        self._set_filter(text=event.value)

    @on(Input.Submitted, "#filter")
    def _text_submitted(self) -> None:
        """Enter in the search box: with several people found, and none picked with the arrows, a list to choose
        from; never the top one opened silently (two namesakes look alike in a table)."""
        if self.flt.text.strip() and len(self.shown) > 1 and not self._cursor_chosen:
            self._pick()
            return
        self.action_open()

    def _pick(self) -> None:
        from tui.screens.pick_person import MAX_SHOWN, Candidate, PickPersonScreen

        candidates = [Candidate(id=e.record.id, naam=e.facts.naam, kenmerk=e.facts.kenmerk,
                                geboortedatum=e.record.geboortedatum, bsn=e.record.bsn) for e in self.shown[:MAX_SHOWN]]

        def chosen(person_id: int | None) -> None:
            if person_id is not None:
                self.app.open_dossier(person_id)

        self.app.push_screen(PickPersonScreen(candidates, total=len(self.shown), query=self.flt.text.strip()), chosen)

    def on_key(self, event: events.Key) -> None:
        # In the list, a typed letter or digit goes to the search box: typing is always searching.
        search = self.query_one("#filter", Input)
        if not search.has_focus and _is_typing(event) and event.character != "/":
            search.focus()
            search.insert_text_at_cursor(event.character)
            event.stop()
            event.prevent_default()

    def action_open(self) -> None:
        self.table.action_select()

    def action_move(self, how: str) -> None:
        """↑ ↓ PgUp PgDn from the search box move through the list; the row they reach is the one enter opens."""
        getattr(self.table, f"action_{how}")()
        self._cursor_chosen = True

    def action_search(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_clear_search(self) -> None:
        """Escape: clear the search text and start typing afresh."""
        search = self.query_one("#filter", Input)
        search.value = ""
        search.focus()

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
        from services.caseload import SORT_KEYS

        index = SORT_KEYS.index(self.flt.sort) if self.flt.sort in SORT_KEYS else -1
        self._set_filter(sort=SORT_KEYS[(index + 1) % len(SORT_KEYS)], reverse=False)

    def action_reverse_sort(self) -> None:
        self._set_filter(reverse=not self.flt.reverse)

    def action_clear_filters(self) -> None:
        from services.caseload import CaseloadFilter

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
        entry = self.current_entry()
        detail = self.query_one("#detail", Static)
        if entry is None:
            detail.update("")
            return
        # Imported only with data on screen: before that the store is being opened in a worker
        # thread that imports `rules` too, and a second thread importing it halfway gets a broken module.
        from rules.bsn import mask_bsn
        facts = entry.facts
        parts = [f"{safe_for_terminal(facts.naam)} · {safe_for_terminal(facts.kenmerk)}"]
        # What a narrow terminal leaves out of the table is said here, in full words.
        shown = self.table.visible_columns()
        if "doelgroep" not in shown:
            parts.append(facts.doelgroep.label)
        if "leerroute" not in shown and entry.leerroute:
            parts.append(entry.leerroute.label)
        if "consulent" not in shown and facts.consulent:
            parts.append(f"consulent {safe_for_terminal(facts.consulent)}")
        if facts.nareiziger:
            parts.append("nareiziger")
        if entry.record.bsn:
            parts.append(f"BSN {mask_bsn(entry.record.bsn)}")
        if entry.missing:
            parts.append("ontbreekt: " + ", ".join(entry.missing))
        if entry.signaal:
            parts.append(entry.signaal.toelichting)
        detail.update(Text(" · ".join(parts)))
