"""Visit log: filter the log, add a visit, edit one, move it through its statuses."""

import streamlit as st

from planner import domain
from planner.tabular import csv_bytes
from planner.ui import (
    ensure_frame,
    lang,
    page_of,
    section,
    show_flash,
    tr,
    uow,
    vocabulary,
)
from planner.ui.filters import visit_filters
from planner.ui.several import bulk_status_screen, series_screen
from planner.ui.visit_screens import add_visit_screen, category_screen, edit_visit_screen, linked_visit
from planner.ui.visits import log_data, log_lists, table_window, visit_columns

ensure_frame()
work = uow()
L = lang()
years, sites, categories = log_lists(work)  # read once per data version, as is everything below
vocab = vocabulary(categories)

st.title(tr("visits.title"))
show_flash()

# ---------------------------------------------------------------- filters
with st.expander(tr("visits.filters"), expanded=True):
    query = visit_filters("visits", vocab, years)
log = log_data(work, query, L)
visits, table = log.visits, log.table

st.caption(tr("visits.count", count=len(visits)))
if visits:
    offset, length = table_window("visits.rows", len(visits), L)
    st.dataframe(
        table.slice(offset, length),  # zero-copy
        hide_index=True,
        width="stretch",
        height=min(600, 40 + 35 * length),
        column_config=visit_columns(L),
    )
    # A Vega-Lite spec as a dict: st.bar_chart builds and validates an Altair chart on every rerun (~4 ms here).
    st.vega_lite_chart(
        log.per_month,
        {
            "mark": {"type": "bar"},
            "encoding": {
                "x": {"field": "month", "type": "ordinal", "title": None},
                "y": {"field": "count", "type": "quantitative", "title": tr("visits.chart")},
            },
        },
        height=180,
    )
    st.download_button(
        tr("visits.download_csv"),
        # Built only when clicked, not on every rerun.
        lambda: csv_bytes([domain.visit_record(v) for v in visits], list(domain.visit_record(visits[0]).keys())),
        file_name="visits.csv",
        mime="text/csv",
        key="visits.download",
        on_click="ignore",
    )
else:
    st.info(tr("visits.empty"))

# Each section below is built only while open (issue 12: a closed form of 2,000 sites still cost its build).
box, is_open = section(tr("visits.add"), "visits.add_open")
if is_open:
    with box:
        add_visit_screen(work, vocab, sites)
# A link to a visit (/visits?visit=<id>, the link of earlier exports) opens the edit section on it each time it
# is followed, even if the section was closed; on the page's later reruns the user's own choices stand (the
# frame arms the link again when the user leaves the page).
linked = linked_visit()
if linked is None or st.session_state.get("visits.link_handled") == linked:
    linked = None
else:
    st.session_state["visits.link_handled"] = linked
    st.session_state["visits.edit_open"] = True
    if linked in {v.id for v in visits}:
        st.session_state["visits.briefing"] = linked
box, is_open = section(tr("visits.edit"), "visits.edit_open")
if is_open:
    with box:
        edit_visit_screen(work, vocab, visits, sites, linked)
box, is_open = section(tr("several.series_title"), "visits.series_open")
if is_open:
    with box:
        series_screen(work, vocab, sites)
box, is_open = section(tr("several.bulk_title"), "visits.bulk_open")
if is_open:
    with box:
        st.caption(tr("several.bulk_cancel_note"))
        bulk_status_screen(work, vocab, visits)
if visits:  # issue 14: the printable briefing pack of a visit in the log (the linked one first)
    briefing, is_open = section(tr("brief.page_title"), "visits.briefing_open")
    if is_open:
        ids = [v.id for v in visits]
        names = {v.id: f"{v.start:%Y-%m-%d} · {v.title}" for v in visits}
        chosen = briefing.selectbox(
            tr("brief.pick"),
            ids,
            format_func=lambda i: names.get(i, str(i)),
            key="visits.briefing",
            persist_state="page",
        )
        briefing.page_link(page_of("pages/briefing.py"), label=tr("brief.open"), query_params={"visit": str(chosen)})
box, is_open = section(tr("categories.title"), "visits.categories_open")
if is_open:
    with box:
        category_screen(work, vocab, categories)
