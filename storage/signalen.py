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


def sort_key(item: CaseloadSignaal) -> tuple[date, str, str]:
    """Vervaldatum first, then kenmerk, then soort."""
    return (item.signaal.vervaldatum, item.kenmerk, str(item.signaal.soort))


def open_signalen(record: PersonRecord, *, as_of: date, policy: Policy, afhandelingen: Iterable[Afhandeling] = ()) -> tuple[Signaal, ...]:
    """One person's signalen on ``as_of``, without the ones handled or snoozed."""
    signalen = compute_signalen(record.facts, as_of, policy)
    return split_signalen(signalen, afhandelingen, as_of)[0] if afhandelingen else tuple(signalen)


def signalen_for_records(
    records: Iterable[PersonRecord], *, as_of: date, policy: Policy, afhandelingen: dict[int, list[Afhandeling]] | None = None
) -> list[CaseloadSignaal]:
    """The open signalen of already loaded persons on ``as_of``, sorted by :func:`sort_key`."""
    afhandelingen = afhandelingen or {}
    found = [
        CaseloadSignaal(
            person_id=record.id,
            kenmerk=record.facts.kenmerk,
            naam=record.facts.naam,
            consulent=record.facts.consulent,
            doelgroep=record.facts.doelgroep,
            signaal=signaal,
        )
        for record in records
        for signaal in open_signalen(record, as_of=as_of, policy=policy, afhandelingen=afhandelingen.get(record.id, ()))
    ]
    found.sort(key=sort_key)
    return found


def caseload_signalen(*, connection: Connection, as_of: date, policy: Policy) -> list[CaseloadSignaal]:
    """Every open signaal of every person on ``as_of``, sorted by vervaldatum, kenmerk and soort."""
    return signalen_for_records(
        load_caseload(connection=connection, as_of=as_of),
        as_of=as_of,
        policy=policy,
        afhandelingen=load_afhandelingen(connection=connection),
    )
