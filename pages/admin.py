"""Admin: users and their roles, and the audit trail with filters and a CSV download (issue 13).

Shown to admins (and to everyone in local mode, where everyone holds every permission); the core
refuses any change from another role whatever this page shows."""

import json
from datetime import timedelta

import streamlit as st

from planner import access, accounts
from planner.access import ROLES
from planner.domain import PlannerError
from planner.tabular import csv_bytes
from planner.ui import Labels, ensure_frame, flash, labels, show_error, show_flash, tr, uow

ensure_frame()
work = uow()
st.title(tr("admin.title"))
show_flash()
if not accounts.may(work, "user.add"):
    st.info(tr("admin.not_allowed"))
    st.stop()

role_text = labels({r.value: f"role.{r.value}" for r in ROLES})
users_tab, audit_tab = st.tabs([tr("admin.users"), tr("admin.audit")])

with users_tab:
    users = accounts.list_users(work)
    if users:
        st.dataframe(
            {
                tr("admin.name"): [u.name for u in users],
                tr("admin.display_name"): [u.display_name for u in users],
                tr("admin.role"): [role_text(u.role.value) for u in users],
                tr("admin.active"): [u.active for u in users],
                tr("admin.created"): [u.created_at.strftime("%Y-%m-%d %H:%M") for u in users],
            },
            hide_index=True,
        )
    else:
        st.caption(tr("admin.no_users"))
    with st.form("admin.add_user", enter_to_submit=False):
        a1, a2, a3 = st.columns(3)
        name = a1.text_input(tr("admin.name"), key="admin.add.name")
        display = a2.text_input(tr("admin.display_name"), key="admin.add.display_name")
        role = a3.selectbox(
            tr("admin.role"),
            [r.value for r in ROLES],
            index=len(ROLES) - 1,
            format_func=role_text,
            key="admin.add.role",
        )
        if st.form_submit_button(tr("admin.add_user"), key="admin.add.submit"):
            try:
                added = accounts.add_user(work, name, str(role), display)
                flash(tr("admin.user_added", name=added.name))
            except PlannerError as exc:
                show_error(exc)
    if users:
        with st.form("admin.set_role", enter_to_submit=False):
            b1, b2, b3 = st.columns(3)
            who = b1.selectbox(tr("admin.name"), [u.name for u in users], key="admin.role.name")
            new_role = b2.selectbox(
                tr("admin.role"), [r.value for r in ROLES], format_func=role_text, key="admin.role.role"
            )
            active = b3.checkbox(tr("admin.active"), value=True, key="admin.role.active")
            if st.form_submit_button(tr("admin.set_role"), key="admin.role.submit"):
                try:
                    changed = accounts.set_role(work, str(who), str(new_role), active)
                    flash(tr("admin.role_set", name=changed.name, role=role_text(changed.role.value)))
                except PlannerError as exc:
                    show_error(exc)

with audit_tab:
    st.caption(tr("admin.audit_note"))
    today = work.now.date()
    f1, f2, f3, f4 = st.columns(4)
    first = f1.date_input(
        tr("admin.from"), value=today - timedelta(days=30), format="YYYY-MM-DD", key="admin.audit.from"
    )
    last = f2.date_input(tr("admin.to"), value=today, format="YYYY-MM-DD", key="admin.audit.to")
    everything = tr("admin.all")  # a format_func may run outside the script run: translated here
    actors = [""] + [u.name for u in accounts.list_users(work)]
    actor = f3.selectbox(tr("admin.actor"), actors, format_func=lambda a: a or everything, key="admin.audit.actor")
    kinds = [
        "", "visit", "site", "category", "councillor", "notice", "suggestion", "ledger_item", "ledger_note", "feed",
        "user", "database",
    ]  # fmt: skip
    entity = f4.selectbox(
        tr("admin.entity"),
        kinds,
        format_func=Labels({"": everything, **labels({k: f"entity.{k}" for k in kinds if k})}),
        key="admin.audit.entity",
    )
    try:
        entries = accounts.list_audit(work, first, last, actor or None, entity or None)
    except PlannerError as exc:
        show_error(exc)
        st.stop()
    st.caption(tr("admin.audit_count", count=len(entries)))
    records = [
        {
            **accounts.audit_record(e),
            "before": "" if e.before is None else json.dumps(e.before, ensure_ascii=False, sort_keys=True),
            "after": "" if e.after is None else json.dumps(e.after, ensure_ascii=False, sort_keys=True),
        }
        for e in reversed(entries)  # newest first on screen
    ]
    if records:
        # On screen: headers and record kinds in the page's language, time to the second; the CSV keeps the codes.
        kind_text = labels({k: f"entity.{k}" for k in kinds if k})
        action_text = labels({a: f"action.{a}" for a in access.PERMISSIONS})
        shown = list(reversed(entries))
        st.dataframe(
            {
                tr("admin.col.at"): [f"{e.at:%Y-%m-%d %H:%M:%S}" for e in shown],
                tr("admin.actor"): [e.actor or "-" for e in shown],
                tr("admin.col.action"): [action_text(e.action) for e in shown],
                tr("admin.entity"): [kind_text(e.entity) for e in shown],
                tr("admin.col.entity_id"): ["" if e.entity_id is None else str(e.entity_id) for e in shown],
                tr("admin.col.before"): [r["before"] for r in records],
                tr("admin.col.after"): [r["after"] for r in records],
            },
            hide_index=True,
            width="stretch",
        )
    st.download_button(
        tr("admin.download_csv"),
        lambda: csv_bytes(list(reversed(records)), list(accounts.AUDIT_COLUMNS)),
        file_name="audit.csv",
        mime="text/csv",
        key="admin.audit.download",
        on_click="ignore",
    )
