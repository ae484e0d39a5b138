"""Domain objects of the planner and the rules that need no storage.

Sites, visits, categories and districts are plain frozen dataclasses; the visit status workflow
and every domain error live here. Errors carry an i18n message key and parameters rather than a
sentence, so each front door (pages, CLI, feed server) can say them in the user's language.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

SEOUL_TZID = "Asia/Seoul"  # the one declaration of the planner's time zone
SEOUL = ZoneInfo(SEOUL_TZID)

# The council report's groups (the 2022 report, section 3).
REPORT_GROUPS = ("covid19", "policy", "district_coop")

# Issue 14: the kinds of schedule item (engagement) the office keeps, beside categories. A field visit is the
# default; the others are the practices of the work report's sections 2 and 3, each counted on its own line:
#   district_council      구청장협의회 (시-구 협력)
#   district_head_meeting 시장-구청장 면담 (자치구 숙원사업)
#   council_briefing      의장단·상임위원장단 현안설명회
#   council_meeting       교섭단체·상임위원회별 간담회
#   councillor_meeting    시의원 개별 면담
ENGAGEMENT_KINDS = (
    "field_visit",
    "district_council",
    "district_head_meeting",
    "council_briefing",
    "council_meeting",
    "councillor_meeting",
)
FIELD_VISIT = "field_visit"
# Who takes part in an engagement beside the mayor's side: a councillor, a standing committee (상임위원회), a
# negotiating group (교섭단체), a district head (구청장), or an official (실·본부·국장 ...).
PARTICIPANT_ROLES = ("councillor", "committee", "caucus", "district_head", "official")


class Status(StrEnum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    CONFIRMED = "confirmed"
    DONE = "done"
    CANCELLED = "cancelled"


OPEN_STATUSES = frozenset({Status.PROPOSED, Status.APPROVED, Status.CONFIRMED})
# The statuses a public calendar may show (issue 13): never a mere proposal, never a cancelled visit.
PUBLIC_STATUSES = frozenset({Status.APPROVED, Status.CONFIRMED, Status.DONE})
# A visit whose ``fixed`` was never chosen may be moved by a reorder until it is confirmed (issue 11).
FLEXIBLE_BY_DEFAULT = frozenset({Status.PROPOSED, Status.APPROVED})

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


# The workflow's order: how status choices are listed (a forward step first, cancel last, so a
# default choice is never the one that ends a visit).
WORKFLOW_ORDER = (Status.PROPOSED, Status.APPROVED, Status.CONFIRMED, Status.DONE, Status.CANCELLED)


def next_statuses(current: Status) -> list[Status]:
    """The statuses ``current`` may move to, in workflow order (cancel last)."""
    return [s for s in WORKFLOW_ORDER if s in _NEXT[current]]


# Reopen (issue 12): an explicit step back, recorded in the history like every change. A status
# change is undone by the next step of the workflow or by this: approval withdrawn, confirmation
# withdrawn, a visit marked done by mistake, a cancelled visit brought back to an open status (the
# one it had before it was cancelled, see services.reopen_visit).
_BACK = {
    Status.PROPOSED: frozenset(),
    Status.APPROVED: frozenset({Status.PROPOSED}),
    Status.CONFIRMED: frozenset({Status.APPROVED}),
    Status.DONE: frozenset({Status.CONFIRMED}),
    Status.CANCELLED: OPEN_STATUSES,
}


def reopen_statuses(current: Status) -> frozenset[Status]:
    """The statuses an explicit reopen may bring a visit at ``current`` back to."""
    return _BACK[current]


def check_reopen(current: Status, new: Status) -> None:
    if new not in _BACK[current]:
        raise IllegalTransition("error.illegal_reopen", current=current.value, new=new.value)


class PlannerError(Exception):
    """A refusal the user can act on: ``key`` names a message in the i18n catalogue."""

    exit_code = 2

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key, params)
        self.key = key
        self.params = params

    def __str__(self) -> str:  # readable in logs and tracebacks; front doors translate
        from planner.i18n import error_text

        return error_text(self, "en")


class ValidationError(PlannerError):
    """Input that breaks a rule; ``field`` names the offending field when there is one."""

    def __init__(self, key: str, field: str | None = None, **params: Any) -> None:
        # ``field`` stays a parameter too: a message such as "Required: {field}" needs it
        # (i18n.error_text shows it by its label).
        super().__init__(key, **params, **({} if field is None else {"field": field}))
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


class Forbidden(PlannerError):
    """The acting user's role does not hold the action (issue 13): ``role`` and ``action`` name both
    (``planner.access``); exit 2 like any refusal, nothing written."""


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
    # Issue 13: the public calendar may show its address and coordinates (else only its name and district).
    publishable: bool = False


# What each field of a visit is for. Every list of visit fields (the editable ones, what a
# calendar shows, the history snapshot, the JSON/CSV record, the database columns) derives from
# this one declaration: a new field is one line here (plus its column in planner/db.py).
#   column    stored in this column of ``visits`` (None: not stored there)
#   joined    read from the visit's site (lists, maps and exports); never written back
#   editable  a user may change it (forms, CLI, imports); kept in the history snapshot
#   calendar  a calendar client shows it: a change raises the iCalendar SEQUENCE
#   record    in the JSON/CSV record of a visit (CLI and exports), in declaration order
#   shown     the record shows this property instead of the stored value (e.g. ``is_fixed``)
def _field(
    default: Any = MISSING,
    *,
    column: str | None = None,
    joined: bool = False,
    editable: bool = False,
    calendar: bool = False,
    record: bool = False,
    shown: str | None = None,
) -> Any:
    meta = {
        "column": column,
        "joined": joined,
        "editable": editable,
        "calendar": calendar,
        "record": record,
        "shown": shown,
    }
    return field(default=default, compare=not joined, metadata=meta)


@dataclass(frozen=True, kw_only=True)
class Visit:
    id: int | None = _field(None, column="id", record=True)
    uid: str = _field(column="uid", record=True)
    version: int = _field(1, column="version", record=True)
    title: str = _field(column="title", editable=True, calendar=True, record=True)
    category: str = _field(column="category", editable=True, calendar=True, record=True)
    status: Status = _field(Status.PROPOSED, column="status", editable=True, calendar=True, record=True)
    start: datetime = _field(column="start_at", editable=True, calendar=True, record=True)
    end: datetime = _field(column="end_at", editable=True, calendar=True, record=True)
    site_id: int = _field(column="site_id", editable=True, calendar=True, record=True)
    site_name: str = _field("", joined=True, record=True)
    district: str = _field("", joined=True, record=True)
    lat: float | None = _field(None, joined=True, record=True)
    lon: float | None = _field(None, joined=True, record=True)
    public: bool = _field(False, column="public", editable=True, record=True)
    important: bool = _field(False, column="important", editable=True, record=True)
    highlight_rank: int | None = _field(None, column="highlight_rank", editable=True, record=True)
    purpose: str = _field("", column="purpose", editable=True, calendar=True, record=True)
    attendees: str = _field("", column="attendees", editable=True, calendar=True, record=True)
    notes: str = _field("", column="notes", editable=True, calendar=True, record=True)
    # Whether a reorder of the day may move the visit (issue 11). Stored as chosen: None means "by status"
    # (flexible while proposed or approved, fixed once confirmed); the record shows the effective value.
    fixed: bool | None = _field(None, column="fixed", editable=True, record=True, shown="is_fixed")
    # The earliest start and latest end a reorder may give the visit; None: the day's working hours.
    window_start: datetime | None = _field(None, column="window_start", editable=True, record=True)
    window_end: datetime | None = _field(None, column="window_end", editable=True, record=True)
    # Why a scheduler saved it over a blocking scheduling rule (holiday, travel, ...): stated with the save that
    # overrides (``--override``), kept with the visit and in its history; "" when never overridden.
    override_reason: str = _field("", column="override_reason", editable=True, record=True)
    # Issue 13, public schedule: not on the public calendar before this instant (e.g. until the press release);
    # None: the global hold-back (PLANNER_PUBLIC_HOLDBACK_DAYS before the start). ``public`` says whether at all.
    embargo_until: datetime | None = _field(None, column="embargo_until", editable=True, record=True)
    # Issue 14: what kind of schedule item it is (``ENGAGEMENT_KINDS``); every visit made before is a field visit.
    kind: str = _field("field_visit", column="kind", editable=True, record=True)
    # Why the visit was cancelled (issue 12): asked for by every cancel on a page (services.cancel_visit), kept
    # with the visit and in its history; cleared when the visit is reopened (the history keeps it).
    cancel_reason: str = _field("", column="cancel_reason", editable=True, record=True)
    created_at: datetime | None = _field(None, column="created_at")
    updated_at: datetime | None = _field(None, column="updated_at")
    ics_sequence: int = _field(0, column="ics_sequence")  # iCalendar SEQUENCE
    site_address: str = _field("", joined=True)
    site_publishable: bool = _field(False, joined=True)  # the site's ``publishable`` (issue 13)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_fixed(self) -> bool:
        """Whether a day's reorder must leave the visit where it is: as chosen, else fixed once confirmed."""
        if self.fixed is not None:
            return self.fixed
        return self.status not in FLEXIBLE_BY_DEFAULT


