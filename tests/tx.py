"""For tests that call a storage write function directly: the transaction a service would open."""

from __future__ import annotations

from storage.db import write_session


def in_write(engine, function, /, **kwargs):
    """Call storage write `function(connection=..., **kwargs)` in one write transaction, as a service does."""
    with write_session(engine) as session:
        return function(connection=session.connection(), **kwargs)
