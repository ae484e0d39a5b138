"""The language choice is kept in the URL (?lang=en), so a reload or a shared link keeps it."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app.conftest import CLOCK

ROOT = Path(__file__).resolve().parents[2]


def _app() -> AppTest:
    app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    app.session_state["clock.now"] = CLOCK
    return app


def test_a_url_with_lang_en_opens_in_english(env_db):
    app = _app()
    app.query_params["lang"] = "en"
    app.run()
    assert not app.exception
    assert app.radio(key="lang").value == "en"
    assert app.title[0].value and all("방문" not in t.value for t in app.title)


def test_choosing_english_puts_it_in_the_url_and_korean_takes_it_out(env_db):
    app = _app().run().run()  # AppTest's first run has another page identity (tests/app/conftest.py)
    assert app.radio(key="lang").value == "ko" and "lang" not in app.query_params
    app.radio(key="lang").set_value("en").run()
    assert app.query_params["lang"] == "en" and app.title[0].value == "At a glance"
    app.radio(key="lang").set_value("ko").run()
    assert "lang" not in app.query_params


def test_an_unknown_lang_in_the_url_falls_back_to_the_default(env_db):
    app = _app()
    app.query_params["lang"] = "fr"
    app.run()
    assert not app.exception and app.radio(key="lang").value == "ko"
