"""Calendar exchange: export visits (.ics), add one visit to my calendar, import with a preview, feeds."""

import math

import pandas as pd
import streamlit as st

from planner import calendar_exchange, config, feeds, services
from planner.domain import PlannerError, Status, VisitQuery
from planner.ui import app_address, ensure_frame, lang, markdown_text, show_error, tr, uow, vocabulary
from planner.ui.filters import period_bounds, period_buttons
from planner.ui.problems import show_problems

ensure_frame()
work = uow()
L = lang()
current = work.now
categories = services.list_categories(work)
vocab = vocabulary(categories)
mode_labels = {m: tr(f"calendar.mode_{m}") for m in calendar_exchange.MODES}

st.title(tr("calendar.title"))
st.caption(tr("calendar.intro"))
tab_export, tab_import, tab_feeds = st.tabs([tr("calendar.export"), tr("calendar.import"), tr("calendar.feeds")])

# ---------------------------------------------------------------- export
with tab_export:
    c1, c2, c3, c4 = st.columns(4)
    years = services.visit_years(work)
    year = c1.selectbox(
        tr("visits.year"),
        [None, *years],
        format_func=lambda y, everything=tr("visits.all"): everything if y is None else str(y),
        key="calendar.export.year",
    )
    chosen_categories = c2.multiselect(
        tr("field.category"),
        vocab.cat_codes,
        format_func=vocab.cat_label.get,
        placeholder=tr("visits.all"),
        key="calendar.export.categories",
        select_all=False,
    )
    chosen_districts = c3.multiselect(
        tr("field.district"),
        vocab.district_names,
        format_func=vocab.district_label.get,
        placeholder=tr("visits.all"),
        key="calendar.export.districts",
        select_all=False,
    )
    chosen_statuses = c4.multiselect(
        tr("field.status"),
        list(vocab.status_text),
        format_func=vocab.status_text.get,
        placeholder=tr("visits.all"),
        key="calendar.export.statuses",
        select_all=False,
    )
    st.session_state.setdefault("calendar.export.period", ())
    period = st.date_input(tr("visits.date_range"), format="YYYY-MM-DD", key="calendar.export.period")
    period_buttons("calendar.export.period", current.date())
    first, last = period_bounds(period)
    public = st.checkbox(tr("calendar.public"), key="calendar.export.public")
    query = VisitQuery(
        year=year,
        date_from=first,
        date_to=last,
        categories=tuple(chosen_categories),
        districts=tuple(chosen_districts),
        statuses=tuple(Status(s) for s in chosen_statuses),
    )
    selected = calendar_exchange.calendar_visits(work, query, public=public)
    st.caption(tr("calendar.export_count", count=len(selected)))

    def export_bytes() -> bytes:  # built only when the button is clicked (deferred download)
        return calendar_exchange.render(selected, categories, current, L, public=public)

    st.download_button(
        tr("calendar.download"),
        export_bytes,
        file_name="public-schedule.ics" if public else "field-visits.ics",
        mime="text/calendar",
        key="calendar.export.download",
        disabled=not selected,
    )

    st.subheader(tr("calendar.one_visit"))
    if selected:
        by_id = {v.id: v for v in selected}
        # Open on the next visit to come (the one usually wanted), not on the oldest of the list.
        starts = [(v.start, i) for i, v in enumerate(by_id.values())]
        coming = min((s for s in starts if s[0] >= current), default=max(starts))
        visit_id = st.selectbox(
            tr("calendar.pick_visit"),
            list(by_id),
            index=coming[1],
            format_func=lambda i: f"{by_id[i].start:%Y-%m-%d %H:%M} · {by_id[i].title}",
            key="calendar.one.visit_id",
        )
        st.download_button(
            tr("calendar.download_one"),
            lambda: calendar_exchange.export_visit_ics(work, visit_id, L),
            file_name=f"visit-{visit_id}.ics",
            mime="text/calendar",
            key="calendar.one.download",
        )
    else:
        st.caption(tr("visits.empty"))

