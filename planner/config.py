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


def _non_negative_float(text: str) -> float:
    value = float(text)
    if value < 0:
        raise ValueError(f"must not be negative: {text}")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise ValueError(f"must be positive: {text}")
    return value


def _hour(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 24:
        raise ValueError(f"hour out of range 0-24: {text}")
    return value


def _speed_bands(text: str) -> tuple[tuple[int, int, float], ...]:
    """``07-09=18,17-19=18,22-06=35,*=24`` -> ((7, 9, 18.0), ..., (0, 24, 24.0)); the ``*`` band is last.

    A band ``a-b`` covers the hours a <= h < b; ``22-06`` wraps past midnight. The first band that
    covers an hour gives its speed; ``*`` (required) covers the rest.
    """
    bands: list[tuple[int, int, float]] = []
    fallback: float | None = None
    for part in filter(None, (p.strip() for p in text.split(","))):
        hours, sep, speed_text = part.partition("=")
        if not sep:
            raise ValueError(f"expected HH-HH=KMH or *=KMH: {part}")
        speed = _positive_float(speed_text.strip())
        if hours.strip() == "*":
            fallback = speed
            continue
        start, dash, end = hours.partition("-")
        if not dash:
            raise ValueError(f"expected HH-HH=KMH: {part}")
        bands.append((_hour(start.strip()), _hour(end.strip()), speed))
    if fallback is None:
        raise ValueError(f"a '*=KMH' band for the other hours is required: {text}")
    return (*bands, (0, 24, fallback))


def _lat_lon(text: str) -> tuple[float, float]:
    lat_text, sep, lon_text = text.partition(",")
    if not sep:
        raise ValueError(f"expected LAT,LON: {text}")
    lat, lon = float(lat_text), float(lon_text)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"not a latitude,longitude: {text}")
    return lat, lon


def _clock(text: str) -> tuple[int, int]:
    hour_text, sep, minute_text = text.strip().partition(":")
    hour, minute = int(hour_text), int(minute_text or "0")
    if not (0 <= hour <= 24 and 0 <= minute < 60 and (hour, minute) <= (24, 0)):
        raise ValueError(f"not a time of day: {text}")
    return hour, minute


def _work_hours(text: str) -> tuple[tuple[int, int], tuple[int, int]]:
    start_text, sep, end_text = text.partition("-")
    if not sep:
        raise ValueError(f"expected HH:MM-HH:MM: {text}")
    start, end = _clock(start_text), _clock(end_text)
    if end <= start:
        raise ValueError(f"the end must be after the start: {text}")
    return start, end


SCHEDULING_RULES = ("overlap", "busy", "travel", "holiday", "weekend", "hours", "daily_limit")
_DEFAULT_RULE_SEVERITY = (
    "holiday=blocking,weekend=warning,hours=warning,daily_limit=blocking,travel=blocking,overlap=warning,busy=warning"
)


