"""The caseload use case: every person with the rules applied, then filtered and sorted in memory.

`load_caseload` reads the caseload and the saved filter in one go (a face runs
it in a worker thread); filtering works on that prepared list: one keystroke
costs a pass over the list, never a database round trip or a rebuilt widget.
`save_filter` remembers the filter so it survives a restart: the fase,
doelgroep, leerroute, consulent and sort choices, never the search text (the
name of the previous visitor must not greet the next one at the spreekuur).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, replace
from functools import cached_property
from datetime import date, time
from typing import TYPE_CHECKING

from rules.afhandeling import Afhandeling, split_signalen
from rules.engine import Ernst, Signaal, compute_signalen, most_pressing
from rules.model import Leerroute
from rules.phase import Fase, determine_phase, missing_facts
from rules.pip import actuele_leerroute
from rules.naam import sort_key as naam_sort_key
from rules.policy import Policy
from rules.text import search_key, search_terms
from services import preferences
from storage.afhandeling import load_afhandelingen
from storage.queries import PersonRecord
from storage.queries import load_caseload as _read_caseload
from storage.signalen import CaseloadSignaal

if TYPE_CHECKING:
    from services.store import Store

FILTER_SETTING_KEY = "caseload.filter"


@dataclass(frozen=True)
class CaseloadEntry:
    record: PersonRecord
    fase: Fase
    signaal: Signaal | None  # the most pressing one
    verlopen: int  # how many signalen are overdue
    urgent: int  # how many are urgent
    missing: tuple[str, ...]
    # For the text filter: the zoeksleutel of the naam (rules.text.search_key), a tab, the kenmerk in lower case
    # (a code, matched as typed). No word of a search holds a tab, so none matches across the two.
    haystack: str
    # Every signaal of this person on the caseload's date, the handled and snoozed ones marked by their
    # afhandeling: the signalen screen (F5) shows these instead of running every rule again.
    alle_signalen: tuple[CaseloadSignaal, ...] = ()

    @property
    def facts(self):
        return self.record.facts

    @cached_property
    def leerroute(self) -> Leerroute | None:
        """The leerroute of the plan in force: a gewijzigd PIP's (rules.pip.actuele_leerroute), as the signalen read it."""
        return actuele_leerroute(self.facts)

    @cached_property
    def achternaam_key(self) -> tuple[str, str]:
        """rules.naam.sort_key: the achternaam without voorvoegsels, then the naam; worked out the first time the
        list is sorted on achternaam, not for every person at every start."""
        return naam_sort_key(self.facts.naam, self.record.achternaam)


def build_entries(
    records: list[PersonRecord], *, as_of: date, policy: Policy, afhandelingen: dict[int, list[Afhandeling]] | None = None
) -> list[CaseloadEntry]:
    """Apply the rules to every person; handled and snoozed signalen are left out,
    exactly as on the signalen screen and in `regie signalen` (storage.signalen)."""
    afhandelingen = afhandelingen or {}
    entries = []
    for record in records:
        facts = record.facts
        signalen, hidden = split_signalen(compute_signalen(facts, as_of, policy), afhandelingen.get(record.id, ()), as_of)
        alle = tuple(
            CaseloadSignaal(person_id=record.id, kenmerk=facts.kenmerk, naam=facts.naam, consulent=facts.consulent,
                            doelgroep=facts.doelgroep, signaal=signaal, afhandeling=afhandeling)
            for signaal, afhandeling in (*((signaal, None) for signaal in signalen), *hidden)
        )
        entries.append(
            CaseloadEntry(
                record=record,
                fase=determine_phase(record.facts, as_of, policy),
                signaal=most_pressing(signalen),
                verlopen=sum(1 for s in signalen if s.ernst is Ernst.VERLOPEN),
                urgent=sum(1 for s in signalen if s.ernst is Ernst.URGENT),
                missing=missing_facts(record.facts),
                haystack=f"{record.zoeksleutel or search_key(facts.naam)}\t{facts.kenmerk.lower()}",
                alle_signalen=alle,
            )
        )
    return entries


