"""AppTest of the week calendar (/week, issue 12). The calendar itself is a component (a browser draws it); here
its value is set as the browser would send it: a drag, a click on a visit, a click on an empty slot."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planner import calendar_exchange, db, services
from planner.domain import SEOUL, Status, VisitQuery
from tests.app.conftest import CLOCK
from tests.conftest import uow_at

ROOT = Path(__file__).resolve().parents[2]
KEY = "week.calendar.week.2022-03-14"  # the week of the pinned clock, 2022-03-15


@pytest.fixture
def week(env_db):
    app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    app.session_state["clock.now"] = CLOCK
    app.session_state["lang"] = "ko"
    app.run()
    app.switch_page("pages/week.py").run()
    assert not app.exception, app.exception
    yield app
    db.dispose_engine(env_db)


def work(env_db):
    return uow_at(db.get_engine(env_db))


def events(at: AppTest) -> dict[str, dict]:
    (component,) = at.get("component_instance")
    return {e["id"]: e for e in json.loads(component.proto.json_args)["events"]}


def send(at: AppTest, value: dict) -> AppTest:
    at.session_state[KEY] = value
    return at.run()


def drag(event: dict, start: str, end: str) -> dict:
    moved = {**event, "start": start + "Z", "end": end + "Z"}
    return {"callback": "eventChange", "eventChange": {"event": moved, "oldEvent": event, "relatedEvents": []}}


def test_the_week_shows_its_visits_and_busy_time(week, env_db):
    shown = events(week)
    stored = services.list_visits(work(env_db), VisitQuery())
    in_week = [v for v in stored if "2022-03-14" <= v.start.date().isoformat() <= "2022-03-20"]
    assert {f"v{v.id}" for v in in_week} == set(shown)
    busy = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:b@t\r\nDTSTAMP:20220301T000000Z\r\n"
        "DTSTART;TZID=Asia/Seoul:20220317T080000\r\nDTEND;TZID=Asia/Seoul:20220317T090000\r\nSUMMARY:간부회의\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()
    calendar_exchange.import_ics(work(env_db), busy, "busy")
    week.run()
    (block,) = [e for e in events(week).values() if e.get("display") == "background"]
    assert block["title"] == "간부회의" and block["start"] == "2022-03-17T08:00:00"


def test_a_drag_saves_through_the_change_path_with_a_new_version(week, env_db):
    event = next(e for e in events(week).values() if e.get("editable"))
    vid = event["extendedProps"]["visit_id"]
    before = services.get_visit(work(env_db), vid)
    send(week, drag(event, "2022-03-18T15:00:00", "2022-03-18T16:30:00"))
    assert not week.exception
    assert any(s.value.startswith("옮겼습니다: ") and f"(판 {before.version + 1})" in s.value for s in week.success)
    after = services.get_visit(work(env_db), vid)
    assert (after.version, after.start.isoformat(), after.end.isoformat()) == (
        before.version + 1,
        "2022-03-18T15:00:00+09:00",
        "2022-03-18T16:30:00+09:00",
    )
    assert events(week)[f"v{vid}"]["start"] == "2022-03-18T15:00:00"


def test_a_move_a_rule_blocks_is_refused_with_the_message_and_nothing_changes(week, env_db):
    event = next(e for e in events(week).values() if e.get("editable"))
    vid = event["extendedProps"]["visit_id"]
    before = services.get_visit(work(env_db), vid)
    send(week, drag(event, "2022-03-01T10:00:00", "2022-03-01T11:00:00"))  # 삼일절: holiday=blocking
    assert any("삼일절" in e.value for e in week.error), [e.value for e in week.error]
    assert services.get_visit(work(env_db), vid) == before
    assert events(week)[f"v{vid}"]["extendedProps"]["rev"] == 1  # the calendar is told to put it back


def test_a_stale_drag_is_refused(week, env_db):
    event = next(e for e in events(week).values() if e.get("editable"))
    vid = event["extendedProps"]["visit_id"]
    current = services.get_visit(work(env_db), vid)
    services.update_visit(work(env_db), vid, current.version, {"notes": "다른 사람"})
    send(week, drag(event, "2022-03-18T15:00:00", "2022-03-18T16:00:00"))
    assert week.error and services.get_visit(work(env_db), vid).start == current.start


def test_clicking_a_visit_opens_its_page(week, env_db):
    event = next(iter(e for e in events(week).values() if e["id"].startswith("v")))
    vid = event["extendedProps"]["visit_id"]
    send(week, {"callback": "eventClick", "eventClick": {"event": event}})
    assert not week.exception
    assert week.title[0].value.startswith(f"#{vid} · ")


def click_slot(at: AppTest, when: str, all_day: bool = False) -> AppTest:
    """A click on an empty slot (``when`` as the calendar sends it)."""
    send(at, {"callback": "dateClick", "dateClick": {"date": when, "allDay": all_day}})
    assert not at.exception, at.exception
    return at


def start_widget(at: AppTest, kind: str):
    """The form's start date or time widget (renewed for each clicked slot)."""
    (found,) = [
        w
        for w in (at.date_input if kind == "date" else at.time_input)
        if w.key.startswith("week.propose.slot") and w.key.endswith(f".start_{kind}")
    ]
    return found


