"""The week and month calendar (issue 12): visits and busy time as FullCalendar events, and what the calendar
sends back (a click on a visit, on an empty slot, a visit dragged or resized) as plain values.

Times cross to the calendar as Seoul wall-clock text without an offset, and the calendar runs in its "UTC"
time zone, which shows such text as it is: the calendar shows Seoul time in any browser, whatever its own time
zone. What comes back (``...Z`` or no offset) is read the same way, as Seoul wall-clock time.

Read-only; a move goes through ``services.update_visit`` (the change path, with its version check and rules).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from planner import repository, services
from planner.domain import (
    SEOUL,
    BusyBlock,
    Category,
    PlannerError,
    Status,
    Visit,
    VisitQuery,
    check_date_range,
    to_seoul,
)
from planner.i18n import t
from planner.uow import UnitOfWork

VIEWS = {"week": "timeGridWeek", "month": "dayGridMonth"}
BUSY_COLOR = "#9e9e9e"
EDITABLE = frozenset({Status.PROPOSED, Status.APPROVED, Status.CONFIRMED})


def wall(value: datetime) -> str:
    """A time as Seoul wall-clock text without an offset (what the calendar shows as it is)."""
    return to_seoul(value).replace(tzinfo=None).isoformat(timespec="seconds")


def from_wall(text: str) -> datetime:
    """A time the calendar sent back (``2022-03-17T10:00:00Z``, ``…000Z`` or without an offset) as Seoul time."""
    value = datetime.fromisoformat(str(text).strip().removesuffix("Z").removesuffix("+00:00"))
    check_date_range(value, "start")
    return value.replace(tzinfo=SEOUL)


def view_range(anchor: date, view: str) -> tuple[date, date]:
    """The first and last day the view shows around ``anchor``: its Monday-to-Sunday week, or the month's
    grid of whole weeks (Monday first)."""
    if view == "month":
        first = anchor.replace(day=1)
        start = first - timedelta(days=first.weekday())
        return start, start + timedelta(days=41)  # FullCalendar's month grid: six weeks
    start = anchor - timedelta(days=anchor.weekday())
    return start, start + timedelta(days=6)


def shift(anchor: date, view: str, steps: int) -> date:
    """``anchor`` moved by whole weeks or months."""
    if view == "month":
        month = anchor.year * 12 + anchor.month - 1 + steps
        return date(month // 12, month % 12 + 1, 1)
    return anchor + timedelta(days=7 * steps)


@dataclass(frozen=True)
class CalendarData:
    visits: tuple[Visit, ...]
    busy: tuple[BusyBlock, ...]
    problems: dict[int, int]  # visit id -> how many problems the rules find (blocking or warning)


def calendar_data(uow: UnitOfWork, first: date, last: date) -> CalendarData:
    """The visits and busy time of the days ``first``..``last`` and, for the open visits, their problems."""
    midnight = datetime.combine(first, time.min, tzinfo=SEOUL)
    with uow.transaction() as conn:
        visits = tuple(repository.list_visits(conn, VisitQuery(date_from=first, date_to=last)))
        busy = tuple(repository.list_busy_blocks(conn, midnight, midnight + timedelta(days=(last - first).days + 1)))
        problems = {
            v.id: len(found) for v in visits if v.is_open and v.id and (found := services.visit_problems(uow, v))
        }
    return CalendarData(visits, busy, problems)


def events(data: CalendarData, categories: Sequence[Category], lang: str, revision: int = 0) -> list[dict[str, Any]]:
    """FullCalendar's event objects: each visit in its category's colour (open ones draggable, a problem marked
    ⚠), each busy block shaded behind them. ``revision`` changes the data after a refused move, so the calendar
    puts the visit back where it is stored."""
    colors = {c.code: c.color for c in categories}
    out: list[dict[str, Any]] = []
    for v in data.visits:
        color = colors.get(v.category, "#7f7f7f")
        classes = [f"visit-{v.id}", f"status-{v.status.value}"]
        title = v.title
        if v.id in data.problems:
            classes.append("has-problem")
            title = f"⚠ {title}"
        if v.status == Status.PROPOSED:
            title = f"{title} ({t('status.proposed', lang)})"
        out.append(
            {
                "id": f"v{v.id}",
                "title": title,
                "start": wall(v.start),
                "end": wall(v.end),
                "backgroundColor": color,
                "borderColor": "#b2182b" if v.id in data.problems else color,
                "textColor": "#ffffff",
                "editable": v.status in EDITABLE,
                "classNames": classes,
                "extendedProps": {"visit_id": v.id, "version": v.version, "rev": revision},
            }
        )
    for b in data.busy:
        out.append(
            {
                "id": f"b{b.id}",
                "title": b.summary,
                "start": b.start.astimezone(SEOUL).date().isoformat() if b.all_day else wall(b.start),
                "end": b.end.astimezone(SEOUL).date().isoformat() if b.all_day else wall(b.end),
                "allDay": b.all_day,
                "display": "background",
                "backgroundColor": BUSY_COLOR,
                "classNames": ["busy"],
            }
        )
    return out


# FullCalendar's own texts in Korean (its Korean locale file is not in the component's bundle; a locale object
# is what the calendar accepts in its place). Dates and weekdays come from the browser's Intl in that language.
_LOCALE = {
    "ko": {
        "code": "ko",
        "buttonText": {"today": "오늘", "month": "월", "week": "주", "day": "일", "list": "목록"},
        "weekText": "주",
        "allDayText": "종일",
        "moreLinkText": "개",
        "noEventsText": "일정이 없습니다",
    },
    "en": {"code": "en-GB", "allDayText": "All day"},
}


def options(view: str, anchor: date, now: datetime, lang: str) -> dict[str, Any]:
    """The calendar's options: the view, the day it opens on, Seoul wall-clock time, Monday first, 24-hour times."""
    hours = {"hour": "2-digit", "minute": "2-digit", "hour12": False}
    return {
        "initialView": VIEWS.get(view, VIEWS["week"]),
        "initialDate": anchor.isoformat(),
        "timeZone": "UTC",
        "now": wall(now),
        "locale": _LOCALE.get(lang, _LOCALE["ko"]),
        "firstDay": 1,
        "headerToolbar": {"left": "", "center": "title", "right": ""},
        "height": 760 if view != "month" else 720,
        "slotMinTime": "07:00:00",
        "slotMaxTime": "22:00:00",
        "scrollTime": "08:00:00",
        "slotDuration": "00:30:00",
        "snapDuration": "00:10:00",
        "allDaySlot": True,
        "editable": True,
        "eventStartEditable": True,
        "eventDurationEditable": True,
        "dayMaxEvents": 5,
        "eventTimeFormat": hours,
        "slotLabelFormat": hours,
        "displayEventEnd": True,
        "eventDisplay": "block",  # coloured blocks in the month grid too, not dots
    }