def _visit_fields(purpose: str) -> tuple[str, ...]:
    return tuple(f.name for f in fields(Visit) if f.metadata[purpose])


EDITABLE_FIELDS = _visit_fields("editable")
CALENDAR_FIELDS = _visit_fields("calendar")  # a change to any of these raises SEQUENCE
RECORD_FIELDS = _visit_fields("record")
# record key -> the attribute whose value the record shows (the field itself, or its ``shown`` property)
_RECORD_SOURCES = {f.name: f.metadata["shown"] or f.name for f in fields(Visit) if f.metadata["record"]}
JOINED_FIELDS = _visit_fields("joined")
# field name -> column of ``visits``
VISIT_COLUMNS = {f.name: f.metadata["column"] for f in fields(Visit) if f.metadata["column"]}


def field_value(value: Any) -> Any:
    """A field's value as plain JSON: statuses by code, times ISO 8601 in Seoul time."""
    if isinstance(value, Status):
        return value.value
    if isinstance(value, datetime):
        return value.astimezone(SEOUL).isoformat()
    return value


def visit_snapshot(visit: Visit) -> dict[str, Any]:
    """The editable fields of a visit as plain JSON: what the history keeps of each version."""
    return {name: field_value(getattr(visit, name)) for name in EDITABLE_FIELDS}


