"""Drafts of forms: what a consulent typed, kept in the database as they type, offered back on the next start."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storage.drafts import Draft

if TYPE_CHECKING:
    from services.store import Store

__all__ = ["Draft", "delete_draft", "list_drafts", "save_draft"]


def list_drafts(*, store: Store) -> list[Draft]:
    """Every draft, oldest first (an unreadable one is left out)."""
    from storage.drafts import list_drafts as _list

    with store.engine.connect() as connection:
        return _list(connection=connection)


def save_draft(*, store: Store, key: str, form: str, data: dict, person_id: int | None = None) -> None:
    from storage.drafts import save_draft as _save

    _save(engine=store.engine, key=key, form=form, data=data, person_id=person_id)


def delete_draft(*, store: Store, key: str) -> None:
    from storage.drafts import delete_draft as _delete

    _delete(engine=store.engine, key=key)
