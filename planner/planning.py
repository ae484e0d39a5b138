"""Planning use cases (issue 11): the stored visits, busy time and sites as the scheduler's inputs.

Reads visits, busy blocks and sites through the repository inside a unit of work, turns them into the plain
inputs of ``planner.scheduling`` (a ``Stop`` per visit at its site's coordinates, a ``Busy`` per imported block,
the Korean holidays) and returns what the scheduler found: the problems of a date range (``check``), a day's best
order (``plan_day``), free slots for one more visit (``suggest``) and a week plan (``plan_week``). Applying a plan
writes through the one change path of visits (``services.change_visit``, ``services.create_visit``), all in one
write transaction: all or nothing. Front doors (the CLI, pages) only parse input and render.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from planner import accounts, repository, rules, scheduling, services
from planner.domain import (
    SEOUL,
    Site,
    StaleVersion,
    Status,
    ValidationError,
    Visit,
    VisitQuery,
    check_date_range,
)
from planner.scheduling import Busy, PlanSettings, Stop
from planner.uow import UnitOfWork

# The longest range ``check``, ``suggest`` and ``plan-week`` look at: a quarter is what a scheduler plans.
MAX_RANGE_DAYS = 92
# The statuses that count as a district's visit for coverage: held, or firmly on the calendar.
COVERED_STATUSES = (Status.DONE, Status.CONFIRMED)


def check_range(first: date, last: date) -> None:
    """Refuse a range the planners cannot answer: outside the supported years, reversed, or too long."""
    check_date_range(first, "date")
    check_date_range(last, "date")
    if last < first:
        raise ValidationError("error.dates_reversed", field="date", start=first.isoformat(), to=last.isoformat())
    if (last - first).days + 1 > MAX_RANGE_DAYS:
        raise ValidationError(
            "error.range_too_long", field="date", max=MAX_RANGE_DAYS, start=first.isoformat(), to=last.isoformat()
        )


def stop_of(visit: Visit) -> Stop:
    """A stored visit as the scheduler sees it (its site's coordinates; joined on every read)."""
    return Stop(
        id=visit.id or 0,
        start=visit.start,
        end=visit.end,
        lat=visit.lat if visit.lat is not None else 0.0,
        lon=visit.lon if visit.lon is not None else 0.0,
        open=visit.is_open,
        fixed=visit.is_fixed,
        window_start=visit.window_start,
        window_end=visit.window_end,
    )


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=SEOUL)


@dataclass(frozen=True)
class Inputs:
    """What the scheduler needs about ``first``..``last``: the open visits, busy time and holidays."""

    visits: list[Visit]
    stops: list[Stop]
    busy: list[Busy]
    holidays: dict[date, str]


def _inputs(uow: UnitOfWork, first: date, last: date, *, holidays: bool = True) -> Inputs:
    """Open visits starting from the day before ``first`` to the day after ``last`` (a visit over midnight
    and the travel rule see their neighbours), and the busy time of the same days; the holidays unless
    ``holidays=False`` (a day's order does not depend on them, and the calendar costs a process ~0.1 s)."""
    query = VisitQuery(
        date_from=first - timedelta(days=1),
        date_to=last + timedelta(days=1),
        statuses=tuple(s for s in Status if s != Status.CANCELLED and s != Status.DONE),
    )
    with uow.transaction() as conn:
        visits = repository.list_visits(conn, query)
        blocks = repository.list_busy_blocks(
            conn, _day_start(first - timedelta(days=1)), _day_start(last + timedelta(2))
        )
    busy = [Busy(b.start, b.end, b.summary) for b in blocks]
    names = scheduling.korean_holidays(first - timedelta(days=1), last + timedelta(days=1)) if holidays else {}
    return Inputs(visits, [stop_of(v) for v in visits], busy, names)


def _on(visit: Visit, first: date, last: date) -> bool:
    return first <= visit.start.astimezone(SEOUL).date() <= last


# ---------------------------------------------------------------- check


def check(uow: UnitOfWork, first: date, last: date, settings: PlanSettings | None = None) -> list[rules.Problem]:
    """The scheduling problems of the open visits starting from ``first`` to ``last`` (Seoul days): blocking
    ones first. A problem between a visit in the range and one just outside it is reported too."""
    check_range(first, last)
    settings = settings or scheduling.plan_settings()
    got = _inputs(uow, first, last)
    inside = {v.id for v in got.visits if _on(v, first, last)}
    problems = scheduling.check_stops(got.stops, got.busy, settings, got.holidays)
    return [p for p in problems if inside & set(p.visit_ids)]


