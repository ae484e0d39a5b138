"""Scheduling, pure: the offline travel model, the scheduling rules, a day's best order, free slots and a week plan.

Nothing here reads a database, Streamlit or the clock: callers pass plain stops (a visit's id, times, place,
whether it is open and whether its time is fixed, the window a reorder may move it in), busy blocks and the
settings (``plan_settings()`` builds them from ``planner.config``; tests build their own). Times are aware
datetimes; every date (a holiday, a weekend, a day's limit) is the Seoul date.

* Travel: road km = geodesic km x a detour factor; drive minutes = road km / the speed of the hour the drive
  starts (rush hours slower); a fixed buffer is added to every drive that arrives at a visit.
* Rules (``check_stops``): ``overlap``, ``busy``, ``travel``, ``holiday``, ``weekend``, ``hours``,
  ``daily_limit``; each problem carries its rule code, a severity from the settings, the visits concerned
  and an i18n key with its arguments (``planner/messages/scheduling.py``).
* ``best_order``: the order and times of a day's stops that least total travel from and back to the base,
  with fixed stops kept where they are and flexible ones inside their windows. Exact up to ``EXACT_LIMIT``
  flexible stops (dynamic programming over subsets with Pareto labels), cheapest insertion + 2-opt and
  relocation beyond.
* ``free_slots``: the best slots for one more visit that break no blocking rule, ranked by added travel.
* ``plan_week``: proposed visits in districts not visited within the coverage window (greedy by weight per
  added travel minute, then local search), against travel, holidays, working hours and the daily limit.
"""

from __future__ import annotations

import bisect
import itertools
import math
import operator
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from typing import Any

import holidays as holidays_package
from geopy.distance import geodesic

from planner import config
from planner.domain import SEOUL, to_seoul
from planner.rules import Problem, Severity, overlapping_pairs, overlaps

Point = tuple[float, float]

CITY_HALL: Point = (37.566295, 126.977945)
# Up to this many flexible stops the best order is exact: 12 stops give 2^12 x 12 DP states.
EXACT_LIMIT = 12
# The id given to the visit a slot search places (real visit ids are positive).
NEW_ID = -1
# A best order that saves less than this (3 s: "0.0" minutes once rounded) leaves the day as it stands.
KEEP_SECONDS = 3.0
_EPS = 1e-6


# Problems are the visit rules' own (planner.rules): one shape for every rule a front door shows.


# ---------------------------------------------------------------- travel model and settings


# geopy's geodesic (WGS-84) built once: making one per distance set its ellipsoid up each time (~40% of the cost).
_GEODESIC = geodesic()


@lru_cache(maxsize=8192)
def _geodesic_km(a: Point, b: Point) -> float:
    """Geodesic km between two places (~50 us each): a slot search or a week plan asks for the same few registered
    places' distances thousands of times."""
    return float(_GEODESIC.measure(a, b))


@dataclass(frozen=True)
class TravelModel:
    """Offline drive times: ``speed_bands`` are (from hour, to hour, km/h), the first that covers an hour wins;
    a band whose start is after its end wraps past midnight."""

    detour_factor: float = 1.3
    speed_bands: tuple[tuple[int, int, float], ...] = ((7, 9, 18.0), (17, 19, 18.0), (22, 6, 35.0), (0, 24, 24.0))
    stop_buffer_minutes: float = 10.0

    def speed_at_hour(self, hour: int) -> float:
        for start, end, kmh in self.speed_bands:
            if (start <= hour < end) if start <= end else (hour >= start or hour < end):
                return kmh
        return self.speed_bands[-1][2]

    def speed_kmh(self, at: datetime) -> float:
        return self.speed_at_hour(to_seoul(at).hour)

    def road_km(self, a: Point, b: Point) -> float:
        return _geodesic_km(a, b) * self.detour_factor

    def drive_minutes(self, road_km: float, at: datetime) -> float:
        """Minutes to drive ``road_km`` starting at ``at`` (no buffer)."""
        return road_km / self.speed_kmh(at) * 60.0

    def leg_minutes(self, a: Point, b: Point, at: datetime, *, to_stop: bool = True) -> float:
        """Minutes from ``a`` to ``b`` leaving at ``at``, plus the stop buffer when ``b`` is a visit."""
        buffer = self.stop_buffer_minutes if to_stop else 0.0
        return self.drive_minutes(self.road_km(a, b), at) + buffer


_DEFAULT_SEVERITIES: tuple[tuple[str, Severity], ...] = tuple(
    (rule, Severity(sev)) for rule, sev in config._rule_severity("").items()
)


@dataclass(frozen=True)
class PlanSettings:
    """Everything the rules and planners need; ``plan_settings()`` reads it from the configuration."""

    travel: TravelModel = TravelModel()
    base: Point = CITY_HALL
    work_minutes: tuple[int, int] = (9 * 60, 18 * 60)  # minutes after midnight, Seoul time
    daily_limit: int = 5
    coverage_days: int = 90
    severities: tuple[tuple[str, Severity], ...] = _DEFAULT_SEVERITIES

    def severity(self, rule: str) -> Severity:
        return dict(self.severities).get(rule, Severity.WARNING)

    def work_window(self, day: date) -> tuple[datetime, datetime]:
        midnight = datetime(day.year, day.month, day.day, tzinfo=SEOUL)
        return midnight + timedelta(minutes=self.work_minutes[0]), midnight + timedelta(minutes=self.work_minutes[1])


def plan_settings(environ: Mapping[str, str] | None = None) -> PlanSettings:
    """The scheduling settings from the environment (``planner.config``)."""

    def get(name: str) -> Any:
        return config.get(name, environ)

    (sh, sm), (eh, em) = get("work_hours")
    return PlanSettings(
        travel=TravelModel(
            detour_factor=get("travel_detour_factor"),
            speed_bands=get("travel_speed_kmh"),
            stop_buffer_minutes=get("stop_buffer_minutes"),
        ),
        base=get("day_base"),
        work_minutes=(sh * 60 + sm, eh * 60 + em),
        daily_limit=get("daily_limit"),
        coverage_days=get("coverage_days"),
        severities=tuple((rule, Severity(sev)) for rule, sev in get("rule_severity").items()),
    )


