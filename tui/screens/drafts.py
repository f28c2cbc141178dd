"""On start-up: forms that were left half-filled, offered back."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.css import stylesheet
from tui.text import literal

FORM_LABELS = {"aanmelding": "nieuwe aanmelding", "contact": "contactmoment", "persoon": "gegevens van"}


class DraftsScreen(ModalScreen):
    """Returns the chosen Draft, or None."""

    DEFAULT_CSS = stylesheet(__file__, "dialogs.tcss")
    BINDINGS = [Binding("escape", "later", "later")]

    def __init__(self, drafts) -> None:
        super().__init__()
        self.drafts = drafts

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("[b]Niet-opgeslagen invoer gevonden[/b]\nregie werd afgesloten terwijl deze formulieren nog open stonden. Kies er één om verder te gaan.")
            options = []
            for index, draft in enumerate(self.drafts):
                label = FORM_LABELS.get(draft.form, draft.form)
                who = f" {literal(draft.naam)}" if draft.naam else ""
                when = draft.updated_at.astimezone().strftime("%d-%m-%Y %H:%M") if draft.updated_at else ""
                options.append(Option(f"{label}{who}  ({when})", id=str(index)))
            yield OptionList(*options)
            yield Static("enter: verder invullen · escape: later (het concept blijft bewaard)", classes="muted")

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.drafts[int(event.option.id)])

    def action_later(self) -> None:
        self.dismiss(None)
