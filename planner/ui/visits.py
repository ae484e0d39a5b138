"""Visit widgets shared by pages: the visit table and the add/edit form fields."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pandas as pd
import pyarrow as pa
import streamlit as st

from planner.domain import SEOUL, Category, Site, Status, ValidationError, Visit, VisitQuery
from planner.i18n import t
from planner.ui.cache import memo
from planner.uow import UnitOfWork
from planner.visit_view import VisitView
from planner.week_view import CalendarData


def visits_frame(
    visits: Sequence[Visit], lang: str, status_label: Callable[[str], str], categories: Sequence[Category] = ()
) -> pd.DataFrame:
    labels = {c.code: c.label(lang) for c in categories}
    return pd.DataFrame(
        {
            # Each row opens the visit's page (issue 12); relative, so it follows the app's own address.
            t("visit.open", lang): [visit_page_url(v.id) for v in visits],
            t("field.id", lang): [v.id for v in visits],
            t("field.date", lang): [v.start.strftime("%Y-%m-%d") for v in visits],
            t("field.time", lang): [f"{v.start:%H:%M}-{v.end:%H:%M}" for v in visits],
            t("field.title", lang): [v.title for v in visits],
            t("field.site", lang): [v.site_name for v in visits],
            t("field.district", lang): [v.district for v in visits],
            t("field.category", lang): [labels.get(v.category, v.category) for v in visits],
            t("field.status", lang): [status_label(v.status.value) for v in visits],
            t("field.version", lang): [v.version for v in visits],
        }
    )


def visit_page_url(visit_id: int | None) -> str:
    """The visit's page relative to any page of the app: ``visit?id=86``."""
    return f"visit?id={visit_id}"


def visit_columns(lang: str) -> dict[str, object]:
    """``column_config`` for a table made by ``visits_frame``: its first column is a link to each visit."""
    return {t("visit.open", lang): st.column_config.LinkColumn(display_text=r"visit\?id=(\d+)", width="small")}


@memo(16)
def _visit_table(
    _uow: UnitOfWork, url: str, version: int, query: VisitQuery, lang: str
) -> tuple[tuple[Visit, ...], pd.DataFrame]:
    from planner import services

    with _uow.transaction():
        visits = tuple(services.list_visits(_uow, query)[::-1])  # newest first
        categories = services.list_categories(_uow)
    status_text = {s.value: t(f"status.{s.value}", lang) for s in Status}
    return visits, visits_frame(visits, lang, lambda code: status_text.get(code, code), categories)


def visit_table(uow: UnitOfWork, query: VisitQuery, lang: str) -> tuple[tuple[Visit, ...], pd.DataFrame]:
    """The visits matching ``query`` (newest first) and their display table, cached until the
    next write to the database (keyed by its data version), so reruns cost almost nothing."""
    from planner import services

    url = uow.engine.url.render_as_string(hide_password=False)
    return _visit_table(uow, url, services.data_version(uow), query, lang)


@dataclass(frozen=True)
class LogData:
    """What the visit log shows besides its widgets, read and built once per data version, query and language:
    the visits (newest first), their table, visits per month for the chart, the years, sites and categories."""

    visits: tuple[Visit, ...]
    frame: pd.DataFrame
    table: pa.Table  # ``frame`` as Arrow: st.dataframe sends it without converting it again on every rerun
    per_month: pd.DataFrame
    years: list[int]
    sites: list[Site]
    categories: list[Category]


@memo(16)
def _arrow_table(_frame: pd.DataFrame, url: str, version: int, query: VisitQuery, lang: str) -> pa.Table:
    """The log's table as Arrow, once per data version, query and language (~5 ms at 10,000 rows)."""
    return pa.Table.from_pandas(_frame, preserve_index=False)


TABLE_ROWS = 1000  # rows the log's table shows at a time (the chart and the CSV take every row)


def table_window(key: str, total: int, lang: str, size: int | None = None) -> tuple[int, int]:
    """``(offset, length)`` of the rows to show: all of them up to ``size``, else a choice of windows
    of ``size`` rows (newest first). Sending 10,000 rows on every rerun cost more than the rest of the page."""
    size = size or TABLE_ROWS
    if total <= size:
        return 0, total
    starts = list(range(0, total, size))
    if st.session_state.get(key) not in starts:
        st.session_state.pop(key, None)  # the filters changed and the window is gone: back to the first
    names = {o: t("visits.rows_range", lang, first=f"{o + 1:,}", last=f"{min(o + size, total):,}") for o in starts}
    offset = st.selectbox(t("visits.rows", lang), starts, format_func=names.__getitem__, key=key)
    st.caption(t("visits.rows_note", lang, size=f"{size:,}"))
    return int(offset or 0), min(size, total - int(offset or 0))


@memo(16)
def _log_frame(_visits: tuple[Visit, ...], url: str, version: int, query: VisitQuery, lang: str) -> pd.DataFrame:
    """Visits per month (``YYYY-MM``, count) of the log's table, for the chart."""
    visits = _visits
    months: dict[str, int] = {}
    for v in reversed(visits):
        key = v.start.strftime("%Y-%m")
        months[key] = months.get(key, 0) + 1
    return pd.DataFrame({"month": sorted(months), "count": [months[m] for m in sorted(months)]})


@memo(8)
def _log_lists(_uow: UnitOfWork, url: str, version: int) -> tuple[list[int], list[Site], list[Category]]:
    from planner import services

    with _uow.transaction():
        return services.visit_years(_uow), services.list_sites(_uow), services.list_categories(_uow)


def log_lists(uow: UnitOfWork) -> tuple[list[int], list[Site], list[Category]]:
    """The years with visits, the sites and the categories, read once per data version (shared, do not change)."""
    from planner import services

    url = uow.engine.url.render_as_string(hide_password=False)
    return _log_lists(uow, url, services.data_version(uow))


