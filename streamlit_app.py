"""The app: ``python -m streamlit run streamlit_app.py``. The frame lives in planner/ui/frame.py."""

from planner.ui.frame import run

run()
