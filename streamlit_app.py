"""The app: ``python -m streamlit run streamlit_app.py``. The frame lives in planner/ui/frame.py.

``streamlit run`` first imports this file to look for a server (``app`` below): the app's pages
and, beside them on the same address, the calendar feeds at ``/feeds/<token>.ics``. Then every
browser session runs this file as the app's script, which draws the frame and the page.
"""

from streamlit.runtime.scriptrunner import get_script_run_ctx

if get_script_run_ctx() is None:  # imported to find the server, not run for a browser session
    import streamlit as st

    from planner.ui.served import feed_routes

    app = st.App(__file__, routes=feed_routes())
else:
    from planner.ui.frame import run

    run()
