"""AppTest of the week calendar (/week, issue 12). The calendar itself is a component (a browser draws it); here
its value is set as the browser would send it: a drag, a click on a visit, a click on an empty slot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planner import calendar_exchange, db, services
from planner.domain import Status, VisitQuery
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


def test_clicking_an_empty_slot_proposes_a_visit_there_with_a_chosen_category(week, env_db):
    send(week, {"callback": "dateClick", "dateClick": {"date": "2022-03-17T13:30:00.000Z", "allDay": False}})
    assert any(s.value == "새 일정 제안 · 2022-03-17 13:30" for s in week.subheader)
    assert week.selectbox(key="week.propose.category").value is None  # never defaulted
    week.text_input(key="week.propose.title").input("망원시장 간담회")
    week.button(key="week.propose.save").click().run()
    assert any("분야" in e.value or "장소" in e.value for e in week.error)  # site and category are chosen
    site = services.list_sites(work(env_db))[0]
    week.selectbox(key="week.propose.site").set_value(site.id)
    week.selectbox(key="week.propose.category").set_value("economy")
    week.button(key="week.propose.check").click().run()
    assert week.success or week.warning or week.error  # the rules' verdict before saving
    week.button(key="week.propose.save").click().run()
    assert any("추가했습니다" in s.value for s in week.success)
    (created,) = [v for v in services.list_visits(work(env_db)) if v.title == "망원시장 간담회"]
    assert (created.start.isoformat(), created.category, created.status) == (
        "2022-03-17T13:30:00+09:00",
        "economy",
        Status.PROPOSED,
    )


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
