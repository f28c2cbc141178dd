"""Calendar arithmetic, Dutch date/hour formatting and parsers for typed input.

Every parser raises :class:`rules.errors.InputError` (and nothing else) with a
Dutch message, whatever it is given. Only ASCII digits 0-9 are accepted:
other Unicode digits (Arabic-Indic, full-width, ...) are refused with an
explanation instead of being silently reinterpreted.
"""

from __future__ import annotations

import re
from functools import lru_cache
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from rules.errors import InputError

# Dates outside this range are typos in a caseload that starts in 2022
# (Wi2013 people from 2013, birth dates from the last century).
MIN_JAAR = 1900
MAX_JAAR = 2100

# A month's total may be entered as one row: 24 hours x 31 days.
MAX_UREN = 24 * 31

_VOORBEELD = "gebruik dd-mm-jjjj, bijvoorbeeld 05-03-2026"
_HULP_DATUM = (
    "gebruik dd-mm-jjjj (bijvoorbeeld 05-03-2026), jjjj-mm-dd, ‘vandaag’ (‘v’) "
    "of een verschuiving als +10w, -3d, +2m, +1j"
)

_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", re.ASCII)
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
# ddmmjjjj without separators (14031988), as many Dutch forms accept it: fast to type from a COA list.
_DMY_COMPACT = re.compile(r"(\d{2})(\d{2})(\d{4})", re.ASCII)
_RELATIVE = re.compile(r"([+-])\s*(\d{1,5})\s*([dwmj])", re.ASCII)
_DECIMAL_HOURS = re.compile(r"(\d{1,4})(?:[.,](\d{1,2}))?", re.ASCII)
_CLOCK_HOURS = re.compile(r"(\d{1,4}):(\d{2})(?::(\d{2}))?", re.ASCII)
_HOURS_SUFFIX = re.compile(r"\s*(uur|u)$")

_WORD_DAYS = {"vandaag": 0, "v": 0, "morgen": 1, "gisteren": -1}
_TRUE = frozenset({"ja", "j", "1", "true", "waar", "yes", "y"})
_FALSE = frozenset({"nee", "n", "0", "false", "onwaar", "no"})


@lru_cache(maxsize=256)
def _months(n: int) -> relativedelta:
    # Building a relativedelta costs more than applying it; the rules use a handful of lengths.
    return relativedelta(months=n)


@lru_cache(maxsize=65536)
def add_months(d: date, n: int) -> date:
    """``d`` plus ``n`` calendar months, clamped to the month's last day (31-01 + 1 = 28/29-02).

    Remembered: a caseload asks the same few dates many times (relativedelta is slow to apply)."""
    return d + _months(n)


def add_years(d: date, n: int) -> date:
    """``d`` plus ``n`` years; 29-02 becomes 28-02 in a non-leap year."""
    return add_months(d, 12 * n)


def format_date(d: date | None) -> str:
    """``dd-mm-jjjj``, the way Dutch forms write a date; ``None`` becomes ``—``."""
    if d is None:
        return "—"
    return f"{d.day:02d}-{d.month:02d}-{d.year:04d}"


def format_hours(hours: float) -> str:
    """Hours with a Dutch decimal comma and no needless decimals: 12, 12,5, 0,25."""
    text = f"{hours:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _show(text: str) -> str:
    """The user's input quoted for a message, shortened so a pasted page stays readable."""
    shown = text if len(text) <= 40 else text[:37] + "..."
    return f"‘{shown}’"


def _check_text(text: object, what: str) -> str:
    """Common guard: must be a string, stripped, with only ASCII digits."""
    if not isinstance(text, str):
        raise InputError(f"Ongeldige invoer voor {what}.")
    stripped = text.strip()
    if any(ch.isdigit() and not ("0" <= ch <= "9") for ch in stripped):
        raise InputError(
            f"{_show(stripped)} bevat cijfers die geen gewone cijfers 0-9 zijn; typ {what} met de cijfers 0-9."
        )
    return stripped


def _build_date(year: int, month: int, day: int, original: str) -> date:
    if not MIN_JAAR <= year <= MAX_JAAR:
        raise InputError(f"{_show(original)}: het jaartal moet tussen {MIN_JAAR} en {MAX_JAAR} liggen; {_VOORBEELD}.")
    try:
        return date(year, month, day)
    except ValueError:
        raise InputError(f"{_show(original)} is geen bestaande datum; {_VOORBEELD}.") from None


def _shift(today: date, sign: str, amount: int, unit: str, original: str) -> date:
    n = amount if sign == "+" else -amount
    try:
        if unit == "d":
            result = today + timedelta(days=n)
        elif unit == "w":
            result = today + timedelta(weeks=n)
        elif unit == "m":
            result = add_months(today, n)
        else:
            result = add_years(today, n)
    except (OverflowError, ValueError):
        result = None
    if result is None or not MIN_JAAR <= result.year <= MAX_JAAR:
        raise InputError(f"{_show(original)} komt buiten de jaren {MIN_JAAR}-{MAX_JAAR} uit.")
    return result


