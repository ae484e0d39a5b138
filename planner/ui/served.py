"""What the app's own server serves beside the pages: the calendar feeds (``/feeds/<token>.ics``).

``streamlit_app.py`` hands these routes to ``st.App``. They run outside any browser session and
take the app's engine for the configured database (the same one the pages use, made on the app's
first start if need be) on their first request. The access log never shows a whole token.
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine
from starlette.routing import Route

from planner import config, feed_server, services
from planner.ui import _ready_engine


def _engine() -> Engine:
    return _ready_engine(config.database_url(), services.system_clock())[0]


def feed_routes() -> list[Route]:
    logging.getLogger("uvicorn.access").addFilter(feed_server.RedactTokens())
    return feed_server.feed_routes(_engine)
