"""The regie Textual app: wires the screens to the store, and little else.

The first frame is painted before SQLAlchemy is even imported: the store is
opened (backed up, migrated) in a worker thread, and the caseload fills in
when it is ready.
"""

from __future__ import annotations

from datetime import date, datetime, time
from time import monotonic
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.binding import Binding

from tui.screens.caseload import CaseloadScreen
from tui.screens.message import MessageScreen
from tui.team_sync import CASELOAD_POLL, CASELOAD_WAIT, TeamSyncMixin
from tui.text import literal

if TYPE_CHECKING:
    from rules.policy import Policy
    from services.store import Locations, Store


IDLE_QUIET = 1.0  # seconds without a key before work is done ahead (RegieApp.when_idle)
IDLE_TRIES = 30  # postponements before that work is given up (a consulent typing for half a minute)
BACKUP_IDLE_TRIES = 600  # the daily backup waits up to ten minutes of typing; then the hourly check starts it
LEAVE_WAITS = 40  # times 0.05 s: quitting waits at most this long for a screen still being built ahead
# Keys that only move a cursor: no use as a palette entry.
_CURSOR_KEYS = {"up", "down", "left", "right", "home", "end", "pageup", "pagedown"}


def _people_provider():
    # Imported on first use of the palette: textual.command costs the first frame ~15 ms.
    from tui.commands import PeopleProvider

    return PeopleProvider


