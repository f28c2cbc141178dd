"""After an appointment: record it as a contactmoment in one go (kind, date and a note filled in; the consulent confirms)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, Select, Static, TextArea

from tui.css import stylesheet
from tui.screens.form import FormModal
from tui.screens.message import MessageScreen
from tui.threads import run_service
from tui.widgets.date_input import DateInput
from tui.widgets.form_field import FormField

if TYPE_CHECKING:
    from rules.afspraken import Afspraak


class GehoudenScreen(FormModal["int | None"]):
    """Dismisses with the new contactmoment's id, or None when cancelled (the appointment stays gepland)."""

    COMMAND_PREFIX = "afspraak gehouden"
    HELP_TITLE = "Afspraak gehouden"
    HELP_TEXT = (
        "De afspraak wordt een contactmoment. Soort en datum staan al goed; vul de notitie aan met wat er besproken "
        "is en sla op met ctrl+s. Het contactmoment en ‘gehouden’ worden samen opgeslagen. Escape laat de afspraak "
        "op gepland staan."
    )
    DISCARD_QUESTION = "Het contactmoment is niet opgeslagen. Weggooien?"
    DEFAULT_CSS = stylesheet(__file__, "agenda.tcss")

    def __init__(self, afspraak: Afspraak) -> None:
        super().__init__()
        self.afspraak = afspraak
        self._saving = False
        self._initial: str | None = None

    def compose(self) -> ComposeResult:
        from rules.model import ContactSoort
        from services.afspraken import standaard_notitie

        a = self.afspraak
        with Vertical(id="gh-box"):
            yield Static("Afspraak gehouden: contactmoment vastleggen", id="gh-title")
            yield Static(f"met {a.naam} · {a.kenmerk}", id="gh-person", markup=False)
            yield FormField("Soort", Select([(s.label, s.value) for s in ContactSoort], value=a.soort.contact_soort,
                                            allow_blank=False, compact=True, id="gh-soort"))
            yield FormField("Datum", DateInput(a.datum, required=True, compact=True, id="gh-datum"))
            yield Label("Notitie")
            yield TextArea(standaard_notitie(a), id="gh-notitie", soft_wrap=True)
            yield Static("", id="gh-status")
            yield Static("ctrl+s opslaan · escape annuleren", id="gh-keys")

    def on_mount(self) -> None:
        notitie = self.query_one("#gh-notitie", TextArea)
        self._initial = notitie.text
        notitie.focus()
        notitie.move_cursor(notitie.document.end)

    def is_dirty(self) -> bool:
        return self._initial is not None and self.query_one("#gh-notitie", TextArea).text != self._initial

    def action_save(self) -> None:
        if self._saving:
            return
        datum, fout = self.query_one("#gh-datum", DateInput).parse()
        status = self.query_one("#gh-status", Static)
        if fout or datum is None:
            status.update(Text(f"Niet opgeslagen: {fout or 'vul een datum in.'}", style="bold red"))
            self.query_one("#gh-datum").focus()
            return
        if datum > self.app.today():
            status.update(Text("Niet opgeslagen: een gehouden afspraak ligt niet in de toekomst; kies de datum "
                               "waarop ze was.", style="bold red"))
            self.query_one("#gh-datum").focus()
            return
        soort = str(self.query_one("#gh-soort", Select).value)
        notitie = self.query_one("#gh-notitie", TextArea).text
        store, afspraak_id = self.app.store, self.afspraak.id
        self._saving = True
        status.update(Text("Opslaan…", style="dim"))

        def save() -> int:
            from services.afspraken import afspraak_gehouden

            return afspraak_gehouden(store=store, afspraak_id=afspraak_id, datum=datum, soort=soort, notitie=notitie)

        run_service(self, save, self._saved, failed=self._failed,
                    unexpected="De database gaf een fout ({kind}). Uw invoer staat er nog; probeer opnieuw.",
                    group="gehouden-save")

    def _failed(self, message: str) -> None:
        self._saving = False
        self.query_one("#gh-status", Static).update(Text(f"Niet opgeslagen: {message}", style="bold red"))
        self.app.push_screen(MessageScreen("Contactmoment niet opgeslagen", message))

    def _saved(self, contact_id: int) -> None:
        self.app.notify(f"Afspraak met {self.afspraak.naam} gehouden; contactmoment opgeslagen.")
        self.app.data_changed()
        self.close_form(contact_id)