# ---------------------------------------------------------------- a day's best order


@dataclass(frozen=True)
class DayProposal:
    """A day's best order and the versions of the visits it was computed from (``apply_day`` checks them)."""

    plan: scheduling.DayPlan
    versions: dict[int, int]


def plan_day(uow: UnitOfWork, day: date, settings: PlanSettings | None = None) -> DayProposal:
    """The order and times of ``day``'s open visits with the least travel (``scheduling.best_order``)."""
    check_date_range(day, "date")
    settings = settings or scheduling.plan_settings()
    got = _inputs(uow, day, day, holidays=False)
    visits = [v for v in got.visits if _on(v, day, day)]
    plan = scheduling.best_order([stop_of(v) for v in visits], day, settings, got.busy)
    return DayProposal(plan, {v.id: v.version for v in visits if v.id is not None})


def apply_day(uow: UnitOfWork, proposal: DayProposal) -> list[Visit]:
    """Move the visits to the times of ``proposal``, each through ``services.change_visit`` with the version the
    plan was made from, in one write transaction: all or nothing. A visit changed since is ``StaleVersion``."""
    accounts.require(uow, "visit.edit")  # even when nothing moves (issue 13); each move is checked again
    plan = proposal.plan
    if not plan.feasible:
        raise ValidationError("error.day_infeasible", field="date", date=plan.day.isoformat())
    changed: list[Visit] = []
    with uow.transaction(write=True) as conn:
        shown = len(uow.warnings)
        for stop in plan.stops:
            current = repository.get_visit(conn, stop.visit_id)
            seen = proposal.versions[stop.visit_id]
            if current is None:
                raise StaleVersion("error.stale_version", id=stop.visit_id, seen=seen, current="-")
            if current.start == stop.arrive and current.end == stop.depart:
                if current.version != seen:
                    raise StaleVersion("error.stale_version", id=current.id, seen=seen, current=current.version)
                continue
            # Advisory: moved one at a time, the visits pass through states the plan as a whole (which best_order
            # made to respect travel, windows and hours) does not have; the warnings of the end state are kept below.
            changes = {"start": stop.arrive, "end": stop.depart}
            changed.append(services.change_visit(uow, current, changes, seen, advisory=True))
        # Visits moved one at a time overlap for a moment: keep only the warnings of the day as it ends.
        del uow.warnings[shown:]
        for visit in changed:
            uow.warnings.extend(services.saved_warnings(uow, visit))
        uow.commit()
    return changed


# ---------------------------------------------------------------- free slots

MAX_DURATION_MINUTES = int(rules.MAX_VISIT_LENGTH.total_seconds() // 60)


# The dates the map's slot offer searches by default: the next two weeks from tomorrow.
SLOT_DAYS = 14


def slot_dates(today: date) -> tuple[date, date]:
    """The default dates of a slot search from ``today`` (the unit's clock): tomorrow and the 13 days after."""
    return today + timedelta(days=1), today + timedelta(days=SLOT_DAYS)


def suggest(
    uow: UnitOfWork,
    site_id: int | None,
    duration_minutes: int,
    first: date,
    last: date,
    settings: PlanSettings | None = None,
    limit: int = 5,
    *,
    point: scheduling.Point | None = None,
) -> list[scheduling.Slot]:
    """The best ``limit`` slots for a visit of ``duration_minutes`` at the site (or, with no site, at ``point``:
    a place clicked on the map, not registered yet), from ``first`` to ``last``: none breaks a blocking rule;
    ranked by added travel, then warnings (``scheduling.free_slots``)."""
    if not 1 <= duration_minutes <= MAX_DURATION_MINUTES:
        raise ValidationError("error.bad_duration", field="duration", value=duration_minutes, max=MAX_DURATION_MINUTES)
    check_range(first, last)
    settings = settings or scheduling.plan_settings()
    if site_id is not None:
        site = services.get_site(uow, site_id)
        place = (site.lat, site.lon)
    elif point is not None:
        place = (float(point[0]), float(point[1]))
    else:
        raise ValidationError("error.required", field="site")
    got = _inputs(uow, first, last)
    return scheduling.free_slots(
        place,
        timedelta(minutes=duration_minutes),
        first,
        last,
        got.stops,
        got.busy,
        settings,
        got.holidays,
        limit=limit,
    )


def next_free_slot(
    uow: UnitOfWork,
    site_id: int | None,
    duration_minutes: int,
    *,
    point: scheduling.Point | None = None,
    first: date | None = None,
    settings: PlanSettings | None = None,
) -> tuple[datetime, datetime]:
    """The default time of a new proposal (issue 12, item 3): the earliest free working slot for a visit of
    ``duration_minutes`` at the site (or ``point``) from ``first`` (default: today by the unit's clock) over
    ``SLOT_DAYS`` days, preferring slots no rule warns about (a weekend, outside hours); none free: the next
    working hour. Never a time that has passed."""
    settings = settings or scheduling.plan_settings()
    now = uow.now.astimezone(SEOUL)
    first = max(first or now.date(), now.date())
    try:
        slots = suggest(
            uow, site_id, duration_minutes, first, first + timedelta(SLOT_DAYS - 1), settings, 10_000, point=point
        )
    except ValidationError:
        slots = []
    future = [s for s in slots if s.start >= now]
    if future:
        best = min(future, key=lambda s: (bool(s.warnings), s.start))
        return best.start.astimezone(SEOUL), best.end.astimezone(SEOUL)
    start = next_working_hour(now, settings, first)
    return start, start + timedelta(minutes=duration_minutes)


def next_working_hour(now: datetime, settings: PlanSettings, first: date | None = None) -> datetime:
    """The first whole hour inside working hours on a weekday, not before ``now`` nor before ``first``."""
    now = now.astimezone(SEOUL)
    day = max(first or now.date(), now.date())
    for _ in range(14):
        work_start, work_end = settings.work_window(day)
        at = max(work_start, now)
        if at.minute or at.second or at.microsecond:
            at = at.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
        if day.weekday() < 5 and at < work_end:
            return at.astimezone(SEOUL)
        day += timedelta(days=1)
    return now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)


