"""The DUO screen of the caseload (how many messages are klaar, geblokkeerd, verzonden, afgewezen) and the dossier's DUO tab.

Both load through `services.duo` in a worker thread and draw the result;
neither touches the database. F7 (and "DUO: berichten" in the palette) opens
`DuoScreen`; the dossier's sixth tab holds `DuoTab`. Sending (v) asks first:
it goes to DUO and cannot be taken back. Asking DUO what it knows (d: for the
caseload on the screen, for one person in the tab) runs in a worker too; where
DUO and the dossier differ, both show it ("DUO zegt …, regie heeft …").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Static

from tui.threads import post_if_attached

# Colour goes with a word, never alone (STYLE.md, Keyboard and screen).
STATUS_STYLE = {
    "klaar": "green",
    "geblokkeerd": "bold red",
    "verzonden": "yellow",
    "geaccepteerd": "dim",
    "afgewezen": "bold red",
}
STATUS_LABEL = {
    "klaar": "klaar",
    "geblokkeerd": "geblokkeerd",
    "verzonden": "verzonden, wacht op DUO",
    "geaccepteerd": "geaccepteerd",
    "afgewezen": "afgewezen door DUO",
}
COUNTED = ("klaar", "geblokkeerd", "verzonden", "afgewezen", "geaccepteerd")


def _local(moment) -> str:
    """A stored UTC moment in the user's local time (the local database may hand it back without its zone)."""
    from datetime import UTC

    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%d-%m-%Y %H:%M")


def _status(status: str) -> Text:
    return Text(STATUS_LABEL.get(status, status), style=STATUS_STYLE.get(status, ""))


