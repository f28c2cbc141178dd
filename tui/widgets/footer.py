"""The key footer, recomposed only when the keys it shows change, and fitted to the terminal's width.

Textual's Footer rebuilds all its keys on every bindings update (each focus
change, each tab switch); opening a dossier triggered that six times, about
70 FooterKey widgets and a third of the time to the first frame. This one
compares what it would show with what it shows and skips identical rebuilds.

Textual's Footer also simply cuts off what does not fit (on 80 columns the
last keys and the command palette key fell off). This one leaves out the
least needed keys instead, so what shows is whole: first the app-wide keys
that have other routes (F2 search, F5, F4, F3; all are in F1 help and the
palette), then the screen's own from the right; F1 help and ctrl+p stay.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.widgets import Footer as _TextualFooter
from textual.widgets._footer import FooterKey

# App-wide actions in the order they make way on a narrow terminal.
_DROP_FIRST = ("search", "signalen", "aanmelding", "add_contact")
_KEEP_LAST = ("help",)


def _width(key: FooterKey) -> int:
    """Cells one key takes: " key description "."""
    width = cell_len(key.key_display) + 1 + cell_len(key.description) + 2
    return width  # the palette key: a border instead of its left padding, same width


class Footer(_TextualFooter):
    _shown: tuple | None = None

    def _signature(self) -> tuple:
        active = self.screen.active_bindings
        return (
            self.compact,
            self.show_command_palette,
            self.app.size.width,
            tuple(
                (binding.key, binding.action, binding.description, binding.key_display, enabled, tooltip)
                for (_, binding, enabled, tooltip) in active.values()
                if binding.show or binding.action in {"command_palette", "app.command_palette"}
            ),
        )

    def compose(self) -> ComposeResult:
        keys = list(super().compose())
        available = self.app.size.width
        if sum(_width(key) for key in keys) <= available:
            yield from keys
            return
        app_actions = {binding.action for (node, binding, _, _) in self.screen.active_bindings.values() if node is self.app}
        own = [key for key in keys if key.action not in app_actions and not key.has_class("-command-palette")]
        order = [key for action in _DROP_FIRST for key in keys if key.action == action and action in app_actions]
        order += list(reversed(own))
        order += [key for key in keys if key.action in _KEEP_LAST]
        dropped: set[int] = set()
        total = sum(_width(key) for key in keys)
        for key in order:
            if total <= available:
                break
            dropped.add(id(key))
            total -= _width(key)
        yield from (key for key in keys if id(key) not in dropped)

    def on_resize(self) -> None:
        if self.is_attached and self._bindings_ready:
            self.call_after_refresh(self.recompose)

    async def recompose(self) -> None:
        if not self.is_attached or not self._bindings_ready:
            await super().recompose()
            return
        signature = self._signature()
        if signature == self._shown:
            return
        self._shown = signature
        await super().recompose()