# ---------------------------------------------------------------- import
with tab_import:
    limit = int(config.get("ics_max_bytes"))
    upload = st.file_uploader(
        tr("calendar.upload"),
        type=["ics", "ical", "ifb", "icalendar"],
        key="calendar.import.file",
        max_upload_size=max(1, math.ceil(limit / 1_000_000)) if limit else None,
    )
    mode = st.radio(
        tr("calendar.mode"),
        list(calendar_exchange.MODES),
        format_func=mode_labels.get,
        horizontal=True,
        key="calendar.import.mode",
    )

    def counts(report: calendar_exchange.ImportReport) -> dict[str, int]:
        return {
            "added": report.count("add"),
            "updated": report.count("update") + report.count("cancel"),
            "unchanged": report.count("unchanged"),
            "skipped": report.count("skip"),
            "removed": report.count("remove"),
        }

    if upload is not None:
        data = upload.getvalue()
        try:
            preview = calendar_exchange.import_ics(
                work, data, mode, dry_run=True, source=upload.name, lang=L, max_bytes=limit
            )
        except PlannerError as exc:
            show_error(exc)
        else:
            st.info(tr("calendar.preview", **counts(preview)))
            show_problems(problem for _, problem in preview.warnings[:20])
            st.dataframe(
                pd.DataFrame(
                    {
                        tr("calendar.action"): [tr(f"calendar.action_{i.action}") for i in preview.items],
                        tr("field.start"): [i.start.strftime("%Y-%m-%d %H:%M") for i in preview.items],
                        tr("field.end"): [i.end.strftime("%Y-%m-%d %H:%M") for i in preview.items],
                        tr("field.title"): [i.summary for i in preview.items],
                        tr("calendar.line"): [i.line for i in preview.items],
                    }
                ),
                hide_index=True,
                width="stretch",
                height=min(400, 40 + 35 * len(preview.items)),
            )
            if st.button(tr("calendar.do_import"), type="primary", key="calendar.import.run"):
                try:
                    done = calendar_exchange.import_ics(work, data, mode, source=upload.name, lang=L, max_bytes=limit)
                    st.success(tr("calendar.imported", **counts(done)))
                except PlannerError as exc:
                    show_error(exc)

    st.subheader(tr("calendar.busy"))
    busy = calendar_exchange.list_busy(work, start=current)[:200]
    if busy:
        st.dataframe(
            pd.DataFrame(
                {
                    tr("field.start"): [b.start.strftime("%Y-%m-%d %H:%M") for b in busy],
                    tr("field.end"): [b.end.strftime("%Y-%m-%d %H:%M") for b in busy],
                    tr("field.title"): [b.summary for b in busy],
                    tr("calendar.source"): [b.source for b in busy],
                }
            ),
            hide_index=True,
            width="stretch",
        )
    else:
        st.caption(tr("calendar.busy_none"))

# ---------------------------------------------------------------- feeds
with tab_feeds:
    st.caption(tr("calendar.feeds_help"))
    with st.form("calendar.feed_form", enter_to_submit=False):
        f1, f2 = st.columns(2)
        feed_categories = f1.multiselect(
            tr("field.category"),
            vocab.cat_codes,
            format_func=vocab.cat_label.get,
            placeholder=tr("visits.all"),
            key="calendar.feed.categories",
            select_all=False,
        )
        feed_districts = f2.multiselect(
            tr("field.district"),
            vocab.district_names,
            format_func=vocab.district_label.get,
            placeholder=tr("visits.all"),
            key="calendar.feed.districts",
            select_all=False,
        )
        feed_public = st.checkbox(tr("calendar.public"), key="calendar.feed.public")
        feed_expires = st.date_input(
            tr("calendar.feed_expires"), value=None, key="calendar.feed.expires", format="YYYY-MM-DD"
        )
        create = st.form_submit_button(tr("calendar.feed_create"), type="primary", key="calendar.feed.submit")
    if create:
        try:
            made = feeds.create_feed(
                work,
                public=feed_public,
                categories=tuple(feed_categories),
                districts=tuple(feed_districts),
                expires=feeds.end_of_day(feed_expires) if feed_expires else None,
            )
            st.success(tr("calendar.feed_created", url=feeds.feed_url(made.token, app_address())))
        except PlannerError as exc:
            show_error(exc)

    active = [f for f in feeds.list_feeds(work) if f.revoked_at is None]
    if not active:
        st.caption(tr("calendar.feed_none"))
    for index, feed in enumerate(active):
        filters = [vocab.cat_label.get(c, c) for c in feed.filter.get("categories", [])]
        filters += [vocab.district_label.get(d, d) for d in feed.filter.get("districts", [])]
        kind = tr("calendar.feed_public" if feed.public else "calendar.feed_internal")
        r1, r2 = st.columns([5, 1])
        shown = ", ".join(markdown_text(f) for f in filters)  # category labels are user text
        expiry = f" · {tr('field.expires')} {feed.expires_at:%Y-%m-%d %H:%M}" if feed.expires_at else ""
        r1.markdown(f"**{kind}** · {shown or tr('calendar.filter_all')}{expiry}")
        r1.code(feeds.feed_url(feed.token, app_address()), language=None)
        if r2.button(tr("calendar.feed_revoke"), key=f"calendar.feed.revoke.{index}"):
            try:
                feeds.revoke_feed(work, feed.token)
                st.success(tr("calendar.feed_revoked"))
                st.rerun()
            except PlannerError as exc:
                show_error(exc)
