"""The aanmelding use case: a new person, or a whole household, (and the visit being typed up) stored in one transaction.

Before saving, a face asks :func:`find_duplicates` whether anyone to be registered
is already on file (the same BSN or V-nummer, or a similar name with the same birth
date; the matching itself is rules.dubbel), and lets the user choose.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from rules.bsn import mask_bsn
from rules.dubbel import vind_dubbelen
from services.errors import ServiceError
from storage.aanmelding import Aanmelding, Gezinslid, Huisgenoot

if TYPE_CHECKING:
    from services.store import Store

__all__ = ["Aanmelding", "AanmeldingError", "Aangemeld", "Dubbel", "Gezinslid", "Huisgenoot", "Lid", "create_aanmelding",
           "find_duplicates", "list_huishouden"]


class AanmeldingError(ServiceError):
    """The aanmelding was refused (no naam, a kenmerk in use, …); nothing was stored."""


@dataclass(frozen=True)
class Lid:
    """One person stored by the aanmelding: the hoofdpersoon first, then the household members."""

    person_id: int
    kenmerk: str
    naam: str
    status: str  # "actief", or "geen_plicht" for a child under 16 or a nareiziger still to come


@dataclass(frozen=True)
class Aangemeld:
    person_id: int  # the hoofdpersoon
    kenmerk: str  # the one typed, or the NIEUW-… one generated
    leden: tuple[Lid, ...] = ()  # everyone stored, the hoofdpersoon first


@dataclass(frozen=True)
class Dubbel:
    """Someone on file who may be one of the people about to be registered (safe to show: the BSN is masked)."""

    voor: str  # the name as typed in the form
    person_id: int
    naam: str
    geboortedatum: date | None
    kenmerk: str
    bsn_gemaskeerd: str
    reden: str


def find_duplicates(*, store: Store, aanmelding: Aanmelding, leden: Sequence[Gezinslid] = ()) -> list[Dubbel]:
    """Everyone on file who may be the hoofdpersoon or one of the members: read only, nothing is stored."""
    from services._tx import read
    from storage.aanmelding import duplicate_candidates

    people = [(aanmelding.naam, aanmelding.geboortedatum, aanmelding.bsn, aanmelding.v_nummer)]
    people += [(lid.naam, lid.geboortedatum, lid.bsn, lid.v_nummer) for lid in leden]
    with read(store) as connection:
        kandidaten = duplicate_candidates(connection=connection, bsns=[p[2] for p in people if p[2]],
                                          v_nummers=[p[3] for p in people if p[3]],
                                          geboortedata=[p[1] for p in people if p[1]])
    found: list[Dubbel] = []
    for naam, geboortedatum, bsn, v_nummer in people:
        for match in vind_dubbelen(naam=naam, geboortedatum=geboortedatum, bsn=bsn, v_nummer=v_nummer, kandidaten=kandidaten):
            k = match.kandidaat
            found.append(Dubbel(voor=naam, person_id=k.person_id, naam=k.naam, geboortedatum=k.geboortedatum,
                                kenmerk=k.kenmerk, bsn_gemaskeerd=mask_bsn(k.bsn), reden=match.reden))
    return found


def create_aanmelding(*, store: Store, aanmelding: Aanmelding, today: date, leden: Sequence[Gezinslid] = (),
                      draft_key: str | None = None, draft_claim: str | None = None) -> Aangemeld:
    """Store the person, every household member (sharing one household id) and the visit's contactmoment in
    one transaction, with their audit rows and team operations; a kenmerk is generated when none was given.
    A refusal is audited; with `draft_key`/`draft_claim` the form's draft is claimed in the same transaction."""
    from sqlalchemy import select

    from services import _team
    from services._tx import Refused, author, write
    from storage import aanmelding as _aanmelding
    from storage import drafts
    from storage.models import Contactmoment

    try:
        with write(store, refused=Refused("toegevoegd", "person")) as connection:
            stored = _aanmelding.create_household(connection=connection, aanmelding=aanmelding, today=today, leden=leden)
            if draft_key is not None:
                drafts.claim_draft(connection=connection, key=draft_key, claim=draft_claim, person_id=stored[0].person_id)
            contact = Contactmoment.__table__
            for member in stored:
                _team.person_created(connection, person_id=member.person_id, author=author())
                visit = connection.execute(select(contact.c.id).where(contact.c.person_id == member.person_id)).scalars().all()
                _team.appended(connection, table="contactmoment", row_ids=list(visit), author=author())
    except _aanmelding.AanmeldingError as exc:
        raise AanmeldingError(str(exc)) from exc
    except drafts.DraftAlreadySavedError as exc:
        raise AanmeldingError(exc.message) from exc
    leden_out = tuple(Lid(m.person_id, m.kenmerk, m.naam, m.status) for m in stored)
    return Aangemeld(person_id=stored[0].person_id, kenmerk=stored[0].kenmerk, leden=leden_out)


def list_huishouden(*, store: Store, person_id: int) -> list[Huisgenoot]:
    """The other members of a person's household, hoofdpersoon first; [] for someone registered alone."""
    from services._tx import read
    from storage.aanmelding import list_huishouden as _list

    with read(store) as connection:
        return _list(connection=connection, person_id=person_id)
