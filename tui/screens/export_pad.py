"""Ask where an export of personal data goes, and say that the file is not encrypted."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.css import stylesheet


def check_export_path(text: str, *, overwrite: bool) -> Path:
    """The file to write, or a ValueError with a Dutch reason and what to do instead."""
    text = text.strip()
    if not text:
        raise ValueError("Geef een bestandsnaam, bijvoorbeeld ~/signalen.csv.")
    path = Path(text).expanduser()
    if path.suffix.lower() != ".csv":
        raise ValueError("Het bestand moet eindigen op .csv, zodat Excel het opent.")
    if path.is_dir():
        raise ValueError("Dit is een map; voeg een bestandsnaam toe, bijvoorbeeld signalen.csv.")
    if not path.parent.is_dir():
        raise ValueError(f"De map {path.parent} bestaat niet; kies een bestaande map.")
    if path.exists() and not overwrite:
        raise ValueError("Dit bestand bestaat al. Druk nog eens op enter om het te overschrijven, of kies een andere naam.")
    return path


class ExportPadScreen(ModalScreen[Path | None]):
    """Returns the chosen path, or None when cancelled."""

    DEFAULT_CSS = stylesheet(__file__, "dialogs.tcss")
    BINDINGS = [Binding("escape", "cancel", "annuleren")]

    def __init__(self, title: str, default: Path) -> None:
        super().__init__()
        self.title_text = title
        self.default = default
        self._confirm_overwrite: str | None = None

    def compose(self) -> ComposeResult:
        from services.privacy import privacy_line

        with Vertical():
            yield Static(Text(self.title_text, style="bold"))
            yield Static(Text(f"Let op: {privacy_line()}", style="dim"))
            yield Input(str(self.default), id="export-pad")
            yield Static("", id="export-fout")
            yield Static(Text("enter: exporteren · escape: annuleren", style="dim"))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        value = event.value
        try:
            path = check_export_path(value, overwrite=self._confirm_overwrite == value)
        except ValueError as exc:
            self._confirm_overwrite = value if Path(value.strip()).expanduser().is_file() else None
            self.query_one("#export-fout", Static).update(str(exc))
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)
