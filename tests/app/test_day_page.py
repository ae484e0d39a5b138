"""The day view (/day) through the app's frame on the sample data: stops in order, legs, links, day buttons."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from streamlit.testing.v1 import AppTest

from planner import day, services
from planner.domain import VisitQuery
from planner.uow import UnitOfWork
from tests.app.conftest import CLOCK
from tests.conftest import FIXED_NOW

ROOT = Path(__file__).resolve().parents[2]
DAY = date(2022, 3, 17)  # a sample day with two visits


def _open(day_param: str | None, lang: str = "ko") -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.session_state["clock.now"] = CLOCK
    at.session_state["lang"] = lang
    at.run()
    if day_param is not None:
        at.query_params["date"] = day_param
    at.switch_page("pages/day.py").run()
    assert not at.exception, at.exception
    return at


def _stop_lines(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("**") and "`#" in m.value]


def test_day_page_shows_the_days_stops_in_order_with_legs_and_links(env_db):
    at = _open(DAY.isoformat())
    assert at.title[0].value == "하루 일정 · 2022-03-17 (목)"
    from planner import db

    engine = db.get_engine(env_db)
    expected = [
        v
        for v in services.list_visits(UnitOfWork(engine, lambda: FIXED_NOW), VisitQuery(date_from=DAY, date_to=DAY))
        if v.status.value != "cancelled"
    ]
    assert len(expected) >= 2
    lines = _stop_lines(at)
    assert [line.split(".")[0].strip("*") for line in lines] == [str(n) for n in range(1, len(expected) + 1)]
    assert [line.rsplit("`#", 1)[1].rstrip("`") for line in lines] == [str(v.id) for v in expected]
    legs = [m.value for m in at.markdown if m.value.startswith("이동 ")]
    assert len(legs) == len(expected) and all(" km · 도착 " in leg for leg in legs)
    assert any(m.value.startswith("**서울시청 복귀**") for m in at.markdown)
    links = [(e.proto.page, e.proto.query_string) for e in at.get("page_link")]
    # Each stop opens its visit's page (issue 12) and its briefing pack (issue 14).
    assert [f"id={v.id}" for v in expected] == [q for p, q in links if q.startswith("id=")]
    assert [f"visit={v.id}" for v in expected] == [q for p, q in links if q.startswith("visit=") and "briefing" in p]
    view = day.day_view(UnitOfWork(engine, lambda: FIXED_NOW), DAY)
    assert any(
        c.value == f"하루 이동 합계 {round(view.total_travel_minutes)}분 · {view.total_km:.1f} km" for c in at.caption
    )


def test_day_buttons_and_the_address_move_the_day(env_db):
    at = _open(None, lang="en")
    assert at.title[0].value == "Day view · 2022-03-15 (Tue)"  # today by the app's clock
    at.button(key="day.next").click().run()
    assert at.title[0].value.startswith("Day view · 2022-03-16") and at.query_params["date"] == "2022-03-16"
    at.button(key="day.previous").click().run()
    at.button(key="day.previous").click().run()
    assert at.title[0].value.startswith("Day view · 2022-03-14")
    at.query_params["date"] = "2022-03-01"
    at.run()
    assert not at.exception
    assert "Public holiday: 삼일절" in [i.value for i in at.info]
    at.query_params["date"] = "not-a-date"
    at.run()
    assert at.warning and at.title[0].value.startswith("Day view · 2022-03-15")


def test_home_and_plan_link_to_the_day_view(env_db):
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.session_state["clock.now"] = CLOCK
    at.run()
    assert "date=2022-03-15" in [e.proto.query_string for e in at.get("page_link")]
    at.switch_page("pages/plan.py").run()
    assert "date=2022-03-15" in [e.proto.query_string for e in at.get("page_link")]


def test_day_page_follows_a_save_made_after_it_was_shown(env_db):
    # The view is kept by data version between reruns (planner.ui.day): a save raises the version.
    from datetime import datetime

    from planner import db
    from planner.domain import SEOUL, Status

    at = _open(DAY.isoformat())
    before = _stop_lines(at)
    work = UnitOfWork(db.get_engine(env_db), lambda: FIXED_NOW)
    site = services.list_sites(work)[0]
    start = datetime(2022, 3, 17, 17, 0, tzinfo=SEOUL)
    draft = services.VisitDraft(
        "늦은 방문", site.id or 0, start, start.replace(hour=17, minute=30), "economy", Status.APPROVED,
        override_reason="test",
    )  # fmt: skip
    added = services.add_visit(work, draft)
    at.run()
    after = _stop_lines(at)
    assert len(after) == len(before) + 1
    assert after[-1].endswith(f"`#{added.id}`")
