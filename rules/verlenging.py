"""Verlenging of the inburgeringstermijn: when to consider asking DUO for it.

Sources: Wet inburgering 2021 art. 12 (DUO extends the term, ambtshalve or on
request, when the person is not to blame or made considerable efforts); Besluit
inburgering 2021 art. 4.1-4.5 (the grounds, among them the gemeente's aanbod that
started late, illness, pregnancy, literacy, waiting time for an exam, and the
college's statement); Regeling inburgering 2021 art. 4.1-4.2 (non-exempting
courses as a ground). DUO events SS103 (ambtshalve verlengd), SS104 (op verzoek
verlengd), SS112 (verzoek ingediend), SS113 (afgewezen).

DUO decides and records the new einddatum (exclusive); when the file holds DUO's
einddatum it stays the final word (:func:`rules.termijn.compute_termijn`).

The signaal *verlenging overwegen* applies while the termijn runs (up to and
including its last day) when a ground is on file that DUO has not decided yet
(a :class:`~rules.model.Verlenging` without besluitdatum), or when the aanbod
started (or is planned to start) after its limit and no verlenging on that
ground has been decided. Its vervaldatum is the termijn's last day: a request
must reach DUO before the term ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rules.dates import format_date
from rules.model import PersonFacts, Verlenging, VerlengingGrond
from rules.termijn import Termijn, aanbod_te_laat, compute_termijn


@dataclass(frozen=True)
class VerlengingAdvies:
    """The grounds on file for asking DUO to extend the termijn, and until when."""

    gronden: tuple[str, ...]  # Dutch, one per ground
    uiterlijk: date  # the termijn's last day

    @property
    def toelichting(self) -> str:
        return ("Verlenging van de inburgeringstermijn overwegen (Wi2021 art. 12; Besluit inburgering 2021 art. 4.1-4.5): "
                + "; ".join(self.gronden) + f". Het verzoek moet bij DUO zijn vóór het einde van de termijn: "
                f"uiterlijk {format_date(self.uiterlijk)}")


def _grond_tekst(v: Verlenging) -> str:
    extra = f" ({v.toelichting})" if v.toelichting else ""
    return f"grond vastgelegd: {v.grond.label}{extra}, nog geen besluit van DUO"


def verlenging_advies(facts: PersonFacts, as_of: date, termijn: Termijn | None = None) -> VerlengingAdvies | None:
    """The grounds to consider a verlenging on ``as_of``, or None (module docstring)."""
    termijn = termijn or compute_termijn(facts)
    if termijn is None or as_of > termijn.laatste_dag:
        return None
    gronden = [_grond_tekst(v) for v in facts.verlengingen if v.besluitdatum is None or v.besluitdatum > as_of]
    laat = aanbod_te_laat(facts)
    beslist_laat = any(v.grond is VerlengingGrond.LAAT_AANBOD and v.besluitdatum is not None and v.besluitdatum <= as_of
                       for v in facts.verlengingen)
    open_laat = any(v.grond is VerlengingGrond.LAAT_AANBOD and (v.besluitdatum is None or v.besluitdatum > as_of)
                    for v in facts.verlengingen)
    if laat is not None and not beslist_laat and not open_laat:
        gronden.append(laat.toelichting)
    if not gronden:
        return None
    return VerlengingAdvies(tuple(gronden), termijn.laatste_dag)
