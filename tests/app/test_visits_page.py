"""AppTest interactions on the visit log: add, validate, edit, refuse a stale edit, change status."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from planner import db, services
from tests.app.conftest import LOG_SECTIONS
from tests.conftest import uow_at

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def at(open_page):
    return open_page("pages/visits.py", opened=LOG_SECTIONS)


def _engine(env_db):
    """A unit of work on the page's database (clock: the pinned test time)."""
    return uow_at(db.get_engine(env_db))


def test_first_start_loads_sample_data(at, env_db):
    assert len(services.list_visits(_engine(env_db))) >= 77
    assert any("visits" in c.value for c in at.caption)


def test_add_visit_through_the_form(at, env_db):
    before = len(services.list_visits(_engine(env_db)))
    at.text_input(key="visit_form.title").input("망원시장 상인 간담회")
    at.text_area(key="visit_form.purpose").input("명절 물가 점검")
    at.selectbox(key="visit_form.category").set_value("economy")
    at.button(key="visit_form.submit").click().run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert any("Added" in s.value for s in at.success)
    visits = services.list_visits(_engine(env_db))
    assert len(visits) == before + 1
    # Added: the form starts empty (new widgets), so a second click cannot add the same visit again.
    assert at.text_input(key="visit_form.1.title").value == ""
    assert at.selectbox(key="visit_form.1.category").value is None
    # The cached table follows the write at once.
    assert any(c.value == f"{before + 1} visits" for c in at.caption)
    added = next(v for v in visits if v.title == "망원시장 상인 간담회")
    assert added.status.value == "proposed" and added.purpose == "명절 물가 점검"
    assert added.start.isoformat() == "2022-03-22T10:00:00+09:00"  # a week after the pinned clock


def test_end_before_start_is_refused_with_a_message(at, env_db):
    before = len(services.list_visits(_engine(env_db)))
    at.text_input(key="visit_form.title").input("잘못된 일정")
    at.time_input(key="visit_form.end_time").set_value(time(9, 0))
    at.selectbox(key="visit_form.category").set_value("economy")
    at.button(key="visit_form.submit").click().run()
    assert any("end must be after the start" in e.value for e in at.error)
    assert len(services.list_visits(_engine(env_db))) == before


def test_new_site_outside_seoul_needs_confirmation(at, env_db):
    sites_before = len(services.list_sites(_engine(env_db)))
    at.radio(key="visit_form.site_mode").set_value("new").run()
    at.text_input(key="visit_form.title").input("수원 방문")
    at.text_input(key="visit_form.site_name").input("수원시청")
    at.number_input(key="visit_form.lat").set_value(37.2636)
    at.number_input(key="visit_form.lon").set_value(127.0286)
    at.selectbox(key="visit_form.category").set_value("economy")
    at.button(key="visit_form.submit").click().run()
    assert any("outside Seoul" in e.value for e in at.error)
    assert len(services.list_sites(_engine(env_db))) == sites_before
    at.checkbox(key="visit_form.outside_seoul").check()
    at.selectbox(key="visit_form.category").set_value("economy")
    at.button(key="visit_form.submit").click().run()
    assert not at.error
    assert len(services.list_sites(_engine(env_db))) == sites_before + 1


def test_filters_narrow_the_table(at):
    at.selectbox(key="visits.year").set_value(2021).run()
    at.multiselect(key="visits.categories").set_value(["covid19"]).run()
    assert not at.exception
    assert any(c.value in ("22 visits",) for c in at.caption)


def _pick(at, env_db, title_part):
    visit = next(v for v in services.list_visits(_engine(env_db)) if title_part in v.title)
    at.selectbox(key="visit_edit.id").set_value(visit.id).run()
    return visit


def test_edit_saves_and_raises_version(at, env_db):
    visit = _pick(at, env_db, "혜민병원")
    prefix = f"visit_edit.{visit.id}.{visit.version}"
    at.text_input(key=f"{prefix}.title").input("혜민병원 현장점검 (수정)")
    at.button(key=f"{prefix}.submit").click().run()
    assert not at.error, [e.value for e in at.error]
    stored = services.get_visit(_engine(env_db), visit.id)
    assert stored.title == "혜민병원 현장점검 (수정)" and stored.version == visit.version + 1


