"""Saving a proposal after the plan checks (issue 12, item 3): one flow for ``/plan`` and the week calendar.

A submitted proposal is held in the session (``hold``) and checked with ``services.check_draft`` on every run
until it is saved or dropped (``propose``): blocking problems that a scheduler may override (only scheduling rules:
``services.overridable``) are shown with a reason box and the save goes through with ``override_reason``; other
blocking problems are shown and the proposal is dropped; warnings only are shown first with a "save anyway" button;
no problem saves at once. Every save goes through ``services.add_visit``.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from planner import services
from planner.domain import PlannerError, Visit
from planner.ui import show_error, tr
from planner.ui.problems import override_box, show_problems
from planner.uow import UnitOfWork


def hold(key: str, draft: services.VisitDraft, new_site: services.SiteDraft | None = None) -> None:
    """Keep ``draft`` (and the new site it creates, if any) as the proposal to check and save (``{key}.pending``)."""
    st.session_state[f"{key}.pending"] = (draft, new_site)
    st.session_state[f"{key}.pending_checked"] = False
    st.session_state.pop(f"{key}.fields", None)


def drop(key: str) -> None:
    """Forget the held proposal (the form was closed or submitted again, or the place changed)."""
    for name in ("pending", "pending_checked", "fields"):
        st.session_state.pop(f"{key}.{name}", None)


def follow(key: str, fields: object) -> bool:
    """Drop the held proposal when ``fields`` (what the user can still change outside the submitted form: the
    times, the site) are no longer what they were when it was held, so "save anyway" never saves a draft the
    screen no longer shows. Call it on every run, after any ``hold`` of that run; True when it dropped one."""
    if st.session_state.get(f"{key}.pending") is None:
        return False
    held = st.session_state.setdefault(f"{key}.fields", fields)
    if held == fields:
        return False
    drop(key)
    return True


def propose(
    work: UnitOfWork,
    key: str,
    widgets: str,
    draft: services.VisitDraft | None = None,
    new_site: services.SiteDraft | None = None,
) -> Visit | None:
    """Check the held proposal (``draft`` is held first when given) and save it when the rules and the user allow;
    the created visit, else None. The buttons and the reason field are keyed ``{widgets}.save_anyway``,
    ``{widgets}.override_reason`` and ``{widgets}.override_save``; the session keys are ``{key}.pending`` and
    ``{key}.pending_checked``."""
    if draft is not None:
        hold(key, draft, new_site)
    pending = st.session_state.get(f"{key}.pending")
    if pending is None:
        return None
    draft, new_site = pending
    try:
        problems = services.check_draft(work, draft, new_site=new_site)
    except PlannerError as exc:
        st.session_state.pop(f"{key}.pending", None)
        show_error(exc)
        return None
    blocking = [p for p in problems if p.blocking]
    if blocking and services.overridable(problems):
        # Only scheduling rules block: a scheduler may save over them with a stated reason.
        show_problems(problems)
        reason = override_box(widgets)
        if reason:
            st.session_state.pop(f"{key}.pending", None)
            return _add(work, replace(draft, override_reason=reason), new_site)
    elif blocking:
        show_problems(problems)
        st.session_state.pop(f"{key}.pending", None)
    elif problems and not st.session_state.get(f"{key}.pending_checked"):
        show_problems(problems)
        if st.button(tr("plan.save_anyway"), key=f"{widgets}.save_anyway", type="primary"):
            st.session_state[f"{key}.pending_checked"] = True
            st.rerun()
    else:
        st.session_state.pop(f"{key}.pending", None)
        return _add(work, draft, new_site)
    return None


def _add(work: UnitOfWork, draft: services.VisitDraft, new_site: services.SiteDraft | None) -> Visit | None:
    try:
        return services.add_visit(work, draft, new_site=new_site)
    except PlannerError as exc:
        show_error(exc)
        return None
