"""AppTest fixtures: the app (through its frame) opened on one page, on this test's database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planner import db

ROOT = Path(__file__).resolve().parents[2]
CLOCK = "2022-03-15T09:00:00+09:00"  # every page sees this "now", whatever the machine's date
# The visit log's sections, built only while open (issue 12's speed): tests that use them open them.
LOG_SECTIONS = (
    "visits.add_open",
    "visits.edit_open",
    "visits.series_open",
    "visits.bulk_open",
    "visits.categories_open",
)


@pytest.fixture
def open_page(env_db) -> Iterator[Callable[..., AppTest]]:
    """``open_page("pages/visits.py", lang="en")``: the app run once, then switched to the page."""

    def open_(page: str, lang: str = "en", opened: tuple[str, ...] = ()) -> AppTest:
        """``opened``: keys of sections built only while open (``planner.ui.section``) to open."""
        app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
        app.session_state["clock.now"] = CLOCK
        app.session_state["lang"] = lang
        for key in opened:
            app.session_state[key] = True
        app.run()
        app.switch_page(page).run()
        assert not app.exception, app.exception
        return app

    yield open_
    db.dispose_engine(env_db)
