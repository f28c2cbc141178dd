"""Opschonen: who is past the bewaartermijn, and erasing them with every trace in the file and the printed weekplans."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from services.errors import ServiceError

from storage.opschonen import Verlopen
from storage.store import Store

__all__ = ["Expired", "Verlopen", "list_expired", "purge_expired"]


@dataclass(frozen=True)
class Expired:
    personen: tuple[Verlopen, ...]  # oldest closing date first
    bewaartermijn_jaren: int  # the municipality's setting, to say why


def _policy(store: Store):
    from services.settings import load_settings

    return load_settings(store.locations)


def list_expired(store: Store, *, today: date) -> Expired:
    """The closed personen whose bewaartermijn has ended on `today`."""
    from storage.opschonen import list_verlopen

    policy = _policy(store)
    from services._tx import read

    with read(store) as connection:
        due = list_verlopen(connection=connection, today=today, policy=policy)
    return Expired(personen=tuple(due), bewaartermijn_jaren=policy.bewaartermijn_jaren)


class ErasureIncompleteServiceError(ServiceError):
    """Persons were deleted but their old pages may remain in the file until the other regie closes."""


def purge_expired(store: Store, *, expired: Expired) -> int:
    """Erase these personen (hours, contacts, weekplans go along), their ids in the audit trail and their
    printed weekplans; the file is vacuumed so the bytes are gone. Returns how many were erased."""
    from services.weekplan_print import remove_old_print_files
    from services import _team
    from services._tx import author, write
    from storage.opschonen import ErasureIncompleteError, finish_erasure, purge

    try:
        with write(store) as connection:
            person_ids = [p.id for p in expired.personen]
            _team.persons_erased(connection, person_ids=person_ids, author=author())
            deleted = purge(connection=connection, person_ids=person_ids)
        if deleted and not finish_erasure(store.engine):
            raise ErasureIncompleteError(deleted)
        return deleted
    except ErasureIncompleteError as exc:
        # The rows are gone but another regie keeps old pages alive: a failure to report, never a success.
        raise ErasureIncompleteServiceError(str(exc)) from None
    finally:
        from services.afspraak_brief import remove_old_print_files as remove_old_letters

        remove_old_print_files(kenmerken=[p.kenmerk for p in expired.personen])
        remove_old_letters(kenmerken=[p.kenmerk for p in expired.personen])  # their appointment letters too
