"""The regie Textual app: wires the screens to the store, and little else.

The first frame is painted before SQLAlchemy is even imported: the store is
opened (backed up, migrated) in a worker thread, and the caseload fills in
when it is ready.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.binding import Binding

from tui.screens.caseload import CaseloadScreen
from tui.screens.message import MessageScreen

if TYPE_CHECKING:
    from rules.policy import Policy
    from storage.paths import Locations
    from storage.store import Store


class RegieApp(App[int]):
    """Caseload, dossiers, weekplan and uren for inburgeringsconsulenten."""

    TITLE = "regie"
    CSS_PATH = "regie.tcss"
    BINDINGS = [
        Binding("ctrl+q", "quit", "afsluiten", priority=True, show=False),
        Binding("f1", "help", "help"),
    ]

    def __init__(self, locations: Locations, *, demo: bool = False, today: date | None = None, backups: bool = True) -> None:
        super().__init__()
        self.locations = locations
        self.demo = demo
        self._today = today
        self.backups = backups and not demo
        self.store: Store | None = None
        self.policy: Policy | None = None
        self.consulent: str | None = None
        self.sub_title = "DEMO: verzonnen gegevens" if demo else str(locations.database.name)

    def today(self) -> date:
        """The date the app reasons about (fixed in tests and screenshots)."""
        return self._today or date.today()

    def on_mount(self) -> None:
        self.push_screen(CaseloadScreen())
        self._open_store()

    @work(thread=True, exclusive=True, group="store")
    def _open_store(self) -> None:
        try:
            from rules.errors import InstellingenFout
            from rules.policy import load_policy
            from storage import store as store_module

            policy = load_policy(self.locations.settings_file)
            if self.demo:
                from storage.demo import DEMO_CONSULENT

                opened = store_module.open_demo_store(self.locations, today=self.today())
                consulent = DEMO_CONSULENT
            else:
                opened = store_module.open_store(self.locations, backup_on_start=self.backups)
                consulent = None
        except InstellingenFout as exc:
            self.call_from_thread(self._fatal, "De instellingen kloppen niet", str(exc))
            return
        except store_module.StoreError as exc:
            self.call_from_thread(self._fatal, "De database kan niet worden geopend", str(exc))
            return
        except Exception as exc:  # never a traceback on the user's screen
            self.call_from_thread(self._fatal, "regie kon niet starten", f"Onverwachte fout ({type(exc).__name__}).")
            return
        self.call_from_thread(self._store_opened, opened, policy, consulent)

    def _store_opened(self, opened: Store, policy: Policy, consulent: str | None) -> None:
        self.store, self.policy, self.consulent = opened, policy, consulent
        for screen in self.screen_stack:
            if isinstance(screen, CaseloadScreen):
                screen.reload()

    def _fatal(self, title: str, message: str) -> None:
        self.push_screen(MessageScreen(title, message, fatal=True))

    # -- navigation: every screen is opened through these, so keys and the
    # command palette reach the same place from anywhere ------------------
    def open_dossier(self, person_id: int, *, tab: str | None = None) -> None:
        """Open a person's dossier (optionally at a tab: overzicht, contact, modules, signalen)."""
        from tui.screens.dossier import DossierScreen

        self.push_screen(DossierScreen(person_id, tab=tab))

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

    async def action_quit(self) -> None:
        self._close_store()
        self.exit(0)

    def _close_store(self) -> None:
        if self.store is None:
            return
        if self.backups:
            from storage.backup import BackupError
            from storage.store import backup_on_exit

            try:
                backup_on_exit(self.store)
            except BackupError:
                pass  # the start-up backup still stands; nothing to show on the way out
        self.store.close()
        self.store = None


def run_app(locations: Locations, *, demo: bool = False, today: date | None = None) -> int:
    app = RegieApp(locations, demo=demo, today=today)
    result = app.run()
    app._close_store()
    return result or 0