def _rule_severity(text: str) -> dict[str, str]:
    """``rule=blocking|warning`` pairs; rules not named keep their default severity."""
    result: dict[str, str] = {}
    for spec in (_DEFAULT_RULE_SEVERITY, text):
        for part in filter(None, (p.strip() for p in spec.split(","))):
            rule, sep, severity = (x.strip().lower() for x in part.partition("="))
            if not sep or rule not in SCHEDULING_RULES:
                raise ValueError(f"expected RULE=blocking|warning with RULE in {', '.join(SCHEDULING_RULES)}: {part}")
            if severity not in ("blocking", "warning"):
                raise ValueError(f"severity must be blocking or warning: {part}")
            result[rule] = severity
    return result


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
        "none",
        "Basemap tiles for the map: 'none' (default, for a separated network: no tile requests at all; "
        "the district outlines are the basemap), 'openstreetmap', or a (city) tile server's URL template "
        "with {z}/{x}/{y}.",
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
        "offline",
        "Geocoder for the place search: 'offline' (default: registered sites and district names only) or "
        "'nominatim' / another geopy service (online, opt-in).",
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
        "",
        "Address where staff reach the calendar feeds, used in the subscription URLs; empty: the app's "
        "own address (PLANNER_BASE_URL), which serves them at /feeds/<token>.ics.",
    ),
    # ---- scheduling (issue 11): the offline travel model and the planning rules
    Setting(
        "travel_detour_factor",
        "PLANNER_TRAVEL_DETOUR_FACTOR",
        "1.3",
        "Road distance / straight-line (geodesic) distance. 1.3 is the usual circuity of a dense city's "
        "street grid (measured factors for cities are about 1.2-1.4); raise it for districts cut by the Han river.",
        _positive_float,
    ),
    Setting(
        "travel_speed_kmh",
        "PLANNER_TRAVEL_SPEED_KMH",
        "07-09=18,17-19=18,22-06=35,*=24",
        "Driving speed by hour of departure, km/h: HH-HH=KMH bands (a-b covers a <= hour < b, 22-06 wraps) "
        "and *=KMH for the other hours. The defaults follow the order of magnitude of Seoul's published "
        "traffic speeds (TOPIS: low-to-mid 20s km/h by day, slower in the morning and evening rush, faster at night).",
        _speed_bands,
    ),
    Setting(
        "stop_buffer_minutes",
        "PLANNER_STOP_BUFFER_MINUTES",
        "10",
        "Minutes added to every drive that arrives at a visit: parking, security, walking in.",
        _non_negative_float,
    ),
    Setting(
        "day_base",
        "PLANNER_DAY_BASE",
        "37.566295,126.977945",
        "Where the day's route starts and ends, LAT,LON. Default: Seoul City Hall.",
        _lat_lon,
    ),
    Setting(
        "work_hours",
        "PLANNER_WORK_HOURS",
        "09:00-18:00",
        "Working hours, HH:MM-HH:MM (Seoul time): visits outside them break the 'hours' rule, and they are "
        "the default window in which the day's best order may move a flexible visit.",
        _work_hours,
    ),
    Setting(
        "daily_limit",
        "PLANNER_DAILY_LIMIT",
        "5",
        "Most field visits on one day ('daily_limit' rule). Five leaves the mayor room for the office "
        "work of the day; the week plan never goes over it.",
        _positive_int,
    ),
    Setting(
        "coverage_days",
        "PLANNER_COVERAGE_DAYS",
        "90",
        "Coverage goal: every one of the 25 districts visited at least once in this many days (one quarter). "
        "The week plan proposes visits only in districts not visited within it.",
        _positive_int,
    ),
    Setting(
        "rule_severity",
        "PLANNER_RULE_SEVERITY",
        _DEFAULT_RULE_SEVERITY,
        "RULE=blocking|warning for the scheduling rules; rules not named keep their default. Blocking by "
        "default: what cannot happen or is policy (a public holiday, more visits than the daily limit, not "
        "enough time to drive between two visits). Warning: what a scheduler may choose knowingly (weekends, "
        "outside working hours, two overlapping visits such as a joint event, imported busy time that may be "
        "tentative).",
        _rule_severity,
    ),
    Setting(
        "notice_days",
        "PLANNER_NOTICE_DAYS",
        "3",
        "Council notices: a confirmed visit starting within this many days whose councillors have not all been "
        "sent their notice is warned about on the home page and the day view (and is the default window of "
        "`notices pending`).",
        _non_negative_int,
    ),
    # ---- Issue 13: identity (planner/ui/identity.py).
    Setting(
        "auth_header",
        "PLANNER_AUTH_HEADER",
        "",
        "The request header a trusted reverse proxy puts the signed-in user's name in (e.g. X-Forwarded-User); "
        "empty: no proxy sign-in. Honoured only from PLANNER_TRUSTED_PROXIES.",
    ),
    Setting(
        "trusted_proxies",
        "PLANNER_TRUSTED_PROXIES",
        "127.0.0.1,::1",
        "Addresses or networks (comma-separated, e.g. 10.0.0.5,10.1.0.0/16) whose PLANNER_AUTH_HEADER is believed; "
        "a request from anywhere else is not signed in.",
    ),
    Setting(
        "auth_claim",
        "PLANNER_AUTH_CLAIM",
        "email",
        "With st.login (OpenID Connect): the claim of the signed-in user that names them as a planner user.",
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


def is_set(name: str, environ: Mapping[str, str] | None = None) -> bool:
    """Whether the setting is given in the environment (not left to its default)."""
    env = os.environ if environ is None else environ
    return bool(env.get(_BY_NAME[name].env, "").strip())


def database_url(environ: Mapping[str, str] | None = None) -> str:
    return str(get("database_url", environ))
