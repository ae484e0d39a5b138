"""The statistics page's tables and chart data, labelled for a language and cached.

Labelling 25-row tables is cheap once but adds up on every rerun; these frames are built once
per (database, data version, filter, language, minute) and reused as they are (never mutated).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from planner import geo, stats
from planner.domain import Category, Status
from planner.i18n import t
from planner.ui.cache import memo


@dataclass(frozen=True)
class StatsView:
    year_table: pd.DataFrame  # labelled year x category counts with a total column
    year_long: pd.DataFrame  # year, c (category label), n: for the stacked bar chart
    month: pd.DataFrame  # month, n
    status_table: pd.DataFrame
    district_table: pd.DataFrame
    # Row/column positions -> drill-down coordinates, for clicks in the tables.
    year_rows: list[dict[str, Any]]
    year_cols: dict[str, dict[str, Any]]
    status_rows: list[dict[str, Any]]
    district_rows: list[dict[str, Any]]


def stats_view(result: stats.Stats, categories: list[Category], lang: str, key: Hashable) -> StatsView:
    return _cached(result, tuple(categories), lang, key)


@memo(16)
def _cached(_result: stats.Stats, categories: tuple[Category, ...], lang: str, key: Hashable) -> StatsView:
    result = _result
    cat_label = {c.code: c.label(lang) for c in categories}
    district_label = {d.name_ko: d.name(lang) for d in geo.districts()}
    year_cat = result.by_year_category
    table = year_cat.rename(columns=cat_label)
    table[t("stats.total_col", lang)] = year_cat.sum(axis=1)
    table.index = pd.Index([str(y) for y in year_cat.index], name=t("stats.year", lang))
    year_long = pd.DataFrame(
        {
            "year": [str(y) for y in year_cat.index for _ in year_cat.columns],
            "c": [cat_label.get(c, c) for _ in year_cat.index for c in year_cat.columns],
            "n": year_cat.to_numpy().ravel(),
        }
    )
    count = t("stats.count", lang)
    status_table = pd.DataFrame(
        {
            t("field.status", lang): [t(f"status.{s}", lang) for s in result.by_status.index],
            count: result.by_status.values,
        }
    )
    district_table = pd.DataFrame(
        {
            t("field.district", lang): [district_label[n] for n in result.by_district.index],
            count: result.by_district["count"].values,
            t("stats.last_visit", lang): [d.isoformat() if d else "" for d in result.by_district["last_visit"]],
            t("stats.days_since", lang): result.by_district["days_since"].values,
        }
    )
    return StatsView(
        year_table=table,
        year_long=year_long,
        month=result.by_month.rename_axis("month").reset_index(name="n"),
        status_table=status_table,
        district_table=district_table,
        year_rows=[{"year": int(y)} for y in year_cat.index],
        year_cols={cat_label.get(c, c): {"category": c} for c in year_cat.columns},
        status_rows=[{"status": s} for s in result.by_status.index if s in {x.value for x in Status}],
        district_rows=[{"district": n} for n in result.by_district.index],
    )
