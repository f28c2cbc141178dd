"""The command palette: every person, and every action of the screen in view."""

from __future__ import annotations

from tui.text import literal

import asyncio
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class PeopleProvider(Provider):
    """Type part of a name, a kenmerk or BSN digits: ‘persoon: Amal Haddad (IB-2025-0001)’."""

    async def search(self, query: str) -> Hits:
        from services.search import search_people

        app = self.app
        store = getattr(app, "store", None)
        if store is None or len(query.strip()) < 2:
            return

        def run():
            return search_people(store=store, text=query, limit=10)

        hits = await asyncio.to_thread(run)
        matcher = self.matcher(query)
        for hit in hits:
            title = f"persoon: {literal(hit.naam)} ({literal(hit.kenmerk)})"
            score = max(matcher.match(title), 0.5)
            yield Hit(score, matcher.highlight(title), partial(app.open_dossier, hit.id), help="dossier openen")

    async def discover(self) -> Hits:
        yield DiscoveryHit("persoon: zoeken…", self.app.action_search, help="zoek een persoon op naam, kenmerk of BSN (F2)")
