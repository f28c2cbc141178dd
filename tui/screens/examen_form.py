"""A modal to record one exam attempt; says so before a third attempt is at the person's own cost."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Select, Static

from tui.css import stylesheet
from tui.screens.form import FormModal
from tui.widgets.date_input import DateInput
from tui.widgets.form_field import FormField


@dataclass(frozen=True)
class NieuwePoging:
    onderdeel: str
    datum: date
    resultaat: str
    niveau: str | None = None  # None: B1
    reden_geen_resultaat: str | None = None  # only with resultaat "geen"


class ExamenFormScreen(FormModal[NieuwePoging | None]):
    """Returns the attempt to save (the dossier saves it), or None when cancelled."""

    HELP_TITLE = "Examenpoging vastleggen"
    HELP_TEXT = "Kies het onderdeel, de datum en de uitslag (of ‘gepland’ voor een examen dat nog komt). ctrl+s slaat op."
    DEFAULT_CSS = stylesheet(__file__, "forms.tcss")

    def __init__(self, *, naam: str, asielstatushouder: bool, niet_behaald: dict[str, int], behaald: set[str]) -> None:
        super().__init__()
        self.naam = naam
        self.asielstatushouder = asielstatushouder
        self.niet_behaald = niet_behaald  # failed attempts so far per component
        self.behaald = behaald

    def compose(self) -> ComposeResult:
        from rules.model import ExamenOnderdeel, ExamenResultaat, RedenGeenResultaat

        with Vertical():
            yield Static(f"Examenpoging voor {self.naam}", id="examen-title", markup=False)
            yield FormField("Onderdeel", Select([(o.label, o.value) for o in ExamenOnderdeel], allow_blank=False, compact=True, id="onderdeel"))
            yield FormField("Datum", DateInput("vandaag", required=True, compact=True, id="examen-datum"))
            # No default result: a wrong default that is saved unseen is worse than one more choice.
            yield FormField("Uitslag", Select(
                [(r.label, r.value) for r in ExamenResultaat], prompt="kies: gepland, behaald, niet behaald of geen",
                allow_blank=True, compact=True, id="resultaat",
            ))
            yield FormField("Niveau", Select([("A2", "A2"), ("B1", "B1")], prompt="leeg: B1", allow_blank=True,
                                             compact=True, id="niveau"))
            yield FormField("Reden geen uitslag", Select(
                [(r.label, r.value) for r in RedenGeenResultaat], prompt="alleen bij ‘geen resultaat’",
                allow_blank=True, compact=True, id="reden"))
            yield Static("", id="examen-status")
            yield Static("ctrl+s opslaan · escape annuleren", id="examen-keys")

    def on_mount(self) -> None:
        self.query_one("#onderdeel", Select).focus()
        self._check()

    def _values(self) -> tuple[str, date | None, str | None, str | None]:
        onderdeel = str(self.query_one("#onderdeel", Select).value)
        datum, fout = self.query_one("#examen-datum", DateInput).parse()
        resultaat = self.query_one("#resultaat", Select)
        return onderdeel, datum, fout, None if resultaat.is_blank() else str(resultaat.value)

    def _check(self, *, saving: bool = False) -> tuple[str | None, Text]:
        """(the error that stops saving, the text to show)."""
        from rules.constants import BETAALDE_EXAMENPOGINGEN
        from rules.model import ExamenOnderdeel

        onderdeel, datum, fout, resultaat = self._values()
        message = Text()
        error = fout
        if datum is not None and datum > self.app.today() and resultaat != "gepland":
            error = "Een uitslag kan niet in de toekomst liggen; kies ‘gepland’ of een eerdere datum."
        if error is None and resultaat is None and saving:
            error = "Kies de uitslag: gepland, behaald, niet behaald of geen resultaat."
        reden = self.query_one("#reden", Select)
        if error is None and saving and resultaat == "geen" and reden.is_blank():
            error = "Kies waarom er geen uitslag is (DUO vraagt de reden): verwijtbaar, niet verwijtbaar, afgemeld of absent."
        if error:
            message.append(f"fout: {error}", style="bold red")
        eerder = self.niet_behaald.get(onderdeel, 0)
        if self.asielstatushouder and eerder >= BETAALDE_EXAMENPOGINGEN and onderdeel not in self.behaald:
            if message:
                message.append("\n")
            message.append(
                f"let op: {ExamenOnderdeel(onderdeel).label} is al {eerder} keer niet behaald; dit is poging {eerder + 1}. "
                f"De gemeente betaalt {BETAALDE_EXAMENPOGINGEN} pogingen: deze is voor eigen rekening.",
                style="bold dark_orange",
            )
        self.query_one("#examen-status", Static).update(message)
        return error, message

    @on(Input.Changed)
    @on(Select.Changed)
    def _changed(self) -> None:
        self._check()

    def action_save(self) -> None:
        error, _ = self._check(saving=True)
        onderdeel, datum, fout, resultaat = self._values()
        if error or datum is None or resultaat is None:
            target = "#examen-datum" if fout or datum is None else "#resultaat" if resultaat is None else "#reden"
            self.query_one(target).focus()
            return
        niveau = self.query_one("#niveau", Select)
        reden = self.query_one("#reden", Select)
        self.dismiss(NieuwePoging(onderdeel, datum, resultaat, None if niveau.is_blank() else str(niveau.value),
                                  None if reden.is_blank() or resultaat != "geen" else str(reden.value)))