# The map's default period (issue 12, item 6): the coverage goal's days up to today, and the weeks ahead.
COVERAGE_AHEAD_DAYS = 14


def coverage_window(today: date, coverage_days: int) -> tuple[date, date]:
    """The plan map's default dates: the last ``coverage_days`` days up to ``today`` and the next two weeks, so
    a district not visited within the coverage goal shows as uncovered."""
    return today - timedelta(days=coverage_days - 1), today + timedelta(days=COVERAGE_AHEAD_DAYS)


# ---------------------------------------------------------------- the week plan


@dataclass(frozen=True)
class WeekProposal:
    plan: scheduling.WeekPlan
    sites: dict[int, Site]
    days_since: dict[str, int | None]


def days_since_last_visit(uow: UnitOfWork, first: date, last: date) -> dict[str, int | None]:
    """Days from each district's last done or confirmed visit (up to ``last``) to ``first``; 0 when it has one
    in the range; None when it has none."""
    with uow.transaction() as conn:
        latest = repository.last_visit_by_district(conn, COVERED_STATUSES, _day_start(last + timedelta(days=1)))
        districts = [d.name_ko for d in repository.list_districts(conn)]
    result: dict[str, int | None] = {d: None for d in districts}
    for district, when in latest.items():
        result[district] = max(0, (first - when.astimezone(SEOUL).date()).days)
    return result


def plan_week(uow: UnitOfWork, first: date, last: date, settings: PlanSettings | None = None) -> WeekProposal:
    """Proposed visits from ``first`` to ``last`` at registered sites in districts not visited within the
    coverage window (``scheduling.plan_week``), around the open visits (kept fixed) and busy time."""
    check_range(first, last)
    settings = settings or scheduling.plan_settings()
    got = _inputs(uow, first, last)
    days_since = days_since_last_visit(uow, first, last)
    sites = {s.id: s for s in services.list_sites(uow) if s.id is not None}
    candidates = [scheduling.Candidate(s.id, s.district, s.lat, s.lon) for s in sites.values() if s.id and s.district]
    plan = scheduling.plan_week(first, last, got.stops, candidates, days_since, settings, got.busy, got.holidays)
    return WeekProposal(plan, sites, days_since)


def apply_week(
    uow: UnitOfWork, proposal: WeekProposal, category: str, titles: Mapping[int, str], purpose: str = ""
) -> list[Visit]:
    """Create the proposed visits (status proposed, flexible) through ``services.create_visit`` in one write
    transaction: all or nothing. ``titles`` maps a site id to the new visit's title."""
    created: list[Visit] = []
    with uow.transaction(write=True):
        accounts.require(uow, "visit.propose")  # even when nothing is proposed (issue 13)
        for p in proposal.plan.proposals:
            draft = services.VisitDraft(
                title=titles[p.site_id],
                site_id=p.site_id,
                start=p.start,
                end=p.end,
                category=category,
                status=Status.PROPOSED,
                purpose=purpose,
            )
            created.append(services.create_visit(uow, draft.visit("")))
        uow.commit()
    return created
