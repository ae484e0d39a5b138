"""The visit log's screens: add a visit, edit one (fields, status, history and undo), add a category.

Each screen is one function the page calls inside its expander; they read widgets, call one use
case with the page's unit of work and show what it says.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import streamlit as st

from planner import access, accounts, domain, services
from planner.domain import (
    Category,
    PlannerError,
    Site,
    Status,
    ValidationError,
    Visit,
    next_statuses,
    reopen_statuses,
)
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
from planner.ui.problems import override_box, problem_text, show_problems
from planner.ui.visits import datetime_inputs, embargo_input, site_label
from planner.uow import UnitOfWork

PICK_LIMIT = 500  # a longer drop-down helps nobody: narrow the filters instead


def add_visit_screen(work: UnitOfWork, vocab: Vocabulary, sites: list[Site]) -> None:
    """The form for a new visit, at a registered site or a new one (hidden from a role that may not propose)."""
    if not accounts.may(work, "visit.propose"):
        st.caption(tr("visits.no_permission_add"))
        return
    L = lang()
    k = fresh("visit_form")  # a new, empty form after each visit added
    site_ids = [s.id for s in sites]
    site_by_id = {s.id: s for s in sites}
    mode = st.radio(
        tr("visits.site_mode"),
        ["existing", "new"],
        format_func=labels({"existing": "visits.existing_site", "new": "visits.new_site"}),
        horizontal=True,
        key=f"{k}.site_mode",
        persist_state="page",
    )
    form = st.form("visit_form", clear_on_submit=False, enter_to_submit=False)
    with form:
        title = st.text_input(tr("field.title"), key=f"{k}.title", persist_state="page", max_chars=200)
        new_site = None
        if mode == "existing":
            site_id = st.selectbox(
                tr("field.site"),
                site_ids,
                format_func=lambda i: site_label(site_by_id[i]),
                key=f"{k}.site_id",
                persist_state="page",
            )
        else:
            site_id = None
            n1, n2 = st.columns(2)
            site_name = n1.text_input(tr("field.name"), key=f"{k}.site_name", persist_state="page")
            address = n2.text_input(tr("field.address"), key=f"{k}.address", persist_state="page")
            n3, n4 = st.columns(2)
            lat = n3.number_input(tr("field.lat"), value=37.5663, format="%.6f", key=f"{k}.lat", persist_state="page")
            lon = n4.number_input(tr("field.lon"), value=126.9779, format="%.6f", key=f"{k}.lon", persist_state="page")
            outside = st.checkbox(tr("visits.outside_seoul"), key=f"{k}.outside_seoul", persist_state="page")
        default_start = (now() + timedelta(days=7)).replace(hour=10, minute=0, second=0, microsecond=0)
        start_end = None
        try:
            start_end = datetime_inputs(k, L, default_start, default_start + timedelta(hours=1))
        except PlannerError as exc:
            show_error(exc)
        f1, f2 = st.columns(2)
        category = f1.selectbox(  # chosen, never defaulted (issue 12)
            tr("field.category"),
            vocab.cat_codes,
            index=None,
            placeholder=tr("plan.category_placeholder"),
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
        purpose = st.text_area(tr("field.purpose"), key=f"{k}.purpose", persist_state="page", height=68)
        attendees = st.text_input(tr("field.attendees"), key=f"{k}.attendees", persist_state="page")
        notes = st.text_area(tr("field.notes"), key=f"{k}.notes", persist_state="page", height=68)
        g1, g2 = st.columns(2)
        public = g1.checkbox(tr("field.public"), key=f"{k}.public", persist_state="page")
        important = g2.checkbox(tr("field.important"), key=f"{k}.important", persist_state="page")
        embargo = embargo_input(k, L, None)
        submitted = st.form_submit_button(tr("visits.save"), type="primary", key="visit_form.submit")
    if submitted:
        st.session_state.pop("visit_form.pending", None)

    def drafted() -> tuple[services.VisitDraft, services.SiteDraft | None]:
        """The visit (and its new site) as the form stands; refused while the category is missing."""
        if category is None:
            raise ValidationError("error.required", field="category")
        assert start_end is not None
        site = None
        if mode == "new":
            site = services.SiteDraft(site_name, float(lat), float(lon), address, None, "other", outside)
        visit = services.VisitDraft(
            title=title,
            site_id=site_id or 0,
            start=start_end[0],
            end=start_end[1],
            category=category,
            status=Status(status),
            purpose=purpose,
            attendees=attendees,
            notes=notes,
            public=public,
            important=important,
            embargo_until=embargo,
        )
        return visit, site

    if submitted and start_end is not None:
        draft = new_site = None
        try:
            draft, new_site = drafted()
            created = services.add_visit(work, draft, new_site=new_site)
            # The rules' warnings (another visit at that time, busy time) come back with the save.
            warning = "  \n".join(problem_text(p) for p in work.warnings) or None
            renew("visit_form")
            flash(tr_text("visits.added", title=created.title), warning)
        except PlannerError as exc:
            # Refused only by scheduling rules: offer to save over them with a reason (below).
            if draft is not None and services.overridable(services.check_draft(work, draft, new_site=new_site)):
                st.session_state["visit_form.pending"] = (draft, new_site)
            else:
                show_error(exc)
    pending = st.session_state.get("visit_form.pending")
    if pending is not None:
        draft, new_site = pending
        # In the form: pressing the button submits what the form shows, which must be what was checked.
        show_problems(services.check_draft(work, draft, new_site=new_site), form)
        reason = override_box("visit_form", form)
        if reason:
            try:
                if start_end is None or drafted() != pending:
                    st.session_state.pop("visit_form.pending", None)
                    st.info(tr("form.changed_after_check"))
                    return
                created = services.add_visit(work, replace(draft, override_reason=reason), new_site=new_site)
                st.session_state.pop("visit_form.pending", None)
                st.session_state.pop("visit_form.override_reason", None)
                renew("visit_form")
                warning = "  \n".join(problem_text(p) for p in work.warnings) or None
                flash(tr_text("visits.added", title=created.title), warning)
            except PlannerError as exc:
                show_error(exc)


def linked_visit() -> int | None:
    """The visit a link opened the log at (``?visit=<id>``), if the link names one."""
    value = st.query_params.get("visit", "")
    return int(value) if value.isdigit() else None


def edit_visit_screen(
    work: UnitOfWork, vocab: Vocabulary, visits: tuple[Visit, ...], sites: list[Site], linked: int | None = None
) -> None:
    """Pick a visit; edit its fields, move it through its statuses, see its history and undo.
    ``linked``: the visit a link just asked for, picked in place of the user's last choice."""
    L = lang()
    site_ids = [s.id for s in sites]
    site_by_id = {s.id: s for s in sites}
    if not visits:
        st.caption(tr("visits.empty"))
    else:
        pickable = visits[:PICK_LIMIT]
        if len(visits) > PICK_LIMIT:
            st.caption(tr("visits.pick_limited", limit=PICK_LIMIT))
        picked = {v.id or 0: f"#{v.id} · {v.start:%Y-%m-%d %H:%M} · {v.title}" for v in pickable}
        if linked in picked:
            st.session_state["visit_edit.id"] = linked
        elif linked is not None:  # never silently another visit: say the linked one is not in this list
            st.warning(tr("visits.link_not_listed", id=linked))
        choice = st.selectbox(
            tr("visits.pick"), list(picked), format_func=picked.__getitem__, key="visit_edit.id", persist_state="page"
        )
        try:
            current = services.get_visit(work, int(choice or 0))
            visit_id = current.id or 0
        except PlannerError as exc:
            show_error(exc)
            st.stop()
        # The version the user opened is remembered until they save or reload: a save made
        # from an older version is refused with a message, never merged or silently dropped.
        seen_versions = st.session_state.setdefault("visit_edit.seen", {})
        seen = seen_versions.setdefault(current.id, current.version)
        if seen != current.version:
            st.warning(tr("visits.changed_elsewhere", version=current.version))
            if st.button(tr("visits.reload"), key=f"visit_edit.{current.id}.reload"):
                seen_versions[current.id] = seen = current.version
        prefix = f"visit_edit.{current.id}.{seen}"
        form = st.form(f"{prefix}.form", enter_to_submit=False)
        with form:
            e_title = st.text_input(
                tr("field.title"), value=current.title, key=f"{prefix}.title", persist_state="page", max_chars=200
            )
            e_site = st.selectbox(
                tr("field.site"),
                site_ids,
                index=site_ids.index(current.site_id),
                format_func=lambda i: site_label(site_by_id[i]),
                key=f"{prefix}.site_id",
                persist_state="page",
            )
            e_times = None
            try:
                e_times = datetime_inputs(prefix, L, current.start, current.end)
            except PlannerError as exc:
                show_error(exc)
            e_category = st.selectbox(
                tr("field.category"),
                vocab.cat_codes,
                index=vocab.cat_codes.index(current.category),
                format_func=vocab.cat_label,
                key=f"{prefix}.category",
                persist_state="page",
            )
            e_purpose = st.text_area(
                tr("field.purpose"), value=current.purpose, key=f"{prefix}.purpose", persist_state="page", height=68
            )
            e_attendees = st.text_input(
                tr("field.attendees"), value=current.attendees, key=f"{prefix}.attendees", persist_state="page"
            )
            e_notes = st.text_area(
                tr("field.notes"), value=current.notes, key=f"{prefix}.notes", persist_state="page", height=68
            )
            h1, h2, h3 = st.columns(3)
            e_public = h1.checkbox(
                tr("field.public"), value=current.public, key=f"{prefix}.public", persist_state="page"
            )
            e_important = h2.checkbox(
                tr("field.important"), value=current.important, key=f"{prefix}.important", persist_state="page"
            )
            e_rank = h3.number_input(
                tr("field.highlight_rank"),
                min_value=0,
                max_value=99,
                value=current.highlight_rank or 0,
                key=f"{prefix}.highlight_rank",
                persist_state="page",
            )
            e_embargo = embargo_input(prefix, L, current.embargo_until)
            saved = st.form_submit_button(tr("visits.save"), type="primary", key=f"{prefix}.submit")
        pending_key = f"{prefix}.pending"
        if saved:
            st.session_state.pop(pending_key, None)
        changes: dict[str, Any] | None = None
        if e_times is not None:  # the changes as the form stands (what the save and the override button send)
            changes = {
                "title": e_title,
                "site_id": e_site,
                "start": e_times[0],
                "end": e_times[1],
                "category": e_category,
                "purpose": e_purpose,
                "attendees": e_attendees,
                "notes": e_notes,
                "public": e_public,
                "important": e_important,
                "highlight_rank": int(e_rank) or None,
                "embargo_until": e_embargo,
            }
        if saved and changes is not None:
            try:
                updated = services.update_visit(work, visit_id, seen, changes)
                seen_versions[current.id] = updated.version
                flash(tr_text("visits.saved", title=updated.title, version=updated.version))
            except PlannerError as exc:
                # Refused only by scheduling rules: offer to save over them with a reason (below).
                if services.overridable(services.check_change(work, visit_id, changes)):
                    st.session_state[pending_key] = changes
                else:
                    show_error(exc)
        pending_changes = st.session_state.get(pending_key)
        if pending_changes is not None:
            # In the form: pressing the button submits what the form shows, which must be what was checked.
            show_problems(services.check_change(work, visit_id, pending_changes), form)
            reason = override_box(prefix, form)
            if reason and changes != pending_changes:
                st.session_state.pop(pending_key, None)
                st.info(tr("form.changed_after_check"))
            elif reason:
                try:
                    updated = services.update_visit(
                        work, visit_id, seen, {**pending_changes, "override_reason": reason}
                    )
                    st.session_state.pop(pending_key, None)
                    seen_versions[current.id] = updated.version
                    flash(tr_text("visits.saved", title=updated.title, version=updated.version))
                except PlannerError as exc:
                    show_error(exc)

        st.markdown(f"**{tr('visits.change_status')}** — {status_label(current.status.value)}")
        st.page_link(
            page_of("pages/visit.py"), label=tr("visit.open_page", id=visit_id), query_params={"id": str(visit_id)}
        )
        # In workflow order, cancel last (issue 12): the default choice is the next step, never the one that ends
        # the visit; cancelling asks for a reason and a confirmation, as on the visit's page. Only the steps the
        # acting user's role may take are offered (issue 13; the core refuses the others anyway).
        options = permitted_transitions(work, current.status)
        if not next_statuses(current.status) and not reopen_statuses(current.status):
            st.caption(tr("visits.no_transition"))
        elif not options and next_statuses(current.status):
            st.caption(tr("visits.no_permission"))
        elif options:
            s1, s2 = st.columns([2, 1])
            new_status = s1.selectbox(
                tr("field.status"),
                options,
                format_func=vocab.status_text,
                key=f"{prefix}.new_status",
                persist_state="page",
                label_visibility="collapsed",
            )
            reason, sure = "", True
            if new_status == Status.CANCELLED.value:
                reason = st.text_input(
                    tr("field.cancel_reason"),
                    key=f"{prefix}.cancel_reason",
                    persist_state="page",
                    help=tr("visit.cancel_reason_help"),
                )
                sure = st.checkbox(tr("visit.cancel_confirm"), key=f"{prefix}.cancel_sure", persist_state="page")
            if s2.button(tr("visits.apply_status"), key=f"{prefix}.apply_status"):
                try:
                    if new_status == Status.CANCELLED.value:
                        if not sure:
                            raise ValidationError("visit.cancel_confirm_needed")
                        updated = services.cancel_visit(work, visit_id, seen, reason)
                    else:
                        updated = services.change_status(work, visit_id, seen, new_status)
                    seen_versions[current.id] = updated.version
                    warning = "  \n".join(problem_text(p) for p in work.warnings) or None
                    message = tr_text(
                        "visit.status_changed",
                        status=status_label(updated.status.value),
                        title=updated.title,
                        version=updated.version,
                    )
                    flash(message, warning)
                except PlannerError as exc:
                    show_error(exc)
        if reopen_statuses(current.status):
            st.caption(tr("visits.reopen_on_page"))

        st.markdown(f"**{tr('history.title')}**")
        history = services.visit_history(work, visit_id)
        if not history:
            st.caption(tr("history.none"))
        field_names = {f: tr(f"field.{f}") for f in domain.EDITABLE_FIELDS}
        if current.override_reason:
            # A save over a blocking scheduling rule keeps its reason with the version it made (issue 11).
            st.caption(tr_text("history.override", version=current.version, reason=current.override_reason))
        may_edit = accounts.may(work, "visit.edit")
        for entry in history[:10]:
            r1, r2 = st.columns([3, 1])
            r1.caption(
                tr_text(  # the name is user text: shown as text, not Markdown
                    "history.entry_by",
                    version=entry.version,
                    new=entry.version + 1,
                    when=entry.replaced_at.strftime("%Y-%m-%d %H:%M"),
                    who=entry.actor or tr("history.local"),
                    fields=", ".join(field_names.get(f, f) for f in entry.changed) or "-",
                )
            )
            if may_edit and r2.button(
                tr("history.restore", version=entry.version), key=f"{prefix}.restore.{entry.version}"
            ):
                try:
                    restored = services.restore_version(work, visit_id, seen, entry.version)
                    seen_versions[current.id] = restored.version
                    flash(tr("history.restored", version=entry.version, new=restored.version))
                except PlannerError as exc:
                    show_error(exc)


