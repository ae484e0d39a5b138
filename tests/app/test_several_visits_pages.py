"""AppTest of the screens for several visits at once (issue 12, item 7): duplicate a visit from its page,
a weekly series with the holidays listed before saving, and one status for several visits of the log."""

from __future__ import annotations

from datetime import date, time

from planner import db, services
from planner.domain import Status, VisitQuery
from tests.app.conftest import LOG_SECTIONS
from tests.conftest import uow_at


def work(env_db):
    return uow_at(db.get_engine(env_db))


def test_duplicate_from_the_visit_page_makes_a_proposed_copy_and_links_to_it(open_page, env_db):
    at = open_page("pages/visits.py", lang="ko", opened=LOG_SECTIONS)  # the first run loads the sample
    source = services.list_visits(work(env_db), VisitQuery(statuses=(Status.APPROVED,)))[0]
    before = len(services.list_visits(work(env_db)))
    at.query_params["id"] = str(source.id)
    at.session_state[f"visit_copy.{source.id}.open"] = True  # the section is built only while open
    at.switch_page("pages/visit.py").run()
    at.date_input(key=f"visit_copy.{source.id}.duplicate_date").set_value(date(2026, 9, 22))
    at.time_input(key=f"visit_copy.{source.id}.duplicate_time").set_value(time(14, 0))
    at.button(key=f"visit_copy.{source.id}.duplicate_submit").click().run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    visits = services.list_visits(work(env_db))
    assert len(visits) == before + 1
    copy = max(visits, key=lambda v: v.id or 0)
    assert copy.id != source.id and copy.title == source.title and copy.site_id == source.site_id
    assert copy.status == Status.PROPOSED
    assert copy.start.isoformat() == "2026-09-22T14:00:00+09:00"
    assert copy.end - copy.start == source.end - source.start
    assert any(f"#{copy.id}" in s.value for s in at.success)
    links = [p for p in at.get("page_link") if f"#{copy.id}" in p.proto.label]
    assert links and f"id={copy.id}" in links[0].proto.query_string


def test_series_lists_the_skipped_holiday_before_saving_then_saves_all(open_page, env_db):
    at = open_page("pages/visits.py", opened=LOG_SECTIONS)
    before = len(services.list_visits(work(env_db)))
    at.text_input(key="series_form.title").input("주간 간부회의").run()
    at.date_input(key="series_form.start_date").set_value(date(2026, 9, 21)).run()  # a Monday
    at.date_input(key="series_form.end_date").set_value(date(2026, 9, 21)).run()
    at.number_input(key="series_form.count").set_value(4).run()
    # 2026-10-05 is 개천절's substitute holiday: shown before anything is saved.
    assert any("2026-10-05" in w.value for w in at.warning), [w.value for w in at.warning]
    assert len(services.list_visits(work(env_db))) == before
    at.button(key="series_form.submit").click().run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    made = [v for v in services.list_visits(work(env_db)) if v.title == "주간 간부회의"]
    assert sorted(v.start.date().isoformat() for v in made) == ["2026-09-21", "2026-09-28", "2026-10-12", "2026-10-19"]
    assert any("4 visits" in s.value for s in at.success)
    assert at.text_input(key="series_form.1.title").value == ""  # made: the form starts empty


def test_bulk_status_change_needs_the_confirmation_and_names_status_and_count(open_page, env_db):
    at = open_page("pages/visits.py", lang="ko", opened=LOG_SECTIONS)
    proposed = services.list_visits(work(env_db), VisitQuery(statuses=(Status.PROPOSED,)))[:2]
    ids = [v.id for v in proposed]
    at.multiselect(key="bulk.ids").set_value(ids).run()
    at.selectbox(key="bulk.status").set_value("approved").run()
    at.button(key="bulk.apply").click().run()
    assert any("확인란" in e.value for e in at.error)
    assert {services.get_visit(work(env_db), i).status for i in ids} == {Status.PROPOSED}
    at.checkbox(key="bulk.sure").check().run()
    at.button(key="bulk.apply").click().run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert {services.get_visit(work(env_db), i).status for i in ids} == {Status.APPROVED}
    assert any("2건" in s.value and "'승인'" in s.value for s in at.success)
    # Applied: the next change starts with nothing picked and nothing confirmed (new widgets, not the kept ones).
    assert at.multiselect(key="bulk.1.ids").value == []
    assert at.checkbox(key="bulk.1.sure").value is False
    assert not [w for w in at.multiselect if w.key == "bulk.ids"]


def test_bulk_status_change_counts_only_the_visits_it_changed(open_page, env_db):
    at = open_page("pages/visits.py", lang="ko", opened=LOG_SECTIONS)
    proposed = services.list_visits(work(env_db), VisitQuery(statuses=(Status.PROPOSED,)))[0]
    approved = services.list_visits(work(env_db), VisitQuery(statuses=(Status.APPROVED,)))[0]
    at.multiselect(key="bulk.ids").set_value([proposed.id, approved.id]).run()
    at.selectbox(key="bulk.status").set_value("approved").run()
    at.checkbox(key="bulk.sure").check().run()
    at.button(key="bulk.apply").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    (message,) = [s.value for s in at.success]
    assert message.startswith("일정 1건을 '승인'(으)로 바꿨습니다.") and "1건은 이미 '승인'" in message, message
    assert services.get_visit(work(env_db), approved.id).version == approved.version


def test_bulk_status_change_refused_for_one_changes_none(open_page, env_db):
    at = open_page("pages/visits.py", opened=LOG_SECTIONS)
    proposed = services.list_visits(work(env_db), VisitQuery(statuses=(Status.PROPOSED,)))[0]
    done = services.list_visits(work(env_db), VisitQuery(statuses=(Status.DONE,)))[0]
    at.multiselect(key="bulk.ids").set_value([proposed.id, done.id]).run()
    at.selectbox(key="bulk.status").set_value("approved").run()
    at.checkbox(key="bulk.sure").check().run()
    at.button(key="bulk.apply").click().run()
    assert not at.exception
    assert at.error and f"{done.id}" in at.error[0].value
    assert services.get_visit(work(env_db), proposed.id).status == Status.PROPOSED
