"""Visit log: filter the log, add a visit, edit one, move it through its statuses."""

import streamlit as st

from planner import domain, services
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
from planner.ui.visits import visit_columns, visit_table

ensure_frame()
work = uow()
L = lang()
categories = services.list_categories(work)
vocab = vocabulary(categories)

st.title(tr("visits.title"))
show_flash()

# ---------------------------------------------------------------- filters
with st.expander(tr("visits.filters"), expanded=True):
    query = visit_filters("visits", vocab, services.visit_years(work))
visits, frame = visit_table(work, query, L)

st.caption(tr("visits.count", count=len(visits)))
if visits:
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        height=min(600, 40 + 35 * len(visits)),
        column_config=visit_columns(L),
    )
    per_month = frame.groupby(frame[tr("field.date")].str[:7]).size().rename(tr("visits.chart"))
    st.bar_chart(per_month, height=180)
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

sites = services.list_sites(work)
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
    with st.expander(tr("brief.page_title"), expanded=False):
        linked = linked_visit()
        ids = [v.id for v in visits]
        names = {v.id: f"{v.start:%Y-%m-%d} · {v.title}" for v in visits}
        chosen = st.selectbox(
            tr("brief.pick"),
            ids,
            index=ids.index(linked) if linked in ids else 0,
            format_func=lambda i: names.get(i, str(i)),
            key="visits.briefing",
        )
        st.page_link("pages/briefing.py", label=tr("brief.open"), query_params={"visit": str(chosen)})
with st.expander(tr("categories.title"), expanded=False):
    category_screen(work, vocab, categories)
