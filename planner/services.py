"""Use cases of the planner: the one place the front doors (pages, CLI, feed server) call.

Each service takes the engine and, where time matters, ``now`` (an aware datetime from the
caller's clock), opens its own unit of work and either finishes it or leaves nothing written.
Domain errors (``planner.domain.PlannerError``) are how a service refuses.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine

from planner import db, geo, repository
from planner.domain import (
    EDITABLE_FIELDS,
    REPORT_GROUPS,
    SEOUL,
    BusyBlock,
    Category,
    NotFound,
    Site,
    StaleVersion,
    Status,
    ValidationError,
    Visit,
    VisitQuery,
    calendar_changed,
    check_characters,
    check_date_range,
    check_transition,
    check_year,
    clean_text,
    one_line,
    parse_status,
    to_seoul,
    valid_id,
    visit_snapshot,
)

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The real clock; front doors pass it in, tests pass a fixed one."""
    return datetime.now(SEOUL)


def new_uid() -> str:
    return f"{uuid.uuid4()}@seoul-visit-planner"


# ---------------------------------------------------------------- database set-up


def init_database(engine: Engine, create: bool = False) -> None:
    """Create the tables and the reference data (25 districts, default categories) if missing.

    ``create``: make the SQLite file first when it does not exist; only ``python -m planner init``
    and the app's first start pass it (any other way in refuses a missing database). Safe when
    several processes start at once; writes nothing when all is there (a read-only database opens).
    """
    if create:
        db.create_database(engine.url.render_as_string(hide_password=False))
    db.when_not_busy(lambda: _init_database(engine))


def _init_database(engine: Engine) -> None:
    from planner import sample

    db.create_schema(engine)
    with db.transaction(engine) as conn:
        if repository.list_districts(conn) and repository.list_categories(conn):
            return
    with db.transaction(engine, write=True) as conn:
        db.schema_lock(conn)  # another process may be filling them now: check again under the lock
        if not repository.list_districts(conn):
            repository.insert_districts(conn, geo.districts())
        if not repository.list_categories(conn):
            repository.insert_categories(conn, sample.default_categories())


def is_empty(engine: Engine) -> bool:
    with db.transaction(engine) as conn:
        return repository.count_visits(conn) == 0 and not repository.list_sites(conn)


def data_version(engine: Engine) -> int:
    with db.transaction(engine) as conn:
        return repository.data_version(conn)


# ---------------------------------------------------------------- reference data


def list_categories(engine: Engine) -> list[Category]:
    with db.transaction(engine) as conn:
        return repository.list_categories(conn)


# The council report's lines (domain.REPORT_GROUPS) plus "other" for categories it leaves out.
REPORT_GROUP_CHOICES = (*REPORT_GROUPS, "other")


def add_category(engine: Engine, code: str, label_ko: str, label_en: str, color: str, report_group: str) -> Category:
    import re

    code = code.strip()
    if not re.fullmatch(r"[a-z][a-z0-9_]{1,39}", code):
        raise ValidationError("error.bad_category_code", field="code", value=code)
    label_ko = clean_text(label_ko, "categories.label_ko", required=True)
    label_en = clean_text(label_en, "categories.label_en", required=True)
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", color.strip()):
        raise ValidationError("error.bad_color", field="color", value=color)
    if report_group not in REPORT_GROUP_CHOICES:
        raise ValidationError("error.bad_report_group", field="report_group", value=report_group)
    with db.transaction(engine, write=True) as conn:
        existing = {c.code for c in repository.list_categories(conn)}
        if code in existing:
            raise ValidationError("error.category_exists", field="code", value=code)
        category = Category(code, label_ko.strip(), label_en.strip(), color.strip(), report_group)
        repository.insert_categories(conn, [category])
        return category


def list_districts(engine: Engine) -> list:
    with db.transaction(engine) as conn:
        return repository.list_districts(conn)


# ---------------------------------------------------------------- sites


def add_site(
    engine: Engine,
    name: str,
    lat: float,
    lon: float,
    address: str = "",
    district: str | None = None,
    kind: str = "other",
    allow_outside_seoul: bool = False,
) -> Site:
    """Register a site; the district comes from the coordinates when not given.

    A point outside Seoul is refused unless the caller confirms it (``allow_outside_seoul``).
    """
    with db.transaction(engine, write=True) as conn:
        site = _new_site(name, lat, lon, address, district, kind, allow_outside_seoul)
        return replace(site, id=repository.insert_site(conn, site))


