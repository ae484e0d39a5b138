"""The day view, read-only: one date's visits as the mayor would drive them, and what is wrong with the day.

``day_view(uow, day)`` reads the date's visits (cancelled ones left out) with their sites and the busy time of
that date, and times the day *as scheduled*: each visit in start order, the drive into it from the previous
visit (from the base, City Hall, for the first), when the car arrives, when the visit ends, the slack before the
next drive must leave, and the way back to the base. The travel model, the rules (``check_stops``) and the best
order (``best_order``, shown only as the minutes it would save) are those of ``planner.scheduling``; nothing is
written. Applying the best order is the CLI's ``plan-day --apply``.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from planner import repository, scheduling
from planner.domain import SEOUL, BusyBlock, Status, Visit, VisitQuery, check_date_range, to_seoul
from planner.planning import stop_of
from planner.rules import Problem
from planner.scheduling import Busy, DayPlan, PlanSettings
from planner.uow import UnitOfWork

# A visit as the scheduler sees it, and whether a reorder may move it, are planning's
# (``planning.stop_of``) and the visit's own (``Visit.is_fixed``: as chosen, else by status).


@dataclass(frozen=True)
class DayStop:
    """One visit of the day as scheduled. Minutes are drive minutes (the stop buffer included)."""

    n: int  # 1, 2 ... in time order: the number on the map
    visit: Visit
    fixed: bool
    travel_minutes: float | None  # the drive in from the previous stop (the base for the first); None: no place
    km: float | None  # road km of that drive
    leave: datetime | None  # when that drive leaves (the previous visit's end; for the first, just in time)
    arrive: datetime | None  # when it gets here
    depart: datetime  # when the visit ends and the next drive may leave
    slack_minutes: float | None  # time to spare before the next drive must leave (negative: late); None: last

    @property
    def start(self) -> datetime:
        return self.visit.start


@dataclass(frozen=True)
class DayView:
    day: date
    stops: tuple[DayStop, ...]
    busy: tuple[BusyBlock, ...]  # busy time touching the day, by start
    holiday: str | None  # the Korean public holiday's name, if any
    weekend: bool
    problems: tuple[Problem, ...]  # scheduling.check_stops of the day: blocking first
    return_minutes: float  # the way back to the base from the last visit with a place
    return_km: float
    total_travel_minutes: float  # every drive of the day, the way back included
    total_km: float
    best: DayPlan | None  # the best order of the day's visits; None when fewer than two have a place
    base: scheduling.Point  # where the day starts and ends (City Hall by default)

    @property
    def saved_minutes(self) -> float:
        """Drive minutes the best order would save (0 when none is better or none is feasible)."""
        if self.best is None or not self.best.feasible:
            return 0.0
        return max(0.0, self.best.saved_minutes)

    @property
    def best_ids(self) -> tuple[int, ...]:
        return tuple(s.visit_id for s in self.best.stops) if self.best else ()

    @property
    def timeline(self) -> list[DayStop | BusyBlock]:
        """Stops and busy time together, by start (busy time between the visits it falls between)."""
        items: list[DayStop | BusyBlock] = [*self.stops, *self.busy]
        return sorted(items, key=lambda x: (x.start, 0 if isinstance(x, BusyBlock) else 1))


def as_scheduled(visits: Sequence[Visit], settings: PlanSettings) -> tuple[list[DayStop], float, float]:
    """The visits (in start order) timed as they stand: (stops, return minutes, return km).

    The legs are ``scheduling.scheduled_legs`` (the timing ``best_order`` gives the current order, so the total
    equals its ``before_travel_minutes``). A visit without a place gets no leg and is skipped by the route."""
    ordered = sorted(visits, key=lambda v: (v.start, v.id or 0))
    placed = [n for n, v in enumerate(ordered) if v.lat is not None and v.lon is not None]
    if not placed:
        timed: list[scheduling.Leg] = []
        back = None
    else:
        day = to_seoul(ordered[placed[0]].start).date()
        timed, back = scheduling.scheduled_legs([stop_of(ordered[n]) for n in placed], day, settings)
    legs = dict(zip(placed, timed, strict=True))
    following = dict(itertools.pairwise(placed))
    stops: list[DayStop] = []
    for n, visit in enumerate(ordered):
        leg = legs.get(n)
        slack = None
        if n in following:
            nxt = following[n]
            must_leave = ordered[nxt].start - timedelta(minutes=legs[nxt].minutes)
            slack = (must_leave - visit.end).total_seconds() / 60.0
        stops.append(
            DayStop(
                n=n + 1,
                visit=visit,
                fixed=visit.is_fixed,
                travel_minutes=leg.minutes if leg else None,
                km=leg.km if leg else None,
                leave=leg.leave if leg else None,
                arrive=leg.leave + timedelta(minutes=leg.minutes) if leg else None,
                depart=visit.end,
                slack_minutes=slack,
            )
        )
    if back is None:
        return stops, 0.0, 0.0
    return stops, back.minutes, back.km


def day_view(uow: UnitOfWork, day: date, settings: PlanSettings | None = None) -> DayView:
    """``day``'s visits (not cancelled) timed as scheduled, its busy time, holiday and problems, and what the
    best order would save. Read-only. ``settings`` default: ``scheduling.plan_settings()`` (the configuration).
    """
    check_date_range(day, "date")
    settings = settings or scheduling.plan_settings()
    midnight = datetime.combine(day, time.min, tzinfo=SEOUL)
    with uow.transaction() as conn:
        visits = [
            v
            for v in repository.list_visits(conn, VisitQuery(date_from=day, date_to=day))
            if v.status != Status.CANCELLED
        ]
        blocks = repository.list_busy_blocks(conn, midnight, midnight + timedelta(days=1))
    stops, back, back_km = as_scheduled(visits, settings)
    sched = [stop_of(v) for v in visits if v.lat is not None and v.lon is not None]
    busy = [Busy(b.start, b.end, b.summary) for b in blocks]
    problems = scheduling.check_stops(sched, busy, settings)
    best = scheduling.best_order(sched, day, settings, busy) if len(sched) >= 2 else None
    drives = [s.travel_minutes for s in stops if s.travel_minutes is not None]
    kms = [s.km for s in stops if s.km is not None]
    return DayView(
        day=day,
        stops=tuple(stops),
        busy=tuple(blocks),
        holiday=scheduling.holiday_name(day),
        weekend=day.weekday() >= 5,
        problems=tuple(problems),
        return_minutes=back,
        return_km=back_km,
        total_travel_minutes=sum(drives) + back,
        total_km=sum(kms) + back_km,
        best=best,
        base=settings.base,
    )
