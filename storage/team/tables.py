"""The team-mode tables (SQLAlchemy Core, on the same metadata as storage.models).

Laptop and teamdatabase both have `team_conflict` and `team_dubbel` (they
travel as operations, so every laptop shows the same list); the laptop uses
`team_outbox` and `team_state`; only the teamdatabase has the ordered
operation log `team_log` and `team_field` (which operation last set which
field, for conflict detection). Revision 0009 creates them (0011: `team_refused`).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Index, Integer, MetaData, String, Table, Text
from sqlmodel import SQLModel

from storage.backend import local as local_backend

metadata = SQLModel.metadata
server_metadata = MetaData()  # tables only the teamdatabase has (created by revision 0009 on PostgreSQL)

# One row per change not yet accepted by the teamdatabase, in the order they were made.
OUTBOX = Table(
    "team_outbox", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("op_uuid", String(36), nullable=False, unique=True),
    Column("payload", Text, nullable=False),  # the operation as JSON (storage.team.operations)
)

# One row (id 1) once the laptop is linked: where, who, and how far it has pulled.
STATE = Table(
    "team_state", metadata,
    Column("id", Integer, primary_key=True),
    Column("url", String(500), nullable=False),  # never with a password
    Column("laptop", String(36), nullable=False),
    Column("gemeente", String(60), nullable=False),
    Column("last_seq", BigInteger, nullable=False, default=0),
    Column("last_success", String(40), nullable=True),  # ISO time, UTC
    Column("offline_since", String(40), nullable=True),
)

CONFLICT = Table(
    "team_conflict", metadata,
    Column("uuid", String(36), primary_key=True),
    Column("person_uuid", String(36), nullable=False, index=True),
    Column("gemeente", String(60), nullable=True),
    Column("veld", String(60), nullable=False),
    Column("waarde_a", Text, nullable=True),  # JSON values: both are kept
    Column("door_a", String(100), nullable=False),
    Column("op_a", String(40), nullable=False),
    Column("waarde_b", Text, nullable=True),
    Column("door_b", String(100), nullable=False),
    Column("op_b", String(40), nullable=False),
    Column("opgelost", Boolean, nullable=False, default=False),
    Column("opgelost_door", String(100), nullable=True),
)

DUBBEL = Table(
    "team_dubbel", metadata,
    Column("uuid", String(36), primary_key=True),
    Column("person_a", String(36), nullable=False, index=True),
    Column("person_b", String(36), nullable=False, index=True),
    Column("gemeente", String(60), nullable=True),
    Column("reden", String(40), nullable=False),  # bsn | v_nummer | naam_geboortedatum | kenmerk
    Column("opgelost", Boolean, nullable=False, default=False),
    Column("bewaard", String(36), nullable=True),  # after a merge: the person kept
    Column("samengevoegd", String(36), nullable=True, index=True),  # after a merge: the person merged away
)

# Laptop: operations the teamdatabase refused (revision 0011). They left the outbox so the rest syncs;
# the change stays on this laptop only until the consulent sends it again or lets it go.
REFUSED = Table(
    "team_refused", metadata,
    Column("op_uuid", String(36), primary_key=True),
    Column("kind", String(40), nullable=False),
    Column("person_uuid", String(36), nullable=True),
    Column("reden", String(300), nullable=False),  # Dutch, without personal data
    Column("op", String(40), nullable=False),  # when it was refused, ISO time UTC
    Column("payload", Text, nullable=False),
)

# Teamdatabase only. The sequence is the one order every laptop applies.
LOG = Table(
    "team_log", server_metadata,
    Column("seq", BigInteger().with_variant(Integer, local_backend.NAME), primary_key=True, autoincrement=True),
    Column("op_uuid", String(36), nullable=False, unique=True),
    Column("gemeente", String(60), nullable=True),
    Column("payload", Text, nullable=False),
)

FIELD = Table(
    "team_field", server_metadata,
    Column("entity_uuid", String(36), primary_key=True),
    Column("veld", String(60), primary_key=True),
    Column("gemeente", String(60), nullable=True),
    Column("waarde", Text, nullable=True),
    Column("versie", Integer, nullable=False),  # the person's server version after this change
    Column("laptop", String(36), nullable=False),
    Column("door", String(100), nullable=False),
    Column("op", String(40), nullable=False),
)
Index("ix_team_log_gemeente_seq", LOG.c.gemeente, LOG.c.seq)

SERVER_ONLY = (LOG, FIELD)