def _new_site(
    name: str,
    lat: float,
    lon: float,
    address: str,
    district: str | None,
    kind: str,
    allow_outside_seoul: bool,
) -> Site:
    name = clean_text(name, "sites.name", required=True)
    address = clean_text(address, "sites.address")
    kind = clean_text(kind, "sites.kind") or "other"
    geo.check_coordinates(lat, lon)
    located = geo.district_at(lat, lon)
    if located is None and not allow_outside_seoul:
        raise ValidationError("error.outside_seoul", field="lat", lat=lat, lon=lon)
    if district:
        district = geo.normalize_district(district)
        if located is not None and located != district:
            raise ValidationError("error.district_mismatch", field="district", given=district, located=located)
    else:
        district = located or ""
    return Site(None, name, address, district, float(lat), float(lon), kind)


def list_sites(engine: Engine) -> list[Site]:
    with db.transaction(engine) as conn:
        return repository.list_sites(conn)


def get_site(engine: Engine, site_id: int) -> Site:
    if not valid_id(site_id):
        raise NotFound("error.site_not_found", id=site_id)
    with db.transaction(engine) as conn:
        site = repository.get_site(conn, site_id)
    if site is None:
        raise NotFound("error.site_not_found", id=site_id)
    return site


def find_site_by_name(engine: Engine, name: str) -> Site:
    check_characters(name, "name")  # a NUL in a query is an error on PostgreSQL
    with db.transaction(engine) as conn:
        found = repository.find_sites_by_name(conn, name.strip())
    if not found:
        raise NotFound("error.site_name_not_found", name=name)
    if len(found) > 1:
        raise ValidationError(
            "error.site_name_ambiguous", field="site", name=name, ids=", ".join(str(s.id) for s in found)
        )
    return found[0]


# ---------------------------------------------------------------- visits


@dataclass(frozen=True)
class VisitDraft:
    """What a user fills in to create a visit."""

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
    uid: str | None = None


def _validate(
    conn: Any,
    visit: Visit,
    categories: Collection[str] | None = None,
    check_site: bool = True,
    previous: Visit | None = None,
) -> Visit:
    """Return ``visit`` cleaned (stripped text, Seoul times) or raise ``ValidationError``.

    Bulk callers (calendar import) pass the known ``categories`` and ``check_site=False`` for a
    site they just resolved, to save two queries per visit. An edit passes the ``previous``
    version: text and dates it leaves as they were are not checked again, so a record stored
    before a rule existed can still change status.
    """

    def changed(name: str) -> bool:
        return previous is None or getattr(previous, name) != getattr(visit, name)

    texts = {}
    for name in ("title", "purpose", "attendees", "notes"):
        value = getattr(visit, name) or ""
        texts[name] = clean_text(value, f"visits.{name}", required=name == "title") if changed(name) else value
    if visit.start is None or visit.end is None:
        raise ValidationError("error.required", field="start")
    for name in ("start", "end"):
        if changed(name):
            check_date_range(getattr(visit, name), name)
    start, end = to_seoul(visit.start), to_seoul(visit.end)
    if end <= start:
        raise ValidationError("error.end_before_start", field="end")
    if end - start > timedelta(days=7):
        raise ValidationError("error.too_long_visit", field="end")
    if categories is None:
        categories = {c.code for c in repository.list_categories(conn)}
    if visit.category not in categories:
        raise ValidationError("error.unknown_category", field="category", value=visit.category)
    if visit.highlight_rank is not None and not (1 <= int(visit.highlight_rank) <= 99):
        raise ValidationError("error.bad_rank", field="highlight_rank")
    if check_site and (not valid_id(visit.site_id) or repository.get_site(conn, visit.site_id) is None):
        raise NotFound("error.site_not_found", id=visit.site_id)
    return replace(visit, start=start, end=end, **texts)


@dataclass(frozen=True)
class SiteDraft:
    """A new place typed in together with a visit."""

    name: str
    lat: float
    lon: float
    address: str = ""
    district: str | None = None
    kind: str = "other"
    allow_outside_seoul: bool = False


def add_visit(engine: Engine, draft: VisitDraft, now: datetime, new_site: SiteDraft | None = None) -> Visit:
    """Create a visit (and, with ``new_site``, its site) in one unit of work: all or nothing."""
    with db.transaction(engine, write=True) as conn:
        if new_site is not None:
            site = _new_site(
                new_site.name,
                new_site.lat,
                new_site.lon,
                new_site.address,
                new_site.district,
                new_site.kind,
                new_site.allow_outside_seoul,
            )
            draft = replace(draft, site_id=repository.insert_site(conn, site))
        uid = clean_text(draft.uid, "visits.uid") or new_uid()
        if repository.get_visit_by_uid(conn, uid) is not None:
            raise ValidationError("error.uid_exists", field="uid", value=uid)
        visit = _validate(
            conn,
            Visit(
                id=None,
                uid=uid,
                title=draft.title,
                site_id=draft.site_id,
                start=draft.start,
                end=draft.end,
                category=draft.category,
                status=Status(draft.status),
                purpose=draft.purpose,
                attendees=draft.attendees,
                notes=draft.notes,
                public=bool(draft.public),
                important=bool(draft.important),
                highlight_rank=draft.highlight_rank,
                version=1,
                created_at=now,
                updated_at=now,
            ),
        )
        new_id = repository.insert_visit(conn, visit)
        stored = repository.get_visit(conn, new_id)
        assert stored is not None
        return stored


