"""Benchmarks of issue 5: the statistics page and the aggregation at 100,000 visits."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from bench.apptest import page_rerun_measurements
from bench.data import populated_db
from bench.harness import Bench, Measurement, measure, ratio
from planner import db, services, stats
from planner.domain import SEOUL
from planner.uow import UnitOfWork

NOW = datetime(2026, 3, 15, 9, 0, tzinfo=SEOUL)


def stats_page(n: int) -> list[Measurement]:
    url = populated_db(n)
    session = {"clock.now": NOW.isoformat()}
    return page_rerun_measurements("stats_page_rerun", n, url, "pages/stats.py", target=10.0, session=session)


def _raw_pandas(frame: pd.DataFrame) -> object:
    """The same groupings written directly in pandas, without filters, labels or coverage."""
    return (
        frame.groupby(["year", "category"], observed=True).size().unstack(fill_value=0),
        frame.groupby("month").size(),
        frame.groupby("status", observed=True).size(),
        frame.groupby("district", observed=True).size(),
        frame.groupby("district", observed=True)["day"].max(),
    )


def stats_aggregate(n: int) -> list[Measurement]:
    uow = UnitOfWork(db.get_engine(populated_db(n)), lambda: NOW)
    stats.clear_cache()
    _, frame = stats.facts(uow)
    categories = [c.code for c in services.list_categories(uow)]
    flt = stats.StatsFilter(statuses=stats.DEFAULT_STATUSES)
    floor = measure(lambda: _raw_pandas(frame))
    seconds = measure(lambda: stats.aggregate(frame, flt, categories, NOW))
    load_floor = measure(lambda: services.data_version(uow), repeat=20)

    def cold() -> None:
        stats.clear_cache()
        stats.facts(uow)

    cached = measure(lambda: stats.compute(uow, flt), repeat=20)
    return [
        ratio("stats_aggregate", n, seconds, "raw_pandas_groupby", floor, target=3.0),
        ratio("stats_facts_cold_load", n, measure(cold, repeat=3), "data_version_query", load_floor),
        ratio("stats_compute_cached", n, cached, "data_version_query", load_floor, target=5.0),
    ]


BENCHES = [
    Bench("stats_page", stats_page, (100000,), "statistics page rerun at n visits vs an empty page (target 10x)"),
    Bench("stats_aggregate", stats_aggregate, (100000,), "stats aggregation vs raw pandas doing the same grouping"),
]
