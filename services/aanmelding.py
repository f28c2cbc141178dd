"""The aanmelding use case: a new person (and the visit being typed up) stored in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from services.errors import ServiceError
from storage.aanmelding import Aanmelding

if TYPE_CHECKING:
    from services.store import Store

__all__ = ["Aanmelding", "AanmeldingError", "Aangemeld", "create_aanmelding"]


class AanmeldingError(ServiceError):
    """The aanmelding was refused (no naam, a kenmerk in use, …); nothing was stored."""


@dataclass(frozen=True)
class Aangemeld:
    person_id: int
    kenmerk: str  # the one typed, or the NIEUW-… one generated


def create_aanmelding(*, store: Store, aanmelding: Aanmelding, today: date, draft_key: str | None = None,
                      draft_claim: str | None = None) -> Aangemeld:
    """Store the person (and the visit's contactmoment) in one transaction, with their audit rows and
    team operations; the kenmerk is generated when none was given. A refusal is audited; with
    `draft_key`/`draft_claim` the form's draft is claimed in the same transaction (see contact)."""
    from sqlalchemy import select

    from services import _team
    from services._tx import Refused, author, write
    from storage import aanmelding as _aanmelding
    from storage import drafts
    from storage.models import Contactmoment

    try:
        with write(store, refused=Refused("toegevoegd", "person")) as connection:
            person_id, kenmerk = _aanmelding.create_aanmelding(connection=connection, aanmelding=aanmelding, today=today)
            if draft_key is not None:
                drafts.claim_draft(connection=connection, key=draft_key, claim=draft_claim, person_id=person_id)
            _team.person_created(connection, person_id=person_id, author=author())
            contact = Contactmoment.__table__
            visit = connection.execute(select(contact.c.id).where(contact.c.person_id == person_id)).scalars().all()
            _team.appended(connection, table="contactmoment", row_ids=list(visit), author=author())
    except _aanmelding.AanmeldingError as exc:
        raise AanmeldingError(str(exc)) from exc
    except drafts.DraftAlreadySavedError as exc:
        raise AanmeldingError(exc.message) from exc
    return Aangemeld(person_id=person_id, kenmerk=kenmerk)
