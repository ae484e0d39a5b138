"""AppTest of the council report page: the sample's figures and choosing the highlight order."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planner import db, reports, services
from tests.conftest import uow_at

ROOT = Path(__file__).resolve().parents[2]
NOW = "2022-03-15T09:00:00+09:00"


@pytest.fixture
def at(open_page):
    return open_page("pages/report.py", lang="ko")


def tables(at):
    return [d.value for d in at.dataframe]


def test_page_shows_the_report_for_last_year_and_this_year(at):
    assert at.multiselect(key="report.years").value == [2021, 2022]
    covid = tables(at)[0]
    assert list(covid["횟수"]) == ["22회", "8회"]
    assert covid["주요 내용"][0] == "혜민병원(12.27), 인왕시장(11.8), 서울의료원(9.29), 방재센터(9.18) 등"
    headers = [h.value for h in at.subheader]
    assert "코로나19 의료방역·민생회복 현장방문 (′21년 22회, ′22년 8회)" in headers
    assert any("(′21년 14회, ′22년 7회)" in h for h in headers)


def test_staff_choose_and_order_highlights(at, env_db):
    uow = uow_at(db.get_engine(env_db))
    visits = {v.site_name: v for v in reports.counted_visits(uow, [2022])[("covid19", 2022)]}
    chosen = [visits["가락시장"].id, visits["미소들병원"].id]
    at.multiselect(key="report.hl.covid19.2022.0").set_value(chosen).run()
    at.button(key="report.hl.save.covid19.2022.0").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.success, "a saved message"
    assert tables(at)[0]["주요 내용"][1] == "가락시장(2.16), 미소들병원(1.29) 등"
    # A new generation of the widget shows the saved order.
    assert at.multiselect(key="report.hl.covid19.2022.1").value == chosen
    # Each change went through the change path: it has a history entry, so it can be undone.
    assert services.visit_history(uow, visits["가락시장"].id)[0].changed == ("highlight_rank",)


def test_a_stale_choice_is_refused_and_nothing_written(at, env_db):
    uow = uow_at(db.get_engine(env_db))
    visits = {v.site_name: v for v in reports.counted_visits(uow, [2022])[("covid19", 2022)]}
    target = visits["가락시장"]
    at.multiselect(key="report.hl.covid19.2022.0").set_value([target.id]).run()
    services.update_visit(uow, target.id, target.version, {"notes": "changed elsewhere"})
    at.button(key="report.hl.save.covid19.2022.0").click().run()
    assert not at.exception
    assert at.error, "a stale save must be refused"
    row = reports.build_report(uow, [2022]).rows_of("covid19")[0]
    assert row.highlights == ("미소들병원(1.29)", "자가검사키트 검사소(2.2)", "소공동지하상가(1.11)")


def test_english_page(env_db):
    app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    app.session_state["clock.now"] = NOW
    app.session_state["lang"] = "en"
    app.run()
    app.switch_page("pages/report.py").run()
    assert not app.exception
    assert list(tables(app)[0]["Visits"]) == ["22", "8"]
    db.dispose_engine(env_db)


def test_the_report_opens_on_the_latest_years_that_have_held_visits(env_db):
    """Issue 12: opened in 2026 on the sample (held visits in 2021 and 2022 only), it shows 2021/2022, not zeros."""
    from streamlit.testing.v1 import AppTest

    from tests.app.conftest import ROOT

    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.session_state["clock.now"] = "2026-12-01T09:00:00+09:00"
    at.session_state["lang"] = "ko"
    at.run()
    at.switch_page("pages/report.py").run()
    assert not at.exception
    assert at.multiselect(key="report.years").value == [2021, 2022]
