"""The household of the person in view: pick a member (enter) to open their dossier."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.css import stylesheet


class HuishoudenScreen(ModalScreen[int | None]):
    """Returns the chosen member's person id, or None."""

    DEFAULT_CSS = stylesheet(__file__, "dialogs.tcss")
    BINDINGS = [Binding("escape", "close", "terug")]

    def __init__(self, naam: str, leden, today) -> None:
        super().__init__()
        self.naam, self.leden, self.today = naam, list(leden), today

    def compose(self) -> ComposeResult:
        from rules.dates import format_date
        from rules.huishouden import Relatie
        from rules.model import Status
        from rules.text import safe_for_terminal

        relaties = {r.value: r.label for r in Relatie}
        with Vertical():
            yield Static(Text.assemble(("Huishouden van ", "bold"), (safe_for_terminal(self.naam), "bold")))
            options = []
            for lid in self.leden:
                status = "" if lid.status == Status.ACTIEF.value else f" · {Status(lid.status).label}"
                options.append(Option(Text.assemble(
                    (safe_for_terminal(lid.naam), "bold"), f"  {relaties.get(lid.relatie or '', 'gezinslid')}",
                    f"  {format_date(lid.geboortedatum)}  {safe_for_terminal(lid.kenmerk)}",
                    " · nareiziger" if lid.nareiziger else "", status), id=str(lid.person_id)))
            yield OptionList(*options, id="huishouden-lijst")
            yield Static("enter: dossier openen · escape: terug", classes="muted")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id))

    def action_close(self) -> None:
        self.dismiss(None)
