"""Showing what the visit rules (planner.rules) say: every page shows problems the same way."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import streamlit as st

from planner.domain import OVERRIDE_REASON_MAX
from planner.i18n import error_text
from planner.rules import Problem
from planner.ui import lang, markdown_text, tr


def problem_text(problem: Problem) -> str:
    """One line in the page's language, user text escaped for Markdown."""
    return error_text(problem.error(), lang(), quote=markdown_text)


def show_problems(problems: Iterable[Problem], where: Any = None) -> None:
    """Blocking problems as errors, warnings as warnings, one line each (in ``where``, e.g. a form; else the page)."""
    box = where if where is not None else st
    for problem in problems:
        if problem.blocking:
            box.error(problem_text(problem))
        else:
            box.warning(f"{tr('rule.warning_prefix')}: {problem_text(problem)}")


def override_box(key: str, form: Any = None) -> str | None:
    """After a save refused by blocking scheduling problems (``services.overridable``): a reason field and a
    button; the stated reason (stripped) when the button is pressed with one, else None. The caller saves with
    ``override_reason`` through the change path, as the CLI's ``--override REASON`` does.

    With ``form`` (the form of the refused record) the field and the button are drawn in that form, so pressing
    the button submits what the form shows: the caller compares it with what was checked (what the screen shows
    is what is saved) and checks it again when it differs."""
    box = form if form is not None else st
    box.info(tr("override.hint"))
    reason = box.text_input(tr("field.override_reason"), key=f"{key}.override_reason", max_chars=OVERRIDE_REASON_MAX)
    if form is not None:
        pressed = form.form_submit_button(tr("override.save"), key=f"{key}.override_save", type="primary")
    else:
        pressed = st.button(tr("override.save"), key=f"{key}.override_save", type="primary")
    if pressed:
        if reason.strip():
            return reason.strip()
        box.error(tr("override.reason_required"))
    return None
