"""A modal to record one contactmoment for a person, from the dossier or from anywhere (F3)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Select, Static, TextArea

from tui.css import stylesheet
from tui.screens.form import FormModal
from tui.drafts import DraftMixin
from tui.screens.message import MessageScreen
from tui.threads import run_service
from tui.widgets.date_input import DateInput
from tui.widgets.form_field import FormField
from tui.text import literal

if TYPE_CHECKING:
    from services.dossier import ContactmomentView

# Every form starts neutral: the kind is never carried over from the previous contactmoment, so a
# spreekuur note saved without looking never becomes a voortgangsgesprek (which clears a legal deadline).
DEFAULT_SOORT = "notitie"


class ContactFormScreen(DraftMixin, FormModal[int | None]):
    """Dismisses with the new (or corrected) contactmoment's id, or None when cancelled.

    With `contact`, the form corrects that contactmoment (its author only; the previous text is kept)."""

    COMMAND_PREFIX = "contactmoment"  # palette entries read "contactmoment: …"
    HELP_TITLE = "Contactmoment vastleggen"
    HELP_TEXT = (
        "Kies de soort, de datum (dd-mm-jjjj, ‘vandaag’, ‘gisteren’ of -3d) en typ de notitie. "
        "ctrl+s slaat op; escape annuleert (eerst vraagt regie of u het getypte wilt weggooien). "
        "De soort begint altijd op ‘notitie’: kies ‘voortgangsgesprek’ zelf als het gesprek dat was, want alleen "
        "die soort telt als voortgangsgesprek van het PIP. Niet verschenen of afgemeld telt voor geen enkele termijn. "
        "Alleen wie een contactmoment schreef kan het corrigeren (enter in de lijst) of verwijderen (x); "
        "de vorige tekst blijft zichtbaar. Wat u typt wordt als concept bewaard."
    )
    DISCARD_QUESTION = "Het contactmoment is niet opgeslagen. Weggooien?"
    DEFAULT_CSS = stylesheet(__file__, "forms.tcss")

    draft_form = "contact"

    def __init__(self, person_id: int, *, draft: dict | None = None, contact: ContactmomentView | None = None) -> None:
        super().__init__()
        self.person_id = person_id
        self.contact = contact
        self.draft_key = f"contact:{person_id}" if contact is None else f"contact:{person_id}:{contact.id}"
        self.draft_person_id = person_id
        if contact is not None:
            self._draft_enabled = False  # a correction is short and is not offered back as a new contactmoment
        self._draft = draft
        self._initial: dict | None = None
        self._saving = False

    def compose(self) -> ComposeResult:
        from rules.contact import FORM_ORDER, form_label
        from rules.dates import format_date

        contact = self.contact
        soort = contact.soort.value if contact else DEFAULT_SOORT
        with Vertical():
            yield Static("Contactmoment corrigeren" if contact else "Nieuw contactmoment", id="contact-title")
            yield Static("…", id="contact-person", markup=False)
            yield FormField(
                "Soort",
                Select([(form_label(s), s.value) for s in FORM_ORDER], value=soort, allow_blank=False, compact=True, id="soort"),
                id="field-soort",
            )
            yield FormField("Datum", DateInput(format_date(contact.datum) if contact else "vandaag", required=True,
                                               compact=True, id="datum"), id="field-datum")
            yield Label("Notitie")
            yield TextArea(contact.notitie if contact else "", id="notitie", soft_wrap=True)
            yield Static("", id="contact-status")
            yield Static("ctrl+s opslaan · escape annuleren · tab volgend veld", id="contact-keys")

    def on_mount(self) -> None:
        self._initial = self.collect_draft()
        if self._draft:
            self.restore_draft(self._draft)
        self.query_one("#notitie", TextArea).focus()
        self._load_person()

    def _load_person(self) -> None:
        store = self.app.store
        if store is None:
            return

        def load():
            from services.persons import load_person_fields

            return load_person_fields(store=store, person_id=self.person_id)

        # The header line is a courtesy; saving reports real problems.
        run_service(self, load, self._show_person, failed=lambda _message: None, group="contact-person")

    def _show_person(self, fields) -> None:
        if fields is None:
            self.query_one("#contact-person", Static).update("Dit dossier bestaat niet (meer).")
            return
        self.query_one("#contact-person", Static).update(f"voor {literal(fields.values['naam'])} · {literal(fields.values['kenmerk'])}")

    # -- drafts ------------------------------------------------------------------
    def collect_draft(self) -> dict:
        return {
            "soort": self.query_one("#soort", Select).value,
            "datum": self.query_one("#datum", DateInput).value,
            "notitie": self.query_one("#notitie", TextArea).text,
        }

    def restore_draft(self, data: dict) -> None:
        from rules.model import ContactSoort

        if data.get("soort") in {s.value for s in ContactSoort}:
            self.query_one("#soort", Select).value = data["soort"]
        if isinstance(data.get("datum"), str):
            self.query_one("#datum", DateInput).value = data["datum"]
        if isinstance(data.get("notitie"), str):
            self.query_one("#notitie", TextArea).text = data["notitie"]

    def _meaning(self, state: dict) -> tuple:
        """What the typed values mean: "vandaag" and today's date written out are the same entry."""
        datum, fout = self.query_one("#datum", DateInput).parse(state["datum"])
        return state["soort"], datum if not fout else state["datum"], state["notitie"].strip()

    @property
    def dirty(self) -> bool:
        return self._initial is not None and self._meaning(self.collect_draft()) != self._meaning(self._initial)

    def is_dirty(self) -> bool:
        return self.dirty

    @on(Input.Changed)
    @on(Select.Changed)
    @on(TextArea.Changed)
    def _edited(self) -> None:
        if self._initial is None:
            return
        self._show_date_warning()
        if self.dirty:
            self.draft_changed()

    def _show_date_warning(self) -> None:
        field = self.query_one("#datum", DateInput)
        datum = field.datum
        if datum is not None and datum > self.app.today():
            # A planned meeting is allowed, but a typo in the year is more likely.
            # A contactmoment records what happened; a meeting still to come is an afspraak (F8). Refused on saving.
            self.query_one("#field-datum", FormField).show(
                Text.assemble(field.feedback(), ("  ligt in de toekomst: plan dit als afspraak (F8)", "bold red"))
            )

    # -- saving ------------------------------------------------------------------
    def action_save(self) -> None:
        if self._saving:
            return
        datum_field = self.query_one("#datum", DateInput)
        datum, fout = datum_field.parse()
        status = self.query_one("#contact-status", Static)
        if fout or datum is None:
            status.update(Text(f"Niet opgeslagen: {fout or 'vul een datum in.'}", style="bold red"))
            datum_field.focus()
            return
        soort = self.query_one("#soort", Select).value
        notitie = self.query_one("#notitie", TextArea).text
        from rules.contact import check_contactmoment

        problems = check_contactmoment(datum=datum, soort=str(soort), notitie=notitie, vandaag=self.app.today())
        if problems:
            veld, melding = problems[0]
            status.update(Text(f"Niet opgeslagen: {melding}", style="bold red"))
            self.query_one(f"#{veld}").focus()
            return
        status.update(Text("Opslaan…", style="dim"))
        self._saving = True
        self._save(str(soort), datum, notitie)

    def _save(self, soort: str, datum: date, notitie: str) -> None:
        contact = self.contact
        draft_key, draft_claim = self.draft_save_args()
        today = self.app.today()

        def save() -> int:
            from services.contact import add_contactmoment, correct_contactmoment

            if contact is not None:
                correct_contactmoment(store=self.app.store, person_id=self.person_id, contact_id=contact.id, datum=datum,
                                      soort=soort, notitie=notitie, today=today)
                return contact.id
            return add_contactmoment(store=self.app.store, person_id=self.person_id, datum=datum, soort=soort, notitie=notitie,
                                     draft_key=draft_key, draft_claim=draft_claim, today=today)

        run_service(self, save, lambda new_id: self._saved(new_id, soort), failed=self._failed,
                    unexpected="De database gaf een fout ({kind}). Uw invoer staat er nog; probeer opnieuw.", group="contact-save")

    def _failed(self, message: str) -> None:
        self._saving = False
        self.query_one("#contact-status", Static).update(Text(f"Niet opgeslagen: {message}", style="bold red"))
        self.app.push_screen(MessageScreen("Contactmoment niet opgeslagen", message))

    def _saved(self, new_id: int, soort: str) -> None:
        from rules.model import ContactSoort

        self.draft_done()
        wat = "gecorrigeerd" if self.contact is not None else "opgeslagen"
        self.app.notify(f"Contactmoment ({ContactSoort(soort).label}) {wat}.")
        self.app.data_changed()  # while this modal is on top, so the dossier and caseload below reload
        self.dismiss(new_id)

