"""Team-mode tests run against a real PostgreSQL server (tests/pg.py)."""

from tests.pg import pg_database, pg_server  # noqa: F401  (fixtures)
