"""A virtual table whose rows are grouped under heading lines (such as one per ernst).

Headings are drawn across the full width and the cursor steps over them, so
every row the cursor can reach is a real item.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual.strip import Strip

from tui.css import stylesheet
from tui.widgets.virtual_table import VirtualTable


class Heading(Text):
    """A row that names the group below it; never selectable."""


class GroupedTable(VirtualTable):
    DEFAULT_CSS = stylesheet(__file__, "widgets.tcss")
    COMPONENT_CLASSES = VirtualTable.COMPONENT_CLASSES | {"grouped-table--heading"}

    def is_heading(self, index: int) -> bool:
        return 0 <= index < len(self.rows) and isinstance(self.rows[index], Heading)

    def _selectable(self, index: int, step: int) -> int:
        """The nearest row at or beyond `index` in direction `step` that is not a heading (else the other way)."""
        if not self.rows:
            return 0
        index = self._clamp(index)
        for direction in (step, -step):
            probe = index
            while 0 <= probe < len(self.rows):
                if not self.is_heading(probe):
                    return probe
                probe += direction
        return index

    def validate_cursor_row(self, row: int) -> int:
        step = 1 if row >= self.cursor_row else -1
        return self._selectable(row, step)

    def watch_cursor_row(self, old: int, new: int) -> None:
        super().watch_cursor_row(old, new)
        if new > 0 and self.is_heading(new - 1) and self.scroll_offset.y == new:
            self.scroll_to(y=new - 1, animate=False)  # keep a group's heading in view above its first row

    def action_first(self) -> None:
        self.cursor_row = self._selectable(0, 1)

    def action_last(self) -> None:
        self.cursor_row = self._selectable(len(self.rows) - 1, -1)

    def render_line(self, y: int) -> Strip:
        index = y - 1 + self.scroll_offset.y
        if y and self.is_heading(index):
            width = self.scrollable_content_region.width
            style = self.get_component_rich_style("grouped-table--heading")
            heading = self.rows[index].copy()
            heading.truncate(width, overflow="ellipsis", pad=True)
            segments = [Segment(s.text, style + s.style if s.style else style) for s in heading.render(self.app.console) if s.text != "\n"]
            return Strip(segments).extend_cell_length(width, style).crop(0, width)
        return super().render_line(y)
