"""Terminal output for the `regie` command: plain-text tables that line up in any terminal and pipe well."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from rules.text import safe_for_terminal


def shown(value: object, *, multiline: bool = False) -> str:
    """Stored data, file content or a file name as it may reach the terminal: every control,
    bidi or invisible character shown as its escape (``\\x1b``), never run (rules.text.safe_for_terminal);
    with `multiline`, line breaks of a message of regie's own stay line breaks."""
    return safe_for_terminal(str(value), multiline=multiline)


def json_line(row: object) -> str:
    """`row` as one line of JSON that a terminal cannot run: json escapes C0 itself; C1, bidi and
    invisible characters are written as ``\\uXXXX`` too, so the JSON still reads back to the same text."""
    text = json.dumps(row, ensure_ascii=False)
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() or char == " " else _json_escape(char) for char in text)


def _json_escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def table_lines(header: Sequence[str], rows: Iterable[Sequence[str]], *, right: frozenset[int] = frozenset()) -> list[str]:
    """The header, a dashed rule and the rows, in columns as wide as their widest cell.

    Columns whose index is in `right` (numbers) are right-aligned; trailing
    spaces are cut so a pipe into another tool sees clean lines. Every cell
    goes through :func:`shown`: a stored name can never reach the terminal as a command.
    """
    header = tuple(shown(cell) for cell in header)
    rows = [tuple(shown(cell) for cell in row) for row in rows]
    widths = [max(len(row[i]) for row in (tuple(header), *rows)) for i in range(len(header))]

    def line(cells: Iterable[str]) -> str:
        return "  ".join(cell.rjust(w) if i in right else cell.ljust(w)
                         for i, (cell, w) in enumerate(zip(cells, widths))).rstrip()

    return [line(header), line("-" * w for w in widths), *(line(row) for row in rows)]
