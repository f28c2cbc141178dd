"""F1: the keys of the screen in view, with their Dutch descriptions."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 76; max-width: 95%; height: auto; max-height: 90%; border: thick $accent; background: $surface; padding: 1 2; }
    """
    BINDINGS = [Binding("escape,f1,q", "close", "sluiten")]

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.for_screen = screen

    def compose(self) -> ComposeResult:
        title = getattr(self.for_screen, "HELP_TITLE", self.for_screen.__class__.__name__)
        intro = getattr(self.for_screen, "HELP_TEXT", "")
        lines = [f"[b]{title}[/b]", ""]
        if intro:
            lines += [intro, ""]
        seen: set[str] = set()
        for (_, binding) in self._bindings_of(self.for_screen):
            if not binding.description or binding.key in seen:
                continue
            seen.add(binding.key)
            key = self.app.get_key_display(binding)
            lines.append(f"  [b]{key:<12}[/b] {binding.description}")
        lines += ["", "  [b]ctrl+p[/b]       opdrachtenpalet: alle acties en personen zoeken", "  [b]ctrl+q[/b]       regie afsluiten", "", "[dim]escape of F1 sluit deze hulp.[/dim]"]
        with VerticalScroll():
            yield Static("\n".join(lines))

    def _bindings_of(self, screen: Screen):
        """regie's own bindings (Dutch), of the screen, its widgets and the app;
        Textual's built-in widgets describe theirs in English, so they are left out."""
        for node in [screen, *screen.walk_children(), self.app]:
            if not type(node).__module__.startswith("tui."):
                continue
            for key, bindings in node._bindings.key_to_bindings.items():
                for binding in bindings:
                    yield key, binding

    def action_close(self) -> None:
        self.dismiss()
