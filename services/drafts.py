"""Drafts of forms: what a consulent typed, kept in the database as they type, offered back on the next start."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storage.drafts import Draft

if TYPE_CHECKING:
    from services.store import Store

__all__ = ["Draft", "claim_of", "delete_draft", "list_drafts", "save_draft"]


def list_drafts(*, store: Store) -> list[Draft]:
    """Every draft, oldest first (an unreadable one is left out)."""
    from storage.drafts import list_drafts as _list

    from services._tx import read

    with read(store) as connection:
        return _list(connection=connection)


def save_draft(*, store: Store, key: str, form: str, data: dict, person_id: int | None = None) -> None:
    from storage.drafts import save_draft as _save

    from services._tx import write

    with write(store) as connection:
        _save(connection=connection, key=key, form=form, data=data, person_id=person_id)


def delete_draft(*, store: Store, key: str) -> None:
    from storage.drafts import delete_draft as _delete

    from services._tx import write

    with write(store) as connection:
        _delete(connection=connection, key=key)


def claim_of(draft: Draft) -> str:
    """The claim a form recovered from `draft` saves with (`draft_claim=` of contact, aanmelding and
    persoonsgegevens): the same in every window that recovered this draft, so only the first save
    of it succeeds and a second one is refused ("dit concept is al opgeslagen in een ander venster")."""
    from storage.drafts import claim_of as _claim_of

    return _claim_of(draft)
