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
    HELP_TEXT = ("Typ een deel van de naam (hoofdletters en accenten maken niet uit, de volgorde van de woorden ook niet), "
                 "het kenmerk of minstens 3 laatste cijfers van het BSN. Eén persoon gevonden: enter opent die. "
                 "Meer personen: enter zet u in de lijst, kies dan met ↑ ↓ en enter.")

    def __init__(self, *, title: str = "Persoon zoeken") -> None:
        super().__init__()
        self.title_text = title
        self.hits = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, id="search-title")
            yield Input(placeholder="naam, kenmerk of laatste cijfers BSN", id="search-input")
            yield OptionList(id="search-results")
            yield Static("typ een naam, kenmerk of laatste cijfers BSN · escape: annuleren", id="search-hint")

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
        from tui.screens.pick_person import Candidate, candidate_line

        if text != self.query_one(Input).value:
            return  # an older search finished after a newer keystroke
        self.hits = hits
        results = self.query_one(OptionList)
        results.clear_options()
        for hit in hits:
            line = candidate_line(Candidate(id=hit.id, naam=hit.naam, kenmerk=hit.kenmerk,
                                            geboortedatum=hit.geboortedatum, bsn=hit.bsn))
            if hit.status != "actief":
                line.append(f"  ({hit.status})", style="italic")
            results.add_option(Option(line, id=str(hit.id)))
        results.display = bool(hits) or bool(text.strip())
        if not hits and text.strip():
            results.add_option(Option(Text("Niemand gevonden. Nieuwe aanmelding: F4", style="dim"), disabled=True))
        if hits:
            results.highlighted = 0
        self._hint()

    def _hint(self, *, picking: bool = False) -> None:
        found = f"{len(self.hits)}{'+' if len(self.hits) == 20 else ''} gevonden"
        if picking:
            text = f"{found}: kies de juiste met ↑ ↓ en enter · escape: annuleren"
        elif len(self.hits) > 1:
            text = f"{found} · enter of ↓: kies uit de lijst · escape: annuleren"
        else:
            text = f"{found} · enter: openen · escape: annuleren"
        self.query_one("#search-hint", Static).update(text)

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        """One person found: open them. Several: never the top one silently; the list takes the focus to pick from."""
        if len(self.hits) == 1:
            self.dismiss(self.hits[0].id)
        elif self.hits:
            self.action_focus_results()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(int(event.option.id))

    def action_focus_results(self) -> None:
        if self.hits:
            results = self.query_one(OptionList)
            if results.highlighted is None:
                results.highlighted = 0
            results.focus()
            self._hint(picking=True)

    def action_cancel(self) -> None:
        self.dismiss(None)
