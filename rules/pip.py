"""The PIP history: the first PIP, the current (actuele) PIP, and which rule follows which.

Sources:

- Wet inburgering 2021 art. 11 lid 1 and 3: the inburgeringstermijn starts the day
  after the *first* PIP's dagtekening; a new PIP (a changed plan, or one in a new
  gemeente after a move) does not restart it.
- DUO M2M README, "Het aanleveren van een PIP": a gewijzigd PIP may not be dated
  before the initial PIP nor before the current one; niveau A2 with the B1-route is
  refused on the first PIP "ongeacht welke gemeente", allowed on a changed one.
- DUO M2M README, "Inburgeringsaanbod": the aanbod may not lie before the
  dagtekening of the *actuele* PIP.

Which PIP each rule uses:

==============================  ==========  ===========================================
rule                            PIP         why
==============================  ==========  ===========================================
termijn start and end           first       Wi2021 art. 11 lid 1 and 3
leerroute-wissel window         first       counted from the first PIP; a move keeps it
aanbod within 3 (6) months      first       the gemeente's offer after the first PIP
aanbod not before the PIP       actuele     DUO README, Inburgeringsaanbod
leerroute, niveau, alfabet.     actuele     the plan in force
A2 with the B1-route            actuele     refused when it is the first PIP (DUO)
==============================  ==========  ===========================================
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rules.afgeleid import per_facts
from rules.dates import format_date
from rules.model import Leerroute, Niveau, PersonFacts, Pip


@dataclass(frozen=True)
class PipHistorie:
    """All known PIPs, oldest first; ``eerste`` governs the termijn, ``actuele`` is the plan in force."""

    alle: tuple[Pip, ...]

    @property
    def eerste(self) -> Pip | None:
        return self.alle[0] if self.alle else None

    @property
    def actuele(self) -> Pip | None:
        return self.alle[-1] if self.alle else None

    @property
    def gewijzigd(self) -> bool:
        """True when the current PIP is not the first (a changed or new PIP)."""
        return len(self.alle) > 1

    @property
    def eigen(self) -> tuple[Pip, ...]:
        """The PIPs this gemeente made."""
        return tuple(p for p in self.alle if p.eigen_gemeente)

    @property
    def toelichting(self) -> str:
        if not self.alle:
            return "Nog geen PIP"
        eerste = self.alle[0]
        delen = [f"eerste PIP {format_date(eerste.dagtekening)}{_waar(eerste)}"]
        if self.gewijzigd:
            actueel = self.alle[-1]
            delen.append(f"actuele PIP {format_date(actueel.dagtekening)}{_waar(actueel)}"
                         + (f" ({actueel.reden})" if actueel.reden else ""))
            delen.append(f"{len(self.alle)} PIP's in totaal; de termijn telt vanaf het eerste (Wi2021 art. 11 lid 3)")
        return "; ".join(delen)


_GEEN_PIP = PipHistorie(())


def _waar(pip: Pip) -> str:
    return f" van gemeente {pip.gemeente}" if pip.gemeente else ""


@per_facts
def pip_historie(facts: PersonFacts) -> PipHistorie:
    """Every PIP known for the person, oldest first, without duplicates.

    Sources merged: ``facts.pips``; ``facts.eerste_pip_datum`` (the first PIP of a
    previous gemeente, when no entry in ``pips`` is as old); ``facts.pip_datum`` with the
    leerroute, niveau and alfabetisering of the file (when no entry in ``pips`` has that
    dagtekening). On equal dagtekening a previous gemeente's PIP sorts first.
    """
    if not facts.pips and facts.eerste_pip_datum is None:  # most files: at most the one PIP of the file itself
        if facts.pip_datum is None:
            return _GEEN_PIP
        return PipHistorie((Pip(facts.pip_datum, facts.leerroute, facts.niveau, facts.alfabetisering),))
    pips = list(facts.pips)
    dagen = {p.dagtekening for p in pips}
    if facts.pip_datum is not None and facts.pip_datum not in dagen:
        pips.append(Pip(facts.pip_datum, facts.leerroute, facts.niveau, facts.alfabetisering))
        dagen.add(facts.pip_datum)
    if facts.eerste_pip_datum is not None and facts.eerste_pip_datum not in dagen:
        pips.append(Pip(facts.eerste_pip_datum, gemeente=facts.vorige_gemeente or "vorige gemeente"))
    pips.sort(key=lambda p: (p.dagtekening, p.eigen_gemeente))
    return PipHistorie(tuple(pips))


def eerste_pip_datum(facts: PersonFacts) -> date | None:
    """Dagtekening of the first PIP anywhere (Wi2021 art. 11 lid 3), or None."""
    eerste = pip_historie(facts).eerste
    return eerste.dagtekening if eerste else None


def actuele_leerroute(facts: PersonFacts) -> Leerroute | None:
    """The leerroute of the plan in force: the current PIP's, else the file's."""
    actueel = pip_historie(facts).actuele
    return (actueel.leerroute if actueel and actueel.leerroute else None) or facts.leerroute


def actueel_niveau(facts: PersonFacts) -> Niveau | None:
    """The niveau of the plan in force. A gewijzigd PIP without a niveau does not inherit the file's
    niveau of an earlier plan: DUO sets B1 for the B1-route and the onderwijsroute when none is given
    (DUO M2M README, PIP › Niveau, regel 4); the Z-route then has none."""
    historie = pip_historie(facts)
    actueel = historie.actuele
    if actueel is None or actueel.niveau is not None:
        return actueel.niveau if actueel is not None else facts.niveau
    if not historie.gewijzigd:
        return facts.niveau
    return Niveau.B1 if actueel.leerroute in (Leerroute.B1, Leerroute.ONDERWIJS) else None
