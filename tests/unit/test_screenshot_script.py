"""scripts/screenshots.py shoots every page of the sidebar, the visit's pages on the visit asked for."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _script():
    spec = importlib.util.spec_from_file_location("screenshots", ROOT / "scripts" / "screenshots.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_page_is_a_target_and_the_visit_pages_show_the_visit_asked_for():
    from planner.ui.frame import PAGES

    paths = _script().targets(7)
    assert len(paths) == len(PAGES)
    assert {p.split("?")[0] for p in paths} == {f"/{url_path}" for *_, url_path in PAGES}
    assert "/visit?id=7" in paths and "/briefing?visit=7" in paths
    assert "/visit" in _script().targets(None)
