"""Council liaison: tell the place's councillors before a visit (its 선거구, else its district), invite the
leadership to important ones, brief the 소관 상임위 before a press release, draft the notice from the
template, and track councillors' suggestions until answered (source section 2)."""

import streamlit as st

from planner import council, notices, services
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
    sheet = notices.sheet(work, notices.Target("visit", choice))
    reasons = labels({r: f"notices.reason.{r}" for r in notices.REASONS})
    states = labels({s: f"notices.status.{s}" for s in notices.STATES})
    place = sheet.constituency
    st.caption(
        tr_text(  # constituency and 행정동 names are staff text: escaped, never Markdown
            f"notices.scope_line.{sheet.scope}",
            constituency=place.name if place else "",
            dong=sheet.target.dong,
            district=sheet.target.district,
        )
    )
    st.dataframe(
        {
            tr("council.councillor"): [r.councillor.name for r in sheet.recipients],
            tr("field.role"): [roles[r.councillor.role.value] for r in sheet.recipients],
            tr("field.district"): [r.councillor.district for r in sheet.recipients],
            tr("notices.col.reason"): [reasons[r.reason] for r in sheet.recipients],
            tr("notices.col.status"): [states[r.status] for r in sheet.recipients],
            tr("field.method"): [
                tr("council.sent", when=r.sent_at.strftime("%m-%d %H:%M"), method=methods.get(r.method, r.method))
                if r.sent_at
                else ""  # the status column already says 안내 전
                for r in sheet.recipients
            ],
            tr("notices.sent_by"): [r.sent_by for r in sheet.recipients],
        },
        hide_index=True,
    )
    open_people = [r for r in sheet.recipients if r.status == "to_send"]
    names = {r.councillor.id: f"{r.councillor.name} ({reasons[r.reason]})" for r in open_people}
    with st.form(f"council.notice.{choice}", enter_to_submit=False):
        chosen = st.multiselect(
            tr("council.choose"),
            list(names),
            default=list(names),
            format_func=names.get,
            placeholder=tr("placeholder.choose"),
            key=f"council.{choice}.who",
            select_all=False,
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
    sent_people = {r.councillor.id: r.councillor.name for r in sheet.recipients if r.status == "sent"}
    if sent_people:
        with st.form(f"council.ack.{choice}", enter_to_submit=False):
            who = st.multiselect(
                tr("council.choose"),
                list(sent_people),
                format_func=sent_people.get,
                placeholder=tr("placeholder.choose"),
                key=f"council.{choice}.ack_who",
                select_all=False,
            )
            ack = st.form_submit_button(tr("notices.acknowledge"), key=f"council.{choice}.ack")
        if ack:
            try:
                flash(tr("notices.acknowledged", count=notices.acknowledge(work, notices.Target("visit", choice), who)))
            except PlannerError as exc:
                show_error(exc)
    st.markdown(f"**{tr('notices.text')}**")
    st.code(sheet.text, language=None, wrap_lines=True)  # the copy button is the code block's own
    st.download_button(
        tr("notices.download"),
        sheet.text.encode("utf-8"),
        file_name=f"notice-{choice}.txt",
        mime="text/plain",
        key=f"council.{choice}.download",
        on_click="ignore",
    )
    with st.expander(tr("notices.plan"), expanded=False):
        committees = {c.code: c.name_ko for c in council.list_committees(work)}
        with st.form(f"council.plan.{choice}", enter_to_submit=False):
            press = st.checkbox(
                tr("notices.press_briefing"), value=sheet.target.press_briefing, key=f"council.{choice}.press"
            )
            codes = [None, *committees]
            committee = st.selectbox(
                tr("field.committee"),
                codes,
                index=codes.index(sheet.target.committee) if sheet.target.committee in codes else 0,
                format_func=lambda c: committees.get(c, "-") if c else "-",
                key=f"council.{choice}.committee",
            )
            contact = st.text_input(tr("notices.contact"), value=sheet.target.contact, key=f"council.{choice}.contact")
            save_plan = st.form_submit_button(tr("registry.save"), key=f"council.{choice}.plan_save")
        if save_plan:
            try:
                notices.save_plan(work, notices.Target("visit", choice), press, committee, contact)
                flash(tr("notices.plan_saved"))
            except PlannerError as exc:
                show_error(exc)

with st.expander(tr("notices.template"), expanded=False):
    st.caption(tr("notices.template_help", names=", ".join("{" + n + "}" for n in notices.PLACEHOLDERS)))
    with st.form("council.template", enter_to_submit=False):
        body = st.text_area(
            tr("notices.template"), value=notices.template(work), height=260, key="council.template.body"
        )
        save_template = st.form_submit_button(tr("registry.save"), key="council.template.save")
    if save_template:
        try:
            notices.save_template(work, body)
            flash(tr("notices.template_saved"))
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
        with st.form(f"council.answer.{s.id}", enter_to_submit=False):
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
    with st.form("council.suggestion_form", enter_to_submit=False):
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
