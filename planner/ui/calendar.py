"""The week/month calendar component (issue 12): FullCalendar's standard bundle (MIT, vendored in
``calendar_frontend/``) behind Streamlit's component protocol, served by the app, so it works offline.

It replaced the ``streamlit-calendar`` package, whose build (870 kB) also carried FullCalendar's premium
plugins under a non-commercial licence; this one loads 284 kB and only MIT code. It takes the same
arguments and returns the same value (``planner.week_view.action_of`` reads it)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import streamlit.components.v1 as components

FRONTEND = Path(__file__).resolve().parent / "calendar_frontend"
# Streamlit names the component after this module: its iframe's title is "planner.ui.calendar.calendar".
_component = components.declare_component("calendar", path=str(FRONTEND))
IFRAME_TITLE = "planner.ui.calendar.calendar"


def calendar(
    events: Sequence[dict[str, Any]],
    options: dict[str, Any],
    custom_css: str = "",
    callbacks: Sequence[str] = ("dateClick", "eventClick", "eventChange"),
    key: str | None = None,
) -> Any:
    """Draw the calendar; returns the last thing the user did in it (``{"callback": ..., ...}``) or None."""
    return _component(events=list(events), options=options, custom_css=custom_css, callbacks=list(callbacks), key=key)
