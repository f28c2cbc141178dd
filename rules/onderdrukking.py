"""The municipality's disclosure rule for published counts: small counts hidden, and hidden for good (secondary suppression).

A count of fewer people than the drempel (but not zero) is printed as "< 5"
(*primary* suppression). That alone is not enough: a report that prints a
total and the other parts lets a reader subtract ("18 PIP's, 17 op tijd":
one was late). So for every group of figures that add up (a total and its
parts, as :class:`Optelling` says) more cells are hidden, printed as "×"
(*secondary* or complementary suppression, as statistics offices do it),
until no small count can be computed back exactly.

What a reader knows, and what the check assumes:

- a printed number is exact; a zero is printed (nobody is not a person),
  except as a part of a group whose total is itself "< 5": there every part
  prints as "< 5", zeros too, or four parts "< 5" of a total "< 5" would each
  have to be 1;
- so "< 5" means 1 to 4 (drempel − 1), or 0 to 4 for a part of a small total;
- "×" is never a zero and never a small count (those print as 0 and "< 5"),
  so it is at least the drempel;
- every :class:`Optelling` holds.

From these, :func:`speelruimte` narrows each hidden cell to the interval of
values the reader cannot rule out, by propagating the sums until nothing
changes. For groups linked without a cycle (a part of one group is at most
the total of another, as in a report's tables) this interval is exact: every
value in it fits some filling of the table. :func:`onderdruk` hides cells
until every small count has at least two values left in that interval.

Pure: no database, no clock; the council report calls it with its figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

# What the report prints for a cell hidden because it could reveal a small count.
TEKEN_AANVULLEND = "×"

# The least number of values a hidden small count must keep open for a reader: more than one,
# so it can never be computed back exactly.
MINSTE_MOGELIJKHEDEN = 2

_ONBEGRENSD = 10**12  # "no upper bound known": larger than any count of people


@dataclass(frozen=True)
class Optelling:
    """One group of published figures that add up: ``totaal`` is the sum of ``delen`` (cell keys)."""

    totaal: str
    delen: tuple[str, ...]


@dataclass(frozen=True)
class Onderdrukking:
    """Which cells of a table are hidden, and how each is printed."""

    waarden: Mapping[str, int]
    drempel: int
    klein: frozenset[str]  # fewer people than the drempel (or a part of such a total): "< 5"
    aanvullend: frozenset[str]  # hidden so no small count can be computed back: "×"

    def verborgen(self, sleutel: str) -> bool:
        return sleutel in self.klein or sleutel in self.aanvullend

    def toon(self, sleutel: str) -> str:
        """The cell as the report prints it: the number, "< 5" or "×"."""
        if sleutel in self.klein:
            return f"< {self.drempel}"
        if sleutel in self.aanvullend:
            return TEKEN_AANVULLEND
        return str(self.waarden[sleutel])

    def getoond(self, sleutel: str) -> int | None:
        """The number a chart may draw for the cell, or None when the table hides it."""
        return None if self.verborgen(sleutel) else self.waarden[sleutel]


def is_klein(aantal: int, drempel: int) -> bool:
    """A count of people below the drempel, but not zero: not shown, so no one is recognisable."""
    return 0 < aantal < drempel


def speelruimte(waarden: Mapping[str, int], optellingen: Sequence[Optelling], *, drempel: int,
                klein: Iterable[str], aanvullend: Iterable[str]) -> dict[str, tuple[int, int]]:
    """For every cell, the lowest and highest value a reader of the printed table cannot rule out."""
    klein, aanvullend = set(klein), set(aanvullend)
    misschien_nul = _delen_van_kleine_totalen(optellingen, klein)
    grenzen: dict[str, list[int]] = {}
    for sleutel, waarde in waarden.items():
        if sleutel in klein:
            grenzen[sleutel] = [0 if sleutel in misschien_nul else 1, drempel - 1]
        elif sleutel in aanvullend:
            grenzen[sleutel] = [drempel, _ONBEGRENSD]
        else:
            grenzen[sleutel] = [waarde, waarde]
    changed, rondes = True, 0
    while changed and rondes < 10_000:  # figures that do not add up could otherwise narrow forever
        changed, rondes = False, rondes + 1
        for optelling in optellingen:
            totaal, delen = grenzen[optelling.totaal], [grenzen[d] for d in optelling.delen]
            laag, hoog = sum(d[0] for d in delen), sum(d[1] for d in delen)
            # The total lies between the sums of its parts' bounds ...
            if laag > totaal[0]:
                totaal[0], changed = laag, True
            if min(hoog, _ONBEGRENSD) < totaal[1]:
                totaal[1], changed = min(hoog, _ONBEGRENSD), True
            # ... and each part is the total minus the others.
            for deel in delen:
                rest_laag, rest_hoog = laag - deel[0], hoog - deel[1]
                if totaal[0] - rest_hoog > deel[0]:
                    deel[0], changed = totaal[0] - rest_hoog, True
                if totaal[1] < _ONBEGRENSD and totaal[1] - rest_laag < deel[1]:
                    deel[1], changed = totaal[1] - rest_laag, True
    return {sleutel: (laag, hoog) for sleutel, (laag, hoog) in grenzen.items()}


def _delen_van_kleine_totalen(optellingen: Sequence[Optelling], klein: set[str]) -> set[str]:
    return {d for o in optellingen if o.totaal in klein for d in o.delen}


def _onbeschermd(waarden, optellingen, drempel, klein, aanvullend) -> list[str]:
    """The small counts a reader could pin down to fewer values than required."""
    nodig = min(MINSTE_MOGELIJKHEDEN, drempel - 1)  # with drempel 2, "< 2" is 1 whatever else is printed
    ruimte = speelruimte(waarden, optellingen, drempel=drempel, klein=klein, aanvullend=aanvullend)
    return sorted(s for s in klein if ruimte[s][1] - ruimte[s][0] + 1 < nodig)


def onderdruk(waarden: Mapping[str, int], optellingen: Sequence[Optelling], drempel: int) -> Onderdrukking:
    """Hide every small count, and then, group by group, the smallest other cells needed so none can be computed back.

    For an exposed small count, the smallest printed, non-zero cell that protects
    it on its own is hidden, looking in its own groups and in the groups linked
    to it through hidden cells. When no single cell does, the smallest other
    part of its own groups goes, and the check runs again. A headline total (one
    that is no part of anything) goes only when nothing else is left. This ends:
    each round hides one more cell, and a table with every non-zero cell hidden
    protects them all.
    """
    waarden = dict(waarden)
    for optelling in optellingen:
        for sleutel in (optelling.totaal, *optelling.delen):
            if sleutel not in waarden:
                raise KeyError(f"optelling noemt een onbekende cel: {sleutel}")
    klein = {s for s, v in waarden.items() if is_klein(v, drempel)}
    while nul := {d for d in _delen_van_kleine_totalen(optellingen, klein) if d not in klein}:
        klein |= nul  # the zero parts of a small total print as "< 5" too
    aanvullend: set[str] = set()
    # A total that is no part of anything (the headline figure of a table) is hidden only as a last resort.
    bovenaan = {o.totaal for o in optellingen} - {d for o in optellingen for d in o.delen}
    while exposed := _onbeschermd(waarden, optellingen, drempel, klein, aanvullend):
        cel = exposed[0]
        verborgen = klein | aanvullend
        dichtbij = [c for c in _bereikbaar(cel, waarden, optellingen, verborgen) if c not in bovenaan]
        kandidaat = (
            # the smallest cell that protects this one on its own, in its groups or those linked through hidden cells;
            next((c for c in dichtbij
                  if cel not in _onbeschermd(waarden, optellingen, drempel, klein, aanvullend | {c})), None)
            # else the smallest part of its own groups, and the check runs again;
            or _kies_deel(cel, waarden, optellingen, verborgen)
            or next(iter(dichtbij), None)
            # else a total at the top.
            or next(iter(_bereikbaar(cel, waarden, optellingen, verborgen)), None)
        )
        if kandidaat is None:
            break  # nothing left to hide: cannot happen with figures that add up (every non-zero cell hidden protects all)
        aanvullend.add(kandidaat)
    return Onderdrukking(waarden=waarden, drempel=drempel, klein=frozenset(klein), aanvullend=frozenset(aanvullend))


def _verbergbaar(sleutel: str, waarden: Mapping[str, int], verborgen: set[str]) -> bool:
    return sleutel not in verborgen and waarden[sleutel] > 0


def _kies_deel(cel: str, waarden, optellingen, verborgen: set[str]) -> str | None:
    """The smallest part that could still be hidden in a group ``cel`` is a part of."""
    delen = sorted((waarden[d], d) for o in optellingen if cel in o.delen
                   for d in o.delen if d != cel and _verbergbaar(d, waarden, verborgen))
    return delen[0][1] if delen else None


def _bereikbaar(cel: str, waarden, optellingen, verborgen: set[str]) -> list[str]:
    """The cells that could still be hidden in the groups of ``cel`` and of the hidden cells linked to it, smallest first."""
    bereikt, rand, kandidaten = {cel}, [cel], set()
    while rand:
        huidige = rand.pop()
        for optelling in optellingen:
            cellen = (optelling.totaal, *optelling.delen)
            if huidige not in cellen:
                continue
            kandidaten.update(c for c in cellen if _verbergbaar(c, waarden, verborgen))
            for c in cellen:
                if c not in bereikt and c in verborgen:
                    bereikt.add(c)
                    rand.append(c)
    return [c for _, c in sorted((waarden[c], c) for c in kandidaten)]
