"""Team mode in the app: the header's team line and the background synchronisation.

Mixed into `RegieApp`: `start_team()` once the store is open. Nothing here
blocks the UI: the status read and every sync run in worker threads (through
`run_service`); a teamdatabase that cannot be reached only changes the
header to "offline sinds …". The interval is the municipality's setting
`team_sync_minuten` (rules/policy.py).
"""

from __future__ import annotations

from functools import partial

from textual.app import SystemCommand

DEFAULT_MINUTES = 5  # when the settings are not loaded yet (the same default as rules.policy.Policy)
# The start's team work waits for the caseload's first rows, looking every CASELOAD_POLL seconds, at most this long.
CASELOAD_POLL, CASELOAD_WAIT = 0.05, 30.0


class TeamSyncMixin:
    """For RegieApp: `store`, `policy`, `sub_title` and `run_worker` come from the app."""

    team_status = None  # services.team.TeamStatus once read; None before the store is open
    _team_base: str | None = None  # the header's sub title without the team line
    _team_timer = None
    _team_worker = None
    _team_error: str | None = None  # the last Dutch error shown, so a repeating one is shown once

    def start_team(self) -> None:
        """Once the caseload's rows are on screen: read the team status; when linked, sync now and every
        `team_sync_minuten` minutes.

        Not before the rows: importing the PostgreSQL driver, logging in and applying what colleagues did
        are work in threads that share the interpreter with the caseload's own read, and made the start of a
        linked laptop about a fifth slower (benchmarks/team_latency.py). A second later nobody notices."""
        if self._team_base is None:
            self._team_base = self.sub_title
        self._after_caseload(partial(self.refresh_team_status, then_sync=True), left=round(CASELOAD_WAIT / CASELOAD_POLL))

    def _after_caseload(self, callback, *, left: int) -> None:
        """`callback` after the frame that shows the caseload's first rows (the app's `startup_line` is set then);
        without them after CASELOAD_WAIT seconds all the same (a caseload that could not be read)."""
        if getattr(self, "startup_line", "") is not None or left <= 0:
            self.call_after_refresh(callback)
        else:
            self.set_timer(CASELOAD_POLL, partial(self._after_caseload, callback, left=left - 1))

    def refresh_team_status(self, *, then_sync: bool = False) -> None:
        """Read the status (three small local reads) off the UI thread and show it in the header."""
        from tui.threads import run_service

        store = self.store
        if store is None:
            return

        def read():
            from services import team

            return team.status(store)

        def show(status) -> None:
            self._show_team_status(status)
            if then_sync and status.linked:
                self.team_sync_now()
                if self._team_timer is None:
                    minutes = getattr(self.policy, "team_sync_minuten", DEFAULT_MINUTES)
                    self._team_timer = self.set_interval(minutes * 60, self.team_sync_now, name="team-sync")

        run_service(self, read, show, failed=lambda _message: None, group="team-status")

    def _show_team_status(self, status) -> None:
        self.team_status = status
        base = self._team_base if self._team_base is not None else self.sub_title
        line = status.text()
        self.sub_title = f"{base} · {line}" if line else base
        for screen in self.screen_stack:  # the signalen screen's line about open conflicten
            show_line = getattr(screen, "_show_team_line", None)
            if show_line is not None:
                show_line()

    def team_sync_now(self) -> None:
        """Push and pull in a worker; a sync still running is left to finish (never two at once)."""
        from tui.threads import run_service

        store = self.store
        if store is None or (self._team_worker is not None and self._team_worker.is_running):
            return

        def sync():
            from services import team

            try:
                result = team.sync(store)
            except team.TeamOfflineError:
                result = None  # the status says "offline sinds …"; the work waits in the outbox
            return result, team.status(store)

        self._team_worker = run_service(self, sync, self._synced, failed=self._sync_failed, group="team-sync",
                                        exclusive=False)

    def _synced(self, outcome) -> None:
        result, status = outcome
        self._team_error = None
        self._show_team_status(status)
        if result is not None and result.pulled:
            self.team_data_arrived()

    def _sync_failed(self, message: str) -> None:
        if message != self._team_error:  # once, not every few minutes
            self._team_error = message
            self.notify(message, title="team", severity="warning", timeout=10)
        self.refresh_team_status()

    def team_data_arrived(self) -> None:
        """Colleagues' changes came in: the lists on screen read again (the caseload first of all)."""
        for screen in self.screen_stack:
            reload = getattr(screen, "reload", None)
            if reload is not None and getattr(screen, "TEAM_RELOAD", True):
                reload()

    # -- the Conflicten list ------------------------------------------------------
    def open_team_list(self, section: str = "c") -> None:
        """The Conflicten screen, with the cursor at conflicten (c), mogelijk dubbel (d) or geweigerd (r)."""
        from tui.screens.team import ConflictenScreen

        if self.store is None or isinstance(self.screen, ConflictenScreen):
            return
        self.push_screen(ConflictenScreen(section=section))

    def team_commands(self):
        """The palette's team entries (only when this laptop is linked to a teamdatabase)."""
        status = self.team_status
        if status is None or not status.linked:
            return
        yield SystemCommand("team: conflicten", "beide waarden, wie en wanneer; kiezen of samenvoegen",
                            lambda: self.open_team_list("c"))
        yield SystemCommand("team: mogelijk dubbel", "twee keer aangemeld? samenvoegen met alles erbij",
                            lambda: self.open_team_list("d"))
        yield SystemCommand("team: nu synchroniseren", status.text(), self.team_sync_now)
