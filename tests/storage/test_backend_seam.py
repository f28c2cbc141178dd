"""Only the backend modules know which database engine regie runs on.

Everything SQLite or SQLCipher alone understands (pragmas, keys on connect,
the integrity check, the online backup, `sqlite_master`, raw driver SQL) sits
in `storage/sqlite.py`, reached through the seam `storage/backend.py`. Every
other module is dialect-neutral SQLAlchemy, so the PostgreSQL team database
can run the same storage code. This test fails when another module mentions
the engine.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ("storage", "services", "cli", "tui", "rules")

# The modules allowed to name the engine, and why.
ALLOWED = {
    "storage/sqlite.py": "the SQLite/SQLCipher backend itself",
    "storage/backend.py": "the seam: registers the backend modules by their dialect name",
    "storage/team/server.py": "the teamdatabase's PostgreSQL-only statements: roles, grants, row-level security",
}

ENGINE_WORDS = re.compile(r"sqlite|sqlcipher|pragma|sqlite_master|exec_driver_sql", re.IGNORECASE)
# Not about the engine: coverage's "pragma: no cover", and a file name's extension (regie.sqlite).
NOT_ENGINE = re.compile(r"pragma:\s*no\s*cover|(?<=[\w-])\.sqlite\b", re.IGNORECASE)


def _mentions(path: Path) -> list[str]:
    name = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if ENGINE_WORDS.search(NOT_ENGINE.sub("", line)):
            found.append(f"{name}:{number}: {line.strip()}")
    return found


def _modules() -> list[Path]:
    return [path for layer in LAYERS if (ROOT / layer).is_dir() for path in sorted((ROOT / layer).rglob("*.py"))]


def test_only_the_backend_modules_name_the_database_engine():
    offenders = [hit for path in _modules() if path.relative_to(ROOT).as_posix() not in ALLOWED
                 for hit in _mentions(path)]
    assert offenders == [], "engine-specific code outside storage/sqlite.py:\n" + "\n".join(offenders)


def test_the_check_would_catch_a_pragma_or_raw_driver_sql(tmp_path):
    planted = tmp_path / "planted.py"
    text = 'connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")\nname = "regie.sqlite"  # pragma: no cover\n'
    planted.write_text(text, encoding="utf-8")
    hits = _mentions(planted)
    assert len(hits) == 1 and hits[0].endswith('exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")')


def test_the_allowed_modules_exist_and_the_backend_is_found_by_dialect_name():
    from storage import backend
    from storage.db import make_engine

    assert all((ROOT / module).is_file() for module in ALLOWED)
    engine = make_engine("sqlite://")
    try:
        assert backend.of(engine) is backend.local
    finally:
        engine.dispose()
    assert backend.for_dialect("postgresql") is None  # the next backend is a new module, not edits all over
