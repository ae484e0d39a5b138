"""AppTest helpers for benchmarks: rerun time of a page, and of an empty page as the floor.

AppTest (streamlit 1.67) gives every run a new, empty ``ScriptCache``, so each rerun re-reads,
re-parses and recompiles the page script; ``streamlit run`` compiles a script once per server.
For a 200-line page that recompiling was ~60 ms of a ~90 ms "rerun" here, and it grows with the
page's length, not with the data. ``_share_script_cache`` gives the runs one cache, as the server
does, for the floor and the pages alike, so the ratios measure what a user waits for.

AppTest also starts every run as a legacy multipage app (a ``pages/`` folder sits beside
``streamlit_app.py``), so each page ran the navigation twice (see ``planner.ui.ensure_frame``);
a server leaves that mode at its first ``st.navigation`` call. ``_share_script_cache`` makes
AppTest leave it too.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from bench.harness import measure

ROOT = Path(__file__).resolve().parents[1]
EMPTY_PAGE = ROOT / "bench" / "empty_page.py"


_SHARED_CACHE = None


def _share_script_cache() -> None:
    global _SHARED_CACHE
    import streamlit.testing.v1.app_test as app_test
    import streamlit.testing.v1.local_script_runner as lsr
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    if _SHARED_CACHE is None:
        from streamlit.runtime.pages_manager import PagesManager

        _SHARED_CACHE = ScriptCache()
        init = PagesManager.__init__

        def server_like_init(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            init(self, *args, **kwargs)
            PagesManager.uses_pages_directory = False  # as after a server's first st.navigation

        PagesManager.__init__ = server_like_init
        # The private names AppTest constructs a cache from on every run (main script, pages).
        lsr.ScriptCache = app_test.ScriptCache = lambda: _SHARED_CACHE


def empty_page_rerun(repeat: int = 10) -> float:
    from streamlit.testing.v1 import AppTest

    _share_script_cache()
    at = AppTest.from_file(str(EMPTY_PAGE), default_timeout=60)
    at.run()
    return measure(at.run, repeat=repeat, warmup=3)


def page_rerun(db_url: str, page: str, repeat: int = 5, session: dict | None = None) -> float:
    """Median rerun time of ``page`` (e.g. ``pages/visits.py``) inside the app frame."""
    from streamlit.testing.v1 import AppTest

    _share_script_cache()
    os.environ["PLANNER_DATABASE_URL"] = db_url
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=600)
    for key, value in (session or {}).items():
        at.session_state[key] = value
    at.run()
    at.switch_page(page).run()
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception}")
    return measure(at.run, repeat=repeat, warmup=3)


APP_EMPTY_PAGE = ROOT / "bench" / "app_empty_page.py"


def app_empty_page_rerun(db_url: str, repeat: int = 10, session: dict | None = None) -> float:
    """Rerun of an empty page inside the app's frame (sidebar, language, navigation, database)."""
    from streamlit.testing.v1 import AppTest

    _share_script_cache()
    os.environ["PLANNER_DATABASE_URL"] = db_url
    at = AppTest.from_file(str(APP_EMPTY_PAGE), default_timeout=600)
    for key, value in (session or {}).items():
        at.session_state[key] = value
    at.run()
    if at.exception:
        raise RuntimeError(f"app empty page: {at.exception}")
    return measure(at.run, repeat=repeat, warmup=3)


def page_rerun_measurements(
    name: str, n: int, db_url: str, page: str, target: float | None = None, session: dict | None = None
) -> list:
    """A page's rerun against "an empty page of the app" (the target's floor: every page pays
    the frame) and, for the record, against a bare Streamlit page with nothing at all."""
    from bench.harness import ratio

    seconds = page_rerun(db_url, page, session=session)
    app_floor = app_empty_page_rerun(db_url, session=session)
    bare_floor = empty_page_rerun()
    return [
        ratio(name, n, seconds, "app_empty_page_rerun", app_floor, target=target),
        ratio(f"{name}_vs_bare_page", n, seconds, "empty_page_rerun", bare_floor),
    ]


def temp_db_url(name: str) -> str:
    folder = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
    return f"sqlite:///{folder / 'bench.db'}"
