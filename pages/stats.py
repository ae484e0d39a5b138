"""Statistics: counts by year x category, month, status and district, coverage, and drill-down."""

from datetime import date

import streamlit as st

from planner import domain, services, stats
from planner.domain import Status
from planner.maps import district_choropleth
from planner.tabular import csv_bytes
from planner.ui import ensure_frame, lang, tr, uow, vocabulary
from planner.ui.filters import visit_query
from planner.ui.map import show_folium
from planner.ui.stats import stats_view
from planner.ui.visits import visits_frame

DRILL_LIMIT = 200
DRILL_KEYS = ("year", "month", "category", "status", "district")

ensure_frame()
work = uow()
L = lang()
current = work.now
categories = services.list_categories(work)
vocab = vocabulary(categories)
any_text = tr("stats.any")

st.title(tr("stats.title"))

# ---------------------------------------------------------------- filters
bounds = stats.span(work)
default_period = (date(bounds[0].year, 1, 1), date(bounds[1].year, 12, 31)) if bounds else ()
st.session_state.setdefault("stats.statuses", [s.value for s in stats.DEFAULT_STATUSES])
with st.expander(tr("stats.filters"), expanded=True):
    c1, c2 = st.columns([2, 3])
    period = c1.date_input(tr("stats.period"), value=default_period, format="YYYY-MM-DD", key="stats.period")
    chosen_statuses = c2.multiselect(
        tr("field.status"),
        [s.value for s in Status],
        format_func=vocab.status_text.get,
        placeholder=tr("placeholder.choose"),
        key="stats.statuses",
        select_all=False,
    )

    def _statuses(chosen: tuple[Status, ...]) -> None:
        st.session_state["stats.statuses"] = [s.value for s in chosen]

    b1, b2, _ = st.columns([1, 1, 3])
    b1.button(tr("stats.done_only"), key="stats.done_only", on_click=_statuses, args=((Status.DONE,),))
    b2.button(
        tr("stats.all_but_cancelled"),
        key="stats.all_but_cancelled",
        on_click=_statuses,
        args=(stats.DEFAULT_STATUSES,),
    )
    c3, c4 = st.columns(2)
    chosen_categories = c3.multiselect(
        tr("field.category"),
        vocab.cat_codes,
        format_func=vocab.cat_label.get,
        placeholder=any_text,
        key="stats.categories",
        select_all=False,
    )
    chosen_districts = c4.multiselect(
        tr("field.district"),
        vocab.district_names,
        format_func=vocab.district_label.get,
        placeholder=any_text,
        key="stats.districts",
        select_all=False,
    )

query = visit_query(period=period, categories=chosen_categories, districts=chosen_districts, statuses=chosen_statuses)
flt = stats.StatsFilter(
    date_from=query.date_from,
    date_to=query.date_to,
    categories=query.categories,
    districts=query.districts,
    statuses=query.statuses,
)
result = stats.compute(work, flt)

m1, m2, m3 = st.columns(3)
m1.metric(tr("stats.total"), f"{result.total:,}")
m2.metric(tr("stats.covered"), f"{len(vocab.district_names) - len(result.uncovered)} / {len(vocab.district_names)}")
m3.metric(tr("stats.uncovered_count"), len(result.uncovered))
# Say what the figures count: planned and done visits mixed without saying so misleads.
if chosen_statuses:
    st.caption(tr("stats.counting", names=", ".join(vocab.status_text[s] for s in chosen_statuses)))
else:
    st.warning(tr("stats.counting_none"))


# ---------------------------------------------------------------- charts
def bar_spec(x: str, x_title: str, color: tuple[str, str, list[str], list[str]] | None = None) -> dict:
    """A Vega-Lite bar chart (st.bar_chart builds an Altair chart per rerun: ~20x slower here)."""
    encoding: dict = {
        "x": {"field": x, "type": "ordinal", "title": x_title},
        "y": {"field": "n", "type": "quantitative", "title": tr("stats.count"), "stack": "zero"},
        "tooltip": [{"field": x, "title": x_title}, {"field": "n", "title": tr("stats.count")}],
    }
    if x == "year":
        encoding["x"]["axis"] = {"labelAngle": 0}  # a few short years read level, not turned on their side
    if color is not None:
        field_name, title, domain, colors = color
        encoding["color"] = {
            "field": field_name,
            "type": "nominal",
            "title": title,
            "scale": {"domain": domain, "range": colors},
        }
        encoding["tooltip"].insert(1, {"field": field_name, "title": title})
    return {"mark": {"type": "bar"}, "encoding": encoding}


# ---------------------------------------------------------------- drill-down from table clicks
def _pick(table: str) -> None:
    """A click in a table sets the drill-down coordinates (plain values in session state)."""
    selection = st.session_state.get(f"stats.table.{table}", {}).get("selection", {})
    rows = st.session_state.get(f"stats.rows.{table}", [])
    cols = st.session_state.get(f"stats.cols.{table}", {})
    picked: dict[str, object] = {}
    cells = list(selection.get("cells", []))
    if cells:
        row, column = cells[0][0], cells[0][1]
        if row < len(rows):
            picked = dict(rows[row])
            picked.update(cols.get(column, {}))
    elif selection.get("rows"):
        row = selection["rows"][0]
        if row < len(rows):
            picked = dict(rows[row])
    if picked:
        for name in DRILL_KEYS:
            st.session_state[f"stats.drill.{name}"] = picked.get(name)


