"""Benchmarks of issue 3: the planning page at n visits, against floors measured in the same run.

* ``plan_page_rerun``: AppTest rerun of ``pages/plan.py`` (all visits on the map) vs an empty page.
* ``plan_map_bytes_per_visit``: bytes of the map sent to the browser (st_folium's arguments) per visit.
* ``plan_browser_load``: Chromium loading ``/plan`` until every point is drawn vs loading an empty
  Streamlit page until its script has run; skipped (with a note) when no browser is installed.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.apptest import APP_EMPTY_PAGE, EMPTY_PAGE, ROOT, page_rerun_measurements
from bench.data import populated_db
from bench.harness import Bench, Measurement, ratio
from planner import db, services

CHROMIUM = Path("/usr/bin/chromium")
CLOCK = {"clock.now": "2025-06-15T09:00:00+09:00"}


def plan_page(n: int) -> list[Measurement]:
    url = populated_db(n)
    os.environ["PLANNER_TILES"] = "none"
    return page_rerun_measurements("plan_page_rerun", n, url, "pages/plan.py", target=3.0, session=CLOCK)


def plan_map_bytes(n: int) -> list[Measurement]:
    """Everything the browser receives for the map's data: component arguments + the points file."""
    from planner import assets, maps
    from planner.repository import VisitQuery
    from planner.ui.map import component_args, payload_bytes

    engine = db.get_engine(populated_db(n))
    visits = services.list_visits(engine, VisitQuery())
    categories = services.list_categories(engine)

    def size(items) -> int:
        files: list[int] = []

        def publish(content: bytes) -> str:
            files.append(len(content))
            return assets.publish(content)

        m = maps.plan_map(maps.PlanMapInput(items, categories, lang="ko"), tiles="none", publish=publish)
        return payload_bytes(component_args(m, "plan.map")) + sum(files)

    total, fixed = size(visits), size([])
    assert len(visits) == n
    return [
        Measurement(
            "plan_map_bytes_per_visit", n, total / n, "map_without_visits_bytes", fixed, None, target=64.0, unit="B"
        )
    ]


# ---------------------------------------------------------------- browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(script: str, db_url: str) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, "PLANNER_DATABASE_URL": db_url, "PLANNER_TILES": "none", "PLANNER_GEOCODER": "offline"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port), "--server.address",
         "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError(f"streamlit run {script} did not start")


def _load_once(browser, url: str, ready) -> float:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    t0 = time.perf_counter()
    page.goto(url)
    ready(page)
    elapsed = time.perf_counter() - t0
    context.close()
    return elapsed


def _interleaved(browser, targets: list[tuple[str, object]], repeat: int = 7) -> list[float]:
    """Median load time of each (url, ready) target, loading them in turn: a slow moment of the
    machine then slows every target alike instead of one of them."""
    for url, ready in targets:
        _load_once(browser, url, ready)  # warm-up
    times: list[list[float]] = [[] for _ in targets]
    for _ in range(repeat):
        for i, (url, ready) in enumerate(targets):
            times[i].append(_load_once(browser, url, ready))
    return [statistics.median(t) for t in times]


def _empty_ready(page) -> None:
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)
    page.wait_for_selector('[data-testid="stMarkdown"]', state="attached", timeout=60_000)


def _app_empty_ready(page) -> None:
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)
    page.wait_for_selector('[data-testid="stSidebarNav"]', timeout=60_000)


def _plan_ready(n: int):
    def ready(page) -> None:
        page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', timeout=120_000)
        frame = page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]').content_frame()
        frame.wait_for_function(f"() => window.plannerPointsDrawn >= {n}", timeout=120_000, polling=20)

    return ready


def plan_browser(n: int) -> list[Measurement]:
    if not CHROMIUM.exists():
        print(f"plan_browser_load: skipped, no browser at {CHROMIUM}", file=sys.stderr)
        return []
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("plan_browser_load: skipped, Playwright is not installed", file=sys.stderr)
        return []
    url = populated_db(n)
    empty_proc, empty_url = _serve(str(EMPTY_PAGE.relative_to(ROOT)), url)
    app_empty_proc, app_empty_url = _serve(str(APP_EMPTY_PAGE.relative_to(ROOT)), url)
    app_proc, app_url = _serve("streamlit_app.py", url)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu", "--no-first-run"]
            )
            bare_floor, floor, seconds = _interleaved(
                browser,
                [(empty_url, _empty_ready), (app_empty_url, _app_empty_ready), (f"{app_url}/plan", _plan_ready(n))],
            )
            browser.close()
    finally:
        for proc in (empty_proc, app_empty_proc, app_proc):
            proc.terminate()
            proc.wait(10)
    # The target compares with "an empty page of the app" (the frame every page pays: sidebar,
    # navigation, language); the bare Streamlit page is printed for the record.
    return [
        ratio("plan_browser_load", n, seconds, "app_empty_page_browser_load", floor, target=1.5),
        ratio("plan_browser_load_vs_bare_page", n, seconds, "empty_page_browser_load", bare_floor),
    ]


BENCHES = [
    Bench("plan_page_rerun", plan_page, (1000, 10000), "plan page rerun (all visits on the map) vs an empty page"),
    Bench("plan_map_bytes", plan_map_bytes, (1000, 10000), "bytes per visit sent to the browser for the map"),
    Bench("plan_browser_load", plan_browser, (10000,), "Chromium: /plan until all points drawn vs an empty page"),
]