def visit_years(engine: Engine) -> list[int]:
    """Years (Seoul time) from the first to the last visit, newest first."""
    with db.transaction(engine) as conn:
        first, last = repository.visit_time_range(conn)
    if first is None or last is None:
        return []
    return list(range(last.year, first.year - 1, -1))


def get_visit(engine: Engine, visit_id: int) -> Visit:
    if not valid_id(visit_id):
        raise NotFound("error.visit_not_found", id=visit_id)
    with db.transaction(engine) as conn:
        visit = repository.get_visit(conn, visit_id)
    if visit is None:
        raise NotFound("error.visit_not_found", id=visit_id)
    return visit


def update_visit(
    engine: Engine,
    visit_id: int,
    expected_version: int,
    changes: Mapping[str, Any],
    now: datetime,
) -> Visit:
    """Apply ``changes`` if nobody changed the visit since the user saw ``expected_version``.

    Raises ``StaleVersion`` (nothing written) when the stored version differs, and refuses
    illegal status changes. The version rises by one on every accepted change.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError("error.unknown_field", field=sorted(unknown)[0], value=sorted(unknown)[0])
    if not valid_id(visit_id):
        raise NotFound("error.visit_not_found", id=visit_id)
    with db.transaction(engine, write=True) as conn:
        current = repository.get_visit(conn, visit_id)
        if current is None:
            raise NotFound("error.visit_not_found", id=visit_id)
        if current.version != expected_version:
            raise StaleVersion("error.stale_version", id=visit_id, seen=expected_version, current=current.version)
        values = dict(changes)
        if "status" in values:
            values["status"] = (
                values["status"] if isinstance(values["status"], Status) else parse_status(str(values["status"]))
            )
            check_transition(current.status, values["status"])
        candidate = replace(current, **values)
        if candidate == current:
            return current  # nothing changed: no new version
        candidate = _validate(conn, candidate, previous=current)
        candidate = replace(candidate, version=current.version + 1, updated_at=now)
        if calendar_changed(current, candidate):
            candidate = replace(candidate, ics_sequence=current.ics_sequence + 1)
        if not repository.update_visit(conn, candidate, expected_version):
            raise StaleVersion("error.stale_version", id=visit_id, seen=expected_version, current=current.version)
        record_replaced(conn, current, now)
        stored = repository.get_visit(conn, visit_id)
        assert stored is not None
        return stored


def record_replaced(conn: Any, visit: Visit, replaced_at: datetime) -> None:
    """Keep ``visit`` (the version being replaced) in its history, inside the caller's unit of
    work. Every path that changes a visit calls this, so every edit can be seen and undone."""
    repository.insert_history(conn, visit, json.dumps(visit_snapshot(visit), ensure_ascii=False), replaced_at)


@dataclass(frozen=True)
class HistoryEntry:
    """An earlier version of a visit: its values, and when a newer version replaced it."""

    version: int
    replaced_at: datetime
    values: dict[str, Any]
    changed: tuple[str, ...]  # fields that differ from the version after it


def visit_history(engine: Engine, visit_id: int) -> list[HistoryEntry]:
    """Earlier versions of a visit, newest first, each with the fields the next edit changed."""
    if not valid_id(visit_id):
        raise NotFound("error.visit_not_found", id=visit_id)
    with db.transaction(engine) as conn:
        current = repository.get_visit(conn, visit_id)
        if current is None:
            raise NotFound("error.visit_not_found", id=visit_id)
        rows = repository.list_history(conn, visit_id)
    entries: list[HistoryEntry] = []
    newer = visit_snapshot(current)
    for version, snapshot, replaced_at in rows:
        values = json.loads(snapshot)
        changed = tuple(k for k in EDITABLE_FIELDS if values.get(k) != newer.get(k))
        entries.append(HistoryEntry(version, replaced_at, values, changed))
        newer = values
    return entries


# The status is not restored: the workflow only moves forward (a cancelled visit stays cancelled).
RESTORABLE_FIELDS = tuple(f for f in EDITABLE_FIELDS if f != "status")


def restore_version(engine: Engine, visit_id: int, expected_version: int, version: int, now: datetime) -> Visit:
    """Undo: bring back the contents of an earlier ``version`` as a new version (same checks as
    an edit: refused if the visit changed since ``expected_version``)."""
    entry = next((e for e in visit_history(engine, visit_id) if e.version == version), None)
    if entry is None:
        raise NotFound("error.version_not_found", id=visit_id, version=version)
    values = {k: entry.values[k] for k in RESTORABLE_FIELDS if k in entry.values}
    values["start"] = datetime.fromisoformat(values["start"])
    values["end"] = datetime.fromisoformat(values["end"])
    return update_visit(engine, visit_id, expected_version, values, now)


def change_status(
    engine: Engine, visit_id: int, expected_version: int, new_status: Status | str, now: datetime
) -> Visit:
    return update_visit(engine, visit_id, expected_version, {"status": new_status}, now)


def check_query(query: VisitQuery) -> None:
    """Refuse filters no query can answer: years and days outside the supported range (they
    overflowed in date arithmetic), a last day before the first, a NUL in the search text."""
    if query.year is not None:
        check_year(query.year)
    if query.date_from is not None:
        check_date_range(query.date_from, "date")
    if query.date_to is not None:
        check_date_range(query.date_to, "date")
    if query.date_from is not None and query.date_to is not None and query.date_to < query.date_from:
        raise ValidationError(
            "error.dates_reversed", field="date", start=query.date_from.isoformat(), to=query.date_to.isoformat()
        )
    if query.text:
        check_characters(query.text, "search")


def list_visits(engine: Engine, query: VisitQuery = VisitQuery()) -> list[Visit]:
    check_query(query)
    with db.transaction(engine) as conn:
        return repository.list_visits(conn, query)


def validate_visit(
    conn: Any, visit: Visit, categories: Collection[str] | None = None, check_site: bool = True
) -> Visit:
    """The visit rules for callers that hold their own unit of work (bulk imports).

    A title from a file keeps its words but not its line breaks or tabs (a calendar's SUMMARY may
    hold an escaped newline); the other rules are the same as for typed input.
    """
    return _validate(conn, replace(visit, title=one_line(visit.title or "")), categories, check_site)


@dataclass(frozen=True)
class Conflicts:
    """What overlaps a time range: planner visits and busy time imported from other calendars."""

    visits: list[Visit]
    busy: list[BusyBlock]

    def __bool__(self) -> bool:
        return bool(self.visits or self.busy)


def conflicts(engine: Engine, start: datetime, end: datetime, exclude_id: int | None = None) -> Conflicts:
    """Visits (not cancelled) and busy blocks that overlap [start, end): scheduling respects both."""
    start, end = to_seoul(start), to_seoul(end)
    with db.transaction(engine) as conn:
        return Conflicts(
            repository.overlapping_visits(conn, start, end, exclude_id),
            repository.overlapping_busy_blocks(conn, start, end),
        )


def site_record(site: Site) -> dict[str, Any]:
    return {
        "id": site.id,
        "name": site.name,
        "address": site.address,
        "district": site.district,
        "lat": site.lat,
        "lon": site.lon,
        "kind": site.kind,
    }


# ---------------------------------------------------------------- home page


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Attention:
    """Something on the schedule a person should look at; ``key`` is an i18n message key."""

    key: str
    visit: Visit
    other: Visit | None = None


@dataclass(frozen=True)
class Overview:
    this_week: list[Visit]
    next_week: list[Visit]
    attention: list[Attention]
    week_start: date


def overview(engine: Engine, now: datetime) -> Overview:
    """This week's and next week's visits and what needs attention, as of ``now``."""
    now = to_seoul(now)
    today = now.date()
    monday = week_start(today)
    with db.transaction(engine) as conn:
        window = repository.list_visits(
            conn, VisitQuery(date_from=monday - timedelta(days=30), date_to=monday + timedelta(days=13))
        )
    this_week = [v for v in window if monday <= v.start.date() <= monday + timedelta(days=6)]
    next_week = [v for v in window if monday + timedelta(days=7) <= v.start.date() <= monday + timedelta(days=13)]
    attention: list[Attention] = []
    soon = now + timedelta(days=7)
    for v in window:
        if v.status == Status.PROPOSED and now <= v.start <= soon:
            attention.append(Attention("attention.needs_approval", v))
        elif v.status == Status.APPROVED and now <= v.start <= now + timedelta(days=3):
            attention.append(Attention("attention.needs_confirmation", v))
        elif v.status in (Status.CONFIRMED, Status.APPROVED, Status.PROPOSED) and v.end < now:
            attention.append(Attention("attention.past_not_closed", v))
    upcoming = sorted((v for v in window if v.status != Status.CANCELLED and v.end >= now), key=lambda v: v.start)
    for i, a in enumerate(upcoming):
        for b in upcoming[i + 1 :]:
            if b.start >= a.end:
                break
            attention.append(Attention("attention.overlap", a, b))
    return Overview(this_week, next_week, attention, monday)