class RegieApp(TeamSyncMixin, App[int]):
    """Caseload, dossiers, weekplan and uren for inburgeringsconsulenten."""

    TITLE = "regie"
    COMMANDS = App.COMMANDS | {_people_provider}
    CSS_PATH = str(Path(__file__).with_name("regie.tcss"))  # absolute: subclasses live elsewhere
    BINDINGS = [
        Binding("ctrl+q", "quit", "afsluiten", priority=True, show=False),
        Binding("f1", "help", "help"),
        Binding("f2,ctrl+f", "search", "zoeken", priority=True),
        Binding("f3,ctrl+n", "add_contact", "contactmoment", priority=True),
        Binding("f4", "aanmelding", "aanmelding", priority=True),
        Binding("f5", "signalen", "signalen", priority=True),
        # Not in the footer (the five above are what a consulent needs most); in F1 and the palette.
        Binding("f6", "monitor", "monitor", priority=True, show=False),
        Binding("f7", "duo", "DUO-berichten", priority=True, show=False),
        Binding("f8", "agenda", "agenda", priority=True, show=False),
        # Declared here so the footer says it in Dutch (Textual's own says "palette").
        Binding("ctrl+p", "command_palette", "opdrachten", show=False, priority=True,
                tooltip="Open het opdrachtenpalet: alle acties en personen zoeken"),
    ]
    COMMAND_PALETTE_BINDING = "ctrl+p"

    def __init__(self, locations: Locations, *, demo: bool = False, today: date | None = None, backups: bool = True,
                 now: datetime | None = None, build_ahead: bool = True) -> None:
        super().__init__()
        # The dossier and the edit form are built off-screen while nobody types (tui/ahead.py); tests that are
        # not about that switch it off, so that no screen is still being built when a test ends.
        self.build_ahead = build_ahead
        self.locations = locations
        self.demo = demo
        self._today = today if today is not None or now is None else now.date()
        self._now = now
        self.backups = backups and not demo
        self.store: Store | None = None
        self.policy: Policy | None = None
        self.consulent: str | None = None
        self.last_azc_locatie: str | None = None  # the aanmelding form offers the AZC of the previous one (this session only)
        self.startup_line: str | None = None
        self._passphrase: str | None = None  # typed in PassphraseScreen, handed to the next open_store only
        self._last_key = 0.0  # monotonic time of the last key (see when_idle)
        self.sub_title = "DEMO: verzonnen gegevens" if demo else str(locations.database.name)

    async def action_quit(self) -> None:
        """ctrl+q: leave at once, unless a form holds typing that is not saved: then ask first."""
        from tui.screens.confirm import ConfirmScreen
        from tui.screens.form import FormScreen

        if isinstance(self.screen, ConfirmScreen) and getattr(self.screen, "quit_question", False):
            return  # already asking
        dirty = [screen for screen in self.screen_stack if isinstance(screen, FormScreen) and screen.is_dirty()]
        if not dirty:
            self._leave()
            return

        def answered(leave: bool | None) -> None:
            if not leave:
                return
            for screen in dirty:
                flush = getattr(screen, "draft_flush", None)
                if flush is not None:
                    flush()
            self._leave()

        kept = any(hasattr(screen, "draft_flush") for screen in dirty)
        question = ConfirmScreen(
            "Er staat niet-opgeslagen invoer in een formulier. Toch afsluiten?",
            detail=("Wat u typte blijft als concept bewaard en wordt bij de volgende start aangeboden."
                    if kept else "Wat u typte gaat dan verloren."),
            ja="afsluiten", nee="terug naar het formulier",
        )
        question.quit_question = True
        self.push_screen(question, answered)

    def today(self) -> date:
        """The date the app reasons about (fixed in tests and screenshots)."""
        return self._today or date.today()

    def now(self) -> datetime:
        """The moment the app reasons about (fixed in tests): with only a fixed date, the end of that day,
        so a test's outcome never depends on the hour it runs at."""
        if self._now is not None:
            return self._now
        if self._today is not None:
            return datetime.combine(self._today, time(23, 59, 59))
        return datetime.now()

    def get_default_screen(self) -> CaseloadScreen:
        return CaseloadScreen()

    async def on_event(self, event) -> None:
        from textual import events

        if isinstance(event, events.Key):
            self._last_key = monotonic()
        await super().on_event(event)

    def _handle_exception(self, error: Exception) -> None:
        """An error no screen caught ends the app, as in Textual, but with one Dutch line instead of Textual's
        traceback: that one lists local variables, which may hold a person's name or BSN. The process then ends
        with code 1 (run_app), so a script around regie sees it."""
        from rich.text import Text

        self._return_code = 1
        if self._exception is None:  # Pilot re-raises it in tests, as Textual does
            self._exception = error
            self._exception_event.set()
        cause = getattr(error, "error", None) or error  # a worker's failure carries the error itself
        self._exit_renderables.append(Text(
            f"regie is gestopt door een onverwachte fout ({type(cause).__name__}). Alles wat u had opgeslagen, is "
            "bewaard. Start regie opnieuw; gebeurt dit vaker, meld dan de naam van de fout bij uw beheerder.",
            style="bold red"))
        self._close_messages_no_wait()

    def update_styles(self, node, animate: bool = True) -> None:
        """Textual restyles a widget whenever a class changes, also while it is still being constructed (an Input's
        ``compact`` does so in its ``__init__``). A widget that is not in the DOM yet is styled in full when it is
        mounted, so restyling it now is wasted: for the edit form's ~300 widgets that was a third of its build."""
        if node is not self and not node.is_attached:
            return
        super().update_styles(node, animate=animate)

    def when_idle(self, callback, *, quiet: float | None = None, tries: int = IDLE_TRIES) -> None:
        """Run ``callback`` once nobody has typed for ``quiet`` seconds (default IDLE_QUIET; work done ahead, such
        as building a screen off-screen, must never be what a key waits for); given up after ``tries`` postponements."""
        quiet = IDLE_QUIET if quiet is None else quiet

        def check(left: int) -> None:
            if monotonic() - self._last_key >= quiet:
                callback()
            elif left > 0:
                self.set_timer(quiet, partial(check, left - 1))

        self.set_timer(quiet, partial(check, tries))

    def on_mount(self) -> None:
        # Paint first: importing SQLAlchemy and opening the store would compete
        # with the first frame for the interpreter.
        self.call_after_refresh(self._open_store)

    @work(thread=True, exclusive=True, group="store")
    def _open_store(self) -> None:
        try:
            from rules.errors import SettingsError
            from rules.policy import load_policy
            from services import store as store_module

            policy = load_policy(self.locations.settings_file)
            if self.demo:
                opened = store_module.open_demo_store(self.locations, today=self.today())
                consulent = store_module.DEMO_CONSULENT
            else:
                from services.preferences import load_consulent

                passphrase, self._passphrase = self._passphrase, None  # never a worker argument: those get logged
                # No backup in the foreground: a migration still gets one first (inside open_store),
                # the daily one runs in the background once the caseload shows and nobody types (_store_opened).
                opened = store_module.open_store(self.locations, backup_on_start=False, passphrase=passphrase)
                consulent = load_consulent(self.locations.config_dir)
        except SettingsError as exc:
            self.call_from_thread(self._fatal, "De instellingen kloppen niet", str(exc))
            return
        except store_module.PassphraseNeeded as exc:
            self.call_from_thread(self._ask_passphrase, exc.new, str(exc), None)
            return
        except store_module.WrongKeyError as exc:
            if exc.passphrase:
                self.call_from_thread(self._ask_passphrase, False, "", str(exc))
            else:
                self.call_from_thread(self._fatal, "De database kan niet worden geopend", str(exc))
            return
        except store_module.StoreError as exc:
            self.call_from_thread(self._fatal, "De database kan niet worden geopend", str(exc))
            return
        except Exception as exc:  # never a traceback on the user's screen
            self.call_from_thread(self._fatal, "regie kon niet starten", f"Onverwachte fout ({type(exc).__name__}).")
            return
        from services.afspraak_brief import remove_old_print_files as remove_old_letters
        from services.weekplan_print import remove_old_print_files

        remove_old_print_files()  # printed weekplans hold personal data in plain text
        remove_old_letters()  # and so do appointment letters
        self.call_from_thread(self._store_opened, opened, policy, consulent)

    def _ask_passphrase(self, new: bool, message: str, error: str | None) -> None:
        """No keyring, or a wachtzin database: ask (masked), then open the store again."""
        from tui.screens.passphrase import PassphraseScreen

        def answered(passphrase: str | None) -> None:
            if passphrase is None:
                self.exit(0)
                return
            self._passphrase = passphrase
            self._open_store()

        self.push_screen(PassphraseScreen(new=new, message=message, error=error), answered)

    def _store_opened(self, opened: Store, policy: Policy, consulent: str | None) -> None:
        self.store, self.policy, self.consulent = opened, policy, consulent
        if self.backups:
            # The daily backup reads and decrypts the whole database: not while the caseload is read, nor while
            # someone types; once the rows are on screen and the keyboard has been quiet for a moment.
            self._after_caseload(partial(self.when_idle, self._backup_if_due, tries=BACKUP_IDLE_TRIES),
                                 left=round(CASELOAD_WAIT / CASELOAD_POLL))
            self.set_interval(3600, self._backup_if_due)  # a session that runs for days still gets one a day
        from services.preferences import use_consulent

        use_consulent(consulent)
        for screen in self.screen_stack:
            if isinstance(screen, CaseloadScreen):
                screen.reload()
        if consulent is None and not self.demo:
            self.action_set_consulent()
        self._offer_drafts()
        self.start_team()  # team mode: header line and background sync (tui/team_sync.py); nothing when not linked

    def _backup_if_due(self) -> None:
        from services.backups import start_backup_if_due

        running = getattr(self, "_backup", None)
        if self.store is not None and (running is None or not running.running):
            self._backup = start_backup_if_due(self.store)

    # -- first start and drafts ------------------------------------------------
    def action_set_consulent(self) -> None:
        from services.preferences import load_telefoon
        from tui.screens.consulent import ConsulentScreen

        def chosen(gebruiker) -> None:
            if gebruiker is None:
                return
            from services.errors import ServiceError
            from services.preferences import save_consulent, save_telefoon, use_consulent

            if gebruiker.naam:
                self.consulent = gebruiker.naam
                use_consulent(gebruiker.naam)
            if self.demo:
                self.notify("Demo: uw naam geldt tot u regie sluit; uw telefoon wordt niet bewaard.", timeout=5)
            else:
                try:
                    if gebruiker.naam:
                        save_consulent(self.locations.config_dir, gebruiker.naam)
                    save_telefoon(self.locations.config_dir, gebruiker.telefoon or "")
                except ServiceError as exc:
                    self.notify(f"Niet bewaard: {exc}", severity="error")
                except OSError:
                    self.notify("Uw naam en telefoon konden niet worden bewaard; regie vraagt er de volgende keer "
                                "opnieuw om.", severity="warning")
            if gebruiker.naam:
                telefoon = f", telefoon {literal(gebruiker.telefoon)}" if gebruiker.telefoon else ""
                self.notify(f"Ingesteld: consulent {literal(gebruiker.naam)}{telefoon}.")
            self.data_changed()
            if isinstance(self.screen, CaseloadScreen):
                self.screen.refresh_rows()

        telefoon = None if self.demo else load_telefoon(self.locations.config_dir)
        self.push_screen(ConsulentScreen(self.consulent, telefoon), chosen)

    def _offer_drafts(self) -> None:
        from tui.threads import run_service

        store = self.store
        if store is None:
            return

        def load():
            from services.drafts import list_drafts

            return list_drafts(store=store)

        def loaded(drafts) -> None:
            if drafts:
                self._show_drafts(drafts)

        # Drafts are a courtesy: a failure to read them is not worth a message.
        run_service(self, load, loaded, failed=lambda _message: None, group="drafts")

    def _show_drafts(self, drafts) -> None:
        from tui.screens.drafts import DraftsScreen

        self.push_screen(DraftsScreen(drafts), self._reopen_draft)

    def _reopen_draft(self, draft) -> None:
        from services.drafts import claim_of

        if draft is None:
            return
        if draft.form == "aanmelding":
            from tui.screens.aanmelding import AanmeldingScreen

            screen = AanmeldingScreen(draft=draft.data)
            screen.draft_claim = claim_of(draft)  # saved with the draft's claim: never twice from two windows
            self.push_screen(screen, self._after_aanmelding)
        elif draft.form == "contact" and draft.person_id is not None:
            from tui.screens.contact_form import ContactFormScreen

            screen = ContactFormScreen(draft.person_id, draft=draft.data)
            screen.draft_claim = claim_of(draft)
            self.push_screen(screen)
        elif draft.form == "persoon" and draft.person_id is not None:
            from tui.screens.person_form import PersonFormScreen

            # The edit form over the person's dossier, as if e was pressed there: the form reads its draft back.
            self.open_dossier(draft.person_id)
            PersonFormScreen.show(self, draft.person_id)

    # -- fast entry from anywhere ---------------------------------------------
    def action_search(self) -> None:
        from tui.screens.search import SearchScreen

        if self.store is None or isinstance(self.screen, SearchScreen):
            return

        def chosen(person_id: int | None) -> None:
            if person_id is not None:
                self.open_dossier(person_id)

        self.push_screen(SearchScreen(), chosen)

    def action_add_contact(self) -> None:
        """A contactmoment for the person in view; without one, ask who first."""
        from tui.screens.search import SearchScreen

        if self.store is None or isinstance(self.screen, SearchScreen):
            return
        person_id = self.current_person_id()
        if person_id is not None and not isinstance(self.screen, CaseloadScreen):
            self._open_contact_form(person_id)
            return

        def chosen(chosen_id: int | None) -> None:
            if chosen_id is not None:
                self._open_contact_form(chosen_id)

        self.push_screen(SearchScreen(title="Contactmoment vastleggen voor…"), chosen)

    def _open_contact_form(self, person_id: int) -> None:
        from tui.screens.contact_form import ContactFormScreen

        self.push_screen(ContactFormScreen(person_id))

    def action_aanmelding(self) -> None:
        from tui.screens.aanmelding import AanmeldingScreen

        if self.store is None or isinstance(self.screen, AanmeldingScreen):
            return
        self.push_screen(AanmeldingScreen(), self._after_aanmelding)

    def _after_aanmelding(self, person_id: int | None) -> None:
        # A saved aanmelding returns here with None: the user is back where they started. An id is an
        # existing dossier the user chose to open instead ("Is dit dezelfde persoon?").
        if person_id is not None:
            self.open_dossier(person_id)

    # -- command palette ----------------------------------------------------------
    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        from tui.widgets.palette import RegieCommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(RegieCommandPalette(id="--command-palette"))

    def get_system_commands(self, screen):
        """Every action of the screen in view ("dossier: bewerken"), then regie's own, all in Dutch.

        Only the bindings regie declares are listed (the ones F1 shows too): those
        Textual's widgets bring along (copy, scroll, next tab) are English and left out,
        and so is moving the cursor, which the palette has no use for."""
        from textual.app import SystemCommand

        from tui.screens.help import regie_bindings

        prefix = getattr(screen, "COMMAND_PREFIX", "scherm")
        bound: set[str] = set()
        for node in [screen, *screen.walk_children()]:
            for binding in regie_bindings(node):
                keys = [key.strip() for key in binding.key.split(",") if key.strip()]
                fresh = [key for key in keys if key not in bound]
                bound.update(keys)  # the screen's own binding of a key hides a widget's (enter: "dossier openen")
                if not binding.description or not fresh or binding.action.startswith("app.") or set(keys) <= _CURSOR_KEYS:
                    continue
                key = self.get_key_display(Binding(fresh[0], binding.action, binding.description, key_display=binding.key_display))
                yield SystemCommand(f"{prefix}: {binding.description}", f"toets {key}", partial(node.run_action, binding.action))
        yield SystemCommand("zoeken: persoon openen", "F2 · zoek op naam, kenmerk of BSN", self.action_search)
        yield SystemCommand("persoon: nieuw contactmoment", "F3 · voor de persoon in beeld, of kies eerst", self.action_add_contact)
        yield SystemCommand("nieuwe aanmelding", "F4 · na een AZC-bezoek", self.action_aanmelding)
        yield SystemCommand("signalen: alle termijnen van de caseload", "F5", self.action_signalen)
        # "rapport" and "raadsrapportage" in the title: the palette matches on the title, and that is what people type.
        yield SystemCommand("monitor: cijfers en grafieken (rapport, raadsrapportage)",
                            "F6 · instroom, PIP's, leerroutes, Z-route; de raadsrapportage schrijft ‘regie rapport --html’",
                            self.action_monitor)
        yield SystemCommand("DUO: berichten", "F7 · klaar, geblokkeerd, verzonden, afgewezen", self.action_duo)
        yield SystemCommand("DUO: opvragen wat DUO weet", "per BSN: termijn, PIP, ontheffingen, examens (d op het DUO-scherm)",
                            self.action_duo_opvragen)
        yield SystemCommand("agenda: mijn afspraken vandaag", "F8 · en deze week, of van een collega", self.action_agenda)
        yield SystemCommand("agenda: afspraak plannen", "voor de persoon in beeld, of kies eerst", self.action_plan_afspraak)
        yield from self.team_commands()
        yield SystemCommand("CSV: inlezen of exporteren", "personen, uren of besluiten (Excel)", self.action_csv)
        yield SystemCommand("instellingen: mijn naam en telefoon", "voor ‘mijn caseload’, het weekplan en de afspraakbrief", self.action_set_consulent)
        yield SystemCommand("help bij dit scherm", "F1", self.action_help)
        yield SystemCommand("kleurenthema wisselen", "licht of donker", self.action_change_theme)
        yield SystemCommand("regie afsluiten", "ctrl+q", self.action_quit)

    def _fatal(self, title: str, message: str) -> None:
        self.push_screen(MessageScreen(title, message, fatal=True))

    # -- navigation: every screen is opened through these, so keys and the
    # command palette reach the same place from anywhere ------------------
    def open_dossier(self, person_id: int, *, tab: str | None = None) -> None:
        """Open a person's dossier (optionally at a tab: overzicht, contact, modules, signalen, geschiedenis, duo)."""
        from tui.screens.dossier import DossierScreen

        DossierScreen.show(self, person_id, tab=tab)

    def action_signalen(self) -> None:
        from tui.screens.signalen import SignalenScreen

        if self.store is None or isinstance(self.screen, SignalenScreen):
            return
        self.push_screen(SignalenScreen())

    def action_monitor(self) -> None:
        from tui.screens.monitor import MonitorScreen

        if self.store is None or isinstance(self.screen, MonitorScreen):
            return
        self.push_screen(MonitorScreen())

    def action_duo(self) -> None:
        from tui.screens.duo import DuoScreen

        if self.store is None or isinstance(self.screen, DuoScreen):
            return
        self.push_screen(DuoScreen(self.store, today=self.today(), config_dir=self.locations.config_dir,
                                   on_open=self.open_dossier))

    def action_duo_opvragen(self) -> None:
        """The DUO screen, asking DUO at once what it knows of the caseload (as d there does)."""
        from tui.screens.duo import DuoScreen

        if self.store is None:
            return
        if isinstance(self.screen, DuoScreen):
            self.screen.action_opvragen()
            return
        self.push_screen(DuoScreen(self.store, today=self.today(), config_dir=self.locations.config_dir,
                                   on_open=self.open_dossier, opvragen=True))

    def action_agenda(self) -> None:
        from tui.screens.agenda import AgendaScreen

        if self.store is None or isinstance(self.screen, AgendaScreen):
            return
        self.push_screen(AgendaScreen())

    def action_csv(self) -> None:
        """Read personen, uren or besluiten in from CSV, or write them out (tui/screens/csv_bestanden.py)."""
        from platformdirs import user_documents_dir

        from tui.screens.csv_bestanden import CsvScreen

        if self.store is None:
            return
        folder = Path(user_documents_dir())
        self.push_screen(CsvScreen(default_folder=folder if folder.is_dir() else Path.home()))

    def action_plan_afspraak(self) -> None:
        """An afspraak for the person in view; without one, ask who first."""
        from tui.screens.afspraak_form import AfspraakFormScreen
        from tui.screens.search import SearchScreen

        if self.store is None or isinstance(self.screen, SearchScreen):
            return
        person_id = self.current_person_id()
        if person_id is not None and not isinstance(self.screen, CaseloadScreen):
            self.push_screen(AfspraakFormScreen(person_id))
            return

        def chosen(chosen_id: int | None) -> None:
            if chosen_id is not None:
                self.push_screen(AfspraakFormScreen(chosen_id))

        self.push_screen(SearchScreen(title="Afspraak plannen voor…"), chosen)

    def open_weekplan(self, person_id: int) -> None:
        from tui.screens.weekplan import WeekplanScreen

        self.push_screen(WeekplanScreen(person_id))

    def open_uren(self, person_id: int) -> None:
        from tui.screens.uren import UrenScreen

        self.push_screen(UrenScreen(person_id))

    def current_person_id(self) -> int | None:
        """The person in view: the open dossier's, or the caseload's highlighted row."""
        return getattr(self.screen, "person_id", None)

    def data_changed(self) -> None:
        """Something was saved: screens showing derived data reload."""
        for screen in self.screen_stack:
            reload = getattr(screen, "reload", None)
            if reload is not None and screen is not self.screen:
                reload()

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def _leave(self, waited: int = 0) -> None:
        from tui.ahead import still_building

        if still_building(self) and waited < LEAVE_WAITS:  # a screen built ahead: let it finish first (at most 2 s)
            self.set_timer(0.05, partial(self._leave, waited + 1))
            return
        self._close_store()
        self.exit(0)

    def _close_store(self) -> None:
        if self.store is None:
            return
        for screen in self.screen_stack:
            if isinstance(screen, CaseloadScreen):
                screen.save_filter_now()  # a filter typed just before quitting is kept too
        from services.store import close_store

        backup, self._backup = getattr(self, "_backup", None), None
        if backup is not None:
            backup.stop()  # an unfinished copy is dropped; the previous backups stay, the next start redoes it
        close_store(self.store, backup=False)
        self.store = None
        from services.afspraak_brief import remove_old_print_files as remove_old_letters
        from services.weekplan_print import remove_old_print_files

        remove_old_print_files()
        remove_old_letters()


# How long a thread may hold the interpreter while another waits for it (Python's default is 5 ms). The app's
# background work (reading the caseload again, a team sync, the backup's steps) runs in threads; every key passes
# through several threads (input, event loop, output), and each hand-over could wait the full interval behind
# that work. At 1 ms a key typed while a sync runs is barely slower than one typed while nothing runs.
SWITCH_INTERVAL = 0.001


def run_app(locations: Locations, *, demo: bool = False, today: date | None = None) -> int:
    import sys

    sys.setswitchinterval(SWITCH_INTERVAL)
    app = RegieApp(locations, demo=demo, today=today)
    result = app.run()
    app._close_store()
    return app.return_code or result or 0
