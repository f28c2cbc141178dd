"""The key footer, recomposed only when the keys it shows change.

Textual's Footer rebuilds all its keys on every bindings update (each focus
change, each tab switch); opening a dossier triggered that six times, about
70 FooterKey widgets and a third of the time to the first frame. This one
compares what it would show with what it shows and skips identical rebuilds.
"""

from __future__ import annotations

from textual.widgets import Footer as _TextualFooter


class Footer(_TextualFooter):
    _shown: tuple | None = None

    def _signature(self) -> tuple:
        active = self.screen.active_bindings
        return (
            self.compact,
            self.show_command_palette,
            tuple(
                (binding.key, binding.action, binding.description, binding.key_display, enabled, tooltip)
                for (_, binding, enabled, tooltip) in active.values()
                if binding.show or binding.action in {"command_palette", "app.command_palette"}
            ),
        )

    async def recompose(self) -> None:
        if not self.is_attached or not self._bindings_ready:
            await super().recompose()
            return
        signature = self._signature()
        if signature == self._shown:
            return
        self._shown = signature
        await super().recompose()