def test_stale_edit_is_refused_and_nothing_is_overwritten(at, env_db, now):
    visit = _pick(at, env_db, "혜민병원")
    prefix = f"visit_edit.{visit.id}.{visit.version}"
    # Someone else saves first, after this user opened the form.
    services.update_visit(_engine(env_db), visit.id, visit.version, {"purpose": "다른 사용자"})
    at.text_input(key=f"{prefix}.title").input("내 수정")
    at.button(key=f"{prefix}.submit").click().run()
    assert any("Someone else changed" in e.value for e in at.error)
    stored = services.get_visit(_engine(env_db), visit.id)
    assert stored.title != "내 수정" and stored.purpose == "다른 사용자"


def test_status_change_offers_only_legal_next_steps(at, env_db):
    visit = next(v for v in services.list_visits(_engine(env_db)) if v.status.value == "proposed")
    at.selectbox(key="visit_edit.id").set_value(visit.id).run()
    prefix = f"visit_edit.{visit.id}.{visit.version}"
    box = at.selectbox(key=f"{prefix}.new_status")
    assert sorted(box.options) == sorted(["Approved", "Cancelled"])
    box.set_value("approved")
    at.button(key=f"{prefix}.apply_status").click().run()
    assert services.get_visit(_engine(env_db), visit.id).status.value == "approved"


def test_staff_add_a_category(at, env_db):
    at.text_input(key="category_form.code").input("culture")
    at.text_input(key="category_form.label_ko").input("문화")
    at.text_input(key="category_form.label_en").input("Culture")
    at.button(key="category_form.submit").click().run()
    assert not at.error, [e.value for e in at.error]
    codes = [c.code for c in services.list_categories(_engine(env_db))]
    assert codes[-1] == "culture"
    assert (
        "culture" in at.selectbox(key="visit_form.category").options
        or "Culture" in at.selectbox(key="visit_form.category").options
    )


def test_bad_category_code_is_refused(at, env_db):
    at.text_input(key="category_form.code").input("Bad Code!")
    at.text_input(key="category_form.label_ko").input("문화")
    at.text_input(key="category_form.label_en").input("Culture")
    at.button(key="category_form.submit").click().run()
    assert any("category code" in e.value for e in at.error)
    assert (
        len(services.list_categories(_engine(env_db))) == 6
    )  # the sample categories, council relations (issue 14) included


def test_undo_an_edit_from_the_history(at, env_db, now):
    visit = _pick(at, env_db, "혜민병원")
    services.update_visit(_engine(env_db), visit.id, visit.version, {"title": "실수로 바꾼 제목"})
    at.session_state["visit_edit.seen"] = {}  # reopen: the user sees the new version
    at.run()
    new_version = visit.version + 1
    at.button(key=f"visit_edit.{visit.id}.{new_version}.restore.{visit.version}").click().run()
    assert not at.error, [e.value for e in at.error]
    stored = services.get_visit(_engine(env_db), visit.id)
    assert stored.title == visit.title and stored.version == new_version + 1


def test_adding_a_visit_over_imported_busy_time_warns(at, env_db, now):
    from planner import calendar_exchange

    busy = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:busy-1@test\r\n"
        "DTSTAMP:20220301T000000Z\r\nDTSTART;TZID=Asia/Seoul:20220322T093000\r\n"
        "DTEND;TZID=Asia/Seoul:20220322T103000\r\nSUMMARY:국무회의\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()
    calendar_exchange.import_ics(_engine(env_db), busy, "busy")
    at.text_input(key="visit_form.title").input("겹치는 방문")
    at.selectbox(key="visit_form.category").set_value("economy")
    at.button(key="visit_form.submit").click().run()  # default: a week after the clock, 10:00-11:00
    assert any("국무회의" in w.value for w in at.warning), [w.value for w in at.warning]


def test_a_link_to_a_visit_opens_the_log_with_that_visit_picked(open_page, env_db):
    """Calendars and the day view link to /visits?visit=<id>: the edit panel opens on that visit, even
    when the user had the log open with its sections closed."""
    at = open_page("pages/visits.py")
    assert not [s for s in at.selectbox if s.key == "visit_edit.id"]  # closed
    visit = services.list_visits(_engine(env_db))[5]
    at.query_params["visit"] = str(visit.id)
    at.run()
    assert not at.exception
    assert at.selectbox(key="visit_edit.id").value == visit.id
    assert at.text_input(key=f"visit_edit.{visit.id}.{visit.version}.title").value == visit.title


