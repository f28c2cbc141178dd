"""F2 from anywhere: find a person by naam, kenmerk or the last digits of a BSN."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.css import stylesheet
from tui.threads import run_service


class SearchScreen(ModalScreen[int | None]):
    """Returns the chosen person's id, or None when cancelled."""

    DEFAULT_CSS = stylesheet(__file__, "dialogs.tcss")
    BINDINGS = [
        Binding("escape", "cancel", "annuleren"),
        Binding("down", "focus_results", "naar de resultaten", show=False),
    ]
    HELP_TITLE = "Persoon zoeken"
    HELP_TEXT = "Typ een deel van de naam, het kenmerk of minstens 3 laatste cijfers van het BSN; enter opent de bovenste."

    def __init__(self, *, title: str = "Persoon zoeken") -> None:
        super().__init__()
        self.title_text = title
        self.hits = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, id="search-title")
            yield Input(placeholder="naam, kenmerk of laatste cijfers BSN", id="search-input")
            yield OptionList(id="search-results")
            yield Static("enter: openen · ↓: kies uit de lijst · escape: annuleren", id="search-hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).display = False
        self.query_one(Input).focus()

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        self._search(event.value)

    def _search(self, text: str) -> None:
        store = self.app.store
        if store is None:
            return

        def search():
            from services.search import search_people

            return search_people(store=store, text=text, limit=20)

        run_service(self, search, lambda hits: self._show(text, hits), group="search")

    def _show(self, text: str, hits) -> None:
        from rules.bsn import mask_bsn
        from rules.model import Doelgroep

        if text != self.query_one(Input).value:
            return  # an older search finished after a newer keystroke
        self.hits = hits
        results = self.query_one(OptionList)
        results.clear_options()
        for hit in hits:
            line = Text(hit.naam, style="bold")
            line.append(f"  {hit.kenmerk}")
            line.append(f"  {Doelgroep(hit.doelgroep).label}", style="dim")
            if hit.bsn:
                line.append(f"  BSN {mask_bsn(hit.bsn)}", style="dim")
            if hit.status != "actief":
                line.append(f"  ({hit.status})", style="italic")
            results.add_option(Option(line, id=str(hit.id)))
        results.display = bool(hits) or bool(text.strip())
        if not hits and text.strip():
            results.add_option(Option(Text("Niemand gevonden. Nieuwe aanmelding: F4", style="dim"), disabled=True))
        if hits:
            results.highlighted = 0
        hint = self.query_one("#search-hint", Static)
        hint.update(f"{len(hits)}{'+' if len(hits) == 20 else ''} gevonden · enter: openen · ↓: kies uit de lijst · escape: annuleren")

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        results = self.query_one(OptionList)
        if self.hits:
            index = results.highlighted if results.highlighted is not None else 0
            self.dismiss(self.hits[index].id)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(int(event.option.id))

    def action_focus_results(self) -> None:
        if self.hits:
            self.query_one(OptionList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
