"""Home: this week's and next week's visits and what needs attention, at a glance."""

from datetime import timedelta

import streamlit as st

from planner import council, ledger, notices, services
from planner.ui import ensure_frame, lang, now, page_of, status_label, tr, tr_text, uow
from planner.ui.visits import visit_columns, visits_frame

ensure_frame()
work = uow()
with work.transaction():  # one read of the database for the whole page
    categories = services.list_categories(work)
    view = services.overview(work)
    council_pending = council.pending_contacts(work, days=7)
    overdue = council.overdue_suggestions(work)

    # Issue 14: confirmed visits within PLANNER_NOTICE_DAYS whose notices are not all sent, and overdue requests.
    unsent = notices.warnings(work)
    ledger_overdue = ledger.list_items(work, ledger.LedgerQuery(overdue=True))


def open_visit(visit_id: int | None) -> None:
    """Each warning links to its visit's page (issue 12)."""
    st.page_link(
        page_of("pages/visit.py"), label=tr("visit.open_page", id=visit_id), query_params={"id": str(visit_id)}
    )


warned = {w.visit.id for w in unsent}
council_pending = [p for p in council_pending if p.visit.id not in warned]
attention_count = (
    len(view.attention) + len(council_pending) + (1 if overdue else 0) + len(unsent) + (1 if ledger_overdue else 0)
)

st.title(tr("home.title"))
c1, c2, c3, c4 = st.columns(4)
c1.metric(tr("home.metric_week"), len(view.this_week))
c2.metric(tr("home.metric_next"), len(view.next_week))
c3.metric(tr("home.metric_attention"), attention_count)
c4.metric(tr("home.metric_year"), view.held_this_year)

st.subheader(tr("home.attention"))
if not attention_count:
    st.success(tr("home.all_clear"))
for w in unsent:
    st.error(
        tr_text(  # titles are user text: escaped, never Markdown
            "attention.notices_unsent",
            title=w.visit.title,
            when=w.visit.start.strftime("%m-%d %H:%M"),
            missing=w.missing,
        )
    )
    open_visit(w.visit.id)
if ledger_overdue:
    st.warning(tr("attention.ledger_overdue", count=len(ledger_overdue)))
    st.page_link(page_of("pages/ledger.py"), label=tr("ledger.title"))
for p in council_pending:
    st.warning(
        tr_text(  # titles are user text: escaped, never Markdown
            "attention.council_pending",
            title=p.visit.title,
            when=p.visit.start.strftime("%m-%d %H:%M"),
            missing=p.missing,
        ),
        icon=":material/campaign:",
    )
    open_visit(p.visit.id)
if overdue:
    st.warning(tr("attention.suggestion_overdue", count=len(overdue)), icon=":material/forum:")
    st.page_link(page_of("pages/council.py"), label=tr("nav.council"))
for item in view.attention:
    when = item.visit.start.strftime("%m-%d %H:%M")
    other = item.other.title if item.other else ""
    st.warning(tr_text(item.key, title=item.visit.title, when=when, other=other), icon=":material/warning:")
    open_visit(item.visit.id)

for label, items, first in (
    ("home.this_week", view.this_week, view.week_start),
    ("home.next_week", view.next_week, view.week_start + timedelta(days=7)),
):
    st.subheader(tr(label, start=first.strftime("%m.%d"), end=(first + timedelta(days=6)).strftime("%m.%d")))
    if first == view.week_start:
        today = now().date()
        st.page_link(
            page_of("pages/day.py"),
            label=tr("day.link_today", date=today.isoformat()),
            query_params={"date": today.isoformat()},
        )
    if items:
        st.dataframe(
            visits_frame(items, lang(), status_label, categories),
            hide_index=True,
            width="stretch",
            column_config=visit_columns(lang()),
        )
    else:
        st.caption(tr("home.nothing"))
