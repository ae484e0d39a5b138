"""Statistics over a real database: the sample data's figures, caching and invalidation on writes."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from planner import services, stats
from planner.domain import SEOUL, Status, VisitQuery

DONE_ONLY = stats.StatsFilter(statuses=(Status.DONE,))


def test_sample_figures_match_the_report(sample_uow):
    result = stats.compute(
        sample_uow,
        stats.StatsFilter(date_from=date(2021, 1, 1), date_to=date(2022, 12, 31), statuses=(Status.DONE,)),
    )
    table = result.by_year_category
    assert int(table.loc[2021, "covid19"]) == 22 and int(table.loc[2022, "covid19"]) == 8
    assert int(table.loc[2021, ["economy", "safety", "welfare"]].sum()) == 14
    assert int(table.loc[2022, "district_coop"]) == 2
    assert result.by_status["done"] == result.total


def test_cache_is_reused_until_a_write_and_then_refreshed(sample_uow):
    stats.clear_cache()
    first = stats.compute(sample_uow, DONE_ONLY)
    assert stats.compute(sample_uow, DONE_ONLY) is first  # no write: the same object
    site = services.list_sites(sample_uow)[0]
    start = datetime(2022, 3, 2, 10, tzinfo=SEOUL)
    services.add_visit(
        sample_uow, services.VisitDraft("new", site.id, start, start + timedelta(hours=1), "covid19", Status.DONE)
    )
    second = stats.compute(sample_uow, DONE_ONLY)
    assert second is not first and second.total == first.total + 1
    # Any edit counts too (update_visit bumps the data version).
    visit = services.list_visits(sample_uow)[0]
    services.update_visit(sample_uow, visit.id, visit.version, {"notes": "x"})
    assert stats.compute(sample_uow, DONE_ONLY) is not second


def test_drill_down_lists_the_visits_behind_a_district_figure(sample_uow):
    result = stats.compute(sample_uow, DONE_ONLY)
    ids = stats.visit_ids(sample_uow, DONE_ONLY, stats.Drill(district="중구"))
    assert len(ids) == result.by_district.loc["중구", "count"] > 0
    listed = services.list_visits(sample_uow, VisitQuery(ids=tuple(ids)))
    assert {v.district for v in listed} == {"중구"} and all(v.status == Status.DONE for v in listed)