def test_issue_12_the_same_link_followed_again_opens_the_visit_again(open_page, env_db):
    """Following /visits?visit=<id> a second time (from another page), after closing the section and picking
    another visit, opens the section on the linked visit again (it used to act only once in a session); on the
    page's own reruns the user's pick stands."""
    at = open_page("pages/visits.py")
    visits = services.list_visits(_engine(env_db))
    visit, other = visits[5], visits[6]
    for _ in range(2):
        at.query_params["visit"] = str(visit.id)
        at.switch_page("pages/visits.py").run()
        assert not at.exception
        assert at.selectbox(key="visit_edit.id").value == visit.id
        at.selectbox(key="visit_edit.id").set_value(other.id).run()  # the user's own choice stands
        assert at.selectbox(key="visit_edit.id").value == other.id
        at.session_state["visits.edit_open"] = False  # closed, as a click on its header does
        at.run()
        assert not [s for s in at.selectbox if s.key == "visit_edit.id"]
        at.query_params.pop("visit", None)
        at.switch_page("pages/visit.py").run()  # away, to come back by the same link


def test_issue_12_a_link_to_a_visit_not_in_the_list_says_so(open_page, env_db):
    at = open_page("pages/visits.py", lang="ko")
    at.query_params["visit"] = "99999"
    at.switch_page("pages/visits.py").run()
    assert not at.exception
    assert any("#99999" in w.value and "목록에 없습니다" in w.value for w in at.warning), [w.value for w in at.warning]


def test_issue_13_public_and_embargo_on_the_edit_form(at, env_db):
    from datetime import date, datetime, time

    from planner.domain import SEOUL

    visit = _pick(at, env_db, "혜민병원")
    prefix = f"visit_edit.{visit.id}.{visit.version}"
    at.checkbox(key=f"{prefix}.public").uncheck()
    at.date_input(key=f"{prefix}.embargo_date").set_value(date(2022, 3, 20))
    at.time_input(key=f"{prefix}.embargo_time").set_value(time(14, 30))
    at.button(key=f"{prefix}.submit").click().run()
    assert not at.error, [e.value for e in at.error]
    stored = services.get_visit(_engine(env_db), visit.id)
    assert stored.public is False and stored.embargo_until == datetime(2022, 3, 20, 14, 30, tzinfo=SEOUL)
    # an unrelated edit keeps the embargo as stored; clearing the date clears it
    at.session_state["visit_edit.seen"] = {}
    prefix = f"visit_edit.{visit.id}.{stored.version}"
    at.run()
    at.text_input(key=f"{prefix}.title").input(stored.title + " ·")
    at.button(key=f"{prefix}.submit").click().run()
    again = services.get_visit(_engine(env_db), visit.id)
    assert again.embargo_until == stored.embargo_until and again.version == stored.version + 1
    at.session_state["visit_edit.seen"] = {}
    prefix = f"visit_edit.{visit.id}.{again.version}"
    at.run()
    at.date_input(key=f"{prefix}.embargo_date").set_value(None)
    at.button(key=f"{prefix}.submit").click().run()
    assert services.get_visit(_engine(env_db), visit.id).embargo_until is None


# ---------------------------------------------------------------- saving over a blocking scheduling rule


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_add_on_a_holiday_is_refused_then_saved_with_a_stated_reason(open_page, env_db, lang):
    """Issue 11: a save refused by a blocking scheduling rule shows the problems and offers an override with a
    reason; an empty reason is refused; the reason is recorded through the change path (as ``--override``)."""
    from datetime import date

    from planner.i18n import t

    at = open_page("pages/visits.py", lang=lang, opened=LOG_SECTIONS)
    before = len(services.list_visits(_engine(env_db)))
    at.text_input(key="visit_form.title").input("삼일절 기념식 참석")
    at.date_input(key="visit_form.start_date").set_value(date(2022, 3, 1))
    at.date_input(key="visit_form.end_date").set_value(date(2022, 3, 1))
    at.selectbox(key="visit_form.category").set_value("economy")
    at.button(key="visit_form.submit").click().run()
    assert not at.exception, at.exception
    assert any("삼일절" in e.value for e in at.error), [e.value for e in at.error]  # the problem, by name
    assert any(i.value == t("override.hint", lang) for i in at.info)
    assert len(services.list_visits(_engine(env_db))) == before  # refused
    at.button(key="visit_form.override_save").click().run()  # no reason: still refused
    assert any(e.value == t("override.reason_required", lang) for e in at.error)
    assert len(services.list_visits(_engine(env_db))) == before
    at.text_input(key="visit_form.override_reason").input("기념식은 공휴일에 열립니다")
    at.button(key="visit_form.override_save").click().run()
    assert not at.exception, at.exception
    visits = services.list_visits(_engine(env_db))
    assert len(visits) == before + 1
    added = next(v for v in visits if v.title == "삼일절 기념식 참석")
    assert added.override_reason == "기념식은 공휴일에 열립니다"
    assert added.start.date() == date(2022, 3, 1)
    assert any(t("visits.added", lang, title="삼일절 기념식 참석") in s.value for s in at.success)
    assert not [k for k in at.session_state if k == "visit_form.pending"]


