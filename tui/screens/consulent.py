"""Who is using regie: the consulent's name and own phone number, asked at the first start.

The name makes "mijn caseload" mean something; the phone number is printed on weekplans
and appointment letters. Both can be changed from the palette."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.css import stylesheet


@dataclass(frozen=True)
class Gebruiker:
    naam: str | None
    telefoon: str | None  # as typed, tidied; None: none given


class ConsulentScreen(ModalScreen["Gebruiker | None"]):
    """Dismisses with the name and phone typed, or None when skipped (escape)."""

    DEFAULT_CSS = stylesheet(__file__, "dialogs.tcss")
    BINDINGS = [Binding("escape", "skip", "later")]

    def __init__(self, current: str | None = None, telefoon: str | None = None) -> None:
        super().__init__()
        self.current = current
        self.telefoon = telefoon

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("[b]Wie bent u?[/b]\n\nUw naam zoals die bij ‘consulent’ in de dossiers staat. "
                         "Dan toont ‘mijn caseload’ (toets m) alleen uw eigen personen. "
                         "U kunt dit later wijzigen via het opdrachtenpalet (ctrl+p, ‘mijn naam en telefoon’).")
            yield Input(value=self.current or "", placeholder="bijv. Anna de Vries", id="consulent-naam")
            yield Static("Uw eigen telefoonnummer (mag leeg): staat op het weekplan en de afspraakbrief.")
            yield Input(value=self.telefoon or "", placeholder="bijv. 06 12345678", id="consulent-telefoon")
            yield Static("", id="consulent-fout")
            yield Static("tab: volgend veld · enter: opslaan · escape: later", classes="muted")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        from rules.contactgegevens import normalize_telefoon
        from rules.errors import InputError

        name = self.query_one("#consulent-naam", Input).value.strip()
        typed = self.query_one("#consulent-telefoon", Input).value.strip()
        telefoon = None
        if typed:
            try:
                telefoon = normalize_telefoon(typed)
            except InputError as exc:
                self.query_one("#consulent-fout", Static).update(Text(f"telefoon: {exc.message}", style="bold red"))
                self.query_one("#consulent-telefoon", Input).focus()
                return
        self.dismiss(Gebruiker(naam=name or None, telefoon=telefoon))

    def action_skip(self) -> None:
        self.dismiss(None)
