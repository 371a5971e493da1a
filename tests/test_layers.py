"""Who may import and call what (STYLE.md point 14, issue 16): a view imports no other view and
asks crud for data rather than querying; the projections' services import no Flask; template
filters are registered by the app factory, not by a blueprint."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "tracker"
VIEWS = sorted(p for p in (ROOT / "views").glob("*.py") if p.name != "__init__.py")
PROJECTIONS = sorted((ROOT / "projections").glob("*.py"))
#: What a query looks like in a view: a session's reading methods, or building a statement.
QUERY_METHODS = {"exec", "execute", "get", "scalar", "scalars", "query"}
QUERY_BUILDERS = {"select", "insert", "update", "delete", "text"}


def imported_modules(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def queries(tree: ast.AST) -> list[str]:
    """Calls in ``tree`` that read the database without crud: ``session.get(...)``,
    ``get_session().exec(...)``, ``select(...)``."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in QUERY_METHODS:
            owner = func.value
            named = isinstance(owner, ast.Name) and owner.id in ("session", "db")
            called = (
                isinstance(owner, ast.Call)
                and isinstance(owner.func, ast.Name)
                and owner.func.id == "get_session"
            )
            if named or called:
                found.append(f"line {node.lineno}: .{func.attr}()")
        elif isinstance(func, ast.Name) and func.id in QUERY_BUILDERS:
            found.append(f"line {node.lineno}: {func.id}()")
    return found


def test_the_scanners_see_what_they_look_for() -> None:
    tree = ast.parse(
        "from tracker.views.workouts import describe_set\nimport tracker.views.charts\n"
        "x = session.get(Exercise, 1)\ny = get_session().exec(select(User))\n"
        "z = crud.workouts.get(session=session)\n"
    )
    assert {"tracker.views.workouts", "tracker.views.charts"} <= imported_modules(tree)
    assert queries(tree) == ["line 3: .get()", "line 4: .exec()", "line 4: select()"]


def test_there_are_views() -> None:
    assert {"dashboard.py", "projections.py", "planner.py", "charts.py"} <= {p.name for p in VIEWS}


@pytest.mark.parametrize("path", VIEWS, ids=lambda p: p.name)
def test_a_view_imports_no_other_view(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    others = {m for m in imported_modules(tree) if m.startswith("tracker.views")}
    assert not others, f"{path.name} imports {sorted(others)}"


@pytest.mark.parametrize("path", VIEWS, ids=lambda p: p.name)
def test_a_view_does_not_query_the_database(path: Path) -> None:
    found = queries(ast.parse(path.read_text(encoding="utf-8")))
    assert not found, f"{path.name} queries the database itself: {found}"


@pytest.mark.parametrize("path", PROJECTIONS, ids=lambda p: p.name)
def test_the_projections_import_no_flask(path: Path) -> None:
    roots = {m.split(".")[0] for m in imported_modules(ast.parse(path.read_text("utf-8")))}
    assert not roots & {"flask", "flask_login", "flask_wtf", "werkzeug"}, path.name


@pytest.mark.parametrize("path", VIEWS, ids=lambda p: p.name)
def test_no_blueprint_registers_template_filters(path: Path) -> None:
    """Filters and globals live in tracker.template_filters, registered by the factory."""
    source = path.read_text(encoding="utf-8")
    assert "app_template_filter" not in source and "app_template_global" not in source
