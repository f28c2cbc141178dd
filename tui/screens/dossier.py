"""One person's dossier: overzicht with the key dates, contactmomenten, modules and examens, signalen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from tui.widgets.footer import Footer
from tui.threads import post_if_attached
from tui.widgets.explained_list import ExplainedList

if TYPE_CHECKING:
    from tui.dossier_model import DossierData
    from tui.screens.examen_form import NieuwePoging

TABS = ("overzicht", "contact", "modules", "signalen", "geschiedenis")
TAB_TITLES = {
    "overzicht": "1 Overzicht",
    "contact": "2 Contactmomenten",
    "modules": "3 Modules en examens",
    "signalen": "4 Signalen",
    "geschiedenis": "5 Geschiedenis",
}


class PogingList(OptionList):
    """The exam attempts; x or delete removes the highlighted one (after asking)."""

    BINDINGS = [Binding("x,delete", "delete_poging", "poging verwijderen")]

    def action_delete_poging(self) -> None:
        screen = self.screen
        if isinstance(screen, DossierScreen):
            screen.delete_highlighted_poging()


class DossierScreen(Screen):
    """A person's dossier; reached with enter from the caseload."""

    CSS_PATH = "dossier.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    COMMAND_PREFIX = "dossier"
    HELP_TITLE = "Dossier"
    HELP_TEXT = (
        "Alles over één persoon. De tabs wisselen met 1 tot en met 5 (of links/rechts op de tabrij). "
        "Op het overzicht staan de berekende termijnen: kies er een met pijl omhoog/omlaag en druk op enter of t "
        "voor de toelichting (hoe de datum berekend is); T toont alle toelichtingen. "
        "Met e bewerkt u de gegevens, met n legt u een contactmoment vast, met a een examenpoging."
    )
    BINDINGS = [
        Binding("e", "edit", "bewerken"),
        Binding("n", "new_contact", "contactmoment"),
        Binding("a", "add_poging", "examenpoging", show=False),
        Binding("w", "weekplan", "weekplan"),
        Binding("u", "uren", "uren"),
        Binding("escape,backspace", "back", "terug"),
        Binding("ctrl+r", "reload", "opnieuw laden", show=False),
        Binding("1", "tab('overzicht')", "overzicht", show=False),
        Binding("2", "tab('contact')", "contactmomenten", show=False),
        Binding("3", "tab('modules')", "modules en examens", show=False),
        Binding("4", "tab('signalen')", "signalen", show=False),
        Binding("5", "tab('geschiedenis')", "geschiedenis", show=False),
    ]

    _view_logged = False  # the audit trail records one view per opening, not per reload

    def __init__(self, person_id: int, *, tab: str | None = None) -> None:
        super().__init__()
        self.person_id = person_id
        self.initial_tab = tab if tab in TABS else "overzicht"
        self.data: DossierData | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Dossier laden…", id="dossier-header")
        with TabbedContent(initial=self.initial_tab, id="tabs"):
            with TabPane(TAB_TITLES["overzicht"], id="overzicht"):
                with VerticalScroll(id="overzicht-scroll", can_focus=False):
                    yield Static("", id="ontbreekt")
                    with Vertical(id="overzicht-body"):
                        with Vertical(id="datums-col"):
                            yield Static("Termijnen en voortgang  [dim](enter of t: toelichting)[/dim]", classes="section-title")
                            yield ExplainedList(empty_text="Laden…", id="datums")
                        with Vertical(id="feiten-col"):
                            yield Static("Gegevens  [dim](e: bewerken)[/dim]", classes="section-title")
                            yield Static("", id="feiten")
            with TabPane(TAB_TITLES["contact"], id="contact"):
                yield Static("", id="contact-info", classes="section-title")
                yield OptionList(id="contacten")
            with TabPane(TAB_TITLES["modules"], id="modules"):
                with VerticalScroll(id="modules-scroll", can_focus=False):
                    yield Static("", id="modules-status")
                    yield Static("", id="examen-waarschuwing")
                    yield Static("Examenpogingen  [dim](a: toevoegen, x: verwijderen)[/dim]", classes="section-title")
                    yield PogingList(id="pogingen")
            with TabPane(TAB_TITLES["signalen"], id="signalen"):
                with VerticalScroll(id="signalen-scroll"):
                    yield Static("", id="signalen-tabel")
            with TabPane(TAB_TITLES["geschiedenis"], id="geschiedenis"):
                with VerticalScroll(id="geschiedenis-scroll"):
                    yield Static("", id="geschiedenis-tabel")
        yield Footer()

    def on_mount(self) -> None:
        self._focus_tab(self.initial_tab)
        self.reload()

    # -- loading -----------------------------------------------------------------
    def reload(self) -> None:
        """Read the dossier again (after a save here or elsewhere)."""
        self._load()

    @work(thread=True, exclusive=True, group="dossier")
    def _load(self) -> None:
        from tui.dossier_model import load_dossier

        app = self.app
        if app.store is None or app.policy is None:
            post_if_attached(self, self._show_problem, "De database is nog niet geopend; probeer het zo opnieuw (ctrl+r).")
            return
        try:
            if not self._view_logged:  # logged first, so the history below already shows this view
                from storage import audit

                audit.log_event(engine=app.store.engine, actie="bekeken", tabel="person", person_id=self.person_id)
                self._view_logged = True
            data = load_dossier(engine=app.store.engine, person_id=self.person_id, today=app.today(), policy=app.policy)
        except Exception as exc:  # never a traceback on screen
            post_if_attached(self, self._show_problem, f"Het dossier kon niet worden gelezen ({type(exc).__name__}). Probeer ctrl+r.")
            return
        post_if_attached(self, self._loaded, data)

    def _show_problem(self, message: str) -> None:
        self.query_one("#dossier-header", Static).update(Text(message, style="bold red"))

    def _loaded(self, data: DossierData | None) -> None:
        from tui import dossier_model as model

        if data is None:
            self.data = None
            self._show_problem("Dit dossier bestaat niet (meer). Druk op escape om terug te gaan.")
            return
        self.data = data
        self.query_one("#dossier-header", Static).update(model.header_text(data))
        self.query_one("#ontbreekt", Static).update(model.missing_text(data))
        self.query_one("#ontbreekt", Static).display = bool(data.beoordeling.ontbreekt)
        self.query_one("#datums", ExplainedList).set_items(model.datum_items(data))
        self.query_one("#feiten", Static).update(model.facts_renderable(data))
        self._fill_contacten(data)
        self._fill_modules(data)
        self.query_one("#signalen-tabel", Static).update(model.signalen_renderable(data))
        self.query_one("#geschiedenis-tabel", Static).update(model.geschiedenis_renderable(data))
        tabs = self.query_one(TabbedContent)
        tabs.get_tab("signalen").label = f"{TAB_TITLES['signalen']} ({model.signalen_summary(data)})"

    def _fill_contacten(self, data: DossierData) -> None:
        from tui.dossier_model import contact_prompt

        info = self.query_one("#contact-info", Static)
        if data.contacten:
            info.update(Text.assemble(f"{len(data.contacten)} contactmomenten, nieuwste eerst  ", ("(n: nieuw contactmoment)", "dim")))
        else:
            info.update(Text.assemble("Nog geen contactmomenten.  ", ("Druk op n om er een vast te leggen.", "dim")))
        contacten = self.query_one("#contacten", OptionList)
        highlighted = contacten.highlighted_option.id if contacten.highlighted_option else None
        options: list = []
        for index, contact in enumerate(data.contacten):
            if index:
                options.append(None)  # a separator line between entries
            options.append(Option(contact_prompt(contact, data.today), id=f"c{contact.id}"))
        contacten.set_options(options)
        ids = [f"c{c.id}" for c in data.contacten]
        if highlighted in ids:
            contacten.highlighted = contacten.get_option_index(highlighted)
        elif data.contacten:
            contacten.highlighted = 0

    def _fill_modules(self, data: DossierData) -> None:
        from tui import dossier_model as model

        self.query_one("#modules-status", Static).update(model.modules_renderable(data))
        waarschuwing = self.query_one("#examen-waarschuwing", Static)
        waarschuwing.update(model.warnings_text(data))
        waarschuwing.display = bool(data.examen_waarschuwingen)
        pogingen = self.query_one("#pogingen", PogingList)
        previous = pogingen.highlighted
        pogingen.set_options(
            Option(model.poging_prompt(poging, nummer, data), id=f"p{poging.id}")
            for poging, nummer in model.numbered_pogingen(data)
        )
        if data.pogingen:
            pogingen.highlighted = min(previous or 0, len(data.pogingen) - 1)

    # -- tabs ----------------------------------------------------------------------
    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self._focus_tab(tab)

    def _focus_tab(self, tab: str) -> None:
        target = {"overzicht": "#datums", "contact": "#contacten", "modules": "#pogingen", "signalen": "#signalen-scroll",
                  "geschiedenis": "#geschiedenis-scroll"}[tab]
        self.query_one(target).focus()

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id in TABS and not self.query_one("#tabs ContentTabs").has_focus:
            self._focus_tab(event.pane.id)

    # -- actions ---------------------------------------------------------------------
    def action_back(self) -> None:
        self.app.pop_screen()

    def action_reload(self) -> None:
        self.reload()
        self.notify("Dossier opnieuw geladen.", timeout=2)

    def action_edit(self) -> None:
        from tui.screens.person_form import PersonFormScreen

        self.app.push_screen(PersonFormScreen(self.person_id))

    def action_new_contact(self) -> None:
        from tui.screens.contact_form import ContactFormScreen

        def done(new_id: int | None) -> None:
            if new_id is not None:
                self.action_tab("contact")

        self.app.push_screen(ContactFormScreen(self.person_id), done)

    def action_weekplan(self) -> None:
        try:
            self.app.open_weekplan(self.person_id)
        except ImportError:
            self.notify("Het weekplan is nog niet beschikbaar in deze versie.", severity="warning")

    def action_uren(self) -> None:
        try:
            self.app.open_uren(self.person_id)
        except ImportError:
            self.notify("De urenregistratie is nog niet beschikbaar in deze versie.", severity="warning")

    # -- exam attempts -------------------------------------------------------------------
    def action_add_poging(self) -> None:
        from rules.model import Doelgroep, ExamenResultaat
        from tui.screens.examen_form import ExamenFormScreen

        data = self.data
        if data is None:
            return
        niet_behaald: dict[str, int] = {}
        for poging in data.pogingen:
            if poging.resultaat is ExamenResultaat.NIET_BEHAALD:
                niet_behaald[poging.onderdeel.value] = niet_behaald.get(poging.onderdeel.value, 0) + 1
        behaald = {p.onderdeel.value for p in data.pogingen if p.resultaat is ExamenResultaat.BEHAALD}
        self.action_tab("modules")
        form = ExamenFormScreen(
            naam=data.facts.naam, asielstatushouder=data.facts.doelgroep is Doelgroep.ASIELSTATUSHOUDER,
            niet_behaald=niet_behaald, behaald=behaald,
        )
        self.app.push_screen(form, self._poging_entered)

    def _poging_entered(self, poging: NieuwePoging | None) -> None:
        if poging is not None:
            self._save_poging(poging)

    @work(thread=True, exclusive=True, group="dossier-write")
    def _save_poging(self, poging: NieuwePoging) -> None:
        from storage.persons import OpslagFout, add_examenpoging

        try:
            add_examenpoging(engine=self.app.store.engine, person_id=self.person_id, onderdeel=poging.onderdeel,
                             datum=poging.datum, resultaat=poging.resultaat)
        except OpslagFout as exc:
            post_if_attached(self, self._write_failed, "Examenpoging niet opgeslagen", exc.message)
            return
        except Exception as exc:
            post_if_attached(self, self._write_failed, "Examenpoging niet opgeslagen", f"De database gaf een fout ({type(exc).__name__}).")
            return
        post_if_attached(self, self._written, "Examenpoging opgeslagen.")

    def delete_highlighted_poging(self) -> None:
        from rules.dates import format_date
        from tui.screens.confirm import ConfirmScreen

        data = self.data
        pogingen = self.query_one("#pogingen", PogingList)
        option = pogingen.highlighted_option
        if data is None or option is None or option.id is None:
            return
        poging = next((p for p in data.pogingen if f"p{p.id}" == option.id), None)
        if poging is None:
            return
        vraag = f"Examenpoging {poging.onderdeel.label} van {format_date(poging.datum)} ({poging.resultaat.label}) verwijderen?"

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete_poging(poging.id)

        self.app.push_screen(ConfirmScreen(vraag, ja="verwijderen", nee="bewaren"), answered)

    @work(thread=True, exclusive=True, group="dossier-write")
    def _delete_poging(self, poging_id: int) -> None:
        from storage.persons import delete_examenpoging

        try:
            delete_examenpoging(engine=self.app.store.engine, person_id=self.person_id, poging_id=poging_id)
        except Exception as exc:
            post_if_attached(self, self._write_failed, "Examenpoging niet verwijderd", f"De database gaf een fout ({type(exc).__name__}).")
            return
        post_if_attached(self, self._written, "Examenpoging verwijderd.")

    def _write_failed(self, title: str, message: str) -> None:
        from tui.screens.message import MessageScreen

        self.app.push_screen(MessageScreen(title, message))

    def _written(self, message: str) -> None:
        self.notify(message, timeout=3)
        self.reload()
        self.app.data_changed()
