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

import gc
import os
import statistics
import tempfile
import time
from pathlib import Path

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


def _timed(at) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    at.run()
    return time.perf_counter() - t0


def _bare_empty_page():  # type: ignore[no-untyped-def]
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(str(EMPTY_PAGE), default_timeout=60)


def _app_page(db_url: str, page: str | None, session: dict | None, query: dict | None = None):  # type: ignore[no-untyped-def]
    """An AppTest of the app on ``page`` (e.g. ``pages/visits.py``); ``None``: an empty page of the app.
    ``query``: the page's URL query (e.g. ``{"id": "86"}`` for ``/visit?id=86``)."""
    from streamlit.testing.v1 import AppTest

    os.environ["PLANNER_DATABASE_URL"] = db_url
    script = ROOT / "streamlit_app.py" if page else APP_EMPTY_PAGE
    at = AppTest.from_file(str(script), default_timeout=600)
    for key, value in (session or {}).items():
        at.session_state[key] = value
    at.run()
    for key, value in (query or {}).items():
        at.query_params[key] = value
    if page:
        at.switch_page(page).run()
    if at.exception:
        raise RuntimeError(f"{page or 'app empty page'}: {at.exception}")
    return at


def rerun_times(apps: list, repeat: int = 15, warmup: int = 3) -> list[float]:  # type: ignore[type-arg]
    """Median rerun time of each AppTest, rerunning them in turn (page, floor, floor, page, ...).

    In turn, a slow moment of the machine slows every page alike instead of one of them; a
    full garbage collection before each round keeps one page from paying for another's garbage.
    """
    _share_script_cache()
    for at in apps:
        for _ in range(warmup):
            at.run()
    times: list[list[float]] = [[] for _ in apps]
    for _ in range(repeat):
        gc.collect()
        for i, at in enumerate(apps):
            times[i].append(_timed(at))
    return [statistics.median(t) for t in times]


def empty_page_rerun(repeat: int = 15) -> float:
    _share_script_cache()
    at = _bare_empty_page()
    at.run()
    return rerun_times([at], repeat)[0]


def page_rerun(db_url: str, page: str, repeat: int = 15, session: dict | None = None) -> float:
    """Median rerun time of ``page`` (e.g. ``pages/visits.py``) inside the app frame."""
    _share_script_cache()
    return rerun_times([_app_page(db_url, page, session)], repeat)[0]


APP_EMPTY_PAGE = ROOT / "bench" / "app_empty_page.py"


def app_empty_page_rerun(db_url: str, repeat: int = 15, session: dict | None = None) -> float:
    """Rerun of an empty page inside the app's frame (sidebar, language, navigation, database)."""
    _share_script_cache()
    return rerun_times([_app_page(db_url, None, session)], repeat)[0]


def page_rerun_measurements(
    name: str,
    n: int,
    db_url: str,
    page: str,
    target: float | None = None,
    session: dict | None = None,
    query: dict | None = None,
) -> list:
    """A page's rerun against "an empty page of the app" (the target's floor: every page pays
    the frame) and, for the record, against a bare Streamlit page with nothing at all; the
    three are rerun in turn."""
    from bench.harness import ratio

    _share_script_cache()
    page_at = _app_page(db_url, page, session, query)
    app_empty_at = _app_page(db_url, None, session)
    bare_at = _bare_empty_page()
    bare_at.run()
    seconds, app_floor, bare_floor = rerun_times([page_at, app_empty_at, bare_at])
    return [
        ratio(name, n, seconds, "app_empty_page_rerun", app_floor, target=target),
        ratio(f"{name}_vs_bare_page", n, seconds, "empty_page_rerun", bare_floor),
    ]


def temp_db_url(name: str) -> str:
    folder = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
    return f"sqlite:///{folder / 'bench.db'}"
