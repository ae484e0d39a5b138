"""Showing what the visit rules (planner.rules) say: every page shows problems the same way."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

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
