"""First start: ask the user's name once, so "mijn caseload" means something."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.css import stylesheet


class ConsulentScreen(ModalScreen[str | None]):
    DEFAULT_CSS = stylesheet(__file__, "dialogs.tcss")
    BINDINGS = [Binding("escape", "skip", "later")]

    def __init__(self, current: str | None = None) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("[b]Wie bent u?[/b]\n\nUw naam zoals die bij ‘consulent’ in de dossiers staat. "
                         "Dan toont ‘mijn caseload’ (toets m) alleen uw eigen personen. "
                         "U kunt dit later wijzigen via het opdrachtenpalet (ctrl+p, ‘consulent’).")
            yield Input(value=self.current or "", placeholder="bijv. Anna de Vries", id="consulent-naam")
            yield Static("enter: opslaan · escape: later", classes="muted")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        self.dismiss(name or None)

    def action_skip(self) -> None:
        self.dismiss(None)
