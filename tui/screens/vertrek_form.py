"""Record that someone left the gemeente: the vertrekdatum and where to (a gemeente, or a country). The file closes."""

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
from tui.widgets.date_input import DateInput
from tui.widgets.form_field import FormField


class VertrekForm(FormModal[bool]):
    """Dismisses with True when the vertrek was recorded (status vertrokken, signalen stop)."""

    DEFAULT_CSS = stylesheet(__file__, "forms.tcss")
    BINDINGS = [Binding("escape", "cancel", "annuleren"), Binding("ctrl+s", "save", "opslaan", priority=True)]
    CANCEL_RESULT = False
    DISCARD_QUESTION = "Het vertrek is niet vastgelegd. Weggooien?"
    DISCARD_ANSWERS = {"ja": "weggooien", "nee": "verder invullen"}

    def __init__(self, person_id: int, *, naam: str, version: int) -> None:
        super().__init__()
        self.person_id, self.naam, self.version = person_id, naam, version

    def compose(self) -> ComposeResult:
        from rules.text import safe_for_terminal

        with Vertical():
            yield Static(Text.assemble(("Vertrek vastleggen: ", "bold"), (safe_for_terminal(self.naam), "bold")))
            yield Static(Text("Leg het vertrek vast zoals het in de BRP staat. Het dossier krijgt status vertrokken "
                              "en de signalen stoppen; de nieuwe gemeente neemt de inburgering over.", style="dim"))
            yield FormField("Vertrekdatum *", DateInput("vandaag", required=True, id="vertrek-datum", compact=True),
                            id="field-vertrek-datum")
            yield FormField("Bestemming *", Input(placeholder="nieuwe gemeente, of het land", id="vertrek-bestemming",
                                                  compact=True), id="field-vertrek-bestemming")
            yield Static("", id="vertrek-fout")
            yield Static(Text("ctrl+s: opslaan · escape: annuleren", style="dim"))

    def on_mount(self) -> None:
        self.query_one("#vertrek-bestemming", Input).focus()

    def is_dirty(self) -> bool:
        return bool(self.query_one("#vertrek-bestemming", Input).value.strip())

    def _fout(self, message: str) -> None:
        self.query_one("#vertrek-fout", Static).update(Text(message, style="bold red"))

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        from rules.text import check_text
        from services.besluiten import Vertrek

        datum, fout = self.query_one("#vertrek-datum", DateInput).parse()
        if fout or datum is None:
            self._fout(f"Niet opgeslagen: {fout or 'vul de vertrekdatum in.'}")
            return
        bestemming = self.query_one("#vertrek-bestemming", Input).value
        if fout := check_text(bestemming, veld="de bestemming"):
            self._fout(f"Niet opgeslagen: {fout}")
            return
        store, person_id, version, today = self.app.store, self.person_id, self.version, self.app.today()

        def save() -> int:
            from services.besluiten import record_vertrek

            return record_vertrek(store=store, person_id=person_id, expected_version=version,
                                  vertrek=Vertrek(datum=datum, bestemming=bestemming), today=today)

        def saved(_version) -> None:
            self.app.data_changed()
            self.app.notify("Vertrek vastgelegd; het dossier is gesloten (status vertrokken).")
            self.close_form(True)

        run_service(self, save, saved, failed=lambda message: self._fout(f"Niet opgeslagen: {message}"),
                    unexpected="databasefout ({kind}).", group="vertrek-form")
