"""Several visits at once (issue 12): a copy of a visit on another day, a weekly series (the
weekly 간부회의 as visits), and one status for many visits.

Each goes through the one change path (``services.create_visit`` / ``services.change_visit``) for
every visit, inside one outer unit of work: the rules run on each, and a refusal of any one
leaves nothing written, naming the visit or the date at fault.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from planner import accounts, scheduling, services
from planner.access import status_action
from planner.domain import Forbidden, PlannerError, Status, ValidationError, Visit, parse_status, to_seoul
from planner.uow import UnitOfWork

MAX_OCCURRENCES = 104  # two years of a weekly meeting
MAX_EVERY_WEEKS = 52


class SeriesRefused(PlannerError):
    """One visit of several was refused: the whole batch is not written. ``reason`` is the refusal
    of that visit (shown in the user's language by ``i18n.error_text``)."""

    def __init__(self, key: str, reason: PlannerError, **params: object) -> None:
        super().__init__(key, reason=reason, **params)
        self.reason = reason


@dataclass(frozen=True)
class SeriesPlan:
    """The days of a series and the days left out because they are public holidays."""

    days: tuple[date, ...]
    skipped: tuple[tuple[date, str], ...]  # (day, holiday name)


def series_days(
    first: date,
    *,
    every_weeks: int = 1,
    count: int | None = None,
    until: date | None = None,
    skip_holidays: bool = True,
) -> SeriesPlan:
    """The days of a series starting on ``first``, every ``every_weeks`` weeks, ``count`` times or
    up to ``until`` (inclusive); with ``skip_holidays`` a holiday is left out (not moved) and does
    not count towards ``count``. Pure."""
    if not 1 <= every_weeks <= MAX_EVERY_WEEKS:
        raise ValidationError("error.series_every", value=every_weeks, max=MAX_EVERY_WEEKS)
    if (count is None) == (until is None):
        raise ValidationError("error.series_end")
    if count is not None and not 1 <= count <= MAX_OCCURRENCES:
        raise ValidationError("error.series_count", value=count, max=MAX_OCCURRENCES)
    if until is not None and until < first:
        raise ValidationError("error.series_until", value=until.isoformat(), first=first.isoformat())
    days: list[date] = []
    skipped: list[tuple[date, str]] = []
    day = first
    while (count is None or len(days) < count) and (until is None or day <= until):
        name = scheduling.holiday_name(day) if skip_holidays else None
        if name:
            skipped.append((day, name))
        else:
            days.append(day)
        if len(days) + len(skipped) > MAX_OCCURRENCES:
            raise ValidationError("error.series_count", value=len(days) + len(skipped), max=MAX_OCCURRENCES)
        day += timedelta(weeks=every_weeks)
    return SeriesPlan(tuple(days), tuple(skipped))


def _on_day(visit: Visit, day: date) -> Visit:
    """``visit`` moved to ``day`` at the same Seoul clock times (its window moves with it)."""
    start = to_seoul(visit.start)
    shift = datetime.combine(day, start.timetz()) - start
    return replace(
        visit,
        start=visit.start + shift,
        end=visit.end + shift,
        window_start=visit.window_start + shift if visit.window_start else None,
        window_end=visit.window_end + shift if visit.window_end else None,
    )


def new_series_uid() -> str:
    return f"series-{uuid.uuid4().hex[:16]}"


def series_of(uid: str) -> str | None:
    """The series a visit belongs to (its uid is ``series-<id>-<YYYYMMDD>``), or None."""
    parts = uid.split("-")
    return "-".join(parts[:2]) if len(parts) == 3 and parts[0] == "series" and parts[2].isdigit() else None


def create_series(
    uow: UnitOfWork,
    template: Visit,
    *,
    every_weeks: int = 1,
    count: int | None = None,
    until: date | None = None,
    skip_holidays: bool = True,
) -> tuple[list[Visit], SeriesPlan]:
    """``template`` (a new visit) and its repetitions, all or none. Each visit's uid is
    ``series-<id>-<YYYYMMDD>``, so the series can be found again."""
    plan = series_days(
        to_seoul(template.start).date(), every_weeks=every_weeks, count=count, until=until, skip_holidays=skip_holidays
    )
    if not plan.days:
        raise ValidationError("error.series_empty")
    series = new_series_uid()
    made: list[Visit] = []
    with uow.transaction(write=True):
        accounts.require(uow, status_action(template.status))
        for day in plan.days:
            visit = replace(_on_day(template, day), id=None, uid=f"{series}-{day:%Y%m%d}", version=1)
            try:
                made.append(services.create_visit(uow, visit))
            except (SeriesRefused, Forbidden):
                raise
            except PlannerError as error:
                raise SeriesRefused("error.series_refused", error, date=day.isoformat()) from error
        uow.commit()
    return made, plan


def duplicate_visit(uow: UnitOfWork, visit_id: int, start: datetime) -> Visit:
    """A new proposed visit like ``visit_id`` (same site, category, texts, length) starting at ``start``."""
    source = services.get_visit(uow, visit_id)
    length = source.end - source.start
    shift = start - source.start
    copy = replace(
        source,
        id=None,
        uid="",
        version=1,
        status=Status.PROPOSED,
        start=start,
        end=start + length,
        window_start=source.window_start + shift if source.window_start else None,
        window_end=source.window_end + shift if source.window_end else None,
        highlight_rank=None,
        override_reason="",
        created_at=None,
        updated_at=None,
        ics_sequence=0,
    )
    return services.create_visit(uow, copy)


def change_statuses(uow: UnitOfWork, seen: Sequence[tuple[int, int]], status: Status | str) -> list[Visit]:
    """Give every visit in ``seen`` (id, the version the user saw) the status ``status``, all or
    none: a visit changed meanwhile, or a transition the workflow does not allow, refuses the lot,
    naming that visit."""
    new_status = parse_status(status) if isinstance(status, str) else status
    if not seen:
        raise ValidationError("error.bulk_nothing")
    done: list[Visit] = []
    with uow.transaction(write=True):
        accounts.require(uow, status_action(new_status))
        for visit_id, version in seen:
            try:
                done.append(services.change_status(uow, visit_id, version, new_status))
            except Forbidden:
                raise
            except PlannerError as error:
                raise SeriesRefused("error.bulk_refused", error, id=visit_id) from error
        uow.commit()
    return done
