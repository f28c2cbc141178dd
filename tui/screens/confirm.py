"""A small yes/no question: j confirms, n or escape keeps things as they are."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.css import stylesheet


class ConfirmScreen(ModalScreen[bool]):
    """Dismisses with True for j (ja), False for n, nee or escape."""

    DEFAULT_CSS = stylesheet(__file__, "dialogs.tcss")
    BINDINGS = [
        Binding("j,y", "answer(True)", "ja", show=False),
        Binding("n,escape", "answer(False)", "nee", show=False),
    ]

    def __init__(self, question: str, *, detail: str = "", ja: str = "ja", nee: str = "nee") -> None:
        super().__init__()
        self.question, self.detail, self.ja, self.nee = question, detail, ja, nee

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, id="question", markup=False)
            if self.detail:
                yield Static(self.detail, id="detail", markup=False)
            yield Static(f"j = {self.ja} · n of escape = {self.nee}", id="keys", markup=False)

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
