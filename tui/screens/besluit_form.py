"""Record a decision on a person's obligation from the dossier (key ``b``): a verlenging of the
inburgeringstermijn, DUO's ontheffing or vrijstelling, a gewijzigd PIP, or the vertrek.

First a short choice (:class:`BesluitKeuzeScreen`), then one form per kind
(:class:`BesluitFormScreen`). The form checks what it can read itself (dates,
numbers); the service (`services.besluiten`) checks the decision against the law
and DUO's rules and refuses with a Dutch message naming the field, which the
form shows under that field and focuses. Nothing is stored until the service
accepts it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from tui.css import stylesheet
from tui.screens.form import FormModal
from tui.threads import run_service
from tui.widgets.date_input import DateInput
from tui.widgets.form_field import FormField

# The kinds a consulent can record, in the order a consulent meets them.
SOORTEN: tuple[tuple[str, str, str], ...] = (
    ("verlenging", "verlenging van de inburgeringstermijn", "een grond in het dossier of het besluit van DUO"),
    ("pip", "gewijzigd PIP", "een nieuwe leerroute of niveau, of het PIP van een vorige gemeente"),
    ("ontheffing", "ontheffing (DUO)", "geheel, of voor een examenonderdeel of de participatie-uren"),
    ("vrijstelling", "vrijstelling (DUO)", "geheel, gedeeltelijk of tijdelijk"),
    ("vertrek", "vertrek", "verhuisd naar een andere gemeente of het buitenland"),
)
TITELS = {soort: titel for soort, titel, _ in SOORTEN}


def describe_besluit(view) -> str:
    """One recorded decision in a line, in Dutch (kind, date, content)."""
    from rules.dates import format_date

    fact = view.fact

    def d(value) -> str:
        return format_date(value) if value else "—"

    if view.soort == "verlenging":
        besluit = f"besluit {d(fact.besluitdatum)}" if fact.besluitdatum else "grond in het dossier"
        einde = f", tot {d(fact.nieuwe_einddatum)}" if fact.nieuwe_einddatum else ""
        return f"verlenging: {fact.grond.label} ({besluit}{einde})"
    if view.soort == "pip":
        route = fact.leerroute.label if fact.leerroute else "leerroute onbekend"
        waar = f", {fact.gemeente}" if fact.gemeente else ""
        return f"PIP {d(fact.dagtekening)}: {route}{' ' + fact.niveau.value if fact.niveau else ''}{waar}"
    if view.soort == "ontheffing":
        scope = f", {fact.examenonderdeel.value}" if fact.examenonderdeel else ""
        uren = f", max. {fact.participatie_uren_max} uur participatie" if fact.participatie_uren_max is not None else ""
        return f"ontheffing {fact.soort.value} (besluit {d(fact.besluitdatum)}{scope}{uren})"
    periode = f", {d(fact.start)} t/m {d(fact.einde)}" if fact.start or fact.einde else ""
    return f"vrijstelling {fact.soort.value} (besluit {d(fact.besluitdatum)}{periode})"


class BesluitKeuzeScreen(ModalScreen[str | None]):
    """Which decision to record (returns its kind, or None); below, the decisions on file, x removes one."""

    DEFAULT_CSS = stylesheet(__file__, "forms.tcss")
    BINDINGS = [Binding("escape", "cancel", "annuleren"), Binding("x,delete", "remove", "besluit verwijderen")]

    def __init__(self, naam: str, *, person_id: int | None = None) -> None:
        super().__init__()
        self.naam = naam
        self.person_id = person_id
        self.besluiten: list = []
        self.removed = False  # something was removed: the dossier reloads

    def compose(self) -> ComposeResult:
        with Vertical(id="besluit-keuze"):
            yield Static(f"Besluit vastleggen voor {self.naam}", classes="besluit-titel", markup=False)
            yield OptionList(*(Option(Text.assemble((titel, "bold"), "  ", (uitleg, "dim")), id=soort)
                               for soort, titel, uitleg in SOORTEN), id="besluit-soorten")
            yield Static("Vastgelegde besluiten", classes="besluit-titel", id="besluit-lijst-titel")
            yield OptionList(id="besluit-lijst")
            yield Static("↑↓ kiezen · enter openen · tab naar de besluiten (x verwijdert) · escape terug",
                         classes="besluit-keys")

    def on_mount(self) -> None:
        self.query_one("#besluit-soorten", OptionList).focus()
        self._load()

    def _load(self) -> None:
        lijst = self.query_one("#besluit-lijst", OptionList)
        if self.person_id is None or self.app.store is None:
            lijst.display = False
            self.query_one("#besluit-lijst-titel").display = False
            return
        store, person_id = self.app.store, self.person_id

        def load():
            from services.besluiten import list_besluiten

            return list_besluiten(store=store, person_id=person_id)

        run_service(self, load, self._show, group="besluiten")

    def _show(self, besluiten) -> None:
        from rules.text import safe_for_terminal

        self.besluiten = list(besluiten)
        lijst = self.query_one("#besluit-lijst", OptionList)
        lijst.clear_options()
        if self.besluiten:
            lijst.add_options([Option(Text(safe_for_terminal(describe_besluit(b))), id=str(i))
                               for i, b in enumerate(self.besluiten)])
            lijst.highlighted = 0
        else:
            lijst.add_option(Option(Text("nog geen besluiten vastgelegd", style="dim"), disabled=True))

    @on(OptionList.OptionSelected, "#besluit-soorten")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_remove(self) -> None:
        from tui.screens.confirm import ConfirmScreen

        lijst = self.query_one("#besluit-lijst", OptionList)
        if self.focused is not lijst or lijst.highlighted is None or not self.besluiten:
            return
        view = self.besluiten[lijst.highlighted]
        store, person_id = self.app.store, self.person_id

        def answered(yes: bool | None) -> None:
            if not yes:
                return

            def remove():
                from services.besluiten import delete_besluit

                return delete_besluit(store=store, person_id=person_id, soort=view.soort, besluit_id=view.id)

            def removed(_gone) -> None:
                self.removed = True
                self.notify("Besluit verwijderd.", timeout=3)
                self._load()

            run_service(self, remove, removed, group="besluiten")

        self.app.push_screen(ConfirmScreen(f"Dit besluit verwijderen? {describe_besluit(view)}",
                                           detail="Doe dit alleen bij een vergissing; de termijnen en signalen worden "
                                                  "opnieuw berekend.", ja="verwijderen", nee="bewaren"), answered)

    def action_cancel(self) -> None:
        self.dismiss("" if self.removed else None)


@dataclass(frozen=True)
class _Invoer:
    """What the form read: the decision to give the service, or the field and message to show."""

    besluit: Any = None
    veld: str | None = None
    fout: str | None = None


def _choices(enum, *, label: Callable[[Any], str] | None = None) -> list[tuple[str, str]]:
    return [((label or (lambda e: getattr(e, "label", e.value)))(e), e.value) for e in enum]


class BesluitFormScreen(FormModal[bool]):
    """One decision's fields; ctrl+s hands it to `save` (a service call, run in a worker).
    Returns True when stored, False when left without saving."""

    HELP_TITLE = "Besluit vastleggen"
    HELP_TEXT = ("Vul de gegevens van het besluit in zoals DUO of de gemeente het nam. ctrl+s slaat op; regie controleert "
                 "het besluit eerst tegen de wet en de regels van DUO en zegt bij welk veld iets niet klopt.")
    DEFAULT_CSS = stylesheet(__file__, "forms.tcss")
    DISCARD_QUESTION = "Het besluit is nog niet opgeslagen. Weggooien?"
    CANCEL_RESULT = False

    def __init__(self, soort: str, *, naam: str, save: Callable[[Any], object],
                 warn: Callable[[Any], list[str]] | None = None) -> None:
        super().__init__()
        self.soort = soort
        self.naam = naam
        self.save = save
        self.warn = warn  # (in a worker) the warnings this decision brings; the form asks before saving it
        self._typed = False
        self._saving = False

    # -- layout ------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        from rules.model import (
            Alfabetisering,
            ExamenOnderdeel,
            Leerroute,
            Niveau,
            OntheffingGrond,
            OntheffingSoort,
            VerlengingGrond,
            VrijstellingSoort,
        )

        def select(options, *, id: str, prompt: str | None = None) -> Select:
            return Select(options, prompt=prompt or "kies", allow_blank=prompt is not None, compact=True, id=id)

        def tekst(id: str, placeholder: str = "", max_length: int = 0) -> Input:
            return Input(placeholder=placeholder, compact=True, id=id, max_length=max_length)

        with VerticalScroll(id="besluit-form"):
            titel = TITELS[self.soort]
            yield Static(f"{titel[:1].upper()}{titel[1:]} voor {self.naam}", classes="besluit-titel", markup=False)
            if self.soort == "verlenging":
                yield FormField("Grond", select(_choices(VerlengingGrond), id="grond", prompt="kies de grond"))
                yield FormField("Besluitdatum (DUO)", DateInput(id="besluitdatum", compact=True),
                                hint="leeg: de grond staat in het dossier, DUO heeft nog niet besloten")
                yield FormField("Nieuwe einddatum", DateInput(id="nieuwe_einddatum", compact=True),
                                hint="de einddatum van de termijn in het besluit van DUO")
                yield FormField("Toelichting", tekst("toelichting", "bijv. ziek van maart tot juni", 300))
            elif self.soort == "pip":
                yield FormField("Dagtekening", DateInput(id="dagtekening", required=True, compact=True))
                yield FormField("Leerroute", select(_choices(Leerroute), id="leerroute", prompt="kies de leerroute"))
                yield FormField("Niveau", select(_choices(Niveau), id="niveau", prompt="leeg: B1 (Z-route: geen)"))
                yield FormField("Alfabetisering", select(_choices(Alfabetisering), id="alfabetisering", prompt="leeg: onbekend"))
                yield FormField("Gemeente", tekst("gemeente", "leeg: deze gemeente", 100),
                                hint="vul de vorige gemeente in als het PIP daar is vastgesteld")
                yield FormField("Reden", tekst("reden", "bijv. leerroute-wissel, afschalen naar A2", 300))
            elif self.soort == "ontheffing":
                yield FormField("Soort", select(_choices(OntheffingSoort, label=lambda e: e.value), id="soort"))
                yield FormField("Besluitdatum", DateInput(id="besluitdatum", required=True, compact=True))
                yield FormField("Grond", select(_choices(OntheffingGrond), id="grond", prompt="leeg: onbekend"))
                yield FormField("Examenonderdeel", select(_choices(ExamenOnderdeel), id="examenonderdeel",
                                                          prompt="alleen bij gedeeltelijk"))
                yield FormField("Max. uren participatie", tekst("participatie_uren_max", "Z-route, bijv. 400", 4),
                                hint="gedeeltelijke ontheffing van de participatie-uren (Z-route)")
            elif self.soort == "vrijstelling":
                yield FormField("Soort", select(_choices(VrijstellingSoort, label=lambda e: e.value), id="soort"))
                yield FormField("Besluitdatum", DateInput(id="besluitdatum", required=True, compact=True))
                yield FormField("Reden (DUO-code)", tekst("reden", "bijv. DIP of OPL", 3))
                yield FormField("Examenonderdeel", select(_choices(ExamenOnderdeel), id="examenonderdeel",
                                                          prompt="alleen bij gedeeltelijk"))
                yield FormField("Examenniveau", select(_choices(Niveau), id="examenniveau", prompt="alleen bij gedeeltelijk"))
                yield FormField("Begindatum", DateInput(id="start", compact=True), hint="bij een tijdelijke vrijstelling")
                yield FormField("Einddatum", DateInput(id="einde", compact=True), hint="bij een tijdelijke vrijstelling (tot en met)")
            else:
                yield FormField("Vertrokken op", DateInput(id="datum", required=True, compact=True),
                                hint="de datum van uitschrijving in de BRP")
                yield FormField("Bestemming", tekst("bestemming", "de nieuwe gemeente, of het land", 100))
            yield Static("", id="besluit-status", markup=False)
            yield Static("ctrl+s opslaan · escape annuleren", classes="besluit-keys")

    def on_mount(self) -> None:
        first = self.query(".form-field--control").first()
        if first is not None:
            first.focus()
        self._initial = self._values()

    def _values(self) -> tuple:
        """Everything the form holds now, to tell a touched form from an untouched one."""
        return tuple((control.id, str(control.value)) for control in self.query(".form-field--control"))

    @on(Input.Changed)
    @on(Select.Changed)
    def _changed(self, event) -> None:
        self._typed = True
        # A field's error line goes as soon as the field reads well again, and the summary line with it.
        control = event.control if hasattr(event, "control") else None
        field = control.parent.parent if control is not None and control.parent is not None else None
        if isinstance(field, FormField) and field.has_class("-fout") and not isinstance(control, DateInput):
            field.show(Text(field.hint, style="dim") if field.hint else None)
        if isinstance(field, FormField) and field.has_class("-fout") is False:
            status = self.query_one("#besluit-status", Static)
            if not self.query(".-fout"):
                status.update("")

    def is_dirty(self) -> bool:
        # Only what the user changed counts: a Select announcing its first value is not typing.
        return getattr(self, "_initial", None) is not None and self._values() != self._initial

    # -- reading -----------------------------------------------------------------
    def _date(self, id: str) -> tuple[date | None, str | None]:
        return self.query_one(f"#{id}", DateInput).parse()

    def _choice(self, id: str, enum):
        control = self.query_one(f"#{id}", Select)
        return None if control.is_blank() else enum(control.value)

    def _text(self, id: str) -> str:
        return self.query_one(f"#{id}", Input).value.strip()

    def read(self) -> _Invoer:
        """The decision as typed, or the first field that cannot be read and why."""
        from rules.model import (
            Alfabetisering,
            ExamenOnderdeel,
            Leerroute,
            Niveau,
            Ontheffing,
            OntheffingGrond,
            OntheffingSoort,
            Pip,
            Verlenging,
            VerlengingGrond,
            Vrijstelling,
            VrijstellingSoort,
        )
        from rules.text import check_text
        from services.besluiten import Vertrek

        dates: dict[str, date | None] = {}
        for control in self.query(DateInput):
            value, fout = control.parse()
            if fout:
                return _Invoer(veld=control.id, fout=fout)
            dates[control.id] = value
        for control in self.query(Input):
            if not isinstance(control, DateInput) and (reason := check_text(control.value, veld="de tekst")):
                return _Invoer(veld=control.id, fout=reason)
        if self.soort == "verlenging":
            grond = self._choice("grond", VerlengingGrond)
            if grond is None:
                return _Invoer(veld="grond", fout="Kies de grond voor de verlenging.")
            return _Invoer(Verlenging(grond, dates["besluitdatum"], dates["nieuwe_einddatum"], self._text("toelichting")))
        if self.soort == "pip":
            return _Invoer(Pip(dates["dagtekening"], self._choice("leerroute", Leerroute), self._choice("niveau", Niveau),
                               self._choice("alfabetisering", Alfabetisering), self._text("gemeente") or None,
                               self._text("reden")))
        if self.soort == "ontheffing":
            uren_text = self._text("participatie_uren_max")
            if uren_text and not uren_text.isdigit():
                return _Invoer(veld="participatie_uren_max", fout="Vul een heel aantal uren in (0 of meer), of laat het leeg.")
            return _Invoer(Ontheffing(self._choice("soort", OntheffingSoort), dates["besluitdatum"],
                                      self._choice("grond", OntheffingGrond), self._choice("examenonderdeel", ExamenOnderdeel),
                                      int(uren_text) if uren_text else None))
        if self.soort == "vrijstelling":
            return _Invoer(Vrijstelling(self._choice("soort", VrijstellingSoort), dates["besluitdatum"],
                                        self._text("reden").upper() or None, self._choice("examenonderdeel", ExamenOnderdeel),
                                        self._choice("examenniveau", Niveau), dates["start"], dates["einde"]))
        return _Invoer(Vertrek(dates["datum"], self._text("bestemming")))

    # -- saving ------------------------------------------------------------------
    def _show(self, veld: str | None, message: str) -> None:
        status = self.query_one("#besluit-status", Static)
        status.update(Text(f"fout: {message}", style="bold red"))
        if veld and (controls := self.query(f"#{veld}")):
            control = controls.first()
            field = control.parent.parent if control.parent is not None else None
            if isinstance(field, FormField):
                field.show(message, fout=True)
            control.focus()

    def action_save(self) -> None:
        if self._saving:
            return
        invoer = self.read()
        if invoer.fout:
            self._show(invoer.veld, invoer.fout)
            return
        self._saving = True
        if self.warn is not None:
            warn = self.warn

            def warned(messages: list[str]) -> None:
                if not messages:
                    self._store(invoer)
                    return
                from tui.screens.confirm import ConfirmScreen

                def answered(yes: bool | None) -> None:
                    if yes:
                        self._store(invoer)
                    else:
                        self._saving = False

                self.app.push_screen(ConfirmScreen("Let op: dit besluit toch opslaan?", detail=" ".join(messages),
                                                   ja="toch opslaan", nee="terug naar het besluit"), answered)

            run_service(self, lambda: warn(invoer.besluit), warned, refused=self._refused, failed=self._failed,
                        group="besluit-save")
            return
        self._store(invoer)

    def _refused(self, exc) -> None:
        self._saving = False
        self._show(getattr(exc, "field", None), str(exc))

    def _failed(self, message: str) -> None:
        self._saving = False
        self._show(None, message)

    def _store(self, invoer: _Invoer) -> None:
        def refused(exc) -> None:
            self._saving = False
            self._show(getattr(exc, "field", None), str(exc))

        def failed(message: str) -> None:
            self._saving = False
            self._show(None, message)

        run_service(self, lambda: self.save(invoer.besluit), lambda _result: self.close_form(True),
                    refused=refused, failed=failed, group="besluit-save")
