"""Issue 12: the screens drawn inside a section that is built only while open (``planner.ui.section``)
give every keyed widget ``persist_state="page"``, or closing the section loses what was typed in it
(the browser test tests/browser/test_log_sections_browser.py shows the loss on one of them)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WIDGETS = {
    "radio", "text_input", "selectbox", "number_input", "checkbox", "text_area", "date_input",
    "time_input", "multiselect", "toggle", "segmented_control", "pills", "slider", "color_picker",
}  # fmt: skip
SCREENS = {
    "planner/ui/visit_screens.py": ("add_visit_screen", "edit_visit_screen", "category_screen"),
    "planner/ui/several.py": ("duplicate_screen", "series_screen", "bulk_status_screen"),
    "planner/ui/visits.py": ("datetime_inputs", "embargo_input"),
}


def keyed_widgets(path: str, names: tuple[str, ...]) -> list[tuple[str, int, bool]]:
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    found = []
    for fn in ast.walk(tree):
        if isinstance(fn, ast.FunctionDef) and fn.name in names:
            for node in ast.walk(fn):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WIDGETS:
                    keywords = {k.arg: k.value for k in node.keywords}
                    if "key" in keywords:
                        persist = keywords.get("persist_state")
                        kept = isinstance(persist, ast.Constant) and persist.value == "page"
                        found.append((fn.name, node.lineno, kept))
    return found


@pytest.mark.parametrize("path", sorted(SCREENS))
def test_every_keyed_widget_in_a_sections_screen_keeps_its_value(path):
    found = keyed_widgets(path, SCREENS[path])
    assert {name for name, _, _ in found} == set(SCREENS[path])  # the scan sees each screen
    assert [f"{path}:{line} ({name})" for name, line, kept in found if not kept] == []
