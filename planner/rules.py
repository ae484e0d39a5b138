"""The visit rules, pure: what a visit must be (blocking) and what a scheduler should know (warning).

``check`` looks at one visit and, where a rule needs them, its neighbours (the other visits and
the busy time around it) and returns every problem it finds. Each problem carries a rule code, a
severity and an i18n message key with its arguments; the change path (``planner.services``)
refuses a visit with a blocking problem and hands the warnings back, and every front door only
displays what it gets. Adding a rule is one function here, seen by every front door at once.

Also here, because the report and the home page must agree: which visits count as held.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from enum import StrEnum
from typing import Any, Protocol, TypeVar

from planner.domain import (
    EDITABLE_FIELDS,
    ENGAGEMENT_KINDS,
    TEXT_RULES,
    BusyBlock,
    PlannerError,
    Status,
    ValidationError,
    Visit,
    check_date_range,
    clean_text,
    to_seoul,
)

MAX_VISIT_LENGTH = timedelta(days=7)

# The text fields a user writes, each with its rule in domain.TEXT_RULES ("visits.<field>").
TEXT_FIELDS = tuple(name for name in EDITABLE_FIELDS if f"visits.{name}" in TEXT_RULES)

# Every time of a visit (stored in Seoul time).
TIME_FIELDS = ("start", "end", "window_start", "window_end", "embargo_until")

# A new visit may start anywhere in the workflow (a past visit is recorded as done), but not as
# cancelled: a visit that never was is not recorded.
START_STATUSES = frozenset(Status) - {Status.CANCELLED}


class Severity(StrEnum):
    BLOCKING = "blocking"  # the save is refused
    WARNING = "warning"  # shown, and the visit is saved


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a visit: ``rule`` is its code, ``key`` its i18n message."""

    rule: str
    severity: Severity
    key: str
    params: dict[str, Any] = field(default_factory=dict)
    field: str | None = None
    visit_ids: tuple[int, ...] = ()

    @classmethod
    def of(cls, error: ValidationError) -> Problem:
        """A refusal raised by a domain check, as a blocking problem."""
        return _from_error(error)

    @property
    def blocking(self) -> bool:
        return self.severity == Severity.BLOCKING

    def error(self) -> PlannerError:
        """The refusal a front door shows for a blocking problem."""
        return ValidationError(self.key, field=self.field, **self.params)

    def message(self, lang: str) -> str:
        """One line in ``lang``, the field shown by its label."""
        from planner.i18n import error_text

        return error_text(self.error(), lang)

    def record(self) -> dict[str, Any]:
        """The JSON shape of a problem (CLI ``--format json``)."""
        return {"rule": self.rule, "severity": self.severity.value, "visit_ids": list(self.visit_ids)}


def _blocking(rule: str, key: str, field: str | None = None, **params: Any) -> Problem:
    return Problem(rule, Severity.BLOCKING, key, params, field)


def check(
    visit: Visit,
    *,
    categories: Collection[str] | None = None,
    neighbours: Iterable[Visit] = (),
    busy: Iterable[BusyBlock] = (),
    new: bool = False,
    previous: Visit | None = None,
) -> list[Problem]:
    """Every problem of ``visit``: blocking ones first, then warnings.

    ``categories`` are the known category codes (None: not checked); ``neighbours`` the other
    visits that may overlap it; ``busy`` the imported busy time around it; ``new`` whether it is
    being created (the starting status rule); ``previous`` the stored version it replaces.
    """
    problems = _field_problems(visit, previous, categories, new)
    if not problems:
        problems += overlap_problems(visit, neighbours)
        problems += busy_problems(visit, busy)
    return sorted(problems, key=lambda p: p.severity != Severity.BLOCKING)


def normalized(visit: Visit) -> Visit:
    """``visit`` as it is stored: text stripped, times in Seoul."""
    texts: dict[str, Any] = {name: (getattr(visit, name) or "").strip() for name in TEXT_FIELDS}
    times: dict[str, Any] = {
        name: to_seoul(getattr(visit, name)) for name in TIME_FIELDS if getattr(visit, name) is not None
    }
    return replace(visit, **texts, **times)


def _from_error(error: ValidationError, rule: str | None = None) -> Problem:
    params = {k: v for k, v in error.params.items() if k != "field"}
    return Problem(rule or error.key.removeprefix("error."), Severity.BLOCKING, error.key, params, error.field)


