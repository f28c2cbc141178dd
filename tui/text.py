"""Data on screen is shown as it is, never run: no markup and no terminal control from a stored value.

Textual reads every ``str`` it paints as markup, so a name like ``Ali [/]``
would crash a screen and ``[link=…]`` would become a link; and a control
character in a school's uren file could reach the terminal. Every value that
comes from the database (names, kenmerken, notes, bron, omschrijving,
consulent names) passes through :func:`literal` when it is put in a string that
Textual parses, or :func:`literal_text` for a Rich ``Text``.
"""

from __future__ import annotations

from rich.text import Text
from textual.markup import escape

from rules.text import safe_for_terminal


def literal(value: object, *, multiline: bool = False) -> str:
    """`value` for a markup string: control and invisible characters escaped, brackets kept literal."""
    return escape(safe_for_terminal("" if value is None else str(value), multiline=multiline))


def literal_text(value: object, style: str = "", *, multiline: bool = False) -> Text:
    """`value` as a Rich Text (not parsed as markup), control and invisible characters escaped."""
    return Text(safe_for_terminal("" if value is None else str(value), multiline=multiline), style=style)
