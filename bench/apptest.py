"""AppTest helpers for benchmarks: rerun time of a page, and of an empty page as the floor."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from bench.harness import measure

ROOT = Path(__file__).resolve().parents[1]
EMPTY_PAGE = ROOT / "bench" / "empty_page.py"


def empty_page_rerun(repeat: int = 10) -> float:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(EMPTY_PAGE), default_timeout=60)
    at.run()
    return measure(at.run, repeat=repeat)


def page_rerun(db_url: str, page: str, repeat: int = 5, session: dict | None = None) -> float:
    """Median rerun time of ``page`` (e.g. ``pages/visits.py``) inside the app frame."""
    from streamlit.testing.v1 import AppTest

    os.environ["PLANNER_DATABASE_URL"] = db_url
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=600)
    for key, value in (session or {}).items():
        at.session_state[key] = value
    at.run()
    at.switch_page(page).run()
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception}")
    return measure(at.run, repeat=repeat)


def temp_db_url(name: str) -> str:
    folder = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
    return f"sqlite:///{folder / 'bench.db'}"