# ---------------------------------------------------------------- year x category
view = stats_view(
    result, categories, L, (str(work.engine.url), result.version, flt, current.replace(second=0, microsecond=0))
)
st.session_state["stats.rows.year_category"] = view.year_rows
st.session_state["stats.cols.year_category"] = view.year_cols
st.session_state["stats.rows.status"] = view.status_rows
st.session_state["stats.rows.district"] = view.district_rows
year_cat = result.by_year_category
st.subheader(tr("stats.by_year_category"))
if result.total:
    left, right = st.columns([2, 3])
    left.dataframe(
        view.year_table,
        key="stats.table.year_category",
        on_select=lambda: _pick("year_category"),
        selection_mode=["single-cell", "single-row"],
        width="stretch",
    )
    categories_shown = list(year_cat.columns)
    right.vega_lite_chart(
        view.year_long,
        bar_spec(
            "year",
            tr("stats.year"),
            color=(
                "c",
                tr("field.category"),
                [vocab.cat_label[c] for c in categories_shown],
                [vocab.cat_color[c] for c in categories_shown],
            ),
        ),
        height=260,
        width="stretch",
    )

    # ---------------------------------------------------------------- month and status
    left, right = st.columns([3, 2])
    left.subheader(tr("stats.by_month"))
    left.vega_lite_chart(view.month, bar_spec("month", tr("stats.month")), height=220, width="stretch")
    right.subheader(tr("stats.by_status"))
    right.dataframe(
        view.status_table,
        hide_index=True,
        key="stats.table.status",
        on_select=lambda: _pick("status"),
        selection_mode="single-row",
        width="stretch",
    )
else:
    st.info(tr("stats.empty"))

# ---------------------------------------------------------------- districts and coverage
st.subheader(tr("stats.by_district"))
counts = {name: int(n) for name, n in result.by_district["count"].items()}
# The choropleth is built once per data version, filter and language (planner.ui.map caches it).
show_folium(
    lambda: district_choropleth(counts, L, title=tr("stats.count")),
    key="stats.map",
    height=480,
    cache_key=("stats", str(work.engine.url), result.version, flt, L),
)
st.dataframe(
    view.district_table,
    hide_index=True,
    key="stats.table.district",
    on_select=lambda: _pick("district"),
    selection_mode="single-row",
    width="stretch",
    height=min(950, 38 + 35 * len(view.district_table)),
)
st.caption(tr("stats.days_note"))
if result.uncovered:
    st.warning(tr("stats.uncovered", names=", ".join(vocab.district_label[n] for n in result.uncovered)))
else:
    st.success(tr("stats.all_covered"))

# ---------------------------------------------------------------- drill-down list
st.subheader(tr("stats.drill"))
st.caption(tr("stats.drill_help"))
options = {
    "year": [int(y) for y in year_cat.index],
    "month": list(result.by_month.index),
    "category": vocab.cat_codes,
    "status": [s.value for s in Status],
    "district": vocab.district_names,
}
labels = {
    "year": (tr("stats.year"), str),
    "month": (tr("stats.month"), str),
    "category": (tr("field.category"), vocab.cat_label.get),
    "status": (tr("field.status"), vocab.status_text.get),
    "district": (tr("field.district"), vocab.district_label.get),
}
columns = st.columns(len(DRILL_KEYS) + 1)
chosen: dict[str, object] = {}
for col, name in zip(columns, DRILL_KEYS, strict=False):
    key = f"stats.drill.{name}"
    if st.session_state.get(key) not in options[name]:
        st.session_state[key] = None  # a value from an earlier filter that no longer exists
    label, fmt = labels[name]
    chosen[name] = col.selectbox(
        label,
        [None, *options[name]],
        format_func=lambda v, fmt=fmt: any_text if v is None else fmt(v),
        placeholder=any_text,  # the value None shows the placeholder, Streamlit's own is English
        key=key,
    )


def _clear() -> None:
    for name in DRILL_KEYS:
        st.session_state[f"stats.drill.{name}"] = None


columns[-1].button(tr("stats.clear_drill"), key="stats.drill.clear", on_click=_clear)
drill = stats.Drill(**chosen)  # type: ignore[arg-type]
# Nothing chosen: no list (at 100,000 visits "everything" is not a useful list to draw each rerun).
total, shown = stats.drill_visits(work, flt, drill, DRILL_LIMIT) if not drill.is_empty() else (0, [])
if not drill.is_empty():
    st.caption(tr("stats.drill_count", count=f"{total:,}"))
if total > len(shown):
    st.caption(tr("stats.drill_limited", count=f"{total:,}", shown=len(shown)))
if shown:
    st.dataframe(
        visits_frame(shown, L, vocab.status_text.__getitem__, categories), hide_index=True, width="stretch", height=300
    )

    def _csv() -> bytes:  # built only when someone downloads
        records = [domain.visit_record(v) for v in shown]
        return csv_bytes(records, list(records[0].keys()))

    st.download_button(
        tr("stats.download_csv"),
        _csv,
        file_name="visits.csv",
        mime="text/csv",
        key="stats.drill.download",
        on_click="ignore",
    )