def permitted_transitions(work: UnitOfWork, status: Status) -> list[str]:
    """The statuses the visit may move to that the acting user's role may give it (a convenience:
    the core refuses the others whatever the page shows)."""
    return [s.value for s in next_statuses(status) if accounts.may(work, access.status_action(s))]


def category_screen(work: UnitOfWork, vocab: Vocabulary, categories: list[Category]) -> None:
    """The categories, and a form to add one (code, labels, colour, report group)."""
    st.dataframe(
        {
            tr("categories.code"): vocab.cat_codes,
            tr("field.category"): [vocab.cat_label[c] for c in vocab.cat_codes],
            tr("categories.report_group"): [c.report_group for c in categories],
            tr("categories.color"): [c.color for c in categories],
        },
        hide_index=True,
    )
    if not accounts.may(work, "category.add"):  # a convenience: the core refuses other roles anyway
        return
    group_text = labels({g: f"categories.group.{g}" for g in services.REPORT_GROUP_CHOICES})
    k = fresh("category_form")  # a new, empty form after each category added
    with st.form("category_form", enter_to_submit=False):
        k1, k2, k3 = st.columns(3)
        new_code = k1.text_input(tr("categories.code"), key=f"{k}.code", persist_state="page", placeholder="culture")
        new_ko = k2.text_input(tr("categories.label_ko"), key=f"{k}.label_ko", persist_state="page")
        new_en = k3.text_input(tr("categories.label_en"), key=f"{k}.label_en", persist_state="page")
        k4, k5 = st.columns(2)
        new_color = k4.color_picker(tr("categories.color"), value="#7f7f7f", key=f"{k}.color", persist_state="page")
        new_group = k5.selectbox(
            tr("categories.report_group"),
            list(services.REPORT_GROUP_CHOICES),
            index=1,
            format_func=group_text,
            key=f"{k}.report_group",
            persist_state="page",
        )
        add_cat = st.form_submit_button(tr("categories.add"), key="category_form.submit")
    if add_cat:
        try:
            created_cat = services.add_category(work, new_code, new_ko, new_en, new_color, str(new_group))
            renew("category_form")
            flash(tr("categories.added", code=created_cat.code))
        except PlannerError as exc:
            show_error(exc)
