"""Visit statistics: counts by year and category, month, status and district, and coverage.

All figures come from one narrow table of visit facts (one row per visit: id, Seoul start time,
status, category, report group, district) held in memory per database and data version, so a
write anywhere invalidates it and a rerun of the statistics page does no database work beyond
reading the version. Aggregates for a filter are memoised on the same key. Every figure can be
turned back into the ids of the visits behind it (``drill_ids``), which is how pages drill down.
Years, months and days are Seoul calendar time whatever the machine's time zone.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TypeVar

import pandas as pd

from planner import geo, repository, services
from planner.domain import Category, Status, Visit, VisitQuery, to_seoul
from planner.uow import UnitOfWork

TZ = "Asia/Seoul"
STATUS_ORDER = tuple(s.value for s in Status)
# Statuses a stats page shows unless the user asks otherwise: what was or will be done.
DEFAULT_STATUSES = tuple(s for s in Status if s != Status.CANCELLED)


@dataclass(frozen=True)
class StatsFilter:
    """Which visits the figures count. Empty fields do not filter; dates are Seoul days, inclusive."""

    date_from: date | None = None
    date_to: date | None = None
    categories: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    statuses: tuple[Status, ...] = ()


@dataclass(frozen=True)
class Drill:
    """The coordinates of one figure: any combination of year, month, category, status, district."""

    year: int | None = None
    month: str | None = None  # "YYYY-MM"
    category: str | None = None
    status: str | None = None
    district: str | None = None

    def is_empty(self) -> bool:
        return all(v is None for v in (self.year, self.month, self.category, self.status, self.district))


@dataclass(frozen=True)
class Stats:
    total: int
    by_year_category: pd.DataFrame  # index year, one column per category code, ints
    by_month: pd.Series  # index "YYYY-MM" (every month between the first and last), ints
    by_status: pd.Series  # index status value (all five, workflow order), ints
    by_district: pd.DataFrame  # index Korean district (all 25), fewest visits first: count, last_visit, days_since
    uncovered: list[str] = field(default_factory=list)  # districts with no visit under the filter
    version: int = 0  # the data version the figures were computed at (a cache key for callers)


# ---------------------------------------------------------------- facts and their cache

_lock = threading.Lock()
_facts: dict[str, tuple[int, pd.DataFrame]] = {}
_RESULTS_MAX = 32
# Results per (database, data version, filter, ...): figures, and the visits behind a figure.
_results: OrderedDict[tuple, Stats] = OrderedDict()
_drills: OrderedDict[tuple, tuple[int, list[Visit]]] = OrderedDict()
_T = TypeVar("_T")


def _recall(cache: OrderedDict[tuple, _T], key: tuple) -> _T | None:
    with _lock:
        hit = cache.get(key)
        if hit is not None:
            cache.move_to_end(key)
        return hit


def _remember(cache: OrderedDict[tuple, _T], key: tuple, value: _T) -> _T:
    with _lock:
        cache[key] = value
        while len(cache) > _RESULTS_MAX:
            cache.popitem(last=False)
    return value


def _engine_key(uow: UnitOfWork) -> str:
    """Caches are per database: the engine's URL (with the data version, see ``facts``)."""
    return uow.engine.url.render_as_string(hide_password=False)


def facts_frame(rows: list[tuple], categories: list[Category]) -> pd.DataFrame:
    """The facts table from ``repository.visit_fact_rows``; pure, so it can be tested alone."""
    frame = pd.DataFrame.from_records(rows, columns=list(repository.FACT_COLUMNS))
    start = pd.to_datetime(frame["start_utc"]).dt.tz_localize("UTC").dt.tz_convert(TZ)
    group = {c.code: c.report_group for c in categories}
    out = pd.DataFrame(
        {
            "id": frame["id"].astype("int64"),
            "start": start,
            "year": start.dt.year.astype("int64"),
            # yyyymm as a number: formatting 100,000 strings costs more than the rest together.
            "month": (start.dt.year * 100 + start.dt.month).astype("int64"),
            "day": start.dt.tz_localize(None).dt.normalize(),
            "status": frame["status"].astype("category"),
            "category": frame["category"].astype("category"),
            "report_group": frame["category"].map(group).astype("category"),
            "district": frame["district"].fillna("").astype("category"),
            "highlight_rank": frame["highlight_rank"],
        }
    )
    return out.sort_values(["start", "id"], kind="stable").reset_index(drop=True)


