"""Domain objects of the planner and the rules that need no storage.

Sites, visits, categories and districts are plain frozen dataclasses; the visit status workflow
and every domain error live here. Errors carry an i18n message key and parameters rather than a
sentence, so each front door (pages, CLI, feed server) can say them in the user's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

SEOUL = ZoneInfo("Asia/Seoul")

# The mayor's field visit categories from the 2022 report (section 3) and their report groups.
DEFAULT_CATEGORY_CODES = ("covid19", "economy", "safety", "welfare", "district_coop")
REPORT_GROUPS = ("covid19", "policy", "district_coop")


class Status(StrEnum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    CONFIRMED = "confirmed"
    DONE = "done"
    CANCELLED = "cancelled"


OPEN_STATUSES = frozenset({Status.PROPOSED, Status.APPROVED, Status.CONFIRMED})

# proposed -> approved -> confirmed -> done; any open status -> cancelled.
_NEXT = {
    Status.PROPOSED: frozenset({Status.APPROVED, Status.CANCELLED}),
    Status.APPROVED: frozenset({Status.CONFIRMED, Status.CANCELLED}),
    Status.CONFIRMED: frozenset({Status.DONE, Status.CANCELLED}),
    Status.DONE: frozenset(),
    Status.CANCELLED: frozenset(),
}


def allowed_transitions(current: Status) -> frozenset[Status]:
    return _NEXT[current]


class PlannerError(Exception):
    """A refusal the user can act on: ``key`` names a message in the i18n catalogue."""

    exit_code = 2

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key, params)
        self.key = key
        self.params = params

    def __str__(self) -> str:  # readable in logs and tracebacks; front doors translate
        from planner.i18n import t

        return t(self.key, "en", **self.params)


class ValidationError(PlannerError):
    """Input that breaks a rule; ``field`` names the offending field when there is one."""

    def __init__(self, key: str, field: str | None = None, **params: Any) -> None:
        super().__init__(key, **params)
        self.field = field


class NotFound(PlannerError):
    pass


class IllegalTransition(PlannerError):
    pass


class DatabaseUnavailable(PlannerError):
    """The database cannot be used as asked: a bad URL, a server out of reach, a read-only, damaged,
    missing or replaced file. ``where`` names the database (never its password)."""


class DatabaseBusy(DatabaseUnavailable):
    """Another writer held the database's write lock for longer than we wait: try again."""


class StaleVersion(PlannerError):
    """Someone else changed the record since the user read it."""

    exit_code = 3


def check_transition(current: Status, new: Status) -> None:
    if new == current:
        return
    if new not in _NEXT[current]:
        raise IllegalTransition("error.illegal_transition", current=current.value, new=new.value)


def parse_status(text: str) -> Status:
    try:
        return Status(text.strip().lower())
    except ValueError:
        raise ValidationError(
            "error.unknown_status",
            field="status",
            value=text,
            allowed=", ".join(s.value for s in Status),
        ) from None


@dataclass(frozen=True)
class District:
    code: str
    name_ko: str
    name_en: str
    lat: float
    lon: float

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_ko


@dataclass(frozen=True)
class Category:
    code: str
    label_ko: str
    label_en: str
    color: str
    report_group: str
    sort_order: int = 100

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_ko


@dataclass(frozen=True)
class Site:
    id: int | None
    name: str
    address: str
    district: str  # Korean district name, e.g. 중구; "" when outside Seoul
    lat: float
    lon: float
    kind: str = "other"


@dataclass(frozen=True)
class Visit:
    id: int | None
    uid: str
    title: str
    site_id: int
    start: datetime
    end: datetime
    category: str
    status: Status = Status.PROPOSED
    purpose: str = ""
    attendees: str = ""
    notes: str = ""
    public: bool = False
    important: bool = False
    highlight_rank: int | None = None
    version: int = 1
    created_at: datetime | None = None
    updated_at: datetime | None = None
    ics_sequence: int = 0  # iCalendar SEQUENCE; rises when something a calendar shows changes
    # Denormalised from the site for lists, maps and exports; not written back.
    site_name: str = field(default="", compare=False)
    site_address: str = field(default="", compare=False)
    district: str = field(default="", compare=False)
    lat: float | None = field(default=None, compare=False)
    lon: float | None = field(default=None, compare=False)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


TITLE_MAX = 200
TEXT_MAX = 4000


def to_seoul(value: datetime) -> datetime:
    """Aware datetime in Seoul time; a naive value is taken to be Seoul wall-clock time."""
    if value.tzinfo is None:
        return value.replace(tzinfo=SEOUL)
    return value.astimezone(SEOUL)


def parse_datetime(text: str, field_name: str = "start") -> datetime:
    """ISO 8601 from a user; without an offset it means Seoul time."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError("error.bad_datetime", field=field_name, value=text) from None
    return to_seoul(value)
