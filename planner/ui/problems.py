"""Showing what the visit rules (planner.rules) say: every page shows problems the same way."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from planner.domain import OVERRIDE_REASON_MAX
from planner.i18n import error_text
from planner.rules import Problem
from planner.ui import lang, markdown_text, tr


def problem_text(problem: Problem) -> str:
    """One line in the page's language, user text escaped for Markdown."""
    return error_text(problem.error(), lang(), quote=markdown_text)


def show_problems(problems: Iterable[Problem]) -> None:
    """Blocking problems as errors, warnings as warnings, one line each."""
    for problem in problems:
        if problem.blocking:
            st.error(problem_text(problem))
        else:
            st.warning(f"{tr('rule.warning_prefix')}: {problem_text(problem)}")


def override_box(key: str) -> str | None:
    """After a save refused by blocking scheduling problems (``services.overridable``): a reason field and a
    button; the stated reason (stripped) when the button is pressed with one, else None. The caller saves with
    ``override_reason`` through the change path, as the CLI's ``--override REASON`` does."""
    st.info(tr("override.hint"))
    reason = st.text_input(tr("field.override_reason"), key=f"{key}.override_reason", max_chars=OVERRIDE_REASON_MAX)
    if st.button(tr("override.save"), key=f"{key}.override_save", type="primary"):
        if reason.strip():
            return reason.strip()
        st.error(tr("override.reason_required"))
    return None
