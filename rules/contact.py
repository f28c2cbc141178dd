"""Contactmomenten and the law: which kind of contact counts for which deadline, and which kinds a form offers.

A voortgangsgesprek clears the deadline of the next one (the PIP is followed "at set times",
DOMAIN.md *Voortgangsgesprekken* [000]; Wet inburgering 2021 art. 16 lid 2: the college
talks with the inburgeringsplichtige about the progress of the PIP). Only a conversation that took place
and was recorded as a voortgangsgesprek counts: a note, an e-mail or an appointment the person missed
or cancelled never does, so a form must never choose that kind for the user.
"""

from __future__ import annotations

from typing import Final

from rules.model import ContactSoort

# The kinds that count as the voortgangsgesprek of the PIP (Wi2021 art. 16; DOMAIN.md [000]).
TELT_ALS_VOORTGANGSGESPREK: Final = frozenset({ContactSoort.VOORTGANGSGESPREK})

# An appointment that did not take place: recorded for the file, counts for no deadline.
GEEN_GESPREK: Final = frozenset({ContactSoort.NIET_VERSCHENEN, ContactSoort.AFGEMELD})

# The order a form offers the kinds in: the everyday ones first, the ones that matter for the law marked.
FORM_ORDER: Final = (
    ContactSoort.NOTITIE,
    ContactSoort.SPREEKUUR,
    ContactSoort.TELEFONISCH,
    ContactSoort.EMAIL,
    ContactSoort.VIDEO_TOLKGESPREK,
    ContactSoort.HUISBEZOEK,
    ContactSoort.NIET_VERSCHENEN,
    ContactSoort.AFGEMELD,
    ContactSoort.VOORTGANGSGESPREK,
    ContactSoort.PIP_GESPREK,
    ContactSoort.BREDE_INTAKE,
    ContactSoort.DRIEPARTIJENGESPREK,
    ContactSoort.WARME_OVERDRACHT,
    ContactSoort.AZC_BEZOEK,
    ContactSoort.OVERIG,
)


def telt_als_voortgangsgesprek(soort: ContactSoort | str) -> bool:
    """Whether a contactmoment of this kind clears the voortgangsgesprek deadline."""
    return ContactSoort(soort) in TELT_ALS_VOORTGANGSGESPREK


def form_label(soort: ContactSoort) -> str:
    """The label in a form: a kind that clears a legal deadline says so, so it is never chosen unseen."""
    if soort in TELT_ALS_VOORTGANGSGESPREK:
        return f"{soort.label} (telt als voortgangsgesprek PIP)"
    if soort in GEEN_GESPREK:
        return f"{soort.label} (geen gesprek)"
    return soort.label
