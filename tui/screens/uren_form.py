"""Quick entry and correction of one urenregistratie (date, kind, hours, source, note)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Select, Static

from tui.css import stylesheet
from tui.screens.form import FormModal
from tui.threads import run_service
from tui.widgets.date_input import DateInput
from tui.widgets.form_field import FormField

if TYPE_CHECKING:
    from services.uren import LaatsteKeuze, NieuweUren, UrenRegel



class UrenInputError(ValueError):
    def __init__(self, message: str, veld: str) -> None:
        super().__init__(message)
        self.message, self.veld = message, veld


def read_uren_input(*, datum: str, soort: str, uren: str, bron: str, omschrijving: str, today: date) -> NieuweUren:
    """The typed values as a registration, or UrenInputError with a Dutch message and the field to fix."""
    from rules.dates import format_date, parse_date, parse_minutes
    from rules.errors import InputError
    from rules.limits import BRON as MAX_BRON
    from rules.limits import OMSCHRIJVING as MAX_OMSCHRIJVING
    from rules.model import UrenSoort
    from services.uren import NieuweUren

    try:
        dag = parse_date(datum, today=today)
    except InputError as exc:
        raise UrenInputError(exc.message, "datum") from None
    if dag > today:
        raise UrenInputError(
            f"{format_date(dag)} ligt na vandaag ({format_date(today)}); registreer alleen uren die al gevolgd zijn.", "datum"
        )
    try:
        minuten = parse_minutes(uren)
    except InputError as exc:
        raise UrenInputError(exc.message, "uren") from None
    if minuten <= 0:
        raise UrenInputError("Vul meer dan 0 uur in; typ bijvoorbeeld 2, 1,5 of 1:30.", "uren")
    bron = " ".join(bron.split())
    if len(bron) > MAX_BRON:
        raise UrenInputError(f"De bron is te lang: hoogstens {MAX_BRON} tekens.", "bron")
    omschrijving = omschrijving.strip()
    if len(omschrijving) > MAX_OMSCHRIJVING:
        raise UrenInputError(f"De omschrijving is te lang: hoogstens {MAX_OMSCHRIJVING} tekens.", "omschrijving")
    return NieuweUren(dag, UrenSoort(soort), minuten, bron, omschrijving)


class UrenFormScreen(FormModal[bool]):
    """Dismisses with True when saved; new entries remember the kind and source for next time."""

    HELP_TITLE = "Uren registreren"
    HELP_TEXT = (
        "Datum als dd-mm-jjjj, ‘vandaag’, ‘gisteren’ of -3d (niet na vandaag). Uren als 2, 1,5 of 1:30. "
        "De soort en bron van de vorige registratie staan al ingevuld. Enter of ctrl+s slaat op, escape annuleert."
    )
    DISCARD_QUESTION = "De uren zijn niet opgeslagen. Weggooien?"
    CANCEL_RESULT = False
    DEFAULT_CSS = stylesheet(__file__, "forms.tcss")

    def __init__(self, person_id: int, *, regel: UrenRegel | None = None, laatste: LaatsteKeuze | None = None) -> None:
        super().__init__()
        self.person_id = person_id
        self.regel = regel
        self.laatste = laatste
        self._saving = False

    def compose(self) -> ComposeResult:
        from rules.dates import format_hours
        from rules.model import UrenSoort

        regel = self.regel
        soort = regel.soort.value if regel else (self.laatste.soort.value if self.laatste else UrenSoort.TAAL_KNM.value)
        bron = regel.bron if regel else (self.laatste.bron if self.laatste else "")
        with Vertical():
            yield Static("Registratie corrigeren" if regel else "Uren registreren", id="uf-title")
            yield FormField("Datum", DateInput(regel.datum if regel else self.app.today(), required=True, compact=True, id="f-datum"))
            yield FormField("Soort", Select([(s.label, s.value) for s in UrenSoort], value=soort, allow_blank=False,
                                            compact=True, id="f-soort"))
            yield FormField("Uren", Input(format_hours(regel.uren) if regel else "", placeholder="bijv. 2, 1,5 of 1:30",
                                          compact=True, id="f-uren"))
            yield FormField("Bron", Input(bron, placeholder="bijv. Taalschool De Brug", compact=True, id="f-bron"))
            yield FormField("Omschrijving", Input(regel.omschrijving if regel else "", compact=True, id="f-omschrijving"))
            yield Static("", id="uf-status")
            yield Static("enter of ctrl+s opslaan · escape annuleren · tab volgend veld", id="uf-keys")

    def on_mount(self) -> None:
        self._opened = self._typed()
        self.query_one("#f-uren").focus()

    def _typed(self) -> tuple:
        return tuple(widget.value for widget in self.query("#f-datum, #f-soort, #f-uren, #f-bron, #f-omschrijving"))

    def is_dirty(self) -> bool:
        return self._typed() != self._opened

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        if self._saving:
            return
        for field in self.query(FormField):
            if field.has_class("-fout"):
                field.show(None)
        try:
            nieuw = read_uren_input(
                datum=self.query_one("#f-datum", Input).value,
                soort=str(self.query_one("#f-soort", Select).value),
                uren=self.query_one("#f-uren", Input).value,
                bron=self.query_one("#f-bron", Input).value,
                omschrijving=self.query_one("#f-omschrijving", Input).value,
                today=self.app.today(),
            )
        except UrenInputError as exc:
            self._show_error(exc.message, exc.veld)
            return
        self._saving = True
        self.query_one("#uf-status", Static).update(Text("Opslaan…", style="dim"))
        self._save(nieuw)

    def _show_error(self, message: str, veld: str | None = None) -> None:
        status = f"Niet opgeslagen: {message}"
        if veld:
            control = self.query_one(f"#f-{veld}")
            field = control.parent.parent if control.parent else None
            if isinstance(field, FormField):
                field.show(Text(message, style="red"), fout=True)
                status = f"Niet opgeslagen: verbeter het veld ‘{field.label}’."
            control.focus()
        self.query_one("#uf-status", Static).update(Text(status, style="bold red"))

    def _save(self, nieuw: NieuweUren) -> None:
        regel = self.regel

        def save() -> None:
            from services import uren

            if regel is not None:
                uren.update_uren(store=self.app.store, person_id=self.person_id, uren_id=regel.id, regel=nieuw,
                                 today=self.app.today())
            else:
                uren.add_uren(store=self.app.store, person_id=self.person_id, regel=nieuw, today=self.app.today())

        # never a traceback; the typed values stay
        run_service(self, save, lambda _none: self._saved(nieuw), failed=self._failed,
                    unexpected="de database gaf een fout ({kind}); probeer opnieuw.", group="uren-form-save")

    def _failed(self, message: str) -> None:
        self._saving = False
        self._show_error(message)

    def _saved(self, nieuw: NieuweUren) -> None:
        from rules.dates import format_date, format_hours

        verb = "gecorrigeerd" if self.regel else "geregistreerd"
        self.app.notify(f"{format_hours(nieuw.minuten / 60)} uur {nieuw.soort.label} op {format_date(nieuw.datum)} {verb}.")
        self.dismiss(True)