# ---------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Stop:
    """A visit as the scheduler sees it. ``window_*`` (default: the day's working hours) bound where a reorder
    may move a flexible stop; a fixed stop keeps its times."""

    id: int
    start: datetime
    end: datetime
    lat: float
    lon: float
    open: bool = True
    fixed: bool = False
    window_start: datetime | None = None
    window_end: datetime | None = None

    @property
    def point(self) -> Point:
        return (self.lat, self.lon)

    @property
    def duration(self) -> timedelta:
        return self.end - self.start


@dataclass(frozen=True)
class Busy:
    """Imported busy time (the mayor's other appointments)."""

    start: datetime
    end: datetime
    summary: str = ""


# ---------------------------------------------------------------- holidays


@cache
def _korean_year(year: int) -> dict[date, str]:
    # The KR calendar of `holidays` has substitute holidays and election days; language="ko" names them in Korean.
    return dict(holidays_package.country_holidays("KR", years=year, language="ko"))


def korean_holidays(first: date, last: date) -> dict[date, str]:
    """Korean public holidays from ``first`` to ``last`` (inclusive), by Korean name."""
    result: dict[date, str] = {}
    for year in range(first.year, last.year + 1):
        result.update((d, name) for d, name in _korean_year(year).items() if first <= d <= last)
    return result


def holiday_name(day: date) -> str | None:
    return _korean_year(day.year).get(day)


# ---------------------------------------------------------------- rules


def _hm(value: datetime) -> str:
    return to_seoul(value).strftime("%H:%M")


def _seoul_dates(stop: Stop) -> list[date]:
    first = to_seoul(stop.start).date()
    last = to_seoul(max(stop.start, stop.end - timedelta(microseconds=1))).date()
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _open_sorted(stops: Iterable[Stop]) -> list[Stop]:
    return sorted((s for s in stops if s.open), key=lambda s: (s.start, s.end, s.id))


def _problem(settings: PlanSettings, rule: str, visit_ids: Iterable[int], **params: Any) -> Problem:
    return Problem(rule, settings.severity(rule), f"scheduling.{rule}", params, visit_ids=tuple(visit_ids))


def overlap_problems(stops: Sequence[Stop], settings: PlanSettings) -> list[Problem]:
    """Two open visits at the same time."""
    problems = []
    for a, b in overlapping_pairs(_open_sorted(stops)):
        start, end = b.start, min(a.end, b.end)
        problems.append(
            _problem(
                settings,
                "overlap",
                (a.id, b.id),
                first=a.id,
                second=b.id,
                date=to_seoul(start).date().isoformat(),
                start=_hm(start),
                end=_hm(end),
            )
        )
    return problems


def busy_problems(stops: Sequence[Stop], busy: Sequence[Busy], settings: PlanSettings) -> list[Problem]:
    """An open visit during imported busy time."""
    problems = []
    for stop in _open_sorted(stops):
        for block in busy:
            if overlaps(stop, block):
                problems.append(
                    _problem(
                        settings,
                        "busy",
                        (stop.id,),
                        visit=stop.id,
                        summary=block.summary,
                        start=to_seoul(block.start).strftime("%m-%d %H:%M"),
                        end=to_seoul(block.end).strftime("%m-%d %H:%M"),
                    )
                )
    return problems


def travel_problems(stops: Sequence[Stop], settings: PlanSettings) -> list[Problem]:
    """Not enough time to drive from one open visit to the next (leaving when the first ends)."""
    ordered = _open_sorted(stops)
    problems = []
    for a, b in itertools.pairwise(ordered):
        if b.start < a.end:
            continue  # an overlap, reported by its own rule
        km = settings.travel.road_km(a.point, b.point)
        need = math.ceil(settings.travel.drive_minutes(km, a.end) + settings.travel.stop_buffer_minutes - _EPS)
        have = math.floor((b.start - a.end).total_seconds() / 60 + _EPS)
        if have < need:
            problems.append(
                _problem(
                    settings,
                    "travel",
                    (a.id, b.id),
                    first=a.id,
                    second=b.id,
                    need=need,
                    have=have,
                    missing=need - have,
                    km=round(km, 1),
                )
            )
    return problems


def holiday_problems(
    stops: Sequence[Stop], settings: PlanSettings, holidays: Mapping[date, str] | None = None
) -> list[Problem]:
    """An open visit on a Korean public holiday (its Seoul date), named in Korean."""
    problems = []
    for stop in _open_sorted(stops):
        for day in _seoul_dates(stop):
            name = holidays.get(day) if holidays is not None else holiday_name(day)
            if name:
                problems.append(
                    _problem(settings, "holiday", (stop.id,), visit=stop.id, date=day.isoformat(), name=name)
                )
    return problems


def weekend_problems(stops: Sequence[Stop], settings: PlanSettings) -> list[Problem]:
    problems = []
    for stop in _open_sorted(stops):
        for day in _seoul_dates(stop):
            if day.weekday() >= 5:
                problems.append(_problem(settings, "weekend", (stop.id,), visit=stop.id, date=day.isoformat()))
    return problems


def hours_problems(stops: Sequence[Stop], settings: PlanSettings) -> list[Problem]:
    """An open visit that starts before or ends after the working hours of its day."""
    problems = []
    for stop in _open_sorted(stops):
        work_start, work_end = settings.work_window(to_seoul(stop.start).date())
        if stop.start < work_start or stop.end > work_end:
            problems.append(
                _problem(
                    settings,
                    "hours",
                    (stop.id,),
                    visit=stop.id,
                    start=_hm(stop.start),
                    end=_hm(stop.end),
                    work_start=_hm(work_start),
                    work_end=_hm(work_end),
                )
            )
    return problems


def daily_limit_problems(stops: Sequence[Stop], settings: PlanSettings) -> list[Problem]:
    """More open visits starting on one Seoul date than the daily limit."""
    by_day: dict[date, list[int]] = {}
    for stop in _open_sorted(stops):
        by_day.setdefault(to_seoul(stop.start).date(), []).append(stop.id)
    return [
        _problem(settings, "daily_limit", ids, date=day.isoformat(), count=len(ids), limit=settings.daily_limit)
        for day, ids in sorted(by_day.items())
        if len(ids) > settings.daily_limit
    ]


