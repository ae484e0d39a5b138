"""Week and month calendar (issue 12): visits by category colour, busy time shaded, problems marked; click a
visit to open its page, an empty slot to propose a visit there, drag or resize a visit to move it."""

import html
import json
from datetime import date

import streamlit as st

from planner import services, week_view
from planner.domain import PlannerError, Status, ValidationError
from planner.i18n import error_text
from planner.ui import (
    ensure_frame,
    flash,
    labels,
    lang,
    markdown_text,
    now,
    page_of,
    proposal,
    show_error,
    show_flash,
    tr,
    tr_text,
    uow,
    vocabulary,
)
from planner.ui.calendar import calendar
from planner.ui.problems import problem_text
from planner.ui.slots import time_fields
from planner.ui.visits import site_label, week_calendar

ensure_frame()
work = uow()
L = lang()
state = st.session_state
today = now().date()
FIRST, LAST = date(1900, 1, 8), date(2100, 12, 24)
PROPOSAL = "week.propose"  # the proposal form's keys (widgets and the held proposal)

st.title(tr("week.title"))
show_flash()
if refused := state.pop("week.refused", None):  # a move the rules or the version check refused
    st.error(refused)

# The URL (?date=YYYY-MM-DD&view=week|month) chooses the period when it changes (a link); the widgets after that.
param = (st.query_params.get("date"), st.query_params.get("view"))
if param != state.get("week.param_seen"):
    state["week.param_seen"] = param
    try:
        state["week.anchor"] = min(max(date.fromisoformat(param[0]), FIRST), LAST) if param[0] else today
    except ValueError:
        st.warning(tr_text("day.bad_date", value=param[0]))
        state["week.anchor"] = today
    if param[1] in week_view.VIEWS:
        state["week.view"] = param[1]
state.setdefault("week.anchor", today)
state.setdefault("week.view", "week")


def _shift(steps: int) -> None:
    state["week.anchor"] = min(max(week_view.shift(state["week.anchor"], state["week.view"], steps), FIRST), LAST)


def _today() -> None:
    state["week.anchor"] = today


# The controls sit above the calendar but are drawn after it: a browser opening the page fetches the
# calendar's code first (a date picker's code is larger than the calendar's), so the week shows sooner.
# Their values are already in the session (each control is keyed), so the calendar can be drawn first.
controls = st.container()
view = state.get("week.view") or "week"
anchor = state["week.anchor"]
first, last = week_view.view_range(anchor, view)
revision = state.setdefault("week.revision", 0)
try:
    data, categories, events = week_calendar(work, first, last, L, revision)  # once per data version
except PlannerError as exc:
    show_error(exc)
    st.stop()
vocab = vocabulary(categories)
st.caption(tr("week.caption"))

value = calendar(
    events=events,
    options=week_view.options(view, anchor, now(), L),
    custom_css=week_view.CSS,
    callbacks=["dateClick", "eventClick", "eventChange"],
    key=f"week.calendar.{view}.{first.isoformat()}",
)

with controls:
    c1, c2, c3, c4, c5 = st.columns([2, 2, 1, 1, 1], vertical_alignment="bottom")
    c1.segmented_control(
        tr("week.view"),
        list(week_view.VIEWS),
        format_func=labels({"week": "week.view_week", "month": "week.view_month"}),
        key="week.view",
    )
    c2.date_input(tr("day.date"), key="week.anchor", format="YYYY-MM-DD", min_value=FIRST, max_value=LAST)
    c3.button(tr("week.previous"), key="week.previous", on_click=_shift, args=(-1,), width="stretch")
    c4.button(tr("week.next"), key="week.next", on_click=_shift, args=(1,), width="stretch")
    c5.button(tr("day.today"), key="week.today", on_click=_today, width="stretch")
st.query_params["date"] = anchor.isoformat()
st.query_params["view"] = view
state["week.param_seen"] = (anchor.isoformat(), view)

# The component keeps its last value across reruns: act on each value once (every click carries its own
# "seq", so the same slot or visit clicked again is a new value).
signature = json.dumps(value, sort_keys=True, default=str) if value else ""
action = week_view.action_of(value) if signature and signature != state.get("week.handled") else None
if action is not None:
    state["week.handled"] = signature
    if action.kind == "open" and action.visit_id is not None:
        st.switch_page(page_of("pages/visit.py"), query_params={"id": str(action.visit_id)})
    elif action.kind == "slot":
        state["week.slot"] = action.start.isoformat() if action.start else None
        state["week.slot_count"] = state.get("week.slot_count", 0) + 1
        proposal.drop(PROPOSAL)
    elif action.kind == "move" and action.visit_id is not None and action.version is not None:
        try:
            current = services.get_visit(work, action.visit_id)
            start, end = week_view.moved_times(current, action)
            moved = services.update_visit(work, action.visit_id, action.version, {"start": start, "end": end})
            if moved.version != action.version:  # a drop where it already was changes nothing
                warning = "  \n".join(problem_text(p) for p in work.warnings) or None
                when = f"{moved.start:%Y-%m-%d %H:%M}–{moved.end:%H:%M}"
                flash(tr("week.moved", title=markdown_text(moved.title), when=when, version=moved.version), warning)
        except PlannerError as exc:
            # Drawn again with a new revision, the calendar puts the visit back where it is stored.
            state["week.revision"] = revision + 1
            state["week.refused"] = error_text(exc, L, quote=markdown_text)
            st.rerun()

