"""Verhuizing: moving in with a PIP from another gemeente, and moving out.

Sources:

- Wet inburgering 2021 art. 11 lid 3: a new PIP after a move does not restart the
  termijn; the first PIP's dates keep counting (see :mod:`rules.pip`), and so do the
  leerroute-wissel window and the aanbod limit.
- DUO M2M README, "Het aanleveren van een PIP": the dagtekening may not lie before
  the person settled in *this* gemeente; a previous gemeente's PIP is naturally older
  than the registration here and is accepted as history.
- DUO events SS120 (settled here without a PIP), SS121 (settled here with a previous
  gemeente's PIP: the termijn comes with it), and the BRP change "vertrek naar andere
  gemeente / uit Nederland".
- Moving in without a local PIP yet: the termijn still runs, from the first PIP or, when
  only DUO's einddatum is known, until that date; the 10-week PIP deadline of Besluit
  art. 5.3 is for a first PIP and does not apply again.
- Moving out: the person leaves this caseload (status vertrokken) from the day of
  departure; the warme overdracht (:mod:`rules.overdracht`) lists what the next gemeente
  needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rules.dates import format_date
from rules.model import PersonFacts, Pip
from rules.pip import pip_historie


@dataclass(frozen=True)
class VerhuizingIn:
    vorige_gemeente: str | None
    verhuisd_in: date | None
    eerste_pip: date | None  # the previous gemeente's (first) PIP
    eigen_pip: date | None  # this gemeente's latest PIP, None when not made yet

    @property
    def toelichting(self) -> str:
        van = f" uit {self.vorige_gemeente}" if self.vorige_gemeente else ""
        op = f" op {format_date(self.verhuisd_in)}" if self.verhuisd_in else ""
        delen = [f"Verhuisd{van}{op}"]
        if self.eerste_pip:
            delen.append(f"eerste PIP {format_date(self.eerste_pip)}: termijn, leerroute-wissel en aanbod tellen "
                         "vanaf dat PIP (Wi2021 art. 11 lid 3)")
        else:
            delen.append("datum van het eerste PIP onbekend; vraag het actuele PIP op bij DUO")
        delen.append(f"eigen PIP {format_date(self.eigen_pip)}" if self.eigen_pip else "nog geen eigen PIP")
        return "; ".join(delen)


def is_verhuisd_in(facts: PersonFacts) -> bool:
    """True when the person came from another gemeente (a previous gemeente or its PIP is recorded)."""
    return bool(facts.vorige_gemeente) or facts.eerste_pip_datum is not None or any(
        not p.eigen_gemeente for p in facts.pips)


def verhuizing_in(facts: PersonFacts) -> VerhuizingIn | None:
    if not is_verhuisd_in(facts):
        return None
    historie = pip_historie(facts)
    vreemd = [p for p in historie.alle if not p.eigen_gemeente]
    eigen = historie.eigen
    vorige = facts.vorige_gemeente or next((p.gemeente for p in reversed(vreemd)), None)
    return VerhuizingIn(vorige, facts.verhuisd_in, historie.eerste.dagtekening if vreemd and historie.eerste else None,
                        eigen[-1].dagtekening if eigen else None)


def pip_mag_voor_vestiging(pip: Pip) -> bool:
    """A PIP dated before the registration here is fine only when a previous gemeente made it."""
    return not pip.eigen_gemeente


def vestiging_hier(facts: PersonFacts) -> date | None:
    """The day the person settled in this gemeente: after a move the move-in date, else the BRP registration."""
    return facts.verhuisd_in or facts.brp_inschrijving


@dataclass(frozen=True)
class Vertrek:
    datum: date
    bestemming: str | None

    @property
    def toelichting(self) -> str:
        naar = f" naar {self.bestemming}" if self.bestemming else ""
        return (f"Vertrokken{naar} op {format_date(self.datum)}: geen signalen meer in deze gemeente; "
                "geef de warme overdracht mee aan de nieuwe gemeente")


def vertrek(facts: PersonFacts, as_of: date) -> Vertrek | None:
    """The departure when it took place on or before ``as_of``, else None."""
    if facts.vertrokken_op is None or facts.vertrokken_op > as_of:
        return None
    return Vertrek(facts.vertrokken_op, facts.vertrek_bestemming)
