"""AppTest of issue 14's pages: the work report written from the records, and the briefing pack of a visit."""

from __future__ import annotations

from planner import briefing, db, services
from planner.domain import VisitQuery
from tests.conftest import uow_at


def texts(at):
    return [m.value for m in at.markdown]


def test_work_report_page_prints_the_source_lines_with_each_figure_a_link(open_page):
    at = open_page("pages/work_report.py", lang="ko")
    assert at.multiselect(key="work.years").value == [2021, 2022]
    shown = "\n".join(texts(at))
    # every figure is a link to the page at that figure: ?figure=N
    assert "[′21년 5회](?figure=1)" in shown.replace("\\", "").replace("\u2060", "")
    assert "시장-구청장 면담 실시" in shown.replace("\\", "")
    assert not at.exception


def test_choosing_a_figure_lists_the_records_it_counts_with_links_to_their_pages(open_page, env_db):
    at = open_page("pages/work_report.py", lang="ko")
    assert at.selectbox(key="work.figure").format_func(1).endswith("회")  # visits counted in times
    at.selectbox(key="work.figure").set_value(2).run()  # 현안설명회 2022
    frame = at.dataframe[0].value
    uow = uow_at(db.get_engine(env_db))
    held = [v for v in services.list_visits(uow, VisitQuery(year=2022, kinds=("council_briefing",)))]
    assert list(frame["번호"]) == [v.id for v in held]
    assert list(frame["방문 기록"]) == [f"visit?id={v.id}" for v in held]  # each visit's own page (issue 12)


def test_briefing_page_saves_talking_points_through_the_one_write_function(open_page, env_db):
    at = open_page("pages/briefing.py", lang="ko")  # the app's first start loads the sample
    uow = uow_at(db.get_engine(env_db))
    visit = services.list_visits(uow, VisitQuery(year=2021))[0]
    at.query_params["visit"] = str(visit.id)
    at.run()
    assert not at.exception
    at.text_area(key=f"brief.points.{visit.id}.0").set_value("시민 안전을 최우선으로 점검합니다.").run()
    at.button(key=f"brief.save.{visit.id}.0").click().run()
    assert not at.exception
    stored = briefing.get_briefing(uow, visit.id)
    assert stored.talking_points == "시민 안전을 최우선으로 점검합니다." and stored.version == 1
