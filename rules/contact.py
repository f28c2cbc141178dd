"""Contactmomenten and the law: which kind of contact counts for which deadline, and which kinds a form offers.

A voortgangsgesprek clears the deadline of the next one (the PIP is followed "at set times",
DOMAIN.md *Voortgangsgesprekken* [000]; Wet inburgering 2021 art. 16 lid 2: the college
talks with the inburgeringsplichtige about the progress of the PIP). Only a conversation that took place
and was recorded as a voortgangsgesprek counts: a note, an e-mail or an appointment the person missed
or cancelled never does, so a form must never choose that kind for the user.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from rules.dates import format_date
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


# The kinds whose only content is the note: without one nothing would be recorded. Every other kind records
# by itself that a meeting, call or message took place (a voortgangsgesprek counts for its deadline even when
# the consulent writes the details later), and an appointment the person missed or cancelled
# (niet verschenen, afgemeld) needs no explanation at all.
NOTITIE_VERPLICHT: Final = frozenset({ContactSoort.NOTITIE, ContactSoort.OVERIG})


def check_contactmoment(*, datum: date, soort: ContactSoort | str, notitie: str, vandaag: date) -> list[tuple[str, str]]:
    """Why this contactmoment cannot be recorded: (field, Dutch message) pairs; empty when it can.

    A contactmoment records what happened, so it is dated today or earlier, as hours are
    (rules.validation.check_uren); a meeting still to come is an afspraak (F8).
    """
    problems: list[tuple[str, str]] = []
    if datum > vandaag:
        problems.append(("datum", f"De datum {format_date(datum)} ligt in de toekomst; leg een contactmoment vast als het "
                                  f"heeft plaatsgevonden (uiterlijk vandaag, {format_date(vandaag)}). Een gesprek dat nog "
                                  "komt, plant u als afspraak (F8)."))
    soort = ContactSoort(soort)
    if soort in NOTITIE_VERPLICHT and not notitie.strip():
        problems.append(("notitie", f"Typ de notitie: een contactmoment ‘{soort.label}’ zonder tekst legt niets vast. "
                                    "Kies een andere soort als er een gesprek was."))
    return problems


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
