"""The app's screens talk to services only: no module in tui/ reaches the database itself."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

TUI = Path(__file__).resolve().parents[2] / "tui"
FORBIDDEN = ("sqlalchemy", "sqlmodel", "sqlcipher3", "storage.db")
# tui/cli*.py is the command line, on its way to cli/ (issue 14); it is not a screen.
MODULES = sorted(p for p in TUI.rglob("*.py") if not p.name.startswith("cli"))


def _imported(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _forbidden(name: str) -> bool:
    return any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(TUI)))
def test_a_tui_module_imports_no_database_library(path):
    assert sorted(name for name in _imported(path) if _forbidden(name)) == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(TUI)))
def test_a_tui_module_never_touches_an_engine(path):
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if re.search(r"\.engine\b", line)]
    # rules.engine is the signalen engine of the law, not a database engine.
    assert [line.strip() for line in lines if "rules.engine" not in line] == []


def test_the_check_catches_a_module_that_reaches_the_database(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from storage.db import write_session\nimport sqlalchemy.orm\n", encoding="utf-8")
    assert {name for name in _imported(bad) if _forbidden(name)} == {"storage.db", "storage.db.write_session", "sqlalchemy.orm"}


def test_the_screens_are_all_checked():
    assert any(p.name == "dossier.py" for p in MODULES) and len(MODULES) > 30


def test_starting_the_app_loads_no_database_code_before_the_first_frame():
    """The screens reach services lazily: importing the app (and the form base, the worker helper
    and the styles) loads neither SQLAlchemy nor a storage module that opens the database."""
    import subprocess
    import sys

    code = (
        "import sys, tui.app, tui.threads, tui.css, tui.screens.form;"
        "bad = [m for m in ('sqlalchemy', 'sqlmodel', 'storage.db', 'services.store') if m in sys.modules];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=TUI.parent, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
