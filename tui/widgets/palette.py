"""The command palette (ctrl+p) in Dutch: its prompt and its "nothing found" line."""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

PLACEHOLDER = "Zoek een opdracht, of een persoon op naam, kenmerk of BSN…"
NO_MATCHES = "Niets gevonden. Typ een deel van een opdracht of van een naam."


class RegieCommandPalette(CommandPalette):
    """Textual's palette, with Dutch text where it shows its own."""

    def __init__(self, **kwargs) -> None:
        super().__init__(placeholder=PLACEHOLDER, **kwargs)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual's own version shows "No matches found"; this one says it in Dutch.
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(NO_MATCHES, style="not bold")), disabled=True, id=self._NO_MATCHES)
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
