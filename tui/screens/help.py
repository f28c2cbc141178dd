"""F1: the keys of the screen in view, with their Dutch descriptions.

Only regie's own bindings are listed: the ones declared in ``BINDINGS`` of
regie's classes (modules ``tui.*``). The bindings a regie class inherits from
Textual (focus next, copy selected text, scrolling, the command palette) have
English descriptions and are left out. Everything is built as a Rich ``Text``,
so key names such as ``[`` and ``]`` and help texts with brackets are shown
as typed and never read as markup.
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui.css import stylesheet

KEY_WIDTH = 14

# Always there; listed by hand with a fuller description than the binding's own.
_GLOBAL_LINES = [
    ("ctrl+p", "opdrachtenpalet: alle acties en personen zoeken"),
    ("ctrl+q", "regie afsluiten"),
]
_GLOBAL_KEYS = {key for key, _ in _GLOBAL_LINES}


def _is_regie(cls: type) -> bool:
    return cls.__module__ == "tui" or cls.__module__.startswith("tui.")


def regie_bindings(node: DOMNode) -> Iterator[Binding]:
    """The bindings regie's own classes declare for ``node``, most specific class first,
    each as declared (a key list such as ``"escape,backspace"`` stays one binding)."""
    for cls in type(node).__mro__:
        if not _is_regie(cls) or "BINDINGS" not in vars(cls):
            continue
        for binding in vars(cls)["BINDINGS"]:
            if isinstance(binding, tuple):
                binding = Binding(*binding)
            yield binding


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = stylesheet(__file__, "dialogs.tcss")
    BINDINGS = [Binding("escape,f1,q", "close", "sluiten")]

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.for_screen = screen
        self.text = Text()

    def compose(self) -> ComposeResult:
        self.text = self.help_text()
        with VerticalScroll():
            yield Static(self.text, id="help-text")

    def help_text(self) -> Text:
        screen = self.for_screen
        title = getattr(screen, "HELP_TITLE", None) or screen.__class__.__name__
        intro = getattr(screen, "HELP_TEXT", "")
        text = Text()
        text.append(str(title), style="bold")
        text.append("\n\n")
        if intro:
            text.append(str(intro))  # plain text: brackets in the help text stay brackets
            text.append("\n\n")

        seen: set[tuple[str, str]] = set()
        lokaal = self._lines([screen, *screen.walk_children()], seen, skip_keys=set())
        overal = self._lines([self.app], seen, skip_keys=_GLOBAL_KEYS)
        overal += list(_GLOBAL_LINES)
        if lokaal:
            text.append("Op dit scherm\n", style="bold underline")
            self._append_lines(text, lokaal)
            text.append("\n")
        text.append("Overal in regie\n", style="bold underline")
        self._append_lines(text, overal)
        text.append("\n")
        locations = getattr(self.app, "locations", None)
        if locations is not None and not getattr(self.app, "demo", False):
            from services.backups import last_backup_text

            text.append(last_backup_text(locations) + "\n\n")
        text.append("escape of F1 sluit deze hulp.", style="dim")
        return text

    def _lines(self, nodes: list[DOMNode], seen: set[tuple[str, str]], *, skip_keys: set[str]) -> list[tuple[str, str]]:
        """(keys shown, description) per regie binding of ``nodes``, without repeats."""
        lines: list[tuple[str, str]] = []
        # A key is listed once: a subclass's binding hides its base class's, and the screen's
        # own (often more telling, e.g. "dossier openen") the same key of a widget on it.
        bound: set[str] = set()
        for node in nodes:
            for binding in regie_bindings(node):
                keys = [key.strip() for key in binding.key.split(",") if key.strip()]
                keys = [key for key in keys if key not in bound and key not in skip_keys]
                bound.update(keys)
                if not binding.description or not keys:
                    continue
                displays: list[str] = []
                for index, key in enumerate(keys):
                    # key_display names the first key ("[" for left_square_bracket); the others show as themselves.
                    key_display = binding.key_display if index == 0 else None
                    display = self.app.get_key_display(Binding(key, binding.action, binding.description, key_display=key_display))
                    if display not in displays:
                        displays.append(display)
                shown = " / ".join(displays)
                if (shown, binding.description) in seen:
                    continue
                seen.add((shown, binding.description))
                lines.append((shown, binding.description))
        return lines

    @staticmethod
    def _append_lines(text: Text, lines: list[tuple[str, str]]) -> None:
        for keys, description in lines:
            text.append("  ")
            text.append(keys, style="bold")
            text.append(" " * max(1, KEY_WIDTH - cell_len(keys)))
            text.append(description)
            text.append("\n")

    def action_close(self) -> None:
        self.dismiss()
