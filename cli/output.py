"""Terminal output for the `regie` command: plain-text tables that line up in any terminal and pipe well."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def table_lines(header: Sequence[str], rows: Iterable[Sequence[str]], *, right: frozenset[int] = frozenset()) -> list[str]:
    """The header, a dashed rule and the rows, in columns as wide as their widest cell.

    Columns whose index is in `right` (numbers) are right-aligned; trailing
    spaces are cut so a pipe into another tool sees clean lines.
    """
    rows = [tuple(row) for row in rows]
    widths = [max(len(row[i]) for row in (tuple(header), *rows)) for i in range(len(header))]

    def line(cells: Iterable[str]) -> str:
        return "  ".join(cell.rjust(w) if i in right else cell.ljust(w)
                         for i, (cell, w) in enumerate(zip(cells, widths))).rstrip()

    return [line(header), line("-" * w for w in widths), *(line(row) for row in rows)]
