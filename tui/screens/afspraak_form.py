"""Plan (or change) an afspraak for a person: date, time, kind, place, tolk, consulent and a note.

Checked as a whole on ctrl+s (`rules.afspraken.check_afspraak`); an appointment
in the past, or at a time the consulent already has one, is stored only after
the consulent confirms it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Checkbox, Input, Select, Static

from tui.css import stylesheet
from tui.screens.form import FormModal
from tui.screens.message import MessageScreen
from tui.threads import run_service
from tui.widgets.date_input import DateInput
from tui.widgets.form_field import FormField

if TYPE_CHECKING:
    from rules.afspraken import Afspraak, AfspraakInvoer


class AfspraakFormScreen(FormModal["int | None"]):
    """Dismisses with the afspraak's id (new or changed), or None when cancelled."""

    COMMAND_PREFIX = "afspraak"
    HELP_TITLE = "Afspraak plannen"
    HELP_TEXT = (
        "Kies de soort en typ de datum (dd-mm-jjjj, ‘morgen’, +1w), de begintijd als uu:mm (09:30) en de eindtijd "
        "(leeg = 45 minuten). Vink ‘tolk nodig’ aan en vul de taal in als er een tolk bij moet. De consulent is "
        "voor wie de afspraak in de agenda komt. Ligt de afspraak in het verleden, of heeft de consulent dan al een "
        "afspraak, dan vraagt regie eerst of het toch moet. ctrl+s of enter slaat op, escape annuleert."
    )
    DISCARD_QUESTION = "De afspraak is niet opgeslagen. Weggooien?"
    DEFAULT_CSS = stylesheet(__file__, "agenda.tcss")

    def __init__(self, person_id: int, *, afspraak: Afspraak | None = None, datum: date | None = None) -> None:
        super().__init__()
        self.person_id = person_id
        self.afspraak = afspraak
        self.datum = datum
        self._saving = False
        self._initial: tuple | None = None

    def compose(self) -> ComposeResult:
        from rules.afspraken import AfspraakSoort

        a = self.afspraak
        with Vertical(id="af-box"):
            yield Static("Afspraak wijzigen" if a else "Nieuwe afspraak", id="af-title")
            yield Static("…", id="af-person", markup=False)
            yield FormField("Soort", Select([(s.label, s.value) for s in AfspraakSoort],
                                            value=a.soort.value if a else AfspraakSoort.VOORTGANGSGESPREK.value,
                                            allow_blank=False, compact=True, id="f-soort"))
            yield FormField("Datum", DateInput(a.datum if a else (self.datum or "morgen"), required=True, compact=True,
                                               id="f-datum"))
            yield FormField("Begintijd", Input(f"{a.begin:%H:%M}" if a else "", placeholder="uu:mm, bijv. 09:30",
                                               compact=True, id="f-begin"))
            yield FormField("Eindtijd", Input(f"{a.eind:%H:%M}" if a else "", placeholder="uu:mm (leeg = 45 minuten)",
                                              compact=True, id="f-eind"))
            yield FormField("Plaats", Input(a.plaats if a else "", placeholder="bijv. Stadskantoor, kamer 2.14",
                                            compact=True, id="f-plaats"))
            yield FormField("Tolk nodig", Checkbox("ja", a.tolk_nodig if a else False, compact=True, id="f-tolk"))
            yield FormField("Taal tolk", Input(a.tolk_taal if a else "", placeholder="bijv. Arabisch", compact=True,
                                               id="f-tolk_taal"))
            yield FormField("Consulent", Input(a.consulent if a else (self.app.consulent or ""), compact=True,
                                               id="f-consulent"))
            yield FormField("Notitie", Input(a.notitie if a else "", placeholder="voor uzelf, komt niet op de brief",
                                             compact=True, id="f-notitie"))
            yield Static("", id="af-status")
            yield Static("ctrl+s opslaan · escape annuleren · tab volgend veld", id="af-keys")

    def on_mount(self) -> None:
        self._initial = self._state()
        self.query_one("#f-begin" if self.afspraak is None else "#f-soort").focus()
        self._load_person()

    def _load_person(self) -> None:
        store = self.app.store
        if store is None:
            return

        def load():
            from services.persons import load_person_fields

            return load_person_fields(store=store, person_id=self.person_id)

        run_service(self, load, self._show_person, failed=lambda _message: None, group="afspraak-person")

    def _show_person(self, fields) -> None:
        line = self.query_one("#af-person", Static)
        if fields is None:
            line.update("Dit dossier bestaat niet (meer).")
            return
        values = fields.values
        line.update(f"met {values.get('naam', '')} · {values.get('kenmerk', '')}")
        if self.afspraak is None and not self.is_dirty():
            # what the dossier knows about the interpreter, as a start
            self.query_one("#f-tolk", Checkbox).value = bool(values.get("tolk_nodig"))
            self.query_one("#f-tolk_taal", Input).value = str(values.get("taal") or "") if values.get("tolk_nodig") else ""
            self._initial = self._state()

    def _state(self) -> tuple:
        return tuple(str(getattr(self.query_one(f"#f-{name}"), "value", "")) for name in
                     ("soort", "datum", "begin", "eind", "plaats", "tolk", "tolk_taal", "consulent", "notitie"))

    def is_dirty(self) -> bool:
        return self._initial is not None and self._state() != self._initial

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def _show_error(self, message: str, veld: str | None = None) -> None:
        status = f"Niet opgeslagen: {message}"
        if veld:
            field = self.field_of(veld)
            if field is not None:
                field.show(Text(message, style="red"), fout=True)
                status = f"Niet opgeslagen: verbeter het veld ‘{field.label}’."
            self.query_one(f"#f-{veld}").focus()
        self.query_one("#af-status", Static).update(Text(status, style="bold red"))

    def invoer(self) -> AfspraakInvoer:
        """The typed appointment, checked; AfspraakError names the field to fix."""
        from rules.afspraken import AfspraakError, check_afspraak
        from services.afspraken import parse_tijd

        datum, fout = self.query_one("#f-datum", DateInput).parse()
        if fout or datum is None:
            raise AfspraakError(fout or "Vul een datum in.", veld="datum")
        begin = parse_tijd(self.query_one("#f-begin", Input).value, veld="begin")
        eind_text = self.query_one("#f-eind", Input).value.strip()
        eind = parse_tijd(eind_text, veld="eind") if eind_text else None
        return check_afspraak(
            datum=datum, begin=begin, eind=eind, duur_minuten=None, soort=str(self.query_one("#f-soort", Select).value),
            plaats=self.query_one("#f-plaats", Input).value, tolk_nodig=self.query_one("#f-tolk", Checkbox).value,
            tolk_taal=self.query_one("#f-tolk_taal", Input).value, consulent=self.query_one("#f-consulent", Input).value,
            notitie=self.query_one("#f-notitie", Input).value,
        )

    def action_save(self) -> None:
        from rules.afspraken import AfspraakError

        if self._saving:
            return
        self.clear_field_errors()
        try:
            invoer = self.invoer()
        except AfspraakError as exc:
            self._show_error(exc.message, exc.veld)
            return
        self._saving = True
        self.query_one("#af-status", Static).update(Text("Controleren…", style="dim"))
        store, today = self.app.store, self.app.today()
        now = datetime.now() if today == date.today() else datetime.combine(today, datetime.now().time())
        except_id = self.afspraak.id if self.afspraak else None

        def check():
            from services.afspraken import waarschuwingen

            return waarschuwingen(store=store, invoer=invoer, now=now, except_id=except_id)

        run_service(self, check, lambda found: self._checked(invoer, found), failed=self._failed,
                    group="afspraak-check")

    def _checked(self, invoer: AfspraakInvoer, found) -> None:
        if not found:
            self._save(invoer)
            return
        from tui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self._save(invoer)
            else:
                self._saving = False
                self.query_one("#af-status", Static).update(Text("Niet opgeslagen: pas de datum of tijd aan.", style="bold"))
                self.query_one("#f-begin").focus()

        self.app.push_screen(ConfirmScreen("Toch opslaan?", detail="\n".join(found.regels), ja="toch opslaan",
                                           nee="terug naar het formulier"), answered)

    def _save(self, invoer: AfspraakInvoer) -> None:
        store = self.app.store
        afspraak = self.afspraak

        def save() -> int:
            from services.afspraken import plan_afspraak, wijzig_afspraak

            if afspraak is not None:
                wijzig_afspraak(store=store, afspraak_id=afspraak.id, invoer=invoer)
                return afspraak.id
            return plan_afspraak(store=store, person_id=self.person_id, invoer=invoer)

        self.query_one("#af-status", Static).update(Text("Opslaan…", style="dim"))
        run_service(self, save, lambda new_id: self._saved(new_id, invoer), failed=self._failed,
                    unexpected="De database gaf een fout ({kind}). Uw invoer staat er nog; probeer opnieuw.",
                    group="afspraak-save")

    def _failed(self, message: str) -> None:
        self._saving = False
        self.query_one("#af-status", Static).update(Text(f"Niet opgeslagen: {message}", style="bold red"))
        self.app.push_screen(MessageScreen("Afspraak niet opgeslagen", message))

    def _saved(self, afspraak_id: int, invoer: AfspraakInvoer) -> None:
        from rules.dates import format_date

        self.app.notify(f"Afspraak opgeslagen: {invoer.soort.label}, {format_date(invoer.datum)} "
                        f"{invoer.begin:%H:%M}-{invoer.eind:%H:%M} ({invoer.consulent}). Met p drukt u de brief af.",
                        timeout=8)
        self.app.data_changed()
        self.close_form(afspraak_id)