CSS = """
.fc .fc-bg-event.busy { background: repeating-linear-gradient(45deg, #bdbdbd, #bdbdbd 6px, #e0e0e0 6px, #e0e0e0 12px);
  opacity: 0.55; }
.fc .fc-bg-event.busy .fc-event-title { color: #333; font-size: 0.75em; font-style: normal; }
.fc .has-problem { border-width: 2px; box-shadow: 0 0 0 1px #b2182b; }
.fc .status-cancelled { opacity: 0.45; text-decoration: line-through; }
.fc .status-proposed { border-style: dashed; }
"""


@dataclass(frozen=True)
class Action:
    """What the calendar said: ``kind`` is open (a visit clicked), slot (an empty slot clicked) or move."""

    kind: str
    visit_id: int | None = None
    version: int | None = None
    start: datetime | None = None
    end: datetime | None = None
    all_day: bool = False


def action_of(value: Mapping[str, Any] | None) -> Action | None:
    """The calendar component's value as an ``Action``; None for anything else (its first, empty value)."""
    if not isinstance(value, Mapping):
        return None
    kind = value.get("callback")
    try:
        if kind == "eventClick":
            props = value["eventClick"]["event"].get("extendedProps") or {}
            return Action("open", visit_id=int(props["visit_id"])) if "visit_id" in props else None
        if kind == "dateClick":
            click = value["dateClick"]
            return Action("slot", start=from_wall(click["date"]), all_day=bool(click.get("allDay")))
        if kind == "eventChange":
            event = value["eventChange"]["event"]
            props = event.get("extendedProps") or {}
            if "visit_id" not in props:
                return None
            start = from_wall(event["start"])
            end = from_wall(event["end"]) if event.get("end") else None
            return Action("move", int(props["visit_id"]), int(props["version"]), start, end)
    except (KeyError, TypeError, ValueError, PlannerError):
        return None
    return None


def moved_times(visit: Visit, action: Action) -> tuple[datetime, datetime]:
    """The new start and end of a dragged or resized visit; a drag into the all-day row or a month cell
    keeps the visit's time of day and length."""
    assert action.start is not None
    start, end = action.start, action.end
    length = visit.end - visit.start
    if (
        action.all_day
        or end is None
        or (start.time() == time.min and end.time() == time.min and length < timedelta(days=1))
    ):
        start = datetime.combine(start.date(), to_seoul(visit.start).time(), tzinfo=SEOUL)
        end = start + length
    return start, end
