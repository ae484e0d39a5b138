"""Saving a proposal after the plan checks (issue 12, item 3): one flow for ``/plan`` and the week calendar.

A submitted proposal is held in the session (``hold``) and checked with ``services.check_draft`` on every run
until it is saved or dropped (``propose``): blocking problems that a scheduler may override (only scheduling rules:
``services.overridable``) are shown with a reason box and the save goes through with ``override_reason``; other
blocking problems are shown and the proposal is dropped; warnings only are shown first with a "save anyway" button;
no problem saves at once. Every save goes through ``services.add_visit``.

What the screen shows is what is saved: the problems, the reason and "save anyway" are drawn in the proposal's form,
so pressing one submits the form as it stands, and a proposal whose fields changed since its checks (in the form or
outside it: the times, the site) is checked again and needs a new confirmation, never saved as it was held.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import streamlit as st

from planner import services
from planner.domain import PlannerError, Visit
from planner.ui import show_error, tr
from planner.ui.problems import override_box, show_problems
from planner.uow import UnitOfWork


def hold(key: str, draft: services.VisitDraft, new_site: services.SiteDraft | None = None) -> None:
    """Keep ``draft`` (and the new site it creates, if any) as the proposal to check and save (``{key}.pending``)."""
    st.session_state[f"{key}.pending"] = (draft, new_site)


def drop(key: str) -> None:
    """Forget the held proposal (the form was closed or submitted again, or the place changed)."""
    st.session_state.pop(f"{key}.pending", None)


Proposal = tuple[services.VisitDraft, services.SiteDraft | None]


def propose(
    work: UnitOfWork,
    key: str,
    widgets: str,
    draft: services.VisitDraft | None = None,
    new_site: services.SiteDraft | None = None,
    *,
    form: Any = None,
    current: Callable[[], Proposal | None] | None = None,
    submitted: bool = True,
) -> Visit | None:
    """Check the held proposal (``draft`` is held first when given) and save it when the rules and the user allow;
    the created visit, else None. The buttons and the reason field are keyed ``{widgets}.save_anyway``,
    ``{widgets}.override_reason`` and ``{widgets}.override_save``; the session key is ``{key}.pending``.

    What the screen shows is what is saved: with ``form`` (the proposal's form) the problems, the reason and the
    buttons are drawn in it, so pressing "save anyway" submits the form; ``current`` gives the proposal as the
    fields stand now (None while one is empty), and a proposal that no longer matches them is checked again
    (and needs a new confirmation) instead of being saved. ``submitted``: this run is the user's save (the form's
    save button, or an answer that holds the proposal); a held proposal whose problems went away on another run
    (another visit moved meanwhile) is not saved unasked but dropped with a word to save again."""
    if draft is not None:
        hold(key, draft, new_site)
    pending = st.session_state.get(f"{key}.pending")
    if pending is None:
        return None
    box = form if form is not None else st  # the problems, the buttons and what they say: in the form
    changed = False
    if current is not None:
        now = current()
        if now is None:  # a field is empty now, or the site changed: nothing to save until it is saved again
            drop(key)
            box.info(tr("form.changed_after_check"))
            return None
        if now != pending:
            hold(key, *now)
            pending, changed = now, True
    draft, new_site = pending
    try:
        problems = services.check_draft(work, draft, new_site=new_site)
    except PlannerError as exc:
        drop(key)
        show_error(exc)
        return None
    if changed and not problems:  # never saved unasked: the user saves the new values
        drop(key)
        box.info(tr("form.changed_after_check"))
        return None
    if changed:
        box.info(tr("plan.changed_after_check"))
    blocking = [p for p in problems if p.blocking]
    if blocking and services.overridable(problems):
        # Only scheduling rules block: a scheduler may save over them with a stated reason.
        show_problems(problems, box)
        reason = override_box(widgets, form)
        if reason and not changed:
            drop(key)
            return _add(work, replace(draft, override_reason=reason), new_site)
    elif blocking:
        show_problems(problems)
        drop(key)
    elif problems:
        show_problems(problems, box)
        if form is not None:
            pressed = form.form_submit_button(tr("plan.save_anyway"), key=f"{widgets}.save_anyway", type="primary")
        else:
            pressed = st.button(tr("plan.save_anyway"), key=f"{widgets}.save_anyway", type="primary")
        if pressed and not changed:
            drop(key)
            return _add(work, draft, new_site)
    elif submitted:
        drop(key)
        return _add(work, draft, new_site)
    else:  # the problems went away by themselves: the user saves, the page does not
        drop(key)
        box.info(tr("plan.check_cleared"))
    return None


def _add(work: UnitOfWork, draft: services.VisitDraft, new_site: services.SiteDraft | None) -> Visit | None:
    try:
        return services.add_visit(work, draft, new_site=new_site)
    except PlannerError as exc:
        show_error(exc)
        return None
