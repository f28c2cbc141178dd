"""F4: a new person (or a whole household) straight after an AZC visit, with only what is known so far.

The form takes naam, geboortedatum, V-nummer, AZC-locatie, BSN (optional) and the
household (ctrl+g: partner, children, nareizigers still to come), checks whether
anyone is already on file (“Is dit dezelfde persoon?”), stores everyone in one
transaction, and returns to where the user started with a toast naming who was
registered, so five aanmeldingen in a row do not stack five dossiers.
"""

from __future__ import annotations

from rich.markup import escape
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Checkbox, Header, Input, Label, Select, Static, TextArea

from tui.css import stylesheet
from tui.drafts import DraftMixin
from tui.screens.form import FormScreen
from tui.threads import run_service
from tui.widgets.date_input import DateInput
from tui.widgets.footer import Footer
from tui.widgets.form_field import FormField

VISIT_KINDS = ("azc_bezoek", "warme_overdracht", "driepartijengesprek")
PAST_DATE_FIELDS = ("koppeling", "eerste_azc_bezoek", "contact_datum", "geboortedatum")
TEXT_FIELDS = ("naam", "geboortedatum", "v_nummer", "azc_locatie", "bsn", "kenmerk", "koppeling", "eerste_azc_bezoek",
               "consulent", "taal", "achternaam", "contact_datum")
MEMBER_KINDS = ("partner", "kind", "ouder", "overig")


class LidRow(Vertical):
    """One household member: naam, geboortedatum, V-nummer, relatie, nareiziger; the line below says what the law says."""

    def __init__(self, number: int, relatie: str) -> None:
        super().__init__(id=f"lid-{number}", classes="lid")
        self.number = number
        self.relatie = relatie

    def compose(self) -> ComposeResult:
        from rules.huishouden import Relatie

        with Horizontal(classes="lid-regel"):
            yield Label(f"Gezinslid {self.number}", classes="lid-label")
            yield Input(placeholder="naam", compact=True, classes="lid-naam")
            yield DateInput(placeholder="geboortedatum", compact=True, classes="lid-geboortedatum")
            yield Input(placeholder="V-nummer", compact=True, max_length=14, classes="lid-v_nummer")
        with Horizontal(classes="lid-regel"):
            yield Label("", classes="lid-label")
            yield Select([(Relatie(k).label, k) for k in MEMBER_KINDS], value=self.relatie, allow_blank=False,
                         compact=True, classes="lid-relatie")
            yield Checkbox("nareiziger (nog niet hier)", compact=True, classes="lid-nareiziger")
        yield Static("", classes="lid-melding")

    def values(self) -> dict:
        return {"naam": self.query_one(".lid-naam", Input).value,
                "geboortedatum": self.query_one(".lid-geboortedatum", DateInput).value,
                "v_nummer": self.query_one(".lid-v_nummer", Input).value,
                "relatie": self.query_one(".lid-relatie", Select).value,
                "nareiziger": self.query_one(".lid-nareiziger", Checkbox).value}

    def fill(self, data: dict) -> None:
        self.query_one(".lid-naam", Input).value = data.get("naam", "")
        self.query_one(".lid-geboortedatum", DateInput).value = data.get("geboortedatum", "")
        self.query_one(".lid-v_nummer", Input).value = data.get("v_nummer", "")
        if data.get("relatie") in MEMBER_KINDS:
            self.query_one(".lid-relatie", Select).value = data["relatie"]
        self.query_one(".lid-nareiziger", Checkbox).value = bool(data.get("nareiziger"))

    def say(self, message: Text | str) -> None:
        line = self.query_one(".lid-melding", Static)
        line.update(message)
        plain = message.plain if isinstance(message, Text) else message
        self.in_error = plain.startswith("fout:")
        line.set_class(bool(plain), "-shown")


