"""One visit's page (/visit?id=86, the link calendars carry): details, the site on a small map, the day around
it, problems, history, council notices, and the status actions its state allows (issue 12)."""

import streamlit as st

from planner import assets, maps, services
from planner.domain import PlannerError, Status, to_seoul
from planner.ui import (
    ensure_frame,
    flash,
    lang,
    markdown_text,
    page_of,
    section,
    show_error,
    show_flash,
    status_label,
    tr,
    tr_text,
    uow,
    vocabulary,
)
from planner.ui.map import show_folium
from planner.ui.problems import problem_text, show_problems
from planner.ui.several import duplicate_screen
from planner.ui.visits import visit_page_data

ensure_frame()
work = uow()
L = lang()
state = st.session_state

param = str(st.query_params.get("id", "")).strip()
try:
    if not param.isdigit():
        raise LookupError
    view, categories = visit_page_data(work, int(param))
except LookupError:
    st.title(tr("visit.title_none"))
    st.warning(tr("visit.no_id"))
    st.page_link(page_of("pages/visits.py"), label=tr("visit.to_log"))
    st.stop()
except PlannerError as exc:  # no such visit, or the database
    st.title(tr("visit.title_none"))
    show_error(exc)
    st.page_link(page_of("pages/visits.py"), label=tr("visit.to_log"))
    st.stop()

v = view.visit
vid = v.id or 0
vocab = vocabulary(categories)
st.title(f"#{vid} · {markdown_text(v.title)}")
show_flash()

# The version the user opened is kept until they act or reload: an action on an older version is refused
# (StaleVersion), never applied over someone else's change.
seen_versions = state.setdefault("visit_page.seen", {})
seen = seen_versions.setdefault(vid, v.version)
if seen != v.version:
    st.warning(tr("visits.changed_elsewhere", version=v.version))
    if st.button(tr("visits.reload"), key=f"visit.{vid}.reload"):
        seen_versions[vid] = seen = v.version


def done(message_key: str, updated: object) -> None:
    seen_versions[vid] = updated.version  # type: ignore[attr-defined]
    warning = "  \n".join(problem_text(p) for p in work.warnings) or None
    flash(
        tr_text(
            message_key,
            status=status_label(updated.status.value),  # type: ignore[attr-defined]
            title=updated.title,  # type: ignore[attr-defined]
            version=updated.version,  # type: ignore[attr-defined]
        ),
        warning,
    )


# ---------------------------------------------------------------- actions
st.subheader(tr("visit.actions", status=status_label(v.status.value)))
forward = [s for s in view.forward if s != Status.CANCELLED]
can_cancel = Status.CANCELLED in view.forward
buttons = len(forward) + int(can_cancel) + int(view.reopen_to is not None)
cancel_key = f"visit.{vid}.cancelling"
if not buttons:
    st.caption(tr("visit.no_actions"))
else:
    row = st.container(horizontal=True)  # the buttons side by side, wrapping on a phone (one block, not columns)
    for status in forward:
        if row.button(tr(f"visit.action.{status.value}"), key=f"visit.{vid}.to.{status.value}", type="primary"):
            try:
                done("visit.status_changed", services.change_status(work, vid, seen, status))
            except PlannerError as exc:
                show_error(exc)
    if view.reopen_to is not None:
        if row.button(tr("visit.reopen", status=status_label(view.reopen_to.value)), key=f"visit.{vid}.reopen"):
            try:
                done("visit.reopened", services.reopen_visit(work, vid, seen))
            except PlannerError as exc:
                show_error(exc)
    if can_cancel and row.button(tr("visit.action.cancelled"), key=f"visit.{vid}.cancel"):
        state[cancel_key] = True
if can_cancel and state.get(cancel_key):
    with st.form(f"visit.{vid}.cancel_form", enter_to_submit=False, border=True):
        st.markdown(f"**{tr('visit.cancel_title')}**")
        reason = st.text_input(
            tr("field.cancel_reason"), key=f"visit.{vid}.cancel_reason", help=tr("visit.cancel_reason_help")
        )
        sure = st.checkbox(tr("visit.cancel_confirm"), key=f"visit.{vid}.cancel_sure")
        submitted = st.form_submit_button(tr("visit.cancel_submit"), type="primary", key=f"visit.{vid}.cancel_submit")
    if st.button(tr("visit.cancel_back"), key=f"visit.{vid}.cancel_back"):
        state[cancel_key] = False
        st.rerun()
    if submitted:
        if not sure:
            st.error(tr("visit.cancel_confirm_needed"))
        else:
            try:
                updated = services.cancel_visit(work, vid, seen, reason)
                state[cancel_key] = False
                done("visit.status_changed", updated)
            except PlannerError as exc:
                show_error(exc)

# Built only while open (issue 12's speed: its form was a fifth of this page's rerun).
box, is_open = section(
    tr("several.duplicate_title"), f"visit_copy.{vid}.open", expanded=bool(state.get(f"visit_copy.{vid}.made"))
)
if is_open:
    with box:
        st.caption(tr("several.duplicate_help"))
        duplicate_screen(work, v)