def visit_record(visit: Visit) -> dict[str, Any]:
    """The JSON/CSV shape of a visit used by the CLI and exports (times ISO 8601 with +09:00)."""
    return {name: field_value(getattr(visit, source)) for name, source in _RECORD_SOURCES.items()}


def calendar_changed(old: Visit, new: Visit) -> bool:
    return any(getattr(old, name) != getattr(new, name) for name in CALENDAR_FIELDS)


@dataclass(frozen=True)
class VisitQuery:
    """Filters for listing visits; empty fields do not filter. Dates are Seoul calendar days."""

    year: int | None = None
    date_from: date | None = None
    date_to: date | None = None  # inclusive
    categories: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    statuses: tuple[Status, ...] = ()
    text: str = ""
    public_only: bool = False
    ids: tuple[int, ...] = field(default=())
    kinds: tuple[str, ...] = ()  # issue 14: kinds of engagement (ENGAGEMENT_KINDS)


@dataclass(frozen=True)
class Participant:
    """Who takes part in an engagement (issue 14): ``role`` in PARTICIPANT_ROLES, named as the office names them
    ("중구 제1선거구 의원", "기획경제위원회", "강서구청장"); ``councillor_id`` links a registered councillor."""

    role: str
    name: str
    councillor_id: int | None = None