@dataclass(frozen=True)
class CaseloadFilter:
    """What the consulent asked to see; saved so it survives a restart, except `text` (see :func:`filter_value`)."""

    text: str = ""
    mijn: bool = False
    doelgroep: str | None = None
    leerroute: str | None = None
    fase: str | None = None
    verlopen: bool = False
    sort: str = "signaal"
    reverse: bool = False

    def with_(self, **changes) -> CaseloadFilter:
        return replace(self, **changes)


SORT_KEYS = ("naam", "achternaam", "kenmerk", "doelgroep", "fase", "leerroute", "consulent", "signaal")
_FAR_FUTURE = date.max


def _sort_value(entry: CaseloadEntry, key: str):
    facts = entry.facts
    if key == "naam":
        return (facts.naam.lower(),)
    if key == "achternaam":
        return entry.achternaam_key
    if key == "kenmerk":
        return (facts.kenmerk,)
    if key == "doelgroep":
        return (facts.doelgroep.value, facts.naam.lower())
    if key == "fase":
        return (entry.fase.rank, facts.naam.lower())
    if key == "leerroute":
        return (entry.leerroute.value if entry.leerroute else "~", facts.naam.lower())
    if key == "consulent":
        return ((facts.consulent or "~").lower(), facts.naam.lower())
    signaal = entry.signaal
    if signaal is None:
        return (99, _FAR_FUTURE, facts.naam.lower())
    return (signaal.ernst.rank, signaal.vervaldatum, facts.naam.lower())


def _text_matches(entries: list[CaseloadEntry], text: str) -> list[CaseloadEntry]:
    """The entries whose naam holds every word of `text` (in any order, case and accents folded, as F2 does in SQL),
    whose kenmerk contains it, or whose BSN ends in its digits; in the order given.

    One list comprehension per word over plain strings: at 10,000 persons a keystroke costs about a millisecond.
    """
    needle = " ".join(text.split()).lower()
    terms = search_terms(needle)
    if terms:
        found = entries
        for term in terms:  # each word narrows the previous list
            found = [e for e in found if term in e.haystack]
    else:  # only punctuation typed: compare it as it is
        found = [e for e in entries if needle in e.haystack]
    if needle.isdigit():
        by_bsn = {id(e) for e in entries if e.record.bsn is not None and e.record.bsn.endswith(needle)}
        if by_bsn:
            by_bsn.update(id(e) for e in found)
            found = [e for e in entries if id(e) in by_bsn]
    return found


def apply_filter(entries: list[CaseloadEntry], flt: CaseloadFilter, *, consulent: str | None) -> list[CaseloadEntry]:
    """The entries `flt` lets through, sorted. The text matches a naam however it is typed (every word of it,
    in any order, case and accents folded), a part of the kenmerk, or the last BSN digits."""
    key = flt.sort if flt.sort in SORT_KEYS else "signaal"
    ordered = _sorted(entries, key, flt.reverse)  # filtering keeps the order: no sort per keystroke
    entries = ordered
    # Only the filters that are on cost a pass (each keeps the order); the text last, as it changes per keystroke.
    if flt.mijn and consulent:
        entries = [e for e in entries if e.facts.consulent == consulent]
    if flt.doelgroep:
        entries = [e for e in entries if e.facts.doelgroep.value == flt.doelgroep]
    if flt.leerroute:
        entries = [e for e in entries if (e.leerroute.value if e.leerroute else "geen") == flt.leerroute]
    if flt.fase:
        entries = [e for e in entries if e.fase.value == flt.fase]
    if flt.verlopen:
        entries = [e for e in entries if e.verlopen]
    if flt.text.strip():
        entries = _text_matches(entries, flt.text)
    return list(entries) if entries is ordered else entries  # never the remembered sorted list itself


# The last list sorted, by what: (entries, key, reverse, sorted list). One slot: the caseload screen filters one
# loaded list keystroke after keystroke; a new list (a reload) or another sort replaces it.
_last_sorted: tuple[list, str, bool, list] | None = None


def _sorted(entries: list[CaseloadEntry], key: str, reverse: bool) -> list[CaseloadEntry]:
    """`entries` sorted on `key`, worked out once per list and sort (10,000 persons: some 20 ms saved per keystroke).
    Python's sort is stable, so sorting first and filtering after gives exactly the order of filtering first."""
    global _last_sorted
    last = _last_sorted
    if last is not None and last[0] is entries and len(last[3]) == len(entries) and last[1:3] == (key, reverse):
        return last[3]
    result = sorted(entries, key=lambda e: _sort_value(e, key), reverse=reverse)
    _last_sorted = (entries, key, reverse, result)
    return result


