"""The app's frame: page config, language, database and the navigation around the pages.

``streamlit_app.py`` calls ``run()``. The benchmarks call ``run(default=...)`` with an empty
page in place of the home page, so "an empty page of the app" pays the same frame as every page.
Icons are emoji on purpose: a ``:material/...:`` page icon becomes a favicon that the browser
fetches from Google's font servers, which a separated network does not reach.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

import streamlit as st

from planner.domain import DatabaseUnavailable
from planner.ui import engine, language_selector, show_error, tr

ROOT = Path(__file__).resolve().parents[2]

# (file under pages/, title key, icon, url path); the first one is the default page at "/".
PAGES: tuple[tuple[str, str, str, str], ...] = (
    ("home.py", "nav.home", "🏠", ""),
    ("plan.py", "nav.plan", "🗺️", "plan"),
    ("day.py", "nav.day", "🚗", "day"),
    ("week.py", "nav.week", "🗓️", "week"),
    ("visits.py", "nav.visits", "📋", "visits"),
    ("council.py", "nav.council", "🤝", "council"),
    ("calendar.py", "nav.calendar", "📅", "calendar"),
    ("stats.py", "nav.stats", "📊", "stats"),
    ("report.py", "nav.report", "📝", "report"),
    ("visit.py", "nav.visit", "🔎", "visit"),
)
# Pages opened by links, not from the sidebar: one visit's page needs ``?id=`` (issue 12).
HIDDEN = frozenset({"visit"})


def app_pages(stand_in: Callable[[], None] | None = None, at: tuple[str, ...] = ()) -> list:
    """The navigation's pages; ``stand_in`` (benchmarks) replaces the pages at the URL paths
    ``at`` ("" is the home page), keeping their titles, icons and addresses."""
    pages = []
    for i, (file, title, icon, url_path) in enumerate(PAGES):
        page = stand_in if stand_in is not None and url_path in at else str(ROOT / "pages" / file)
        if i == 0:
            pages.append(st.Page(page, title=tr(title), icon=icon, default=True))
        else:
            hidden = url_path in HIDDEN
            visibility: Literal["visible", "hidden"] = "hidden" if hidden else "visible"
            pages.append(st.Page(page, title=tr(title), icon=icon, url_path=url_path, visibility=visibility))
    return pages


def run(default: Callable[[], None] | None = None, at: tuple[str, ...] = ("",)) -> None:
    """The frame around the page the URL names. ``default`` (benchmarks): an empty page in place
    of the pages at the URL paths ``at`` ("" is the home page), with their titles and addresses."""
    st.set_page_config(page_title="현장방문 플래너 · Field-visit planner", page_icon="🗺️", layout="wide")
    language_selector()
    try:
        engine()  # schema, reference data and first-start sample data before any page runs
    except DatabaseUnavailable as exc:  # one line saying what is wrong with the database, and where
        show_error(exc)
        st.stop()
    st.sidebar.caption(tr("app.subtitle"))
    try:
        st.navigation(app_pages(default, at)).run()
    except DatabaseUnavailable as exc:  # e.g. the file deleted, or a server gone, while the app runs
        show_error(exc)