def facts(uow: UnitOfWork) -> tuple[int, pd.DataFrame]:
    """(data version, facts table) of the unit's database; rebuilt only after a write."""
    key = _engine_key(uow)
    with uow.transaction() as conn:
        version = repository.data_version(conn)
        with _lock:
            cached = _facts.get(key)
        if cached is not None and cached[0] == version:
            return cached
        rows = repository.visit_fact_rows(conn)
        categories = repository.list_categories(conn)
    frame = facts_frame(rows, categories)
    with _lock:
        _facts[key] = (version, frame)
    return version, frame


def clear_cache() -> None:
    with _lock:
        _facts.clear()
        _results.clear()
        _drills.clear()


# ---------------------------------------------------------------- filtering and aggregation


def _mask(frame: pd.DataFrame, flt: StatsFilter) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    if flt.date_from is not None:
        mask &= frame["day"] >= pd.Timestamp(flt.date_from)
    if flt.date_to is not None:
        mask &= frame["day"] <= pd.Timestamp(flt.date_to)
    if flt.categories:
        mask &= frame["category"].isin(list(flt.categories))
    if flt.districts:
        mask &= frame["district"].isin(list(flt.districts))
    if flt.statuses:
        mask &= frame["status"].isin([Status(s).value for s in flt.statuses])
    return mask


def select(frame: pd.DataFrame, flt: StatsFilter) -> pd.DataFrame:
    return frame[_mask(frame, flt)]


def month_label(yyyymm: int) -> str:
    return f"{yyyymm // 100:04d}-{yyyymm % 100:02d}"


def month_number(label: str) -> int:
    year, month = label.split("-")
    return int(year) * 100 + int(month)


def _month_range(first: int, last: int) -> list[int]:
    months = []
    y, m = divmod(first, 100)
    while y * 100 + m <= last:
        months.append(y * 100 + m)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def aggregate(frame: pd.DataFrame, flt: StatsFilter, categories: list[str], now: datetime) -> Stats:
    """Every figure of the statistics page for the visits of ``frame`` that pass ``flt``.

    ``categories`` gives the columns (and their order) of the year x category table.
    Days since a district's last visit look at every date up to ``now`` (not only the period):
    the latest visit under the same category, district and status filters that has started by
    ``now``; cancelled visits never count as a visit.
    """
    chosen = select(frame, flt)
    total = len(chosen)
    year_cat = chosen.groupby(["year", "category"], observed=True).size().unstack("category", fill_value=0)
    year_cat.columns = [str(c) for c in year_cat.columns]
    year_cat = year_cat.reindex(columns=list(categories), fill_value=0).astype("int64")
    year_cat.index.name = "year"
    if total:
        by_month = chosen.groupby("month").size()
        by_month = by_month.reindex(_month_range(by_month.index.min(), by_month.index.max()), fill_value=0)
        by_month.index = [month_label(m) for m in by_month.index]
    else:
        by_month = pd.Series(dtype="int64")
    by_month.index.name = "month"
    by_status = chosen.groupby("status", observed=True).size().reindex(list(STATUS_ORDER), fill_value=0).astype("int64")
    by_status.index.name = "status"

    names = [d.name_ko for d in geo.districts()]
    counts = chosen.groupby("district", observed=True).size().reindex(names, fill_value=0).astype("int64")
    past_filter = StatsFilter(categories=flt.categories, districts=flt.districts, statuses=flt.statuses)
    past = select(frame, past_filter)
    past = past[(past["status"] != Status.CANCELLED.value) & (past["start"] <= pd.Timestamp(to_seoul(now)))]
    last = past.groupby("district", observed=True)["day"].max().reindex(names)
    today = pd.Timestamp(to_seoul(now).date())
    days_since = (today - last).dt.days
    by_district = pd.DataFrame(
        {
            "count": counts,
            "last_visit": [None if pd.isna(x) else x.date() for x in last],
            "days_since": pd.array([None if pd.isna(x) else int(x) for x in days_since], dtype="Int64"),
        },
        index=pd.Index(names, name="district"),
    )
    # Fewest visits first ("which district had the fewest visits" is the question asked of this
    # table), then the longest since the last visit (never visited first); district code order last.
    by_district = by_district.sort_values(
        ["count", "days_since"], ascending=[True, False], na_position="first", kind="stable"
    )
    uncovered = [n for n in names if counts[n] == 0]
    return Stats(total, year_cat, by_month, by_status, by_district, uncovered)


