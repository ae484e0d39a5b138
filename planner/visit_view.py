"""The page of one visit (issue 12), read in one unit of work: what the visit is, where, the day around it,
what the rules say of it, its history, its council notices and the status actions its state allows.

Read-only: every action the page offers is a use case of ``planner.services`` (``change_status``,
``cancel_visit``, ``reopen_visit``), the one change path with its version check.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner import council, day, domain, services
from planner.domain import Status, Visit
from planner.rules import Problem
from planner.uow import UnitOfWork


@dataclass(frozen=True)
class HistoryLine:
    """One change of the visit: the version it replaced, when, which fields, and the status move if any."""

    version: int  # the version replaced by this change (the change made version + 1)
    when: str
    changed: tuple[str, ...]
    status_from: str | None  # status codes when the change moved the status, else None
    status_to: str | None
    reopen: bool  # the status went back in the workflow (an explicit reopen)
    cancel_reason: str  # the reason kept with the replaced version (a reopened cancel keeps it here)


@dataclass(frozen=True)
class VisitView:
    visit: Visit
    problems: tuple[Problem, ...]
    day: day.DayView
    history: tuple[HistoryLine, ...]  # newest first
    contacts: tuple[council.Contact, ...]
    forward: tuple[Status, ...]  # the workflow's next steps, cancel last
    reopen_to: Status | None  # where an explicit reopen would bring it back


_RANK = {s: i for i, s in enumerate(domain.WORKFLOW_ORDER[:-1])}


def _went_back(old: str, new: str) -> bool:
    if old == Status.CANCELLED.value:
        return new != old
    try:
        return new != Status.CANCELLED.value and _RANK[Status(new)] < _RANK[Status(old)]
    except (KeyError, ValueError):
        return False


def history_lines(uow: UnitOfWork, visit: Visit) -> tuple[HistoryLine, ...]:
    entries = services.visit_history(uow, visit.id or 0)
    newer_status = visit.status.value
    lines = []
    for entry in entries:  # newest first; each entry is the version a change replaced
        old = str(entry.values.get("status", ""))
        moved = old != newer_status
        lines.append(
            HistoryLine(
                version=entry.version,
                when=entry.replaced_at.astimezone(domain.SEOUL).strftime("%Y-%m-%d %H:%M"),
                changed=entry.changed,
                status_from=old if moved else None,
                status_to=newer_status if moved else None,
                reopen=moved and _went_back(old, newer_status),
                cancel_reason=str(entry.values.get("cancel_reason") or ""),
            )
        )
        newer_status = old
    return tuple(lines)


def visit_view(uow: UnitOfWork, visit_id: int) -> VisitView:
    """Everything the visit page shows; ``NotFound`` when there is no such visit."""
    with uow.transaction():
        visit = services.get_visit(uow, visit_id)
        return VisitView(
            visit=visit,
            problems=tuple(services.visit_problems(uow, visit)),
            day=day.day_view(uow, domain.to_seoul(visit.start).date()),
            history=history_lines(uow, visit),
            contacts=tuple(council.contacts(uow, visit_id)),
            forward=tuple(domain.next_statuses(visit.status)),
            reopen_to=services.reopen_target(uow, visit),
        )
