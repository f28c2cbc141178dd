"""Alembic environment: runs regie's revisions on the connection storage.migrate hands in."""

from __future__ import annotations

from alembic import context

import storage.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from sqlmodel import SQLModel

connection = context.config.attributes.get("connection")
if connection is None:  # regie never runs alembic from its own command line
    raise RuntimeError("storage.migrate provides the connection; run migrations through regie")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,  # the local file's engine cannot ALTER most things: copy-and-move tables
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
