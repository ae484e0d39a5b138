"""Statistics on a small hand-made facts table: Seoul years and months, filters, coverage, drill-down."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from planner import stats
from planner.domain import SEOUL, Category, Status

CATEGORIES = [
    Category("covid19", "코로나19", "COVID-19", "#d62728", "covid19", 10),
    Category("economy", "경제", "Economy", "#1f77b4", "policy", 20),
]
NOW = datetime(2022, 3, 15, 9, 0, tzinfo=SEOUL)


def rows():
    # (id, start UTC naive, end UTC naive, status, category, site_id, district, rank)
    def r(i, utc, status="done", cat="covid19", district="중구"):
        start = datetime.fromisoformat(utc)
        return (i, start, start, status, cat, 1, district, None)

    return [
        r(1, "2021-12-31T14:30"),  # 23:30 on 31 Dec in Seoul: 2021-12
        r(2, "2021-12-31T15:30"),  # 00:30 on 1 Jan in Seoul: 2022-01, although still 2021 in UTC
        r(3, "2022-02-10T01:00", cat="economy", district="강남구"),
        r(4, "2022-02-11T01:00", status="cancelled", district="종로구"),
        r(5, "2022-03-20T01:00", status="confirmed", district="종로구"),  # after NOW
    ]


def frame():
    return stats.facts_frame(rows(), CATEGORIES)


def test_years_and_months_are_seoul_calendar_time():
    f = frame()
    assert dict(zip(f["id"], f["year"], strict=True))[2] == 2022
    assert dict(zip(f["id"], f["month"], strict=True)) == {1: 202112, 2: 202201, 3: 202202, 4: 202202, 5: 202203}


def test_counts_by_year_category_month_and_status():
    result = stats.aggregate(frame(), stats.StatsFilter(statuses=stats.DEFAULT_STATUSES), ["covid19", "economy"], NOW)
    assert result.total == 4  # the cancelled visit is left out by the default statuses
    assert result.by_year_category.loc[2021].to_dict() == {"covid19": 1, "economy": 0}
    assert result.by_year_category.loc[2022].to_dict() == {"covid19": 2, "economy": 1}
    assert result.by_month.to_dict() == {"2021-12": 1, "2022-01": 1, "2022-02": 1, "2022-03": 1}
    assert result.by_status.to_dict() == {"proposed": 0, "approved": 0, "confirmed": 1, "done": 3, "cancelled": 0}
    every = stats.aggregate(frame(), stats.StatsFilter(), ["covid19", "economy"], NOW)
    assert every.total == 5 and every.by_status["cancelled"] == 1


def test_period_is_inclusive_seoul_days():
    flt = stats.StatsFilter(date_from=date(2022, 1, 1), date_to=date(2022, 2, 10))
    result = stats.aggregate(frame(), flt, ["covid19", "economy"], NOW)
    assert result.total == 2  # ids 2 and 3; id 1 is 31 Dec in Seoul


def test_district_coverage_and_days_since_last_visit():
    result = stats.aggregate(frame(), stats.StatsFilter(statuses=stats.DEFAULT_STATUSES), ["covid19"], NOW)
    table = result.by_district
    assert len(table) == 25
    assert table.loc["중구", "count"] == 2 and table.loc["강남구", "count"] == 1
    assert table.loc["종로구", "count"] == 1  # the confirmed future visit counts as planned
    # Days since: started by NOW, cancelled never; 종로구 has only a cancelled and a future visit.
    assert table.loc["중구", "last_visit"] == date(2022, 1, 1)
    assert table.loc["중구", "days_since"] == (date(2022, 3, 15) - date(2022, 1, 1)).days
    assert pd.isna(table.loc["종로구", "days_since"]) and table.loc["종로구", "last_visit"] is None
    assert "중구" not in result.uncovered and "용산구" in result.uncovered
    assert len(result.uncovered) == 22


def test_drill_down_gives_the_visits_behind_a_figure():
    f = frame()
    flt = stats.StatsFilter(statuses=stats.DEFAULT_STATUSES)
    assert stats.drill_ids(f, flt, stats.Drill(year=2022, category="covid19")) == [2, 5]
    assert stats.drill_ids(f, flt, stats.Drill(month="2021-12")) == [1]
    assert stats.drill_ids(f, flt, stats.Drill(district="종로구")) == [5]
    assert stats.drill_ids(f, stats.StatsFilter(), stats.Drill(status=Status.CANCELLED.value)) == [4]
    # Every figure adds up: the drill-down of each year x category cell has that many visits.
    result = stats.aggregate(f, flt, ["covid19", "economy"], NOW)
    for year, counts in result.by_year_category.iterrows():
        for cat, n in counts.items():
            assert len(stats.drill_ids(f, flt, stats.Drill(year=int(year), category=cat))) == n


def test_empty_facts_give_zero_figures():
    result = stats.aggregate(stats.facts_frame([], CATEGORIES), stats.StatsFilter(), ["covid19"], NOW)
    assert result.total == 0 and len(result.uncovered) == 25 and result.by_month.empty


def test_district_table_lists_the_fewest_visits_first_and_the_longest_unvisited_first_among_equals():
    result = stats.aggregate(frame(), stats.StatsFilter(statuses=stats.DEFAULT_STATUSES), ["covid19"], NOW)
    counts = list(result.by_district["count"])
    assert counts == sorted(counts)
    assert list(result.by_district.index[-1:]) == ["중구"]  # the most visited (2) last
    ones = result.by_district[result.by_district["count"] == 1]
    # 종로구 (never visited by NOW: only a future visit) before 강남구 (visited).
    assert list(ones.index).index("종로구") < list(ones.index).index("강남구")
