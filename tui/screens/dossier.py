"""One person's dossier: overzicht with the key dates, contactmomenten, modules and examens, signalen."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import AwaitMount, Widget
from textual.widgets import Header, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from tui.widgets.footer import Footer
from tui.threads import post_if_attached, run_service
from tui.widgets.explained_list import ExplainedList
from tui.keep_styles import KeepStyles

if TYPE_CHECKING:
    from services.dossier import DossierData
    from tui.screens.examen_form import NieuwePoging

TABS = ("overzicht", "contact", "modules", "signalen", "geschiedenis", "duo")
TAB_TITLES = {
    "overzicht": "1 Overzicht",
    "contact": "2 Contactmomenten",
    "modules": "3 Modules en examens",
    "signalen": "4 Signalen",
    "geschiedenis": "5 Geschiedenis",
    "duo": "6 DUO",
}
# Below NARROW_TABS columns the full titles do not fit on one tab row (80×24 must show all six).
NARROW_TABS = 100
SHORT_TAB_TITLES = TAB_TITLES | {"contact": "2 Contact", "modules": "3 Examens", "geschiedenis": "5 Historie"}


INSTALLED_NAME = "dossier"  # the one DossierScreen kept for reuse, see DossierScreen.show
PAINT_HOLD_SECONDS = 0.25  # longest wait for the data before an opening dossier is painted "Laden…"

# What has the focus when a tab is shown.
FOCUS_IN_TAB = {
    "overzicht": "#datums",
    "contact": "#contacten",
    "modules": "#pogingen",
    "signalen": "#signalen-scroll",
    "geschiedenis": "#geschiedenis-scroll",
    "duo": "#duo-tab-berichten",
}


class PogingList(OptionList):
    """The exam attempts; x or delete removes the highlighted one (after asking)."""

    BINDINGS = [Binding("x,delete", "delete_poging", "poging verwijderen")]

    def action_delete_poging(self) -> None:
        screen = self.screen
        if isinstance(screen, DossierScreen):
            screen.delete_highlighted_poging()


class ContactList(OptionList):
    """The contactmomenten; enter corrects the highlighted one, x or delete removes it (its author only, after asking)."""

    BINDINGS = [
        Binding("enter", "select", "corrigeren"),
        Binding("x,delete", "delete_contact", "contactmoment verwijderen"),
    ]

    def action_delete_contact(self) -> None:
        screen = self.screen
        if isinstance(screen, DossierScreen):
            screen.delete_highlighted_contact()


def _pane_widgets(tab: str) -> list[Widget]:
    """The widgets of one tab, still empty: :meth:`DossierScreen._fill` shows the data."""
    if tab == "overzicht":
        datums = Vertical(
            Static("Termijnen en voortgang  [dim](enter of t: toelichting)[/dim]", classes="section-title"),
            ExplainedList(empty_text="Laden…", id="datums"),
            id="datums-col",
        )
        feiten = Vertical(Static("Gegevens  [dim](e: bewerken)[/dim]", classes="section-title"), Static("", id="feiten"), id="feiten-col")
        return [VerticalScroll(Static("", id="ontbreekt"), Static("", id="volgende-afspraak"),
                               Vertical(datums, feiten, id="overzicht-body"), id="overzicht-scroll", can_focus=False)]
    if tab == "contact":
        return [Static("", id="contact-info", classes="section-title"), ContactList(id="contacten")]
    if tab == "modules":
        return [VerticalScroll(
            Static("", id="modules-status"),
            Static("", id="examen-waarschuwing"),
            Static("Examenpogingen  [dim](E: toevoegen, x: verwijderen)[/dim]", classes="section-title"),
            PogingList(id="pogingen"),
            id="modules-scroll", can_focus=False,
        )]
    if tab == "duo":
        return [Static("Berichten aan DUO  [dim](i: instellingsnummer van de cursusinstelling)[/dim]", classes="section-title"),
                Static("", id="duo-tab-plaats")]  # DuoTab is mounted here once the store is known (_fill)
    return [VerticalScroll(Static("", id=f"{tab}-tabel"), id=f"{tab}-scroll")]


class DossierScreen(KeepStyles, Screen):
    """A person's dossier; reached with enter from the caseload."""

    CSS_PATH = "dossier.tcss"
    # Side by side only where the facts column keeps room for its values (74 columns of dates beside it).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (115, "-wide")]
    COMMAND_PREFIX = "dossier"
    HELP_TITLE = "Dossier"
    HELP_TEXT = (
        "Alles over één persoon. De tabs wisselen met 1 tot en met 6 (of links/rechts op de tabrij). "
        "Op het overzicht staan de berekende termijnen: kies er een met pijl omhoog/omlaag en druk op enter of t "
        "voor de toelichting (hoe de datum berekend is); T toont alle toelichtingen. "
        "Met e bewerkt u de gegevens, met n legt u een contactmoment vast, met E (hoofdletter) een examenpoging. In de lijst contactmomenten corrigeert enter uw eigen contactmoment en verwijdert x het (de vorige tekst blijft zichtbaar). "
        "Met b legt u een besluit vast: een verlenging van de termijn, een gewijzigd PIP, een ontheffing of vrijstelling "
        "van DUO, of het vertrek; regie toetst het eerst aan de wet en de regels van DUO. "
        "Met o drukt u de warme overdracht af (A4, voor de nieuwe gemeente of de consulent die het overneemt). "
        "Met h opent u het dossier van een gezinslid, met v legt u een vertrek vast (datum en nieuwe gemeente). "
        "Met f plant u een afspraak; het overzicht noemt de eerstvolgende, en p drukt daar de brief voor af. "
        "Tab 6 toont de berichten aan DUO (klaar, geblokkeerd en waarom, verzonden, afgewezen); met i legt u het "
        "instellingsnummer van de cursusinstelling vast dat DUO bij het inburgeringsaanbod vraagt."
    )
    BINDINGS = [
        Binding("e", "edit", "bewerken"),
        Binding("n", "new_contact", "contactmoment"),
        Binding("E", "add_poging", "examenpoging toevoegen", key_display="E", show=False),
        Binding("b", "besluit", "besluit", show=False),
        Binding("o", "overdracht", "warme overdracht", show=False),
        Binding("f", "plan_afspraak", "afspraak plannen", show=False),
        Binding("p", "print_afspraak", "afspraakbrief afdrukken", show=False),
        Binding("w", "weekplan", "weekplan"),
        Binding("u", "uren", "uren"),
        Binding("escape,backspace", "back", "terug"),
        Binding("ctrl+r", "reload", "opnieuw laden", show=False),
        Binding("1", "tab('overzicht')", "overzicht", show=False),
        Binding("2", "tab('contact')", "contactmomenten", show=False),
        Binding("3", "tab('modules')", "modules en examens", show=False),
        Binding("4", "tab('signalen')", "signalen", show=False),
        Binding("5", "tab('geschiedenis')", "geschiedenis", show=False),
        Binding("6", "tab('duo')", "DUO-berichten", show=False),
        Binding("i", "duo_gegevens", "DUO: instellingsnummer", show=False),
        Binding("h", "huishouden", "huishouden", show=False),
        Binding("v", "vertrek", "vertrek vastleggen", show=False),
    ]

    def __init__(self, person_id: int | None, *, tab: str | None = None) -> None:
        super().__init__()
        self.person_id = person_id
        self.initial_tab = tab if tab in TABS else "overzicht"
        self.data: DossierData | None = None
        self._opening = 0  # counts the persons shown; a read for an earlier one is dropped
        self._view_logged = False  # the audit trail records one view per opening, not per reload
        self._built: set[str] = set()  # the tabs whose widgets exist
        self._mounting: dict[str, AwaitMount] = {}
        self._ready = False  # mounted: the tabs can be filled
        self._early: tuple[DossierData | None] | None = None  # (data,) read before the widgets were ready
        self._paint_hold = None  # see _hold_paint
        self._signalen_summary: str | None = None  # the count shown on the Signalen tab

    @classmethod
    def show(cls, app: App, person_id: int, *, tab: str | None = None) -> None:
        """Open a person's dossier.

        One dossier screen stays installed and is filled with the next person
        each time: building its widgets anew cost about 300 ms an opening,
        twice the target of 150 ms. A second dossier opened on top of an open
        one (F2 from the weekplan) gets a screen of its own.
        """
        if not app.is_screen_installed(INSTALLED_NAME):
            screen = cls(person_id, tab=tab)
            app.install_screen(screen, INSTALLED_NAME)
        else:
            screen = app.get_screen(INSTALLED_NAME)
            if screen in app.screen_stack or not isinstance(screen, cls) or not screen._ready:
                screen = cls(person_id, tab=tab)
            else:
                screen._reopen(person_id, tab)
        screen._hold_paint(app)
        app.push_screen(screen)

    def _hold_paint(self, app: App) -> None:
        """Paint the dossier once, filled, instead of an empty one first and then again: each
        frame of this screen costs tens of milliseconds. Held at most PAINT_HOLD_SECONDS."""
        if self._paint_hold is None:
            self._paint_hold = app.batch_update()
            self._paint_hold.__enter__()
        # Every opening gets its own timer, also one that takes over a hold still running:
        # the timer of the earlier opening stands down (see _release_paint), so this one must
        # release the hold, or a slow read would freeze the whole screen.
        app.set_timer(PAINT_HOLD_SECONDS, partial(self._release_paint, self._opening))

    def _release_paint(self, opening: int | None = None) -> None:
        if opening is not None:  # the hold's time is up
            if opening != self._opening:
                return  # the timer of an earlier opening; this one has its own
            if self._paint_hold is not None and self.data is None:
                self._show_loading()  # still reading: say so, and show nothing of the previous person
        hold, self._paint_hold = self._paint_hold, None
        if hold is not None:
            hold.__exit__(None, None, None)
            self.app.screen.refresh()

    def _reopen(self, person_id: int, tab: str | None) -> None:
        """Fill this screen with another person.

        The widgets keep the previous person until the new one is read, so
        that they are refilled without changing size (which would cost
        another layout pass); nothing is painted meanwhile (see _hold_paint),
        and if the reading takes longer, _show_loading empties them first.
        """
        self.person_id = person_id
        self.data = None
        self._opening += 1
        self._view_logged = False
        self.initial_tab = tab if tab in TABS else "overzicht"
        self.query_one(TabbedContent).active = self.initial_tab
        if self.initial_tab in self._built:
            self._focus_tab(self.initial_tab)
        else:
            self.call_next(self._show_tab, self.initial_tab)
        if "overzicht" in self._built:
            self.query_one("#datums", ExplainedList).forget_position()
        if "contact" in self._built:
            self.query_one("#contacten", OptionList).highlighted = None
        if "modules" in self._built:
            self.query_one("#pogingen", PogingList).highlighted = None
        for scroll in self.query(VerticalScroll):
            scroll.scroll_home(animate=False, immediate=True)
        self._load()

    def _show_loading(self) -> None:
        self.query_one("#dossier-header", Static).update("Dossier laden…")
        self._blank_tabs()

    def _label_tabs(self, signalen_summary: str | None = None) -> None:
        """Full tab titles, or short ones on a narrow terminal; the Signalen tab with its count once known."""
        if signalen_summary is not None:
            self._signalen_summary = signalen_summary
        titles = SHORT_TAB_TITLES if self.size.width < NARROW_TABS else TAB_TITLES
        tabs = self.query_one(TabbedContent)
        for tab in TABS:
            title = titles[tab]
            if tab == "signalen" and self._signalen_summary:
                title += f" ({self._signalen_summary})"
            if str(tabs.get_tab(tab).label) != title:
                tabs.get_tab(tab).label = title

    def on_resize(self) -> None:
        if self._ready:
            self._label_tabs()

    def _blank_tabs(self) -> None:
        """Empty every built tab in place (the widgets and the focus stay)."""
        self._signalen_summary = None
        self._label_tabs()
        for tab in self._built:
            self._blank(tab)

    @classmethod
    def prepare(cls, app: App) -> None:
        """Build and lay out the installed dossier ahead, off-screen, while nobody waits (see
        RegieApp.when_idle), so that even the first dossier of a session is only filled."""
        from tui.ahead import build_ahead

        build_ahead(app, INSTALLED_NAME, lambda: cls(None))

    def compose(self) -> ComposeResult:
        if self.person_id is not None:  # built ahead (prepare): no person yet
            self._load()  # the database is read while the screen is built, not after
        yield Header()
        yield Static("Dossier laden…", id="dossier-header")
        self._built.add(self.initial_tab)
        with TabbedContent(initial=self.initial_tab, id="tabs"):
            for tab in TABS:
                with TabPane(TAB_TITLES[tab], id=tab):
                    if tab == self.initial_tab:  # the others are built when first shown
                        yield from _pane_widgets(tab)
        yield Footer()

    def on_mount(self) -> None:
        self._ready = True
        self._label_tabs()
        self._focus_tab(self.initial_tab)
        if self.person_id is None:  # built ahead (prepare)
            from tui.ahead import layout_ahead

            layout_ahead(self)
            # Next, at the next quiet moment: the edit form, so that even the first e of a session only fills it.
            self.app.when_idle(self._prepare_form)
        if self._early is not None:  # read before the widgets were ready
            self._loaded(*self._early)

    def _prepare_form(self) -> None:
        from tui.screens.person_form import PersonFormScreen

        PersonFormScreen.prepare(self.app)

    # -- loading -----------------------------------------------------------------
    def reload(self) -> None:
        """Read the dossier again (after a save here or elsewhere)."""
        self._load()

    def _load(self) -> None:
        log_view = not self._view_logged
        self._view_logged = True
        self._read(self._opening, self.person_id, log_view)

    @work(thread=True, exclusive=True, group="dossier")
    def _read(self, opening: int, person_id: int, log_view: bool) -> None:
        from services.dossier import DossierReadError, open_dossier

        app = self.app
        if app.store is None or app.policy is None:
            post_if_attached(self, self._problem_for, opening, "De database is nog niet geopend; probeer het zo opnieuw (ctrl+r).", log_view)
            return
        try:
            data = open_dossier(store=app.store, person_id=person_id, today=app.today(), policy=app.policy, record=log_view)
        except DossierReadError as exc:  # never a traceback on screen
            post_if_attached(self, self._problem_for, opening, str(exc), log_view and not exc.view_recorded)
            return
        post_if_attached(self, self._loaded_for, opening, data)

    def _problem_for(self, opening: int, message: str, view_not_logged: bool) -> None:
        if opening == self._opening:
            if view_not_logged:  # the next try (ctrl+r) logs the view
                self._view_logged = False
            self._show_problem(message)

    def _loaded_for(self, opening: int, data: DossierData | None) -> None:
        if opening == self._opening:  # not a read for the person shown before
            self._loaded(data)

    def _show_problem(self, message: str) -> None:
        self.query_one("#dossier-header", Static).update(Text(message, style="bold red"))
        if self.data is None:  # nothing read for this person: show nothing of an earlier one
            self._blank_tabs()
        self._release_paint()

    def _loaded(self, data: DossierData | None) -> None:
        if not self._ready:
            self._early = (data,)
            return
        try:
            self._show(data)
        finally:
            self._release_paint()
        # Once the first dossier is painted, the edit form is built ahead, off-screen (e then only fills it).
        if getattr(self.app, "build_ahead", False):
            self.call_after_refresh(self._prepare_form)

    def _show(self, data: DossierData | None) -> None:
        from tui import dossier_model as model

        if data is None:
            self.data = None
            self._show_problem("Dit dossier bestaat niet (meer). Druk op escape om terug te gaan.")
            return
        self.data = data
        self.query_one("#dossier-header", Static).update(model.header_text(data))
        self._label_tabs(model.signalen_summary(data))
        for tab in TABS:
            if tab in self._built:
                self._fill(tab, data)

    def _fill(self, tab: str, data: DossierData) -> None:
        """Show the data on one tab (only on tabs that have been built)."""
        from tui import dossier_model as model

        if tab == "overzicht":
            ontbreekt = self.query_one("#ontbreekt", Static)
            ontbreekt.update(model.missing_text(data))
            ontbreekt.display = bool(data.beoordeling.ontbreekt)
            afspraak = self.query_one("#volgende-afspraak", Static)
            afspraak.update(model.volgende_afspraak_text(data))
            afspraak.display = data.volgende_afspraak is not None
            self.query_one("#datums", ExplainedList).set_items(model.datum_items(data))
            self.query_one("#feiten", Static).update(model.facts_renderable(data))
        elif tab == "contact":
            self._fill_contacten(data)
        elif tab == "modules":
            self._fill_modules(data)
        elif tab == "signalen":
            self.query_one("#signalen-tabel", Static).update(model.signalen_renderable(data))
        elif tab == "geschiedenis":
            self.query_one("#geschiedenis-tabel", Static).update(model.geschiedenis_renderable(data))
        elif tab == "duo":
            self._fill_duo()

    def _blank(self, tab: str) -> None:
        if tab == "overzicht":
            self.query_one("#ontbreekt", Static).display = False
            self.query_one("#volgende-afspraak", Static).display = False
            self.query_one("#datums", ExplainedList).blank()
            self.query_one("#feiten", Static).update("")
        elif tab == "contact":
            self.query_one("#contact-info", Static).update("")
            self.query_one("#contacten", OptionList).clear_options()
        elif tab == "modules":
            self.query_one("#modules-status", Static).update("")
            self.query_one("#examen-waarschuwing", Static).display = False
            self.query_one("#pogingen", PogingList).clear_options()
        elif tab == "duo":
            pass  # DuoTab loads its own messages (_fill_duo)
        else:
            self.query_one(f"#{tab}-tabel", Static).update("")

    def _fill_duo(self) -> None:
        """The DUO tab: the person's messages, checked again on every (re)load of the dossier."""
        from tui.screens.duo import DuoTab

        store = self.app.store
        if store is None or "duo" not in self._built:
            return
        for shown in self.query(DuoTab):
            shown.show_person(self.person_id, today=self.app.today())
            return
        tab = DuoTab(store, person_id=self.person_id, today=self.app.today(), config_dir=self.app.locations.config_dir,
                     id="duo-tab")
        mounting = self.query_one("#duo", TabPane).mount(tab, after="#duo-tab-plaats")

        async def focus_when_mounted() -> None:
            await mounting
            if self.query_one(TabbedContent).active == "duo":
                self._focus_tab("duo")

        self.call_next(focus_when_mounted)

    def _fill_contacten(self, data: DossierData) -> None:
        from tui.dossier_model import contact_prompt

        info = self.query_one("#contact-info", Static)
        if data.contacten:
            info.update(Text.assemble(f"{len(data.contacten)} {'contactmoment' if len(data.contacten) == 1 else 'contactmomenten, nieuwste eerst'}  ",
                                      ("(n: nieuw · enter: corrigeren · x: verwijderen)", "dim")))
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
        self.call_next(self._show_tab, tab)

    async def _show_tab(self, tab: str) -> None:
        """Focus a tab's list, after building its widgets (filled with the loaded dossier) when first shown."""
        if tab not in self._built:
            mounting = self._mounting.get(tab)
            if mounting is None:
                mounting = self._mounting[tab] = self.query_one(f"#{tab}", TabPane).mount_all(_pane_widgets(tab))
                await mounting
                self._built.add(tab)
                if self.data is not None:
                    self._fill(tab, self.data)
            else:
                await mounting
        if self.query_one(TabbedContent).active == tab:
            self._focus_tab(tab)

    def _focus_tab(self, tab: str) -> None:
        found = self.query(FOCUS_IN_TAB[tab])  # the DUO tab's table arrives a moment after its pane
        if found:
            found.first().focus()

    @on(TabbedContent.TabActivated)
    async def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id in TABS:
            if not self.query_one("#tabs ContentTabs").has_focus:
                await self._show_tab(event.pane.id)
            elif event.pane.id not in self._built:  # chosen on the tab row: build it, keep the focus there
                focused = self.focused
                await self._show_tab(event.pane.id)
                if focused is not None:
                    focused.focus()

    # -- actions ---------------------------------------------------------------------
    def action_back(self) -> None:
        self.app.pop_screen()

    def action_reload(self) -> None:
        self.reload()
        self.notify("Dossier opnieuw geladen.", timeout=2)

    def action_edit(self) -> None:
        from tui.screens.person_form import PersonFormScreen

        PersonFormScreen.show(self.app, self.person_id)

    def action_new_contact(self) -> None:
        from tui.screens.contact_form import ContactFormScreen

        def done(new_id: int | None) -> None:
            if new_id is not None:
                self.action_tab("contact")

        self.app.push_screen(ContactFormScreen(self.person_id), done)

    def action_plan_afspraak(self) -> None:
        from tui.screens.afspraak_form import AfspraakFormScreen

        self.app.push_screen(AfspraakFormScreen(self.person_id), lambda new_id: self.reload() if new_id else None)

    def action_print_afspraak(self) -> None:
        from tui.screens.agenda import print_letter

        afspraak = self.data.volgende_afspraak if self.data is not None else None
        if afspraak is None:
            self.notify("Er is geen geplande afspraak om een brief voor af te drukken; plan er een met f.",
                        severity="warning")
            return
        print_letter(self, afspraak.id)

    def action_duo_gegevens(self) -> None:
        from tui.screens.duo_form import DuoGegevensForm

        def saved(changed: bool | None) -> None:
            if changed:
                if "duo" in self._built:
                    self._fill_duo()  # checked again with the new number
                self.action_tab("duo")  # (built and filled when first shown)

        self.app.push_screen(DuoGegevensForm(self.person_id), saved)

    def action_huishouden(self) -> None:
        """Open the dossier of a household member (a list to pick from)."""
        from tui.screens.huishouden import HuishoudenScreen

        data = self.data
        if data is None:
            return
        if not data.huishouden:
            self.notify("Er zijn geen gezinsleden vastgelegd. Een gezin meldt u samen aan met F4 (ctrl+g: gezinslid).")
            return

        def chosen(person_id: int | None) -> None:
            if person_id is not None:
                self.app.open_dossier(person_id)

        self.app.push_screen(HuishoudenScreen(data.facts.naam, data.huishouden, data.today), chosen)

    def action_vertrek(self) -> None:
        """Record a vertrek (date and destination gemeente); once recorded, edit it with e."""
        from rules.model import Status
        from tui.screens.vertrek_form import VertrekForm

        data = self.data
        if data is None:
            return
        if data.facts.status is Status.VERTROKKEN:
            self.notify("Het vertrek is al vastgelegd; wijzig datum of bestemming met e (bewerken).")
            return

        def done(saved: bool | None) -> None:
            if saved:
                self.reload()

        self.app.push_screen(VertrekForm(self.person_id, naam=data.facts.naam, version=data.record.version), done)

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

    def action_besluit(self) -> None:
        from tui.screens.besluit_form import BesluitKeuzeScreen

        data = self.data
        if data is None:
            return
        self.app.push_screen(BesluitKeuzeScreen(data.facts.naam, person_id=self.person_id), self._besluit_chosen)

    def _besluit_chosen(self, soort: str | None) -> None:
        from tui.screens.besluit_form import BesluitFormScreen

        data = self.data
        if soort == "":  # left after removing a decision
            self.reload()
            self.app.data_changed()
            return
        if soort is None or data is None:
            return
        store, person_id, today, version = self.app.store, self.person_id, self.app.today(), data.record.version

        def save(besluit) -> object:
            from services import besluiten

            if soort == "verlenging":
                return besluiten.add_verlenging(store=store, person_id=person_id, verlenging=besluit, today=today)
            if soort == "pip":
                return besluiten.add_pip(store=store, person_id=person_id, pip=besluit, today=today)
            if soort == "ontheffing":
                return besluiten.add_ontheffing(store=store, person_id=person_id, ontheffing=besluit, today=today)
            if soort == "vrijstelling":
                return besluiten.add_vrijstelling(store=store, person_id=person_id, vrijstelling=besluit, today=today)
            return besluiten.record_vertrek(store=store, person_id=person_id, expected_version=version, vertrek=besluit,
                                            today=today)

        def closed(saved: bool | None) -> None:
            if saved:
                self._written("Besluit opgeslagen.")

        def warn(pip) -> list[str]:
            from services import besluiten

            return besluiten.check_pip_warnings(store=store, person_id=person_id, pip=pip, today=today)

        self.app.push_screen(BesluitFormScreen(soort, naam=data.facts.naam, save=save,
                                               warn=warn if soort == "pip" else None), closed)

    def action_overdracht(self) -> None:
        from services.overdracht_print import print_overdracht
        from services.privacy import privacy_line

        app = self.app
        if self.data is None or app.store is None or app.policy is None:
            return
        store, person_id, today, policy = app.store, self.person_id, app.today(), app.policy
        run_service(self, lambda: print_overdracht(store, person_id=person_id, today=today, policy=policy),
                    lambda path: self.notify(f"Warme overdracht opgeslagen: {path}\n{privacy_line()}",
                                             markup=False, timeout=12),
                    failed=partial(self._write_failed, "Warme overdracht niet afgedrukt"), group="dossier-print")

    def _poging_entered(self, poging: NieuwePoging | None) -> None:
        if poging is not None:
            self._save_poging(poging)

    def _save_poging(self, poging: NieuwePoging) -> None:
        from functools import partial

        def save() -> int:
            from services.dossier import add_examenpoging

            return add_examenpoging(store=self.app.store, person_id=self.person_id, onderdeel=poging.onderdeel,
                                    datum=poging.datum, resultaat=poging.resultaat, niveau=poging.niveau,
                                    reden_geen_resultaat=poging.reden_geen_resultaat, today=self.app.today())

        run_service(self, save, lambda _id: self._written("Examenpoging opgeslagen."),
                    failed=partial(self._write_failed, "Examenpoging niet opgeslagen"), group="dossier-write")

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

    # -- contactmomenten: corrected or removed by their author ---------------------------
    def _highlighted_contact(self):
        data = self.data
        option = self.query_one("#contacten", ContactList).highlighted_option
        if data is None or option is None or option.id is None:
            return None
        return next((c for c in data.contacten if f"c{c.id}" == option.id), None)

    @on(OptionList.OptionSelected, "#contacten")
    def _correct_contact(self, event: OptionList.OptionSelected) -> None:
        from tui.screens.contact_form import ContactFormScreen

        event.stop()
        contact = self._highlighted_contact()
        if contact is None:
            return
        if not self._may_change(contact, "corrigeren"):
            return
        self.app.push_screen(ContactFormScreen(self.person_id, contact=contact))

    def _may_change(self, contact, wat: str) -> bool:
        """Only its author may change a contactmoment (one written before authors were kept: anyone)."""
        me = getattr(self.app, "consulent", None)
        if contact.auteur and me and contact.auteur != me:
            self.notify(f"Alleen {contact.auteur}, die dit contactmoment schreef, kan het {wat}. "
                        "Leg een aanvulling vast als nieuw contactmoment (n).", severity="warning", timeout=6)
            return False
        return True

    def delete_highlighted_contact(self) -> None:
        from functools import partial

        from rules.dates import format_date
        from tui.screens.confirm import ConfirmScreen

        contact = self._highlighted_contact()
        if contact is None or not self._may_change(contact, "verwijderen"):
            return
        vraag = f"Contactmoment {contact.soort.label} van {format_date(contact.datum)} verwijderen?"

        def delete() -> None:
            from services.contact import remove_contactmoment

            remove_contactmoment(store=self.app.store, person_id=self.person_id, contact_id=contact.id)

        def answered(yes: bool | None) -> None:
            if yes:
                run_service(self, delete, lambda _none: self._written("Contactmoment verwijderd; de tekst staat in de geschiedenis."),
                            failed=partial(self._write_failed, "Contactmoment niet verwijderd"), group="dossier-write")

        self.app.push_screen(ConfirmScreen(vraag, detail="De tekst blijft zichtbaar in de geschiedenis (tab 5).",
                                           ja="verwijderen", nee="bewaren"), answered)

    def _delete_poging(self, poging_id: int) -> None:
        from functools import partial

        def delete() -> bool:
            from services.dossier import delete_examenpoging

            return delete_examenpoging(store=self.app.store, person_id=self.person_id, poging_id=poging_id)

        run_service(self, delete, lambda _gone: self._written("Examenpoging verwijderd."),
                    failed=partial(self._write_failed, "Examenpoging niet verwijderd"), group="dossier-write")

    def _write_failed(self, title: str, message: str) -> None:
        from tui.screens.message import MessageScreen

        self.app.push_screen(MessageScreen(title, message))

    def _written(self, message: str) -> None:
        self.notify(message, timeout=3)
        self.reload()
        self.app.data_changed()
