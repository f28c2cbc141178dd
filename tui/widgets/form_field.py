"""One labelled form control with a message line under it (errors, warnings, what a date means)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from tui.css import stylesheet
from tui.widgets.date_input import DateInput


class FormField(Vertical):
    """``label  [control]`` on one line, and below it a message shown only when there is one."""

    DEFAULT_CSS = stylesheet(__file__, "widgets.tcss")

    def __init__(self, label: str, control: Widget, *, hint: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.label = label
        self.control = control
        self.hint = hint
        self._shown: Text | None = None  # the message line as last shown
        control.add_class("form-field--control", update=False)  # styled when mounted; no stylesheet pass now

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label(self.label, classes="form-field--label", markup=False)
            yield self.control
        yield Static("", classes="form-field--message", markup=False)

    def on_mount(self) -> None:
        # No error before anything is typed: an empty required date shows its hint until the user acts.
        if isinstance(self.control, DateInput) and self.control.value.strip():
            self.show(self.control.feedback())
        elif self.hint:
            self.show(Text(self.hint, style="dim"))

    @property
    def message(self) -> Static:
        return self.query_one(".form-field--message", Static)

    def show(self, message: Text | str | None, *, fout: bool = False) -> None:
        """Show ``message`` under the control (nothing: hide the line)."""
        text = message if isinstance(message, Text) else Text(message or "")
        if text == self._shown and fout == self.has_class("-fout"):
            return  # a form checks every field on each key: an unchanged line costs no new layout
        self._shown = text
        line = self.message
        line.update(text)
        line.set_class(bool(text.plain), "-shown")
        self.set_class(fout, "-fout")

    @on(Input.Changed)
    def _date_changed(self, event: Input.Changed) -> None:
        # A date field explains itself as you type; a form may add more after this.
        if isinstance(event.input, DateInput) and event.input is self.control:
            feedback = event.input.feedback()
            self.show(feedback if feedback.plain else (Text(self.hint, style="dim") if self.hint else None),
                      fout=event.input.fout is not None)
