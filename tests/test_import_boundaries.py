"""The layers point one way: rules knows nothing, storage knows no tui."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _imports(package: str) -> set[str]:
    found: set[str] = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("rules", {"textual", "sqlmodel", "sqlalchemy", "alembic", "storage", "tui", "rich"}),
        ("storage", {"tui", "textual"}),
        ("services", {"tui", "textual"}),
    ],
)
def test_a_layer_never_imports_the_layers_above_it(package, forbidden):
    assert _imports(package) & forbidden == set()


def test_loading_rules_and_storage_loads_no_textual():
    code = (
        "import sys, rules, rules.engine, rules.policy, rules.phase, storage.store, storage.queries, storage.demo;"
        "bad = [m for m in ('textual', 'tui') if m in sys.modules]; print(bad); sys.exit(1 if bad else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0
