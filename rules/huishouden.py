"""A household registered together after an AZC visit: how members relate, and who is inburgeringsplichtig.

Children in a family are registered as household members; below the minimum
age the inburgeringsplicht does not apply (from 16 up to the AOW age, DOMAIN.md
[003, 004]; rules.constants.MINIMUM_LEEFTIJD), so they get no plicht and no signalen: their
status is ``geen_plicht`` until they turn 16 and DUO sends its kennisgeving.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from rules.constants import MINIMUM_LEEFTIJD
from rules.dates import format_date


class Relatie(StrEnum):
    """How a member relates to the household's hoofdpersoon (the person registered first)."""

    HOOFD = "hoofd"
    PARTNER = "partner"
    KIND = "kind"
    OUDER = "ouder"
    OVERIG = "overig"

    @property
    def label(self) -> str:
        return {Relatie.HOOFD: "hoofdpersoon", Relatie.PARTNER: "partner", Relatie.KIND: "kind",
                Relatie.OUDER: "ouder", Relatie.OVERIG: "overig gezinslid"}[self]


@dataclass(frozen=True)
class Plicht:
    """Whether the inburgeringsplicht can apply on a date, and why (one Dutch sentence)."""

    plichtig: bool
    uitleg: str
    wordt_16: date | None = None  # the day the plicht can start, for a child


def leeftijd_op(geboortedatum: date, op: date) -> int:
    return relativedelta(op, geboortedatum).years


def plicht_op_leeftijd(geboortedatum: date | None, *, as_of: date) -> Plicht:
    """Is the person old enough for the inburgeringsplicht on ``as_of``? Unknown birth date: assume so."""
    if geboortedatum is None:
        return Plicht(True, "Geboortedatum onbekend: geregistreerd als inburgeraar.")
    leeftijd = leeftijd_op(geboortedatum, as_of)
    if leeftijd >= MINIMUM_LEEFTIJD:
        return Plicht(True, f"{leeftijd} jaar: inburgeringsplichtig vanaf {MINIMUM_LEEFTIJD} jaar.")
    wordt = geboortedatum + relativedelta(years=MINIMUM_LEEFTIJD)
    return Plicht(False, f"{leeftijd} jaar: jonger dan {MINIMUM_LEEFTIJD}, dus (nog) niet inburgeringsplichtig; "
                         f"alleen gezinslid, geen signalen (wordt {MINIMUM_LEEFTIJD} op {format_date(wordt)}).", wordt)
