"""Issue 12: the sample-data notice is shown once, to the session that started on an empty database."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.conftest import CLOCK, ROOT


def _first_run() -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.session_state["clock.now"] = CLOCK
    at.session_state["lang"] = "ko"
    return at.run()


def test_the_sample_notice_shows_once_not_in_every_new_session(env_db):
    first = _first_run()
    assert not first.exception
    assert any("예시 데이터" in t.value for t in first.toast)
    second = _first_run()  # another browser session on the same database
    assert not second.exception
    assert not any("예시 데이터" in t.value for t in second.toast)