@dataclass(frozen=True)
class Briefing:
    """The talking points (시정 메시지) staff write for one visit's briefing pack, with their own version."""

    visit_id: int
    talking_points: str = ""
    version: int = 0  # 0: never written
    updated_at: datetime | None = None


@dataclass(frozen=True)
class BusyBlock:
    """Time taken by an appointment from another calendar (imported as busy)."""

    id: int | None
    uid: str
    recurrence_id: str
    summary: str
    start: datetime
    end: datetime
    all_day: bool = False
    source: str = ""
    sequence: int = 0


@dataclass(frozen=True)
class FeedToken:
    """A calendar subscription: the token is the secret part of its URL; the filter is fixed."""

    token: str
    filter: dict[str, Any]
    public: bool
    created_at: datetime
    revoked_at: datetime | None = None
    expires_at: datetime | None = None  # issue 13: the URL answers 404 from then on; None: never


TITLE_MAX = 200
TEXT_MAX = 4000
OVERRIDE_REASON_MAX = 500  # a reason for saving over a blocking scheduling rule: one line
CANCEL_REASON_MAX = 500  # why a visit was cancelled (issue 12): one line


# ---------------------------------------------------------------- what a user may type (issue 9)

# Years the planner stores and computes with; every date or year a user gives is checked against
# them before any arithmetic. Python's datetime stops at year 9999, so an edge date overflowed
# when converted to UTC or when a day was added to it (OverflowError, a traceback); no visit,
# report or calendar of the mayor's office needs years outside this range. The calendar importer
# uses the same range for DTSTART/DTEND.
YEAR_MIN, YEAR_MAX = 1900, 2100

# Ids and other integers stored in the database: PostgreSQL's INTEGER (SQLite's is wider). A
# larger number from the command line made the driver raise OverflowError or DataError.
ID_MAX = 2**31 - 1


@dataclass(frozen=True)
class TextRule:
    """How much of a text field a user may write, and whether it may span several lines."""

    max: int
    multiline: bool = False


# Every text column a user can write, "table.column" -> its rule. The limit is checked here, in the
# domain, so SQLite (which stores any length) refuses what PostgreSQL would refuse (DataError); it
# is never larger than the column (tests/unit/test_domain.py compares with planner.db).
TEXT_RULES: dict[str, TextRule] = {
    "visits.title": TextRule(TITLE_MAX),
    "visits.uid": TextRule(255),
    "visits.purpose": TextRule(TEXT_MAX, multiline=True),
    "visits.attendees": TextRule(TEXT_MAX, multiline=True),
    "visits.notes": TextRule(TEXT_MAX, multiline=True),
    "visits.override_reason": TextRule(OVERRIDE_REASON_MAX),
    "visit_participants.name": TextRule(100),
    "visit_briefings.talking_points": TextRule(TEXT_MAX, multiline=True),
    "visits.cancel_reason": TextRule(CANCEL_REASON_MAX),
    "sites.name": TextRule(200),
    "sites.address": TextRule(300),
    "sites.kind": TextRule(40),
    "categories.label_ko": TextRule(100),
    "categories.label_en": TextRule(100),
    "councillors.name": TextRule(100),
    "councillors.constituency": TextRule(100),
    "councillors.contact": TextRule(200),
    # Issue 14 (helper c): council registries, notices, the ledger.
    "councillors.seat": TextRule(100),
    "councillors.party": TextRule(100),
    "councillors.term": TextRule(40),
    "sites.dong": TextRule(40),
    "committees.name_ko": TextRule(100),
    "committees.name_en": TextRule(100),
    "departments.name": TextRule(100),
    "departments.contact": TextRule(200),
    "district_heads.title": TextRule(100),
    "district_heads.contact": TextRule(200),
    "constituencies.name": TextRule(100),
    "constituencies.dongs": TextRule(TEXT_MAX, multiline=True),
    "notice_plans.contact": TextRule(200),
    "notice_templates.body": TextRule(TEXT_MAX, multiline=True),
    "ledger_items.session": TextRule(40),
    "ledger_items.person": TextRule(100),
    "ledger_items.text": TextRule(TEXT_MAX, multiline=True),
    "ledger_items.department": TextRule(100),
    "ledger_items.result": TextRule(TEXT_MAX, multiline=True),
    "ledger_notes.note": TextRule(TEXT_MAX, multiline=True),
    "suggestions.text": TextRule(TEXT_MAX, multiline=True),
    "suggestions.department": TextRule(100),
    "suggestions.answer": TextRule(TEXT_MAX, multiline=True),
    "users.name": TextRule(100),  # issue 13
    "users.display_name": TextRule(200),
}

