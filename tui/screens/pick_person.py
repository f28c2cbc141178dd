"""With several people found: a list to pick the right one from (naam, geboortedatum, kenmerk, masked BSN)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.css import stylesheet

MAX_SHOWN = 50  # more than a screenful: the user types more of the name instead


@dataclass(frozen=True)
class Candidate:
    """One person the search found, as the picker shows them."""

    id: int
    naam: str
    kenmerk: str
    geboortedatum: date | None
    bsn: str | None


def candidate_line(candidate: Candidate) -> Text:
    """``Omar Darwish  geb. 03-04-1990  IB-2025-0001  BSN *****6789``: enough to tell two namesakes apart."""
    from rules.bsn import mask_bsn
    from rules.dates import format_date

    line = Text(candidate.naam, style="bold")  # Text(), never markup: a stored name cannot style the screen
    geboren = f"geb. {format_date(candidate.geboortedatum)}" if candidate.geboortedatum else "geb. onbekend"
    line.append(f"  {geboren}")
    line.append(f"  {candidate.kenmerk}")
    line.append(f"  BSN {mask_bsn(candidate.bsn)}" if candidate.bsn else "  geen BSN", style="dim")
    return line


class PickPersonScreen(ModalScreen[int | None]):
    """Returns the chosen person's id, or None when escape leaves the choice open."""

    DEFAULT_CSS = stylesheet(__file__, "dialogs.tcss")
    BINDINGS = [Binding("escape", "cancel", "annuleren")]
    HELP_TITLE = "Kies een persoon"
    HELP_TEXT = ("De zoekterm past bij meer dan één persoon. Kies met ↑ ↓ de juiste (let op geboortedatum, kenmerk en "
                 "de laatste cijfers van het BSN) en druk op enter; escape gaat terug zonder iemand te openen.")

    def __init__(self, candidates: list[Candidate], *, total: int | None = None, query: str = "") -> None:
        super().__init__()
        self.candidates = candidates[:MAX_SHOWN]
        self.total = total if total is not None else len(candidates)
        self.query_text = query

    def compose(self) -> ComposeResult:
        with Vertical():
            title = Text(f"{self.total} personen gevonden")
            if self.query_text:
                title.append(f" voor ‘{self.query_text}’")
            title.append(": kies de juiste")
            yield Static(title, id="pick-title")
            yield OptionList(*(Option(candidate_line(c), id=str(c.id)) for c in self.candidates), id="pick-list")
            more = self.total - len(self.candidates)
            hint = "↑ ↓: kiezen · enter: openen · escape: terug"
            if more > 0:
                hint = f"en nog {more} anderen: typ meer van de naam · " + hint
            yield Static(hint, id="pick-hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.dismiss(int(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)
