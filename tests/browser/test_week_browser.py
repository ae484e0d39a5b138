"""Issue 12, the week calendar in a real browser (FullCalendar in the app's own component, planner.ui.calendar,
served by the app itself): the sample's upcoming visits on their days, busy time shaded, a visit dragged to another day saved
with a new version after the rules ran, and nothing requested from another host."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from urllib.parse import urlparse

import pytest

from planner import calendar_exchange, db, scheduling, services
from planner.domain import OPEN_STATUSES, SEOUL, VisitQuery, to_seoul
from planner.uow import UnitOfWork

CALENDAR = 'iframe[title="planner.ui.calendar.calendar"]'


def wait_until_idle(page) -> None:
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)


@pytest.fixture(scope="module")
def store(app_server, browser):
    """A unit of work on the browser server's database; the server makes it at its first page load."""
    context = browser.new_context()
    first = context.new_page()
    first.goto(app_server.url)
    wait_until_idle(first)
    context.close()
    return UnitOfWork(db.get_engine(app_server.db_url), services.system_clock)


def upcoming(store):
    today = services.system_clock().date()
    return [v for v in services.list_visits(store, VisitQuery(date_from=today)) if v.status in OPEN_STATUSES]


def busy_at(store, start: datetime, minutes: int, summary: str) -> None:
    end = start + timedelta(minutes=minutes)
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:week-busy-{start:%Y%m%d%H%M}@test\r\nDTSTAMP:20220301T000000Z\r\n"
        f"DTSTART;TZID=Asia/Seoul:{start:%Y%m%dT%H%M%S}\r\nDTEND;TZID=Asia/Seoul:{end:%Y%m%dT%H%M%S}\r\n"
        f"SUMMARY:{summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    calendar_exchange.import_ics(store, text.encode(), "busy")


def free_weekday(store, monday: date, avoid: date) -> date:
    """A working day of that week, not ``avoid``, with no visit (so the move meets only the busy block)."""
    taken = {
        to_seoul(v.start).date()
        for v in services.list_visits(store, VisitQuery(date_from=monday, date_to=monday + timedelta(days=6)))
    }
    for i in range(5):
        day = monday + timedelta(days=i)
        if day != avoid and day not in taken and not scheduling.holiday_name(day):
            return day
    pytest.skip("no free working day in the week of the sample's first upcoming visit")


def test_week_view_shows_the_upcoming_visits_busy_time_and_a_drag_saves_through_the_rules(page, app_url, store):
    visits = upcoming(store)
    assert visits, "the sample has upcoming visits"
    v = visits[0]
    day = to_seoul(v.start).date()
    monday = day - timedelta(days=day.weekday())
    in_week = [w for w in visits if monday <= to_seoul(w.start).date() <= monday + timedelta(days=6)]
    target = free_weekday(store, monday, day)
    start = to_seoul(v.start)
    busy_at(store, datetime.combine(target, start.time(), tzinfo=SEOUL), 60, "간부회의")

    page.goto(f"{app_url}/week?date={day.isoformat()}&view=week")
    frame = page.frame_locator(CALENDAR)
    for w in in_week:  # each upcoming visit of the week in its day's column
        cell = frame.locator(f'.fc-timegrid-col[data-date="{to_seoul(w.start).date().isoformat()}"] .visit-{w.id}')
        cell.wait_for(timeout=60_000)
        assert w.title in cell.inner_text()
    shaded = frame.locator(f'.fc-timegrid-col[data-date="{target.isoformat()}"] .fc-bg-event.busy')
    shaded.wait_for(timeout=30_000)
    background = shaded.evaluate("e => getComputedStyle(e).backgroundImage")
    assert "gradient" in background  # hatched, behind the visits
    wait_until_idle(page)

    # Drag the visit to the busy slot of the other day.
    source = frame.locator(f'.fc-timegrid-col[data-date="{day.isoformat()}"] .visit-{v.id}').first
    box = source.bounding_box()
    column = frame.locator(f'.fc-timegrid-col[data-date="{target.isoformat()}"]').first.bounding_box()
    assert box and column
    x, y = box["x"] + box["width"] / 2, box["y"] + min(10, box["height"] / 2)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 5, y + 5, steps=3)
    page.mouse.move(column["x"] + column["width"] / 2, y, steps=15)
    page.mouse.up()

    page.get_by_text("옮겼습니다").wait_for(timeout=60_000)
    page.get_by_text("다른 달력에서 바쁜 시간입니다: 간부회의").wait_for(timeout=30_000)  # the rules ran
    moved = services.get_visit(store, v.id)
    assert to_seoul(moved.start).date() == target and moved.version == v.version + 1
    assert to_seoul(moved.start).time() == start.time() and moved.end - moved.start == v.end - v.start

    hosts = {urlparse(u).hostname for u in page.requests if u.startswith("http")}
    assert hosts == {"127.0.0.1"}, hosts  # FullCalendar and its styles come from the app itself


