"""Is this new person already in the caseload? The same BSN or V-nummer, or a similar name with the same birth date.

Names are compared on their search keys (rules.text.search_key: accents folded,
other scripts transliterated, any word order) with RapidFuzz's token-set ratio, so
``Tesfay Gebru``, ``GEBRU, Tesfaye`` and ``Tesfai Gebru`` are the same name; a
birth date must then match exactly, since a name alone is not a person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz

from rules.text import search_key

# How alike two names must be (0-100, RapidFuzz token_set_ratio over search keys) to be asked
# about. A municipal choice in spirit, but a safe default: one letter off in a 12-letter name scores ~91.
NAAM_GELIJKENIS_MINIMUM = 85


@dataclass(frozen=True)
class Kandidaat:
    """A person already on file, as far as the check needs."""

    person_id: int
    naam: str
    geboortedatum: date | None = None
    bsn: str | None = None
    v_nummer: str | None = None
    kenmerk: str = ""


@dataclass(frozen=True)
class Overeenkomst:
    kandidaat: Kandidaat
    reden: str  # Dutch: "zelfde BSN", "zelfde V-nummer", "lijkende naam en zelfde geboortedatum"
    score: int  # 100 for BSN/V-nummer; the name likeness otherwise


def naam_gelijkenis(a: str, b: str) -> int:
    """0-100: how alike two names are, in any order, accents and case ignored."""
    key_a, key_b = search_key(a), search_key(b)
    if not key_a or not key_b:
        return 0
    return round(fuzz.token_set_ratio(key_a, key_b))


def vind_dubbelen(*, naam: str, geboortedatum: date | None, bsn: str | None, v_nummer: str | None,
                  kandidaten: list[Kandidaat] | tuple[Kandidaat, ...]) -> tuple[Overeenkomst, ...]:
    """The candidates that may be this person, the strongest first (each candidate once)."""
    found: dict[int, Overeenkomst] = {}
    for kandidaat in kandidaten:
        if bsn and kandidaat.bsn == bsn:
            found[kandidaat.person_id] = Overeenkomst(kandidaat, "zelfde BSN", 100)
        elif v_nummer and kandidaat.v_nummer == v_nummer:
            found[kandidaat.person_id] = Overeenkomst(kandidaat, "zelfde V-nummer", 100)
        elif geboortedatum is not None and kandidaat.geboortedatum == geboortedatum:
            score = naam_gelijkenis(naam, kandidaat.naam)
            if score >= NAAM_GELIJKENIS_MINIMUM:
                found[kandidaat.person_id] = Overeenkomst(kandidaat, "lijkende naam en zelfde geboortedatum", score)
    return tuple(sorted(found.values(), key=lambda o: (-o.score, o.kandidaat.naam)))
