"""Z-route hour progress: a bar per 800-hour target with the numbers beside it, and DUO's three counters.

The bar is drawn in text (█ and ░) with the percentage written out, and an
achterstand is red AND says "achterstand", so nothing depends on colour.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from rules.dates import format_date, format_hours
from rules.engine import ZrouteTeller, ZrouteVoortgang

from tui.css import stylesheet


def bar(fraction: float, width: int, *, expected: float | None = None, style: str = "green") -> Text:
    """A text bar ``width`` cells wide; ``expected`` (0-1) puts a │ where an even pace would be."""
    width = max(width, 4)
    fraction = min(max(fraction, 0.0), 1.0)
    filled = round(fraction * width)
    cells = ["█"] * filled + ["░"] * (width - filled)
    mark = None
    if expected is not None and 0 < expected < 1:
        mark = min(int(expected * width), width - 1)
    text = Text()
    for index, cell in enumerate(cells):
        if index == mark:
            text.append("│" if cell == "░" else "┃", style="bold yellow")
        else:
            text.append(cell, style=style if cell == "█" else "dim")
    return text


def _uren(value: float) -> str:
    return f"{format_hours(round(value, 1))} u"


def teller_lines(teller: ZrouteTeller, *, width: int, afgerond: bool = False) -> list[Text]:
    """Two lines for one target: the bar with hours done, then what is needed and the forecast."""
    label_width = 13
    numbers = f" {format_hours(round(teller.uren, 1))} van {teller.doel} u ({min(teller.uren / teller.doel, 9.99):.0%})".replace(".", ",")
    bar_width = max(min(width - label_width - len(numbers) - 1, 40), 8)
    behind = teller.achterstand and not afgerond
    first = Text(f"{teller.label:<{label_width}}", style="bold")
    expected = teller.verwacht / teller.doel if teller.verwacht is not None else None
    first.append_text(bar(teller.uren / teller.doel, bar_width, expected=expected, style="red" if behind else "green"))
    first.append(numbers)
    narrow = width < 100
    second = Text(" " * (2 if narrow else label_width))
    parts: list[tuple[str, str]] = []
    if teller.resterend > 0:
        parts.append((f"nog {_uren(teller.resterend)}", ""))
    else:
        parts.append(("doel bereikt", "bold green"))
    if teller.verwacht is not None:
        wording = "verwacht nu" if narrow else "verwacht bij gelijk tempo"
        parts.append((f"{wording} {_uren(teller.verwacht)}", ""))
    if teller.resterend > 0:
        if teller.prognose is not None:
            wording = "prognose" if narrow else "prognose klaar (huidig tempo)"
            parts.append((f"{wording} {format_date(teller.prognose)}", ""))
        elif teller.uren <= 0:
            parts.append(("nog geen uren: geen prognose", "dim"))
    if behind:
        parts.append(("ACHTERSTAND", "bold red"))
    for n, (part, style) in enumerate(parts):
        if n:
            second.append(" · ", style="dim")
        second.append(part, style=style)
    return [first, second]


def duo_counters(zroute: ZrouteVoortgang | None, *, taal_knm: float, brede_intake: float, participatie: float,
                 narrow: bool = False) -> Text:
    """DUO's three counters, each on its own: brede intake, participatie, taal/KNM at the school."""
    text = Text("DUO: " if narrow else "DUO-tellers: ", style="bold")
    text.append(f"{'' if narrow else 'taal/KNM '}brede intake {_uren(brede_intake)}")
    if zroute is not None and zroute.brede_intake_telt_mee:
        text.append(" (telt mee)", style="dim")
    text.append(" · ", style="dim")
    text.append(f"participatie {_uren(participatie)}")
    text.append(" · ", style="dim")
    text.append(f"taal/KNM school {_uren(taal_knm)}")
    return text


class ZrouteProgress(Widget):
    """The progress panel of the uren screen; ``show`` sets what it draws."""

    DEFAULT_CSS = stylesheet(__file__, "widgets.tcss")

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._zroute: ZrouteVoortgang | None = None
        self._reason = "Voortgang laden…"
        self._totals = (0.0, 0.0, 0.0)

    def show(self, zroute: ZrouteVoortgang | None, *, reason: str, taal_knm: float, brede_intake: float, participatie: float) -> None:
        """``reason``: what to say instead of the bars when the person is not on the Z-route."""
        self._zroute = zroute
        self._reason = reason
        self._totals = (taal_knm, brede_intake, participatie)
        self.refresh(layout=True)

    def _lines(self, width: int) -> list[Text]:
        zroute = self._zroute
        lines: list[Text] = []
        if zroute is None:
            lines.append(Text(self._reason, style="italic"))
        else:
            if zroute.afgerond is not None:
                lines.append(Text(f"Z-route afgerond op {format_date(zroute.afgerond)}", style="bold green"))
            elif zroute.gestopt:
                lines.append(Text(f"{zroute.gestopt}: de uren hoeven niet meer gehaald te worden.", style="bold"))
            lines += teller_lines(zroute.taal_knm, width=width, afgerond=zroute.afgerond is not None)
            if zroute.participatie is not None:
                lines += teller_lines(zroute.participatie, width=width, afgerond=zroute.afgerond is not None)
            else:
                lines.append(Text(f"{'participatie':<13}800 uur geldt niet (geen asielstatushouder en geen bijstand)", style="dim"))
        taal_knm, brede_intake, participatie = self._totals
        lines.append(duo_counters(zroute, taal_knm=taal_knm, brede_intake=brede_intake, participatie=participatie,
                                  narrow=width < 100))
        for line in lines:
            line.no_wrap = True
            line.truncate(width, overflow="ellipsis")
        return lines

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self._lines(width))

    def render(self) -> Text:
        return Text("\n").join(self._lines(self.content_region.width or 80))

    @property
    def plain(self) -> str:
        """What the panel says, for tests and screen readers."""
        return "\n".join(line.plain for line in self._lines(self.content_region.width or 80))
