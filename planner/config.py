"""Every setting of the planner, declared once: name, environment variable, default, help.

The README's settings table is checked against this table by a test, so a setting cannot exist
without being documented. Values come from the environment (and nothing else) so that the app,
the CLI and the feed server read the same configuration.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_DB_PATH = DATA_DIR / "planner.db"


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    help: str
    parse: Callable[[str], object] = str


def _positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise ValueError(f"must be positive: {text}")
    return value


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise ValueError(f"must not be negative: {text}")
    return value


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "database_url",
        "PLANNER_DATABASE_URL",
        f"sqlite:///{DEFAULT_DB_PATH}",
        "SQLAlchemy URL of the database. Default: the SQLite file data/planner.db in the project "
        "(anchored to the project, not the working directory). PostgreSQL for a team: "
        "postgresql+psycopg2://user:pass@host/db",
    ),
    Setting(
        "language",
        "PLANNER_LANGUAGE",
        "ko",
        "Default interface language: ko or en (each user can switch in the sidebar).",
    ),
    Setting(
        "sample_on_first_start",
        "PLANNER_SAMPLE_ON_FIRST_START",
        "1",
        "Load the sample data from data/ when the app starts on an empty database (1 or 0).",
    ),
    Setting(
        "base_url",
        "PLANNER_BASE_URL",
        "http://localhost:8501",
        "Address where staff reach the app; used for links back to a visit (calendar exports).",
    ),
    Setting(
        "tiles",
        "PLANNER_TILES",
        "openstreetmap",
        "Basemap tiles for the map: 'openstreetmap', a URL template with {z}/{x}/{y}, or 'none' "
        "(no tile requests at all; the district outlines are the basemap).",
    ),
    Setting(
        "tiles_attribution",
        "PLANNER_TILES_ATTRIBUTION",
        "&copy; OpenStreetMap contributors",
        "Attribution shown for a custom tile URL template.",
    ),
    Setting(
        "geocoder",
        "PLANNER_GEOCODER",
        "nominatim",
        "Geocoder for the place search: 'nominatim' (geopy) or 'offline' (registered sites and district names only).",
    ),
    Setting(
        "geocoder_user_agent",
        "PLANNER_GEOCODER_USER_AGENT",
        "seoul-visit-planner",
        "User agent sent to the online geocoder.",
    ),
    Setting(
        "geocoder_timeout",
        "PLANNER_GEOCODER_TIMEOUT",
        "3",
        "Seconds to wait for the online geocoder before falling back to offline search.",
        _positive_float,
    ),
    Setting(
        "geocoder_min_delay",
        "PLANNER_GEOCODER_MIN_DELAY",
        "1",
        "Minimum seconds between two online geocoder requests (rate limit).",
        _positive_float,
    ),
    Setting(
        "public_holdback_days",
        "PLANNER_PUBLIC_HOLDBACK_DAYS",
        "0",
        "Public calendar: publish a visit only this many days before it starts (0 = no hold-back).",
        _non_negative_int,
    ),
    Setting(
        "ics_max_bytes",
        "PLANNER_ICS_MAX_BYTES",
        "5000000",
        "Largest iCalendar file accepted for import, in bytes.",
        _non_negative_int,
    ),
    Setting(
        "feed_base_url",
        "PLANNER_FEED_BASE_URL",
        "http://127.0.0.1:8765",
        "Address where the calendar feed server is reached; used in the subscription URLs printed.",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str, environ: Mapping[str, str] | None = None) -> object:
    """Return the parsed value of one setting, from ``environ`` (default: the process environment)."""
    setting = _BY_NAME[name]
    env = os.environ if environ is None else environ
    raw = env.get(setting.env, "").strip() or setting.default
    try:
        return setting.parse(raw)
    except ValueError as exc:
        raise ValueError(f"{setting.env}: {exc}") from exc


def database_url(environ: Mapping[str, str] | None = None) -> str:
    return str(get("database_url", environ))
