"""Screens for several visits at once (issue 12, item 7): duplicate a visit on another day (the visit page),
a recurring series and one status for many visits (the visit log).

Each screen reads its widgets and calls one use case of ``planner.series`` (``duplicate_visit``,
``create_series``, ``change_statuses``), which runs every visit through the one change path, all or nothing.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import streamlit as st

from planner import accounts, series, services
from planner.access import status_action
from planner.domain import SEOUL, PlannerError, Site, Status, ValidationError, Visit, to_seoul
from planner.ui import (
    Vocabulary,
    flash,
    fresh,
    labels,
    lang,
    now,
    page_of,
    renew,
    show_error,
    status_label,
    tr,
    tr_text,
)
from planner.ui.visits import datetime_inputs, site_label
from planner.uow import UnitOfWork

BULK_LIMIT = 500  # as the log's pick list: narrow the filters for more


def duplicate_screen(work: UnitOfWork, visit: Visit) -> None:
    """A copy of ``visit`` (a new proposed visit, same site, category, texts and length) at a new start."""
    vid = visit.id or 0
    made_key = f"visit_copy.{vid}.made"
    made = st.session_state.get(made_key)
    if made:
        st.page_link(page_of("pages/visit.py"), label=tr("several.open_copy", id=made), query_params={"id": str(made)})
    if not accounts.may(work, "visit.propose"):  # a convenience: the core refuses other roles anyway
        st.caption(tr("several.no_permission"))
        return
    start = to_seoul(visit.start) + timedelta(weeks=1)
    with st.form(f"visit_copy.{vid}.duplicate_form", enter_to_submit=False, border=True):
        c1, c2 = st.columns(2)
        day = c1.date_input(
            tr("visits.start_date"),
            value=start.date(),
            format="YYYY-MM-DD",
            key=f"visit_copy.{vid}.duplicate_date",
            persist_state="page",
        )
        at = c2.time_input(
            tr("visits.start_time"),
            value=start.time(),
            key=f"visit_copy.{vid}.duplicate_time",
            persist_state="page",
            step=timedelta(minutes=10),
        )
        submitted = st.form_submit_button(
            tr("several.duplicate"), type="primary", key=f"visit_copy.{vid}.duplicate_submit"
        )
    if submitted:
        try:
            new_start = _combine(day, at)
            copy = series.duplicate_visit(work, vid, new_start)
            st.session_state[made_key] = copy.id
            flash(
                tr_text(
                    "several.duplicated", id=copy.id, title=copy.title, date=f"{to_seoul(copy.start):%Y-%m-%d %H:%M}"
                )
            )
        except PlannerError as exc:
            show_error(exc)


def _combine(day: object, at: object) -> datetime:
    if not isinstance(day, date) or not isinstance(at, time):
        raise ValidationError("error.bad_datetime", value=f"{day} {at}")
    return datetime.combine(day, at, tzinfo=SEOUL)


def series_screen(work: UnitOfWork, vocab: Vocabulary, sites: list[Site]) -> None:
    """A recurring series (the weekly 간부회의): a visit's fields, every N weeks, a count or a last day;
    public holidays are left out and listed before saving."""
    if not accounts.may(work, "visit.propose"):
        st.caption(tr("visits.no_permission_add"))
        return
    if not sites:
        st.caption(tr("several.no_sites"))
        return
    site_by_id = {s.id: s for s in sites}
    L = lang()
    k = fresh("series_form")  # a new, empty form after each series made
    title = st.text_input(tr("field.title"), key=f"{k}.title", persist_state="page", max_chars=200)
    site_id = st.selectbox(
        tr("field.site"),
        list(site_by_id),
        format_func=lambda i: site_label(site_by_id[i]),
        key=f"{k}.site_id",
        persist_state="page",
    )
    default_start = (now() + timedelta(days=7)).replace(hour=9, minute=0, second=0, microsecond=0)
    start_end = None
    try:
        start_end = datetime_inputs(k, L, default_start, default_start + timedelta(hours=1))
    except PlannerError as exc:
        show_error(exc)
    f1, f2 = st.columns(2)
    category = f1.selectbox(
        tr("field.category"),
        vocab.cat_codes,
        format_func=vocab.cat_label,
        key=f"{k}.category",
        persist_state="page",
    )
    status = f2.selectbox(
        tr("field.status"),
        [s.value for s in Status if s != Status.CANCELLED],
        format_func=vocab.status_text,
        key=f"{k}.status",
        persist_state="page",
    )
    purpose = st.text_input(tr("field.purpose"), key=f"{k}.purpose", persist_state="page")
    attendees = st.text_input(tr("field.attendees"), key=f"{k}.attendees", persist_state="page")
    public = st.checkbox(tr("field.public"), key=f"{k}.public", persist_state="page")
    r1, r2, r3 = st.columns(3)
    every = r1.number_input(
        tr("several.every_weeks"),
        min_value=1,
        max_value=series.MAX_EVERY_WEEKS,
        value=1,
        key=f"{k}.every",
        persist_state="page",
    )
    end_mode = r2.radio(
        tr("several.end_mode"),
        ["count", "until"],
        format_func=labels({"count": "several.end_count", "until": "several.end_until"}),
        horizontal=True,
        key=f"{k}.end_mode",
        persist_state="page",
    )
    count: int | None = None
    until: date | None = None
    if end_mode == "count":
        count = int(
            r3.number_input(
                tr("several.count"),
                min_value=1,
                max_value=series.MAX_OCCURRENCES,
                value=4,
                key=f"{k}.count",
                persist_state="page",
            )
        )
    else:
        first = start_end[0].date() if start_end else default_start.date()
        picked = r3.date_input(
            tr("several.until"),
            value=first + timedelta(weeks=4),
            format="YYYY-MM-DD",
            key=f"{k}.until",
            persist_state="page",
        )
        until = picked if isinstance(picked, date) else None
    if start_end is None:
        return
    try:
        plan = series.series_days(start_end[0].date(), every_weeks=int(every), count=count, until=until)
    except PlannerError as exc:
        show_error(exc)
        return
    st.caption(tr("several.days", count=len(plan.days), days=", ".join(d.isoformat() for d in plan.days) or "-"))
    if plan.skipped:
        st.warning(
            tr(
                "several.skipped",
                days=", ".join(f"{d.isoformat()} ({name})" for d, name in plan.skipped),
            )
        )
    if st.button(tr("several.create_series", count=len(plan.days)), type="primary", key="series_form.submit"):
        try:
            draft = services.VisitDraft(
                title=title,
                site_id=int(site_id or 0),
                start=start_end[0],
                end=start_end[1],
                category=str(category),
                status=Status(status),
                purpose=purpose,
                attendees=attendees,
                public=public,
            )
            made, done_plan = series.create_series(
                work, draft.visit(""), every_weeks=int(every), count=count, until=until
            )
            renew("series_form")
            flash(
                tr_text(
                    "several.series_made",
                    count=len(made),
                    title=made[0].title,
                    first=made[0].start.astimezone(SEOUL).date().isoformat(),
                    last=made[-1].start.astimezone(SEOUL).date().isoformat(),
                    skipped=len(done_plan.skipped),
                )
            )
        except PlannerError as exc:
            show_error(exc)


def bulk_status_screen(work: UnitOfWork, vocab: Vocabulary, visits: tuple[Visit, ...]) -> None:
    """Pick several visits of the filtered log, one status, one confirmation: all of them or none."""
    if not visits:
        st.caption(tr("visits.empty"))
        return
    pickable = visits[:BULK_LIMIT]
    if len(visits) > BULK_LIMIT:
        st.caption(tr("visits.pick_limited", limit=BULK_LIMIT))
    # The version each visit had when the log was read is the one the change is checked against.
    seen = {v.id or 0: v.version for v in pickable}
    k = fresh("bulk")  # new after each change applied: nothing picked, nothing confirmed
    names = {v.id or 0: f"#{v.id} {to_seoul(v.start):%Y-%m-%d} {v.title}" for v in pickable}
    chosen = st.multiselect(
        tr("several.pick"),
        list(names),
        format_func=names.__getitem__,
        placeholder=tr("placeholder.choose"),
        key=f"{k}.ids",
        persist_state="page",
        select_all=False,
    )
    options = [s.value for s in Status if s != Status.CANCELLED and accounts.may(work, status_action(s))]
    if not options:
        st.caption(tr("visits.no_permission"))
        return
    new_status = st.selectbox(
        tr("field.status"), options, format_func=vocab.status_text, key=f"{k}.status", persist_state="page"
    )
    sure = st.checkbox(
        tr("several.confirm", count=len(chosen), status=status_label(str(new_status))),
        key=f"{k}.sure",
        persist_state="page",
    )
    if st.button(tr("several.apply"), type="primary", key="bulk.apply"):
        if not sure:
            st.error(tr("several.confirm_needed"))
            return
        try:
            done = series.change_statuses(work, [(i, seen[i]) for i in chosen], str(new_status))
            renew("bulk")  # nothing picked, nothing confirmed: the next change starts afresh
            changed = [v for v in done if v.version != seen.get(v.id or 0)]  # a visit already there is kept
            label = status_label(str(new_status))
            left = len(done) - len(changed)
            flash(
                tr("several.bulk_done", count=len(changed), status=label)
                + (" " + tr("several.bulk_unchanged", count=left, status=label) if left else "")
            )
        except PlannerError as exc:
            show_error(exc)
