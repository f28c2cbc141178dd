"""Write the printable weekplan (HTML, A4 landscape) to a file the consulent can open and print."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Select, Static

from tui.css import stylesheet
from tui.threads import run_service

if TYPE_CHECKING:
    from rules.weekplan import Week, WeekplanItem
    from services.weekplan import WeekplanPerson


class PrintScreen(ModalScreen["Path | None"]):
    """Asks where to write (the data dir by default); enter writes, escape cancels."""

    HELP_TITLE = "Weekplan afdrukken"
    HELP_TEXT = (
        "regie maakt een HTML-pagina (A4 liggend) van de getoonde week. Open het bestand in een browser en druk af. "
        "Pas het pad aan om het ergens anders op te slaan. Kies een tweede taal naast Nederlands (Arabisch, Tigrinya, "
        "Turks, Oekraïens, Farsi of Engels); standaard is dat de taal van de persoon, als regie die kent. Op de pagina "
        "staan ook uw naam en telefoonnummer en de gemeente."
    )
    BINDINGS = [Binding("escape", "cancel", "annuleren"), Binding("ctrl+s", "write", "opslaan", priority=True)]
    DEFAULT_CSS = stylesheet(__file__, "dialogs.tcss")

    def __init__(self, person: WeekplanPerson, entries: list[WeekplanItem], week: Week, path: Path) -> None:
        super().__init__()
        self.person, self.entries, self.week, self.path = person, entries, week, path

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"Weekplan afdrukken · {self.week.label}", id="pr-title", markup=False)
            yield Static("Opslaan als:")
            yield Input(str(self.path), compact=True, id="pr-path")
            yield Static("Tweede taal:")
            yield Select(self._taal_options(), value="auto", allow_blank=False, compact=True, id="pr-taal")
            yield Static("", id="pr-status")
            yield Static("enter of ctrl+s opslaan · tab: taal · escape annuleren · open het bestand daarna in een browser en druk af", id="pr-keys")

    def _taal_options(self) -> list[tuple[str, str]]:
        from services.weekplan_talen import TALEN, taalcode

        taal = (getattr(self.person, "taal", None) or "").strip()
        eigen = taalcode(taal)
        if eigen:
            auto = f"taal van de persoon ({TALEN[eigen]})"
        elif taal:  # known, but the page has no translation for it
            auto = f"taal van de persoon ({taal}: geen vertaling, alleen Nederlands)"
        else:
            auto = "taal van de persoon (onbekend: alleen Nederlands)"
        return [(auto, "auto"), ("alleen Nederlands", "nl"), *((f"{naam} ({code})", code) for code, naam in TALEN.items())]

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.action_write()

    def action_write(self) -> None:
        text = self.query_one("#pr-path", Input).value.strip()
        if not text:
            self.query_one("#pr-status", Static).update(Text("Vul een bestandsnaam in.", style="bold red"))
            return
        path = Path(text).expanduser()
        if path.suffix.lower() not in (".html", ".htm"):
            path = path.with_name(path.name + ".html")
        self._write(path)

    def _write(self, path: Path) -> None:
        from services.weekplan_print import print_weekplan

        chosen = str(self.query_one("#pr-taal", Select).value)
        taal = None if chosen == "auto" else chosen
        store, kenmerk, week = self.app.store, self.person.kenmerk, self.week

        def write():
            warnings: list[str] = []
            return print_weekplan(store, kenmerk=kenmerk, week=week, target=path, taal=taal, warnings=warnings), warnings

        run_service(
            self,
            write,
            self._written,
            failed=self._failed,
            group="weekplan-print",
        )

    def _failed(self, message: str) -> None:
        self.query_one("#pr-status", Static).update(Text(message, style="bold red"))

    def _written(self, result) -> None:
        from services.privacy import privacy_line

        path, warnings = result
        self.app.notify(f"Weekplan opgeslagen: {path}\n{privacy_line()}", timeout=10, markup=False)
        for warning in warnings:  # what the page misses for the reader, and how to set it
            self.app.notify(f"Let op: {warning}", severity="warning", timeout=15, markup=False)
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)
