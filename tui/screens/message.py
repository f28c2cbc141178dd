"""A modal message: a Dutch title and explanation, closed with a key."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.css import stylesheet


class MessageScreen(ModalScreen[None]):
    DEFAULT_CSS = stylesheet(__file__, "dialogs.tcss")
    BINDINGS = [Binding("escape,enter,q", "close", "sluiten")]

    def __init__(self, title: str, message: str, *, fatal: bool = False) -> None:
        super().__init__()
        self.title_text, self.message, self.fatal = title, message, fatal

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, id="title")
            yield Static(self.message, id="message", markup=False)
            hint = "Druk op enter om regie te sluiten." if self.fatal else "Druk op enter om verder te gaan."
            yield Static(hint, id="hint")

    def action_close(self) -> None:
        if self.fatal:
            self.app.exit(1)
        else:
            self.dismiss()
