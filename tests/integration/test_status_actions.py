"""Issue 12: cancelling needs a reason, and every status change can be undone by an explicit, recorded reopen
through the one change path (version check, rules, history)."""

from __future__ import annotations

import pytest

from planner import services, visit_view
from planner.domain import (
    IllegalTransition,
    StaleVersion,
    Status,
    ValidationError,
    VisitQuery,
    next_statuses,
)


def first(uow, status: Status):
    return next(v for v in services.list_visits(uow, VisitQuery(statuses=(status,))))


def test_next_statuses_put_cancel_last_so_no_default_ends_a_visit():
    assert next_statuses(Status.APPROVED) == [Status.CONFIRMED, Status.CANCELLED]
    assert next_statuses(Status.CONFIRMED) == [Status.DONE, Status.CANCELLED]
    assert next_statuses(Status.PROPOSED)[0] == Status.APPROVED
    assert next_statuses(Status.DONE) == []


def test_cancel_needs_a_reason_and_keeps_it(sample_uow):
    v = first(sample_uow, Status.APPROVED)
    with pytest.raises(ValidationError) as caught:
        services.cancel_visit(sample_uow, v.id, v.version, "   ")
    assert caught.value.key == "error.required" and caught.value.params["field"] == "cancel_reason"
    assert services.get_visit(sample_uow, v.id).status == Status.APPROVED  # nothing written
    cancelled = services.cancel_visit(sample_uow, v.id, v.version, "우천으로 연기")
    assert (cancelled.status, cancelled.cancel_reason, cancelled.version) == (Status.CANCELLED, "우천으로 연기", 2)


def test_reopen_brings_a_cancelled_visit_back_to_the_status_it_had_and_the_history_records_it(sample_uow):
    v = first(sample_uow, Status.CONFIRMED)
    cancelled = services.cancel_visit(sample_uow, v.id, v.version, "행사 취소")
    assert services.reopen_target(sample_uow, cancelled) == Status.CONFIRMED
    reopened = services.reopen_visit(sample_uow, v.id, cancelled.version)
    assert (reopened.status, reopened.cancel_reason, reopened.version) == (Status.CONFIRMED, "", 3)
    lines = visit_view.history_lines(sample_uow, reopened)
    assert (lines[0].status_from, lines[0].status_to, lines[0].reopen) == ("cancelled", "confirmed", True)
    assert lines[0].cancel_reason == "행사 취소"  # the reason stays in the history
    assert (lines[1].status_from, lines[1].status_to, lines[1].reopen) == ("confirmed", "cancelled", False)


@pytest.mark.parametrize(
    ("start", "back"),
    [(Status.APPROVED, Status.PROPOSED), (Status.CONFIRMED, Status.APPROVED), (Status.DONE, Status.CONFIRMED)],
)
def test_reopen_is_one_step_back(sample_uow, start, back):
    v = first(sample_uow, start)
    assert services.reopen_visit(sample_uow, v.id, v.version).status == back


def test_reopen_checks_the_version_and_a_proposed_visit_has_nothing_to_reopen(sample_uow):
    v = first(sample_uow, Status.APPROVED)
    services.change_status(sample_uow, v.id, v.version, Status.CONFIRMED)
    with pytest.raises(StaleVersion):
        services.reopen_visit(sample_uow, v.id, v.version)
    p = first(sample_uow, Status.PROPOSED)
    with pytest.raises(IllegalTransition):
        services.reopen_visit(sample_uow, p.id, p.version)


def test_a_reopen_is_not_an_ordinary_change(sample_uow):
    """Going back is only through reopen_visit: the ordinary change path still refuses it."""
    v = first(sample_uow, Status.CONFIRMED)
    with pytest.raises(IllegalTransition):
        services.change_status(sample_uow, v.id, v.version, Status.APPROVED)


def test_restoring_an_old_version_leaves_status_and_cancel_reason_alone(sample_uow):
    v = first(sample_uow, Status.APPROVED)
    edited = services.update_visit(sample_uow, v.id, v.version, {"notes": "메모"})
    cancelled = services.cancel_visit(sample_uow, v.id, edited.version, "사유")
    restored = services.restore_version(sample_uow, v.id, cancelled.version, v.version)
    assert (restored.status, restored.cancel_reason, restored.notes) == (Status.CANCELLED, "사유", v.notes)


def test_visit_view_has_everything_the_page_shows(sample_uow):
    v = first(sample_uow, Status.APPROVED)
    view = visit_view.visit_view(sample_uow, v.id)
    assert view.visit.id == v.id and view.forward == (Status.CONFIRMED, Status.CANCELLED)
    assert view.reopen_to == Status.PROPOSED
    assert any(s.visit.id == v.id for s in view.day.stops)
    assert view.history == ()