def log_data(uow: UnitOfWork, query: VisitQuery, lang: str) -> LogData:
    """The visit log's data for ``query``: a rerun without a write reads one number (the data version)."""
    from planner import services

    url = uow.engine.url.render_as_string(hide_password=False)
    version = services.data_version(uow)
    years, sites, categories = _log_lists(uow, url, version)
    visits, frame = _visit_table(uow, url, version, query, lang)
    table = _arrow_table(frame, url, version, query, lang)
    return LogData(visits, frame, table, _log_frame(visits, url, version, query, lang), years, sites, categories)


def site_label(site: Site) -> str:
    return f"{site.name} · {site.district or '-'}"


def datetime_inputs(prefix: str, lang: str, start: datetime, end: datetime) -> tuple[datetime, datetime]:
    """Four widgets (start date/time, end date/time) giving aware Seoul datetimes."""
    c1, c2, c3, c4 = st.columns(4)
    sd = c1.date_input(
        t("visits.start_date", lang),
        value=start.date(),
        format="YYYY-MM-DD",
        key=f"{prefix}.start_date",
        persist_state="page",
    )
    st_ = c2.time_input(
        t("visits.start_time", lang),
        value=start.time(),
        key=f"{prefix}.start_time",
        persist_state="page",
        step=timedelta(minutes=10),
    )
    ed = c3.date_input(
        t("visits.end_date", lang),
        value=end.date(),
        format="YYYY-MM-DD",
        key=f"{prefix}.end_date",
        persist_state="page",
    )
    et = c4.time_input(
        t("visits.end_time", lang),
        value=end.time(),
        key=f"{prefix}.end_time",
        persist_state="page",
        step=timedelta(minutes=10),
    )
    return (
        datetime.combine(_d(sd), _t(st_), tzinfo=SEOUL),
        datetime.combine(_d(ed), _t(et), tzinfo=SEOUL),
    )


def embargo_input(prefix: str, lang: str, current: datetime | None) -> datetime | None:
    """The public calendar's embargo (issue 13): a date and a time, both empty for none (the global hold-back).
    An unchanged embargo comes back exactly as stored (the widgets show it to the minute)."""
    shown = current.astimezone(SEOUL) if current is not None else None
    c1, c2 = st.columns(2)
    day = c1.date_input(
        t("field.embargo_until", lang),
        value=shown.date() if shown else None,
        key=f"{prefix}.embargo_date",
        persist_state="page",
        help=t("visit.embargo_help", lang),
        format="YYYY-MM-DD",
    )
    at = c2.time_input(
        t("visit.embargo_time", lang), value=shown.time().replace(second=0, microsecond=0) if shown else None,
        key=f"{prefix}.embargo_time",
        persist_state="page",
    )  # fmt: skip
    if not isinstance(day, date):
        return None
    moment = datetime.combine(day, at if isinstance(at, time) else time(0, 0), tzinfo=SEOUL)
    if shown is not None and moment == shown.replace(second=0, microsecond=0):
        return current
    return moment


def _d(value: object) -> date:
    if not isinstance(value, date):
        raise ValidationError("error.required", field="date")
    return value


def _t(value: object) -> time:
    if not isinstance(value, time):
        raise ValidationError("error.required", field="time")
    return value


@memo(32)
def _visit_page(_uow: UnitOfWork, url: str, version: int, visit_id: int) -> tuple[object, list[Category]]:
    from planner import services, visit_view

    with _uow.transaction():
        return visit_view.visit_view(_uow, visit_id), services.list_categories(_uow)


def visit_page_data(uow: UnitOfWork, visit_id: int) -> tuple[VisitView, list[Category]]:
    """What one visit's page shows (``planner.visit_view``) and the categories, cached until the next write to the
    database (its data version): a rerun of the page (a click, a language switch) reads one number."""
    from planner import services

    url = uow.engine.url.render_as_string(hide_password=False)
    view, categories = _visit_page(uow, url, services.data_version(uow), visit_id)
    return view, categories  # type: ignore[return-value]


@memo(16)
def _week_data(_uow: UnitOfWork, url: str, version: int, first: date, last: date) -> tuple[object, list[Category]]:
    from planner import services, week_view

    with _uow.transaction():
        return week_view.calendar_data(_uow, first, last), services.list_categories(_uow)


def week_data(uow: UnitOfWork, first: date, last: date) -> tuple[CalendarData, list[Category]]:
    """The week calendar's visits, busy time and problems for ``first``..``last`` and the categories, cached until
    the next write to the database."""
    from planner import services

    url = uow.engine.url.render_as_string(hide_password=False)
    data, categories = _week_data(uow, url, services.data_version(uow), first, last)
    return data, categories  # type: ignore[return-value]


@memo(16)
def _week_events(
    _data: CalendarData, _categories: list[Category], url: str, version: int, first: date, last: date, lang: str,
    revision: int,
) -> list[dict[str, object]]:  # fmt: skip
    from planner import week_view

    return week_view.events(_data, _categories, lang, revision)


def week_calendar(
    uow: UnitOfWork, first: date, last: date, lang: str, revision: int
) -> tuple[CalendarData, list[Category], list[dict[str, object]]]:
    """``week_data`` and the calendar component's events for it, built once per data version, range, language
    and revision (the events are the component's argument: the same list is sent again on a rerun)."""
    from planner import services

    url = uow.engine.url.render_as_string(hide_password=False)
    version = services.data_version(uow)
    data, categories = _week_data(uow, url, version, first, last)
    events = _week_events(data, categories, url, version, first, last, lang, revision)  # type: ignore[arg-type]
    return data, categories, events  # type: ignore[return-value]
