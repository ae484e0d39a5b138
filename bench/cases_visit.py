"""Benchmarks of issue 12: the page of one visit and the week calendar, at n visits.

* ``visit_page_rerun``: AppTest rerun of ``/visit?id=…`` (details, map, day, problems, history, council) vs the
  app's empty page (target 2x).
* ``week_view_browser_load``: Chromium loading ``/week`` (a fresh context) until every visit of the week is painted
  in the calendar's iframe vs the app's empty page at ``/week`` until its script has run (target 1.5x); skipped
  (with a note) when no browser is installed.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date, timedelta

from bench.apptest import APP_EMPTY_PAGE, ROOT, page_rerun_measurements
from bench.cases_plan import APP_EMPTY_READY, CHROMIUM, _serve
from bench.data import populated_db
from bench.harness import Bench, Measurement, ratio
from planner import db, services
from planner.domain import Status, VisitQuery
from planner.uow import UnitOfWork

CLOCK = {"clock.now": "2025-06-15T09:00:00+09:00"}
WEEK = date(2025, 6, 16)  # a Monday in the synthetic data (2016-2025, all held)


def _visit_id(url: str) -> int:
    work = UnitOfWork(db.get_engine(url), services.system_clock)
    found = services.list_visits(work, VisitQuery(date_from=WEEK, date_to=WEEK + timedelta(days=6)))
    return next((v.id for v in found if v.status == Status.APPROVED), found[0].id) or 0


def visit_page(n: int) -> list[Measurement]:
    url = populated_db(n)
    os.environ["PLANNER_TILES"] = "none"
    query = {"id": str(_visit_id(url))}
    return page_rerun_measurements("visit_page_rerun", n, url, "pages/visit.py", 2.0, CLOCK, query)


# Ready when the app's frame is there and the calendar's iframe holds ``events`` visit blocks (busy time is drawn
# behind them and not counted), then painted; the empty page is ready when its frame is, then painted.
READY_JS = """
(() => {
    const now = () => performance.timeOrigin + performance.now();
    const painted = (name) => requestAnimationFrame(() => setTimeout(() => {
        if (window[name] === undefined) { window[name] = now() - performance.timeOrigin; }
    }, 0));
    const want = %s;
    if (window !== window.top) { return; }
    const frameReady = () => want.selectors.every((s) => document.querySelector(s));
    if (want.events === undefined) {
        const observer = new MutationObserver(() => {
            if (frameReady()) { observer.disconnect(); painted("__benchReadyAt"); }
        });
        observer.observe(document, {subtree: true, childList: true, attributes: true});
        return;
    }
    // The calendar draws in the component's iframe, whose first (blank) document is replaced by the component's
    // page: a script or observer started there goes with it. The top page looks into the iframe on every frame.
    const poll = () => {
        const iframe = document.querySelector('iframe[title="planner.ui.calendar.calendar"]');
        const inner = iframe && iframe.contentDocument;
        const drawn = inner ? inner.querySelectorAll(".fc-event:not(.fc-bg-event)").length : 0;
        if (frameReady() && drawn >= want.events) { painted("__benchReadyAt"); } else { requestAnimationFrame(poll); }
    };
    requestAnimationFrame(poll);
})();
"""


def _load_once(browser, url: str, want: dict) -> float:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(READY_JS % json.dumps(want))
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("() => window.__benchReadyAt !== undefined", timeout=120_000)
    elapsed = page.evaluate("() => window.__benchReadyAt") / 1000
    context.close()
    return elapsed


def week_browser(n: int) -> list[Measurement]:
    import statistics

    if not CHROMIUM.exists():
        print(f"week_view_browser_load: skipped, no browser at {CHROMIUM}", file=sys.stderr)
        return []
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("week_view_browser_load: skipped, Playwright is not installed", file=sys.stderr)
        return []
    url = populated_db(n)
    work = UnitOfWork(db.get_engine(url), services.system_clock)
    events = len(services.list_visits(work, VisitQuery(date_from=WEEK, date_to=WEEK + timedelta(days=6))))
    app_empty_proc, app_empty_url = _serve(str(APP_EMPTY_PAGE.relative_to(ROOT)), url, PLANNER_BENCH_EMPTY_AT="week")
    app_proc, app_url = _serve("streamlit_app.py", url)
    targets = [
        (f"{app_empty_url}/week", APP_EMPTY_READY),
        (f"{app_url}/week?date={WEEK.isoformat()}&view=week", {**APP_EMPTY_READY, "events": events}),
    ]
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu", "--no-first-run"]
            )
            for target_url, want in targets:
                _load_once(browser, target_url, want)  # warm-up
            times: list[list[float]] = [[], []]
            for _ in range(7):  # in turn: a slow moment of the machine slows both alike
                for i, (target_url, want) in enumerate(targets):
                    times[i].append(_load_once(browser, target_url, want))
            browser.close()
    finally:
        for proc in (app_empty_proc, app_proc):
            proc.terminate()
            proc.wait(10)
    floor, seconds = (statistics.median(t) for t in times)
    return [ratio("week_view_browser_load", n, seconds, "app_empty_page_browser_load", floor, target=1.5)]


BENCHES = [
    Bench("visit_page_rerun", visit_page, (10000,), "/visit?id= page rerun vs the app's empty page"),
    Bench(
        "week_view_browser_load",
        week_browser,
        (10000,),
        "Chromium: /week until the week's visits are painted vs the app empty page at /week",
    ),
]