def check_stops(
    stops: Sequence[Stop],
    busy: Sequence[Busy] = (),
    settings: PlanSettings | None = None,
    holidays: Mapping[date, str] | None = None,
) -> list[Problem]:
    """Every scheduling problem of the open ``stops``: blocking ones first, then warnings.

    ``holidays`` maps Seoul dates to names (default: the Korean calendar of the ``holidays`` package).
    """
    settings = settings or PlanSettings()
    problems = (
        overlap_problems(stops, settings)
        + busy_problems(stops, busy, settings)
        + travel_problems(stops, settings)
        + holiday_problems(stops, settings, holidays)
        + weekend_problems(stops, settings)
        + hours_problems(stops, settings)
        + daily_limit_problems(stops, settings)
    )
    return sorted(problems, key=lambda p: not p.blocking)


# ---------------------------------------------------------------- a day's best order


@dataclass(frozen=True)
class PlannedStop:
    visit_id: int
    arrive: datetime  # when the visit starts
    depart: datetime  # when it ends
    travel_minutes: float  # the drive into this visit, buffer included
    km: float  # road km of that drive
    fixed: bool
    wait_minutes: float  # between arriving and starting


@dataclass(frozen=True)
class DayPlan:
    day: date
    method: str  # "exact" or "heuristic"
    feasible: bool  # False: no order respects every window and fixed visit; stops are the current ones
    stops: tuple[PlannedStop, ...]
    return_minutes: float
    return_km: float
    total_travel_minutes: float
    total_km: float
    before_travel_minutes: float  # the stops in their current order and times
    saved_minutes: float

    def record(self) -> dict[str, Any]:
        """The JSON shape of ``plan-day``."""
        return {
            "date": self.day.isoformat(),
            "method": self.method,
            "feasible": self.feasible,
            "stops": [
                {
                    "visit_id": s.visit_id,
                    "arrive": s.arrive.isoformat(),
                    "depart": s.depart.isoformat(),
                    "travel_minutes": round(s.travel_minutes, 1),
                    "km": round(s.km, 2),
                    "fixed": s.fixed,
                }
                for s in self.stops
            ],
            "return_minutes": round(self.return_minutes, 1),
            "return_km": round(self.return_km, 2),
            "total_travel_minutes": round(self.total_travel_minutes, 1),
            "total_km": round(self.total_km, 2),
            "saved_minutes": round(self.saved_minutes, 1),
        }


