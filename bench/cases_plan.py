"""Benchmarks of issue 3: the planning page at n visits, against floors measured in the same run.

* ``plan_page_rerun``: AppTest rerun of ``pages/plan.py`` (all visits on the map) vs an empty page.
* ``plan_map_bytes_per_visit``: bytes of the map sent to the browser (st_folium's arguments) per visit.
* ``plan_browser_load``: Chromium loading ``/plan`` until every point is drawn and painted vs an
  empty page of the app until its script has run and its sidebar is painted (timed inside the
  page, see ``READY_JS``); skipped (with a note) when no browser is installed.
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
from planner.services import system_clock
from planner.uow import UnitOfWork

CHROMIUM = Path("/usr/bin/chromium")
CLOCK = {"clock.now": "2025-06-15T09:00:00+09:00"}


def plan_page(n: int) -> list[Measurement]:
    url = populated_db(n)
    os.environ["PLANNER_TILES"] = "none"
    return page_rerun_measurements("plan_page_rerun", n, url, "pages/plan.py", target=3.0, session=CLOCK)


def plan_map_bytes(n: int) -> list[Measurement]:
    """Everything the browser receives for the map's data: component arguments + the points file."""
    from planner import assets, maps
    from planner.domain import VisitQuery
    from planner.ui.map import component_args, payload_bytes

    engine = db.get_engine(populated_db(n))
    visits = services.list_visits(UnitOfWork(engine, system_clock), VisitQuery())
    categories = services.list_categories(UnitOfWork(engine, system_clock))

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


def _serve(script: str, db_url: str, **extra_env: str) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, "PLANNER_DATABASE_URL": db_url, "PLANNER_TILES": "none", "PLANNER_GEOCODER": "offline"}
    env.update(extra_env)
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


# Timing inside the page: each page notes when it is ready, after the browser has painted that
# state (a requestAnimationFrame, then a task: the frame is on screen), as milliseconds since the
# navigation started. Playwright's own polling (a round trip per check, three for a frame inside
# an iframe) then adds nothing to either side. Runs in every frame, the map's iframe included.
READY_JS = """
(() => {
    const now = () => performance.timeOrigin + performance.now();
    const top = window.top;
    const painted = (name) => requestAnimationFrame(() => setTimeout(() => {
        if (top[name] === undefined) { top[name] = now() - top.performance.timeOrigin; }
    }, 0));
    const want = %s;  // {"selectors": [...]} for a page, plus {"points": n} for the map
    if (want.points !== undefined && window !== top) {
        let value;
        Object.defineProperty(window, "plannerPointsDrawn", {configurable: true, get: () => value, set: (v) => {
            value = v;
            if (v >= want.points) { painted("__benchReadyAt"); }
        }});
        return;
    }
    if (window !== top) { return; }
    // Every page watches for the app's frame the same way (the map page too, so both sides pay
    // the same observer); the map page is ready when its points are, not its frame.
    const name = want.points !== undefined ? "__benchFrameAt" : "__benchReadyAt";
    const check = () => {
        if (want.selectors.every((s) => document.querySelector(s))) { observer.disconnect(); painted(name); }
    };
    const observer = new MutationObserver(check);
    observer.observe(document, {subtree: true, childList: true, attributes: true});
})();
"""


def _load_once(browser, url: str, want: dict) -> float:
    """Seconds from the start of navigation until the page's ready state is painted."""
    import json

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(READY_JS % json.dumps(want))
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("() => window.__benchReadyAt !== undefined", timeout=120_000)
    elapsed = page.evaluate("() => window.__benchReadyAt") / 1000
    context.close()
    return elapsed


def _interleaved(browser, targets: list[tuple[str, dict]], repeat: int = 7) -> list[float]:
    """Median load time of each (url, ready) target, loading them in turn: a slow moment of the
    machine then slows every target alike instead of one of them."""
    for url, want in targets:
        _load_once(browser, url, want)  # warm-up
    times: list[list[float]] = [[] for _ in targets]
    for _ in range(repeat):
        for i, (url, want) in enumerate(targets):
            times[i].append(_load_once(browser, url, want))
    return [statistics.median(t) for t in times]


SCRIPT_DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
EMPTY_READY = {"selectors": [SCRIPT_DONE, '[data-testid="stMarkdown"]']}
APP_EMPTY_READY = {"selectors": [SCRIPT_DONE, '[data-testid="stSidebarNav"]']}


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
    # The empty page of the app stands in for the plan page at its own address: Streamlit's
    # frontend checks the server at "<page path>/_stcore/..." before "/_stcore/..." (~0.1 s more for
    # any page but the home page), so both sides pay the same for the address.
    app_empty_proc, app_empty_url = _serve(str(APP_EMPTY_PAGE.relative_to(ROOT)), url, PLANNER_BENCH_EMPTY_AT="plan")
    app_proc, app_url = _serve("streamlit_app.py", url)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu", "--no-first-run"]
            )
            bare_floor, home_floor, floor, seconds = _interleaved(
                browser,
                [
                    (empty_url, EMPTY_READY),
                    (app_empty_url, APP_EMPTY_READY),
                    (f"{app_empty_url}/plan", APP_EMPTY_READY),
                    (f"{app_url}/plan", {**APP_EMPTY_READY, "points": n}),
                ],
            )
            browser.close()
    finally:
        for proc in (empty_proc, app_empty_proc, app_proc):
            proc.terminate()
            proc.wait(10)
    # The target compares with "an empty page of the app" (the frame every page pays: sidebar,
    # navigation, language) at the same address; the same empty page at "/" and a bare
    # Streamlit page are printed for the record.
    return [
        ratio("plan_browser_load", n, seconds, "app_empty_page_browser_load", floor, target=1.5),
        ratio("plan_browser_load_vs_empty_home", n, seconds, "app_empty_home_browser_load", home_floor),
        ratio("plan_browser_load_vs_bare_page", n, seconds, "empty_page_browser_load", bare_floor),
    ]


BENCHES = [
    Bench("plan_page_rerun", plan_page, (1000, 10000), "plan page rerun (all visits on the map) vs an empty page"),
    Bench("plan_map_bytes", plan_map_bytes, (1000, 10000), "bytes per visit sent to the browser for the map"),
    Bench(
        "plan_browser_load",
        plan_browser,
        (10000,),
        "Chromium: /plan until its points are painted vs the app empty page at /plan",
    ),
]
