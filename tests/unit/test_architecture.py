"""The direction of dependencies, enforced: storage behind the repository, screens behind use cases.

* Only ``planner/repository.py`` and ``planner/db.py`` write SQL (and the migration scripts in
  ``planner/migrations/``, which are storage too): no other module of the core imports SQLAlchemy's
  statement builders or executes statements.
* No page and no ``planner/ui`` module imports ``planner.repository`` or ``planner.db``: screens call
  use cases (``planner.services`` and friends) with a unit of work and never open an engine.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STORAGE = {"planner/repository.py", "planner/db.py"}
MIGRATIONS = "planner/migrations/"
# Types may be named anywhere (a use case takes a Connection inside its unit of work).
SQLALCHEMY_TYPES = {"Engine", "Connection", "RowMapping", "Row"}
EXECUTING = {"execute", "exec_driver_sql", "executemany", "scalar", "scalars"}


def python_files(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py"))


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def sql_in(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
            found += [f"imports {a.name}" for a in node.names if a.name not in SQLALCHEMY_TYPES]
        elif isinstance(node, ast.Import):
            found += [f"imports {a.name}" for a in node.names if a.name.startswith("sqlalchemy")]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in EXECUTING:
            found.append(f"calls .{node.func.attr}() on line {node.lineno}")
    return found


def storage_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.module in ("planner.repository", "planner.db"):
                found.append(node.module)
            elif node.module == "planner":
                found += [f"planner.{a.name}" for a in node.names if a.name in ("repository", "db")]
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name in ("planner.repository", "planner.db")]
    return found


def test_only_the_repository_and_db_write_sql():
    offenders = {
        rel(p): sql_in(p)
        for p in python_files("planner")
        if rel(p) not in STORAGE and not rel(p).startswith(MIGRATIONS)
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_no_screen_imports_storage():
    screens = [*python_files("pages", "planner/ui"), ROOT / "streamlit_app.py"]
    offenders = {rel(p): storage_imports(p) for p in screens}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_checks_see_what_they_look_for(tmp_path):
    # Guard against a check that passes because it looks at nothing.
    sample = tmp_path / "x.py"
    sample.write_text(
        "from sqlalchemy import select, Engine\nfrom planner import db\nconn.execute(select(1))\n", encoding="utf-8"
    )
    assert sql_in(sample) == ["imports select", "calls .execute() on line 3"]
    assert storage_imports(sample) == ["planner.db"]
    assert python_files("planner") and python_files("pages")
