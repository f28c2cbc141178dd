"""The leerbaarheidstoets in the brede intake: done, or exempt, in time for the PIP.

Sources: Wet inburgering 2021 and Besluit inburgering 2021 on the brede intake (it
includes a leerbaarheidstoets set by the Minister and run by DUO; the gemeente
schedules it), with an exemption where the test cannot be taken, e.g. a visual or
hearing impairment (DOMAIN "More of the law"); DUO Leerbaarheidstoets API (SDI006); DUO events SS137 (aangemeld) and SS131
(afgenomen, resultaat bekend). The PIP builds on the intake, so the test (or its
exemption) must be on file before the PIP is vastgesteld: its deadline is the PIP
deadline of Besluit art. 5.3 (:func:`rules.termijn.compute_pip_uiterlijk`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rules.dates import format_date
from rules.model import PersonFacts, Regime
from rules.pip import eerste_pip_datum
from rules.termijn import compute_pip_uiterlijk
from rules.verhuizing import is_verhuisd_in


@dataclass(frozen=True)
class LeerbaarheidstoetsStand:
    gedaan: date | None
    vrijgesteld: bool
    uiterlijk: date | None  # the PIP deadline, or the PIP's dagtekening once it exists
    op_tijd: bool | None  # None while neither done nor late
    toelichting: str


def leerbaarheidstoets_stand(facts: PersonFacts) -> LeerbaarheidstoetsStand | None:
    """The state of the leerbaarheidstoets, or None when it does not apply (Wi2013, moved in with a PIP)."""
    if facts.regime is not Regime.WI2021 or (is_verhuisd_in(facts) and eerste_pip_datum(facts) is not None
                                             and facts.pip_datum is None):
        return None
    if facts.leerbaarheidstoets_vrijstelling is not None:
        return LeerbaarheidstoetsStand(None, True, None, True,
                                       f"Leerbaarheidstoets: vrijgesteld ({facts.leerbaarheidstoets_vrijstelling.label})")
    pip = eerste_pip_datum(facts) if not is_verhuisd_in(facts) else facts.pip_datum
    uiterlijk_obj = compute_pip_uiterlijk(facts)
    uiterlijk = pip or (uiterlijk_obj.datum if uiterlijk_obj else None)
    gedaan = facts.leerbaarheidstoets
    wat = f"het PIP van {format_date(pip)}" if pip else (
        f"het einde van de PIP-termijn ({format_date(uiterlijk)})" if uiterlijk else "het PIP (BRP-inschrijving nog onbekend)")
    if gedaan is not None:
        op_tijd = uiterlijk is None or gedaan <= uiterlijk
        oordeel = "op tijd" if op_tijd else "te laat"
        return LeerbaarheidstoetsStand(gedaan, False, uiterlijk, op_tijd,
                                       f"Leerbaarheidstoets afgenomen op {format_date(gedaan)}, {oordeel} voor {wat}")
    op_tijd = False if pip is not None else None
    return LeerbaarheidstoetsStand(None, False, uiterlijk, op_tijd,
                                   f"Leerbaarheidstoets nog niet afgenomen; hoort vóór {wat} "
                                   "(Besluit inburgering 2021, brede intake)")
