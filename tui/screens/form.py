"""The base of every form: ctrl+s saves, escape leaves (asking "weggooien?" when something typed would be lost),
and a form with a draft forgets it when it is saved or thrown away.

A form says what it needs and nothing more: `action_save`, and for the question
`DISCARD_QUESTION` and `is_dirty()`. `FormModal` is the same for a form shown
over the screen below it (contact, uren, weekplan, examen, afhandelen).
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

from textual.binding import Binding
from textual.screen import ModalScreen, Screen

from tui.keep_styles import KeepStyles

ResultType = TypeVar("ResultType")


class FormScreen(KeepStyles, Screen[ResultType], Generic[ResultType]):
    BINDINGS = [
        Binding("ctrl+s", "save", "opslaan", priority=True),
        Binding("escape", "cancel", "annuleren"),
    ]

    # Asked on escape when `is_dirty()`; None leaves at once.
    DISCARD_QUESTION: ClassVar[str | None] = None
    DISCARD_ANSWERS: ClassVar[dict[str, str]] = {}  # ja= and nee= of the question, when not plain "ja"/"nee"
    CANCEL_RESULT: ClassVar[Any] = None  # what the form returns when left without saving

    def is_dirty(self) -> bool:
        """Something typed that is not saved (and would be lost by leaving)."""
        return False

    def action_save(self) -> None:  # pragma: no cover - every form has its own
        raise NotImplementedError

    def action_cancel(self) -> None:
        if self.DISCARD_QUESTION is None or not self.is_dirty():
            self.close_form(self.CANCEL_RESULT)
            return
        from tui.screens.confirm import ConfirmScreen

        def answered(discard: bool | None) -> None:
            if discard:
                self.close_form(self.CANCEL_RESULT)

        self.app.push_screen(ConfirmScreen(self.DISCARD_QUESTION, **self.DISCARD_ANSWERS), answered)

    def close_form(self, result: Any) -> None:
        """Leave with ``result`` (saved, or thrown away): a draft of this form is forgotten first."""
        self.form_closed()
        self.dismiss(result)

    def field_of(self, veld: str):
        """The FormField around the control ``#f-{veld}``, or None when that control stands alone."""
        from tui.widgets.form_field import FormField

        control = self.query_one(f"#f-{veld}")
        parent = control.parent.parent if control.parent else None
        return parent if isinstance(parent, FormField) else None

    def clear_field_errors(self) -> None:
        """Hide every field's error line (before a new attempt to save shows the errors that remain)."""
        from tui.widgets.form_field import FormField

        for field in self.query(FormField):
            if field.has_class("-fout"):
                field.show(None)

    def form_closed(self) -> None:
        """The draft hook: a form that keeps drafts (tui.drafts.DraftMixin) forgets its draft."""
        draft_done = getattr(self, "draft_done", None)
        if draft_done is not None:
            draft_done()


class FormModal(FormScreen[ResultType], ModalScreen[ResultType], Generic[ResultType]):
    """A form over the screen below it."""
