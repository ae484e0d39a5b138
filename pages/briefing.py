"""Briefing pack of one visit (?visit=<id>): the printable page, its downloads, and the talking points staff write."""

import streamlit as st
import streamlit.components.v1 as components

from planner import briefing, services
from planner.domain import PlannerError, VisitQuery
from planner.ui import ensure_frame, lang, show_error, tr, uow

ensure_frame()
work = uow()
L = lang()

st.title(tr("brief.page_title"))
FLASH = "brief.flash"
if FLASH in st.session_state:
    st.success(st.session_state.pop(FLASH))

# The visit a link names (?visit=<id>, from the visit log and the day view); else a choice among the recent ones.
asked = st.query_params.get("visit", "")
if asked.isdigit():
    visit_id = int(asked)
else:
    recent = services.list_visits(work, VisitQuery(date_from=work.now.date()))[:50] or services.list_visits(work)[-50:]
    if not recent:
        st.info(tr("visits.empty"))
        st.stop()
    names = {v.id: f"{v.start:%Y-%m-%d %H:%M} · {v.title}" for v in recent}
    visit_id = st.selectbox(tr("brief.pick"), list(names), format_func=lambda i: names[i], key="brief.visit")
try:
    pack = briefing.build_briefing(work, visit_id, L)
except PlannerError as exc:
    show_error(exc)
    st.stop()

# Talking points: the version the user started editing from is kept, so a save over someone else's is refused.
gen = st.session_state.get(f"brief.gen.{visit_id}", 0)
seen_key = f"brief.seen.{visit_id}.{gen}"
if seen_key not in st.session_state:
    st.session_state[seen_key] = pack.briefing.version
text = st.text_area(
    tr("brief.talking_points"), value=pack.briefing.talking_points, height=150, key=f"brief.points.{visit_id}.{gen}"
)
if st.button(tr("brief.save"), key=f"brief.save.{visit_id}.{gen}"):
    try:
        briefing.save_talking_points(work, visit_id, text, st.session_state[seen_key])
    except PlannerError as exc:
        show_error(exc)
    else:
        st.session_state[f"brief.gen.{visit_id}"] = gen + 1
        st.session_state[FLASH] = tr("brief.saved")
        st.rerun()

page = briefing.to_html(pack)
d1, d2 = st.columns(2)
d1.download_button(
    tr("brief.download_html"),
    page.encode("utf-8"),
    file_name=f"briefing-{visit_id}.html",
    mime="text/html",
    key="brief.download.html",
    on_click="ignore",
)
d2.download_button(
    tr("brief.download_docx"),
    lambda: briefing.to_docx(pack),
    file_name=f"briefing-{visit_id}.docx",
    mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    key="brief.download.docx",
    on_click="ignore",
)
st.caption(tr("brief.print_view"))
# A sandboxed iframe, like the council report's print view: the page's print styles stay out of the app.
components.html(page, height=900, scrolling=True)
