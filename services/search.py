"""Finding a person (F2 and the command palette): by words of the naam, part of the kenmerk or the last BSN digits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storage.search import PersonHit

if TYPE_CHECKING:
    from services.store import Store

__all__ = ["PersonHit", "search_people"]


def search_people(*, store: Store, text: str, limit: int = 20) -> list[PersonHit]:
    """Best matches first; an empty text finds nobody."""
    from storage.search import search_people as _search

    from services._tx import read

    with read(store) as connection:
        return _search(connection=connection, text=text, limit=limit)