def compute(uow: UnitOfWork, flt: StatsFilter) -> Stats:
    """``aggregate`` over the cached facts as of ``uow.now``, memoised per data version, filter
    and minute of the time."""
    with uow.transaction():
        minute = uow.now.replace(second=0, microsecond=0)
        version, frame = facts(uow)
        categories = [c.code for c in _categories(uow, version)]
    key = (_engine_key(uow), version, flt, minute)
    hit = _recall(_results, key)
    if hit is not None:
        return hit
    return _remember(_results, key, replace(aggregate(frame, flt, categories, minute), version=version))


_categories_cache: dict[tuple[str, int], list[Category]] = {}


def _categories(uow: UnitOfWork, version: int) -> list[Category]:
    key = (_engine_key(uow), version)
    found = _categories_cache.get(key)
    if found is None:
        found = services.list_categories(uow)
        _categories_cache.clear()
        _categories_cache[key] = found
    return found


# ---------------------------------------------------------------- drilling down


def drill_ids(frame: pd.DataFrame, flt: StatsFilter, drill: Drill) -> list[int]:
    """Ids of the visits behind one figure, oldest first."""
    chosen = select(frame, flt)
    if drill.year is not None:
        chosen = chosen[chosen["year"] == int(drill.year)]
    if drill.month is not None:
        chosen = chosen[chosen["month"] == month_number(drill.month)]
    if drill.category is not None:
        chosen = chosen[chosen["category"] == drill.category]
    if drill.status is not None:
        chosen = chosen[chosen["status"] == drill.status]
    if drill.district is not None:
        chosen = chosen[chosen["district"] == drill.district]
    return [int(i) for i in chosen["id"]]


def visit_ids(uow: UnitOfWork, flt: StatsFilter, drill: Drill) -> list[int]:
    return drill_ids(facts(uow)[1], flt, drill)


def drill_visits(uow: UnitOfWork, flt: StatsFilter, drill: Drill, limit: int = 200) -> tuple[int, list[Visit]]:
    """How many visits are behind a figure and the first ``limit`` of them (oldest first).

    Memoised per data version like ``compute``: a rerun that shows the same list reads nothing.
    """
    with uow.transaction():
        version, frame = facts(uow)
        key = (_engine_key(uow), version, flt, drill, limit)
        hit = _recall(_drills, key)
        if hit is not None:
            return hit
        ids = drill_ids(frame, flt, drill)
        shown: list[Visit] = []
        if ids:
            wanted = ids[:limit]
            found = {v.id: v for v in services.list_visits(uow, VisitQuery(ids=tuple(wanted)))}
            shown = [found[i] for i in wanted if i in found]
    return _remember(_drills, key, (len(ids), shown))


def span(uow: UnitOfWork) -> tuple[date, date] | None:
    """Seoul days of the first and the last visit, or None without visits."""
    frame = facts(uow)[1]
    if frame.empty:
        return None
    return frame["start"].iloc[0].date(), frame["start"].iloc[-1].date()
