"""The catalogue is complete in both languages and every key used in code exists."""

import re
from pathlib import Path

from planner.domain import ValidationError
from planner.i18n import LANGUAGES, catalogue, error_text, t

ROOT = Path(__file__).resolve().parents[2]


def test_every_key_has_every_language():
    missing = [(k, lang) for k, texts in catalogue().items() for lang in LANGUAGES if not texts.get(lang, "").strip()]
    assert missing == []


def test_placeholders_agree_between_languages():
    field = re.compile(r"{(\w+)}")
    differ = [
        k for k, texts in catalogue().items() if set(field.findall(texts["ko"])) != set(field.findall(texts["en"]))
    ]
    assert differ == []


def _used_keys() -> set[str]:
    pattern = re.compile(
        r"""(?:\b(?:t|tr)\(|PlannerError\(|Error\(|NotFound\(|Transition\(|Version\(|Attention\()\s*["']([a-z_]+\.[a-z0-9_.]+)["']"""
    )
    keys: set[str] = set()
    for folder in ("planner", "pages"):
        for path in (ROOT / folder).rglob("*.py"):
            keys |= set(pattern.findall(path.read_text(encoding="utf-8")))
    from planner.ui.frame import PAGES, SECTIONS

    keys |= {title for _, title, _, _ in PAGES}
    keys |= {title for title, _ in SECTIONS}
    return keys


def test_every_key_used_in_code_is_in_the_catalogue():
    used = _used_keys()
    assert len(used) > 20  # the scan itself works
    assert sorted(k for k in used if k not in catalogue()) == []


def test_unknown_key_falls_back_to_the_key_and_params_format():
    assert t("no.such.key", "en") == "no.such.key"
    assert "2" in t("visits.count", "en", count=2)


def test_error_text_uses_field_label_in_each_language():
    exc = ValidationError("error.required", field="title")
    assert error_text(exc, "ko") == "필수 항목입니다: 제목"
    assert error_text(exc, "en") == "Required: Title"


def test_every_page_sits_in_exactly_one_sidebar_section():
    """The sidebar lists every page under one section, all shown (no English "View 5 more")."""
    from planner.ui.frame import PAGES, SECTIONS

    placed = [path for _, paths in SECTIONS for path in paths]
    assert sorted(placed) == sorted(url_path for *_, url_path in PAGES)
    assert len(placed) == len(set(placed))
    assert SECTIONS[0][1][0] == PAGES[0][3] == ""  # the home page leads the first section


def test_every_permission_has_a_label_and_the_refusal_names_it():
    """The audit trail and the refusal message show what a permission lets one do, not its code."""
    from planner import access
    from planner.domain import Forbidden

    assert sorted(a for a in access.PERMISSIONS if f"action.{a}" not in catalogue()) == []
    exc = Forbidden("error.forbidden", role="viewer", user="ann", action="visit.approve")
    assert "역할 '열람자 (viewer)'" in error_text(exc, "ko")
    assert "'방문 승인 (visit.approve)' 작업을" in error_text(exc, "ko")
    assert "may not do 'approve a visit (visit.approve)'" in error_text(exc, "en")
