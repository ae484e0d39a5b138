"""Council liaison: tell the district's councillors before a visit, invite the leadership to
important ones, and track their suggestions until answered (source section 2)."""

import streamlit as st

from planner import council, services
from planner.domain import PlannerError, VisitQuery
from planner.ui import (
    ensure_frame,
    flash,
    labels,
    markdown_text,
    show_error,
    show_flash,
    tr,
    tr_text,
    uow,
)

ensure_frame()
work = uow()
current = work.now
methods = labels({m: f"council.method.{m}" for m in council.METHODS})
kinds = labels({"notice": "council.kind.notice", "invitation": "council.kind.invitation"})
roles = labels({r.value: f"council.role.{r.value}" for r in council.Role})

st.title(tr("council.title"))
show_flash()
st.caption(tr("council.intro"))

# ---------------------------------------------------------------- notices before a visit
st.subheader(tr("council.pending"))
pending = council.pending_contacts(work)
if not pending:
    st.success(tr("council.pending_none"))
else:
    choice = st.selectbox(
        tr("council.visit"),
        [p.visit.id for p in pending],
        format_func={
            p.visit.id: tr(
                "council.pending_row",
                when=p.visit.start.strftime("%m-%d %H:%M"),
                title=p.visit.title,
                district=p.visit.district,
                missing=p.missing,
                total=p.total,
            )
            for p in pending
        }.get,
        key="council.visit_id",
    )
    people = council.contacts(work, choice)
    st.dataframe(
        {
            tr("council.councillor"): [c.councillor.name for c in people],
            tr("field.role"): [roles[c.councillor.role.value] for c in people],
            tr("field.district"): [c.councillor.district for c in people],
            tr("council.contacts"): [kinds[c.kind] for c in people],
            tr("field.method"): [
                tr("council.sent", when=c.sent_at.strftime("%m-%d %H:%M"), method=methods.get(c.method, c.method))
                if c.sent_at
                else tr("council.not_sent")
                for c in people
            ],
        },
        hide_index=True,
    )
    open_people = [c for c in people if c.sent_at is None]
    names = {c.councillor.id: f"{c.councillor.name} ({kinds[c.kind]})" for c in open_people}
    with st.form(f"council.notice.{choice}"):
        chosen = st.multiselect(
            tr("council.choose"), list(names), default=list(names), format_func=names.get, key=f"council.{choice}.who"
        )
        method = st.selectbox(
            tr("council.method"), list(council.METHODS), format_func=methods.get, key=f"council.{choice}.method"
        )
        record = st.form_submit_button(tr("council.record"), type="primary", key=f"council.{choice}.record")
    if record:
        try:
            added = council.record_contacts(work, choice, chosen, method)
            flash(tr("council.recorded", count=added))
        except PlannerError as exc:
            show_error(exc)

# ---------------------------------------------------------------- suggestions
st.subheader(tr("council.suggestions"))
open_only = st.toggle(tr("council.open_only"), value=True, key="council.open_only")
suggestions = council.list_suggestions(work, "open" if open_only else None)
status_text = labels({"open": "council.status.open", "answered": "council.status.answered"})
for s in suggestions:
    age = (current - s.created_at).days
    line = tr_text(  # an expander's label is Markdown: the suggestion's text and names are escaped
        "council.suggestion_row",
        status=status_text[s.status],
        councillor=s.councillor_name,
        visit=s.visit_title or tr("council.no_visit"),
        text=s.text,
        department=s.department or "-",
        days=max(age, 0),
    )
    with st.expander(line, expanded=False):
        if s.status == "answered":
            st.markdown(markdown_text(s.answer))
            continue
        with st.form(f"council.answer.{s.id}"):
            answer = st.text_area(tr("council.answer"), key=f"council.answer.{s.id}.text")
            save = st.form_submit_button(tr("council.answer_save"), key=f"council.answer.{s.id}.save")
        if save:
            try:
                council.answer_suggestion(work, s.id, answer)
                flash(tr("council.answered"))
            except PlannerError as exc:
                show_error(exc)

with st.expander(tr("council.add_suggestion"), expanded=False):
    people_all = council.list_councillors(work)
    person_label = {c.id: f"{c.name} · {c.district} ({roles[c.role.value]})" for c in people_all}
    recent = services.list_visits(work, VisitQuery(year=current.year))[::-1][:200]
    visit_label = {None: tr("council.no_visit"), **{v.id: f"{v.start:%Y-%m-%d} · {v.title}" for v in recent}}
    with st.form("council.suggestion_form"):
        who = st.selectbox(
            tr("council.councillor"),
            list(person_label),
            format_func=person_label.get,
            key="council.suggestion_form.councillor",
        )
        link = st.selectbox(
            tr("council.visit"), list(visit_label), format_func=visit_label.get, key="council.suggestion_form.visit"
        )
        text = st.text_area(tr("council.suggestion_text"), key="council.suggestion_form.text")
        department = st.text_input(tr("council.department"), key="council.suggestion_form.department")
        add = st.form_submit_button(tr("council.add_suggestion"), key="council.suggestion_form.submit")
    if add:
        try:
            council.add_suggestion(work, who, text, department, visit_id=link)
            flash(tr("council.suggestion_added"))
        except PlannerError as exc:
            show_error(exc)
