"""Register a week's hours according to the weekplan: everything planned is proposed as followed, strike what did not happen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from rules.weekplan import ZROUTE_PARTICIPATIE_UITLEG
from tui.css import stylesheet
from tui.threads import run_service
from tui.widgets.footer import Footer
from tui.widgets.virtual_table import TableColumn, VirtualTable
from rules.text import safe_for_terminal
from tui.text import literal

if TYPE_CHECKING:
    from rules.weekplan import BestaandeUren, UrenVoorstel, Week
    from services.weekplan import WeekplanPerson

COLUMNS = (
    TableColumn("aan", "", 3, min_width=3),
    TableColumn("dag", "Dag", 8, min_width=8),
    TableColumn("tijd", "Tijd", 11, min_width=11),
    TableColumn("activiteit", "Activiteit", 26, min_width=18),
    TableColumn("soort", "Telt als", 21, min_width=12),
    TableColumn("uren", "Uren", 5, min_width=5),
    TableColumn("opmerking", "Opmerking", 28, flex=True, min_width=12),
)

# At most this many lines of hours from another source in the question before storing.
MAX_ELDERS_SHOWN = 7


def _cell(value: str, style: str = "") -> Text:
    """A table cell whose style survives rendering (a bare base style is dropped by Text.render)."""
    return Text.assemble((value, style))


class UrenWeekScreen(Screen[bool]):
    """Dismisses with True when hours were registered."""

    HELP_TITLE = "Uren registreren volgens weekplan"
    HELP_TEXT = (
        "Alle activiteiten uit het weekplan van deze week staan klaar als gevolgd [x]. Zet met spatie uit wat niet "
        "doorging, pas met e de uren aan als iemand korter was, en registreer alles met s in één keer. "
        "Met z legt u vast dat iemand een activiteit niet volgde en waarom (ziek, afgemeld, zonder bericht; z nog eens "
        "kiest de volgende reden): dat verzuim wordt bewaard en de activiteit wordt daarna nooit meer als gevolgd "
        "voorgesteld. Een activiteit van vandaag die nog niet is afgelopen wordt pas na afloop voorgesteld. "
        "Taalles (formeel) telt als taal/KNM (vóór de start van de termijn als taal/KNM brede intake); "
        "taalcafé/taalmaatje, participatie en financiële educatie tellen als participatie. "
        "Dagen na vandaag en wat al geregistreerd is (zelfde datum, soort en bron) worden niet voorgesteld, "
        "zodat niets dubbel telt. Op een feestdag staat een activiteit standaard uit. Staan er op die dag al uren "
        "van dezelfde soort uit een andere bron (met de hand ingevoerd, of ingelezen van een school), dan staat de "
        "activiteit ook uit, met de reden erbij; vóór het opslaan ziet u dan per dag en soort wat er al staat.\n\n"
        + ZROUTE_PARTICIPATIE_UITLEG
    )
    BINDINGS = [
        Binding("space", "toggle", "aan/uit"),
        Binding("z", "verzuim", "niet gevolgd: reden"),
        Binding("e", "hours", "uren aanpassen"),
        Binding("A", "toggle_all", "alles aan/uit", key_display="A", show=False),
        Binding("left_square_bracket", "week(-1)", "vorige week", key_display="[", show=False),
        Binding("right_square_bracket", "week(1)", "volgende week", key_display="]", show=False),
        Binding("s,ctrl+s", "save", "registreren", key_display="s"),
        Binding("escape", "cancel", "annuleren"),
    ]
    DEFAULT_CSS = stylesheet(__file__, "weekplan.tcss")

    def __init__(self, person_id: int, *, week: Week) -> None:
        super().__init__()
        self.person_id = person_id
        self.week = week
        self.person: WeekplanPerson | None = None
        self.voorstellen: tuple[UrenVoorstel, ...] = ()
        self.elders: tuple[BestaandeUren, ...] = ()  # hours of this week from another source than the plan
        self.aan: list[bool] = []
        self.minuten: list[int] = []
        self.verzuim: list = []  # per row: the rules.model.VerzuimReden chosen with v, or None
        self.loaded = False
        self._saving = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Uren volgens weekplan", id="uw-title", markup=False)
        yield Static("", id="uw-week")
        yield VirtualTable(COLUMNS, empty_text="Weekplan laden…", id="uw-table")
        yield Input(placeholder="uren, bijv. 2, 1,5 of 1:30 (0 = niet gevolgd)", compact=True, id="uw-edit")
        yield Static("", id="uw-status")
        yield Static("", id="uw-summary")
        yield Footer()

    def on_mount(self) -> None:
        self.table.focus()
        self._show_week_line()
        self.reload()

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#uw-table", VirtualTable)

    # -- loading -----------------------------------------------------------------
    def reload(self) -> None:
        self.loaded = False
        self._load(self.week)

    def _load(self, week: Week) -> None:
        store = self.app.store
        if store is None:
            return

        def load():
            from services.uren import load_uren_week

            return load_uren_week(store=store, person_id=self.person_id, van=week.maandag, tot=week.zondag)

        run_service(self, load, lambda view: self._loaded(week, view.person, view.entries, view.registered, view.verzuim),
                    failed=lambda message: self._status(message, error=True),
                    unexpected="Het weekplan kon niet worden geladen ({kind}).", group="uren-week-load")

    def _loaded(self, week: Week, person, entries, registered, verzuim=()) -> None:
        from rules.weekplan import andere_bron, plan_week, propose_registration

        if week != self.week:
            return  # the consulent already browsed on
        self.person = person
        if person is not None:
            self.query_one("#uw-title", Static).update(f"Uren volgens weekplan · {literal(person.naam)} · {literal(person.kenmerk)}")
        days = plan_week(entries, week)
        pip_datum = person.pip_datum if person else None
        now = self.app.now()
        self.voorstellen = propose_registration(days, today=self.app.today(), pip_datum=pip_datum, registered=registered,
                                                verzuim=verzuim, now=now.time() if now.date() == self.app.today() else None)
        self.elders = andere_bron(days, registered, pip_datum=pip_datum)
        self.aan = [v.standaard_aan for v in self.voorstellen]
        self.verzuim = [None for _ in self.voorstellen]
        self.minuten = [v.minuten for v in self.voorstellen]
        self.loaded = True
        self.table.empty_text = "Geen activiteiten gepland in deze week; maak eerst een weekplan (w in het dossier)."
        self._refresh_rows(keep_cursor=False)

    # -- drawing -----------------------------------------------------------------
    def _show_week_line(self) -> None:
        line = Text("◀ [  ", style="dim")
        line.append(self.week.label, style="bold")
        line.append("  ] ▶", style="dim")
        self.query_one("#uw-week", Static).update(line)

    def _row(self, index: int) -> tuple:
        from rules.dates import format_hours
        from rules.weekplan import WEEKDAGEN_KORT

        v = self.voorstellen[index]
        aan = self.aan[index]
        reden = self.verzuim[index] if index < len(self.verzuim) else None
        if not v.kan_registreren:
            mark, style = _cell(" - ", "dim"), "dim"
        elif aan:
            mark, style = _cell("[x]", "bold green"), ""
        elif reden is not None:
            mark, style = _cell("[v]", "bold magenta"), "strike dim"
        else:
            mark, style = _cell("[ ]", "bold"), "strike dim"
        opmerking = v.reden_uit if v.kan_registreren else v.toelichting
        if reden is not None:
            opmerking = f"niet gevolgd: {reden.label}"
        if v.kan_registreren and self.minuten[index] != v.minuten:
            opmerking = (opmerking + " · " if opmerking else "") + f"gepland {format_hours(v.minuten / 60)} u"
        if v.kan_registreren and not aan and not opmerking:
            opmerking = "niet gevolgd"
        return (
            mark,
            _cell(f"{WEEKDAGEN_KORT[v.datum.weekday()]} {v.datum:%d-%m}", style),
            _cell(v.item.tijden, style),
            _cell(v.omschrijving, style),
            _cell(v.soort.label, style),
            _cell(format_hours(self.minuten[index] / 60), style),
            _cell(opmerking, "bold magenta" if v.reden_uit else "dim"),
        )

    def _refresh_rows(self, *, keep_cursor: bool = True) -> None:
        self.table.set_rows([self._row(i) for i in range(len(self.voorstellen))], keep_cursor=keep_cursor)
        self._show_summary()

    def selected(self) -> list[int]:
        return [i for i, v in enumerate(self.voorstellen) if v.kan_registreren and self.aan[i] and self.minuten[i] > 0]

    def _show_summary(self) -> None:
        from rules.dates import format_hours

        chosen = self.selected()
        per_soort: dict[str, int] = {}
        for i in chosen:
            label = self.voorstellen[i].soort.label
            per_soort[label] = per_soort.get(label, 0) + self.minuten[i]
        possible = [i for i, v in enumerate(self.voorstellen) if v.kan_registreren]
        text = Text("Te registreren: ", style="bold")
        total = sum(per_soort.values())
        text.append(f"{len(chosen)} van {len(possible)} activiteiten, {format_hours(total / 60)} uur")
        if per_soort:
            text.append(" (" + " · ".join(f"{k} {format_hours(m / 60)} u" for k, m in per_soort.items()) + ")")
        skipped = len(self.voorstellen) - len(possible)
        if skipped:
            text.append(f" · {skipped} niet voorgesteld (na vandaag, niet gevolgd of al geregistreerd)", style="dim")
        if self.elders:
            al = sum(r.minuten for r in self.elders)
            text.append(f"\nLet op: deze week staat al {format_hours(al / 60)} uur uit een andere bron", style="bold magenta")
            text.append("; s laat per dag zien wat er staat en vraagt eerst of u toch wilt registreren.")
        self.query_one("#uw-summary", Static).update(text)

    def _status(self, message: str, *, error: bool = False) -> None:
        self.query_one("#uw-status", Static).update(Text(message, style="bold red" if error else "dim"))

    @on(VirtualTable.Highlighted)
    def _highlighted(self, event: VirtualTable.Highlighted) -> None:
        """The full reason of a row proposed unticked (the Opmerking column may be cut off)."""
        from rules.weekplan import WEEKDAGEN_KORT

        if self._saving or not 0 <= event.index < len(self.voorstellen):
            return
        v = self.voorstellen[event.index]
        reden = self.verzuim[event.index] if event.index < len(self.verzuim) else None
        if reden is not None or not v.kan_registreren:  # the Opmerking column may be cut off at 80 columns
            wat = f"niet gevolgd: {reden.label}" if reden is not None else v.toelichting
            self._status(f"{WEEKDAGEN_KORT[v.datum.weekday()]} {v.datum:%d-%m} {safe_for_terminal(v.omschrijving)}: {wat}.")
        elif v.reden_uit:
            self._status(f"{WEEKDAGEN_KORT[v.datum.weekday()]} {v.datum:%d-%m} {safe_for_terminal(v.omschrijving)}: {v.reden_uit}. "
                         "Spatie zet deze activiteit aan of uit.")
        else:
            self._status("")

    # -- actions -----------------------------------------------------------------
    def _current(self) -> int | None:
        index = self.table.cursor_row
        if not 0 <= index < len(self.voorstellen):
            return None
        if not self.voorstellen[index].kan_registreren:
            self._status(f"Deze activiteit kan niet: {self.voorstellen[index].status}.", error=True)
            return None
        return index

    def action_toggle(self) -> None:
        index = self._current()
        if index is None:
            return
        self.aan[index] = not self.aan[index]
        if self.aan[index]:
            self.verzuim[index] = None
        if self.aan[index] and self.minuten[index] == 0:
            self.minuten[index] = self.voorstellen[index].minuten
        self._status("")
        self._refresh_rows()
        self.table.action_cursor_down()

    def action_verzuim(self) -> None:
        """Mark the row as not followed, with the next reason: ziek → afgemeld → zonder bericht → no reason."""
        from rules.model import VerzuimReden

        index = self._current()
        if index is None:
            return
        order = [None, *VerzuimReden]
        self.verzuim[index] = order[(order.index(self.verzuim[index]) + 1) % len(order)]
        self.aan[index] = False
        v = self.voorstellen[index]
        if self.verzuim[index] is None:
            self._status(f"{v.omschrijving}: geen reden; staat uit en wordt later weer voorgesteld.")
        else:
            self._status(f"{v.omschrijving} op {v.datum:%d-%m}: niet gevolgd ({self.verzuim[index].label}); "
                         "wordt bij s bewaard en niet meer als gevolgd voorgesteld. z: andere reden.")
        self._refresh_rows()

    def action_toggle_all(self) -> None:
        possible = [i for i, v in enumerate(self.voorstellen) if v.kan_registreren]
        value = not all(self.aan[i] for i in possible)
        for i in possible:
            self.aan[i] = value
        self._refresh_rows()

    def action_hours(self) -> None:
        from rules.dates import format_hours

        index = self._current()
        if index is None:
            return
        edit = self.query_one("#uw-edit", Input)
        edit.value = format_hours(self.minuten[index] / 60)
        edit.add_class("-shown")
        edit.focus()
        self._editing = index
        self._status(f"Uren voor ‘{safe_for_terminal(self.voorstellen[index].omschrijving)}’ op {self.voorstellen[index].datum:%d-%m}: "
                     "typ het aantal en druk op enter (escape: terug).")

    @on(Input.Submitted, "#uw-edit")
    def _hours_entered(self, event: Input.Submitted) -> None:
        from rules.dates import parse_minutes
        from rules.errors import InputError

        index = getattr(self, "_editing", None)
        if index is None:
            return
        try:
            minuten = parse_minutes(event.value)
        except InputError as exc:
            self._status(exc.message, error=True)
            return
        self.minuten[index] = minuten
        self.aan[index] = minuten > 0
        self._close_edit()
        self._status("")
        self._refresh_rows()

    def _close_edit(self) -> None:
        edit = self.query_one("#uw-edit", Input)
        edit.remove_class("-shown")
        self._editing = None
        self.table.focus()

    def action_week(self, step: int) -> None:
        if self._saving:
            return
        self.week = self.week.plus(step)
        self.voorstellen, self.aan, self.minuten = (), [], []
        self.table.empty_text = "Weekplan laden…"
        self._refresh_rows(keep_cursor=False)
        self._show_week_line()
        self._status("")
        self.reload()

    def action_cancel(self) -> None:
        if self.query_one("#uw-edit", Input).has_class("-shown"):
            self._close_edit()
            self._status("")
            return
        self.dismiss(False)

    def action_save(self) -> None:
        from services.uren import NieuweUren

        if self._saving or not self.loaded:
            return
        if self.query_one("#uw-edit", Input).has_class("-shown"):
            return  # finish the hours first (enter), so nothing unseen is saved
        chosen = self.selected()
        self._missed = self._verzuim_rows()
        if not chosen and not self._missed:
            self._status("Niets aangevinkt om te registreren. Zet activiteiten aan met spatie, of escape om terug te gaan.",
                         error=True)
            return
        regels = [
            NieuweUren(
                datum=self.voorstellen[i].datum,
                soort=self.voorstellen[i].soort,
                minuten=self.minuten[i],
                bron=self.voorstellen[i].bron,
                omschrijving=f"{self.voorstellen[i].omschrijving} · volgens weekplan",
            )
            for i in chosen
        ]
        if self.elders and chosen:
            self._confirm(regels, chosen)
            return
        self._store(regels)

    def _verzuim_rows(self) -> list:
        from services.uren import NieuwVerzuim

        return [
            NieuwVerzuim(datum=v.datum, activiteit=v.omschrijving, soort=v.soort, bron=v.bron, reden=reden,
                         weekplan_entry_id=v.item.id)
            for v, aan, reden in zip(self.voorstellen, self.aan, self.verzuim)
            if v.kan_registreren and not aan and reden is not None
        ]

    def _confirm(self, regels, chosen: list[int]) -> None:
        """Show per day and soort what another source already registered this week, and store only on j."""
        from rules.weekplan import WEEKDAGEN_KORT
        from tui.screens.confirm import ConfirmScreen

        lines = [f"{WEEKDAGEN_KORT[r.datum.weekday()]} {r.datum:%d-%m}  {safe_for_terminal(r.omschrijving)}" for r in self.elders]
        if len(lines) > MAX_ELDERS_SHOWN:  # the question must fit on 80x24; the uren screen lists them all
            lines[MAX_ELDERS_SHOWN - 1:] = [f"… en nog {len(lines) - MAX_ELDERS_SHOWN + 1} (zie de urenregistratie)"]
        overlap = sum(1 for i in chosen if self.voorstellen[i].elders)
        if overlap:
            wat = "1 aangevinkte activiteit valt" if overlap == 1 else f"{overlap} aangevinkte activiteiten vallen"
            lines.append(f"\n{wat} op een dag met uren van dezelfde soort: die kunnen dubbel tellen.")
        elif any(v.elders for v in self.voorstellen):
            lines.append("\nWat op zo'n dag van dezelfde soort is, staat uit en wordt niet geregistreerd.")
        self.app.push_screen(
            ConfirmScreen(
                "Er staan in deze week al uren uit een andere bron. Toch registreren volgens weekplan?",
                detail="\n".join(lines),
                ja="registreren",
                nee="terug, niets opslaan",
            ),
            lambda answer: self._store(regels) if answer else self._status("Niets geregistreerd."),
        )

    def _store(self, regels) -> None:
        self._saving = True
        self._status("Opslaan…")
        self._save(regels)

    def _save(self, regels) -> None:
        missed = list(getattr(self, "_missed", []))

        def save() -> int:
            from services.uren import register_week

            return register_week(store=self.app.store, person_id=self.person_id, regels=regels, today=self.app.today(),
                                 verzuim=missed)

        # nothing was saved on a failure (one transaction)
        run_service(self, save, lambda count: self._saved(count, sum(r.minuten for r in regels), len(missed)),
                    failed=self._failed,
                    unexpected="de database gaf een fout ({kind}); er is niets opgeslagen.", group="uren-week-save")

    def _failed(self, message: str) -> None:
        self._saving = False
        self._status(f"Niet geregistreerd: {message}", error=True)

    def _saved(self, count: int, minuten: int, verzuim: int = 0) -> None:
        from rules.dates import format_hours

        extra = f"; {verzuim} keer niet gevolgd vastgelegd" if verzuim else ""
        self.app.notify(f"{count} activiteiten van {self.week.label} geregistreerd: {format_hours(minuten / 60)} uur{extra}.")
        self.dismiss(True)