def test_issue_12_the_override_saves_only_what_the_form_shows(open_page, env_db):
    """The reason and its button sit in the form: pressing it submits the form as it stands. A title changed after
    the refusal is not saved under the old one: the user is told to save again, and nothing is written."""
    from datetime import date

    at = open_page("pages/visits.py", lang="ko", opened=LOG_SECTIONS)
    at.text_input(key="visit_form.title").input("원래 제목")
    at.date_input(key="visit_form.start_date").set_value(date(2022, 3, 1))
    at.date_input(key="visit_form.end_date").set_value(date(2022, 3, 1))
    at.selectbox(key="visit_form.category").set_value("economy")
    at.button(key="visit_form.submit").click().run()
    assert any("삼일절" in e.value for e in at.error)
    at.text_input(key="visit_form.title").input("바꾼 제목")
    at.text_input(key="visit_form.override_reason").input("기념식은 공휴일에 열립니다")
    at.button(key="visit_form.override_save").click().run()
    assert not at.exception, at.exception
    assert any("다시 저장하세요" in i.value for i in at.info), [i.value for i in at.info]
    titles = {v.title for v in services.list_visits(_engine(env_db))}
    assert "원래 제목" not in titles and "바꾼 제목" not in titles


def test_a_field_error_offers_no_override(at, env_db):
    """Only scheduling rules may be overridden: a field's refusal shows no reason box."""
    at.text_input(key="visit_form.title").input("잘못된 일정")
    at.time_input(key="visit_form.end_time").set_value(time(9, 0))
    at.selectbox(key="visit_form.category").set_value("economy")
    at.button(key="visit_form.submit").click().run()
    assert at.error and not [b for b in at.button if b.key == "visit_form.override_save"]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_edit_onto_a_holiday_is_saved_with_a_reason_that_the_history_shows(open_page, env_db, lang):
    from datetime import date, datetime

    from planner.domain import SEOUL
    from planner.i18n import t

    at = open_page("pages/visits.py", lang=lang, opened=LOG_SECTIONS)  # the first start makes the database
    work = _engine(env_db)
    site = services.list_sites(work)[0]
    start = datetime(2022, 3, 22, 10, 0, tzinfo=SEOUL)
    mine = services.add_visit(work, services.VisitDraft("옮길 일정", site.id, start, start.replace(hour=11), "economy"))
    at.run()
    at.selectbox(key="visit_edit.id").set_value(mine.id).run()
    prefix = f"visit_edit.{mine.id}.1"
    at.date_input(key=f"{prefix}.start_date").set_value(date(2022, 3, 1))
    at.date_input(key=f"{prefix}.end_date").set_value(date(2022, 3, 1))
    at.button(key=f"{prefix}.submit").click().run()
    assert any("삼일절" in e.value for e in at.error), [e.value for e in at.error]
    assert services.get_visit(work, mine.id).version == 1  # refused
    at.text_input(key=f"{prefix}.override_reason").input("기념식 일정에 맞춤")
    at.button(key=f"{prefix}.override_save").click().run()
    assert not at.exception, at.exception
    stored = services.get_visit(work, mine.id)
    assert stored.version == 2 and stored.start.date() == date(2022, 3, 1)
    assert stored.override_reason == "기념식 일정에 맞춤"
    (entry,) = services.visit_history(work, mine.id)
    assert "override_reason" in entry.changed
    shown = t("history.override", lang, version=2, reason="기념식 일정에 맞춤")
    assert any(c.value == shown for c in at.caption), [c.value for c in at.caption]
    assert any(t("field.override_reason", lang) in c.value for c in at.caption)  # the entry's changed fields


