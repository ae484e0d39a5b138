"""The app's frame: page config, language, database, and the navigation around the pages."""

import streamlit as st

from planner.ui import engine, language_selector, tr

st.set_page_config(page_title="현장방문 플래너 · Field-visit planner", page_icon="🗺️", layout="wide")

language_selector()
engine()  # schema, reference data and first-start sample data before any page runs

st.sidebar.caption(tr("app.subtitle"))

PAGES = [
    st.Page("pages/home.py", title=tr("nav.home"), icon="🏠", default=True),
    st.Page("pages/visits.py", title=tr("nav.visits"), icon="📋", url_path="visits"),
]

st.navigation(PAGES).run()