class DuoScreen(Screen):
    """The caseload's DUO messages: counts per status, per person; enter opens the person."""

    CSS_PATH = "duo.tcss"
    COMMAND_PREFIX = "DUO"
    HELP_TITLE = "DUO-aanlevering"
    HELP_TEXT = (
        "Alle berichten die regie uit de dossiers voor DUO opbouwt, vooraf gecontroleerd tegen DUO's schema en "
        "regels. Per persoon staat hoeveel berichten klaar, geblokkeerd (met de reden in het dossier, tab 6 DUO), "
        "verzonden, afgewezen of geaccepteerd zijn. Met enter opent u het dossier; met v verzendt u wat klaar is "
        "(regie vraagt eerst om bevestiging). Met d vraagt u DUO per BSN wat DUO heeft geregistreerd (termijn, "
        "inburgeringsplicht, doelgroep, PIP, vrijstellingen, ontheffingen, examens, MAP en PVT): de einddatum van de "
        "termijn en wat in het dossier nog ontbreekt neemt regie over; waar DUO iets anders zegt dan het dossier, "
        "staat het verschil onderaan. Verzenden en opvragen kan alleen op de computer met het "
        "PKIoverheid-certificaat van de gemeente."
    )
    BINDINGS = [
        Binding("escape", "app.pop_screen", "terug"),
        Binding("enter", "open", "persoon openen", show=True),
        Binding("v", "verzend", "verzenden naar DUO", show=True),
        Binding("d", "opvragen", "bij DUO opvragen", show=True),
        Binding("r", "reload", "opnieuw controleren"),
    ]

    class PersonOpened(Message):
        def __init__(self, person_id: int) -> None:
            super().__init__()
            self.person_id = person_id

    def __init__(self, store, *, today: date, config_dir: Path, on_open: Callable[[int], None] | None = None,
                 opvragen: bool = False) -> None:
        super().__init__()
        self._opvragen_at_start = opvragen  # opened from the palette's "DUO: opvragen": ask at once
        self.store = store
        self.today = today
        self.config_dir = config_dir
        self.on_open = on_open
        self.overzicht = None
        self._row_persons: list[int] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="duo"):
            yield Static(Text("DUO-aanlevering", style="bold"), id="duo-titel")
            yield Static("berichten worden gecontroleerd…", id="duo-telling")
            yield Static("", id="duo-melding")
            table = DataTable(id="duo-personen", cursor_type="row", zebra_stripes=True)
            table.add_columns("kenmerk", "naam", *COUNTED)
            yield table
            yield Static("", id="duo-verschillen")
            yield Static("", id="duo-gebeurtenissen")
        yield Footer()

    def on_mount(self) -> None:
        self.load()
        if self._opvragen_at_start:
            self.call_after_refresh(self.action_opvragen)

    @work(thread=True, exclusive=True, group="duo")
    def load(self) -> None:
        from services.duo import overzicht
        from services.errors import ServiceError

        try:
            result = overzicht(self.store, as_of=self.today, config_dir=self.config_dir)
        except ServiceError as exc:
            post_if_attached(self, self._show_error, str(exc))
            return
        except Exception as exc:  # never a traceback on screen
            post_if_attached(self, self._show_error, f"De berichten konden niet worden gecontroleerd ({type(exc).__name__}).")
            return
        post_if_attached(self, self._draw, result)

    def _show_error(self, message: str) -> None:
        self.query_one("#duo-telling", Static).update("")
        self.query_one("#duo-melding", Static).update(Text(message, style="bold red"))

    def _draw(self, result) -> None:
        self.overzicht = result
        telling = result.telling
        self.query_one("#duo-telling", Static).update(Text.assemble(
            (f"{telling.get('klaar', 0)} klaar", STATUS_STYLE["klaar"]), " · ",
            (f"{telling.get('geblokkeerd', 0)} geblokkeerd", STATUS_STYLE["geblokkeerd"]), " · ",
            (f"{telling.get('verzonden', 0)} wachten op DUO", STATUS_STYLE["verzonden"]), " · ",
            (f"{telling.get('afgewezen', 0)} afgewezen", STATUS_STYLE["afgewezen"]), " · ",
            f"{telling.get('geaccepteerd', 0)} geaccepteerd",
        ))
        table = self.query_one("#duo-personen", DataTable)
        table.clear()
        self._row_persons = []
        for person in result.personen:
            cells = [Text(str(person.telling.get(s, 0) or "·"), style=STATUS_STYLE[s] if person.telling.get(s) else "dim")
                     for s in COUNTED]
            table.add_row(person.kenmerk, person.naam, *cells)
            self._row_persons.append(person.person_id)
        te_bekijken = [g for g in result.gebeurtenissen if g.betekenis.effect != "informatie"]
        lines = Text()
        if te_bekijken:
            lines.append(f"Gebeurtenissen van DUO ({len(te_bekijken)}):\n", style="bold")
            for g in te_bekijken[-10:]:
                wie = g.kenmerk or "niet in de caseload"
                lines.append(f"  {g.registratie[:10]}  {wie}: {g.betekenis.label}")
                if g.betekenis.actie:
                    lines.append(f" — {g.betekenis.actie}", style="dim")
                lines.append("\n")
        self.query_one("#duo-gebeurtenissen", Static).update(lines)
        self.query_one("#duo-verschillen", Static).update(_verschillen(result.verschillen))
        table.focus()

    def selected_person(self) -> int | None:
        table = self.query_one("#duo-personen", DataTable)
        if not self._row_persons or table.cursor_row is None or table.cursor_row >= len(self._row_persons):
            return None
        return self._row_persons[table.cursor_row]

    @on(DataTable.RowSelected, "#duo-personen")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        person_id = self.selected_person()
        if person_id is None:
            return
        self.post_message(self.PersonOpened(person_id))
        if self.on_open is not None:
            self.on_open(person_id)

    def action_reload(self) -> None:
        self.load()

    def action_verzend(self) -> None:
        """Ask first: a message sent is with DUO and cannot be taken back from here."""
        from tui.screens.confirm import ConfirmScreen

        telling = self.overzicht.telling if self.overzicht is not None else {}
        klaar, wachtend = telling.get("klaar", 0), telling.get("verzonden", 0)
        if self.overzicht is not None and not klaar and not wachtend:
            self.query_one("#duo-melding", Static).update("Er is niets om te verzenden: geen berichten klaar of wachtend.")
            return
        detail = (f"{klaar} klaar, {wachtend} wachtend op DUO (die gaan opnieuw, met hetzelfde berichtId)."
                  if self.overzicht is not None else "")

        def answered(ja: bool | None) -> None:
            if ja:
                self.query_one("#duo-melding", Static).update("berichten worden verzonden…")
                self._send()

        self.app.push_screen(ConfirmScreen("Berichten nu naar DUO verzenden?", detail=detail, ja="verzenden",
                                           nee="niet verzenden"), answered)

    @work(thread=True, exclusive=True, group="duo-verzend")
    def _send(self) -> None:
        from services.duo import verzend
        from services.errors import ServiceError

        try:
            verslag = verzend(self.store, as_of=self.today, config_dir=self.config_dir)
        except ServiceError as exc:
            post_if_attached(self, self._show_error, f"Niet verzonden: {exc}")
            return
        except Exception as exc:  # never a traceback on screen, and no personal data in the message
            post_if_attached(self, self._show_error, f"Niet verzonden: onverwachte fout ({type(exc).__name__}).")
            return
        summary = (f"Verzonden: {verslag.geaccepteerd} geaccepteerd, {verslag.afgewezen} afgewezen, "
                   f"{verslag.wachtend} wacht op DUO, {verslag.niet_verzonden} nog niet verzonden")
        post_if_attached(self, self._sent, summary)

    def _sent(self, summary: str) -> None:
        self.query_one("#duo-melding", Static).update(summary)
        self.load()

    def action_opvragen(self) -> None:
        """Ask DUO about everyone with a BSN, in the background; the screen stays usable meanwhile."""
        self.query_one("#duo-melding", Static).update("DUO wordt gevraagd wat het van de caseload weet…")
        self._ask()

    @work(thread=True, exclusive=True, group="duo-opvragen")
    def _ask(self) -> None:
        post_if_attached(self, *_ask_duo(self.store, self.today, self.config_dir, None, self._asked, self._show_error))

    def _asked(self, verslag) -> None:
        self.query_one("#duo-melding", Static).update(_verslag_text(verslag))
        self.load()


