"""The form for one weekplan activity: new, changed, or copied to another day or time."""

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
    from rules.weekplan import WeekplanItem, Wijziging

# One choice for categorie and taalvorm together: fewer fields, no invalid combination.
SOORTEN = (
    ("taal – formeel (taalschool)", "taal:formeel"),
    ("taal – informeel (taalmaatje, taalcafé, taalcoach)", "taal:informeel"),
    ("participatie", "participatie"),
    ("financiële educatie", "financiele_educatie"),
)
TITLES = {"nieuw": "Nieuwe activiteit", "wijzigen": "Activiteit wijzigen", "kopie": "Activiteit kopiëren naar een andere dag of tijd"}


def soort_value(item: WeekplanItem) -> str:
    if item.categorie.value == "taal":
        return f"taal:{item.taalvorm.value if item.taalvorm else 'formeel'}"
    return item.categorie.value


class WeekplanFormScreen(FormModal["WeekplanItem | None"]):
    """Dismisses with the saved activity (with its id), or None when cancelled."""

    HELP_TITLE = "Activiteit in het weekplan"
    HELP_TEXT = (
        "Tijden als uu:mm (09:00); de eindtijd ligt na de begintijd. ‘Geldig van’ is de eerste dag waarop het plan "
        "geldt, ‘geldig tot’ de laatste (leeg = doorlopend). Bij wijzigen is ‘geldig van’ de dag vanaf wanneer de "
        "wijziging geldt: eerdere weken houden het oude plan. Kies de oorspronkelijke begindatum om een fout in het "
        "hele plan te verbeteren. Enter of ctrl+s slaat op, escape annuleert."
    )
    DEFAULT_CSS = stylesheet(__file__, "forms.tcss")

    def __init__(
        self,
        person_id: int,
        *,
        mode: str = "nieuw",
        item: WeekplanItem | None = None,
        geldig_van: date | None = None,
        weekdag: int = 0,
    ) -> None:
        super().__init__()
        self.person_id = person_id
        self.mode = mode
        self.item = item
        self.geldig_van = geldig_van
        self.weekdag = weekdag
        self._saving = False

    def compose(self) -> ComposeResult:
        from rules.dates import format_date
        from rules.weekplan import WEEKDAGEN

        item = self.item
        van = self.geldig_van or (item.geldig_van if item else None)
        tot = item.geldig_tot if item else None
        with Vertical():
            yield Static(TITLES[self.mode], id="wf-title")
            if self.mode == "wijzigen" and item is not None and van is not None and van > item.geldig_van:
                yield Static(
                    f"Staat in het plan sinds {format_date(item.geldig_van)}. De wijziging geldt vanaf ‘Geldig van’; "
                    f"eerdere weken houden het oude plan (kies {format_date(item.geldig_van)} om alles te verbeteren).",
                    id="wf-vanaf", markup=False,
                )
            yield FormField("Dag", Select([(d, n) for n, d in enumerate(WEEKDAGEN)], value=item.weekdag if item else self.weekdag,
                                          allow_blank=False, compact=True, id="f-weekdag"))
            yield FormField("Begintijd", Input(f"{item.start_tijd:%H:%M}" if item else "", placeholder="uu:mm, bijv. 09:00",
                                               compact=True, id="f-start"))
            yield FormField("Eindtijd", Input(f"{item.eind_tijd:%H:%M}" if item else "", placeholder="uu:mm, bijv. 12:00",
                                              compact=True, id="f-eind"))
            yield FormField("Soort", Select(SOORTEN, value=soort_value(item) if item else "taal:formeel", allow_blank=False,
                                            compact=True, id="f-soort"))
            yield FormField("Activiteit", Input(item.activiteit if item else "", placeholder="bijv. Taalles Nederlands",
                                                compact=True, id="f-activiteit"))
            yield FormField("Aanbieder", Input(item.aanbieder if item else "", placeholder="bijv. Taalschool De Brug",
                                               compact=True, id="f-aanbieder"))
            yield FormField("Locatie", Input(item.locatie if item else "", placeholder="adres of ruimte", compact=True, id="f-locatie"))
            yield FormField("Geldig van", DateInput(van, required=True, compact=True, id="f-geldig_van"))
            yield FormField("Geldig tot", DateInput(tot, placeholder="dd-mm-jjjj (leeg = doorlopend)", compact=True, id="f-geldig_tot"))
            yield Static("", id="wf-status")
            yield Static("enter of ctrl+s opslaan · escape annuleren · tab volgend veld", id="wf-keys")

    def on_mount(self) -> None:
        self.query_one("#f-weekdag").focus()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        from rules.model import Taalvorm, WeekplanCategorie
        from rules.weekplan import WeekplanError, Wijziging, build_item, split_edit

        if self._saving:
            return
        self.clear_field_errors()
        soort = str(self.query_one("#f-soort", Select).value)
        categorie, _, vorm = soort.partition(":")
        try:
            item = build_item(
                weekdag=int(self.query_one("#f-weekdag", Select).value),  # type: ignore[arg-type]
                start=self.query_one("#f-start", Input).value,
                eind=self.query_one("#f-eind", Input).value,
                categorie=WeekplanCategorie(categorie),
                taalvorm=Taalvorm(vorm) if vorm else None,
                activiteit=self.query_one("#f-activiteit", Input).value,
                aanbieder=self.query_one("#f-aanbieder", Input).value,
                locatie=self.query_one("#f-locatie", Input).value,
                geldig_van=self.query_one("#f-geldig_van", Input).value,
                geldig_tot=self.query_one("#f-geldig_tot", Input).value,
                today=self.app.today(),
                id=self.item.id if self.mode == "wijzigen" and self.item else None,
            )
            wijziging = split_edit(self.item, item) if self.mode == "wijzigen" and self.item else Wijziging(item)
        except WeekplanError as exc:
            self._show_error(exc.message, exc.veld)
            return
        self._saving = True
        self.query_one("#wf-status", Static).update(Text("Opslaan…", style="dim"))
        self._save(wijziging)

    def _show_error(self, message: str, veld: str | None = None) -> None:
        status = f"Niet opgeslagen: {message}"
        if veld:
            field = self.field_of(veld)
            if field is not None:
                field.show(Text(message, style="red"), fout=True)
                status = f"Niet opgeslagen: verbeter het veld ‘{field.label}’."
            self.query_one(f"#f-{veld}").focus()
        self.query_one("#wf-status", Static).update(Text(status, style="bold red"))

    def _save(self, wijziging: Wijziging) -> None:
        """Ask first when the activity overlaps another of the person's (a person is in one place at a time)."""
        store, person_id = self.app.store, self.person_id

        def overlaps():
            from rules.weekplan import overlappen_met
            from services.weekplan import load_weekplan

            entries = load_weekplan(store=store, person_id=person_id).entries
            return overlappen_met(wijziging.nieuw, entries, behalve=(wijziging.nieuw.id, self.item.id if self.item and
                                                                     self.mode == "wijzigen" else None))

        def checked(found) -> None:
            if not found:
                self._store(wijziging)
                return
            from tui.screens.confirm import ConfirmScreen

            wat = "; ".join(f"{o.activiteit} ({o.tijden})" for o in found)

            def answered(yes: bool | None) -> None:
                if yes:
                    self._store(wijziging)
                else:
                    self._saving = False
                    self.query_one("#wf-status", Static).update(Text(f"Niet opgeslagen: overlapt met {wat}.", style="bold red"))
                    self.query_one("#f-start").focus()

            self.app.push_screen(ConfirmScreen(
                f"Deze activiteit overlapt met {wat}. Toch opslaan?",
                detail="Iemand kan niet op twee plaatsen tegelijk zijn; de overlappende tijd telt in de totalen één keer.",
                ja="toch opslaan", nee="tijden aanpassen"), answered)

        run_service(self, overlaps, checked, failed=self._failed,
                    unexpected="de database gaf een fout ({kind}); probeer opnieuw.", group="weekplan-form-save")

    def _store(self, wijziging: Wijziging) -> None:
        def save():
            from services.weekplan import save_change

            return save_change(store=self.app.store, person_id=self.person_id, wijziging=wijziging)

        # never a traceback; the typed values stay in the form
        run_service(self, save, lambda saved: self._saved(saved, wijziging.beeindigd), failed=self._failed,
                    unexpected="de database gaf een fout ({kind}); probeer opnieuw.", group="weekplan-form-save")

    def _failed(self, message: str) -> None:
        self._saving = False
        self._show_error(message)

    def _saved(self, item: WeekplanItem, beeindigd: WeekplanItem | None) -> None:
        from rules.dates import format_date
        from rules.weekplan import WEEKDAGEN

        message = f"Opgeslagen: {item.activiteit}, {WEEKDAGEN[item.weekdag]} {item.tijden}"
        if beeindigd is not None and beeindigd.geldig_tot is not None:
            message += (f", vanaf {format_date(item.geldig_van)}. Tot en met {format_date(beeindigd.geldig_tot)} "
                        "blijft het oude plan staan")
        self.app.notify(message + ".", timeout=8)
        self.dismiss(item)

