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


def create_aanmelding(*, store: Store, aanmelding: Aanmelding, today: date) -> Aangemeld:
    """Store the person (and the visit's contactmoment); the kenmerk is generated when none was given."""
    from storage import aanmelding as _aanmelding

    try:
        person_id, kenmerk = _aanmelding.create_aanmelding(engine=store.engine, aanmelding=aanmelding, today=today)
    except _aanmelding.AanmeldingError as exc:
        raise AanmeldingError(str(exc)) from exc
    return Aangemeld(person_id=person_id, kenmerk=kenmerk)