def _ask_duo(store, today: date, config_dir: Path, person_id: int | None, done, failed) -> tuple:
    """In a worker thread: ask DUO; returns (callback, argument) to post to the UI thread (never a traceback)."""
    from services.duo import opvragen
    from services.errors import ServiceError

    try:
        return done, opvragen(store, as_of=today, config_dir=config_dir, person_id=person_id)
    except ServiceError as exc:
        return failed, f"Niet opgevraagd: {exc}"
    except Exception as exc:  # no personal data in the message: only the kind of error
        return failed, f"Niet opgevraagd: onverwachte fout ({type(exc).__name__})."


def _verslag_text(verslag) -> Text:
    text = Text(f"Opgevraagd bij DUO: {verslag.samenvatting}.")
    for persoon in verslag.personen:
        if persoon.status in ("onbekend bij DUO", "geweigerd", "ongeldig antwoord"):
            text.append(f"\n{persoon.kenmerk}: {persoon.status} — " + "; ".join(persoon.meldingen), style="bold red")
    if verslag.storing:
        text.append(f"\nOnderbroken: {verslag.storing}", style="bold red")
    return text


def _verschillen(verschillen) -> Text:
    """(kenmerk, text) pairs, or texts; yellow and with the word ‘verschil’, never colour alone."""
    if not verschillen:
        return Text("")
    text = Text(f"Verschillen met DUO ({len(verschillen)}):\n", style="bold")
    for item in verschillen:
        kenmerk, tekst = item if isinstance(item, tuple) else (None, item)
        text.append("  verschil  ", style="bold yellow")
        text.append(f"{kenmerk}: {tekst}\n" if kenmerk else f"{tekst}\n")
    return text