def end_caption(at: AppTest) -> str:
    (end,) = [c.value for c in at.caption if c.value.startswith("종료:")]
    return end


def fill(at: AppTest, title: str, site_id: int, category: str = "economy") -> AppTest:
    at.text_input(key="week.propose.title").input(title)
    at.selectbox(key="week.propose.site").set_value(site_id)
    at.selectbox(key="week.propose.category").set_value(category)
    return at


def save(at: AppTest) -> AppTest:
    at.button(key="week.propose.save").click().run()
    assert not at.exception, at.exception
    return at


def titled(env_db, title: str) -> list:
    return [v for v in services.list_visits(work(env_db), VisitQuery()) if v.title == title]


def test_clicking_an_empty_slot_proposes_a_visit_there_with_a_chosen_category(week, env_db):
    click_slot(week, "2022-03-17T13:30:00.000Z")
    assert any(s.value == "새 일정 제안 · 2022-03-17 13:30" for s in week.subheader)
    assert week.selectbox(key="week.propose.category").value is None  # never defaulted
    week.text_input(key="week.propose.title").input("망원시장 간담회")
    save(week)
    assert any("분야" in e.value or "장소" in e.value for e in week.error)  # site and category are chosen
    assert not titled(env_db, "망원시장 간담회")
    site = services.list_sites(work(env_db))[0]
    week.selectbox(key="week.propose.site").set_value(site.id)
    week.selectbox(key="week.propose.category").set_value("economy")
    save(week)
    if [b for b in week.button if b.key == "week.propose.save_anyway"]:  # the sample may have a visit then
        week.button(key="week.propose.save_anyway").click().run()
    assert any("추가했습니다" in s.value for s in week.success)
    (created,) = titled(env_db, "망원시장 간담회")
    assert (created.start.isoformat(), created.end.isoformat(), created.category, created.status) == (
        "2022-03-17T13:30:00+09:00",
        "2022-03-17T14:30:00+09:00",
        "economy",
        Status.PROPOSED,
    )


