"""Persoonsgegevens: reading a person's editable fields and saving changes with an optimistic-lock check."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from services.errors import ServiceError
from storage.persons import PersonFields

if TYPE_CHECKING:
    from services.store import Store

__all__ = [
    "BsnInUseError",
    "KenmerkInUseError",
    "PersonFields",
    "PersonForm",
    "PersonSaveError",
    "VersionConflictError",
    "load_person_fields",
    "load_person_form",
    "update_person",
]


class PersonSaveError(ServiceError):
    """The changes were refused; nothing was written. ``field`` names the form field to point at, if any."""

    field: str | None = None


class VersionConflictError(PersonSaveError):
    """Someone else saved this dossier after the form read it; nothing was overwritten."""


class KenmerkInUseError(PersonSaveError):
    field = "kenmerk"


class BsnInUseError(PersonSaveError):
    field = "bsn"


@dataclass(frozen=True)
class PersonForm:
    """What the edit form needs: the stored fields (None when the person is gone), the consulenten
    known so far (for suggestions) and an unsaved draft of this form, if any."""

    fields: PersonFields | None
    consulenten: list[str]
    draft: dict | None
    lists: object = None  # storage.queries.PersonLists: exam attempts and decisions, so the form checks as the rules do


def load_person_fields(*, store: Store, person_id: int) -> PersonFields | None:
    from services._tx import read
    from storage.persons import load_person_fields as _load

    with read(store) as connection:
        return _load(connection=connection, person_id=person_id)


def load_person_form(*, store: Store, person_id: int, draft_key: str) -> PersonForm:
    from storage.drafts import list_drafts
    from storage.persons import list_consulenten
    from services._tx import read
    from storage.persons import load_person_fields as _load
    from storage.queries import PersonLists, load_lists

    with read(store) as connection:
        fields = _load(connection=connection, person_id=person_id)
        consulenten = list_consulenten(connection=connection)
        draft = next((d for d in list_drafts(connection=connection) if d.key == draft_key), None)
        lists = load_lists(connection=connection, person_id=person_id).get(person_id, PersonLists())
    return PersonForm(fields=fields, consulenten=consulenten, draft=draft.data if draft else None, lists=lists)


def update_person(*, store: Store, person_id: int, expected_version: int, changes: dict[str, object],
                  draft_key: str | None = None, draft_claim: str | None = None) -> int:
    """Save ``changes`` if the dossier is still at ``expected_version``; returns the new version.

    A refusal (someone saved first, a BSN or kenmerk in use) is recorded in the audit trail. With
    `draft_key`/`draft_claim` the form's draft is claimed in the same transaction (see contact)."""
    from services import _team
    from services._tx import Refused, author, write
    from storage import drafts, persons

    try:
        with write(store, refused=Refused("gewijzigd", "person", person_id)) as connection:
            if draft_key is not None:
                drafts.claim_draft(connection=connection, key=draft_key, claim=draft_claim, person_id=person_id)
            before = _team.person_before(connection, person_id)
            version = persons.update_person(connection=connection, person_id=person_id,
                                            expected_version=expected_version, changes=changes)
            _team.person_changed(connection, person_id=person_id, before=before, author=author())
            return version
    except drafts.DraftAlreadySavedError as exc:
        raise PersonSaveError(exc.message) from exc
    except persons.KenmerkInUseError as exc:
        raise KenmerkInUseError(exc.message) from exc
    except persons.BsnInUseError as exc:
        raise BsnInUseError(exc.message) from exc
    except persons.VersionConflictError as exc:
        raise VersionConflictError(exc.message) from exc
    except persons.SaveError as exc:
        raise PersonSaveError(exc.message) from exc