# ---------------------------------------------------------------- details and the map
left, right = st.columns([3, 2], gap="medium")
with left:
    st.subheader(tr("visit.details"))
    start, end = to_seoul(v.start), to_seoul(v.end)
    weekday = tr("day.weekday").split(",")[start.weekday()]
    when = tr("visit.when", date=start.date().isoformat(), weekday=weekday, start=f"{start:%H:%M}", end=f"{end:%H:%M}")
    if end.date() != start.date():
        when = f"{start:%Y-%m-%d %H:%M} – {end:%Y-%m-%d %H:%M}"
    yes_no = {True: tr("visit.yes"), False: tr("visit.no")}
    rows = [
        (tr("field.status"), status_label(v.status.value)),
        (tr("field.time"), when),
        (tr("field.site"), v.site_name),
        (tr("field.address"), v.site_address),
        (tr("field.district"), vocab.district_label(v.district) if v.district else ""),
        (tr("field.category"), vocab.cat_label(v.category)),
        (tr("field.purpose"), v.purpose),
        (tr("field.attendees"), v.attendees),
        (tr("field.notes"), v.notes),
        (tr("field.public"), yes_no[v.public]),
        (tr("field.important"), yes_no[v.important]),
        (tr("field.fixed"), yes_no[v.is_fixed]),
        (tr("field.override_reason"), v.override_reason),
        (tr("field.cancel_reason"), v.cancel_reason),
    ]
    # One element for all the fields (a row of columns per field was ~60 elements to send on every rerun);
    # user text goes through markdown_text: shown literally, never as Markdown.
    st.markdown("\n\n".join(f"**{label}** · {markdown_text(value)}" for label, value in rows if value))
    updated_at = to_seoul(v.updated_at).strftime("%Y-%m-%d %H:%M") if v.updated_at else "-"
    st.caption(tr("visit.version_line", version=v.version, when=updated_at))
    st.page_link(page_of("pages/visits.py"), label=tr("visit.open_in_log"), query_params={"visit": str(vid)})
with right:
    st.subheader(tr("visit.map"))
    if v.lat is None or v.lon is None:
        st.caption(tr("visit.no_place"))
    else:
        tiles, attribution = maps.tiles_setting()
        show_folium(
            lambda: maps.visit_map(v, L, tiles, attribution, publish=assets.publish),
            key="visit.map",
            height=300,
            cache_key=(str(work.engine.url), vid, v.version, v.lat, v.lon, v.site_name, L, tiles, attribution),
        )

# ---------------------------------------------------------------- problems
st.subheader(tr("visit.problems"))
if view.problems:
    show_problems(view.problems)
else:
    st.success(tr("visit.no_problems"))

# ---------------------------------------------------------------- the day around it
day_text = view.day.day.isoformat()
st.subheader(tr("visit.day", date=day_text))
if not any(s.visit.id != vid for s in view.day.stops) and not view.day.busy:
    st.caption(tr("visit.day_alone"))
for item in view.day.timeline:
    if hasattr(item, "visit"):
        other = item.visit  # type: ignore[union-attr]
        line = f"{to_seoul(other.start):%H:%M}–{to_seoul(other.end):%H:%M} · {status_label(other.status.value)}"
        if other.id == vid:
            st.markdown(f"**{line} · {markdown_text(other.title)}** ({tr('visit.this_one')})")
        else:
            st.page_link(
                page_of("pages/visit.py"),
                label=f"{line} · {markdown_text(other.title)}",
                query_params={"id": str(other.id)},
                icon="➡️",
            )
    else:  # busy time from another calendar
        span = f"{to_seoul(item.start):%H:%M}–{to_seoul(item.end):%H:%M}"
        st.caption(f"{span} · {tr_text('visits.busy_item', summary=item.summary)}")
st.page_link(page_of("pages/day.py"), label=tr("visit.day_link", date=day_text), query_params={"date": day_text})

# ---------------------------------------------------------------- history and council notices
h, c = st.columns(2, gap="medium")
with h:
    st.subheader(tr("visit.history"))
    if not view.history:
        st.caption(tr("visit.history_none"))
    names = {f: tr(f"field.{f}") for f in {n for line in view.history for n in line.changed}}
    for line in view.history[:20]:
        parts = [", ".join(names[f] for f in line.changed if f not in ("status", "cancel_reason")) or ""]
        if line.status_from and line.status_to:
            parts.append(
                tr("visit.history_status", old=status_label(line.status_from), new=status_label(line.status_to))
            )
            if line.reopen:
                parts.append(tr("visit.history_reopen"))
            if line.status_from == Status.CANCELLED.value and line.cancel_reason:
                parts.append(tr_text("visit.history_reason", reason=line.cancel_reason))
        st.markdown(
            tr(
                "visit.history_line",
                version=line.version,
                next=line.version + 1,
                when=line.when,
                fields=" · ".join(p for p in parts if p) or "-",
            )
        )
    st.caption(tr("visit.history_edit"))
with c:
    st.subheader(tr("visit.council"))
    if not view.contacts:
        st.caption(tr("visit.council_none"))
    for contact in view.contacts:
        state_text = (
            tr(
                "council.sent",
                when=contact.sent_at.strftime("%m-%d %H:%M"),
                method=tr(f"council.method.{contact.method}"),
            )
            if contact.sent_at
            else tr("council.not_sent")
        )
        st.markdown(
            tr_text(
                "visit.council_line",
                name=contact.councillor.name,
                kind=tr(f"council.kind.{contact.kind}"),
                state=state_text,
            )
        )
    if any(contact.sent_at is None for contact in view.contacts):  # where the notices are recorded and drafted
        st.page_link(page_of("pages/council.py"), label=tr("nav.council"))
