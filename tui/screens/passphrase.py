"""Before the store opens: ask for the wachtzin (masked), or let the user choose one."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.css import stylesheet

from services.keys import ENV_PASSPHRASE, check_new_passphrase

OPEN_TEXT = ("Deze database is versleuteld met een wachtzin. Vul de wachtzin in om de caseload te openen.")
NEW_TITLE = "Kies een wachtzin"
OPEN_TITLE = "Wachtzin"


class PassphraseScreen(ModalScreen["str | None"]):
    """Returns the wachtzin typed, or None when the user would rather stop."""

    DEFAULT_CSS = stylesheet(__file__, "dialogs.tcss")
    BINDINGS = [Binding("escape", "cancel", "regie sluiten"), Binding("f1", "app.help", "help")]
    HELP_TITLE = "Wachtzin"
    HELP_TEXT = (
        "Op deze computer is geen sleutelbos voor de sleutel van de database; daarom beschermt een wachtzin "
        "uw gegevens. regie leidt er bij elke start de sleutel uit af; de wachtzin zelf wordt nergens bewaard.\n\n"
        "Wachtzin vergeten? Dan opent alleen de sleutel die met ‘regie sleutel export’ is bewaard de database: "
        "vraag die aan de sleutelbeheerder en start regie met REGIE_KEY_FILE=BESTAND (zie de README)."
    )

    def __init__(self, *, new: bool, message: str = "", error: str | None = None) -> None:
        super().__init__()
        self.new, self.message, self.error = new, message, error

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(NEW_TITLE if self.new else OPEN_TITLE, id="title")
            yield Static(self.message if self.new and self.message else OPEN_TEXT, id="message", markup=False)
            yield Input(password=True, placeholder="wachtzin", id="wachtzin")
            if self.new:
                yield Input(password=True, placeholder="nogmaals, ter controle", id="nogmaals")
            yield Static(self.error or "", id="error", markup=False)
            yield Static(f"enter: {'opslaan' if self.new else 'openen'} · escape: regie sluiten · "
                         f"in scripts: {ENV_PASSPHRASE} (zie README)", id="hint")

    def _show_error(self, text: str) -> None:
        self.query_one("#error", Static).update(text)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        first = self.query_one("#wachtzin", Input)
        if not first.value:
            self._show_error("Vul een wachtzin in.")
            first.focus()
            return
        if not self.new:
            self.dismiss(first.value)
            return
        if problem := check_new_passphrase(first.value):
            self._show_error(problem)
            first.focus()
            return
        second = self.query_one("#nogmaals", Input)
        if event.input is first:
            second.focus()
            return
        if second.value != first.value:
            self._show_error("De twee wachtzinnen zijn niet gelijk; typ ze opnieuw.")
            first.value = second.value = ""
            first.focus()
            return
        self.dismiss(first.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
