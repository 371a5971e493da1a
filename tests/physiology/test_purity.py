"""tracker.physiology stays pure: no web framework, database or plotting import anywhere in it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "tracker" / "physiology"
FORBIDDEN = {"flask", "sqlmodel", "sqlalchemy", "matplotlib"}


def imported_roots(source: str) -> set[str]:
    """Top-level module names a Python source imports (``import a.b`` and ``from a import b``)."""
    roots: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, (ast.Name, ast.Attribute))
            and getattr(node.func, "id", getattr(node.func, "attr", None))
            in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            roots.add(node.args[0].value.split(".")[0])
    return roots


def test_the_scanner_sees_every_import_form() -> None:
    source = (
        "import flask\nimport os.path\nfrom sqlalchemy.orm import Session\n"
        "from . import model\nimportlib.import_module('matplotlib.figure')\n"
    )
    assert imported_roots(source) == {"flask", "os", "sqlalchemy", "matplotlib"}


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_the_package_has_modules() -> None:
    names = {p.name for p in MODULES}
    assert {"__init__.py", "model.py", "params.py", "validation.py"} <= names


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_forbidden_import(path: Path) -> None:
    found = imported_roots(path.read_text(encoding="utf-8")) & FORBIDDEN
    assert not found, f"{path.name} imports {sorted(found)}"


def test_importing_the_model_loads_no_web_or_database_library() -> None:
    """At run time too: a tool that imports the model must not pull in Flask or SQLAlchemy."""
    import subprocess
    import sys

    code = (
        "import sys, tracker.physiology; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'flask', 'sqlmodel', 'sqlalchemy', 'matplotlib'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
