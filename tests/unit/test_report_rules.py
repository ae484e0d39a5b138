"""Counting rules of the council report on small hand-made visits (no database)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from planner import reports, rules
from planner.domain import SEOUL, Status, Visit

NOW = datetime(2022, 3, 15, 9, 0, tzinfo=SEOUL)


def visit(
    vid: int, start: datetime, status: Status = Status.DONE, rank: int | None = None, site: str = "현장"
) -> Visit:
    return Visit(
        id=vid,
        uid=f"u{vid}",
        title=f"visit {vid}",
        site_id=1,
        start=start,
        end=start + timedelta(hours=1),
        category="covid19",
        status=status,
        highlight_rank=rank,
        version=3,
        site_name=site,
    )


@pytest.mark.parametrize(
    ("status", "start", "counted", "unclosed"),
    [
        (Status.DONE, datetime(2022, 3, 1, 10, tzinfo=SEOUL), True, False),
        (Status.DONE, datetime(2022, 3, 20, 10, tzinfo=SEOUL), True, False),  # recorded as done: counts
        (Status.CONFIRMED, datetime(2022, 3, 1, 10, tzinfo=SEOUL), False, True),  # over, not closed: listed
        (Status.CONFIRMED, datetime(2022, 3, 15, 8, 30, tzinfo=SEOUL), False, False),  # still running at NOW
        (Status.CONFIRMED, datetime(2022, 3, 16, 10, tzinfo=SEOUL), False, False),  # future
        (Status.APPROVED, datetime(2022, 3, 1, 10, tzinfo=SEOUL), False, False),
        (Status.PROPOSED, datetime(2022, 3, 1, 10, tzinfo=SEOUL), False, False),
        (Status.CANCELLED, datetime(2022, 3, 1, 10, tzinfo=SEOUL), False, False),
    ],
)
def test_which_visits_count(status, start, counted, unclosed):
    v = visit(1, start, status)
    assert rules.counts_as_held(v) is counted
    assert reports.is_unclosed(v, NOW) is unclosed


def test_year_is_the_seoul_year_of_the_start_whatever_the_offset_given():
    # 2021-12-31 23:30 in Seoul is 14:30 UTC: still 2021; 2022-01-01 00:30 Seoul is 2021 in UTC.
    assert reports.report_year(visit(1, datetime.fromisoformat("2021-12-31T14:30:00+00:00"))) == 2021
    assert reports.report_year(visit(2, datetime.fromisoformat("2021-12-31T15:30:00+00:00"))) == 2022
    assert reports.report_year(visit(3, datetime(2021, 12, 31, 23, 59, tzinfo=SEOUL))) == 2021
    assert reports.report_year(visit(4, datetime(2022, 1, 1, 0, 0, tzinfo=SEOUL))) == 2022


def test_highlight_text_is_site_month_day_without_leading_zeros():
    assert (
        reports.highlight_text(visit(1, datetime(2021, 12, 27, 10, tzinfo=SEOUL), site="혜민병원")) == "혜민병원(12.27)"
    )
    assert reports.highlight_text(visit(1, datetime(2022, 2, 2, 10, tzinfo=SEOUL), site="검사소")) == "검사소(2.2)"
    # Month and day are Seoul's: 1 Feb 16:00 UTC is 2 Feb in Seoul.
    assert reports.highlight_text(visit(1, datetime.fromisoformat("2022-02-01T16:00:00+00:00"), site="x")) == "x(2.2)"


def test_highlight_order_is_rank_then_later_date_then_id():
    a = visit(1, datetime(2021, 5, 1, 10, tzinfo=SEOUL), rank=2)
    b = visit(2, datetime(2021, 9, 1, 10, tzinfo=SEOUL), rank=1)
    c = visit(3, datetime(2021, 10, 1, 10, tzinfo=SEOUL), rank=2)  # tie with a: later date first
    d = visit(4, datetime(2021, 10, 1, 10, tzinfo=SEOUL), rank=2)  # tie with c on date too: id
    e = visit(5, datetime(2021, 11, 1, 10, tzinfo=SEOUL))  # no rank: not named
    assert [v.id for v in reports.highlight_order([a, b, c, d, e])] == [2, 3, 4, 1]


def row(count: int, names: tuple[str, ...], year: int = 2021) -> reports.ReportRow:
    return reports.ReportRow("policy", "label", year, count, names, tuple(range(len(names))), count > len(names))


def test_cells_and_the_line_in_the_reports_style():
    assert reports.highlights_cell(row(22, ("a(1.2)", "b(3.4)")), "ko") == "a(1.2), b(3.4) 등"
    assert reports.highlights_cell(row(2, ("a(1.2)", "b(3.4)")), "ko") == "a(1.2), b(3.4)"  # all named: no 등
    assert reports.highlights_cell(row(5, ()), "ko") == ""
    line = reports.group_line([row(14, (), 2021), row(7, (), 2022)])
    assert line == "\u203221년 14회, \u203222년 7회"
    assert "'" not in line and "’" not in line  # the prime U+2032, as in the source
    assert reports.group_line([row(12, (), 2021), row(0, (), 2022)]) == "′21년 12회"  # zero years left out
    assert reports.group_line([row(0, (), 2022)]) == "′22년 0회"


def test_highlight_changes_rank_the_chosen_in_order_and_clear_the_rest():
    a = visit(1, datetime(2021, 5, 1, 10, tzinfo=SEOUL), rank=1)
    b = visit(2, datetime(2021, 6, 1, 10, tzinfo=SEOUL))
    c = visit(3, datetime(2021, 7, 1, 10, tzinfo=SEOUL), rank=2)
    changes = reports.highlight_changes([a, b, c], [3, 2])
    assert {(ch.visit_id, ch.rank, ch.seen_version) for ch in changes} == {(1, None, 3), (2, 2, 3), (3, 1, 3)}
    assert reports.highlight_changes([a, b, c], [1, 3]) == []  # nothing changes: nothing to write


def test_check_years_refuses_nonsense():
    from planner.domain import ValidationError

    assert reports.check_years([2022, 2021, 2022]) == (2021, 2022)
    with pytest.raises(ValidationError):
        reports.check_years([])
    with pytest.raises(ValidationError):
        reports.check_years([20222])
