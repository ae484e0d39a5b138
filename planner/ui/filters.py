"""The visit filters of the pages: widgets in, one ``VisitQuery`` out.

The log, the map and the statistics filter visits by year, period, category, district, status and
text. A date-range widget gives (), (day,) or (first, last) while the user picks; ``visit_query``
turns whatever the widgets hold into the query, so each page does not convert it again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

import streamlit as st

from planner.domain import Status, VisitQuery
from planner.ui import Vocabulary, tr


def period_bounds(value: Any) -> tuple[date | None, date | None]:
    """(first, last) of a date-range widget's value; one day picked means that day."""
    period = tuple(value) if isinstance(value, (list, tuple)) else ((value,) if value else ())
    if not period:
        return None, None
    return period[0], period[1] if len(period) == 2 else period[0]


def visit_query(
    *,
    year: int | None = None,
    period: Any = (),
    categories: Iterable[str] = (),
    districts: Iterable[str] = (),
    statuses: Iterable[str | Status] = (),
    text: str = "",
) -> VisitQuery:
    """The query for the filter values a page holds (widget values or values kept in state)."""
    first, last = period_bounds(period)
    return VisitQuery(
        year=year,
        date_from=first,
        date_to=last,
        categories=tuple(categories),
        districts=tuple(districts),
        statuses=tuple(Status(s) for s in statuses),
        text=text or "",
    )


PERIOD_PRESETS = ("this_week", "next_week", "this_month", "next_month")


def period_preset(name: str, today: date) -> tuple[date, date]:
    """(first, last) day of a named period around ``today`` (weeks run Monday to Sunday)."""
    if name in ("this_week", "next_week"):
        monday = today - timedelta(days=today.weekday()) + timedelta(days=7 if name == "next_week" else 0)
        return monday, monday + timedelta(days=6)
    if name not in ("this_month", "next_month"):
        raise ValueError(name)
    first = today.replace(day=1)
    if name == "next_month":
        first = (first + timedelta(days=32)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def period_buttons(key: str, today: date) -> None:
    """Buttons that fill the date-range widget ``key`` with this/next week or month."""

    def _fill(name: str) -> None:
        st.session_state[key] = period_preset(name, today)

    for column, name in zip(st.columns(len(PERIOD_PRESETS)), PERIOD_PRESETS, strict=True):
        column.button(tr(f"period.{name}"), key=f"{key}.{name}", on_click=_fill, args=(name,), width="stretch")


def visit_filters(prefix: str, vocab: Vocabulary, years: Sequence[int]) -> VisitQuery:
    """The full filter panel (year, period, text; category, district, status) under ``prefix``."""
    c1, c2, c3 = st.columns([1, 2, 3])
    everything = tr("visits.all")
    year_options: list[int | None] = [None, *years]
    year = c1.selectbox(
        tr("visits.year"),
        year_options,
        format_func=lambda y: everything if y is None else str(y),
        key=f"{prefix}.year",
    )
    no_dates: Any = ()  # nothing picked yet (Streamlit's stubs do not list the empty range)
    period = c2.date_input(tr("visits.date_range"), value=no_dates, format="YYYY-MM-DD", key=f"{prefix}.period")
    text = c3.text_input(tr("visits.search"), key=f"{prefix}.text")
    c4, c5, c6 = st.columns(3)
    categories = c4.multiselect(
        tr("field.category"),
        vocab.cat_codes,
        format_func=vocab.cat_label,
        placeholder=tr("visits.all"),
        key=f"{prefix}.categories",
        select_all=False,
    )
    districts = c5.multiselect(
        tr("field.district"),
        vocab.district_names,
        format_func=vocab.district_label,
        placeholder=tr("visits.all"),
        key=f"{prefix}.districts",
        select_all=False,
    )
    statuses = c6.multiselect(
        tr("field.status"),
        [s.value for s in Status],
        format_func=vocab.status_text,
        placeholder=tr("visits.all"),
        key=f"{prefix}.statuses",
        select_all=False,
    )
    return visit_query(
        year=year, period=period, categories=categories, districts=districts, statuses=statuses, text=text
    )
