"""A finding on a person's recorded facts: which field, what is wrong (Dutch), how serious."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FOUT = "fout"
WAARSCHUWING = "waarschuwing"


@dataclass(frozen=True)
class Bevinding:
    """One problem with one field of :class:`~rules.model.PersonFacts`."""

    veld: str
    melding: str
    ernst: Literal["fout", "waarschuwing"] = FOUT