def _field_problems(
    visit: Visit, previous: Visit | None, categories: Collection[str] | None, new: bool
) -> list[Problem]:
    """What the fields themselves break. Against a ``previous`` version only the fields that
    changed are checked for text and dates, so a record stored before a rule existed can still
    change status."""

    def changed(name: str) -> bool:
        return previous is None or getattr(previous, name) != getattr(visit, name)

    problems: list[Problem] = []
    for name in TEXT_FIELDS:
        if changed(name):
            try:
                clean_text(getattr(visit, name), f"visits.{name}", required=name == "title")
            except ValidationError as error:
                problems.append(_from_error(error))
    if visit.start is None or visit.end is None:
        problems.append(_blocking("required", "error.required", "start"))
    else:
        dates_ok = True
        for name in ("start", "end"):
            if changed(name):
                try:
                    check_date_range(getattr(visit, name), name)
                except ValidationError as error:
                    problems.append(_from_error(error))
                    dates_ok = False
        start, end = to_seoul(visit.start), to_seoul(visit.end)
        if dates_ok and end <= start:
            problems.append(_blocking("end_before_start", "error.end_before_start", "end"))
        elif dates_ok and end - start > MAX_VISIT_LENGTH:
            problems.append(_blocking("too_long_visit", "error.too_long_visit", "end"))
    problems += _window_problems(visit, changed)
    if visit.embargo_until is not None and changed("embargo_until"):  # issue 13: the public calendar's embargo
        try:
            check_date_range(visit.embargo_until, "embargo_until")
        except ValidationError as error:
            problems.append(_from_error(error))
    if categories is not None and visit.category not in categories:
        problems.append(_blocking("unknown_category", "error.unknown_category", "category", value=visit.category))
    if visit.kind not in ENGAGEMENT_KINDS:  # issue 14
        problems.append(_blocking("unknown_kind", "error.unknown_kind", "kind", value=visit.kind))
    if visit.highlight_rank is not None and not (1 <= int(visit.highlight_rank) <= 99):
        problems.append(_blocking("bad_rank", "error.bad_rank", "highlight_rank"))
    if new and visit.status not in START_STATUSES:
        problems.append(_blocking("start_status", "error.bad_start_status", "status", status=visit.status.value))
    return problems


def _window_problems(visit: Visit, changed: Any) -> list[Problem]:
    """The window a reorder may move the visit in (issue 11): inside the supported years, its end after its start."""
    problems: list[Problem] = []
    for name in ("window_start", "window_end"):
        value = getattr(visit, name)
        if value is not None and changed(name):
            try:
                check_date_range(value, name)
            except ValidationError as error:
                problems.append(_from_error(error))
    start, end = visit.window_start, visit.window_end
    if not problems and start is not None and end is not None and to_seoul(end) <= to_seoul(start):
        problems.append(_blocking("window_reversed", "error.window_reversed", "window_end"))
    return problems


class Timed(Protocol):
    """Anything with a start and an end: a visit, a scheduler's stop, a busy block."""

    @property
    def start(self) -> Any: ...

    @property
    def end(self) -> Any: ...


T = TypeVar("T", bound=Timed)


def overlaps(a: Timed, b: Timed) -> bool:
    """Whether two times overlap (touching ends do not): the one overlap test of every rule and screen."""
    return bool(a.start < b.end and b.start < a.end)


def overlapping_pairs(items: Sequence[T]) -> Iterator[tuple[T, T]]:
    """Every pair (a, b) of ``items`` (sorted by start) that overlap, a before b: the ``overlap`` rule of the
    scheduler (``planner.scheduling``) and the home page's attention list both use it."""
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            if b.start >= a.end:
                break  # sorted by start: no later item overlaps ``a`` either
            if overlaps(a, b):
                yield a, b


def overlap_problems(visit: Visit, neighbours: Iterable[Visit]) -> list[Problem]:
    """Two open visits at the same time: a warning (a scheduler may mean it, e.g. a joint visit)."""
    if not visit.is_open:
        return []
    problems = []
    for other in neighbours:
        if other.id is not None and other.id == visit.id:
            continue
        if not other.is_open:
            continue
        if overlaps(visit, other):
            ids = tuple(i for i in (visit.id, other.id) if i is not None)
            problems.append(
                Problem(
                    "overlap",
                    Severity.WARNING,
                    "rule.overlap",
                    {"title": other.title, "id": other.id, "start": to_seoul(other.start).strftime("%m-%d %H:%M")},
                    "start",
                    ids,
                )
            )
    return problems


def busy_problems(visit: Visit, busy: Iterable[BusyBlock]) -> list[Problem]:
    """Time another calendar marks busy (e.g. the weekly 간부회의 imported from Outlook)."""
    if not visit.is_open:
        return []
    return [
        Problem(
            "busy",
            Severity.WARNING,
            "rule.busy",
            {"summary": b.summary, "start": to_seoul(b.start).strftime("%m-%d %H:%M")},
            "start",
            tuple(i for i in (visit.id,) if i is not None),
        )
        for b in busy
        if overlaps(visit, b)
    ]


def blocking(problems: Sequence[Problem]) -> list[Problem]:
    return [p for p in problems if p.blocking]


def warnings(problems: Sequence[Problem]) -> list[Problem]:
    return [p for p in problems if not p.blocking]


def counts_as_held(visit: Visit) -> bool:
    """Whether a visit counts as held in the council report and on the home page: done."""
    return visit.status == Status.DONE
