"""Edit a person's facts: checked as you type against the rules DUO applies, saved whole or not at all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.suggester import SuggestFromList
from textual.widgets import Checkbox, Header, Input, Select, Static

from tui.css import stylesheet
from tui.screens.form import FormScreen
from tui.widgets.footer import Footer
from tui.drafts import DraftMixin
from tui.screens.confirm import ConfirmScreen
from tui.screens.message import MessageScreen
from tui.threads import run_service
from tui.widgets.date_input import DateInput
from tui.widgets.form_field import FormField
from rules.text import safe_for_terminal


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: str  # text, date, bool, select, int, bsn
    required: bool = False
    hint: str = ""
    options: tuple[tuple[str, str], ...] = ()


# Tri-state (DUO's Verwijtbaar Ja/Nee, or not given): a select whose blank is "onbekend".
_JA_NEE = (("ja", "ja"), ("nee", "nee"))
_TRI_STATE = frozenset({"map_verwijtbaar", "pvt_verwijtbaar"})


def _max_text() -> dict[str, int]:
    from rules import limits

    return {"adres": limits.ADRES, "azc_locatie": limits.AZC_LOCATIE, "contactpersoon": limits.CONTACTPERSOON,
            "contactpersoon_organisatie": limits.ORGANISATIE, "consulent": limits.CONSULENT, "taal": limits.TAAL}


_MAX_TEXT = _max_text()


def _field_specs() -> tuple[tuple[str, tuple[FieldSpec, ...]], ...]:
    from rules.model import (
        Alfabetisering, Doelgroep, LeerbaarheidstoetsVrijstelling, Leerroute, Niveau, Regime, Status, Verblijfsvergunning,
    )

    def opts(kind) -> tuple[tuple[str, str], ...]:
        return tuple((getattr(v, "label", v.value), v.value) for v in kind)

    return (
        ("Persoon", (
            FieldSpec("naam", "naam *", "text", required=True),
            FieldSpec("achternaam", "achternaam", "text",
                      hint="het deel van de naam waarop de caseload sorteert (van der Berg staat onder B); leeg: het laatste woord"),
            FieldSpec("kenmerk", "kenmerk *", "text", required=True, hint="het eigen cliëntnummer van de gemeente; uniek"),
            FieldSpec("geboortedatum", "geboortedatum", "date"),
            FieldSpec("bsn", "BSN", "bsn", hint="9 cijfers; wordt gecontroleerd met de elfproef"),
            FieldSpec("doelgroep", "doelgroep *", "select", required=True, options=opts(Doelgroep)),
            FieldSpec("nareiziger", "nareiziger", "bool"),
            FieldSpec("verblijfsvergunning", "soort verblijfsvergunning", "select", options=opts(Verblijfsvergunning),
                      hint="alleen voor een nareiziger: asiel (afgeleid) wordt ontzorgd, regulier niet (Participatiewet art. 56a)"),
            FieldSpec("regime", "regime *", "select", required=True, options=opts(Regime)),
            FieldSpec("status", "status *", "select", required=True, options=opts(Status)),
            FieldSpec("consulent", "consulent", "text"),
            FieldSpec("taal", "taal", "text"),
            FieldSpec("tolk_nodig", "tolk nodig", "bool"),
        )),
        ("Contact en begeleiding", (
            FieldSpec("adres", "adres", "text", hint="straat, huisnummer, postcode en plaats"),
            FieldSpec("telefoon", "telefoon", "telefoon", hint="06… of 0xx…, of buitenlands met +"),
            FieldSpec("email", "e-mail", "email"),
            FieldSpec("v_nummer", "V-nummer (COA)", "v_nummer", hint="10 cijfers"),
            FieldSpec("azc_locatie", "AZC-locatie", "text"),
            FieldSpec("contactpersoon", "begeleider", "text", hint="contactpersoon die helpt, bijv. van VluchtelingenWerk"),
            FieldSpec("contactpersoon_organisatie", "organisatie begeleider", "text"),
            FieldSpec("contactpersoon_telefoon", "telefoon begeleider", "telefoon"),
        )),
        ("Keten", (
            FieldSpec("kennisgeving_duo", "kennisgeving DUO", "date"),
            FieldSpec("koppeling", "koppeling", "date"),
            FieldSpec("eerste_azc_bezoek", "eerste AZC-bezoek", "date"),
            FieldSpec("brp_inschrijving", "BRP-inschrijving", "date"),
            FieldSpec("huisvesting", "huisvesting", "date"),
            FieldSpec("brede_intake_start", "start brede intake", "date"),
            FieldSpec("inburgeringsplicht_start", "start inburgeringsplicht (DUO)", "date"),
            FieldSpec("leerbaarheidstoets", "leerbaarheidstoets afgenomen", "date"),
            FieldSpec("leerbaarheidstoets_vrijstelling", "vrijgesteld van leerbaarheidstoets", "select",
                      options=opts(LeerbaarheidstoetsVrijstelling)),
        )),
        ("Verhuizing en vertrek", (
            FieldSpec("vorige_gemeente", "vorige gemeente", "text"),
            FieldSpec("verhuisd_in", "verhuisd naar deze gemeente op", "date"),
            FieldSpec("eerste_pip_datum", "datum eerste PIP (vorige gemeente)", "date"),
            FieldSpec("vertrokken_op", "vertrokken op", "date"),
            FieldSpec("vertrek_bestemming", "bestemming", "text"),
        )),
        ("PIP en leerroute", (
            FieldSpec("pip_datum", "PIP-datum (dagtekening)", "date"),
            FieldSpec("leerroute", "leerroute", "select", options=opts(Leerroute)),
            FieldSpec("niveau", "niveau", "select", options=opts(Niveau)),
            FieldSpec("alfabetisering", "alfabetisering", "select", options=opts(Alfabetisering)),
            FieldSpec("aanbod_gepland", "aanbod gepland op", "date"),
            FieldSpec("aanbod_start", "start inburgeringsaanbod", "date"),
            FieldSpec("aanbod_einde", "aanbod einde opleiding", "date", hint="DUO: verwachte einddatum opleiding (exclusief)"),
            FieldSpec("termijn_einde", "einddatum termijn (DUO)", "date",
                      hint="alleen invullen als DUO een andere einddatum noemt (verlenging); leeg = PIP + 3 jaar"),
            FieldSpec("laatste_voortgangsgesprek", "laatste voortgangsgesprek", "date",
                      hint="contactmomenten ‘voortgangsgesprek’ tellen vanzelf mee"),
        )),
        ("Ontzorgen", (
            FieldSpec("bijstand", "bijstand", "bool"),
            FieldSpec("ontzorgen_start", "start ontzorgen", "date"),
            FieldSpec("ontzorgen_maanden", "ontzorgen (maanden)", "int", hint="leeg = de standaard van de gemeente"),
        )),
        ("Modules en afronding", (
            FieldSpec("pvt_ondertekend", "PVT ondertekend", "date"),
            FieldSpec("pvt_verwijtbaar", "PVT verwijtbaar", "select", options=_JA_NEE),
            FieldSpec("map_eindgesprek", "MAP-eindgesprek", "date"),
            FieldSpec("map_verwijtbaar", "MAP verwijtbaar", "select", options=_JA_NEE),
            FieldSpec("zroute_afgerond", "Z-route afgerond", "date"),
        )),
    )


def all_specs() -> list[FieldSpec]:
    return [spec for _, specs in _field_specs() for spec in specs]


INSTALLED_NAME = "persoon-bewerken"  # the one installed edit form (see PersonFormScreen.show)
PAINT_HOLD_SECONDS = 0.3  # a reopened form waits this long for its person before it shows empty fields


class PersonFormScreen(DraftMixin, FormScreen[bool]):
    """Dismisses with True when saved, False when left without saving."""

    COMMAND_PREFIX = "gegevens"  # palette entries read "gegevens: …"
    HELP_TITLE = "Gegevens bewerken"
    HELP_TEXT = (
        "Alle gegevens van de persoon. Datums als dd-mm-jjjj, ‘vandaag’ of relatief (+10w, -3d). "
        "Onder elk veld staat wat er niet klopt: ‘fout’ moet eerst opgelost (DUO zou het weigeren), "
        "‘let op’ mag blijven staan. ctrl+s slaat alles in één keer op; escape gaat terug (en vraagt eerst als er "
        "wijzigingen zijn). Wat u typt wordt als concept bewaard."
    )
    BINDINGS = [
        Binding("ctrl+s", "save", "opslaan", priority=True),
        Binding("escape", "cancel", "terug"),
        Binding("ctrl+r", "reload", "opnieuw laden"),
    ]
    DISCARD_QUESTION = "Wijzigingen niet opgeslagen. Weggooien?"
    DISCARD_ANSWERS = {"ja": "weggooien", "nee": "verder bewerken"}
    CANCEL_RESULT = False
    DEFAULT_CSS = stylesheet(__file__, "forms.tcss")

    draft_form = "persoon"
    # Nothing has the focus until the person is read: what is typed meanwhile goes to on_key, which keeps it.
    AUTO_FOCUS = None

    def __init__(self, person_id: int | None) -> None:
        super().__init__()
        self._ready = False
        self._paint_hold = None  # see _hold_paint
        self._begin(person_id)

    def _begin(self, person_id: int | None) -> None:
        """Start editing ``person_id``: nothing of a previous person is kept."""
        self.person_id = person_id
        self.draft_key = f"persoon:{person_id}"
        self.draft_person_id = person_id
        self.draft_claim = None
        self._draft_enabled = True
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        self.version: int | None = None
        self.original: dict[str, object] | None = None
        self.errors: dict[str, str] = {}  # field -> first error ("fout"), the reason a save is refused
        self.besluiten = None  # the person's exam attempts and decisions (services.persons.PersonForm.lists)
        self._saving = False
        self._previous_naam: str | None = None
        self._loading = 0  # counts the openings; a read for an earlier person is dropped
        # Keys typed while the fields are still being filled (the form opens at once, the data follows):
        # kept in order and replayed into the first field, so nothing typed is lost or lands elsewhere.
        self._early_keys: list[tuple[str, str | None]] | None = []

    @classmethod
    def show(cls, app, person_id: int) -> None:
        """Open the edit form for ``person_id``.

        One form stays installed and is filled with the next person each
        time: building its ~400 widgets anew cost more than the 150 ms a
        consulent may wait after pressing e (issue 17). A form already on
        the screen stack (opened again from a dossier above it) gets a new
        screen of its own.
        """
        if not app.is_screen_installed(INSTALLED_NAME):
            screen = cls(person_id)
            app.install_screen(screen, INSTALLED_NAME)
        else:
            screen = app.get_screen(INSTALLED_NAME)
            if screen in app.screen_stack or not isinstance(screen, cls):
                screen = cls(person_id)
            elif screen._ready:
                screen._reopen(person_id)
            else:
                screen._begin(person_id)  # still being built (see prepare): it reads the person once mounted
        app.push_screen(screen)

    @classmethod
    def prepare(cls, app) -> None:
        """Build the installed form ahead, off-screen, while the consulent reads a dossier, so that even
        the first e of a session only fills it. Without this the first opening builds ~330 widgets."""
        from tui.ahead import build_ahead

        build_ahead(app, INSTALLED_NAME, lambda: cls(None))

    def _reopen(self, person_id: int) -> None:
        """Empty the form of the previous person and read ``person_id``."""
        self._begin(person_id)
        self.set_focus(None)
        self.query_one("#form-title", Static).update("Gegevens laden…")
        self.query_one("#form-scroll", VerticalScroll).scroll_home(animate=False, immediate=True)
        self.widget("naam").select_on_focus = True
        self._hold_paint()
        self._load()

    def _hold_paint(self) -> None:
        """Paint nothing until the next person's values are in (at most PAINT_HOLD_SECONDS): the fields
        still hold the previous person, and are refilled in place rather than emptied first (each
        change of a field's look restyles it, which is what made the form slow to open)."""
        if self._paint_hold is None:
            self._paint_hold = self.app.batch_update()
            self._paint_hold.__enter__()
        opening = self._loading + 1  # the opening _load is about to start
        self.set_timer(PAINT_HOLD_SECONDS, lambda: self._release_paint(opening))

    def _release_paint(self, opening: int | None = None) -> None:
        if opening is not None and opening != self._loading:
            return  # the timer of an earlier opening
        if opening is not None and self.original is None and self._paint_hold is not None:
            self._blank_fields()  # still reading after the hold: show nothing of the previous person
        hold, self._paint_hold = self._paint_hold, None
        if hold is not None:
            hold.__exit__(None, None, None)
            self.refresh()

    def _blank_fields(self) -> None:
        with self.prevent(Input.Changed, Select.Changed, Checkbox.Changed):
            for spec in all_specs():
                if not (spec.kind == "select" and spec.required):  # a required choice has no blank; it is refilled
                    self._set_widget(spec, None)
                self.field(spec.name).show(None)
        self.query_one("#form-summary", Static).update("")

    # -- building -------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Gegevens laden…", id="form-title")
        # Not focusable itself (the fields are): focusing it would restyle every field in it, ~300 widgets.
        with VerticalScroll(id="form-scroll", can_focus=False):
            for section, specs in _field_specs():
                yield Static(section, classes="form-section")
                for spec in specs:
                    yield FormField(spec.label, self._control(spec), hint=spec.hint, id=f"field-{spec.name}")
        yield Static("", id="form-summary")
        yield Footer()

    def _control(self, spec: FieldSpec):
        ident = f"f-{spec.name}"
        if spec.kind == "date":
            return DateInput(compact=True, id=ident)
        if spec.kind == "bool":
            return Checkbox("nee", compact=True, id=ident)
        if spec.kind == "select":
            return Select(list(spec.options), allow_blank=not spec.required, prompt="— (onbekend)", compact=True, id=ident)
        placeholder = {"int": "heel getal, bijvoorbeeld 6", "bsn": "123456782 (leeg = onbekend)",
                       "telefoon": "0612345678 (leeg = onbekend)", "email": "naam@voorbeeld.nl (leeg = onbekend)",
                       "v_nummer": "10 cijfers (leeg = onbekend)"}.get(spec.kind, "")
        return Input(compact=True, id=ident, placeholder=placeholder)

    def widget(self, name: str):
        return self.query_one(f"#f-{name}")

    def field(self, name: str) -> FormField:
        return self.query_one(f"#field-{name}", FormField)

    def on_mount(self) -> None:
        self._ready = True
        if self.person_id is not None:
            self._load()
        else:  # built ahead (prepare): laid out ahead too, then it waits for its first person
            from tui.ahead import layout_ahead

            layout_ahead(self)

    def on_key(self, event) -> None:
        """While loading, keep what is typed (escape still leaves; ctrl+s waits for the data)."""
        if self._early_keys is None or event.key == "escape":
            return
        if event.is_printable or event.key in {"backspace", "delete", "tab", "shift+tab", "left", "right", "home", "end"}:
            self._early_keys.append((event.key, event.character))
            event.stop()
            event.prevent_default()

    def _replay_early_keys(self, first) -> None:
        """Type what was kept into the first field, in order, now that it holds the stored value; from a tab on,
        the keys go on as key presses (to whichever field has the focus then)."""
        from textual import events

        keys, self._early_keys = self._early_keys or [], None
        editing = {"backspace": first.action_delete_left, "delete": first.action_delete_right,
                   "left": first.action_cursor_left, "right": first.action_cursor_right,
                   "home": first.action_home, "end": first.action_end}
        first.cursor_position = len(first.value)  # typing continues after the name, never over it
        for index, (key, character) in enumerate(keys):
            if key in {"tab", "shift+tab"}:
                rest = keys[index:]
                self.call_after_refresh(lambda: [self.app.post_message(events.Key(k, c)) for k, c in rest])
                return
            if key in editing:
                editing[key]()
            elif character:
                first.insert_text_at_cursor(character)

    # -- loading --------------------------------------------------------------------
    def _load(self) -> None:
        store = self.app.store
        if store is None:
            self._title_problem("De database is nog niet geopend; probeer het zo opnieuw.")
            return

        person_id, draft_key = self.person_id, self.draft_key

        def load():
            from services.persons import load_person_form

            return load_person_form(store=store, person_id=person_id, draft_key=draft_key)

        self._loading += 1
        opening = self._loading

        def loaded(form) -> None:
            if opening != self._loading or person_id != self.person_id:
                return  # read for a person this form no longer shows
            self.besluiten = form.lists
            if form.draft:
                self.draft_claim = form.draft_claim  # a recovered draft is saved once, whichever window saves it
            self._loaded(form.fields, form.consulenten, form.draft)

        run_service(self, load, loaded,
                    failed=self._title_problem, unexpected="De gegevens konden niet worden gelezen ({kind}).",
                    group="person-form")

    def _title_problem(self, message: str) -> None:
        self._early_keys = None  # nothing to type into
        if self._paint_hold is not None:
            self._blank_fields()
            self._release_paint()
        self.query_one("#form-title", Static).update(Text(message, style="bold red"))

    def _loaded(self, fields, consulenten: list[str], draft: dict | None) -> None:
        if fields is None:
            self._title_problem("Dit dossier bestaat niet (meer); er valt niets te bewerken. Druk op escape.")
            return
        self.version = fields.version
        self.original = dict(fields.values)
        restored = False
        # Filling the fields is not editing them: without this, every filled field would check the whole
        # form again (one revalidate per field); it is checked once, below.
        with self.prevent(Input.Changed, Select.Changed, Checkbox.Changed):
            for spec in all_specs():
                self._set_widget(spec, fields.values[spec.name])
            self.widget("consulent").suggester = SuggestFromList(consulenten, case_sensitive=False)
            if draft and isinstance(draft.get("fields"), dict):
                self.restore_draft(draft)
                restored = True
        self.query_one("#form-title", Static).update(
            Text.assemble(("Gegevens bewerken: ", "bold"), (safe_for_terminal(f"{fields.values['naam']} · {fields.values['kenmerk']}"), "bold"),
                          ("   ctrl+s opslaan · escape terug", "dim"))
        )
        first = self.widget("naam")
        if self._early_keys:
            first.select_on_focus = False  # what was typed goes where the cursor is, not over a selection
        first.focus()
        self._replay_early_keys(first)
        self.revalidate()
        self._release_paint()
        if restored:
            self.notify("Een niet-opgeslagen concept van deze gegevens is teruggezet. Escape en j gooit het weg.", timeout=8)

    def _set_widget(self, spec: FieldSpec, value: object) -> None:
        from rules.dates import format_date

        widget = self.widget(spec.name)
        if spec.kind == "date":
            widget.value = format_date(value) if isinstance(value, date) else ""
        elif spec.kind == "bool":
            widget.value = bool(value)
            widget.label = "ja" if value else "nee"
        elif spec.kind == "select":
            if spec.name in _TRI_STATE and value is not None:
                value = "ja" if value else "nee"
            widget.value = value if value is not None else Select.NULL
        elif spec.kind == "int":
            widget.value = "" if value is None else str(value)
        else:
            widget.value = "" if value is None else str(value)

    # -- reading the form -------------------------------------------------------------
    def _raw(self, spec: FieldSpec):
        widget = self.widget(spec.name)
        if spec.kind == "select":
            return None if widget.value is Select.NULL else str(widget.value)
        return widget.value

    def read(self) -> tuple[dict[str, object], dict[str, str]]:
        """The typed values as they would be stored, and the Dutch error per field that cannot be read."""
        from rules import limits
        from rules.bsn import normalize_bsn
        from rules.contactgegevens import normalize_email, normalize_telefoon, normalize_v_nummer
        from rules.errors import InputError

        values: dict[str, object] = {}
        errors: dict[str, str] = {}
        for spec in all_specs():
            raw = self._raw(spec)
            if spec.kind == "date":
                datum, fout = self.widget(spec.name).parse()
                values[spec.name] = datum
                if fout:
                    errors[spec.name] = fout
            elif spec.kind in ("bool", "select"):
                values[spec.name] = (raw == "ja") if spec.name in _TRI_STATE and raw is not None else raw
                if raw is None and spec.required:
                    errors[spec.name] = f"Kies een {spec.label.rstrip(' *')}."
            elif spec.kind == "int":
                text = raw.strip()
                values[spec.name] = None
                if text:
                    if text.isascii() and text.isdigit() and 1 <= int(text) <= 120:
                        values[spec.name] = int(text)
                    else:
                        errors[spec.name] = f"‘{text}’ is geen aantal maanden; typ een heel getal zoals 6 of 12, of laat het leeg voor de standaard van de gemeente."
            elif spec.kind in ("bsn", "telefoon", "email", "v_nummer"):
                text = raw.strip()
                values[spec.name] = None
                normalize = {"bsn": normalize_bsn, "telefoon": normalize_telefoon, "email": normalize_email,
                             "v_nummer": normalize_v_nummer}[spec.kind]
                if text:
                    try:
                        values[spec.name] = normalize(text)
                    except InputError as exc:
                        errors[spec.name] = exc.message
            else:
                text = " ".join(raw.split())
                values[spec.name] = text or None
                if not text and spec.required:
                    errors[spec.name] = f"Vul een {spec.label.rstrip(' *')} in; dit veld is verplicht."
                elif spec.name == "kenmerk" and len(text) > limits.KENMERK:
                    errors[spec.name] = f"Een kenmerk is hoogstens {limits.KENMERK} tekens."
                elif spec.name == "naam" and len(text) > limits.NAAM:
                    errors[spec.name] = f"Een naam is hoogstens {limits.NAAM} tekens."
                elif spec.name == "achternaam" and text and values.get("naam"):
                    from rules.naam import check_achternaam

                    if problem := check_achternaam(text, naam=str(values["naam"])):
                        errors[spec.name] = problem
                elif spec.name in _MAX_TEXT and len(text) > _MAX_TEXT[spec.name]:
                    errors[spec.name] = f"Dit veld is hoogstens {_MAX_TEXT[spec.name]} tekens; het zijn er nu {len(text)}."
        return values, errors

    def _facts(self, values: dict[str, object]):
        from rules.model import (
            Alfabetisering, Doelgroep, LeerbaarheidstoetsVrijstelling, Leerroute, Niveau, PersonFacts, Regime, Status,
            Verblijfsvergunning,
        )

        def enum(kind, value):
            return kind(value) if value is not None else None

        return PersonFacts(
            kenmerk=values["kenmerk"] or "", naam=values["naam"] or "",
            doelgroep=Doelgroep(values["doelgroep"] or Doelgroep.ASIELSTATUSHOUDER.value),
            regime=Regime(values["regime"] or Regime.WI2021.value), status=Status(values["status"] or Status.ACTIEF.value),
            nareiziger=bool(values["nareiziger"]), bijstand=bool(values["bijstand"]), consulent=values["consulent"],
            kennisgeving_duo=values["kennisgeving_duo"], koppeling=values["koppeling"],
            eerste_azc_bezoek=values["eerste_azc_bezoek"], brp_inschrijving=values["brp_inschrijving"],
            huisvesting=values["huisvesting"], brede_intake_start=values["brede_intake_start"],
            pip_datum=values["pip_datum"], leerroute=enum(Leerroute, values["leerroute"]),
            niveau=enum(Niveau, values["niveau"]), alfabetisering=enum(Alfabetisering, values["alfabetisering"]),
            aanbod_start=values["aanbod_start"], ontzorgen_start=values["ontzorgen_start"],
            ontzorgen_maanden=values["ontzorgen_maanden"], pvt_ondertekend=values["pvt_ondertekend"],
            map_eindgesprek=values["map_eindgesprek"], zroute_afgerond=values["zroute_afgerond"],
            termijn_einde=values["termijn_einde"], laatste_voortgangsgesprek=values["laatste_voortgangsgesprek"],
            geboortedatum=values["geboortedatum"],
            verblijfsvergunning=enum(Verblijfsvergunning, values["verblijfsvergunning"]),
            inburgeringsplicht_start=values["inburgeringsplicht_start"], aanbod_gepland=values["aanbod_gepland"],
            aanbod_einde=values["aanbod_einde"], map_verwijtbaar=values["map_verwijtbaar"],
            pvt_verwijtbaar=values["pvt_verwijtbaar"], vorige_gemeente=values["vorige_gemeente"],
            verhuisd_in=values["verhuisd_in"], eerste_pip_datum=values["eerste_pip_datum"],
            vertrokken_op=values["vertrokken_op"], vertrek_bestemming=values["vertrek_bestemming"],
            leerbaarheidstoets=values["leerbaarheidstoets"],
            leerbaarheidstoets_vrijstelling=enum(LeerbaarheidstoetsVrijstelling, values["leerbaarheidstoets_vrijstelling"]),
            **({} if self.besluiten is None else dict(
                verlengingen=self.besluiten.verlengingen, ontheffingen=self.besluiten.ontheffingen,
                vrijstellingen=self.besluiten.vrijstellingen, pips=self.besluiten.pips, examens=self.besluiten.examens)),
        )

    def _changes(self, values: dict[str, object] | None = None) -> dict[str, object]:
        if self.original is None:
            return {}
        values = values if values is not None else self.read()[0]
        return {name: value for name, value in values.items() if value != self.original.get(name)}

    @property
    def dirty(self) -> bool:
        """Something was typed that is not saved: a changed value, or input that does not read yet
        (a BSN failing the 11-proef is still typing that would be lost)."""
        if self.original is None:
            return False
        values, parse_errors = self.read()
        return bool(parse_errors) or bool(self.changes(values))

    def is_dirty(self) -> bool:
        return self.dirty

    # -- checking as you type -----------------------------------------------------------
    def revalidate(self) -> None:
        """Show every field's message and the summary; remember the errors that block saving."""
        from rules.validation import FOUT, validate_facts

        if self.original is None:
            return
        values, parse_errors = self.read()
        findings: dict[str, list] = {}
        algemeen: list = []
        names = {spec.name for spec in all_specs()}
        for bevinding in validate_facts(self._facts(values), today=self.app.today()):
            (findings.setdefault(bevinding.veld, []) if bevinding.veld in names else algemeen).append(bevinding)
        self.errors = dict(parse_errors)
        warnings = 0
        for spec in all_specs():
            field = self.field(spec.name)
            text = Text()
            if spec.name in parse_errors:
                text.append("fout: ", style="bold red")
                text.append(parse_errors[spec.name], style="red")
            for bevinding in findings.get(spec.name, ()):
                if text:
                    text.append("\n")
                if bevinding.ernst == FOUT:
                    text.append("fout: ", style="bold red")
                    text.append(bevinding.melding, style="red")
                    self.errors.setdefault(spec.name, bevinding.melding)
                else:
                    warnings += 1
                    text.append("let op: ", style="bold dark_orange")
                    text.append(bevinding.melding, style="dark_orange")
            if not text and spec.kind == "date":
                text = self.widget(spec.name).feedback()
            if not text and spec.hint:
                text = Text(spec.hint, style="dim")
            field.show(text, fout=spec.name in self.errors)
        for bevinding in algemeen:
            if bevinding.ernst == FOUT:
                self.errors.setdefault("_", bevinding.melding)
            else:
                warnings += 1
        self._summarise(len(self._changes(values)), warnings, algemeen)

    def _summarise(self, changed: int, warnings: int, algemeen: list) -> None:
        summary = Text()
        fouten = len(self.errors)
        if fouten:
            summary.append(f"{fouten} {'fout' if fouten == 1 else 'fouten'}", style="bold red")
            summary.append(": opslaan kan pas als die zijn opgelost (zie de rode regels). ")
        else:
            summary.append("geen fouten", style="green")
            summary.append(". ")
        if warnings:
            summary.append(f"{warnings} {'waarschuwing' if warnings == 1 else 'waarschuwingen'} (mag). ", style="dark_orange")
        summary.append(f"{changed} {'wijziging' if changed == 1 else 'wijzigingen'}." if changed else "Nog niets gewijzigd.")
        for bevinding in algemeen:
            summary.append(f"\n{bevinding.melding}", style="red" if bevinding.ernst == "fout" else "dark_orange")
        self.query_one("#form-summary", Static).update(summary)

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _edited(self, event) -> None:
        if isinstance(event, Checkbox.Changed):
            event.checkbox.label = "ja" if event.value else "nee"
        if self.original is None:
            return
        if isinstance(event, Input.Changed) and event.input.id == "f-naam":
            self._follow_naam(event.value)
        self.revalidate()
        if self.dirty:
            self.draft_changed()

    def _follow_naam(self, naam: str) -> None:
        """An achternaam that was empty or the guess from the previous naam follows the naam as it is typed;
        one typed by hand stays as it is."""
        from rules.naam import achternaam_uit_naam

        achternaam = self.widget("achternaam")
        previous = self._previous_naam
        if previous is None:
            previous = str(self.original.get("naam") or "") if self.original else ""
        self._previous_naam = naam
        if achternaam.value.strip() in ("", achternaam_uit_naam(previous)):
            guess = achternaam_uit_naam(naam)
            if achternaam.value != guess:
                achternaam.value = guess

    def changes(self, values: dict[str, object] | None = None) -> dict[str, object]:
        changed = self._changes(values)
        if "naam" in changed and "achternaam" not in changed and self.original is not None:
            changed["achternaam"] = self.original.get("achternaam")  # kept as it is, not guessed again from the new naam
        return changed

    # -- drafts ---------------------------------------------------------------------------
    def collect_draft(self) -> dict:
        return {"version": self.version, "fields": {spec.name: self._raw(spec) for spec in all_specs()}}

    def restore_draft(self, data: dict) -> None:
        fields = data.get("fields") or {}
        for spec in all_specs():
            if spec.name not in fields:
                continue
            raw = fields[spec.name]
            widget = self.widget(spec.name)
            try:
                if spec.kind == "bool":
                    self._set_widget(spec, bool(raw))
                elif spec.kind == "select":
                    widget.value = raw if raw is not None else Select.NULL
                elif isinstance(raw, str):
                    widget.value = raw
            except Exception:
                continue  # a stale draft value (e.g. an option that no longer exists) is skipped
        if isinstance(data.get("version"), int):
            # Saving a draft typed against an older version must meet the version check.
            self.version = data["version"]

    # -- saving -----------------------------------------------------------------------------
    def action_save(self) -> None:
        if self._saving or self.original is None or self.version is None:
            return
        self.revalidate()
        if self.errors:
            first = next((spec.name for spec in all_specs() if spec.name in self.errors), None)
            aantal = len(self.errors)
            self.notify(
                f"Niet opgeslagen: {aantal} {'fout' if aantal == 1 else 'fouten'} in het formulier. Los de rode regels eerst op.",
                severity="error", timeout=6,
            )
            if first:
                self.widget(first).focus()
            return
        values = self.read()[0]
        changes = self.changes(values)
        if not changes:
            self.notify("Er is niets gewijzigd.", timeout=3)
            self.draft_done()
            self.dismiss(False)
            return
        self._saving = True
        self.query_one("#form-summary", Static).update(Text("Opslaan…", style="dim"))
        self._save(self.version, changes)

    def _save(self, version: int, changes: dict[str, object]) -> None:
        draft_key, draft_claim = self.draft_save_args()

        def save() -> int:
            from services.persons import update_person

            return update_person(store=self.app.store, person_id=self.person_id, expected_version=version, changes=changes,
                                 draft_key=draft_key, draft_claim=draft_claim)

        run_service(self, save, self._saved, refused=lambda exc: self._failed(str(exc), getattr(exc, "field", None)),
                    failed=lambda message: self._failed(message, None),
                    unexpected="De database gaf een fout ({kind}); er is niets opgeslagen. Uw invoer staat er nog.",
                    group="person-save")

    def _failed(self, message: str, field: str | None) -> None:
        self._saving = False
        self.revalidate()
        if field is not None:
            self.field(field).show(Text.assemble(("fout: ", "bold red"), (message, "red")), fout=True)
            self.widget(field).focus()
        self.app.push_screen(MessageScreen("Niet opgeslagen", message))

    def _saved(self, new_version: int) -> None:
        self.version = new_version
        self.draft_done()
        self.notify("Gegevens opgeslagen.", timeout=3)
        self.app.data_changed()  # while this form is on top, so the dossier and caseload below reload
        self.dismiss(True)

    # -- leaving ---------------------------------------------------------------------------------
    def action_reload(self) -> None:
        def reload(yes: bool | None = True) -> None:
            if yes:
                self.draft_done()
                self.draft_reopen()  # the reloaded form may be edited and drafted again
                self.original = None
                self._load()

        if self.dirty:
            self.app.push_screen(ConfirmScreen("Opnieuw laden? Uw wijzigingen gaan dan verloren.", ja="opnieuw laden", nee="verder bewerken"), reload)
        else:
            reload()