class DuoTab(Widget):
    """The dossier's DUO tab: per message its status and why (blocked reasons, berichtId and time, DUO's texts)."""

    DEFAULT_CSS = """
    DuoTab { height: auto; }
    DuoTab DataTable { height: auto; max-height: 20; }
    DuoTab #duo-tab-melding { height: auto; }
    DuoTab #duo-tab-opvraging { height: auto; margin-top: 1; }
    """
    BINDINGS = [Binding("d", "opvragen", "bij DUO opvragen")]

    def __init__(self, store, *, person_id: int, today: date, config_dir: Path, id: str | None = None) -> None:
        super().__init__(id=id)
        self.store = store
        self.person_id = person_id
        self.today = today
        self.config_dir = config_dir
        self.data = None

    def compose(self) -> ComposeResult:
        yield Static("", id="duo-tab-melding")
        table = DataTable(id="duo-tab-berichten", cursor_type="row")
        table.add_columns("bericht", "status", "toelichting")
        yield table
        yield Static("", id="duo-tab-opvraging")
        yield Static("", id="duo-tab-gebeurtenissen")

    def on_mount(self) -> None:
        self.load()

    def show_person(self, person_id: int, *, today: date) -> None:
        """Show another person's messages in this same tab (the dossier is refilled per person, and so is its
        DUO tab: replacing the widget instead raced with its own removal)."""
        if person_id != self.person_id:
            self.person_id, self.today, self.data, self._melding = person_id, today, None, None
            self.query_one("#duo-tab-melding", Static).update("")
            self.query_one("#duo-tab-opvraging", Static).update("")
            self.query_one("#duo-tab-gebeurtenissen", Static).update("")
            self.query_one("#duo-tab-berichten", DataTable).clear()
        self.load()

    def load(self) -> None:
        self._load(self.person_id)

    @work(thread=True, exclusive=True, group="duo-tab")
    def _load(self, person_id: int) -> None:
        from services.duo import dossier
        from services.errors import ServiceError

        try:
            data = dossier(self.store, person_id=person_id, as_of=self.today, config_dir=self.config_dir)
        except ServiceError as exc:
            post_if_attached(self, self._for_person, person_id, self._show_error, str(exc))
            return
        except Exception as exc:  # never a traceback on screen
            post_if_attached(self, self._for_person, person_id, self._show_error,
                             f"De DUO-berichten konden niet worden geladen ({type(exc).__name__}).")
            return
        post_if_attached(self, self._for_person, person_id, self._draw, data)

    def _for_person(self, person_id: int, show, value) -> None:
        if person_id == self.person_id:  # a read for the previous person that finished late is dropped
            show(value)

    def _show_error(self, message: str) -> None:
        self.query_one("#duo-tab-melding", Static).update(Text(message, style="bold red"))

    def action_opvragen(self) -> None:
        """Ask DUO about this person, in the background."""
        self.query_one("#duo-tab-melding", Static).update("DUO wordt gevraagd wat het van deze persoon weet…")
        self._ask()

    @work(thread=True, exclusive=True, group="duo-tab-opvragen")
    def _ask(self) -> None:
        post_if_attached(self, *_ask_duo(self.store, self.today, self.config_dir, self.person_id, self._asked,
                                         self._show_error))

    def _asked(self, verslag) -> None:
        self._melding = _verslag_text(verslag)
        reload = getattr(self.screen, "reload", None)  # the dossier: DUO's facts show on every tab
        if callable(reload):
            reload()
        else:
            self.load()

    def _draw(self, data) -> None:
        self.data = data
        self.query_one("#duo-tab-melding", Static).update(getattr(self, "_melding", None) or "")
        self._melding = None
        self.query_one("#duo-tab-opvraging", Static).update(_opvraging_text(data.opvraging))
        table = self.query_one("#duo-tab-berichten", DataTable)
        table.clear()
        for regel in data.berichten:
            soort = regel.bericht.soort.label + (f" ({regel.bericht.sleutel})" if regel.bericht.sleutel else "")
            uitleg = "; ".join(regel.redenen)
            if regel.status == "verzonden" and regel.opgeslagen is not None:
                when = _local(regel.opgeslagen.verzonden_op)
                uitleg = f"verzonden {when}, berichtId {regel.opgeslagen.bericht_id}" + (f" — {uitleg}" if uitleg else "")
            if regel.status == "geaccepteerd" and regel.opgeslagen is not None and regel.opgeslagen.beantwoord_op:
                uitleg = f"geaccepteerd {_local(regel.opgeslagen.beantwoord_op)}"
            table.add_row(soort, _status(regel.status), uitleg or "—")
        events = Text()
        for g in data.gebeurtenissen:
            events.append(f"{g.registratie[:10]}  {g.code}  {g.betekenis.label}")
            if g.betekenis.actie:
                events.append(f" — {g.betekenis.actie}", style="dim")
            events.append("\n")
        self.query_one("#duo-tab-gebeurtenissen", Static).update(events or Text("geen gebeurtenissen van DUO", style="dim"))


def _opvraging_text(opvraging) -> Text:
    """What DUO answered when last asked, and where it differs from the dossier now."""
    if opvraging is None:
        return Text("Nog niet bij DUO opgevraagd (d: opvragen).", style="dim")
    wanneer = _local(opvraging.opgevraagd_op) or "onbekend"
    text = Text(f"Bij DUO opgevraagd op {wanneer}" + (f" door {opvraging.door}" if opvraging.door else "") + ".\n",
                style="bold")
    if opvraging.stand.termijn is not None:
        from rules.dates import format_date

        text.append(f"Inburgeringstermijn volgens DUO: {format_date(opvraging.stand.termijn.start)} tot "
                    f"{format_date(opvraging.stand.termijn.einde)} (exclusief).\n")
    if opvraging.stand.pip is not None:
        text.append(f"PIP bij DUO: {opvraging.stand.pip.omschrijving}.\n")
    for melding in opvraging.stand.meldingen:
        text.append(f"{melding}.\n", style="dim")
    for regel in opvraging.ontbreekt:
        text.append("  nog niet in dit dossier  ", style="bold yellow")
        text.append(f"{regel}\n")
    if opvraging.verschillen:
        text.append_text(_verschillen([v.tekst for v in opvraging.verschillen]))
    else:
        text.append("Geen verschillen tussen DUO en het dossier.", style="dim")
    return text