def test_a_slot_click_prefills_the_start_and_the_end_follows_the_duration(week, env_db):
    click_slot(week, "2022-03-18T14:00:00.000Z")
    assert (start_widget(week, "date").value.isoformat(), start_widget(week, "time").value.isoformat()) == (
        "2022-03-18",
        "14:00:00",
    )
    assert start_widget(week, "date").proto.format == "YYYY-MM-DD"
    assert end_caption(week) == "종료: 2022-03-18 15:00"
    week.number_input(key="week.propose.minutes").set_value(90).run()
    assert end_caption(week) == "종료: 2022-03-18 15:30"
    start_widget(week, "time").set_value(start_widget(week, "time").value.replace(hour=16)).run()
    assert end_caption(week) == "종료: 2022-03-18 17:30"  # only the start changed: the end moves with it
    # Another click: the form starts again from that slot; a click on a day (month view) gives 10:00 that day.
    click_slot(week, "2022-03-19T00:00:00.000Z", all_day=True)
    assert (start_widget(week, "date").value.isoformat(), start_widget(week, "time").value.isoformat()) == (
        "2022-03-19",
        "10:00:00",
    )
    assert week.selectbox(key="week.propose.category").value is None


def test_a_slot_in_the_past_is_refused_until_confirmed(week, env_db):
    site = services.list_sites(work(env_db))[0]
    click_slot(week, "2022-03-14T10:00:00.000Z")  # the day before the pinned clock (2022-03-15 09:00)
    assert any("이미 지났습니다" in w.value for w in week.warning)
    fill(week, "지난 시각 제안", site.id)
    save(week)
    assert any("확인란을 선택하세요" in e.value for e in week.error)
    assert not titled(env_db, "지난 시각 제안")  # refused: nothing written
    (confirm,) = [c for c in week.checkbox if c.key.endswith(".past_ok")]
    confirm.check().run()
    save(week)
    if [b for b in week.button if b.key == "week.propose.save_anyway"]:
        week.button(key="week.propose.save_anyway").click().run()
    (created,) = titled(env_db, "지난 시각 제안")
    assert created.start.isoformat() == "2022-03-14T10:00:00+09:00"


def test_a_save_onto_a_holiday_shows_the_problem_first_and_saves_with_a_stated_reason(week, env_db):
    site = services.list_sites(work(env_db))[0]
    click_slot(week, "2022-05-05T10:00:00.000Z")  # 어린이날
    fill(week, "어린이날 행사", site.id)
    save(week)
    assert any("어린이날" in e.value for e in week.error), [e.value for e in week.error]
    assert not titled(env_db, "어린이날 행사")  # shown before saving: nothing written
    week.button(key="week.propose.override_save").click().run()
    assert any(e.value == "규칙을 무시하고 저장하려면 사유를 적어야 합니다." for e in week.error)
    assert not titled(env_db, "어린이날 행사")
    week.text_input(key="week.propose.override_reason").input("시장 참석 행사")
    week.button(key="week.propose.override_save").click().run()
    assert not week.exception, week.exception
    (created,) = titled(env_db, "어린이날 행사")
    assert services.get_visit(work(env_db), created.id).override_reason == "시장 참석 행사"
    assert any("추가했습니다" in s.value for s in week.success)


def visit_at_two(env_db):
    """A visit "먼저 잡힌 일정" on 2022-06-14 14:00-15:00 at the first site: a slot clicked at 14:30 overlaps it.
    Returns that site and the visit."""
    site = services.list_sites(work(env_db))[0]
    start = datetime(2022, 6, 14, 14, 0, tzinfo=SEOUL)
    visit = services.add_visit(
        work(env_db), services.VisitDraft("먼저 잡힌 일정", site.id, start, start + timedelta(hours=1), "economy")
    )
    return site, visit


def test_a_warning_shows_before_saving_and_save_anyway_saves(week, env_db):
    site, _ = visit_at_two(env_db)
    click_slot(week, "2022-06-14T14:30:00.000Z")
    fill(week, "겹치는 제안", site.id)
    save(week)
    assert any(
        w.value.startswith("주의: 같은 시간에 다른 일정이 있습니다: ") and "먼저 잡힌 일정" in w.value
        for w in week.warning
    )
    assert not week.error, [e.value for e in week.error]
    assert not titled(env_db, "겹치는 제안")  # the warning first: nothing written
    week.button(key="week.propose.save_anyway").click().run()
    assert not week.exception, week.exception
    (created,) = titled(env_db, "겹치는 제안")
    assert created.start.isoformat() == "2022-06-14T14:30:00+09:00"
    assert any("추가했습니다" in s.value for s in week.success)


