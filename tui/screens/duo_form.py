"""The DUO facts a consulent supplies beyond the dossier: the instellingsnummer of the cursusinstelling (for the aanbod)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from tui.css import stylesheet
from tui.screens.form import FormModal
from tui.threads import run_service


class DuoGegevensForm(FormModal[bool]):
    """Dismisses with True when saved; the dossier's DUO tab then checks the messages again."""

    DEFAULT_CSS = stylesheet(__file__, "forms.tcss")
    BINDINGS = [Binding("escape", "cancel", "annuleren"), Binding("ctrl+s", "save", "opslaan", priority=True)]
    CANCEL_RESULT = False
    DISCARD_QUESTION = "Het gewijzigde instellingsnummer weggooien?"
    DISCARD_ANSWERS = {"ja": "weggooien", "nee": "verder bewerken"}

    def __init__(self, person_id: int) -> None:
        super().__init__()
        self.person_id = person_id
        self.loaded: str = ""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("DUO-gegevens", style="bold"))
            yield Static(Text("Het instellingsnummer van de cursusinstelling, zoals DUO het kent (10 tekens). DUO "
                              "vraagt het bij het inburgeringsaanbod; leeg maken wist het.", style="dim"))
            yield Input(placeholder="instellingsnummer, 10 tekens", max_length=10, id="instellingsnummer", disabled=True)
            yield Static("", id="duo-form-fout")
            yield Static(Text("enter/ctrl+s: opslaan · escape: annuleren", style="dim"))

    def on_mount(self) -> None:
        store, person_id = self.app.store, self.person_id

        def load() -> str | None:
            from services.duo import instellingsnummer

            return instellingsnummer(store, person_id=person_id)

        run_service(self, load, self._loaded, failed=self._show_error, group="duo-form")

    def _loaded(self, nummer: str | None) -> None:
        field = self.query_one("#instellingsnummer", Input)
        self.loaded = nummer or ""
        field.value = self.loaded
        field.disabled = False
        field.focus()

    def _show_error(self, message: str) -> None:
        self.query_one("#duo-form-fout", Static).update(Text(message, style="bold red"))

    def is_dirty(self) -> bool:
        return self.query_one("#instellingsnummer", Input).value.strip() != self.loaded

    @on(Input.Submitted, "#instellingsnummer")
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        field = self.query_one("#instellingsnummer", Input)
        if field.disabled:
            return  # still loading: nothing typed yet
        value = field.value
        store, person_id = self.app.store, self.person_id

        def save() -> None:
            from services.duo import save_gegevens

            save_gegevens(store, person_id=person_id, instellingsnummer=value)

        def saved(_none) -> None:
            self.app.data_changed()
            self.close_form(True)

        run_service(self, save, saved, failed=lambda message: self._show_error(f"Niet opgeslagen: {message}"),
                    unexpected="databasefout ({kind}).", group="duo-form")
