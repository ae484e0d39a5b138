"""Visit log: filter the log, add a visit, edit one, move it through its statuses."""

import streamlit as st

from planner import domain
from planner.tabular import csv_bytes
from planner.ui import (
    ensure_frame,
    lang,
    show_flash,
    tr,
    uow,
    vocabulary,
)
from planner.ui.filters import visit_filters
from planner.ui.several import bulk_status_screen, series_screen
from planner.ui.visit_screens import add_visit_screen, category_screen, edit_visit_screen, linked_visit
from planner.ui.visits import log_data, log_lists, visit_columns

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
visits, frame = log.visits, log.frame

st.caption(tr("visits.count", count=len(visits)))
if visits:
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        height=min(600, 40 + 35 * len(visits)),
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

with st.expander(tr("visits.add"), expanded=False):
    add_visit_screen(work, vocab, sites)
with st.expander(tr("visits.edit"), expanded=linked_visit() is not None):
    edit_visit_screen(work, vocab, visits, sites)
with st.expander(tr("several.series_title"), expanded=False):
    series_screen(work, vocab, sites)
with st.expander(tr("several.bulk_title"), expanded=False):
    st.caption(tr("several.bulk_cancel_note"))
    bulk_status_screen(work, vocab, visits)
if visits:  # issue 14: the printable briefing pack of a visit in the log (the linked one first)
    # Built only while open (a drop-down of every visit in the log costs ~30 ms at 10,000 visits).
    briefing = st.expander(tr("brief.page_title"), expanded=False, key="visits.briefing_open", on_change="rerun")
    if briefing.open:
        linked = linked_visit()
        ids = [v.id for v in visits]
        names = {v.id: f"{v.start:%Y-%m-%d} · {v.title}" for v in visits}
        chosen = briefing.selectbox(
            tr("brief.pick"),
            ids,
            index=ids.index(linked) if linked in ids else 0,
            format_func=lambda i: names.get(i, str(i)),
            key="visits.briefing",
        )
        briefing.page_link("pages/briefing.py", label=tr("brief.open"), query_params={"visit": str(chosen)})
with st.expander(tr("categories.title"), expanded=False):
    category_screen(work, vocab, categories)
