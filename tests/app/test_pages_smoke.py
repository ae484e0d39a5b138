"""AppTest smoke test: every page in the navigation runs without an exception, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def page_files() -> list[str]:
    """Every page the frame lists, so a new page is covered at once."""
    from planner.ui.frame import PAGES

    return [f"pages/{file}" for file, *_ in PAGES]


def test_every_page_file_exists_and_is_listed():
    listed = set(page_files())
    on_disk = {f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py")}
    assert listed == on_disk


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("page", page_files())
def test_page_runs(env_db, page, lang):
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    at.session_state["clock.now"] = "2022-03-15T09:00:00+09:00"
    at.run()
    assert not at.exception, at.exception
    at.switch_page(page).run()
    assert not at.exception, at.exception
    if lang == "ko":  # Korean lines break between words on every page (the frame's style)
        from planner.ui.frame import KOREAN_LINE_BREAKS

        assert any(KOREAN_LINE_BREAKS in h.proto.body for h in at.get("html")), page


def test_every_page_starts_with_ensure_frame():
    for file in page_files():
        text = (ROOT / file).read_text(encoding="utf-8")
        assert "\nensure_frame()\n" in text, file
