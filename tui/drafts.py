"""Drafts for forms: whatever is typed is saved to the database as you go,
so a closed terminal or a crash loses nothing; the next start offers it back.

Draft writes run in worker threads, so without care a write still under way
could land after the form was saved and its draft deleted, and the next start
would offer a draft of something already saved. Every write and the final
delete of one draft therefore go through one lock per draft key, and a write
only goes ahead while it is the newest and the form is still open.
"""

from __future__ import annotations

import threading

from textual import work
from textual.screen import Screen
from textual.timer import Timer

DRAFT_DELAY = 0.6  # seconds of quiet typing before the draft is written

_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def _lock_for(key: str) -> threading.Lock:
    """One lock per draft key, shared by every form writing that draft."""
    with _locks_guard:
        return _locks.setdefault(key, threading.Lock())


class DraftMixin:
    """Mix into a form Screen. Implement `draft_key`, `draft_form`, `collect_draft()`
    and `restore_draft(data)`; call `draft_changed()` on every edit, `draft_done()`
    after saving or discarding (and `draft_reopen()` if the form is edited again)."""

    draft_key: str
    draft_form: str
    draft_person_id: int | None = None
    _draft_timer: Timer | None = None
    _draft_enabled: bool = True
    _draft_generation: int = 0  # raised by every write and by draft_done: only the newest write may land
    # The form as it opened (defaults filled in, nothing typed): not a draft. A form
    # edited back to it has its draft removed, so nothing untyped is offered on the next start.
    draft_baseline: dict | None = None
    # Set when the form was recovered from a stored draft (services.drafts.claim_of): the save passes it,
    # so one draft recovered in two windows cannot be saved twice.
    draft_claim: str | None = None

    def draft_save_args(self) -> tuple[str, str | None]:
        """(draft_key, draft_claim) for the save service: the draft goes in the save's own transaction."""
        return self.draft_key, self.draft_claim

    def absolute_dates(self, data: dict) -> dict:
        """`data` with every date typed as a shorthand ("vandaag", "+2w", "ma") written out as dd-mm-jjjj,
        so a draft recovered tomorrow keeps the date it meant today. A field is a date when a DateInput
        of the form has its name as id (or as id after "f-") and holds exactly that text."""
        from rules.dates import format_date
        from tui.widgets.date_input import DateInput

        screen: Screen = self  # type: ignore[assignment]
        resolved: dict[str, tuple[str, str]] = {}
        for widget in screen.query(DateInput):
            datum, fout = widget.parse()
            if widget.id and datum is not None and not fout:
                for name in {widget.id, widget.id.removeprefix("f-")}:
                    resolved[name] = (widget.value, format_date(datum))

        def walk(value):
            if isinstance(value, dict):
                out = {}
                for key, item in value.items():
                    if isinstance(item, str) and key in resolved and item == resolved[key][0]:
                        out[key] = resolved[key][1]
                    else:
                        out[key] = walk(item)
                return out
            return value

        return walk(data)

    def collect_draft(self) -> dict:  # pragma: no cover - interface
        raise NotImplementedError

    def restore_draft(self, data: dict) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def draft_changed(self) -> None:
        if not self._draft_enabled:
            return
        screen: Screen = self  # type: ignore[assignment]
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = screen.set_timer(DRAFT_DELAY, self._write_draft)

    def _write_draft(self) -> None:
        if not self._draft_enabled:
            return
        self._draft_generation += 1
        typed = self.collect_draft()
        self._save_draft_worker(self.absolute_dates(typed), self._draft_generation, typed)

    @work(thread=True, group="draft")
    def _save_draft_worker(self, data: dict, generation: int, typed: dict | None = None) -> None:
        from services.drafts import delete_draft, save_draft

        store = self.app.store  # type: ignore[attr-defined]
        if store is None:
            return
        with _lock_for(self.draft_key):
            # Checked under the lock: a newer write, or the form being saved, wins.
            if not self._draft_enabled or generation != self._draft_generation:
                return
            try:
                if self.draft_baseline is not None and (typed if typed is not None else data) == self.draft_baseline:
                    delete_draft(store=store, key=self.draft_key)
                else:
                    save_draft(store=store, key=self.draft_key, form=self.draft_form, data=data, person_id=self.draft_person_id)
            except Exception:
                pass  # a draft is a courtesy; the real save reports its own errors

    def draft_done(self) -> None:
        """The form was saved or deliberately discarded: forget its draft.

        Waits for a draft write still under way (one small write at most), so
        the delete is the last word and nothing is offered back on the next start."""
        self._draft_enabled = False
        self._draft_generation += 1
        if self._draft_timer is not None:
            self._draft_timer.stop()
        store = self.app.store  # type: ignore[attr-defined]
        if store is not None:
            from services.drafts import delete_draft

            with _lock_for(self.draft_key):
                try:
                    delete_draft(store=store, key=self.draft_key)
                except Exception:
                    pass

    def draft_flush(self) -> None:
        """Write the draft now, on this thread (the app is about to quit): what was typed is offered back next start."""
        if not self._draft_enabled:
            return
        if self._draft_timer is not None:
            self._draft_timer.stop()
        store = self.app.store  # type: ignore[attr-defined]
        if store is None:
            return
        from services.drafts import save_draft

        typed = self.collect_draft()
        if self.draft_baseline is not None and typed == self.draft_baseline:
            return
        self._draft_generation += 1
        with _lock_for(self.draft_key):
            try:
                save_draft(store=store, key=self.draft_key, form=self.draft_form, data=self.absolute_dates(typed),
                           person_id=self.draft_person_id)
            except Exception:
                pass  # a draft is a courtesy; quitting goes on

    def draft_reopen(self) -> None:
        """The form is edited afresh after `draft_done()` (reloaded): draft it again."""
        self._draft_enabled = True
