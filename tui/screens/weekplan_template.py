"""Pick a named standard week ("B1-route standaardweek", ...) to add to a weekplan."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.css import stylesheet

if TYPE_CHECKING:
    from rules.weekplan import Week

# Which template fits which leerroute, to put the cursor on it.
_SUGGESTED = {"b1": "B1-route standaardweek", "z": "Z-route standaardweek", "onderwijs": "Onderwijsroute standaardweek"}


class TemplateScreen(ModalScreen["str | None"]):
    """Dismisses with the chosen template's name, or None."""

    HELP_TITLE = "Sjabloon kiezen"
    HELP_TEXT = "Kies een standaardweek; de activiteiten komen bij het plan, geldig vanaf de maandag van de getoonde week."
    BINDINGS = [Binding("escape", "cancel", "annuleren")]
    DEFAULT_CSS = stylesheet(__file__, "dialogs.tcss")

    def __init__(self, week: Week, *, leerroute: str | None = None, planned: int = 0, extra: tuple = ()) -> None:
        super().__init__()
        self.week = week
        self.leerroute = leerroute
        self.planned = planned
        self.extra = extra  # the municipality's own standard weeks (weekplan_sjablonen.toml)

    def compose(self) -> ComposeResult:
        from rules.dates import format_date, format_hours
        from rules.model import WeekplanCategorie
        from rules.weekplan import TEMPLATES

        note = f"De activiteiten komen bij het plan, geldig vanaf maandag {format_date(self.week.maandag)}."
        if self.planned:
            note += f" Let op: deze week staan al {self.planned} activiteiten gepland; beëindig die eerst (x) als het sjabloon ze vervangt."
        options = []
        for template in (*TEMPLATES, *self.extra):
            prompt = Text(template.naam, style="bold")
            hours = " · ".join(f"{c.label} {format_hours(template.uren(c))} u" for c in WeekplanCategorie)
            prompt.append(f"\n  {template.omschrijving}\n  {hours}", style="")
            options.append(Option(prompt, id=template.naam))
        with Vertical():
            yield Static("Standaardweek toevoegen", id="tp-title")
            yield Static(note, id="tp-note", markup=False)
            yield OptionList(*options, id="tp-list")
            yield Static("↑ ↓ kiezen · enter toevoegen · escape annuleren", id="tp-keys")

    def on_mount(self) -> None:
        from rules.weekplan import TEMPLATES

        options = self.query_one(OptionList)
        suggested = _SUGGESTED.get(self.leerroute or "")
        names = [t.naam for t in (*TEMPLATES, *self.extra)]
        options.highlighted = names.index(suggested) if suggested in names else 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