def test_on_a_phone_the_week_is_a_list_of_its_visits_and_a_click_opens_one(browser, app_url, store):
    """At 390 px seven time columns are unreadable: the calendar lists the week's visits instead."""
    visits = upcoming(store)
    assert visits, "the sample has upcoming visits"
    v = visits[0]
    day = to_seoul(v.start).date()
    context = browser.new_context(viewport={"width": 390, "height": 900}, locale="ko-KR")
    page = context.new_page()
    try:
        page.goto(f"{app_url}/week?date={day.isoformat()}&view=week")
        frame = page.frame_locator(CALENDAR)
        row = frame.locator(f".fc-list-event.visit-{v.id}")
        row.wait_for(timeout=60_000)
        assert v.title in row.inner_text()
        assert frame.locator(".fc-timegrid-col").count() == 0
        wait_until_idle(page)
        row.locator(".fc-list-event-title").click()
        page.wait_for_url(f"**/visit?id={v.id}", timeout=60_000)
    finally:
        context.close()


def test_the_same_slot_clicked_twice_renews_the_form_and_the_calendar_is_not_rebuilt(page, app_url, store):
    """A second identical click (the same slot again) is a new click, not the value the component kept;
    and the reruns the clicks cause keep the calendar that is drawn (it used to be rebuilt on every
    rerun, because its "now" changed: a flicker, and back to the top of the day)."""
    visits = upcoming(store)
    assert visits, "the sample has upcoming visits"
    day = to_seoul(visits[0].start).date()
    monday = day - timedelta(days=day.weekday())
    target = free_weekday(store, monday, day)
    page.goto(f"{app_url}/week?date={target.isoformat()}&view=week")
    frame = page.frame_locator(CALENDAR)
    column = frame.locator(f'.fc-timegrid-col[data-date="{target.isoformat()}"]').first
    column.wait_for(timeout=60_000)
    wait_until_idle(page)
    lane = frame.locator('.fc-timegrid-slot-lane[data-time="19:00:00"]').first
    body = frame.locator(".fc-timegrid-body").first
    body.evaluate("e => { e.dataset.probe = 'drawn once'; }")  # gone if the calendar is built again

    def click_slot() -> None:
        x_box, y_box = column.bounding_box(), lane.bounding_box()
        assert x_box and y_box
        page.mouse.click(x_box["x"] + x_box["width"] / 2, y_box["y"] + 3)  # 19:00, not a snap further

    click_slot()
    page.locator(".st-key-week-propose-slot1-start_time").wait_for(timeout=60_000)
    wait_until_idle(page)
    assert page.locator(".st-key-week-propose-slot1-start_time input").input_value().startswith("19:00")
    click_slot()  # the same slot again: a fresh form for it
    page.locator(".st-key-week-propose-slot2-start_time").wait_for(timeout=60_000)
    wait_until_idle(page)
    assert body.evaluate("e => e.dataset.probe") == "drawn once"


def test_the_calendar_frame_declares_the_pages_language(page, app_url):
    """Screen readers and the browser's hyphenation read the calendar in the page's language."""
    page.goto(f"{app_url}/week?lang=en")
    frame = page.frame_locator(CALENDAR)
    frame.locator(".fc-timegrid-body").wait_for(timeout=60_000)
    assert frame.locator("html").get_attribute("lang") == "en"