_LINE_BREAKS = frozenset("\t\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")


def check_characters(value: str, field_name: str, multiline: bool = False) -> None:
    """Refuse characters no text field may hold: control characters (NUL, ESC, ...), lone
    surrogates (undecodable bytes from a command line), and, in one-line fields such as titles
    and names, line breaks and tabs. Multi-line fields keep TAB, LF and CR."""
    import unicodedata

    for ch in value:
        if multiline and ch in "\t\n\r":
            continue
        if not multiline and ch in _LINE_BREAKS:
            raise ValidationError("error.one_line", field=field_name)
        if unicodedata.category(ch) in ("Cc", "Cs"):
            raise ValidationError("error.bad_character", field=field_name, code=f"U+{ord(ch):04X}")


def clean_text(value: str | None, column: str, field_name: str | None = None, required: bool = False) -> str:
    """``value`` stripped, once it keeps the rule of ``column`` (a key of ``TEXT_RULES``).

    ``field_name`` names the field in the refusal (its ``field.<name>`` label); by default the
    column's name.
    """
    rule = TEXT_RULES[column]
    name = field_name or column.split(".", 1)[1]
    text = (value or "").strip()
    if required and not text:
        raise ValidationError("error.required", field=name)
    if len(text) > rule.max:
        raise ValidationError("error.too_long", field=name, max=rule.max, length=len(text))
    check_characters(text, name, rule.multiline)
    return text


def one_line(value: str) -> str:
    """Line breaks and tabs as single spaces: for text from files (calendars) headed to a
    one-line field, where refusing the whole file for a folded title would help nobody."""
    return " ".join(value.replace("\u2028", " ").replace("\u2029", " ").split())


def check_year(year: int, field_name: str = "year") -> int:
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise ValidationError("error.year_out_of_range", field=field_name, value=year, min=YEAR_MIN, max=YEAR_MAX)
    return year


def check_date_range(value: date, field_name: str, text: str | None = None) -> None:
    """Refuse a date or datetime (its own year, before any conversion) outside the supported years."""
    if not YEAR_MIN <= value.year <= YEAR_MAX:
        raise ValidationError(
            "error.date_out_of_range",
            field=field_name,
            value=text if text is not None else value.isoformat(),
            min=YEAR_MIN,
            max=YEAR_MAX,
        )


def valid_id(value: int | None) -> bool:
    """Whether ``value`` can be a stored id at all; a query with a larger one would overflow."""
    return value is not None and 1 <= value <= ID_MAX


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
    check_date_range(value, field_name, text.strip())  # before to_seoul: 9999-12-31 -05:00 overflows
    seoul = to_seoul(value)
    check_date_range(seoul, field_name, text.strip())
    return seoul


def parse_date(text: str, field_name: str = "date") -> date:
    """A day (YYYY-MM-DD) from a user, within the supported years."""
    try:
        value = date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError("error.bad_date", field=field_name, value=text) from None
    check_date_range(value, field_name, text.strip())
    return value
