"""The command line is a face: it calls services, never the database, and loads Textual only to open the app."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLI = ROOT / "cli"
FORBIDDEN = ("sqlalchemy", "sqlmodel", "sqlcipher3", "storage", "textual", "tui")
# The one place the command line loads the app (lazily, so `regie --help` stays fast).
OPENS_THE_APP = ("main.py", "open_app", "tui.app")


def _imports(path: Path) -> list[tuple[str, str]]:
    """(function name or '', imported name) for every import in the file, also inside functions.

    `from a.b import c` counts as `a.b.c`, so `from storage import audit` is `storage.audit`.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            where = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else function
            if isinstance(child, ast.Import):
                found.extend((where, alias.name) for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                found.extend((where, f"{child.module}.{alias.name}") for alias in child.names)
            visit(child, where)

    visit(tree, "")
    return found


def _within(module: str, names) -> str | None:
    """The name in `names` that `module` is, or lies inside; None when none."""
    return next((name for name in names if module == name or module.startswith(name + ".")), None)


def test_the_command_line_imports_no_database_library_no_storage_and_no_textual():
    wrong = []
    for path in sorted(CLI.rglob("*.py")):
        for function, module in _imports(path):
            if not _within(module, FORBIDDEN):
                continue
            if (path.name, function) == OPENS_THE_APP[:2] and _within(module, [OPENS_THE_APP[2]]):
                continue
            wrong.append(f"{path.relative_to(ROOT)}: {function or 'module'} imports {module}")
    assert wrong == []


def test_the_command_line_never_reaches_for_an_engine_or_a_connection():
    wrong = []
    for path in sorted(CLI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("engine", "connect", "session", "connection"):
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} uses .{node.attr}")
    assert wrong == []


def test_regie_help_loads_neither_sqlalchemy_nor_textual():
    code = (
        "import sys, contextlib, io\n"
        "from cli.main import main\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['--help'])\n"
        "bad = [m for m in ('sqlalchemy', 'textual', 'tui') if m in sys.modules]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


def test_python_m_cli_is_the_regie_command(tmp_path):
    done = subprocess.run([sys.executable, "-m", "cli", "--db", str(tmp_path / "weg.sqlite"), "audit", "verify"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == f"regie: er is nog geen database op {tmp_path / 'weg.sqlite'}; geef met --db de juiste database op\n"
