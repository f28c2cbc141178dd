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
    draft_claim: str | None = None  # the claim to save the draft with (services.drafts.claim_of)


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
    from storage.drafts import claim_of

    return PersonForm(fields=fields, consulenten=consulenten, draft=draft.data if draft else None, lists=lists,
                      draft_claim=claim_of(draft) if draft else None)


def shown_value(veld: str, value: object) -> str | None:
    """A stored value as the Geschiedenis shows it: labels for enumerations, dd-mm-jjjj, the BSN masked."""
    from datetime import date

    from rules.bsn import mask_bsn

    if value is None or value == "":
        return None
    if veld == "bsn":
        return mask_bsn(str(value))
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    label = getattr(value, "label", None)
    if isinstance(label, str):
        return label
    from storage.persons import EDITABLE_FIELDS

    kind = EDITABLE_FIELDS.get(veld)
    if kind is not None:
        try:
            return kind(value).label
        except (ValueError, AttributeError):
            pass
    return str(value)


def _record_field_changes(connection, person_id: int, stored: dict, changes: dict) -> None:
    """Old and new value of each changed field, beside the change's audit row (storage.wijziging)."""
    from services._tx import author
    from storage.wijziging import record_changes

    rows = [(veld, shown_value(veld, stored.get(veld)), shown_value(veld, value)) for veld, value in changes.items()]
    record_changes(connection, person_id=person_id, tabel="person", changes=rows, door=author())


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
            stored = persons.load_person_fields(connection=connection, person_id=person_id)
            version = persons.update_person(connection=connection, person_id=person_id,
                                            expected_version=expected_version, changes=changes)
            if stored is not None:
                with _team.records(connection, person_ids=[person_id], author=author()):  # the history travels too
                    _record_field_changes(connection, person_id, stored.values, changes)
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