# Legend: the categories' colours, busy time, problems.
legend = " ".join(
    f"<span style='background:{c.color};color:#fff;padding:1px 6px;border-radius:3px'>"
    f"{html.escape(vocab.cat_label(c.code))}</span>"
    for c in categories
    if any(v.category == c.code for v in data.visits)
)
if legend:
    st.html(f"<div style='font-size:0.85em'>{legend}</div>")  # colours are #RRGGBB (services.add_category)
st.caption(tr("week.legend"))

# ---------------------------------------------------------------- propose a visit in a clicked slot
# The same form and save flow as /plan (planner.ui.slots.time_fields, planner.ui.proposal): the start prefilled with
# the clicked slot, the end following the duration, a passed start confirmed, the rules' problems shown before saving.
slot = state.get("week.slot")
if slot:
    start = week_view.from_wall(slot[:19])
    if start.hour == 0 and start.minute == 0:
        start = start.replace(hour=10)  # a click on a day (month view, all-day row): 10:00 that day
    st.subheader(tr("week.propose", when=f"{start:%Y-%m-%d %H:%M}"))
    sites = services.list_sites(work)
    site_by_id = {s.id: s for s in sites}
    # New time widgets for each clicked slot: a keyed widget keeps its value whatever default it is given later.
    times = time_fields(work, start, f"{PROPOSAL}.slot{state.get('week.slot_count', 0)}", f"{PROPOSAL}.minutes")
    form = st.form("week.propose_form", enter_to_submit=False)
    with form:
        title = st.text_input(tr("field.title"), key=f"{PROPOSAL}.title", max_chars=200)
        p1, p2 = st.columns([3, 2])
        site_id = p1.selectbox(
            tr("field.site"),
            [s.id for s in sites],
            index=None,
            placeholder=tr("week.choose"),
            format_func=lambda i: site_label(site_by_id[i]),
            key=f"{PROPOSAL}.site",
        )
        category = p2.selectbox(
            tr("field.category"),
            vocab.cat_codes,
            index=None,
            placeholder=tr("week.choose"),
            format_func=vocab.cat_label,
            key=f"{PROPOSAL}.category",
        )
        purpose = st.text_area(tr("field.purpose"), key=f"{PROPOSAL}.purpose", height=68)
        save = st.form_submit_button(tr("visits.save"), type="primary", key=f"{PROPOSAL}.save")

    def proposed_now() -> proposal.Proposal | None:
        """The proposal as the fields stand (None while one is missing or a passed start unconfirmed)."""
        if site_id is None or category is None or times is None or (times.past and not times.past_confirmed):
            return None
        draft = services.VisitDraft(
            title=title,
            site_id=int(site_id),
            start=times.start,
            end=times.end,
            category=str(category),
            status=Status.PROPOSED,
            purpose=purpose,
        )
        return draft, None

    if st.button(tr("week.propose_close"), key=f"{PROPOSAL}.close"):
        state["week.slot"] = None
        proposal.drop(PROPOSAL)
        st.rerun()
    if save:
        proposal.drop(PROPOSAL)
        try:
            if site_id is None:
                raise ValidationError("error.required", field="site")
            if category is None:
                raise ValidationError("error.required", field="category")
            if times is not None and times.past and not times.past_confirmed:
                st.error(tr("plan.start_past_refused"))
            elif (now_proposed := proposed_now()) is not None:  # an empty time field is named above the form
                proposal.hold(PROPOSAL, *now_proposed)
        except PlannerError as exc:
            show_error(exc)
    # The problems and "save anyway" sit in the form: pressing it saves what the form shows, and a proposal whose
    # fields changed since the checks is checked again first.
    created = proposal.propose(work, PROPOSAL, PROPOSAL, form=form, current=proposed_now, submitted=bool(save))
    if created is not None:
        state["week.slot"] = None
        for name in ("title", "site", "category", "purpose", "override_reason"):
            state.pop(f"{PROPOSAL}.{name}", None)
        warning = "  \n".join(problem_text(p) for p in work.warnings) or None
        flash(tr_text("visits.added", title=created.title), warning)
