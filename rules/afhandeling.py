"""Handled and snoozed signalen: which ones the consulent has dealt with for now.

A signaal is identified by its `sleutel`: its soort and vervaldatum. When
the facts behind it change (a new PIP date, a later termijn_einde), the
vervaldatum changes, the old afhandeling no longer matches, and the
signaal is back. A snoozed signaal returns on its `tot` date. A handled or snoozed signaal can be
reopened (`heropend`, also with a reason): the latest afhandeling counts, so
the history of who did what stays complete. A signaal
whose vervaldatum is simply the date reasoned about (an achterstand in
Z-route hours) has no stable date: it can only be snoozed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from rules.dates import format_date
from rules.engine import Signaal, Soort

# Signalen whose vervaldatum is the date reasoned about, not a fact-derived date.
SOORTEN_OP_PEILDATUM = frozenset({Soort.ZROUTE_ACHTERSTAND.value})


class Actie(StrEnum):
    AFGEHANDELD = "afgehandeld"
    UITGESTELD = "uitgesteld"
    HEROPEND = "heropend"

    @property
    def label(self) -> str:
        return {Actie.AFGEHANDELD: "afgehandeld", Actie.UITGESTELD: "uitgesteld", Actie.HEROPEND: "heropend"}[self]


@dataclass(frozen=True)
class Afhandeling:
    soort: str
    sleutel: str
    actie: Actie
    reden: str
    door: str
    op: datetime
    tot: date | None = None


def describe(afhandeling: Afhandeling) -> str:
    """Who did what, when and why: ‘uitgesteld tot 24-03-2026 door A. de Vries op 17-03-2026 10:00: reden’."""
    until = f" tot {format_date(afhandeling.tot)}" if afhandeling.actie is Actie.UITGESTELD and afhandeling.tot else ""
    return (f"{afhandeling.actie.label}{until} door {afhandeling.door or 'onbekend'} "
            f"op {afhandeling.op.astimezone():%d-%m-%Y %H:%M}: {afhandeling.reden}")


def signaal_sleutel(signaal: Signaal) -> str:
    if str(signaal.soort) in SOORTEN_OP_PEILDATUM:
        return str(signaal.soort)
    return f"{signaal.soort}|{signaal.vervaldatum.isoformat()}"


def kan_afhandelen(signaal: Signaal) -> bool:
    """Only signalen with a fact-derived date can be marked as handled; the others can be snoozed."""
    return str(signaal.soort) not in SOORTEN_OP_PEILDATUM


def geldende_afhandeling(signaal: Signaal, afhandelingen: Iterable[Afhandeling], as_of: date) -> Afhandeling | None:
    """The afhandeling that hides this signaal on `as_of`, if any (the latest one counts)."""
    sleutel = signaal_sleutel(signaal)
    latest = max((a for a in afhandelingen if a.sleutel == sleutel), key=lambda a: a.op, default=None)
    if latest is None or latest.actie is Actie.HEROPEND:
        return None
    if latest.actie is Actie.AFGEHANDELD:
        return latest
    if latest.tot is not None and as_of < latest.tot:
        return latest
    return None


def split_signalen(
    signalen: Iterable[Signaal], afhandelingen: Iterable[Afhandeling], as_of: date
) -> tuple[tuple[Signaal, ...], tuple[tuple[Signaal, Afhandeling], ...]]:
    """(still open, hidden with the afhandeling that hides them)."""
    afhandelingen = tuple(afhandelingen)
    open_, hidden = [], []
    for signaal in signalen:
        reason = geldende_afhandeling(signaal, afhandelingen, as_of) if afhandelingen else None
        if reason is None:
            open_.append(signaal)
        else:
            hidden.append((signaal, reason))
    return tuple(open_), tuple(hidden)
