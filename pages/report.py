"""Council report: yearly counts and highlighted visits per report group, in the office's format."""

from dataclasses import replace

import pandas as pd
import streamlit as st
import streamlit.components.v1 as components

from planner import reports, services
from planner.domain import PlannerError
from planner.ui import ensure_frame, lang, show_error, tr, uow

FLASH = "report.flash"

ensure_frame()
work = uow()
L = lang()
current = work.now

st.title(tr("report.page_title"))
if FLASH in st.session_state:
    st.success(st.session_state.pop(FLASH))

available = sorted(set(services.visit_years(work)) | {current.year})
if "report.years" not in st.session_state:
    # First open: the latest two years that have held visits (a report of empty years helps nobody). Read
    # once per session, not on every rerun: afterwards the widget keeps the user's choice.
    held = reports.held_years(work)[-2:]
    st.session_state["report.years"] = held or [y for y in (current.year - 1, current.year) if y in available]
years = st.multiselect(
    tr("report.years"), available, placeholder=tr("placeholder.choose"), key="report.years", select_all=False
)
if not years:
    st.info(tr("error.report_no_year"))
    st.stop()

try:
    with work.transaction():  # the table and the highlight choices read the same data
        report = reports.build_report(work, years, L)
        candidates = reports.counted_visits(work, years)
except PlannerError as exc:
    show_error(exc)
    st.stop()

st.caption(tr("report.rule"))
if report.unclosed_ids:
    st.warning(tr("report.unclosed", count=len(report.unclosed_ids)))

for group in report.groups:
    rows = report.rows_of(group)
    st.subheader(f"{reports.group_label(group, L)} ({reports.group_line(rows, L)})")
    st.dataframe(
        pd.DataFrame(
            {
                tr("report.col_period"): [reports.year_cell(r.year, L) for r in rows],
                tr("report.col_count"): [reports.count_cell(r.count, L) for r in rows],
                tr("report.col_highlights"): [reports.highlights_cell(r, L) for r in rows],
            }
        ),
        hide_index=True,
        width="stretch",
        key=f"report.table.{group}",
    )
    with st.expander(tr("report.edit_highlights"), expanded=False):
        st.caption(tr("report.edit_help"))
        for year in report.years:
            visits = list(reversed(candidates[(group, year)]))  # newest first, like the report
            if not visits:
                st.caption(f"{year}: {tr('report.no_visits')}")
                continue
            # A new generation after each save reloads the choice and the versions it was made on.
            gen = st.session_state.get(f"report.hl.gen.{group}.{year}", 0)
            seen_key = f"report.hl.seen.{group}.{year}.{gen}"
            if seen_key not in st.session_state:
                st.session_state[seen_key] = {v.id: v.version for v in visits}
            names = {v.id: f"{reports.highlight_text(v)} · {v.title}" for v in visits}
            picked = st.multiselect(
                tr("report.pick", label=reports.group_label(group, L), year=year),
                [v.id for v in visits],
                default=[v.id for v in reports.highlight_order(visits)],
                format_func=lambda i, names=names: names.get(i, str(i)),
                placeholder=tr("placeholder.choose"),
                key=f"report.hl.{group}.{year}.{gen}",
                select_all=False,
            )
            if st.button(tr("report.save_highlights"), key=f"report.hl.save.{group}.{year}.{gen}"):
                seen = st.session_state[seen_key]
                as_seen = [replace(v, version=seen.get(v.id, v.version)) for v in visits]
                try:
                    changed = reports.save_highlights(work, reports.highlight_changes(as_seen, picked))
                except PlannerError as exc:
                    show_error(exc)
                else:
                    st.session_state[f"report.hl.gen.{group}.{year}"] = gen + 1
                    st.session_state[FLASH] = tr("report.saved_highlights", count=changed)
                    st.rerun()

st.subheader(tr("report.downloads"))
stem = "council-report-" + "-".join(str(y) for y in report.years)
page = reports.to_html(report)
# Files are built only when someone clicks (callables), so a rerun does not build four files.
d1, d2, d3, d4 = st.columns(4)
d1.download_button(
    tr("report.download_xlsx"),
    lambda: reports.to_xlsx(report, reports.detail_records(work, report)),
    file_name=f"{stem}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="report.download.xlsx",
    on_click="ignore",
)
d2.download_button(
    tr("report.download_csv"),
    lambda: reports.to_csv(report),
    file_name=f"{stem}.csv",
    mime="text/csv",
    key="report.download.csv",
    on_click="ignore",
)
d3.download_button(
    tr("report.download_detail"),
    lambda: reports.detail_csv(work, report),
    file_name=f"{stem}-visits.csv",
    mime="text/csv",
    key="report.download.detail",
    on_click="ignore",
)
d4.download_button(
    tr("report.download_html"),
    page.encode("utf-8"),
    file_name=f"{stem}.html",
    mime="text/html",
    key="report.download.html",
    on_click="ignore",
)
if st.toggle(tr("report.print_view"), key="report.print_view"):
    # A sandboxed iframe: the print page's styles stay out of the app; all text in it is escaped.
    components.html(page, height=600, scrolling=True)
