"""Work report sections 2 and 3 written from the records; each figure links to the records it counts."""

import pandas as pd
import streamlit as st

from planner import reports, services, work_report
from planner.domain import PlannerError
from planner.ui import ensure_frame, lang, markdown_text, show_error, tr, uow
from planner.ui.visits import visit_page_url

ensure_frame()
work = uow()
L = lang()

st.title(tr("work.page_title"))
st.caption(tr("work.page_help"))

available = sorted(set(services.visit_years(work)) | {work.now.year})
if "work.years" not in st.session_state:  # first open: the latest two years with held visits
    st.session_state["work.years"] = reports.held_years(work)[-2:] or [work.now.year]
years = st.multiselect(
    tr("work.years"), available, placeholder=tr("placeholder.choose"), key="work.years", select_all=False
)
if not years:
    st.info(tr("error.report_no_year"))
    st.stop()
try:
    report = work_report.build_work_report(work, years, L)
except PlannerError as exc:
    show_error(exc)
    st.stop()


def line_md(line: work_report.Line) -> str:
    """A line as Markdown: user text escaped, each figure a link to this page showing its records."""
    return "".join(
        f"[{markdown_text(s.text)}](?figure={s.figure.n})" if s.figure else markdown_text(s.text) for s in line
    )


for section in report.sections:
    st.subheader(f"{section.number} {section.title}")
    for block in section.blocks:
        if block.heading:
            st.markdown(f"**{line_md(block.line)}**")
            continue
        st.markdown(f"○ {line_md(block.line)}")
        for sub in block.sub:
            st.markdown(f"&emsp;{line_md(sub)}")
        if block.table:
            st.markdown(
                f"| {tr('work.col_period')} | {tr('work.col_count')} | {tr('work.col_highlights')} |\n|---|---|---|\n"
                + "\n".join(
                    f"| {line_md(r.year_cell)} | {line_md(r.count_cell)} | {markdown_text(r.highlights)} |"
                    for r in block.table
                )
            )
if report.ledger_missing:
    st.info(tr("work.no_ledger"))

# The records behind a figure: a link above (?figure=N) opens here at that figure; the choice is kept after.
numbers = [f.n for f in report.figures]
if "work.figure" not in st.session_state:
    asked = st.query_params.get("figure", "")
    st.session_state["work.figure"] = int(asked) if asked.isdigit() and int(asked) in numbers else numbers[0]
picked = st.selectbox(
    tr("work.figure_pick"),
    numbers,
    format_func=lambda n: tr(
        "work.figure_visits" if report.figure(n).kind == "visits" else "work.figure_other",
        n=n,
        label=report.figure(n).label,
        count=report.figure(n).count,
    ),
    key="work.figure",
)
figure = report.figure(picked)
records = work_report.figure_records(work, report, figure)
st.caption(tr("work.figure_records", label=figure.label, count=figure.count, n=len(records)))
if records and figure.kind == "visits":
    frame = pd.DataFrame(
        {
            tr("work.col.id"): [r["id"] for r in records],
            tr("work.col.date"): [r["date"] for r in records],
            tr("work.col.title"): [r["title"] for r in records],
            tr("work.col.site"): [r["site_name"] for r in records],
            tr("work.col.kind"): [r["kind"] for r in records],
            tr("work.col.link"): [visit_page_url(r["id"]) for r in records],  # the visit's own page (issue 12)
        }
    )
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        key="work.records",
        column_config={tr("work.col.link"): st.column_config.LinkColumn(display_text=tr("work.open_visit"))},
    )
elif records:
    st.dataframe(pd.DataFrame({tr("work.col.id"): [r["id"] for r in records]}), hide_index=True, key="work.records")

stem = "work-report-" + "-".join(str(y) for y in report.years)
d1, d2, d3 = st.columns(3)
d1.download_button(
    tr("work.download_docx"),
    lambda: work_report.to_docx(report),
    file_name=f"{stem}.docx",
    mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    key="work.download.docx",
    on_click="ignore",
)
d2.download_button(
    tr("work.download_xlsx"),
    lambda: work_report.to_xlsx(report),
    file_name=f"{stem}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="work.download.xlsx",
    on_click="ignore",
)
d3.download_button(
    tr("work.download_text"),
    lambda: work_report.to_text(report).encode("utf-8"),
    file_name=f"{stem}.txt",
    mime="text/plain",
    key="work.download.text",
    on_click="ignore",
)
