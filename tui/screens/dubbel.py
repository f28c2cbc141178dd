"""“Is dit dezelfde persoon?”: before an aanmelding is saved, the people on file who may be the same person.

The user chooses: open the existing dossier (enter on a candidate), save as a new
person anyway (n), or go back to the form (escape). With the same BSN a new
dossier cannot be made (one person, one dossier), so that choice is not offered.
"""

from __future__ import annotations

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.css import stylesheet

OPEN = "open"
NIEUW = "nieuw"


class DubbelScreen(ModalScreen[tuple[str, int | None] | None]):
    """Returns (OPEN, person_id), (NIEUW, None), or None to go back to the form."""

    DEFAULT_CSS = stylesheet(__file__, "dialogs.tcss")
    BINDINGS = [
        Binding("n", "nieuw", "toch als nieuwe persoon opslaan"),
        Binding("escape", "terug", "terug naar het formulier"),
    ]

    def __init__(self, dubbelen) -> None:
        super().__init__()
        self.dubbelen = list(dubbelen)
        # A BSN or a V-nummer identifies one person: the same one never makes a second dossier.
        self.nieuw_allowed = not any(d.reden in ("zelfde BSN", "zelfde V-nummer") for d in self.dubbelen)

    def compose(self) -> ComposeResult:
        from rules.dates import format_date

        with Vertical():
            yield Static("Is dit dezelfde persoon?", id="dubbel-title")
            yield Static("Deze dossiers lijken op wie u nu aanmeldt. Open het bestaande dossier als het dezelfde persoon is.",
                         id="dubbel-uitleg")
            options = []
            for index, d in enumerate(self.dubbelen):
                options.append(Option(
                    f"[b]{escape(d.naam)}[/b]  {format_date(d.geboortedatum)}  {escape(d.kenmerk)}  "
                    f"{d.bsn_gemaskeerd or 'geen BSN'}\n  {escape(d.reden)} (u typte: {escape(d.voor)})", id=str(index)))
            yield OptionList(*options, id="dubbel-lijst")
            keys = "enter: bestaand dossier openen · "
            keys += "n: toch als nieuwe persoon opslaan · " if self.nieuw_allowed else f"({self._identiek()}: geen tweede dossier) · "
            yield Static(keys + "escape: terug naar het formulier", id="dubbel-keys")

    def _identiek(self) -> str:
        return "zelfde BSN" if any(d.reden == "zelfde BSN" for d in self.dubbelen) else "zelfde V-nummer"

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss((OPEN, self.dubbelen[int(event.option.id)].person_id))

    def action_nieuw(self) -> None:
        if self.nieuw_allowed:
            self.dismiss((NIEUW, None))
        else:
            wat = "Dit BSN" if self._identiek() == "zelfde BSN" else "Dit V-nummer"
            self.notify(f"{wat} staat al bij een dossier; open dat dossier.", severity="warning")

    def action_terug(self) -> None:
        self.dismiss(None)
