"""Styles live in .tcss files next to the screens; a screen reads its group's file as its DEFAULT_CSS.

Read as DEFAULT_CSS (not CSS_PATH) on purpose: default CSS is scoped to the
screen and ranks below the app's own regie.tcss and above nothing else, which is
how these rules were written; loaded as a screen's CSS_PATH, the same rules would
outrank every widget's focus style. Each rule names its screen first, so one
file serves a group of screens.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def stylesheet(module_file: str, name: str) -> str:
    """The text of the .tcss file ``name`` in the folder of ``module_file`` (a screen module's ``__file__``)."""
    return Path(module_file).with_name(name).read_text(encoding="utf-8")
