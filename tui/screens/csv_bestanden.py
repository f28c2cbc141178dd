"""Reading CSV files in (personen, uren, besluiten) and writing them out (personen, besluiten), as `regie import/export` does."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Select, Static

from tui.css import stylesheet
from tui.screens.export_pad import check_export_path
from tui.threads import run_service


@dataclass(frozen=True)
class Keuze:
    """One thing the screen can do: read a kind of file in, or write one out."""

    richting: str  # "import" or "export"
    soort: str  # "personen", "uren" or "besluiten"
    label: str
    uitleg: str


KEUZES: tuple[Keuze, ...] = (
    Keuze("import", "personen", "personen inlezen",
          "Kolommen kenmerk, naam en doelgroep (verplicht) en de andere van ‘regie export personen’. Een bekend "
          "kenmerk wordt bijgewerkt; regie maakt eerst een back-up."),
    Keuze("import", "uren", "uren inlezen",
          "Kolommen kenmerk, datum, soort, uren (verplicht), bron, omschrijving. Regels die er al zijn worden "
          "overgeslagen."),
    Keuze("import", "besluiten", "besluiten inlezen (verlenging, ontheffing, vrijstelling, PIP, examen)",
          "Eén regel per besluit: kenmerk en soort (verplicht), datum en de kolommen van die soort. Elk besluit wordt "
          "getoetst zoals in het dossier; besluiten die er al zijn worden overgeslagen."),
    Keuze("export", "personen", "personen exporteren",
          "Alle personen, in dezelfde kolommen als het inlezen."),
    Keuze("export", "besluiten", "besluiten exporteren",
          "Alle verlengingen, ontheffingen, vrijstellingen, gewijzigde PIP's en examens, in dezelfde kolommen als "
          "het inlezen."),
)


class CsvScreen(ModalScreen[None]):
    """Choose what to read or write, name the file, press enter; the outcome (or every wrong row) shows below."""

    DEFAULT_CSS = stylesheet(__file__, "dialogs.tcss")
    BINDINGS = [Binding("escape", "close", "sluiten")]
    HELP_TITLE = "CSV-bestanden"
    HELP_TEXT = ("Lees personen, uren of besluiten in uit een CSV-bestand (zoals Excel het opslaat), of schrijf personen "
                 "of besluiten naar CSV. Inlezen is alles of niets: bij één foute regel slaat regie niets op en toont "
                 "elke foute regel met regelnummer, kolom en reden. Een geëxporteerd bestand is niet versleuteld.")

    def __init__(self, *, default_folder: Path) -> None:
        super().__init__()
        self.default_folder = default_folder
        self._confirm_overwrite: str | None = None
        self._busy = False

    def compose(self) -> ComposeResult:
        from services.privacy import privacy_line

        with Vertical():
            yield Static(Text("CSV-bestanden: inlezen of exporteren", style="bold"))
            yield Select([(k.label, i) for i, k in enumerate(KEUZES)], value=0, allow_blank=False, id="csv-keuze")
            yield Static("", id="csv-uitleg")
            yield Input(placeholder="het CSV-bestand, bijvoorbeeld ~/Documenten/besluiten.csv", id="csv-pad")
            yield Static(Text(f"Let op bij exporteren: {privacy_line()}", style="dim"), id="csv-privacy")
            with VerticalScroll(id="csv-uitkomst-kader"):
                yield Static("", id="csv-uitkomst", markup=False)
            yield Static(Text("enter: uitvoeren · escape: sluiten", style="dim"))

    def on_mount(self) -> None:
        self._show_choice()
        self.query_one("#csv-keuze", Select).focus()

    @property
    def keuze(self) -> Keuze:
        return KEUZES[int(self.query_one("#csv-keuze", Select).value)]

    @on(Select.Changed, "#csv-keuze")
    def _show_choice(self) -> None:
        keuze = self.keuze
        self.query_one("#csv-uitleg", Static).update(Text(keuze.uitleg, style="dim"))
        field = self.query_one("#csv-pad", Input)
        if keuze.richting == "export":
            field.value = str(self.default_folder / f"{keuze.soort}-{self.app.today().isoformat()}.csv")
        elif field.value.startswith(str(self.default_folder)) and not Path(field.value).is_file():
            field.value = ""  # the export's proposal is no file to read
        self._confirm_overwrite = None
        self._say("")

    def _say(self, text: str, *, fout: bool = False) -> None:
        self.query_one("#csv-uitkomst", Static).update(Text(text, style="bold red" if fout else ""))

    @on(Input.Submitted, "#csv-pad")
    def _submitted(self, event: Input.Submitted) -> None:
        if self._busy:
            return
        keuze = self.keuze
        if keuze.richting == "import":
            self._import(keuze, event.value)
        else:
            self._export(keuze, event.value)

    # -- reading in ------------------------------------------------------------------
    def _import(self, keuze: Keuze, value: str) -> None:
        from services import imports

        if not value.strip():
            self._say("Geef het bestand dat u wilt inlezen.", fout=True)
            return
        try:
            source = imports.check_source(Path(value.strip()))
        except imports.SourceFileError as exc:
            self._say(f"{exc}.", fout=True)
            return
        store, today, demo = self.app.store, self.app.today(), self.app.demo

        def run():
            if keuze.soort == "personen":
                imports.backup_before_import(store)
            return imports.IMPORTS[keuze.soort](store, path=source, today=today)

        def done(result) -> None:
            self._busy = False
            lines = [*result.waarschuwingen, f"{source.name}: {result.samenvatting}."]
            if demo and keuze.soort == "personen":
                lines.insert(0, imports.DEMO_NOT_ENCRYPTED)
            self._say("\n".join(lines))
            self.app.data_changed()

        def refused(exc) -> None:
            self._busy = False
            # On screen only, never in a log: a reason may quote a cell.
            lines = [str(exc), *getattr(exc, "waarschuwingen", ()), *getattr(exc, "fouten", ())]
            self._say("\n".join(lines), fout=True)

        def failed(message: str) -> None:
            self._busy = False
            self._say(message, fout=True)

        self._busy = True
        self._say(f"{source.name} wordt ingelezen…")
        run_service(self, run, done, refused=refused, failed=failed, unexpected="Inlezen mislukt ({kind}).",
                    group="csv-import")

    # -- writing out -----------------------------------------------------------------
    def _export(self, keuze: Keuze, value: str) -> None:
        from services import exports
        from services.privacy import privacy_line

        try:
            target = check_export_path(value, overwrite=self._confirm_overwrite == value)
        except ValueError as exc:
            self._confirm_overwrite = value if Path(value.strip()).expanduser().is_file() else None
            self._say(str(exc), fout=True)
            return
        self._confirm_overwrite = None
        store, today = self.app.store, self.app.today()

        def run():
            if keuze.soort == "personen":
                return exports.export_personen(store, path=target, today=today)
            return exports.export_besluiten(store, path=target)

        def done(result) -> None:
            self._busy = False
            enkel, meer = ("persoon", "personen") if keuze.soort == "personen" else ("besluit", "besluiten")
            self._say(f"{result.aantal} {enkel if result.aantal == 1 else meer} geschreven naar {result.path}.\n"
                      f"{privacy_line()}")

        def failed(message: str) -> None:
            self._busy = False
            self._say(message, fout=True)

        self._busy = True
        run_service(self, run, done, failed=failed, unexpected="Exporteren mislukt ({kind}).", group="csv-export")

    def action_close(self) -> None:
        self.dismiss(None)
