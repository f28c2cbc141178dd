"""rules/ stays pure: no UI or database imports, and no clock reads."""

import ast
import subprocess
import sys
from pathlib import Path

RULES = Path(__file__).resolve().parents[2] / "rules"
FORBIDDEN_MODULES = ("textual", "sqlmodel", "sqlalchemy", "storage", "tui", "alembic", "rich")
FORBIDDEN_CALLS = {
    ("date", "today"),
    ("datetime", "today"),
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("time", "time"),
    ("time", "monotonic"),
}


def test_importing_rules_loads_no_ui_or_database_modules():
    modules = sorted(p.stem for p in RULES.glob("*.py") if p.stem != "__init__")
    code = (
        "import sys, importlib\n"
        "import rules\n"
        f"for name in {modules!r}: importlib.import_module('rules.' + name)\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN_MODULES!r})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=RULES.parent, check=True)
    assert result.stdout.strip() == ""


def _attribute_chain(node: ast.Attribute) -> tuple[str, str] | None:
    value = node.value
    if isinstance(value, ast.Name):
        return value.id, node.attr
    if isinstance(value, ast.Attribute):
        return value.attr, node.attr
    return None


def test_no_rules_module_reads_the_clock():
    offenders = []
    for path in sorted(RULES.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and _attribute_chain(node) in FORBIDDEN_CALLS:
                offenders.append(f"{path.name}:{node.lineno}")
            if isinstance(node, ast.ImportFrom) and node.module == "time":
                offenders.append(f"{path.name}:{node.lineno} (from time import)")
    assert offenders == []


def test_rules_imports_only_stdlib_dateutil_and_itself():
    # holidays: pure data on public holidays; anyascii: a transliteration table (rules/text.py);
    # charset_normalizer: looks only at the bytes it is given (rules/csvparse.py).
    # rapidfuzz: compares two strings it is given (rules/dubbel.py).
    allowed_third_party = {"dateutil", "holidays", "anyascii", "charset_normalizer", "rapidfuzz"}
    stdlib = set(sys.stdlib_module_names)
    for path in sorted(RULES.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top in stdlib or top in allowed_third_party or top == "rules", f"{path.name}: {name}"
