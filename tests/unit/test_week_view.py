"""The week calendar's data (issue 12), without Streamlit or a browser: events, times across, actions back."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner import week_view
from planner.domain import SEOUL, BusyBlock, Category, Status, Visit

CATS = [Category("economy", "경제·민생", "Economy", "#1f77b4", "policy")]


def visit(i: int, status: Status = Status.APPROVED, **kw) -> Visit:
    start = datetime(2022, 3, 16, 10, tzinfo=SEOUL)
    values = dict(
        id=i, uid=f"u{i}", title=f"방문 {i}", site_id=1, start=start, end=start + timedelta(hours=1),
        category="economy", status=status, version=3,
    )  # fmt: skip
    values.update(kw)
    return Visit(**values)


@given(
    st.datetimes(min_value=datetime(1901, 1, 1), max_value=datetime(2099, 12, 31)).map(
        lambda d: d.replace(microsecond=0)
    )
)
def test_a_time_crosses_to_the_calendar_and_back_unchanged(naive):
    seoul = naive.replace(tzinfo=SEOUL)
    text = week_view.wall(seoul)
    assert "+" not in text and "Z" not in text
    # FullCalendar in its UTC time zone sends the same wall-clock text back, with a Z (and milliseconds).
    assert week_view.from_wall(text + "Z") == seoul == week_view.from_wall(text)
    assert week_view.from_wall(text.replace("Z", "") + ".000Z") == seoul


def test_view_ranges_are_whole_weeks_from_monday():
    assert week_view.view_range(date(2022, 3, 17), "week") == (date(2022, 3, 14), date(2022, 3, 20))
    first, last = week_view.view_range(date(2022, 3, 17), "month")
    assert first == date(2022, 2, 28) and first.weekday() == 0 and (last - first).days == 41
    assert week_view.shift(date(2022, 12, 20), "month", 1) == date(2023, 1, 1)
    assert week_view.shift(date(2022, 1, 5), "month", -1) == date(2021, 12, 1)
    assert week_view.shift(date(2022, 3, 17), "week", -1) == date(2022, 3, 10)


def test_events_colour_by_category_shade_busy_time_and_mark_problems():
    busy = BusyBlock(
        7, "b", "", "간부회의", datetime(2022, 3, 16, 9, tzinfo=SEOUL), datetime(2022, 3, 16, 10, tzinfo=SEOUL)
    )
    data = week_view.CalendarData((visit(1), visit(2, Status.DONE), visit(3, Status.PROPOSED)), (busy,), {1: 2})
    events = {e["id"]: e for e in week_view.events(data, CATS, "ko", revision=4)}
    one = events["v1"]
    assert one["backgroundColor"] == "#1f77b4" and one["start"] == "2022-03-16T10:00:00"
    assert one["title"] == "⚠ 방문 1" and "has-problem" in one["classNames"] and one["borderColor"] != "#1f77b4"
    assert one["editable"] is True and one["extendedProps"] == {"visit_id": 1, "version": 3, "rev": 4}
    assert events["v2"]["editable"] is False  # done: not moved by a drag
    assert events["v3"]["title"] == "방문 3 (제안)"
    shaded = events["b7"]
    assert (
        shaded["display"] == "background"
        and "busy" in shaded["classNames"]
        and shaded["start"] == "2022-03-16T09:00:00"
    )


def test_the_calendar_runs_in_utc_so_it_shows_seoul_wall_clock_in_any_browser():
    options = week_view.options("week", date(2022, 3, 16), datetime(2022, 3, 15, 9, tzinfo=SEOUL), "ko")
    assert options["timeZone"] == "UTC" and options["now"] == "2022-03-15T09:00:00"
    assert options["initialView"] == "timeGridWeek" and options["firstDay"] == 1
    assert options["locale"]["allDayText"] == "종일"
    assert week_view.options("month", date(2022, 3, 16), datetime(2022, 3, 15), "en")["initialView"] == "dayGridMonth"


def test_actions_read_from_the_components_value():
    assert week_view.action_of(None) is None and week_view.action_of({}) is None
    click = {"callback": "eventClick", "eventClick": {"event": {"extendedProps": {"visit_id": 5}}}}
    assert week_view.action_of(click) == week_view.Action("open", visit_id=5)
    busy_click = {"callback": "eventClick", "eventClick": {"event": {"extendedProps": {}}}}
    assert week_view.action_of(busy_click) is None
    slot = {"callback": "dateClick", "dateClick": {"date": "2022-03-17T14:30:00.000Z", "allDay": False}}
    assert week_view.action_of(slot).start == datetime(2022, 3, 17, 14, 30, tzinfo=SEOUL)
    move = {
        "callback": "eventChange",
        "eventChange": {
            "event": {
                "start": "2022-03-18T11:00:00Z",
                "end": "2022-03-18T12:30:00Z",
                "extendedProps": {"visit_id": 9, "version": 2},
            }
        },
    }
    action = week_view.action_of(move)
    assert (action.kind, action.visit_id, action.version) == ("move", 9, 2)
    assert action.end == datetime(2022, 3, 18, 12, 30, tzinfo=SEOUL)
    broken = {
        "callback": "eventChange",
        "eventChange": {"event": {"start": "99999", "extendedProps": {"visit_id": 9, "version": 2}}},
    }
    assert week_view.action_of(broken) is None


@pytest.mark.parametrize(
    ("start", "end", "all_day", "expected"),
    [
        ("2022-03-18T11:00:00", "2022-03-18T12:30:00", False, ((3, 18, 11, 0), (3, 18, 12, 30))),  # resized
        ("2022-03-18T00:00:00", None, True, ((3, 18, 10, 0), (3, 18, 11, 0))),  # dropped on a day: time kept
    ],
)
def test_moved_times(start, end, all_day, expected):
    action = week_view.Action(
        "move", 1, 3, week_view.from_wall(start), week_view.from_wall(end) if end else None, all_day=all_day
    )
    new_start, new_end = week_view.moved_times(visit(1), action)
    assert (new_start, new_end) == tuple(datetime(2022, m, d, h, mi, tzinfo=SEOUL) for m, d, h, mi in expected)
