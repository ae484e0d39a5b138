"""Issue 13, item 7: two app instances on one PostgreSQL database, as behind a reverse proxy.

Each ``streamlit run`` process keeps its own caches (the visit log's table, the plan map's arguments and
points). They are keyed by the data version stored in the database, so a visit saved through instance A
shows in instance B's visit log and on B's map on B's next rerun, without restarting B or opening a new
session there. Runs where ``PLANNER_TEST_POSTGRES_URL`` names a server (``.ci/run`` sets it).
"""

from __future__ import annotations

import os
import re

import pytest

from planner import db, services
from planner.uow import UnitOfWork
from tests.browser.conftest import AppServer
from tests.browser.test_plan_browser import CITY_HALL, LAYERS_JS, click_at, open_plan

POSTGRES_URL = os.environ.get("PLANNER_TEST_POSTGRES_URL", "")
TITLE = "다른 인스턴스에서 저장한 제안"

POINTS_JS = """() => {
    const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
    const w = frame && frame.contentWindow;
    return w && w.plannerPoints ? w.plannerPoints.count() : -1;
}"""


@pytest.fixture
def two_instances():
    if not POSTGRES_URL:
        pytest.skip("the two-instance test needs PostgreSQL: set PLANNER_TEST_POSTGRES_URL (.ci/run sets it)")
    engine = db.get_engine(POSTGRES_URL)
    db.metadata.drop_all(engine)  # an empty database: the first instance makes it and loads the sample
    db.dispose_engine(POSTGRES_URL)
    env = {"PLANNER_DATABASE_URL": POSTGRES_URL, "PLANNER_SAMPLE_ON_FIRST_START": "1"}
    servers = [AppServer(env), AppServer(env)]
    try:
        for server in servers:
            server.start()
        yield servers
    finally:
        for server in servers:
            server.stop()
        engine = db.get_engine(POSTGRES_URL)
        db.metadata.drop_all(engine)
        db.dispose_engine(POSTGRES_URL)


def visit_count(page) -> int:
    caption = page.get_by_text(re.compile(r"^\d+건$")).first
    caption.wait_for(timeout=60_000)
    return int(caption.inner_text().removesuffix("건"))


def rerun(page) -> None:
    """Streamlit's own rerun (the R key) in the same session: the page's caches are asked again."""
    page.bring_to_front()
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.keyboard.press("r")


def test_a_visit_saved_in_one_instance_shows_in_the_others_log_and_map_on_its_next_rerun(two_instances, browser):
    a, b = two_instances
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ko-KR")
    try:
        page_a, log_b, plan_b = context.new_page(), context.new_page(), context.new_page()
        frame_a, handle_a = open_plan(page_a, a.url)  # instance A makes the database and loads the sample
        log_b.goto(f"{b.url}/visits")
        before = visit_count(log_b)  # instance B has read (and cached) the visit log ...
        open_plan(plan_b, b.url)
        points_before = plan_b.evaluate(POINTS_JS)  # ... and the map's points
        assert before > 0 and points_before > 0

        click_at(frame_a, handle_a, *CITY_HALL)  # a proposal saved through instance A's page
        form = page_a.locator('[data-testid="stForm"]').filter(has_text="제안으로 저장")
        form.wait_for(timeout=30_000)
        form.get_by_label("제목").fill(TITLE)
        box = form.locator(".st-key-plan-form-category input")  # no default category since issue 12
        box.click()
        box.press_sequentially("경제")
        box.press("Enter")
        form.get_by_role("button", name="제안으로 저장").click()
        page_a.get_by_text("제안을 저장했습니다").wait_for(timeout=30_000)
        engine = db.get_engine(POSTGRES_URL)
        saved = [v for v in services.list_visits(UnitOfWork(engine, services.system_clock)) if v.title == TITLE]
        db.dispose_engine(POSTGRES_URL)
        assert len(saved) == 1

        rerun(log_b)  # B's next rerun of the same session shows it
        log_b.wait_for_function(
            "n => [...document.querySelectorAll('[data-testid=stCaptionContainer]')]"
            ".some(e => e.innerText.trim() === n + '건')",
            arg=before + 1,
            timeout=30_000,
        )
        rerun(plan_b)
        plan_b.wait_for_function(f"n => ({POINTS_JS})() === n", arg=points_before + 1, timeout=30_000)
        handle_b = plan_b.wait_for_selector('iframe[title="streamlit_folium.st_folium"]').content_frame()
        ids = handle_b.evaluate("() => Array.from(window.plannerPoints.D.id || [])")
        assert saved[0].id in ids, "the other instance's map points include the new visit"
        assert handle_b.evaluate(LAYERS_JS)["points"] == points_before + 1
    finally:
        context.close()
