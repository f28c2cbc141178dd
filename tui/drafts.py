"""Drafts for forms: whatever is typed is saved to the database as you go,
so a closed terminal or a crash loses nothing; the next start offers it back."""

from __future__ import annotations

from textual import work
from textual.screen import Screen
from textual.timer import Timer

DRAFT_DELAY = 0.6  # seconds of quiet typing before the draft is written


class DraftMixin:
    """Mix into a form Screen. Implement `draft_key`, `draft_form`, `collect_draft()`
    and `restore_draft(data)`; call `draft_changed()` on every edit, `draft_done()`
    after saving or discarding."""

    draft_key: str
    draft_form: str
    draft_person_id: int | None = None
    _draft_timer: Timer | None = None
    _draft_enabled: bool = True

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
        self._save_draft_worker(self.collect_draft())

    @work(thread=True, exclusive=True, group="draft")
    def _save_draft_worker(self, data: dict) -> None:
        from storage.drafts import save_draft

        store = self.app.store  # type: ignore[attr-defined]
        if store is None or not self._draft_enabled:
            return
        try:
            save_draft(engine=store.engine, key=self.draft_key, form=self.draft_form, data=data, person_id=self.draft_person_id)
        except Exception:
            pass  # a draft is a courtesy; the real save reports its own errors

    def draft_done(self) -> None:
        """The form was saved or deliberately discarded: forget its draft."""
        self._draft_enabled = False
        if self._draft_timer is not None:
            self._draft_timer.stop()
        store = self.app.store  # type: ignore[attr-defined]
        if store is not None:
            from storage.drafts import delete_draft

            try:
                delete_draft(engine=store.engine, key=self.draft_key)
            except Exception:
                pass
