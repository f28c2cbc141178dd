"""A person's weekplan, one ISO week at a time: activities per day, overlaps, holidays and totals against the targets."""

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
from tui.widgets.week_grid import CATEGORY_STYLES, WeekGrid
from rules.text import safe_for_terminal
from tui.text import literal

if TYPE_CHECKING:
    from rules.weekplan import Week, WeekplanItem
    from services.weekplan import WeekplanPerson


class WeekplanScreen(Screen):
    """Weekplan of one person; `[` and `]` browse the weeks."""

    HELP_TITLE = "Weekplan"
    HELP_TEXT = (
        "Het weekplan van de inburgeraar per week (maandag t/m zondag): taal (formeel en informeel), participatie "
        "en financiële educatie, elk met een eigen kleur én naam. Een activiteit herhaalt zich elke week binnen "
        "‘geldig van’ en ‘geldig tot’. Met [ en ] (of ← →) bladert u door de weken. Activiteiten die tegelijk vallen "
        "staan gemarkeerd met OVERLAP; feestdagen staan bij de dag en bij elke activiteit die erop valt. Onderaan "
        "ziet u per soort de geplande uren tegen het weekdoel van de gemeente. Wijzigen (e) geldt vanaf de getoonde "
        "week (of de datum bij ‘geldig van’): eerdere weken blijven zoals ze gepland waren. Beëindigen (x) laat een "
        "activiteit na de getoonde week stoppen: de geschiedenis blijft bewaard. Begint de activiteit in de getoonde "
        "week, dan verwijdert x haar na een vraag. r stelt de uren van deze week voor volgens dit plan."
        + "\n\n" + ZROUTE_PARTICIPATIE_UITLEG
    )
    BINDINGS = [
        Binding("left_square_bracket,left", "week(-1)", "vorige week", key_display="[", show=False),
        Binding("right_square_bracket,right", "week(1)", "volgende week", key_display="]", show=False),
        Binding("n", "new", "nieuw"),
        Binding("e", "edit", "wijzigen"),
        Binding("c", "copy", "kopiëren", show=False),
        Binding("x", "end", "beëindigen"),
        Binding("v", "copy_previous", "vorige week kopiëren", show=False),
        Binding("S", "template", "standaardweek", key_display="S"),
        Binding("p", "print", "afdrukken"),
        Binding("r", "register", "uren registreren volgens weekplan", show=False),
        Binding("u", "uren", "urenregistratie", show=False),
        Binding("d", "this_week", "naar deze week", show=False),
        Binding("escape", "back", "terug"),
    ]
    DEFAULT_CSS = stylesheet(__file__, "weekplan.tcss")

    def __init__(self, person_id: int) -> None:
        super().__init__()
        self.person_id = person_id
        self.person: WeekplanPerson | None = None
        self.entries: list[WeekplanItem] = []
        self.week: Week | None = None
        self.days: tuple = ()
        self.loaded = False
        self._keep: WeekplanItem | None = None  # the activity to keep the cursor on after a reload

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Weekplan laden…", id="wp-person", markup=False)
        yield Static("", id="wp-week")
        yield WeekGrid(id="wp-grid")
        yield Static("", id="wp-totals")
        yield Footer()

    def on_mount(self) -> None:
        from rules.weekplan import Week

        self.week = Week.of(self.app.today())
        self._show_week_line()
        self.grid.focus()
        self.reload()

    @property
    def grid(self) -> WeekGrid:
        return self.query_one(WeekGrid)

    # -- loading -----------------------------------------------------------------
    def reload(self) -> None:
        self._load()

    def _load(self) -> None:
        store = self.app.store
        if store is None:
            return

        def load():
            from services.weekplan import load_weekplan

            return load_weekplan(store=store, person_id=self.person_id)

        run_service(self, load, lambda plan: self._loaded(plan.person, plan.entries), failed=self._failed,
                    unexpected="Het weekplan kon niet worden geladen ({kind}).", group="weekplan-load")

    def _failed(self, message: str) -> None:
        self.notify(message, severity="error", timeout=8)

    def _loaded(self, person: WeekplanPerson | None, entries: list[WeekplanItem]) -> None:
        keep, self._keep = self._keep, None
        self.person = person
        self.entries = entries
        self.loaded = True
        if person is None:
            self.query_one("#wp-person", Static).update("Deze persoon bestaat niet (meer).")
        else:
            route = f" · {person.leerroute.label}" if person.leerroute else ""
            line = Text(safe_for_terminal(f"Weekplan · {person.naam} · {person.kenmerk}{route}"))
            if not entries:
                line.append("  nog geen weekplan: S = standaardweek, n = nieuwe activiteit", style="not bold italic")
            self.query_one("#wp-person", Static).update(line)
        self.grid.empty_text = "Geen weekplan."
        self.show_week(keep=keep)

    # -- drawing -----------------------------------------------------------------
    def show_week(self, *, keep: WeekplanItem | None = None) -> None:
        from rules.weekplan import plan_week

        assert self.week is not None
        days = plan_week(self.entries, self.week)
        self.days = days
        self._show_week_line()
        self.grid.set_days(days, today=self.app.today(), keep=keep)
        self._show_totals()

    def _show_week_line(self) -> None:
        from rules.weekplan import Week

        if self.week is None:
            return
        line = Text("◀ [  ", style="dim")
        line.append(self.week.label, style="bold")
        current = Week.of(self.app.today())
        if self.week == current:
            line.append("  (deze week)", style="green")
        elif self.week < current:
            line.append(f"  ({_weeks_text(current.maandag, self.week.maandag)} geleden)", style="dim")
        else:
            line.append(f"  (over {_weeks_text(self.week.maandag, current.maandag)})", style="dim")
        line.append("  ] ▶", style="dim")
        holidays = [f"{d.kort} {d.feestdag}" + (f" ({_activiteiten(len(d.items))})" if d.items else "")
                    for d in self.days if d.feestdag]
        if holidays:
            line.append("  feestdag: " + ", ".join(holidays), style="bold magenta")
        self.query_one("#wp-week", Static).update(line)

    def _show_totals(self) -> None:
        from rules.dates import format_hours
        from rules.policy import Policy
        from rules.weekplan import week_totals

        policy = self.app.policy or Policy()
        text = Text()
        for n, total in enumerate(week_totals(self.days, policy)):
            if n:
                text.append("\n")
            style = CATEGORY_STYLES[total.categorie]
            text.append("▌", style=style)
            text.append(f"{total.categorie.label:<20}", style=style)
            text.append(f"{format_hours(total.uren):>5} u gepland, doel {format_hours(total.doel_uren)} u  ")
            if total.in_orde:
                text.append(f"✓ {total.melding}", style="green")
            else:
                text.append(f"✗ {total.melding}", style="bold red")
        self.query_one("#wp-totals", Static).update(text)

    # -- browsing ----------------------------------------------------------------
    def action_week(self, step: int) -> None:
        if self.week is None:
            return
        self.week = self.week.plus(step)
        self.show_week()

    def action_this_week(self) -> None:
        from rules.weekplan import Week

        self.week = Week.of(self.app.today())
        self.show_week()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_uren(self) -> None:
        self.app.open_uren(self.person_id)

    # -- changing the plan -------------------------------------------------------
    def _selected(self) -> WeekplanItem | None:
        current = self.grid.current
        if current is None:
            self.notify("Geen activiteit gekozen: ga met ↑ ↓ naar een activiteit in deze week.", severity="warning")
            return None
        return current[1]

    def _ready(self) -> bool:
        if not self.loaded or self.person is None or self.week is None:
            self.notify("Het weekplan is nog niet geladen.", severity="warning")
            return False
        return True

    def action_new(self) -> None:
        from tui.screens.weekplan_form import WeekplanFormScreen

        if not self._ready():
            return
        current = self.grid.current
        weekdag = current[0].datum.weekday() if current else 0
        self.app.push_screen(
            WeekplanFormScreen(self.person_id, mode="nieuw", geldig_van=self.week.maandag, weekdag=weekdag),
            self._form_done,
        )

    def action_edit(self) -> None:
        from tui.screens.weekplan_form import WeekplanFormScreen

        if not self._ready() or (item := self._selected()) is None:
            return
        self.app.push_screen(
            WeekplanFormScreen(self.person_id, mode="wijzigen", item=item, geldig_van=max(item.geldig_van, self.week.maandag)),
            self._form_done,
        )

    @on(WeekGrid.Selected)
    def _grid_selected(self) -> None:
        self.action_edit()

    def action_copy(self) -> None:
        from tui.screens.weekplan_form import WeekplanFormScreen

        if not self._ready() or (item := self._selected()) is None:
            return
        start = max(item.geldig_van, self.week.maandag)
        self.app.push_screen(
            WeekplanFormScreen(self.person_id, mode="kopie", item=item, geldig_van=start), self._form_done
        )

    def _form_done(self, saved: WeekplanItem | None) -> None:
        if saved is not None:
            self._reload_after_write(keep=saved)

    def action_end(self) -> None:
        from rules.dates import format_date
        from rules.weekplan import WEEKDAGEN_KORT, removed_when_ended
        from tui.screens.confirm import ConfirmScreen

        if not self._ready() or (item := self._selected()) is None:
            return
        week = self.week
        if removed_when_ended(item, week):
            # Ending it after this week would still leave it in this week: an entry added by mistake goes entirely.
            self.app.push_screen(
                ConfirmScreen(
                    f"‘{item.activiteit}’ ({WEEKDAGEN_KORT[item.weekdag]} {item.tijden}) begint in deze week. "
                    "Helemaal uit het weekplan verwijderen?",
                    detail=f"Ze staat pas vanaf {format_date(item.geldig_van)} in het plan. Wat eerdere weken "
                    "lieten zien, blijft zoals het was.",
                    ja="verwijderen",
                    nee="laten staan",
                ),
                lambda answer: self._remove(item, week) if answer else None,
            )
            return
        einde = week.zondag
        if item.geldig_tot is not None and item.geldig_tot <= einde:
            self.notify(f"‘{literal(item.activiteit)}’ eindigt al op {format_date(item.geldig_tot)}.", severity="warning")
            return
        self._end(item, einde)

    def _remove(self, item: WeekplanItem, week: Week) -> None:
        from services.weekplan import remove_entry

        self._write(lambda store: remove_entry(store=store, person_id=self.person_id, entry_id=item.id, week=week),
                    f"‘{item.activiteit}’ ({item.tijden}) is uit het weekplan verwijderd.")

    def _end(self, item: WeekplanItem, einde) -> None:
        from rules.dates import format_date
        from services.weekplan import end_entry

        self._write(lambda store: end_entry(store=store, person_id=self.person_id, entry_id=item.id, geldig_tot=einde),
                    f"‘{item.activiteit}’ ({item.tijden}) stopt na zondag {format_date(einde)}; eerdere weken blijven bewaard. "
                    "Terugdraaien: ga naar deze week en wis ‘geldig tot’ met e.")

    def action_copy_previous(self) -> None:
        from rules.weekplan import copy_previous_week

        if not self._ready():
            return
        copies = copy_previous_week(self.entries, self.week)
        if not copies:
            vorige = self.week.plus(-1)
            self.notify(
                f"Niets te kopiëren: alles van week {vorige.nummer} loopt al door in week {self.week.nummer} "
                "(of er was niets gepland).",
                severity="warning",
            )
            return
        wat = _activiteiten(len(copies))
        self._add(copies, f"{wat} van week {self.week.plus(-1).nummer} overgenomen vanaf {self.week.maandag:%d-%m-%Y}.")

    def action_template(self) -> None:
        if not self._ready():
            return

        def load():
            from services.settings import load_weekplan_templates

            return load_weekplan_templates(self.app.locations)

        run_service(self, load, self._show_templates,
                    failed=lambda message: self.notify(f"Eigen standaardweken niet gelezen: {message}", severity="error",
                                                       timeout=10),
                    group="weekplan-templates")

    def _show_templates(self, extra: tuple) -> None:
        from tui.screens.weekplan_template import TemplateScreen

        self._extra_templates = extra
        suggested = self.person.leerroute.value if self.person.leerroute else None
        self.app.push_screen(TemplateScreen(self.week, leerroute=suggested, planned=len(self.grid.items), extra=extra),
                             self._template_chosen)

    def _template_chosen(self, naam: str | None) -> None:
        from rules.weekplan import apply_template, template_named

        if naam is None or self.week is None:
            return
        items = apply_template(template_named(naam, getattr(self, "_extra_templates", ())), self.week.maandag)
        self._add(items, f"‘{naam}’ toegevoegd: {len(items)} activiteiten vanaf {self.week.maandag:%d-%m-%Y}. "
                         "Vul aanbieder en locatie aan met e.")

    def _add(self, items, message: str) -> None:
        from services.weekplan import add_entries

        self._write(lambda store: add_entries(store=store, person_id=self.person_id, items=items), message)

    def _write(self, do, message: str) -> None:
        """Run one write in a worker thread; report failure in Dutch and reload either way."""
        store = self.app.store

        def written(_result) -> None:
            self._reload_after_write()
            self.notify(message, timeout=8)

        def refused(exc) -> None:
            self.notify(f"Niet opgeslagen: {exc}", severity="error", timeout=8, markup=False)
            self.reload()

        run_service(self, lambda: do(store), written, refused=refused,
                    failed=lambda text: self.notify(text, severity="error", timeout=8),
                    unexpected="Niet opgeslagen: de database gaf een fout ({kind}). Er is niets gewijzigd.",
                    group="weekplan-write", exclusive=False)

    def _reload_after_write(self, keep: WeekplanItem | None = None) -> None:
        self._keep = keep
        self.reload()
        self.app.data_changed()

    # -- hours and print ---------------------------------------------------------
    def action_register(self) -> None:
        from tui.screens.uren_week import UrenWeekScreen

        if not self._ready():
            return
        self.app.push_screen(UrenWeekScreen(self.person_id, week=self.week), self._registered)

    def _registered(self, result) -> None:
        if result:
            self.app.data_changed()

    def action_print(self) -> None:
        from tui.screens.weekplan_print import PrintScreen
        from services.weekplan_print import default_print_path

        if not self._ready():
            return
        path = default_print_path(self.person.kenmerk, self.week)
        self.app.push_screen(PrintScreen(self.person, self.entries, self.week, path))


def _weeks_text(later, earlier) -> str:
    weeks = (later - earlier).days // 7
    return "1 week" if weeks == 1 else f"{weeks} weken"


def _activiteiten(count: int) -> str:
    return "1 activiteit" if count == 1 else f"{count} activiteiten"
