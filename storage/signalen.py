"""The signalen of the whole caseload on one date, in one order, for every screen and command.

The signalen screen, the caseload screen and ``regie signalen`` all ask this
module, so they cannot disagree about what is due when.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.engine import Connection

from rules.afhandeling import Afhandeling, split_signalen
from rules.engine import Signaal, compute_signalen
from rules.model import Doelgroep
from rules.policy import Policy
from storage.afhandeling import load_afhandelingen
from storage.queries import PersonRecord, load_caseload


@dataclass(frozen=True)
class CaseloadSignaal:
    """One signaal of one person, with what a list needs to show who it is about."""

    person_id: int
    kenmerk: str
    naam: str
    consulent: str | None
    doelgroep: Doelgroep
    signaal: Signaal
    afhandeling: Afhandeling | None = None  # set for a signaal hidden by an afhandeling (handled or snoozed)


def sort_key(item: CaseloadSignaal) -> tuple[date, str, str]:
    """Vervaldatum first, then kenmerk, then soort."""
    return (item.signaal.vervaldatum, item.kenmerk, str(item.signaal.soort))


def open_signalen(record: PersonRecord, *, as_of: date, policy: Policy, afhandelingen: Iterable[Afhandeling] = ()) -> tuple[Signaal, ...]:
    """One person's signalen on ``as_of``, without the ones handled or snoozed."""
    signalen = compute_signalen(record.facts, as_of, policy)
    return split_signalen(signalen, afhandelingen, as_of)[0] if afhandelingen else tuple(signalen)


def signalen_for_records(
    records: Iterable[PersonRecord],
    *,
    as_of: date,
    policy: Policy,
    afhandelingen: dict[int, list[Afhandeling]] | None = None,
    include_hidden: bool = False,
) -> list[CaseloadSignaal]:
    """The open signalen of already loaded persons on ``as_of``, sorted by :func:`sort_key`.

    With ``include_hidden`` the handled and snoozed ones follow too, each with
    the afhandeling that hides it, so a screen can show and reopen them."""
    afhandelingen = afhandelingen or {}
    found = []
    for record in records:
        facts = record.facts
        signalen = compute_signalen(facts, as_of, policy)
        open_, hidden = split_signalen(signalen, afhandelingen.get(record.id, ()), as_of)
        pairs = [(signaal, None) for signaal in open_]
        if include_hidden:
            pairs += hidden
        found += [
            CaseloadSignaal(
                person_id=record.id, kenmerk=facts.kenmerk, naam=facts.naam, consulent=facts.consulent,
                doelgroep=facts.doelgroep, signaal=signaal, afhandeling=afhandeling,
            )
            for signaal, afhandeling in pairs
        ]
    found.sort(key=sort_key)
    return found


def caseload_signalen(*, connection: Connection, as_of: date, policy: Policy, include_hidden: bool = False) -> list[CaseloadSignaal]:
    """Every open signaal of every person on ``as_of``, sorted by vervaldatum, kenmerk and soort
    (with ``include_hidden``, the handled and snoozed ones too, marked by their afhandeling)."""
    return signalen_for_records(
        load_caseload(connection=connection, as_of=as_of),
        as_of=as_of,
        policy=policy,
        afhandelingen=load_afhandelingen(connection=connection),
        include_hidden=include_hidden,
    )
