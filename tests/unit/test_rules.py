"""The visit rules (planner.rules.check): blocking problems refuse, warnings are shown."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from planner import rules
from planner.domain import SEOUL, BusyBlock, Status, Visit
from planner.i18n import error_text, t

T = datetime(2022, 3, 2, 10, 0, tzinfo=SEOUL)


def visit(vid: int | None = 1, start: datetime = T, minutes: int = 60, **kw) -> Visit:
    values = dict(
        id=vid, uid=f"u{vid}", title="현장점검", site_id=1, start=start, end=start + timedelta(minutes=minutes),
        category="covid19", status=Status.APPROVED,
    )  # fmt: skip
    values.update(kw)
    return Visit(**values)


def codes(problems) -> list[str]:
    return [p.rule for p in problems]


def test_a_good_visit_has_no_problem():
    assert rules.check(visit(), categories={"covid19"}) == []


@pytest.mark.parametrize(
    ("change", "rule", "field"),
    [
        ({"title": "  "}, "required", "title"),
        ({"title": "가" * 201}, "too_long", "title"),
        ({"notes": "x" * 4001}, "too_long", "notes"),
        ({"end": T}, "end_before_start", "end"),
        ({"end": T - timedelta(hours=1)}, "end_before_start", "end"),
        ({"end": T + timedelta(days=7, minutes=1)}, "too_long_visit", "end"),
        ({"category": "nope"}, "unknown_category", "category"),
        ({"highlight_rank": 0}, "bad_rank", "highlight_rank"),
    ],
)
def test_blocking_problems_name_their_rule_and_field(change, rule, field):
    problems = rules.check(replace(visit(), **change), categories={"covid19"})
    assert codes(problems) == [rule]
    assert problems[0].blocking and problems[0].field == field
    for lang in ("ko", "en"):
        assert "{" not in error_text(problems[0].error(), lang)


def test_a_new_visit_cannot_start_cancelled_but_may_be_recorded_as_done():
    assert codes(rules.check(visit(status=Status.CANCELLED), new=True)) == ["start_status"]
    assert rules.check(visit(status=Status.DONE), new=True) == []
    assert rules.check(visit(status=Status.CANCELLED), new=False) == []  # an existing visit may be cancelled


def test_overlap_with_an_open_visit_is_a_warning_naming_the_other():
    other = visit(2, T + timedelta(minutes=30), title="다른 일정")
    problems = rules.check(visit(), neighbours=[other, visit(1)])  # itself is not a neighbour
    assert codes(problems) == ["overlap"] and not problems[0].blocking
    assert problems[0].visit_ids == (1, 2)
    assert "다른 일정" in t(problems[0].key, "ko", **problems[0].params)


@pytest.mark.parametrize("status", [Status.CANCELLED, Status.DONE])
def test_closed_visits_do_not_overlap(status):
    assert rules.check(visit(), neighbours=[visit(2, T, status=status)]) == []
    assert rules.check(visit(status=status), neighbours=[visit(2, T)]) == []


def test_back_to_back_visits_do_not_overlap():
    assert rules.check(visit(), neighbours=[visit(2, T + timedelta(minutes=60))]) == []


def test_busy_time_from_another_calendar_is_a_warning():
    meeting = BusyBlock(None, "b1", "", "간부회의", T - timedelta(minutes=30), T + timedelta(minutes=30))
    later = BusyBlock(None, "b2", "", "오찬", T + timedelta(hours=2), T + timedelta(hours=3))
    problems = rules.check(visit(), busy=[meeting, later])
    assert codes(problems) == ["busy"] and "간부회의" in t(problems[0].key, "en", **problems[0].params)


def test_blocking_problems_come_first_and_neighbours_wait_for_a_valid_visit():
    bad = replace(visit(), category="nope")
    assert codes(rules.check(bad, categories={"covid19"}, neighbours=[visit(2)])) == ["unknown_category"]


def test_only_done_visits_count_as_held():
    assert [s for s in Status if rules.counts_as_held(visit(status=s))] == [Status.DONE]


def test_overlapping_pairs_is_the_one_overlap_test():
    """One sweep (``rules.overlapping_pairs``) and one test (``rules.overlaps``) behind the visit rule, the
    scheduler's ``overlap``/``busy`` rules and the home page's attention list; touching ends do not overlap."""
    a, b, c, d = visit(1), visit(2, T + timedelta(minutes=30)), visit(3, T + timedelta(minutes=60)), visit(4, T, 180)
    items = sorted([a, b, c, d], key=lambda v: v.start)
    pairs = [frozenset((x.id, y.id)) for x, y in rules.overlapping_pairs(items)]
    assert sorted(map(sorted, pairs)) == [[1, 2], [1, 4], [2, 3], [2, 4], [3, 4]]  # 1 and 3 only touch
    assert rules.overlaps(a, b) and not rules.overlaps(a, c)
    assert rules.overlaps(a, BusyBlock(None, "b", "", "회의", T + timedelta(minutes=59), T + timedelta(hours=2)))
