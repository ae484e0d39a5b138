"""Every refusal the code raises renders as a whole sentence in both languages (issue 9, item 16).

The code is read, not run: each ``ValidationError("error.x", field=..., a=...)`` (and the other
domain errors) is found in ``planner/`` with the parameter names it is raised with, then rendered
the way every front door renders it (``i18n.error_text``). A placeholder left unfilled, such as
``{field}`` in "Required: {field}", fails the test with the file and line that raises it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from planner.domain import IllegalTransition, NotFound, PlannerError, StaleVersion, ValidationError
from planner.i18n import LANGUAGES, catalogue, error_text

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"{\w*}")
ERRORS = {
    "ValidationError": ValidationError,
    "_refuse": ValidationError,  # calendar_ics: a ValidationError with the line
    "NotFound": NotFound,
    "IllegalTransition": IllegalTransition,
    "StaleVersion": StaleVersion,
    "PlannerError": PlannerError,
}


def raised_errors() -> list[tuple[str, str, tuple[str, ...]]]:
    """(where, key, parameter names) for every domain error constructed in ``planner/``."""
    found = []
    for path in sorted((ROOT / "planner").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            first = node.args[0]
            if name in ERRORS and isinstance(first, ast.Constant) and isinstance(first.value, str):
                names = tuple(k.arg for k in node.keywords if k.arg is not None)
                if len(node.args) > 1 and name == "ValidationError":  # field given by position
                    names += ("field",)
                found.append((f"{path.relative_to(ROOT)}:{node.lineno}", first.value, names))
    return found


def _build(key: str, names: tuple[str, ...]) -> PlannerError:
    params = {n: f"<{n}>" for n in names}
    if "field" in params:
        params["field"] = "title"
        return ValidationError(key, **params)
    return PlannerError(key, **params)


RAISED = raised_errors()


def test_the_scan_finds_the_refusals():
    assert len(RAISED) > 60
    assert any(key == "error.required" for _, key, _ in RAISED)


@pytest.mark.parametrize("where, key, names", RAISED, ids=[f"{w} {k}" for w, k, _ in RAISED])
def test_every_raised_error_renders_with_no_placeholder_left(where, key, names):
    assert key in catalogue(), f"{where}: unknown key {key}"
    exc = _build(key, names)
    for lang in LANGUAGES:
        text = error_text(exc, lang)
        assert not PLACEHOLDER.search(text), f"{where}: {text}"
        assert not PLACEHOLDER.search(str(exc)), f"{where}: {exc}"


def test_required_and_too_long_name_the_field_in_each_language():
    assert error_text(ValidationError("error.required", field="name"), "en") == "Required: Site name"
    too_long = ValidationError("error.too_long", field="title", max=200)
    assert error_text(too_long, "en") == "Title is too long (at most 200 characters)."
    assert error_text(too_long, "ko") == "제목이(가) 너무 깁니다 (최대 200자)."
    assert str(too_long) == "Title is too long (at most 200 characters)."
