"""Team mode: the local outbox, operations, and the PostgreSQL teamdatabase (see storage.team.server)."""
