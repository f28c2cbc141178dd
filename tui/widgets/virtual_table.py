"""A table that draws only the rows in view, so 10,000 rows cost what 40 do.

Textual's DataTable builds every row up front (seconds beyond ~1,000 rows);
this widget keeps a plain list of rows and renders visible lines on demand
with the Line API. Sorting and filtering belong to the caller.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.events import Click
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from rules.text import safe_for_terminal
from tui.css import stylesheet

Cell = str | Text
T = TypeVar("T")


class LazyRows(Sequence, Generic[T]):
    """Rows built only when drawn: a filter over 10,000 people renders ~40 of them."""

    def __init__(self, items: Sequence[T], render: Callable[[T], Sequence[Cell]]) -> None:
        self.items = items
        self.render = render
        self._cache: dict[int, Sequence[Cell]] = {}

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self.items)
        row = self._cache.get(index)
        if row is None:
            row = self._cache[index] = self.render(self.items[index])
        return row


@dataclass(frozen=True)
class TableColumn:
    key: str
    label: str
    width: int
    flex: bool = False  # takes the room left over on wide terminals, and shrinks first on narrow ones
    min_width: int = 0  # 0: dropped on narrow terminals; else kept, shrinking to this width
    grow: int = 0  # share of the room left over (0: a flex column's share is 1, another's none)


class VirtualTable(ScrollView, can_focus=True):
    """A keyboard-driven table over a list of rows, with a fixed header line."""

    BINDINGS = [
        Binding("up", "cursor_up", "omhoog", show=False),
        Binding("down", "cursor_down", "omlaag", show=False),
        Binding("pageup", "page_up", "pagina omhoog", show=False),
        Binding("pagedown", "page_down", "pagina omlaag", show=False),
        Binding("home", "first", "eerste", show=False),
        Binding("end", "last", "laatste", show=False),
        Binding("enter", "select", "openen", show=False),
    ]

    DEFAULT_CSS = stylesheet(__file__, "widgets.tcss")
    COMPONENT_CLASSES = {"virtual-table--header", "virtual-table--cursor", "virtual-table--empty"}

    cursor_row: reactive[int] = reactive(0)

    class Selected(Message):
        """Enter (or a click on the selected row) on a row."""

        def __init__(self, table: VirtualTable, index: int) -> None:
            self.table = table
            self.index = index
            super().__init__()

    class Highlighted(Message):
        def __init__(self, table: VirtualTable, index: int) -> None:
            self.table = table
            self.index = index
            super().__init__()

    def __init__(self, columns: Sequence[TableColumn], *, empty_text: str = "Geen rijen.", **kwargs) -> None:
        super().__init__(**kwargs)
        self.columns = list(columns)
        self.rows: Sequence[Sequence[Cell]] = []
        self.empty_text = empty_text
        self.sort_key: str | None = None
        self.sort_reverse = False

    # -- data -------------------------------------------------------------
    def set_rows(self, rows: Sequence[Sequence[Cell]], *, keep_cursor: bool = True) -> None:
        self.rows = rows
        self.virtual_size = Size(self.size.width, len(rows) + 1)
        if not keep_cursor:
            self.cursor_row = 0
        self.cursor_row = self._clamp(self.cursor_row)
        self.refresh()

    def set_sort_indicator(self, key: str | None, reverse: bool) -> None:
        self.sort_key, self.sort_reverse = key, reverse
        self.refresh()

    def _clamp(self, row: int) -> int:
        return max(0, min(row, len(self.rows) - 1)) if self.rows else 0

    # -- layout -----------------------------------------------------------
    def _widths(self) -> list[tuple[TableColumn, int]]:
        """Column widths for the current size: extra room goes to flexible columns;
        on a narrow terminal optional columns are dropped from the right, then
        columns with a `min_width` shrink towards it."""
        available = max(self.scrollable_content_region.width, 1)
        columns = list(self.columns)

        def needed(cols: list[TableColumn]) -> int:
            return sum(c.width for c in cols) + len(cols) - 1  # one space between columns

        while needed(columns) > available:
            droppable = [c for c in columns[1:] if c.min_width == 0 and not c.flex]
            if not droppable:
                break
            columns.remove(droppable[-1])
        widths = {c.key: c.width for c in columns}
        excess = needed(columns) - available
        # Shrink the flexible column first, then the others from the right, the last column least.
        order = [c for c in columns if c.flex] + [c for c in reversed(columns[:-1]) if not c.flex] + columns[-1:]
        for column in order:
            if excess <= 0:
                break
            floor = column.min_width or (12 if column.flex else column.width)
            cut = min(excess, widths[column.key] - floor)
            widths[column.key] -= max(0, cut)
            excess -= max(0, cut)
        spare = max(0, available - (sum(widths.values()) + len(columns) - 1))
        shares = {c.key: c.grow or (1 if c.flex else 0) for c in columns}
        total = sum(shares.values())
        extra = {key: spare * share // total for key, share in shares.items()} if total else {}
        return [(c, widths[c.key] + extra.get(c.key, 0)) for c in columns]

    def visible_columns(self) -> set[str]:
        """The keys of the columns the current width has room for."""
        return {column.key for column, _ in self._widths()}

    def _cells(self, cells: Sequence[tuple[Cell, int]], base: Style) -> Strip:
        segments: list[Segment] = []
        for index, (cell, width) in enumerate(cells):
            text = cell.copy() if isinstance(cell, Text) else Text(safe_for_terminal(str(cell)))
            text.truncate(width, overflow="ellipsis", pad=True)
            text.no_wrap = True
            if index:
                segments.append(Segment(" ", base))
            # Text.render drops a style set on the whole Text: apply it to the cell here.
            cell_base = base + Style.parse(text.style) if isinstance(text.style, str) and text.style else (
                base + text.style if isinstance(text.style, Style) else base
            )
            for segment in text.render(self.app.console):
                if segment.text == "\n":
                    continue
                # Stored data never reaches the terminal as control characters (issue 13, point 6).
                segments.append(Segment(safe_for_terminal(segment.text), cell_base + segment.style if segment.style else cell_base))
        return Strip(segments)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        layout = self._widths()
        if y == 0:
            style = self.get_component_rich_style("virtual-table--header")
            labels = []
            for column, w in layout:
                label = column.label
                if column.key == self.sort_key:
                    label += " ▼" if self.sort_reverse else " ▲"
                labels.append((label, w))
            return self._cells(labels, style).extend_cell_length(width, style).crop(0, width)
        index = y - 1 + self.scroll_offset.y
        base = self.rich_style
        if not self.rows and y >= 1:
            # wrapped, never cut: at 80 columns a hint such as the empty caseload's takes two lines
            lines = textwrap.wrap(self.empty_text, width=max(width, 10)) or [""]
            if y - 1 >= len(lines):
                return Strip.blank(width, base)
            style = self.get_component_rich_style("virtual-table--empty")
            return Strip([Segment(lines[y - 1][:width], style)]).extend_cell_length(width, base)
        if index >= len(self.rows):
            return Strip.blank(width, base)
        if index == self.cursor_row:
            base = base + self.get_component_rich_style("virtual-table--cursor")
        row = self.rows[index]
        cells = [(row[self.columns.index(column)], w) for column, w in layout]
        return self._cells(cells, base).extend_cell_length(width, base).crop(0, width)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.rows) + 1)
        self.call_after_refresh(self._scroll_cursor_into_view)  # a shorter table keeps the cursor row in view

    # -- cursor -----------------------------------------------------------
    @property
    def page_height(self) -> int:
        return max(1, self.size.height - 1)

    def watch_cursor_row(self, old: int, new: int) -> None:
        self._scroll_cursor_into_view()
        # Rows set in the same moment (a filter, then End) only count for the scroll range
        # after the next layout: check again then, so the cursor row is never left out of view.
        self.call_after_refresh(self._scroll_cursor_into_view)
        self.refresh()
        if self.rows:
            self.post_message(self.Highlighted(self, new))

    def _scroll_cursor_into_view(self) -> None:
        top = self.scroll_offset.y
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False)
        elif self.cursor_row >= top + self.page_height:
            self.scroll_to(y=self.cursor_row - self.page_height + 1, animate=False)

    def action_cursor_up(self) -> None:
        self.cursor_row = self._clamp(self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self.cursor_row = self._clamp(self.cursor_row + 1)

    def action_page_up(self) -> None:
        self.cursor_row = self._clamp(self.cursor_row - self.page_height)

    def action_page_down(self) -> None:
        self.cursor_row = self._clamp(self.cursor_row + self.page_height)

    def action_first(self) -> None:
        self.cursor_row = 0

    def action_last(self) -> None:
        self.cursor_row = self._clamp(len(self.rows) - 1)

    def action_select(self) -> None:
        if self.rows:
            self.post_message(self.Selected(self, self.cursor_row))

    def on_click(self, event: Click) -> None:
        if event.y == 0:
            return
        index = event.y - 1 + self.scroll_offset.y
        if 0 <= index < len(self.rows):
            if index == self.cursor_row and event.chain >= 2:
                self.action_select()
            self.cursor_row = index

    def region_for_row(self, index: int) -> Region:
        return Region(0, index + 1, self.size.width, 1)