def test_a_held_proposal_is_dropped_when_its_time_changes_after_the_warning(week, env_db):
    """The time fields sit outside the form: changed after the warning, "save anyway" must not save the old time."""
    site, _ = visit_at_two(env_db)
    click_slot(week, "2022-06-14T14:30:00.000Z")
    fill(week, "시각이 바뀐 제안", site.id)
    save(week)
    assert [b for b in week.button if b.key == "week.propose.save_anyway"]
    start_widget(week, "time").set_value(time(17, 0)).run()
    assert any("다시 저장하세요" in i.value for i in week.info), [i.value for i in week.info]
    assert not [b for b in week.button if b.key == "week.propose.save_anyway"]
    assert not titled(env_db, "시각이 바뀐 제안")
    save(week)  # no visit at 17:00: saved at once, at the time shown
    (created,) = titled(env_db, "시각이 바뀐 제안")
    assert created.start.isoformat() == "2022-06-14T17:00:00+09:00"


def test_save_anyway_saves_what_the_form_shows_and_checks_a_changed_one_again(week, env_db):
    """ "Save anyway" sits in the form: a title and site changed after the warning are what is checked and saved,
    never the held draft; a changed proposal needs a new confirmation."""
    site, _ = visit_at_two(env_db)
    other = services.list_sites(work(env_db))[1]
    click_slot(week, "2022-06-14T14:30:00.000Z")
    fill(week, "원래 제목", site.id)
    save(week)
    assert any("먼저 잡힌 일정" in w.value for w in week.warning)
    week.text_input(key="week.propose.title").input("바꾼 제목")
    week.selectbox(key="week.propose.site").set_value(other.id)
    week.button(key="week.propose.save_anyway").click().run()
    assert not week.exception, week.exception
    assert not titled(env_db, "원래 제목") and not titled(env_db, "바꾼 제목")  # checked again, not saved
    assert any("다시 검사했습니다" in i.value for i in week.info), [i.value for i in week.info]
    assert any("먼저 잡힌 일정" in w.value for w in week.warning)  # the same time: the warning again
    week.button(key="week.propose.save_anyway").click().run()
    (created,) = titled(env_db, "바꾼 제목")
    assert created.site_id == other.id and not titled(env_db, "원래 제목")


def test_a_held_proposal_is_not_saved_unasked_when_its_problem_goes_away(week, env_db):
    """The other visit moves away while the warning is shown: the proposal is not saved by the next rerun; the
    user is told to save again."""
    site, other = visit_at_two(env_db)
    start = other.start
    click_slot(week, "2022-06-14T14:30:00.000Z")
    fill(week, "저절로 저장되면 안 되는 제안", site.id)
    save(week)
    assert [b for b in week.button if b.key == "week.propose.save_anyway"]
    services.update_visit(
        work(env_db),
        other.id,
        other.version,
        {"start": start + timedelta(days=1), "end": start + timedelta(days=1, hours=1)},
    )
    week.run()
    assert not week.exception, week.exception
    assert not titled(env_db, "저절로 저장되면 안 되는 제안")
    assert any("다시 누르세요" in i.value for i in week.info), [i.value for i in week.info]


def test_the_view_and_date_come_from_the_url(env_db):
    app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    app.session_state["clock.now"] = CLOCK
    app.run()
    app.query_params["date"] = "2022-05-10"
    app.query_params["view"] = "month"
    app.switch_page("pages/week.py").run()
    (component,) = app.get("component_instance")
    options = json.loads(component.proto.json_args)["options"]
    assert (options["initialView"], options["initialDate"]) == ("dayGridMonth", "2022-05-10")
    db.dispose_engine(env_db)
