"""A keyboard list of one-line facts, each with an explanation that enter or t unfolds.

Rows grow in place when unfolded, so the list can live inside any scrolling
container: the highlighted row is always scrolled into view, whatever
scrolls (the list's own column on a wide terminal, the whole tab on a
narrow one).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from tui.css import stylesheet


@dataclass(frozen=True)
class ExplainedItem:
    key: str
    line: Text
    toelichting: str


class ExplainedRow(Static):
    DEFAULT_CSS = stylesheet(__file__, "widgets.tcss")


class ExplainedList(Vertical, can_focus=True):
    """Rows of facts; up/down to move, enter or t to show or hide the toelichting of the highlighted row."""

    DEFAULT_CSS = stylesheet(__file__, "widgets.tcss")
    BINDINGS = [
        Binding("up", "move(-1)", "vorige", show=False),
        Binding("down", "move(1)", "volgende", show=False),
        Binding("home", "first", "eerste", show=False),
        Binding("end", "last", "laatste", show=False),
        Binding("enter,t", "toggle", "toelichting"),
        Binding("T", "toggle_all", "alle toelichtingen", show=False),
    ]

    highlighted: reactive[int] = reactive(0, init=False)

    class Toggled(Message):
        def __init__(self, item: ExplainedItem, open_: bool) -> None:
            super().__init__()
            self.item, self.open = item, open_

    def __init__(self, *, empty_text: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.items: list[ExplainedItem] = []
        self.open_keys: set[str] = set()
        self.empty_text = empty_text

    def set_items(self, items: list[ExplainedItem]) -> None:
        """Replace the rows; the highlight and unfolded rows are kept by key."""
        current = self.items[self.highlighted].key if 0 <= self.highlighted < len(self.items) else None
        self.items = list(items)
        keys = [item.key for item in self.items]
        self.open_keys &= set(keys)
        rows = self._rows()
        in_place = bool(self.items) and len(rows) == len(self.items) and len(self.children) == len(rows)
        if in_place:
            for row, item in zip(rows, self.items):  # a reload: update in place, no flicker
                row.update(self._render_item(item))
        else:
            self.remove_children()
            if not self.items:
                self.mount(Static(self.empty_text, classes="explained--empty"))
            else:
                self.mount_all(ExplainedRow(self._render_item(item)) for item in self.items)
        index = keys.index(current) if current in keys else min(self.highlighted, max(len(keys) - 1, 0))
        self.set_reactive(ExplainedList.highlighted, index)
        if in_place:  # painted in the same frame as the new text
            self._paint_highlight(scroll=False)
        else:
            self.call_after_refresh(self._paint_highlight, scroll=False)

    def forget_position(self) -> None:
        """Back to the first row with every toelichting folded, for the next set_items (a new
        person's items, not a reload); until then the rows keep their text and ignore keys."""
        self.items = []
        self.open_keys.clear()
        self.set_reactive(ExplainedList.highlighted, 0)

    def blank(self) -> None:
        """Show nothing while other items load; the rows stay, to be refilled in place."""
        self.forget_position()
        for row in self._rows():
            row.update("")

    def _rows(self) -> list[ExplainedRow]:
        return list(self.query_children(ExplainedRow))

    def _render_item(self, item: ExplainedItem) -> Text:
        text = item.line.copy()
        if item.key in self.open_keys:
            text.append("\n")
            text.append(item.toelichting or "Geen toelichting.", style="italic")
        return text

    def _paint_highlight(self, *, scroll: bool = True) -> None:
        rows = self._rows()
        for index, row in enumerate(rows):
            row.set_class(index == self.highlighted, "-highlight")
            row.set_class(self.items[index].key in self.open_keys if index < len(self.items) else False, "-open")
        if scroll and 0 <= self.highlighted < len(rows):
            rows[self.highlighted].scroll_visible(animate=False)

    def watch_highlighted(self) -> None:
        self._paint_highlight()

    @property
    def current(self) -> ExplainedItem | None:
        return self.items[self.highlighted] if 0 <= self.highlighted < len(self.items) else None

    def is_open(self, key: str) -> bool:
        return key in self.open_keys

    # -- actions ---------------------------------------------------------------
    def action_move(self, step: int) -> None:
        if not self.items:
            return
        target = self.highlighted + step
        if 0 <= target < len(self.items):
            self.highlighted = target
        elif step > 0 and self.parent is not None:
            # Past the last row: let the surrounding view scroll on (to what lies below the list).
            self._scroll_ancestor(1)
        elif step < 0:
            self._scroll_ancestor(-1)

    def _scroll_ancestor(self, lines: int) -> None:
        node = self.parent
        while node is not None and not getattr(node, "is_scrollable", False):
            node = node.parent
        if node is not None and hasattr(node, "scroll_relative"):
            node.scroll_relative(y=lines, animate=False)

    def action_first(self) -> None:
        if self.items:
            self.highlighted = 0

    def action_last(self) -> None:
        if self.items:
            self.highlighted = len(self.items) - 1

    def action_toggle(self) -> None:
        item = self.current
        if item is None:
            return
        opened = item.key not in self.open_keys
        if opened:
            self.open_keys.add(item.key)
        else:
            self.open_keys.discard(item.key)
        self._rows()[self.highlighted].update(self._render_item(item))
        self._paint_highlight()
        self.post_message(self.Toggled(item, opened))

    def action_toggle_all(self) -> None:
        all_open = self.open_keys >= {item.key for item in self.items}
        self.open_keys = set() if all_open else {item.key for item in self.items}
        for row, item in zip(self._rows(), self.items):
            row.update(self._render_item(item))
        self._paint_highlight()

    def on_click(self, event) -> None:
        rows = self._rows()
        widget = event.widget
        if widget in rows:
            index = rows.index(widget)
            if index == self.highlighted:
                self.action_toggle()
            else:
                self.highlighted = index