@pytest.mark.parametrize("status", ["approved", "confirmed"])
def test_issue_12_the_status_default_is_the_next_step_never_cancel(at, env_db, status):
    visit = next(v for v in services.list_visits(_engine(env_db)) if v.status.value == status)
    at.selectbox(key="visit_edit.id").set_value(visit.id).run()
    prefix = f"visit_edit.{visit.id}.{visit.version}"
    box = at.selectbox(key=f"{prefix}.new_status")
    assert box.value != "cancelled" and box.options[-1] == "Cancelled"
    at.button(key=f"{prefix}.apply_status").click().run()  # the default applied: a step forward
    stored = services.get_visit(_engine(env_db), visit.id)
    assert stored.status.value == {"approved": "confirmed", "confirmed": "done"}[status]
    label = {"approved": "Confirmed", "confirmed": "Done"}[status]
    assert any(f"Status is now '{label}'" in s.value for s in at.success), [s.value for s in at.success]


def test_issue_12_cancel_in_the_log_needs_a_reason_and_a_confirmation(at, env_db):
    visit = next(v for v in services.list_visits(_engine(env_db)) if v.status.value == "approved")
    at.selectbox(key="visit_edit.id").set_value(visit.id).run()
    prefix = f"visit_edit.{visit.id}.{visit.version}"
    at.selectbox(key=f"{prefix}.new_status").set_value("cancelled").run()
    at.button(key=f"{prefix}.apply_status").click().run()  # no confirmation
    assert any("Tick the confirmation" in e.value for e in at.error)
    at.checkbox(key=f"{prefix}.cancel_sure").check()
    at.button(key=f"{prefix}.apply_status").click().run()  # no reason
    assert any("Reason for cancelling" in e.value for e in at.error)
    assert services.get_visit(_engine(env_db), visit.id).status.value == "approved"
    at.text_input(key=f"{prefix}.cancel_reason").input("행사 연기")
    at.button(key=f"{prefix}.apply_status").click().run()
    assert any("Status is now 'Cancelled'" in s.value for s in at.success)
    stored = services.get_visit(_engine(env_db), visit.id)
    assert (stored.status.value, stored.cancel_reason) == ("cancelled", "행사 연기")


def test_issue_12_each_row_of_the_log_links_to_the_visit_page(at, env_db):
    frame = at.dataframe[0].value
    assert frame.columns[0] == "Open"
    assert all(link == f"visit?id={i}" for link, i in zip(frame["Open"], frame["ID"], strict=True))


def test_issue_12_the_old_link_still_opens_the_log_and_offers_the_visit_page(open_page, env_db):
    at = open_page("pages/visits.py", opened=LOG_SECTIONS)
    visit = services.list_visits(_engine(env_db))[5]
    at.query_params["visit"] = str(visit.id)
    at.run()
    assert at.selectbox(key="visit_edit.id").value == visit.id
    assert f"id={visit.id}" in [e.proto.query_string for e in at.get("page_link")]


def test_issue_12_a_long_log_shows_its_table_a_window_at_a_time(open_page, env_db, monkeypatch):
    """Past TABLE_ROWS rows the table shows one window (newest first) and offers the others;
    the count, the chart and the CSV still take every row."""
    from planner.ui import visits as visit_widgets

    monkeypatch.setattr(visit_widgets, "TABLE_ROWS", 30)
    at = open_page("pages/visits.py")
    newest_first = [v.id for v in services.list_visits(_engine(env_db))][::-1]
    assert len(newest_first) > 60
    assert any(c.value == f"{len(newest_first)} visits" for c in at.caption)
    table = at.dataframe[0].value
    assert list(table["ID"]) == newest_first[:30]
    window = at.selectbox(key="visits.rows")
    assert window.options[:2] == ["1–30", "31–60"]
    window.set_value(30).run()
    assert list(at.dataframe[0].value["ID"]) == newest_first[30:60]
    # A narrower filter with fewer rows than the window shows them all, with no window choice.
    at.text_input(key="visits.text").input("망원").run()
    assert len(at.dataframe[0].value) < 30 and not [s for s in at.selectbox if s.key == "visits.rows"]


def test_issue_12_the_add_form_has_no_default_category_and_refuses_a_save_without_one(at, env_db):
    assert at.selectbox(key="visit_form.category").value is None
    before = len(services.list_visits(_engine(env_db)))
    at.text_input(key="visit_form.title").input("분야 없는 일정")
    at.button(key="visit_form.submit").click().run()
    assert any("category" in e.value.lower() for e in at.error), [e.value for e in at.error]
    assert len(services.list_visits(_engine(env_db))) == before