def parse_date(text: str, *, today: date) -> date:
    """Read a typed date.

    Accepts ``dd-mm-jjjj`` and ``d-m-jjjj`` (also with ``/`` or ``.``), ``ddmmjjjj``,
    ``jjjj-mm-dd``, ``vandaag``/``v`` (and ``morgen``, ``gisteren``) and
    shifts relative to ``today``: ``+10w``, ``-3d``, ``+2m``, ``+1j``.
    """
    stripped = _check_text(text, "de datum")
    if not stripped:
        raise InputError(f"Geen datum ingevuld; {_VOORBEELD}.")
    lowered = stripped.lower()
    if lowered in _WORD_DAYS:
        return today + timedelta(days=_WORD_DAYS[lowered])
    if m := _DMY.fullmatch(lowered):
        return _build_date(int(m[3]), int(m[2]), int(m[1]), stripped)
    if m := _YMD.fullmatch(lowered):
        return _build_date(int(m[1]), int(m[2]), int(m[3]), stripped)
    if m := _DMY_COMPACT.fullmatch(lowered):
        return _build_date(int(m[3]), int(m[2]), int(m[1]), stripped)
    if m := _RELATIVE.fullmatch(lowered):
        return _shift(today, m[1], int(m[2]), m[3], stripped)
    raise InputError(f"{_show(stripped)} is geen datum; {_HULP_DATUM}.")


def parse_optional_date(text: str | None, *, today: date) -> date | None:
    """Like :func:`parse_date`, but an empty field means "unknown" (``None``)."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    return parse_date(text, today=today)


def parse_minutes(text: str) -> int:
    """Read a number of hours as whole minutes: ``2``, ``1,5``, ``1.5``, ``1:30`` (h:mm), ``1:30:00`` (as Excel
    writes a duration), optionally followed by ``u``/``uur``. The one hours parser of regie: forms and imports alike.

    Hours are stored as whole minutes, so a decimal that is no whole number of
    minutes (``1,33`` is 79,8 minutes) is refused rather than rounded: rounded,
    ``1,33`` and ``1,34`` would become the same entry. At most two decimals, so
    ``1.000`` (a Dutch thousand) is refused rather than read as one hour.
    Range 0 up to :data:`MAX_UREN` hours (a whole month in one row).
    """
    stripped = _check_text(text, "het aantal uren")
    if not stripped:
        raise InputError("Geen aantal uren ingevuld; typ bijvoorbeeld 2, 1,5 of 1:30.")
    body = _HOURS_SUFFIX.sub("", stripped.lower()).strip()
    if body.startswith("-"):
        raise InputError(f"{_show(stripped)}: een negatief aantal uren kan niet; corrigeer de eerdere regel.")
    if body.startswith("+"):
        body = body[1:].strip()
    if m := _CLOCK_HOURS.fullmatch(body):
        if int(m[2]) > 59:
            raise InputError(f"{_show(stripped)}: na de dubbele punt komen minuten, 00 tot en met 59.")
        if m[3] is not None and int(m[3]) != 0:
            raise InputError(
                f"{_show(stripped)} heeft seconden; uren worden in hele minuten opgeslagen. "
                f"Typ uren en minuten, bijvoorbeeld {m[1]}:{m[2]}."
            )
        minutes = int(m[1]) * 60 + int(m[2])
    elif m := _DECIMAL_HOURS.fullmatch(body):
        # in hundredths of a minute, exactly (integers: no float error, and no import of decimal at start-up)
        exact = int(m[1]) * 6000 + int((m[2] or "").ljust(2, "0")) * 60
        minutes, rest = divmod(exact, 100)
        if rest:
            shown = f"{minutes},{rest:02d}".rstrip("0")
            suggestion = (exact + 50) // 100
            raise InputError(
                f"{_show(stripped)} uur is {shown} minuten; uren worden in hele minuten opgeslagen. "
                f"Typ uren en minuten, bijvoorbeeld {suggestion // 60}:{suggestion % 60:02d}, "
                "of een decimaal getal dat op hele minuten uitkomt (0,05 uur is 3 minuten)."
            )
    else:
        raise InputError(
            f"{_show(stripped)} is geen aantal uren; typ bijvoorbeeld 2, 1,5 of 1:30 (maximaal twee decimalen)."
        )
    if minutes > MAX_UREN * 60:
        raise InputError(
            f"{_show(stripped)} is te veel: hoogstens {MAX_UREN} uur (een hele maand) in één regel."
        )
    return minutes


def parse_hours(text: str) -> float:
    """:func:`parse_minutes` in hours."""
    return parse_minutes(text) / 60


def parse_bool(text: str | None) -> bool | None:
    """``ja``/``j``/``1``/``true`` → True, ``nee``/``n``/``0``/``false`` → False, empty → None (onbekend)."""
    if text is None:
        return None
    stripped = _check_text(text, "ja of nee")
    if not stripped:
        return None
    lowered = stripped.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise InputError(f"{_show(stripped)} is geen ja of nee; typ ja of nee (of j/n), of laat het leeg als het onbekend is.")
