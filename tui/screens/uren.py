"""A person's urenregistratie: Z-route progress, DUO's counters and every registration, newest first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, Static

from rules.weekplan import ZROUTE_PARTICIPATIE_UITLEG
from tui.css import stylesheet
from tui.threads import run_service
from tui.widgets.footer import Footer
from tui.widgets.progress_bar import ZrouteProgress
from tui.widgets.virtual_table import TableColumn, VirtualTable
from rules.text import safe_for_terminal
from tui.text import literal

if TYPE_CHECKING:
    from services.uren import LaatsteKeuze, PersonRecord, UrenRegel

COLUMNS = (
    TableColumn("datum", "Datum", 13, min_width=13),
    TableColumn("soort", "Soort", 21, min_width=12),
    TableColumn("uren", "Uren", 6, min_width=6),
    TableColumn("bron", "Bron", 22, min_width=10),
    TableColumn("omschrijving", "Omschrijving", 30, flex=True, min_width=12),
)


def row_for(regel: UrenRegel) -> tuple:
    from rules.dates import format_hours
    from rules.weekplan import WEEKDAGEN_KORT

    return (
        f"{WEEKDAGEN_KORT[regel.datum.weekday()]} {regel.datum:%d-%m-%Y}",
        regel.soort.label,
        format_hours(regel.uren),
        regel.bron or Text.assemble(("—", "dim")),
        Text.assemble(("ingelezen ", "italic") if regel.ingelezen else "", regel.omschrijving),
    )


class UrenScreen(Screen):
    """Urenregistratie of one person."""

    HELP_TITLE = "Urenregistratie"
    HELP_TEXT = (
        "Bovenaan de voortgang op de Z-route (800 uur taal/KNM en, waar het geldt, 800 uur participatie): "
        "hoeveel uur er nog nodig is, wat bij een gelijkmatig tempo nu verwacht wordt (│ in de balk) en wanneer de "
        "uren in het huidige tempo gehaald zijn. DUO's drie tellers staan er apart onder. "
        "r stelt de uren van deze week voor volgens het weekplan: streep met spatie door wat niet doorging en sla op. "
        "Uren uit een import tonen hun bron en ‘ingelezen’; corrigeren met e, verwijderen met x."
        + "\n\n" + ZROUTE_PARTICIPATIE_UITLEG
    )
    BINDINGS = [
        Binding("n", "new", "nieuw"),
        Binding("r", "register", "week registreren"),
        Binding("e", "edit", "corrigeren"),
        Binding("x,delete", "delete", "verwijderen"),
        Binding("w", "weekplan", "weekplan", show=False),
        Binding("escape", "back", "terug"),
    ]
    DEFAULT_CSS = stylesheet(__file__, "weekplan.tcss")

    def __init__(self, person_id: int) -> None:
        super().__init__()
        self.person_id = person_id
        self.record: PersonRecord | None = None
        self.regels: list[UrenRegel] = []
        self.laatste: LaatsteKeuze | None = None
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Urenregistratie laden…", id="uren-person", markup=False)
        yield ZrouteProgress(id="uren-progress")
        yield Static("", id="uren-summary")
        yield VirtualTable(COLUMNS, empty_text="Uren laden…", id="uren-table")
        yield Footer()

    def on_mount(self) -> None:
        self.table.focus()
        self.reload()

    @property
    def table(self) -> VirtualTable:
        return self.query_one(VirtualTable)

    @property
    def progress(self) -> ZrouteProgress:
        return self.query_one(ZrouteProgress)

    # -- loading -----------------------------------------------------------------
    def reload(self) -> None:
        self._load()

    def _load(self) -> None:
        store = self.app.store
        if store is None:
            return

        def load():
            from services.uren import load_uren

            return load_uren(store=store, person_id=self.person_id, as_of=self.app.today())

        run_service(self, load, lambda view: self._loaded(view.record, view.regels, view.laatste),
                    failed=lambda message: self.notify(message, severity="error", timeout=8),
                    unexpected="De uren konden niet worden geladen ({kind}).", group="uren-load")

    def _loaded(self, record: PersonRecord | None, regels: list[UrenRegel], laatste: LaatsteKeuze | None) -> None:
        from rules.dates import format_hours
        from rules.engine import assess
        from rules.policy import Policy

        self.record, self.regels, self.laatste = record, regels, laatste
        self.loaded = True
        if record is None:
            self.query_one("#uren-person", Static).update("Deze persoon bestaat niet (meer).")
            return
        from rules.pip import actuele_leerroute

        facts = record.facts
        leerroute = actuele_leerroute(facts)  # the plan in force: a gewijzigd PIP's leerroute
        route = f" · {leerroute.label}" if leerroute else " · nog geen leerroute"
        self.query_one("#uren-person", Static).update(f"Urenregistratie · {literal(facts.naam)} · {literal(facts.kenmerk)}{route}")
        beoordeling = assess(facts, self.app.today(), self.app.policy or Policy())
        if leerroute is None:
            reason = "Nog geen leerroute: er geldt nog geen urenverplichting. Geregistreerde uren tellen wel voor DUO."
        else:
            reason = f"{leerroute.label}: geen urenverplichting (die geldt alleen op de Z-route). Uren tellen wel voor DUO."
        uren = facts.uren
        self.progress.show(beoordeling.zroute, reason=reason, taal_knm=uren.taal_knm,
                           brede_intake=uren.taal_knm_brede_intake, participatie=uren.participatie)
        total = sum(r.minuten for r in regels) / 60
        self.query_one("#uren-summary", Static).update(
            f"{len(regels)} registraties, samen {format_hours(round(total, 2))} uur · nieuwste bovenaan"
        )
        self.table.empty_text = "Nog geen uren geregistreerd. n: nieuw · r: deze week volgens het weekplan"
        self.table.set_rows([row_for(r) for r in regels])

    # -- actions -----------------------------------------------------------------
    def current(self) -> UrenRegel | None:
        index = self.table.cursor_row
        return self.regels[index] if 0 <= index < len(self.regels) else None

    def _chosen(self) -> UrenRegel | None:
        regel = self.current()
        if regel is None:
            self.notify("Geen registratie gekozen.", severity="warning")
        return regel

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_weekplan(self) -> None:
        self.app.open_weekplan(self.person_id)

    def action_new(self) -> None:
        from tui.screens.uren_form import UrenFormScreen

        if not self.loaded:
            return
        self.app.push_screen(UrenFormScreen(self.person_id, laatste=self.laatste), self._changed)

    def action_edit(self) -> None:
        from tui.screens.uren_form import UrenFormScreen

        if (regel := self._chosen()) is not None:
            self.app.push_screen(UrenFormScreen(self.person_id, regel=regel), self._changed)

    @on(VirtualTable.Selected)
    def _selected(self) -> None:
        self.action_edit()

    def action_delete(self) -> None:
        from rules.dates import format_date, format_hours
        from tui.screens.confirm import ConfirmScreen

        if (regel := self._chosen()) is None:
            return
        detail = f"{format_date(regel.datum)} · {regel.soort.label} · {format_hours(regel.uren)} uur"
        if regel.bron:
            detail += f" · bron: {safe_for_terminal(regel.bron)}"
        question = "Deze registratie verwijderen? De totalen gaan meteen omlaag."

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete(regel)

        self.app.push_screen(ConfirmScreen(question, detail=detail, ja="ja, verwijderen", nee="nee, bewaren"), answered)

    def _delete(self, regel: UrenRegel) -> None:
        from rules.dates import format_hours

        def delete() -> None:
            from services.uren import delete_uren

            delete_uren(store=self.app.store, person_id=self.person_id, uren_id=regel.id)

        def deleted(_none) -> None:
            self.notify(f"Registratie van {format_hours(regel.uren)} uur verwijderd.")
            self._changed(True)

        def refused(exc) -> None:
            self.notify(f"Niet verwijderd: {exc}", severity="error", timeout=8, markup=False)
            self.reload()

        run_service(self, delete, deleted, refused=refused,
                    failed=lambda message: self.notify(message, severity="error", timeout=8),
                    unexpected="Niet verwijderd: de database gaf een fout ({kind}).", group="uren-write", exclusive=False)

    def action_register(self) -> None:
        from rules.weekplan import Week
        from tui.screens.uren_week import UrenWeekScreen

        self.app.push_screen(UrenWeekScreen(self.person_id, week=Week.of(self.app.today())), self._changed)

    def _changed(self, result) -> None:
        if result:
            self.reload()
            self.app.data_changed()