class AanmeldingScreen(DraftMixin, FormScreen[int | None]):
    """Returns the id of an existing dossier the user chose to open instead, or None (saved, or cancelled)."""

    COMMAND_PREFIX = "aanmelding"  # palette entries read "aanmelding: …"
    HELP_TITLE = "Nieuwe aanmelding"
    HELP_TEXT = (
        "Leg een nieuwe inburgeraar vast na een AZC-bezoek, warme overdracht of driepartijengesprek, met het hele "
        "huishouden tegelijk: ctrl+g voegt een gezinslid toe (partner, kinderen, nareizigers die nog komen). "
        "Alleen de naam en een kenmerk, V-nummer óf de koppelingsdatum zijn nodig; de rest vult u later aan. "
        "Kinderen onder de 16 zijn (nog) niet inburgeringsplichtig: zij worden alleen als gezinslid vastgelegd. "
        "Vóór het opslaan kijkt regie of iemand al een dossier heeft (zelfde BSN, V-nummer, of lijkende naam met "
        "dezelfde geboortedatum). Datums als dd-mm-jjjj, ddmmjjjj, ‘vandaag’ of relatief (-3d, +2w)."
    )
    DISCARD_QUESTION = "De aanmelding is niet opgeslagen. Weggooien?"
    DEFAULT_CSS = stylesheet(__file__, "forms.tcss")
    BINDINGS = [Binding("ctrl+g", "add_lid", "gezinslid toevoegen", priority=True)]

    draft_key = "aanmelding"
    draft_form = "aanmelding"

    def __init__(self, *, draft: dict | None = None) -> None:
        super().__init__()
        self._initial_draft = draft
        self._dirty = False
        self._leden = 0

    def compose(self) -> ComposeResult:
        from rules.model import ContactSoort, Doelgroep

        yield Header()
        with VerticalScroll(id="aanmelding-scroll"):
            yield Static("Nieuwe aanmelding: vul in wat u nu weet. * = verplicht; kenmerk, V-nummer of koppeling is genoeg. "
                         "ctrl+g: gezinslid toevoegen.", classes="muted")
            yield FormField("Naam *", Input(id="naam", placeholder="voor- en achternaam", compact=True), id="field-naam")
            yield FormField("Geboortedatum", DateInput(id="geboortedatum", compact=True), id="field-geboortedatum")
            yield FormField("V-nummer (COA)", Input(id="v_nummer", placeholder="10 cijfers", max_length=14, compact=True), id="field-v_nummer")
            yield FormField("AZC-locatie", Input(id="azc_locatie", placeholder="bijv. AZC Zeist", compact=True), id="field-azc_locatie")
            yield FormField("BSN", Input(id="bsn", placeholder="9 cijfers (als bekend)", max_length=14, compact=True), id="field-bsn")
            yield FormField("Kenmerk", Input(id="kenmerk", placeholder="eigen cliëntnummer (of leeg)", compact=True), id="field-kenmerk")
            yield FormField("Koppeling (datum)", DateInput(id="koppeling", compact=True), id="field-koppeling")
            yield FormField(
                "Doelgroep *",
                Select([(d.label, d.value) for d in Doelgroep], value=Doelgroep.ASIELSTATUSHOUDER.value, allow_blank=False, compact=True, id="doelgroep"),
                id="field-doelgroep",
            )
            with Horizontal(id="vinkjes"):
                yield Checkbox("nareiziger", compact=True, id="nareiziger")
                yield Checkbox("tolk nodig", compact=True, id="tolk_nodig")
            yield FormField("Eerste AZC-bezoek", DateInput(id="eerste_azc_bezoek", compact=True, placeholder="leeg = datum van dit AZC-bezoek"),
                            id="field-eerste_azc_bezoek")
            yield FormField("Consulent", Input(id="consulent", compact=True), id="field-consulent")
            yield FormField("Taal", Input(id="taal", placeholder="bijv. Tigrinya", compact=True), id="field-taal")
            # After the fields of a quick aanmelding: rarely needed, so it costs no tab on the way to the rest.
            yield FormField("Achternaam", Input(id="achternaam", placeholder="leeg: het laatste woord van de naam (van der Berg staat onder B)",
                                                compact=True), id="field-achternaam")
            yield FormField(
                "Dit contact",
                Select([(ContactSoort(k).label, k) for k in VISIT_KINDS], value="azc_bezoek", allow_blank=True, prompt="geen contactmoment", compact=True, id="contact_soort"),
                id="field-contact_soort",
            )
            yield FormField("Datum contact", DateInput("vandaag", id="contact_datum", compact=True), id="field-contact_datum")
            yield Label("Notitie van het gesprek", id="notitie-label")
            yield TextArea(id="notitie")
            yield Label("Huishouden", id="huishouden-label")
            yield Static("ctrl+g: gezinslid toevoegen (partner, kind, ouder, nareiziger). Een regel zonder naam telt niet mee.",
                         classes="muted", id="huishouden-hint")
            yield Vertical(id="leden")
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
        last_azc = getattr(self.app, "last_azc_locatie", None)  # five aanmeldingen after one visit: typed once
        if last_azc:
            self.query_one("#azc_locatie", Input).value = last_azc
        self.draft_baseline = self.collect_draft()
        if self._initial_draft:
            self.restore_draft(self._initial_draft)
        self._dirty = bool(self._initial_draft)
        self.query_one("#naam", Input).focus()

    # -- the household -----------------------------------------------------------
    def _rows(self) -> list[LidRow]:
        """The member rows, once composed (a row being mounted is not counted yet)."""
        return [row for row in self.query(LidRow) if row.query(".lid-naam")]

    async def _add_row(self, data: dict | None = None, *, focus: bool = True) -> LidRow:
        self._leden += 1
        relatie = "partner" if self._leden == 1 else "kind"  # the usual order: partner first, then the children
        row = LidRow(self._leden, relatie)
        await self.query_one("#leden", Vertical).mount(row)
        if data:
            row.fill(data)
        if focus:
            row.query_one(".lid-naam", Input).focus()
            row.scroll_visible()
        return row

    async def action_add_lid(self) -> None:
        await self._add_row()
        self._edited()

    # -- drafts ------------------------------------------------------------
    def collect_draft(self) -> dict:
        data = {name: self.query_one(f"#{name}", Input).value for name in TEXT_FIELDS}
        data["doelgroep"] = self.query_one("#doelgroep", Select).value
        contact = self.query_one("#contact_soort", Select).value
        data["contact_soort"] = None if contact is Select.NULL else contact
        data["nareiziger"] = self.query_one("#nareiziger", Checkbox).value
        data["tolk_nodig"] = self.query_one("#tolk_nodig", Checkbox).value
        data["notitie"] = self.query_one("#notitie", TextArea).text
        leden = [row.values() for row in self._rows()]
        if leden:
            data["leden"] = leden
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
        for lid in data.get("leden") or []:
            if isinstance(lid, dict):
                self.call_later(self._add_row, lid, focus=False)

    # -- validation as you type -------------------------------------------------
    def _edited(self) -> None:
        self._dirty = self.collect_draft() != self.draft_baseline
        self.draft_changed()

    def is_dirty(self) -> bool:
        return self._dirty

    def _recheck(self) -> None:
        """After a refused save: every field is checked again as it is typed in, so an error line goes as soon
        as its field is right, and the summary at the bottom lists only what is still wrong."""
        if not getattr(self, "_save_refused", False):
            return
        result = self._collect()
        if isinstance(result, list):
            self._show("form-errors", "Niet opgeslagen: " + " ".join(result))
        else:
            self._save_refused = False
            self._show("form-errors", "")

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        self._edited()
        self._recheck()
        ident = event.input.id
        if ident in PAST_DATE_FIELDS:
            self._check_date(ident)
            if ident == "geboortedatum":
                self._say_plicht_hoofd()
        elif ident == "naam" and event.value.strip():
            self._fout("naam", None)
        elif event.input.has_class("lid-geboortedatum"):
            row = next((a for a in event.input.ancestors if isinstance(a, LidRow)), None)
            if row is not None:
                self._say_plicht(row)

    @on(TextArea.Changed)
    @on(Select.Changed)
    def _other_changed(self) -> None:
        self._edited()
        self._recheck()

    @on(Checkbox.Changed)
    def _checkbox_changed(self, event: Checkbox.Changed) -> None:
        self._edited()
        row = next((a for a in event.checkbox.ancestors if isinstance(a, LidRow)), None)
        if row is not None:
            self._say_plicht(row)

    def _plicht_text(self, geboortedatum) -> Text | None:
        from rules.huishouden import plicht_op_leeftijd

        if geboortedatum is None:
            return None
        plicht = plicht_op_leeftijd(geboortedatum, as_of=self.app.today())
        return None if plicht.plichtig else Text(plicht.uitleg, style="yellow")

    def _say_plicht_hoofd(self) -> None:
        datum, fout = self.query_one("#geboortedatum", DateInput).parse()
        if fout is None and (text := self._plicht_text(datum)) is not None:
            self.query_one("#field-geboortedatum", FormField).show(text)

    def _say_plicht(self, row: LidRow) -> None:
        """Under a member: the date read, or why it is not (yet) inburgeringsplichtig."""
        field = row.query_one(".lid-geboortedatum", DateInput)
        datum, fout = field.parse()
        if fout:
            row.say(Text(f"fout: {fout}", style="red"))
        elif row.query_one(".lid-nareiziger", Checkbox).value:
            row.say(Text("Nareiziger die nog komt: vastgelegd als gezinslid, zonder plicht of signalen tot aankomst.", style="yellow"))
        else:
            text = self._plicht_text(datum)
            row.say(text if text is not None else (field.feedback() if datum is not None else ""))
        self.call_after_refresh(row.query_one(".lid-melding").scroll_visible)

    def _check_date(self, name: str):
        """The date in field ``name`` (None when empty), or the InputError shown under it."""
        from rules.errors import InputError

        datum, fout = self.query_one(f"#{name}", DateInput).parse()
        if fout:
            self._fout(name, fout)
            return InputError(fout)
        if datum is not None and datum > self.app.today():
            error = ("Een geboortedatum ligt niet in de toekomst." if name == "geboortedatum"
                     else "Deze datum ligt in de toekomst; een bezoek of koppeling kan alleen vandaag of eerder zijn.")
            self._fout(name, error)
            return InputError(error)
        self._fout(name, None)
        return datum

    def _checked(self, name: str, value: str, check, problems: list[str]) -> str | None:
        """``check(value)`` (rules) for an optional field: the stored value, None when empty, or the error shown."""
        from rules.errors import InputError

        if not value.strip():
            self._fout(name, None)
            return None
        try:
            result = check(value)
        except InputError as exc:
            self._fout(name, exc.message)
            problems.append(exc.message)
            return None
        self._fout(name, None)
        return result

    def _collect(self):
        """(Aanmelding, [Gezinslid]), or the list of Dutch problems that stop it being saved."""
        from rules.bsn import normalize_bsn
        from rules.contactgegevens import normalize_v_nummer
        from rules.dates import parse_optional_date
        from rules.errors import InputError
        from rules.text import check_text
        from services.aanmelding import Aanmelding, Gezinslid

        problems: list[str] = []
        dates = {}
        for name in PAST_DATE_FIELDS:
            result = self._check_date(name)
            if isinstance(result, InputError):
                problems.append(result.message)
            else:
                dates[name] = result
        data = self.collect_draft()
        for name, veld in (("naam", "de naam"), ("azc_locatie", "de AZC-locatie"), ("kenmerk", "het kenmerk"),
                           ("consulent", "de consulent"), ("taal", "de taal")):
            if fout := check_text(data[name], veld=veld, kenmerk=name == "kenmerk"):
                self._fout(name, fout)
                problems.append(fout)
        bsn = self._checked("bsn", data["bsn"], normalize_bsn, problems)
        v_nummer = self._checked("v_nummer", data["v_nummer"], normalize_v_nummer, problems)
        if not data["naam"].strip():
            self._fout("naam", "Vul een naam in.")
            problems.append("De naam ontbreekt.")
        if not data["kenmerk"].strip() and dates.get("koppeling") is None and not data["v_nummer"].strip():
            self._fout("kenmerk", "Vul kenmerk, V-nummer of koppeling in.")
            problems.append("Vul een kenmerk, V-nummer of de datum van de koppeling in (één is genoeg).")
        elif not check_text(data["kenmerk"], veld="het kenmerk", kenmerk=True):
            self._fout("kenmerk", None)
        achternaam = " ".join(data["achternaam"].split())
        if achternaam and data["naam"].strip():
            from rules.naam import check_achternaam

            problem = check_achternaam(achternaam, naam=data["naam"])
            self._fout("achternaam", problem)
            if problem:
                problems.append(problem)
        leden = []
        for row in self._rows():
            values = row.values()
            if not values["naam"].strip():
                continue
            fouten = []
            if fout := check_text(values["naam"], veld="de naam"):
                fouten.append(fout)
            try:
                geboren = parse_optional_date(values["geboortedatum"], today=self.app.today())
                if geboren is not None and geboren > self.app.today():
                    fouten.append("Een geboortedatum ligt niet in de toekomst.")
            except InputError as exc:
                geboren = None
                fouten.append(exc.message)
            lid_v = None
            if values["v_nummer"].strip():
                try:
                    lid_v = normalize_v_nummer(values["v_nummer"])
                except InputError as exc:
                    fouten.append(exc.message)
            if fouten:
                row.say(Text("fout: " + " ".join(fouten), style="red"))
                problems.append(f"Gezinslid {row.number}: " + " ".join(fouten))
                continue
            leden.append(Gezinslid(naam=values["naam"].strip(), relatie=values["relatie"], geboortedatum=geboren,
                                   v_nummer=lid_v, nareiziger=values["nareiziger"]))
        if problems:
            return problems
        if not data["kenmerk"].strip() and dates["koppeling"] is None:
            kenmerk = None  # the V-nummer identifies the person; the kenmerk is generated
        else:
            kenmerk = data["kenmerk"].strip() or None
        aanmelding = Aanmelding(
            naam=data["naam"].strip(), doelgroep=data["doelgroep"], kenmerk=kenmerk,
            koppeling=dates["koppeling"], eerste_azc_bezoek=dates["eerste_azc_bezoek"], consulent=data["consulent"].strip() or None,
            taal=data["taal"].strip() or None, tolk_nodig=data["tolk_nodig"], nareiziger=data["nareiziger"],
            contact_soort=data["contact_soort"], contact_datum=dates["contact_datum"], notitie=data["notitie"],
            achternaam=achternaam or None,
            geboortedatum=dates["geboortedatum"], bsn=bsn, v_nummer=v_nummer, azc_locatie=data["azc_locatie"].strip() or None,
        )
        return aanmelding, leden

    # -- actions -------------------------------------------------------------------
    def action_save(self) -> None:
        result = self._collect()
        if isinstance(result, list):
            self._save_refused = True
            self._show("form-errors", "Niet opgeslagen: " + " ".join(result))
            self._focus_first_error()
            return
        self._save_refused = False
        self._show("form-errors", "")
        aanmelding, leden = result

        def check():
            from services.aanmelding import find_duplicates

            return find_duplicates(store=self.app.store, aanmelding=aanmelding, leden=leden)

        run_service(self, check, lambda found: self._after_check(found, aanmelding, leden),
                    failed=lambda message: self._show("form-errors", f"Niet opgeslagen: {message}"), group="aanmelding-save")

    def _focus_first_error(self) -> None:
        """The cursor goes to the first field in error (top to bottom), or to the first household member in error."""
        for field in self.query(FormField):
            if field.has_class("-fout"):
                field.control.focus()
                field.control.scroll_visible()
                return
        for row in self._rows():
            if getattr(row, "in_error", False):
                row.query_one(".lid-naam", Input).focus()
                return

    def _after_check(self, found, aanmelding, leden) -> None:
        if not found:
            self._save(aanmelding, leden)
            return
        from tui.screens.dubbel import NIEUW, OPEN, DubbelScreen

        def chosen(answer) -> None:
            if answer is None:
                return  # back to the form, everything still typed
            kind, person_id = answer
            if kind == OPEN:
                self.close_form(person_id)
            elif kind == NIEUW:
                self._save(aanmelding, leden)

        self.app.push_screen(DubbelScreen(found), chosen)

    def _save(self, aanmelding, leden) -> None:
        draft_key, draft_claim = self.draft_save_args()

        def save():
            from services.aanmelding import create_aanmelding

            return create_aanmelding(store=self.app.store, aanmelding=aanmelding, today=self.app.today(), leden=leden,
                                     draft_key=draft_key, draft_claim=draft_claim)

        run_service(self, save, lambda done: self._saved(done, aanmelding),
                    failed=lambda message: self._show("form-errors", f"Niet opgeslagen: {message}"),
                    unexpected="de database gaf een fout ({kind}). Uw invoer staat er nog.", group="aanmelding-save")

    def _saved(self, done, aanmelding) -> None:
        self.draft_done()
        if aanmelding.azc_locatie:
            self.app.last_azc_locatie = aanmelding.azc_locatie
        hoofd, *rest = done.leden
        names = escape(hoofd.naam) + (f" met {len(rest)} {'gezinsleden' if len(rest) != 1 else 'gezinslid'}" if rest else "")
        self.app.notify(f"Aangemeld: {names} ({escape(done.kenmerk)}). Open het dossier met F2.", title="Aanmelding opgeslagen")
        self.app.data_changed()
        self.dismiss(None)  # back where the user started: the next aanmelding is one F4 away
