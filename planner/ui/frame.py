"""The app's frame: page config, language, database and the navigation around the pages.

``streamlit_app.py`` calls ``run()``. The benchmarks call ``run(default=...)`` with an empty
page in place of the home page, so "an empty page of the app" pays the same frame as every page.
Page icons are Material Symbols (``:material/...:``): Streamlit ships that font with its own
files, so they draw on any machine, where emoji showed as empty boxes on a browser with no emoji
font. The tab's icon stays the emoji ``page_icon``, which Streamlit inlines as an SVG data URL
(checked in Chromium: no request leaves the app's host).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

import streamlit as st

from planner.domain import DatabaseUnavailable
from planner.ui import choose_language, engine, language_selector, run_pages, run_unit_of_work, show_error, tr
from planner.ui.identity import sidebar

ROOT = Path(__file__).resolve().parents[2]

# (file under pages/, title key, icon, url path); the first one is the default page at "/". In the
# sidebar they are grouped under SECTIONS (in this order), all shown: Streamlit folds a long list
# behind an English-only "View 5 more".
PAGES: tuple[tuple[str, str, str, str], ...] = (
    ("home.py", "nav.home", ":material/home:", ""),
    ("plan.py", "nav.plan", ":material/map:", "plan"),
    ("day.py", "nav.day", ":material/route:", "day"),
    ("week.py", "nav.week", ":material/calendar_view_week:", "week"),
    ("visits.py", "nav.visits", ":material/list_alt:", "visits"),
    ("visit.py", "nav.visit", ":material/search:", "visit"),
    ("calendar.py", "nav.calendar", ":material/calendar_month:", "calendar"),
    ("council.py", "nav.council", ":material/handshake:", "council"),
    ("ledger.py", "nav.ledger", ":material/checklist:", "ledger"),
    ("registry.py", "nav.registry", ":material/contacts:", "registry"),
    # Issue 14: the work report's sections 2 and 3, and the briefing pack of a visit.
    ("briefing.py", "nav.briefing", ":material/print:", "briefing"),
    ("stats.py", "nav.stats", ":material/bar_chart:", "stats"),
    ("report.py", "nav.report", ":material/description:", "report"),
    ("work_report.py", "nav.work_report", ":material/summarize:", "work_report"),
    ("sites.py", "nav.sites", ":material/location_city:", "sites"),  # issue 12: edit, merge, publishable
    ("admin.py", "nav.admin", ":material/admin_panel_settings:", "admin"),
)
# The sidebar's sections: title key, then the url paths of its pages.
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("nav.section_schedule", ("", "plan", "day", "week", "visits", "visit", "calendar")),
    ("nav.section_council", ("council", "ledger", "registry", "briefing")),
    ("nav.section_reports", ("stats", "report", "work_report")),
    ("nav.section_admin", ("sites", "admin")),
)
# Pages opened by links, not from the sidebar: one visit's page needs ``?id=`` (issue 12).
HIDDEN = frozenset({"visit"})


# Streamlit sets ``word-break: break-word`` on its headings and text, hence the ``!important``.
KOREAN_LINE_BREAKS = "body, body *{word-break:keep-all !important;overflow-wrap:break-word}"


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


def app_sections(stand_in: Callable[[], None] | None = None, at: tuple[str, ...] = ()) -> dict[str, list]:
    """``app_pages`` grouped under the sidebar's section titles (``SECTIONS``)."""
    by_path = {url_path: page for (*_, url_path), page in zip(PAGES, app_pages(stand_in, at), strict=True)}
    return {tr(title): [by_path[path] for path in paths] for title, paths in SECTIONS}


def pages_by_file(sections: dict[str, list]) -> dict[str, object]:
    """``"pages/visit.py"`` -> its page in ``sections`` (for ``planner.ui.page_of``)."""
    files = {url_path: f"pages/{file}" for file, _, _, url_path in PAGES}
    by_path = {page.url_path: page for pages in sections.values() for page in pages}
    return {files[path]: by_path[path] for path in files if path in by_path}


def run(default: Callable[[], None] | None = None, at: tuple[str, ...] = ("",)) -> None:
    """The frame around the page the URL names. ``default`` (benchmarks): an empty page in place
    of the pages at the URL paths ``at`` ("" is the home page), with their titles and addresses."""
    st.set_page_config(page_title="현장방문 플래너 · Field-visit planner", page_icon="🗺️", layout="wide")
    # Korean lines break between words, never inside one ("감/사", "8/회" at 390 px); a long unbroken
    # string (an address, a URL) still wraps rather than run off the screen.
    st.html(f"<style>{KOREAN_LINE_BREAKS}</style>")
    choose_language()  # the session's language (from the URL on a first visit), before any title
    try:
        engine()  # schema, reference data and first-start sample data before any page runs
    except DatabaseUnavailable as exc:  # one line saying what is wrong with the database, and where
        language_selector()
        show_error(exc)
        st.stop()
    sections = app_sections(default, at)
    navigation = st.navigation(sections, expanded=True)
    if navigation.url_path != "visits":
        # A link to a visit in the log (/visits?visit=<id>) acts once per arrival on the log: leaving the page
        # arms it again, so following the same link later opens that visit again (pages/visits.py).
        st.session_state.pop("visits.link_handled", None)
    # The sidebar's widgets come after st.navigation has chosen the page: Streamlit gives a widget
    # an identity that includes the page being run, which on a session's first run is not known
    # before st.navigation; a widget drawn earlier changed identity between the first and second
    # run and dropped the user's first click (the language stayed Korean).
    language_selector()
    st.sidebar.caption(tr("app.subtitle"))
    try:
        with run_unit_of_work() as work, run_pages(pages_by_file(sections)):  # shared by the sidebar and the page
            sidebar(work)  # who the app acts as (issue 13); stops at the sign-in button when OIDC wants one
            navigation.run()
    except DatabaseUnavailable as exc:  # e.g. the file deleted, or a server gone, while the app runs
        show_error(exc)