@dataclass(frozen=True)
class CaseloadCounts:
    per_fase: dict[Fase, int]
    verlopen_personen: int
    verlopen_signalen: int
    totaal: int


def count(entries: list[CaseloadEntry]) -> CaseloadCounts:
    per_fase = Counter(e.fase for e in entries)
    return CaseloadCounts(
        per_fase={fase: per_fase.get(fase, 0) for fase in Fase},
        verlopen_personen=sum(1 for e in entries if e.verlopen),
        verlopen_signalen=sum(e.verlopen for e in entries),
        totaal=len(entries),
    )


def startup_line(entries: list[CaseloadEntry], *, consulent: str | None, afspraken: tuple = (),
                 nu: time | None = None) -> str:
    """One line for the start: overdue and urgent signalen in the user's own caseload, and today's
    planned afspraken of the user (`afspraken`: today's, of everyone, as `Caseload.afspraken_vandaag`)."""
    from rules.afspraken import reminder_line

    mine = [e for e in entries if consulent is None or e.facts.consulent == consulent]
    verlopen = sum(e.verlopen for e in mine)
    urgent = sum(e.urgent for e in mine)
    whose = "Uw caseload" if consulent else "De caseload"
    if not verlopen and not urgent:
        line = f"{whose}: geen verlopen of urgente signalen. F5 toont alle signalen."
    else:
        line = f"{whose}: {verlopen} verlopen en {urgent} urgente signalen. Druk op F5 om ze te bekijken."
    reminder = reminder_line([a for a in afspraken if consulent is None or a.consulent == consulent], nu=nu)
    return f"{line}\n{reminder}" if reminder else line


@dataclass(frozen=True)
class Caseload:
    """What the home screen shows: every person judged on ``as_of``, and the filter saved last time
    (None when none was saved; an unreadable one is forgotten)."""

    entries: list[CaseloadEntry]
    saved_filter: CaseloadFilter | None
    saved_value: str | None  # the stored text, so an unchanged filter is not written again
    as_of: date | None = None  # the date the rules were applied on
    afspraken_vandaag: tuple = ()  # rules.afspraken.Afspraak: everyone's planned ones on as_of, for the start line


def load_caseload(*, store: Store, as_of: date, policy: Policy) -> Caseload:
    """Read the caseload, its afhandelingen and the saved filter in one connection and apply the rules."""
    from rules.afspraken import AfspraakStatus
    from services._tx import read
    from storage.afspraken import list_afspraken

    with read(store) as connection:
        records = _read_caseload(connection=connection, as_of=as_of)
        afhandelingen = load_afhandelingen(connection=connection)
        saved = preferences.read_setting(connection=connection, key=FILTER_SETTING_KEY)
        afspraken = list_afspraken(connection=connection, van=as_of, tot=as_of, statuses=(AfspraakStatus.GEPLAND,))
    entries = build_entries(records, as_of=as_of, policy=policy, afhandelingen=afhandelingen)
    return Caseload(entries=entries, saved_filter=parse_filter(saved), saved_value=saved, as_of=as_of,
                    afspraken_vandaag=tuple(afspraken))


def parse_filter(saved: str | None) -> CaseloadFilter | None:
    if not saved:
        return None
    try:
        # A search text stored by an older version is dropped: it is personal data of a previous visitor.
        return CaseloadFilter(**json.loads(saved)).with_(text="")
    except (TypeError, ValueError):
        return CaseloadFilter()  # an unreadable saved filter is simply forgotten


def filter_value(flt: CaseloadFilter) -> str:
    """The filter as it is stored (JSON), without the search text: a name typed is never stored."""
    stored = asdict(flt)
    del stored["text"]
    return json.dumps(stored)


def save_filter(*, store: Store, value: str) -> None:
    """Remember the caseload filter (the text of `filter_value`) for the next start."""
    preferences.save_setting(store=store, key=FILTER_SETTING_KEY, value=value)
