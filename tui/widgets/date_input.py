"""A date field that reads dd-mm-jjjj, ‘vandaag’ and +10w as you type and says what it understood.

The parsing is :func:`rules.dates.parse_date` with the app's ``today()``, so
the screen and the rules agree on every date. :meth:`DateInput.feedback`
gives the line to show next to the field: the Dutch error, or the date a
shorthand stands for ("+10w" → "maandag 01-02-2027"). On leaving the field a
valid entry is rewritten as dd-mm-jjjj, so what is saved is what is seen.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.validation import ValidationResult, Validator
from textual.widgets import Input

from tui.css import stylesheet

WEEKDAGEN = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


def describe_date(d: date) -> str:
    """``maandag 01-02-2027``."""
    from rules.dates import format_date

    return f"{WEEKDAGEN[d.weekday()]} {format_date(d)}"


class _DateValidator(Validator):
    def __init__(self, field: DateInput) -> None:
        super().__init__()
        self.field = field

    def validate(self, value: str) -> ValidationResult:
        datum, fout = self.field.parse(value)
        return self.failure(fout, value) if fout else self.success()


class DateInput(Input):
    """An Input for one date; empty means "onbekend" unless ``required``."""

    DEFAULT_CSS = stylesheet(__file__, "widgets.tcss")

    def __init__(self, value: date | str | None = None, *, required: bool = False, placeholder: str | None = None, **kwargs) -> None:
        from rules.dates import format_date

        text = format_date(value) if isinstance(value, date) else (value or "")
        self.required = required
        if placeholder is None:
            placeholder = "dd-mm-jjjj, vandaag of +10w" if required else "dd-mm-jjjj (leeg = onbekend)"
        super().__init__(
            text, placeholder=placeholder, validators=[_DateValidator(self)],
            validate_on=["changed", "blur", "submitted"], **kwargs,
        )

    # -- reading -------------------------------------------------------------
    def _today(self) -> date:
        try:
            return self.app.today()  # type: ignore[attr-defined]
        except Exception:  # outside a RegieApp (or before mounting): the real date
            return date.today()

    def parse(self, text: str | None = None) -> tuple[date | None, str | None]:
        """(date, None), (None, None) for an allowed empty field, or (None, Dutch error)."""
        from rules.dates import parse_date
        from rules.errors import InputError

        text = self.value if text is None else text
        if not text.strip():
            return None, ("Vul een datum in (dd-mm-jjjj, vandaag of +10w)." if self.required else None)
        try:
            return parse_date(text, today=self._today()), None
        except InputError as exc:
            return None, exc.message

    @property
    def datum(self) -> date | None:
        """The date typed, or None when empty or not (yet) a date."""
        return self.parse()[0]

    @property
    def fout(self) -> str | None:
        """The Dutch error for what is typed, or None when it is fine."""
        return self.parse()[1]

    def set_date(self, value: date | None) -> None:
        from rules.dates import format_date

        self.value = format_date(value) if value else ""

    def feedback(self) -> Text:
        """The line to show beside the field: the error, or the date a shorthand stands for."""
        from rules.dates import format_date

        datum, fout = self.parse()
        if fout:
            return Text.assemble(("fout: ", "bold red"), (fout, "red"))
        if datum is not None and self.value.strip() != format_date(datum):
            return Text(f"= {describe_date(datum)}", style="green")
        return Text("")

    # -- behaviour -------------------------------------------------------------
    def _on_blur(self, event) -> None:
        # "+10w" becomes the date it stands for once the consulent moves on.
        from rules.dates import format_date

        datum, fout = self.parse()
        if datum is not None and not fout and self.value.strip() != format_date(datum):
            self.value = format_date(datum)
        super()._on_blur(event)
