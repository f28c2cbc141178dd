"""F4: a new person straight after an AZC visit, with only what is known so far."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Checkbox, Header, Input, Label, Select, Static, TextArea

from tui.css import stylesheet
from tui.screens.form import FormScreen
from tui.widgets.footer import Footer
from tui.drafts import DraftMixin
from tui.threads import run_service
from tui.widgets.date_input import DateInput
from tui.widgets.form_field import FormField

VISIT_KINDS = ("azc_bezoek", "warme_overdracht", "driepartijengesprek")
DATE_FIELDS = ("koppeling", "eerste_azc_bezoek", "contact_datum")
TEXT_FIELDS = ("naam", "kenmerk", "consulent", "taal", *DATE_FIELDS)


class AanmeldingScreen(DraftMixin, FormScreen[int | None]):
    """Returns the new person's id, or None when cancelled."""

    COMMAND_PREFIX = "aanmelding"  # palette entries read "aanmelding: …"
    HELP_TITLE = "Nieuwe aanmelding"
    HELP_TEXT = (
        "Leg een nieuwe inburgeraar vast na een AZC-bezoek, warme overdracht of driepartijengesprek. "
        "Alleen de naam en een kenmerk óf de koppelingsdatum zijn nodig; de rest vult u later aan in het dossier. "
        "Datums als dd-mm-jjjj, ‘vandaag’ of relatief (-3d, +2w). Wat u typt wordt als concept bewaard."
    )
    DISCARD_QUESTION = "De aanmelding is niet opgeslagen. Weggooien?"
    DEFAULT_CSS = stylesheet(__file__, "forms.tcss")

    draft_key = "aanmelding"
    draft_form = "aanmelding"

    def __init__(self, *, draft: dict | None = None) -> None:
        super().__init__()
        self._initial_draft = draft
        self._dirty = False

    def compose(self) -> ComposeResult:
        from rules.model import ContactSoort, Doelgroep

        yield Header()
        with VerticalScroll():
            yield Static("Nieuwe aanmelding: vul in wat u nu weet. * = verplicht; kenmerk of koppeling is genoeg.", classes="muted")
            yield FormField("Naam *", Input(id="naam", placeholder="voor- en achternaam", compact=True), id="field-naam")
            yield FormField("Kenmerk", Input(id="kenmerk", placeholder="eigen cliëntnummer (of leeg, met een koppelingsdatum)", compact=True), id="field-kenmerk")
            yield FormField("Koppeling (datum)", DateInput(id="koppeling", compact=True), id="field-koppeling")
            yield FormField(
                "Doelgroep *",
                Select([(d.label, d.value) for d in Doelgroep], value=Doelgroep.ASIELSTATUSHOUDER.value, allow_blank=False, compact=True, id="doelgroep"),
                id="field-doelgroep",
            )
            with Horizontal(id="vinkjes"):
                yield Checkbox("nareiziger", compact=True, id="nareiziger")
                yield Checkbox("tolk nodig", compact=True, id="tolk_nodig")
            yield FormField("Eerste AZC-bezoek", DateInput(id="eerste_azc_bezoek", compact=True), id="field-eerste_azc_bezoek")
            yield FormField("Consulent", Input(id="consulent", compact=True), id="field-consulent")
            yield FormField("Taal", Input(id="taal", placeholder="bijv. Tigrinya", compact=True), id="field-taal")
            yield FormField(
                "Dit contact",
                Select([(ContactSoort(k).label, k) for k in VISIT_KINDS], value="azc_bezoek", allow_blank=True, prompt="geen contactmoment", compact=True, id="contact_soort"),
                id="field-contact_soort",
            )
            yield FormField("Datum contact", DateInput("vandaag", id="contact_datum", compact=True), id="field-contact_datum")
            yield Label("Notitie van het gesprek", id="notitie-label")
            yield TextArea(id="notitie")
        yield Static("", id="form-errors")  # outside the scroll: a refusal is seen whatever is scrolled into view
        yield Footer()

    def _show(self, ident: str, message: Text | str) -> None:
        """Put ``message`` on the line ``#ident`` and show it; an empty message hides the line."""
        line = self.query_one(f"#{ident}", Static)
        line.update(message)
        line.set_class(bool(message.plain if isinstance(message, Text) else message), "-shown")

    def _fout(self, name: str, message: str | None) -> None:
        """The Dutch error under field ``name`` (None: the field's own feedback again)."""
        field = self.query_one(f"#field-{name}", FormField)
        if message:
            field.show(Text.assemble(("fout: ", "bold red"), (message, "red")), fout=True)
        elif isinstance(field.control, DateInput):
            field.show(field.control.feedback(), fout=field.control.fout is not None)
        else:
            field.show(None)

    def on_mount(self) -> None:
        if self.app.consulent:
            self.query_one("#consulent", Input).value = self.app.consulent
        self.draft_baseline = self.collect_draft()
        if self._initial_draft:
            self.restore_draft(self._initial_draft)
        self._dirty = bool(self._initial_draft)
        self.query_one("#naam", Input).focus()

    # -- drafts ------------------------------------------------------------
    def collect_draft(self) -> dict:
        data = {name: self.query_one(f"#{name}", Input).value for name in TEXT_FIELDS}
        data["doelgroep"] = self.query_one("#doelgroep", Select).value
        contact = self.query_one("#contact_soort", Select).value
        data["contact_soort"] = None if contact is Select.NULL else contact
        data["nareiziger"] = self.query_one("#nareiziger", Checkbox).value
        data["tolk_nodig"] = self.query_one("#tolk_nodig", Checkbox).value
        data["notitie"] = self.query_one("#notitie", TextArea).text
        return data

    def restore_draft(self, data: dict) -> None:
        for name in TEXT_FIELDS:
            if isinstance(data.get(name), str):
                self.query_one(f"#{name}", Input).value = data[name]
        if data.get("doelgroep"):
            self.query_one("#doelgroep", Select).value = data["doelgroep"]
        self.query_one("#contact_soort", Select).value = data.get("contact_soort") or Select.NULL
        self.query_one("#nareiziger", Checkbox).value = bool(data.get("nareiziger"))
        self.query_one("#tolk_nodig", Checkbox).value = bool(data.get("tolk_nodig"))
        self.query_one("#notitie", TextArea).text = data.get("notitie", "")

    # -- validation as you type -------------------------------------------------
    def _edited(self) -> None:
        self._dirty = self.collect_draft() != self.draft_baseline
        self.draft_changed()

    def is_dirty(self) -> bool:
        return self._dirty

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        self._edited()
        if event.input.id in DATE_FIELDS:
            self._check_date(event.input.id)
        elif event.input.id == "naam" and event.value.strip():
            self._fout("naam", None)

    @on(TextArea.Changed)
    @on(Checkbox.Changed)
    @on(Select.Changed)
    def _other_changed(self) -> None:
        self._edited()

    def _check_date(self, name: str):
        """The date in field ``name`` (None when empty), or the InputError shown under it."""
        from rules.errors import InputError

        datum, fout = self.query_one(f"#{name}", DateInput).parse()
        if fout:
            self._fout(name, fout)
            return InputError(fout)
        if datum is not None and datum > self.app.today():
            error = "Deze datum ligt in de toekomst; een bezoek of koppeling kan alleen vandaag of eerder zijn."
            self._fout(name, error)
            return InputError(error)
        self._fout(name, None)
        return datum

    def _collect(self):
        """The Aanmelding, or the list of Dutch problems that stop it being saved."""
        from rules.errors import InputError
        from services.aanmelding import Aanmelding

        problems: list[str] = []
        dates = {}
        for name in DATE_FIELDS:
            result = self._check_date(name)
            if isinstance(result, InputError):
                problems.append(result.message)
            else:
                dates[name] = result
        data = self.collect_draft()
        if not data["naam"].strip():
            self._fout("naam", "Vul een naam in.")
            problems.append("De naam ontbreekt.")
        if not data["kenmerk"].strip() and dates.get("koppeling") is None:
            self._fout("kenmerk", "Vul een kenmerk of de koppelingsdatum in.")
            problems.append("Vul een kenmerk of de datum van de koppeling in (één van beide is genoeg).")
        else:
            self._fout("kenmerk", None)
        if problems:
            return problems
        return Aanmelding(
            naam=data["naam"].strip(), doelgroep=data["doelgroep"], kenmerk=data["kenmerk"].strip() or None,
            koppeling=dates["koppeling"], eerste_azc_bezoek=dates["eerste_azc_bezoek"], consulent=data["consulent"].strip() or None,
            taal=data["taal"].strip() or None, tolk_nodig=data["tolk_nodig"], nareiziger=data["nareiziger"],
            contact_soort=data["contact_soort"], contact_datum=dates["contact_datum"], notitie=data["notitie"],
        )

    # -- actions -------------------------------------------------------------------
    def action_save(self) -> None:
        result = self._collect()
        if isinstance(result, list):
            self._show("form-errors", "Niet opgeslagen: " + " ".join(result))
            return
        self._show("form-errors", "")
        self._save(result)

    def _save(self, aanmelding) -> None:
        draft_key, draft_claim = self.draft_save_args()

        def save():
            from services.aanmelding import create_aanmelding

            return create_aanmelding(store=self.app.store, aanmelding=aanmelding, today=self.app.today(),
                                     draft_key=draft_key, draft_claim=draft_claim)

        run_service(self, save, lambda done: self._saved(done.person_id, done.kenmerk),
                    failed=lambda message: self._show("form-errors", f"Niet opgeslagen: {message}"),
                    unexpected="de database gaf een fout ({kind}). Uw invoer staat er nog.", group="aanmelding-save")

    def _saved(self, person_id: int, kenmerk: str) -> None:
        self.draft_done()
        self.app.notify(f"Aanmelding opgeslagen als {kenmerk}.")
        self.app.data_changed()
        self.dismiss(person_id)