class _Day:
    """A day's stops as numbers: node 0 is the base, node k+1 is stop k; times are POSIX seconds.

    Flexible stops start on whole minutes, as early as their window, the drive and busy time allow."""

    def __init__(self, stops: Sequence[Stop], day: date, settings: PlanSettings, busy: Sequence[Busy]) -> None:
        self.stops = list(stops)
        self.settings = settings
        travel = settings.travel
        points = [settings.base] + [s.point for s in self.stops]
        # Symmetric, and visits at one site share their distances: each pair of places is measured once.
        measured: dict[tuple[Point, Point], float] = {}
        self.km = [[0.0] * len(points) for _ in points]
        for i, a in enumerate(points):
            for j in range(i + 1, len(points)):
                b = points[j]
                if a != b:
                    pair = (a, b) if a <= b else (b, a)
                    if pair not in measured:
                        measured[pair] = travel.road_km(*pair)
                    self.km[i][j] = self.km[j][i] = measured[pair]
        self.buffer = travel.stop_buffer_minutes * 60.0
        midnight = datetime(day.year, day.month, day.day, tzinfo=SEOUL)
        self.midnight = midnight.timestamp()
        offset = midnight.utcoffset() or timedelta(0)
        self.offset = offset.total_seconds()
        self.speeds = [travel.speed_at_hour(h) for h in range(24)]
        self.max_speed = max(self.speeds)
        # Instants (over the day and the next) where the speed changes: departures worth waiting for.
        self.boundaries = [
            self.midnight + h * 3600.0 for h in range(1, 48) if self.speeds[h % 24] != self.speeds[(h - 1) % 24]
        ]
        work_start, work_end = settings.work_window(day)
        self.earliest: list[float] = []
        self.latest: list[float] = []  # latest start
        self.length: list[float] = []
        for s in self.stops:
            length = (s.end - s.start).total_seconds()
            if s.fixed:
                lo = hi = s.start.timestamp()
            else:
                lo = (s.window_start or work_start).timestamp()
                hi = (s.window_end or work_end).timestamp() - length
            self.earliest.append(lo)
            self.latest.append(hi)
            self.length.append(length)
        self.busy = sorted((b.start.timestamp(), b.end.timestamp()) for b in busy)

    def drive(self, i: int, j: int, at: float) -> float:
        """Seconds from node i to node j leaving at ``at``, buffer included when j is a stop."""
        hour = int(((at + self.offset) // 3600) % 24)
        seconds = self.km[i][j] / self.speeds[hour] * 3600.0
        return seconds + (self.buffer if j else 0.0)

    def begin(self, k: int, arrival: float) -> float | None:
        """When stop k starts if reached at ``arrival``; None if too late."""
        if self.stops[k].fixed:
            return self.earliest[k] if arrival <= self.earliest[k] + 1e-3 else None
        start = math.ceil((max(arrival, self.earliest[k]) - 1e-3) / 60.0) * 60.0
        moved = True
        while moved:  # step past busy time (it only moves later, so earlier arrivals stay no worse)
            moved = False
            for b_start, b_end in self.busy:
                if start < b_end and b_start < start + self.length[k]:
                    start, moved = math.ceil(b_end / 60.0) * 60.0, True
        return start if start <= self.latest[k] + 1e-3 else None

    def first(self, k: int) -> tuple[float, float] | None:
        """(drive seconds, start) of stop k first: the base is left just in time, timed at the stop's start."""
        start = self.begin(k, -math.inf)
        if start is None:
            return None
        return self.drive(0, k + 1, start), start

    def simulate(self, order: Sequence[int]) -> tuple[float, list[tuple[float, float, float]]] | None:
        """Leaving each stop when it ends: (total seconds incl. the way back, [(drive, arrival, start)]) or None."""
        legs: list[tuple[float, float, float]] = []
        total = 0.0
        ready = 0.0
        for n, k in enumerate(order):
            if n == 0:
                got = self.first(k)
                if got is None:
                    return None
                drive, start = got
                arrival = start
            else:
                prev = order[n - 1]
                drive = self.drive(prev + 1, k + 1, ready)
                arrival = ready + drive
                begun = self.begin(k, arrival)
                if begun is None:
                    return None
                start = begun
            total += drive
            legs.append((drive, arrival, start))
            ready = start + self.length[k]
        if order:
            total += self.drive(order[-1] + 1, 0, ready)
        return total, legs

    def leave_for(self, i: int, j: int, ready: float, start: float) -> float:
        """When a drive from node i to node j (a stop starting at ``start``) leaves: at ``ready``, or at a later
        instant where the speed changes when that drive is shorter and still arrives by ``start`` (``dp`` makes
        the same choice)."""
        best, best_drive = ready, self.drive(i, j, ready)
        for b in self.boundaries:
            if ready < b < start:
                drive = self.drive(i, j, b)
                if drive < best_drive - 1e-6 and b + drive <= start + 1e-3:
                    best, best_drive = b, drive
        return best

    def scheduled(self) -> tuple[list[Leg], Leg | None]:
        """The stops in their order at their own times: the leg into each, and the way back."""
        legs: list[Leg] = []
        if not self.stops:
            return legs, None
        for n, s in enumerate(self.stops):
            start = s.start.timestamp()
            if n == 0:
                drive = self.drive(0, 1, start)
                leave = s.start - timedelta(seconds=drive)
            else:
                ready = self.stops[n - 1].end
                at = self.leave_for(n, n + 1, ready.timestamp(), start)
                drive = self.drive(n, n + 1, at)
                leave = ready if at == ready.timestamp() else datetime.fromtimestamp(at, SEOUL)
            legs.append(Leg(_minutes(drive), self.km[0 if n == 0 else n][n + 1], leave))
        n = len(self.stops)
        last = self.stops[-1].end
        back = Leg(_minutes(self.drive(n, 0, last.timestamp())), self.km[n][0], last)
        return legs, back

    def fits_as_is(self) -> bool:
        """Whether the stops at their own times (in order) keep every window, arrive in time and, for the
        flexible ones, stay out of busy time: a plan ``best_order`` may keep."""
        legs, _ = self.scheduled()
        for k, (s, leg) in enumerate(zip(self.stops, legs, strict=True)):
            start = s.start.timestamp()
            if k and start + 1e-3 < self.stops[k - 1].end.timestamp():
                return False
            if not self.earliest[k] - 1e-3 <= start <= self.latest[k] + 1e-3:
                return False
            if k and leg.leave.timestamp() + leg.minutes * 60.0 > start + 1e-3:
                return False
            if not s.fixed and any(b0 < start + self.length[k] and start < b1 for b0, b1 in self.busy):
                return False
        return True

    def _speed_hour(self, at: float) -> int:
        return int(((at + self.offset) // 3600) % 24)

    def _reachable_max_speed(self) -> float:
        """The fastest speed any drive of the day can have: every drive leaves between the earliest start and the
        latest end of a stop (the first is timed at its stop's start, later ones leave by the next stop's latest
        start, the way back when the last stop ends)."""
        if not self.stops:
            return self.max_speed
        lo = min(self.earliest)
        hi = max(late + length for late, length in zip(self.latest, self.length, strict=True))
        if hi - lo >= 24 * 3600.0:
            return self.max_speed
        first, last = math.floor((lo + self.offset) / 3600.0), math.floor((hi + self.offset) / 3600.0)
        return max(self.speeds[h % 24] for h in range(first, last + 1))

    def _faster_departures(self) -> list[list[tuple[float, float]]]:
        """Per stop k, the (instant, speed) at which the speed rises, up to k's latest start: waiting for a
        faster hour can only pay there (leaving at a drop is beaten by leaving just before it)."""
        rises = [
            (b, self.speeds[self._speed_hour(b)])
            for b in self.boundaries
            if self.speeds[self._speed_hour(b)] > self.speeds[self._speed_hour(b - 1.0)]
        ]
        return [[(b, v) for b, v in rises if b <= late] for late in self.latest]

    def _rest_seconds(self, per_km: float) -> list[list[float]]:
        """``rest[left][k]`` for k not in the set ``left`` (bits): the fewest seconds from stop k through every stop
        of ``left`` and back to the base, in any order, driving ``per_km`` seconds a km and ignoring windows, hours
        and busy time (Held-Karp; 0 for k in ``left``). At the day's fastest speed it bounds from below what a
        label at k with ``left`` still to visit must drive."""
        n = len(self.stops)
        buffer = self.buffer
        rows = [[d * per_km + buffer for d in self.km[k + 1][1:]] for k in range(n)]  # drive into a stop
        rest: list[list[float]] = [[self.km[k + 1][0] * per_km for k in range(n)]]  # the way back
        for left in range(1, 1 << n):
            members = [u for u in range(n) if left >> u & 1]
            tails = [rest[left ^ 1 << u][u] for u in members]
            pick = operator.itemgetter(*members) if len(members) > 1 else lambda row, u=members[0]: (row[u],)
            rest.append(
                [0.0 if left >> k & 1 else min(map(operator.add, pick(row), tails)) for k, row in enumerate(rows)]
            )
        return rest

    def dp(self, upper: float) -> tuple[float, list[tuple[int, float, float, float]]] | None:
        """Exact least total drive seconds over all orders (labels (seconds, ready) kept Pareto-optimal per
        (visited set, last stop)); a drive may wait for a faster hour, so an earlier label can copy a later one
        and the pruning is exact. A label is dropped when even a lower bound of the rest of its day (every stop
        left entered the cheapest way, at the fastest speed the day can reach) cannot beat ``upper``.
        Returns (total, [(stop, drive, arrival, start)]) or None."""
        n = len(self.stops)
        fixed_before = [0] * n
        for k, s in enumerate(self.stops):
            if s.fixed:
                for m, o in enumerate(self.stops):
                    if o.fixed and m != k and (o.start, m) < (s.start, k):
                        fixed_before[k] |= 1 << m
        full = (1 << n) - 1
        rest = self._rest_seconds(3600.0 / self._reachable_max_speed())
        limit = upper + 1e-3
        faster = self._faster_departures()
        # The common case inlined: a flexible stop, no busy time (``begin`` otherwise).
        plain = [not s.fixed and not self.busy for s in self.stops]
        km, speeds, offset, buffer = self.km, self.speeds, self.offset, self.buffer
        earliest, latest, length = self.earliest, self.latest, self.length
        ceil = math.ceil
        # label: (seconds, ready, parent label or None, stop, drive, arrival, start)
        states: dict[tuple[int, int], list[tuple]] = {}

        def add(key: tuple[int, int], label: tuple) -> None:
            bucket = states.get(key)
            if bucket is None:
                states[key] = [label]
                return
            seconds, ready = label[0] + 1e-6, label[1] + 1e-6
            for other in bucket:
                if other[0] <= seconds and other[1] <= ready:
                    return
            seconds, ready = label[0] - 1e-6, label[1] - 1e-6
            bucket[:] = [o for o in bucket if not (seconds <= o[0] and ready <= o[1])]
            bucket.append(label)

        for k in range(n):
            if fixed_before[k]:
                continue
            got = self.first(k)
            if got is not None:
                drive, start = got
                if drive + rest[full ^ 1 << k][k] <= limit:
                    add((1 << k, k), (drive, start + length[k], None, k, drive, start, start))
        best: tuple | None = None
        best_total = math.inf
        for mask in range(1, full + 1):
            for last in range(n):
                bucket = states.pop((mask, last), None)
                if not bucket:
                    continue
                row = km[last + 1]
                for label in bucket:
                    seconds, ready = label[0], label[1]
                    if mask == full:
                        total = seconds + self.drive(last + 1, 0, ready)
                        if total < best_total - 1e-6:
                            best, best_total = label, total
                        continue
                    speed_now = speeds[int(((ready + offset) // 3600) % 24)]
                    for k in range(n):
                        if mask >> k & 1 or fixed_before[k] & ~mask:
                            continue
                        after = mask | 1 << k
                        spare = limit - seconds - rest[full ^ after][k]  # the most this drive may take
                        distance = row[k + 1]
                        fastest = speed_now
                        departures = [(ready, speed_now)]
                        for b, v in faster[k]:
                            if b > ready and v > fastest:
                                departures.append((b, v))
                                fastest = v
                        for depart, speed in departures:
                            drive = distance / speed * 3600.0 + buffer
                            if drive > spare:
                                continue
                            arrival = depart + drive
                            if plain[k]:
                                begins = ceil((max(arrival, earliest[k]) - 1e-3) / 60.0) * 60.0
                                if begins > latest[k] + 1e-3:
                                    continue
                            else:
                                begun = self.begin(k, arrival)
                                if begun is None:
                                    continue
                                begins = begun
                            add(
                                (after, k),
                                (seconds + drive, begins + length[k], label, k, drive, arrival, begins),
                            )
        if best is None:
            return None
        steps = []
        label = best
        while label is not None:
            steps.append((label[3], label[4], label[5], label[6]))
            label = label[2]
        return best_total, steps[::-1]

    def heuristic(self) -> list[int] | None:
        """Cheapest feasible insertion (fixed stops first, in time order; then flexible ones by window end),
        then relocation and 2-opt moves while they lower the total."""
        n = len(self.stops)
        order = sorted((k for k in range(n) if self.stops[k].fixed), key=lambda k: self.earliest[k])
        if self.simulate(order) is None:
            return None
        for k in sorted((k for k in range(n) if not self.stops[k].fixed), key=lambda k: (self.latest[k], k)):
            best: tuple[float, list[int]] | None = None
            for pos in range(len(order) + 1):
                trial = order[:pos] + [k] + order[pos:]
                got = self.simulate(trial)
                if got is not None and (best is None or got[0] < best[0] - 1e-6):
                    best = (got[0], trial)
            if best is None:
                return None
            order = best[1]
        cost = self.simulate(order)[0]  # type: ignore[index]
        improved = True
        while improved:
            improved = False
            for trial in self._neighbours(order):
                got = self.simulate(trial)
                if got is not None and got[0] < cost - 1e-6:
                    order, cost, improved = trial, got[0], True
                    break
        return order

    @staticmethod
    def _neighbours(order: list[int]) -> Iterable[list[int]]:
        n = len(order)
        for i in range(n):
            rest = order[:i] + order[i + 1 :]
            for pos in range(n):
                if pos != i:
                    yield rest[:pos] + [order[i]] + rest[pos:]
        for i in range(n - 1):
            for j in range(i + 2, n + 1):
                yield order[:i] + order[i:j][::-1] + order[j:]


def _minutes(seconds: float) -> float:
    return seconds / 60.0


def best_order(
    stops: Sequence[Stop],
    day: date,
    settings: PlanSettings | None = None,
    busy: Sequence[Busy] = (),
) -> DayPlan:
    """The order and times of ``day``'s stops with the least total travel from and back to the base.

    Fixed stops keep their times; flexible ones start as early as possible inside their windows (default: the
    day's working hours), on whole minutes, outside busy time. Exact when at most ``EXACT_LIMIT`` stops are
    flexible; otherwise the heuristic (``DayPlan.method`` says which). The current order and times give
    ``before_travel_minutes``; when no order is feasible the current stops are returned with ``feasible=False``.
    """
    settings = settings or PlanSettings()
    stops = sorted(stops, key=lambda s: (s.start, s.id))
    model = _Day(stops, day, settings, busy)
    before = _before_seconds(model)
    flexible = sum(not s.fixed for s in stops)
    method = "exact" if flexible <= EXACT_LIMIT else "heuristic"
    heuristic_order = model.heuristic()
    found: tuple[float, list[tuple[int, float, float, float]]] | None = None
    candidates = [o for o in (heuristic_order, list(range(len(stops)))) if o is not None]
    for order in candidates:
        got = model.simulate(order)
        if got is not None and (found is None or got[0] < found[0] - 1e-6):
            found = (got[0], [(k, d, a, s) for k, (d, a, s) in zip(order, got[1], strict=True)])
    if method == "exact":
        exact = model.dp(found[0] if found else math.inf)
        if exact is not None:
            found = exact
    if found is None:
        planned = []
        for n, s in enumerate(stops):
            if n == 0:
                drive = model.drive(0, 1, s.start.timestamp())
            else:
                drive = model.drive(n, n + 1, stops[n - 1].end.timestamp())
            planned.append(
                PlannedStop(s.id, s.start, s.end, _minutes(drive), model.km[0 if n == 0 else n][n + 1], s.fixed, 0.0)
            )
        ret_km = model.km[len(stops)][0] if stops else 0.0
        ret = model.drive(len(stops), 0, stops[-1].end.timestamp()) if stops else 0.0
        return DayPlan(
            day,
            method,
            False,
            tuple(planned),
            _minutes(ret),
            ret_km,
            _minutes(before),
            sum(p.km for p in planned) + ret_km,
            _minutes(before),
            0.0,
        )
    total, steps = found
    if stops and before - total < KEEP_SECONDS and model.fits_as_is():
        return _as_they_stand(model, day, method, before)
    planned = []
    prev = 0
    for k, drive, arrival, start in steps:
        s = stops[k]
        begin = datetime.fromtimestamp(start, SEOUL)
        planned.append(
            PlannedStop(
                s.id,
                begin,
                begin + s.duration,
                _minutes(drive),
                model.km[prev][k + 1],
                s.fixed,
                max(0.0, _minutes(start - arrival)),
            )
        )
        prev = k + 1
    ret_km = model.km[prev][0]
    ret_seconds = total - sum(step[1] for step in steps)
    km_total = sum(p.km for p in planned) + ret_km
    return DayPlan(
        day,
        method,
        True,
        tuple(planned),
        _minutes(ret_seconds),
        ret_km,
        _minutes(total),
        km_total,
        _minutes(before),
        _minutes(before - total),
    )


@dataclass(frozen=True)
class Leg:
    """One drive of a day as scheduled: ``minutes`` (the stop buffer included when it arrives at a visit), road
    ``km`` and when it leaves."""

    minutes: float
    km: float
    leave: datetime


def scheduled_legs(
    stops: Sequence[Stop], day: date, settings: PlanSettings | None = None
) -> tuple[list[Leg], Leg | None]:
    """The drives of ``stops`` in the order given, at the times they stand: (the leg into each stop, the way
    back to the base; None without stops). Timed as ``best_order`` times its own plan, so a day already in its
    best order saves nothing: the first drive leaves the base just in time (timed at the first start); each
    next one leaves when the previous visit ends, or later at a faster hour when it still arrives in time."""
    model = _Day(stops, day, settings or PlanSettings(), ())
    return model.scheduled()


def _as_they_stand(model: _Day, day: date, method: str, before: float) -> DayPlan:
    """The stops kept at their times: the best order saves nothing over them."""
    legs, back = model.scheduled()
    assert back is not None
    planned = tuple(
        PlannedStop(
            s.id,
            s.start,
            s.end,
            leg.minutes,
            leg.km,
            s.fixed,
            max(0.0, (s.start - leg.leave).total_seconds() / 60.0 - leg.minutes),
        )
        for s, leg in zip(model.stops, legs, strict=True)
    )
    km = sum(p.km for p in planned) + back.km
    return DayPlan(day, method, True, planned, back.minutes, back.km, _minutes(before), km, _minutes(before), 0.0)


def _before_seconds(model: _Day) -> float:
    """Total drive of the model's stops as they stand (``_Day.scheduled``)."""
    legs, back = model.scheduled()
    return sum(leg.minutes for leg in legs) * 60.0 + (back.minutes * 60.0 if back else 0.0)


def orders_travel(
    stops: Sequence[Stop], orders: Iterable[Sequence[int]], day: date, settings: PlanSettings | None = None
) -> Iterator[tuple[float, float] | None]:
    """For each order (indexes into ``stops``): (total minutes, total km) of visiting the stops in that order,
    each drive leaving when the last visit ends, or None when it breaks a window or a fixed visit. For
    comparing orders (tests use it as the brute force)."""
    model = _Day(stops, day, settings or PlanSettings(), ())
    for order in orders:
        got = model.simulate(list(order))
        if got is None:
            yield None
            continue
        nodes = [0] + [k + 1 for k in order] + [0]
        yield _minutes(got[0]), sum(model.km[a][b] for a, b in itertools.pairwise(nodes))


# ---------------------------------------------------------------- free slots


@dataclass(frozen=True)
class Slot:
    start: datetime
    end: datetime
    added_travel_minutes: float
    warnings: tuple[Problem, ...]
    reason_key: str
    reason_params: dict[str, Any]

    def record(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "added_travel_minutes": round(self.added_travel_minutes, 1),
            "warnings": [p.rule for p in self.warnings],
            "reason": {"key": self.reason_key, "params": self.reason_params},
        }


def _day_range(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def free_slots(
    place: Point,
    duration: timedelta,
    first_day: date,
    last_day: date,
    stops: Sequence[Stop],
    busy: Sequence[Busy] = (),
    settings: PlanSettings | None = None,
    holidays: Mapping[date, str] | None = None,
    step: timedelta = timedelta(minutes=30),
    limit: int = 5,
) -> list[Slot]:
    """The best ``limit`` slots for a visit of ``duration`` at ``place`` from ``first_day`` to ``last_day``.

    Candidates start every ``step`` inside working hours; a candidate with a blocking problem (by
    ``check_stops`` on it and the open visits around it) is dropped. Ranked by added travel (the drive to
    and from it minus the drive it replaces), then by the number of warnings, then by time.
    """
    settings = settings or PlanSettings()
    if holidays is None:
        holidays = korean_holidays(first_day - timedelta(days=1), last_day + timedelta(days=1))
    open_stops = _open_sorted(stops)
    found: list[Slot] = []
    for day in _day_range(first_day, last_day):
        work_start, work_end = settings.work_window(day)
        near = [
            s
            for s in open_stops
            if s.end > work_start - timedelta(hours=12) and s.start < work_end + timedelta(hours=12)
        ]
        near_busy = [b for b in busy if b.end > work_start and b.start < work_end]
        same_day = [s for s in near if to_seoul(s.start).date() == day]
        keys = [(s.start, s.end, s.id) for s in near]
        start = work_start
        while start + duration <= work_end:
            candidate = Stop(NEW_ID, start, start + duration, place[0], place[1])
            problems = _candidate_problems(candidate, near, keys, same_day, near_busy, settings, holidays)
            if not any(p.blocking for p in problems):
                added, key, params = _insertion(candidate, same_day, settings)
                found.append(Slot(candidate.start, candidate.end, added, tuple(problems), key, params))
            start += step
    found.sort(key=lambda s: (round(s.added_travel_minutes, 6), len(s.warnings), s.start))
    return found[:limit]


def _candidate_problems(
    candidate: Stop,
    near: Sequence[Stop],
    keys: Sequence[tuple[datetime, datetime, int]],
    same_day: Sequence[Stop],
    busy: Sequence[Busy],
    settings: PlanSettings,
    holidays: Mapping[date, str],
) -> list[Problem]:
    """The problems of ``check_stops(near + [candidate])`` that concern the candidate, in the same order, from the
    stops each rule can pair it with: those it overlaps, its neighbours in time order (``near`` is in the rules'
    order, ``keys`` its sort keys) for ``travel``, and the stops starting on its day (``same_day``) for
    ``daily_limit``. Checking the whole day again for every candidate slot was most of a ``suggest``."""
    at = bisect.bisect_left(keys, (candidate.start, candidate.end, candidate.id))
    beside = {at - 1, at}
    paired = [s for i, s in enumerate(near) if i in beside or (s.start < candidate.end and candidate.start < s.end)]
    stops = [*paired, candidate]
    problems = (
        overlap_problems(stops, settings)
        + busy_problems(stops, busy, settings)
        + travel_problems(stops, settings)
        + holiday_problems(stops, settings, holidays)
        + weekend_problems(stops, settings)
        + hours_problems(stops, settings)
        + daily_limit_problems([*same_day, candidate], settings)
    )
    return sorted((p for p in problems if NEW_ID in p.visit_ids), key=lambda p: not p.blocking)


def _insertion(candidate: Stop, same_day: Sequence[Stop], settings: PlanSettings) -> tuple[float, str, dict[str, Any]]:
    """Added travel minutes of ``candidate`` between its neighbours that day (or the base), and why."""
    travel, base = settings.travel, settings.base
    before = [s for s in same_day if s.end <= candidate.start]
    after = [s for s in same_day if s.start >= candidate.end]
    prev = max(before, key=lambda s: (s.end, s.id)) if before else None
    nxt = min(after, key=lambda s: (s.start, s.id)) if after else None
    into = travel.leg_minutes(prev.point if prev else base, candidate.point, prev.end if prev else candidate.start)
    out = travel.leg_minutes(candidate.point, nxt.point if nxt else base, candidate.end, to_stop=nxt is not None)
    if prev and nxt:
        replaced = travel.leg_minutes(prev.point, nxt.point, prev.end)
    elif prev:
        replaced = travel.leg_minutes(prev.point, base, prev.end, to_stop=False)
    elif nxt:
        replaced = travel.leg_minutes(base, nxt.point, nxt.start)
    else:
        replaced = 0.0
    added = into + out - replaced
    shown = round(added)
    if prev and nxt:
        return added, "scheduling.slot.between", {"before": prev.id, "after": nxt.id, "added": shown}
    if prev:
        return added, "scheduling.slot.after_visit", {"visit": prev.id, "added": shown}
    if nxt:
        return added, "scheduling.slot.before_visit", {"visit": nxt.id, "added": shown}
    return added, "scheduling.slot.round_trip", {"added": shown}


# ---------------------------------------------------------------- the week plan


@dataclass(frozen=True)
class Candidate:
    """A registered site the week plan may propose."""

    site_id: int
    district: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Proposal:
    site_id: int
    district: str
    start: datetime
    end: datetime
    added_travel_minutes: float
    reason_key: str
    reason_params: dict[str, Any]


@dataclass(frozen=True)
class WeekPlan:
    method: str  # "greedy" or "exhaustive"
    proposals: tuple[Proposal, ...]
    score: float  # the objective: district weights gained - added travel minutes / minutes_per_weight
    covered_before: tuple[str, ...]  # districts visited within the coverage window
    covered_after: tuple[str, ...]

    def record(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "proposals": [
                {
                    "site_id": p.site_id,
                    "district": p.district,
                    "start": p.start.isoformat(),
                    "end": p.end.isoformat(),
                    "added_travel_minutes": round(p.added_travel_minutes, 1),
                    "reason": {"key": p.reason_key, "params": p.reason_params},
                }
                for p in self.proposals
            ],
            "coverage_before": len(self.covered_before),
            "coverage_after": len(self.covered_after),
        }


# What a district never visited weighs, in coverage windows (one visited exactly a window ago weighs 1).
NEVER_VISITED_WEIGHT = 2.0
EXHAUSTIVE_LIMIT = 8


class _Week:
    """The week plan's model: which candidate goes on which day; each day's times come from ``best_order``
    (existing visits fixed, proposals flexible inside working hours), so the search only chooses days."""

    def __init__(
        self,
        days: list[date],
        stops: Sequence[Stop],
        busy: Sequence[Busy],
        candidates: Sequence[Candidate],
        days_since: Mapping[str, int | None],
        settings: PlanSettings,
        duration: timedelta,
        minutes_per_weight: float,
    ) -> None:
        self.settings = settings
        self.duration = duration
        self.minutes_per_weight = minutes_per_weight
        self.days_since = days_since
        self.candidates = [c for c in candidates if self.eligible(c.district)]
        self.days = days
        self.existing = {d: [s for s in _open_sorted(stops) if to_seoul(s.start).date() == d] for d in days}
        self.busy = list(busy)
        self.cache: dict[tuple[date, frozenset[int]], DayPlan | None] = {}

    def eligible(self, district: str) -> bool:
        since = self.days_since.get(district)
        return since is None or since >= self.settings.coverage_days

    def weight(self, district: str) -> float:
        since = self.days_since.get(district)
        return NEVER_VISITED_WEIGHT if since is None else since / self.settings.coverage_days

    def day_plan(self, day: date, chosen: frozenset[int]) -> DayPlan | None:
        key = (day, chosen)
        if key not in self.cache:
            plan: DayPlan | None = None
            if len(self.existing[day]) + len(chosen) <= self.settings.daily_limit:
                work_start, _ = self.settings.work_window(day)
                new = [
                    Stop(-1 - i, work_start, work_start + self.duration, c.lat, c.lon)
                    for i, c in enumerate(self.candidates)
                    if i in chosen
                ]
                fixed = [Stop(s.id, s.start, s.end, s.lat, s.lon, fixed=True) for s in self.existing[day]]
                got = best_order(fixed + new, day, self.settings, self.busy)
                plan = got if got.feasible else None
            self.cache[key] = plan
        return self.cache[key]

    def score(self, assignment: Mapping[date, frozenset[int]]) -> float | None:
        """District weights covered minus added travel (in weight units); None if a day is infeasible."""
        total = 0.0
        for day, chosen in assignment.items():
            if not chosen:
                continue
            plan, base = self.day_plan(day, chosen), self.day_plan(day, frozenset())
            if plan is None or base is None:
                return None
            total -= (plan.total_travel_minutes - base.total_travel_minutes) / self.minutes_per_weight
            total += sum(self.weight(self.candidates[i].district) for i in chosen)
        return total

    def valid(self, assignment: Mapping[date, frozenset[int]]) -> bool:
        districts = [self.candidates[i].district for chosen in assignment.values() for i in chosen]
        return len(districts) == len(set(districts))


def plan_week(
    first_day: date,
    last_day: date,
    stops: Sequence[Stop],
    candidates: Sequence[Candidate],
    days_since: Mapping[str, int | None],
    settings: PlanSettings | None = None,
    busy: Sequence[Busy] = (),
    holidays: Mapping[date, str] | None = None,
    duration: timedelta = timedelta(hours=1),
    minutes_per_weight: float = 60.0,
    weekends: bool = False,
    method: str = "greedy",
) -> WeekPlan:
    """Proposed visits from ``first_day`` to ``last_day`` that raise district coverage.

    Only districts not visited within ``settings.coverage_days`` (``days_since`` maps a district to the days
    since its last visit, None or absent: never) are proposed, one visit each. A district weighs its days since
    the last visit in coverage windows (never visited: ``NEVER_VISITED_WEIGHT``); the plan maximises the weights
    covered minus the added travel minutes / ``minutes_per_weight``. Holidays (and weekends unless ``weekends``)
    are skipped; a day never holds more than the daily limit; visits stay inside working hours, around the
    existing visits (kept fixed) and busy time.

    ``method="greedy"``: add the (site, day) with the best weight per added travel minute while the score rises,
    then local search (remove, move to another day, swap for another site) to a local optimum.
    ``method="exhaustive"``: every assignment (small cases only, for measuring the greedy's gap).
    """
    settings = settings or PlanSettings()
    if holidays is None:
        holidays = korean_holidays(first_day, last_day)
    days = [d for d in _day_range(first_day, last_day) if d not in holidays and (weekends or d.weekday() < 5)]
    week = _Week(days, stops, busy, candidates, days_since, settings, duration, minutes_per_weight)
    if method == "exhaustive":
        assignment = _exhaustive(week)
    elif method == "greedy":
        assignment = _local_search(week, _greedy(week))
    else:
        raise ValueError(f"unknown method: {method}")
    return _week_result(week, assignment, method)


Assignment = dict[date, frozenset[int]]


def _greedy(week: _Week) -> Assignment:
    assignment: Assignment = {d: frozenset() for d in week.days}
    covered: set[str] = set()
    while True:
        current = week.score(assignment) or 0.0
        best: tuple[float, float, int, int, Assignment] | None = None
        for i, c in enumerate(week.candidates):
            if c.district in covered:
                continue
            for n, day in enumerate(week.days):
                trial = {**assignment, day: assignment[day] | {i}}
                score = week.score(trial)
                if score is None or score <= current + 1e-9:
                    continue
                added = week.weight(c.district) - (score - current)  # travel cost in weight units
                ratio = week.weight(c.district) / max(added * week.minutes_per_weight, 1.0)
                key = (ratio, score, -n, -i)
                if best is None or key > best[:4]:
                    best = (*key, trial)
        if best is None:
            return assignment
        assignment = best[4]
        covered = {week.candidates[i].district for chosen in assignment.values() for i in chosen}


def _local_search(week: _Week, assignment: Assignment) -> Assignment:
    """Best-improvement over: remove a proposal, move it to another day, swap it for an unused site (any day),
    add an unused site; until no move raises the score."""
    score = week.score(assignment) or 0.0
    while True:
        best: tuple[float, Assignment] | None = None
        used = {i for chosen in assignment.values() for i in chosen}
        placed = [(day, i) for day, chosen in assignment.items() for i in sorted(chosen)]
        moves: list[Assignment] = []
        for day, i in placed:
            removed = {**assignment, day: assignment[day] - {i}}
            moves.append(removed)
            for other in week.days:
                for j in [i] + [j for j in range(len(week.candidates)) if j not in used]:
                    if (other, j) != (day, i):
                        moves.append({**removed, other: removed[other] | {j}})
        for j in range(len(week.candidates)):
            if j not in used:
                for day in week.days:
                    moves.append({**assignment, day: assignment[day] | {j}})
        for trial in moves:
            if not week.valid(trial):
                continue
            got = week.score(trial)
            if got is not None and got > score + 1e-9 and (best is None or got > best[0]):
                best = (got, trial)
        if best is None:
            return assignment
        score, assignment = best


def _exhaustive(week: _Week) -> Assignment:
    if len(week.candidates) > EXHAUSTIVE_LIMIT:
        raise ValueError(f"exhaustive search is for at most {EXHAUSTIVE_LIMIT} candidates")
    best: tuple[float, Assignment] = (0.0, {d: frozenset() for d in week.days})
    options: list[date | None] = [None, *week.days]
    for choice in itertools.product(options, repeat=len(week.candidates)):
        assignment: Assignment = {d: frozenset() for d in week.days}
        for i, day in enumerate(choice):
            if day is not None:
                assignment[day] = assignment[day] | {i}
        if not week.valid(assignment):
            continue
        got = week.score(assignment)
        if got is not None and got > best[0] + 1e-9:
            best = (got, assignment)
    return best[1]


def _week_result(week: _Week, assignment: Assignment, method: str) -> WeekPlan:
    proposals: list[Proposal] = []
    for day in week.days:
        chosen = assignment.get(day, frozenset())
        if not chosen:
            continue
        plan, base = week.day_plan(day, chosen), week.day_plan(day, frozenset())
        assert plan is not None and base is not None
        added_day = plan.total_travel_minutes - base.total_travel_minutes
        share = added_day / len(chosen)
        for planned in plan.stops:
            if planned.visit_id >= 0:
                continue
            c = week.candidates[-1 - planned.visit_id]
            since = week.days_since.get(c.district)
            key = "scheduling.week.reason_never" if since is None else "scheduling.week.reason"
            params: dict[str, Any] = {"district": c.district, "added": round(share)}
            if since is not None:
                params["days"] = since
            proposals.append(Proposal(c.site_id, c.district, planned.arrive, planned.depart, share, key, params))
    before = tuple(sorted(d for d, since in week.days_since.items() if since is not None and not week.eligible(d)))
    after = tuple(sorted(set(before) | {p.district for p in proposals}))
    return WeekPlan(method, tuple(proposals), week.score(assignment) or 0.0, before, after)
