"""A week of a weekplan: days as columns on a wide terminal, a list per day on a narrow one.

The grid draws only what is in view (Line API) and keeps a cursor on one
activity, so the screen can edit, copy or end "the selected one". Every
category has its own colour AND its label; an overlap is red AND says
"overlap"; a holiday is marked in colour AND by name, on the day and on every
activity planned on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

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

from rules.model import Taalvorm, WeekplanCategorie
from rules.weekplan import PlanDag, WeekplanItem

from tui.css import stylesheet

# Days as columns need 15 characters a day ("taal informeel" plus the colour bar).
WIDE_MIN_WIDTH = 112
# An empty weekend day needs only its heading, "za 21-11".
NARROW_COLUMN = 9

CATEGORY_STYLES = {
    WeekplanCategorie.TAAL: "bold dodger_blue1",
    WeekplanCategorie.PARTICIPATIE: "bold green3",
    WeekplanCategorie.FINANCIELE_EDUCATIE: "bold dark_orange",
}
OVERLAP_STYLE = "bold white on red3"
HOLIDAY_STYLE = "bold magenta"
HOLIDAY_TAG_STYLE = "bold white on magenta"


def category_tag(item: WeekplanItem) -> str:
    """The written label that goes with the colour, at most 14 characters: "taal informeel", "fin. educatie"."""
    if item.categorie is WeekplanCategorie.TAAL:
        return f"taal {(item.taalvorm or Taalvorm.FORMEEL).value}"
    if item.categorie is WeekplanCategorie.FINANCIELE_EDUCATIE:
        return "fin. educatie"
    return "participatie"


@dataclass(frozen=True)
class _Line:
    text: Text
    selection: int | None = None  # the flat index of the activity this line belongs to


class WeekGrid(ScrollView, can_focus=True):
    """The seven days of one week with a cursor on one activity."""

    BINDINGS = [
        Binding("up", "cursor(-1)", "vorige activiteit", show=False),
        Binding("down", "cursor(1)", "volgende activiteit", show=False),
        Binding("home", "first", "eerste activiteit", show=False),
        Binding("end", "last", "laatste activiteit", show=False),
        Binding("enter", "select", "activiteit wijzigen", show=False),
    ]
    DEFAULT_CSS = stylesheet(__file__, "widgets.tcss")
    COMPONENT_CLASSES = {"week-grid--cursor", "week-grid--header", "week-grid--today"}

    cursor: reactive[int] = reactive(0)

    class Selected(Message):
        """Enter (or a double click) on an activity."""

        def __init__(self, grid: WeekGrid, item: WeekplanItem) -> None:
            self.grid = grid
            self.item = item
            super().__init__()

    def __init__(self, *, empty_text: str = "Weekplan laden…", **kwargs) -> None:
        super().__init__(**kwargs)
        self.days: tuple[PlanDag, ...] = ()
        self.today: date | None = None
        self.empty_text = empty_text
        self._flat: list[tuple[int, int]] = []  # (day index, item index) in cursor order
        self._lines: list[_Line] = []
        self._layout_width = -1

    # -- data -------------------------------------------------------------------
    def set_days(self, days: Sequence[PlanDag], *, today: date | None = None, keep: WeekplanItem | None = None) -> None:
        """Show a week; the cursor goes to ``keep`` (same id) when it is there, else stays in range."""
        self.days = tuple(days)
        self.today = today
        self._flat = [(d, i) for d, day in enumerate(self.days) for i in range(len(day.items))]
        self._layout_width = -1
        target = self.cursor
        if keep is not None and keep.id is not None:
            for index, (d, i) in enumerate(self._flat):
                if self.days[d].items[i].id == keep.id:
                    target = index
                    break
        self.set_reactive(WeekGrid.cursor, self._clamp(target))
        self._relayout()
        self._scroll_to_cursor()
        self.refresh()

    @property
    def items(self) -> list[WeekplanItem]:
        return [self.days[d].items[i] for d, i in self._flat]

    @property
    def current(self) -> tuple[PlanDag, WeekplanItem] | None:
        if not self._flat:
            return None
        d, i = self._flat[self._clamp(self.cursor)]
        return self.days[d], self.days[d].items[i]

    @property
    def plain(self) -> str:
        """What the grid shows, as text (for tests and screen readers)."""
        self._relayout()
        return "\n".join(line.text.plain.rstrip() for line in self._lines)

    @property
    def wide(self) -> bool:
        return self._width() >= WIDE_MIN_WIDTH

    def _clamp(self, index: int) -> int:
        return max(0, min(index, len(self._flat) - 1)) if self._flat else 0

    def _width(self) -> int:
        return max(self.scrollable_content_region.width, 1)

    # -- layout -----------------------------------------------------------------
    def _relayout(self) -> None:
        width = self._width()
        if width == self._layout_width:
            return
        self._layout_width = width
        if not self.days:
            self._lines = [_Line(Text(self.empty_text, style="dim"))]
        elif width >= WIDE_MIN_WIDTH:
            self._lines = self._columns(width)
        else:
            self._lines = self._list(width)
        self.virtual_size = Size(width, len(self._lines))

    def _day_head(self, day: PlanDag, *, year: bool, short: bool = False) -> Text:
        today = day.datum == self.today
        # a column has room for "zo 22-11 vandaag", not for "zondag 22-11 vandaag"
        naam = day.kort if short or (today and not year) else day.naam
        text = Text(f"{naam} {day.datum:%d-%m}" + (f"-{day.datum.year}" if year else ""), style="bold")
        if today:
            text.append(" ")
            text.append("vandaag", style="bold reverse")
        return text

    def _block(self, day: PlanDag, index: int, width: int) -> list[Text]:
        """The lines of one activity in a day column: time, category, activity, provider, location."""
        item = day.items[index]
        style = CATEGORY_STYLES[item.categorie]
        lines = [Text.assemble(("▌", style), (item.tijden, "bold"))]
        if index in day.overlap:
            lines.append(Text.assemble(("▌", style), (" OVERLAP ", OVERLAP_STYLE)))
        if day.feestdag:  # the column's heading names the holiday
            lines.append(Text.assemble(("▌", style), (" FEESTDAG ", HOLIDAY_TAG_STYLE)))
        lines.append(Text.assemble(("▌", style), (category_tag(item), style)))
        for part, part_style in ((item.activiteit, ""), (item.aanbieder, "dim"), (item.locatie, "dim italic")):
            if not part:
                continue
            body = Text(part, style=part_style)
            for wrapped in body.wrap(self.app.console, width - 1, overflow="fold"):
                wrapped.rstrip()
                lines.append(Text.assemble(("▌", style), wrapped))
        return lines

    def _column_widths(self, width: int) -> list[int]:
        """An empty weekend day gets a narrow column; the weekdays share the rest."""
        narrow = [d.datum.weekday() >= 5 and not d.items and not d.feestdag and d.datum != self.today for d in self.days]
        room = width - 6 - NARROW_COLUMN * sum(narrow)
        wide = max(7 - sum(narrow), 1)
        base, extra = divmod(room, wide)
        widths, n = [], 0
        for is_narrow in narrow:
            if is_narrow:
                widths.append(NARROW_COLUMN)
            else:
                widths.append(base + (1 if n < extra else 0))
                n += 1
        return widths

    def _column_at(self, x: int) -> int:
        left = 0
        for index, col in enumerate(self._column_widths(self._width())):
            if x < left + col + 1:
                return index
            left += col + 1
        return 6

    def _columns(self, width: int) -> list[_Line]:
        widths = self._column_widths(width)
        columns: list[list[_Line]] = []
        holidays = any(day.feestdag for day in self.days)
        flat_index = {pair: n for n, pair in enumerate(self._flat)}
        for d, day in enumerate(self.days):
            col = widths[d]
            lines = [_Line(self._day_head(day, year=False, short=col == NARROW_COLUMN))]
            if holidays:
                lines.append(_Line(Text(f"{day.feestdag}", style=HOLIDAY_STYLE) if day.feestdag else Text("")))
            lines.append(_Line(Text("─" * col, style="dim")))
            if not day.items:
                lines.append(_Line(Text("—", style="dim")))
            for i in range(len(day.items)):
                for text in self._block(day, i, col):
                    lines.append(_Line(text, flat_index[(d, i)]))
                lines.append(_Line(Text("")))
            columns.append(lines)
        height = max(len(c) for c in columns)
        rows: list[_Line] = []
        for y in range(height):
            text = Text()
            selection = None
            for d, column in enumerate(columns):
                line = column[y] if y < len(column) else _Line(Text(""))
                cell = line.text.copy()
                cell.truncate(widths[d], overflow="ellipsis", pad=True)
                if line.selection is not None and line.selection == self.cursor:
                    cell.stylize(self._cursor_style())
                    selection = line.selection
                if d:
                    text.append("│", style="dim")
                text.append_text(cell)
            rows.append(_Line(text, selection))
        return rows

    def _list(self, width: int) -> list[_Line]:
        lines: list[_Line] = []
        n = 0
        for day in self.days:
            head = self._day_head(day, year=True)
            if day.feestdag:
                head.append(f"  feestdag: {day.feestdag}", style=HOLIDAY_STYLE)
            if not day.items:
                head.append("  geen activiteiten", style="dim")
            lines.append(_Line(head))
            for i, item in enumerate(day.items):
                style = CATEGORY_STYLES[item.categorie]
                text = Text.assemble(" ", ("▌", style), (item.tijden, "bold"), " ", (f"{category_tag(item):<14} ", style))
                if i in day.overlap:
                    text.append(" OVERLAP ", style=OVERLAP_STYLE)
                    text.append(" ")
                if day.feestdag:  # the day's heading names the holiday
                    text.append(" FEESTDAG ", style=HOLIDAY_TAG_STYLE)
                    text.append(" ")
                text.append(item.activiteit)
                extra = ", ".join(p for p in (item.aanbieder, item.locatie) if p)
                if extra:
                    text.append(f" · {extra}", style="dim")
                lines.append(_Line(text, n))
                n += 1
        return lines

    def _cursor_style(self) -> Style:
        # background only: the category colours stay readable on the selected activity
        return Style(bgcolor=self.get_component_rich_style("week-grid--cursor").bgcolor)

    # -- drawing ----------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        self._relayout()
        width = self._width()
        base = self.rich_style
        index = y + self.scroll_offset.y
        if index >= len(self._lines):
            return Strip.blank(width, base)
        line = self._lines[index]
        text = Text()
        text.append_text(line.text)  # the base style becomes a span: Text.render ignores a bare base style
        text.no_wrap = True
        text.truncate(width, overflow="ellipsis", pad=True)
        style = base
        if line.selection is not None and line.selection == self.cursor and not self.wide:
            style = base + self._cursor_style()
        segments = [
            Segment(s.text, style + s.style if s.style else style)
            for s in text.render(self.app.console)
            if s.text != "\n"
        ]
        return Strip(segments).extend_cell_length(width, style).crop(0, width)

    def on_resize(self) -> None:
        self._layout_width = -1
        self._relayout()

    # -- cursor -----------------------------------------------------------------
    def watch_cursor(self) -> None:
        if self.wide:
            self._layout_width = -1  # the highlight is part of the column layout
            self._relayout()
        self._scroll_to_cursor()
        self.refresh()

    def _cursor_lines(self) -> tuple[int, int] | None:
        found = [y for y, line in enumerate(self._lines) if line.selection == self.cursor]
        return (found[0], found[-1]) if found else None

    def _scroll_to_cursor(self) -> None:
        span = self._cursor_lines()
        if span is None:
            return
        top, bottom = span
        # keep the day heading in view when the activity is the first of its day
        self.scroll_to_region(Region(0, max(top - 1, 0), 1, bottom - max(top - 1, 0) + 1), animate=False, immediate=True)

    def action_cursor(self, step: int) -> None:
        self.cursor = self._clamp(self.cursor + step)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = self._clamp(len(self._flat) - 1)

    def action_select(self) -> None:
        current = self.current
        if current is not None:
            self.post_message(self.Selected(self, current[1]))

    def on_click(self, event: Click) -> None:
        index = event.y + self.scroll_offset.y
        if not 0 <= index < len(self._lines):
            return
        selection = self._lines[index].selection
        if self.wide:
            # in columns a line holds seven days: pick the column clicked
            day_index = self._column_at(event.x)
            selection = self._selection_in_column(index, day_index)
        if selection is None:
            return
        if selection == self.cursor and event.chain >= 2:
            self.action_select()
        self.cursor = selection

    def _selection_in_column(self, y: int, day_index: int) -> int | None:
        """Which activity of ``day_index`` is drawn on line ``y`` (wide layout)."""
        # Recompute the column without the highlight; cheap for a week.
        col = self._column_widths(self._width())[day_index]
        holidays = any(day.feestdag for day in self.days)
        day = self.days[day_index]
        line = 2 + (1 if holidays else 0) + (0 if day.items else 1)
        for i in range(len(day.items)):
            height = len(self._block(day, i, col)) + 1
            if line <= y < line + height - 1:
                return self._flat.index((day_index, i))
            line += height
        return None
