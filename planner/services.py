"""Use cases of the planner: the one place the front doors (pages, CLI, feed server) call.

Each use case takes a unit of work (``planner.uow.UnitOfWork``: the connection, the clock, the
acting user), runs inside its transaction and commits only when its work is whole; use cases
call each other inside one unit of work. Domain errors (``planner.domain.PlannerError``) are how
a use case refuses.

Every change to a visit goes through two functions here: ``create_visit`` and ``change_visit``.
They apply the rules (``planner.rules.check``), check the version, keep the replaced version in
the history, raise the calendar SEQUENCE when a shown field changes, and write. The visit form,
the map proposal, the CLI, calendar imports, highlight ordering and undo all call them; a new rule
or permission is added there once. Warnings of a saved visit are left on ``uow.warnings``.
"""

from __future__ import annotations

import bisect
import json
import uuid
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.engine import Connection

from planner import access, accounts, db, domain, geo, repository, rules, scheduling
from planner.domain import (
    EDITABLE_FIELDS,
    REPORT_GROUPS,
    SEOUL,
    BusyBlock,
    Category,
    District,
    IllegalTransition,
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
    check_reopen,
    check_transition,
    check_year,
    clean_text,
    parse_status,
    to_seoul,
    valid_id,
    visit_snapshot,
)
from planner.uow import Clock, UnitOfWork


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


def engine_for(url: str) -> Engine:
    """The engine of ``url`` as it is: no schema set-up (commands that do their own, e.g. ``db current``)."""
    return db.get_engine(url)


def schema_revision(uow: UnitOfWork) -> str | None:
    """The migration revision the database stands at (None: made before migrations, or new)."""
    with uow.transaction() as conn:
        return db.schema_revision(conn)


def draft_migration(message: str) -> str:
    """Write a new migration revision (``planner/migrations/versions/``) from what ``db.metadata``
    has that the schema at head lacks, compared on a new in-memory database; returns its path.
    A draft for a developer to read and correct, never run by the app on its own."""
    from planner import migrations

    url = "sqlite://"
    engine = db.get_engine(url)
    try:
        db.create_schema(engine)
        with db.transaction(engine, write=True) as conn:
            return migrations.make_revision(conn, message)
    finally:
        db.dispose_engine(url)


def open_database(
    url: str, clock: Clock, *, create: bool = False, sample_on_first_start: bool = False
) -> tuple[Engine, int]:
    """The engine for ``url``, its schema and reference data ready; with ``sample_on_first_start``
    the sample data is loaded into an empty database. Returns the engine and the visits loaded.

    ``create`` (the app's first start, ``python -m planner init``) may make a missing SQLite file;
    every other way in refuses a missing database."""
    from planner import sample

    engine = db.get_engine(url)
    init_database(engine, create=create)
    loaded = 0
    if sample_on_first_start:
        uow = UnitOfWork(engine, clock)
        if is_empty(uow):
            try:  # upcoming sample visits follow the clock
                loaded = db.when_not_busy(lambda: sample.load_sample(uow))
            except ValidationError:  # another process (a second server) loaded it a moment ago
                loaded = 0
    return engine, loaded


def is_empty(uow: UnitOfWork) -> bool:
    with uow.transaction() as conn:
        return repository.count_visits(conn) == 0 and not repository.list_sites(conn)


def data_version(uow: UnitOfWork) -> int:
    def read() -> int:
        with uow.transaction() as conn:
            return repository.data_version(conn)

    return int(uow.recall("data_version", read))


# ---------------------------------------------------------------- reference data


def list_categories(uow: UnitOfWork) -> list[Category]:
    with uow.transaction() as conn:
        return repository.list_categories(conn)


# The council report's lines (domain.REPORT_GROUPS) plus "other" for categories it leaves out.
REPORT_GROUP_CHOICES = (*REPORT_GROUPS, "other")


def add_category(uow: UnitOfWork, code: str, label_ko: str, label_en: str, color: str, report_group: str) -> Category:
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
    with uow.transaction(write=True) as conn:
        accounts.require(uow, "category.add")
        existing = {c.code for c in repository.list_categories(conn)}
        if code in existing:
            raise ValidationError("error.category_exists", field="code", value=code)
        category = Category(code, label_ko.strip(), label_en.strip(), color.strip(), report_group)
        repository.insert_categories(conn, [category])
        accounts.record(uow, "category.add", "category", code, None, category_record(category))
        uow.commit()
        return category


def category_record(category: Category) -> dict[str, Any]:
    return {
        "code": category.code,
        "label_ko": category.label_ko,
        "label_en": category.label_en,
        "color": category.color,
        "report_group": category.report_group,
    }


def list_districts(uow: UnitOfWork) -> list[District]:
    with uow.transaction() as conn:
        return repository.list_districts(conn)


# ---------------------------------------------------------------- sites


@dataclass(frozen=True)
class SiteDraft:
    """A new place typed in (alone or together with a visit)."""

    name: str
    lat: float
    lon: float
    address: str = ""
    district: str | None = None
    kind: str = "other"
    allow_outside_seoul: bool = False
    publishable: bool = False  # issue 13: the public calendar may show its address and coordinates


def add_site(uow: UnitOfWork, draft: SiteDraft) -> Site:
    """Register a site; the district comes from the coordinates when not given.

    A point outside Seoul is refused unless the caller confirms it (``allow_outside_seoul``).
    """
    with uow.transaction(write=True):
        accounts.require(uow, "site.add")
        site = insert_site(uow, _new_site(draft))
        uow.commit()
        return site


def insert_site(uow: UnitOfWork, site: Site) -> Site:
    """Store a checked new site (``_new_site``) with its audit record, in the caller's write transaction."""
    with uow.transaction(write=True) as conn:
        site = replace(site, id=repository.insert_site(conn, site))
        accounts.record(uow, "site.add", "site", site.id, None, site_record(site))
        uow.commit()
        return site


def _new_site(draft: SiteDraft) -> Site:
    name = clean_text(draft.name, "sites.name", required=True)
    address = clean_text(draft.address, "sites.address")
    kind = clean_text(draft.kind, "sites.kind") or "other"
    lat, lon = draft.lat, draft.lon
    geo.check_coordinates(lat, lon)
    located = geo.district_at(lat, lon)
    if located is None and not draft.allow_outside_seoul:
        raise ValidationError("error.outside_seoul", field="lat", lat=lat, lon=lon)
    district = draft.district
    if district:
        district = geo.normalize_district(district)
        if located is not None and located != district:
            raise ValidationError("error.district_mismatch", field="district", given=district, located=located)
    else:
        district = located or ""
    return Site(None, name, address, district, float(lat), float(lon), kind, bool(draft.publishable))


def set_site_publishable(uow: UnitOfWork, site_id: int, publishable: bool) -> Site:
    """Mark a site publishable or not (issue 13): whether the public calendar may show its address and
    coordinates; otherwise a public event names only the site and its district."""
    if not valid_id(site_id):
        raise NotFound("error.site_not_found", id=site_id)
    with uow.transaction(write=True) as conn:
        accounts.require(uow, "site.edit")
        before = repository.get_site(conn, site_id)
        if before is None or not repository.set_site_publishable(conn, site_id, bool(publishable)):
            raise NotFound("error.site_not_found", id=site_id)
        accounts.record(
            uow, "site.edit", "site", site_id, {"publishable": before.publishable}, {"publishable": bool(publishable)}
        )
        site = repository.get_site(conn, site_id)
        uow.commit()
    assert site is not None  # just updated in this transaction
    return site


# What ``change_site`` may change, with the text rule each keeps (the rules ``_new_site`` applies).
SITE_EDITABLE = {"name": "sites.name", "address": "sites.address", "kind": "sites.kind"}


def change_site(uow: UnitOfWork, site_id: int, expected_fields: Mapping[str, Any], changes: Mapping[str, Any]) -> Site:
    """Change a site's name, address or kind (issue 12). Sites carry no version: ``expected_fields`` are the
    values the user saw, and a site changed since (any of those differs) is refused with ``StaleVersion``."""
    unknown = set(changes) - set(SITE_EDITABLE)
    if unknown:
        raise ValidationError("error.unknown_field", field=sorted(unknown)[0], value=sorted(unknown)[0])
    values = {f: clean_text(str(v or ""), SITE_EDITABLE[f], f, required=f == "name") for f, v in changes.items()}
    if "kind" in values:
        values["kind"] = values["kind"] or "other"
    if not valid_id(site_id):
        raise NotFound("error.site_not_found", id=site_id)
    with uow.transaction(write=True) as conn:
        accounts.require(uow, "site.edit")
        before = repository.get_site(conn, site_id)
        if before is None:
            raise NotFound("error.site_not_found", id=site_id)
        stored = site_record(before)
        for f, seen in expected_fields.items():
            if f in stored and stored[f] != seen:
                raise StaleVersion("error.site_changed", id=site_id, field=f)
        values = {f: v for f, v in values.items() if stored[f] != v}
        if values:
            repository.update_site(conn, site_id, values)
            accounts.record(uow, "site.edit", "site", site_id, {f: stored[f] for f in values}, values)
        site = repository.get_site(conn, site_id)
        uow.commit()
    assert site is not None  # read in this transaction
    return site


def merge_sites(uow: UnitOfWork, keep_id: int, drop_id: int) -> Site:
    """Merge the duplicate site ``drop_id`` into ``keep_id`` (issue 12): each of its visits moves to
    ``keep_id`` through the visit change path (a new version and its history each), then the dropped site is
    removed; all or nothing."""
    if keep_id == drop_id:
        raise ValidationError("error.merge_same_site", id=keep_id)
    for site_id in (keep_id, drop_id):
        if not valid_id(site_id):
            raise NotFound("error.site_not_found", id=site_id)
    with uow.transaction(write=True) as conn:
        accounts.require(uow, "site.edit")
        keep, drop = repository.get_site(conn, keep_id), repository.get_site(conn, drop_id)
        if keep is None or drop is None:
            raise NotFound("error.site_not_found", id=keep_id if keep is None else drop_id)
        moved = []
        for visit_id in repository.visit_ids_at_site(conn, drop_id):
            visit = get_visit(uow, visit_id)
            # advisory: a merge moves no visit in time, and the two sites are one place; an old overlap or
            # a long drive already accepted must not make a duplicate unmergeable (field rules still apply).
            change_visit(uow, visit, {"site_id": keep_id}, visit.version, advisory=True)
            moved.append(visit_id)
        repository.delete_site(conn, drop_id)
        accounts.record(uow, "site.edit", "site", drop_id, site_record(drop), {"merged_into": keep_id, "visits": moved})
        uow.commit()
        return keep


def list_sites(uow: UnitOfWork) -> list[Site]:
    with uow.transaction() as conn:
        return repository.list_sites(conn)


def site_dongs(uow: UnitOfWork) -> dict[int, str]:
    """The 행정동 staff recorded for each site (``council.set_site_dong``), by site id."""
    with uow.transaction() as conn:
        return repository.site_dongs(conn)


def get_site(uow: UnitOfWork, site_id: int) -> Site:
    if not valid_id(site_id):
        raise NotFound("error.site_not_found", id=site_id)
    with uow.transaction() as conn:
        site = repository.get_site(conn, site_id)
    if site is None:
        raise NotFound("error.site_not_found", id=site_id)
    return site


def find_site_by_name(uow: UnitOfWork, name: str) -> Site:
    check_characters(name, "name")  # a NUL in a query is an error on PostgreSQL
    with uow.transaction() as conn:
        found = repository.find_sites_by_name(conn, name.strip())
    if not found:
        raise NotFound("error.site_name_not_found", name=name)
    if len(found) > 1:
        raise ValidationError(
            "error.site_name_ambiguous", field="site", name=name, ids=", ".join(str(s.id) for s in found)
        )
    return found[0]


def site_record(site: Site) -> dict[str, Any]:
    return {
        "id": site.id,
        "name": site.name,
        "address": site.address,
        "district": site.district,
        "lat": site.lat,
        "lon": site.lon,
        "kind": site.kind,
        "publishable": site.publishable,
    }


# ---------------------------------------------------------------- the change path of visits


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
    fixed: bool | None = None  # None: by status (domain.Visit.is_fixed)
    window_start: datetime | None = None
    window_end: datetime | None = None
    override_reason: str = ""  # saves it over blocking scheduling problems, recorded with it
    embargo_until: datetime | None = None  # issue 13: not public before; None: the global hold-back

    def visit(self, uid: str) -> Visit:
        return Visit(
            id=None,
            uid=uid,
            title=self.title,
            site_id=self.site_id,
            start=self.start,
            end=self.end,
            category=self.category,
            status=Status(self.status),
            purpose=self.purpose,
            attendees=self.attendees,
            notes=self.notes,
            public=bool(self.public),
            important=bool(self.important),
            highlight_rank=self.highlight_rank,
            fixed=self.fixed,
            window_start=self.window_start,
            window_end=self.window_end,
            override_reason=self.override_reason,
            embargo_until=self.embargo_until,
        )


@dataclass(frozen=True)
class Around:
    """The stored visits and busy time of a period, read once, so a bulk import can check many
    visits against their neighbours without two queries per visit (``around``)."""

    visits: list[Visit]  # sorted by start
    starts: list[datetime]
    busy: list[BusyBlock]
    settings: scheduling.PlanSettings | None = None  # the scheduling settings, read once
    places: dict[int, tuple[float, float] | None] = field(default_factory=dict)  # site id -> (lat, lon), as read

    def neighbours(self, visit: Visit) -> tuple[list[Visit], list[BusyBlock]]:
        # A stored visit lasts at most rules.MAX_VISIT_LENGTH: only those starting since then can overlap.
        first = bisect.bisect_left(self.starts, visit.start - rules.MAX_VISIT_LENGTH)
        last = bisect.bisect_left(self.starts, visit.end)
        near = [v for v in self.visits[first:last] if v.end > visit.start and v.id != visit.id]
        return near, [b for b in self.busy if b.start < visit.end and b.end > visit.start]

    def same_day(self, day: date) -> list[Visit]:
        """The stored visits starting on the Seoul date ``day``."""
        midnight = datetime(day.year, day.month, day.day, tzinfo=SEOUL)
        first = bisect.bisect_left(self.starts, midnight)
        last = bisect.bisect_left(self.starts, midnight + timedelta(days=1))
        return self.visits[first:last]


def around(conn: Connection, start: datetime, end: datetime) -> Around:
    """Everything stored that may overlap a visit within [start, end), or share its day."""
    query = VisitQuery(date_from=(start - rules.MAX_VISIT_LENGTH).date(), date_to=end.date() + timedelta(days=1))
    visits = [v for v in repository.list_visits(conn, query) if v.status != Status.CANCELLED]
    visits.sort(key=lambda v: v.start)
    busy = repository.list_busy_blocks(conn, start, end)
    return Around(visits, [v.start for v in visits], busy, scheduling.plan_settings())


# The scheduling rules (planner.scheduling.check_stops) the change path adds to rules.check; overlap and busy
# are rules.check's own, reported once.
SCHEDULING_RULES = ("travel", "holiday", "weekend", "hours", "daily_limit")
# A problem of a visit not yet stored names it "the new visit", not by an id.
_NEW_VISIT_KEYS = {
    "scheduling.holiday": "scheduling.new.holiday",
    "scheduling.weekend": "scheduling.new.weekend",
    "scheduling.hours": "scheduling.new.hours",
}
_NEW_TRAVEL_KEYS = {"first": "scheduling.new.travel_from", "second": "scheduling.new.travel_to"}


def _placed(conn: Connection, visit: Visit, previous: Visit | None, near: Around | None) -> Visit:
    """``visit`` with its site's coordinates (a draft carries only the site id; a changed site moves it); a bulk
    import reads each site once (``near.places``)."""
    moved = previous is not None and previous.site_id != visit.site_id
    if visit.site_id > 0 and (visit.lat is None or visit.lon is None or moved):
        places = near.places if near is not None else {}
        if visit.site_id not in places:
            site = repository.get_site(conn, visit.site_id) if valid_id(visit.site_id) else None
            places[visit.site_id] = (site.lat, site.lon) if site else None
        place = places[visit.site_id]
        return replace(visit, lat=place[0] if place else None, lon=place[1] if place else None)
    return visit


def _stop(visit: Visit, stop_id: int) -> scheduling.Stop:
    return scheduling.Stop(stop_id, visit.start, visit.end, visit.lat or 0.0, visit.lon or 0.0, open=visit.is_open)


def _day_problems(
    conn: Connection, visit: Visit, near: Around | None, settings: scheduling.PlanSettings
) -> list[rules.Problem]:
    """The scheduling problems (``SCHEDULING_RULES``) of ``visit``'s Seoul day that involve it: the day's other
    open visits from storage and the visit itself; the holidays of the ``holidays`` package."""
    if not visit.is_open:
        return []
    day = to_seoul(visit.start).date()
    if near is not None:
        stored = near.same_day(day)
    else:
        stored = repository.list_visits(conn, VisitQuery(date_from=day, date_to=day))
    others = [v for v in stored if v.is_open and v.id != visit.id and v.id is not None]
    me = visit.id if visit.id is not None else scheduling.NEW_ID
    stops = [_stop(v, v.id or 0) for v in others] + [_stop(visit, me)]
    unplaced = {v.id for v in others if v.lat is None or v.lon is None}
    if visit.lat is None or visit.lon is None:
        unplaced.add(me)
    # check_stops' rules, on the stops each needs: the drives into and out of the visit (its neighbours in time
    # order), the visit alone for its date and hours, the whole day for the limit (a bulk import stays linear).
    ordered = sorted(stops, key=lambda s: (s.start, s.end, s.id))
    i = ordered.index(stops[-1])
    found = (
        scheduling.travel_problems(ordered[max(0, i - 1) : i + 2], settings)
        + scheduling.holiday_problems(stops[-1:], settings)
        + scheduling.weekend_problems(stops[-1:], settings)
        + scheduling.hours_problems(stops[-1:], settings)
        + scheduling.daily_limit_problems(stops, settings)
    )
    problems: list[rules.Problem] = []
    for p in sorted(found, key=lambda p: not p.blocking):
        if p.rule not in SCHEDULING_RULES or me not in p.visit_ids:
            continue
        if p.rule == "travel" and unplaced & set(p.visit_ids):
            continue  # a place without coordinates (an import's site still to make): no drive to measure
        if me == scheduling.NEW_ID:
            key = _NEW_VISIT_KEYS.get(p.key, p.key)
            if p.rule == "travel":
                key = _NEW_TRAVEL_KEYS["first" if p.params["first"] == me else "second"]
            p = replace(p, key=key, visit_ids=tuple(i for i in p.visit_ids if i != me))
        problems.append(replace(p, field="start"))
    return problems


def _scheduling_problems(
    conn: Connection,
    visit: Visit,
    previous: Visit | None,
    near: Around | None,
    *,
    override: bool,
    advisory: bool,
) -> list[rules.Problem]:
    """The scheduling rules' verdict on ``visit``, severities from ``PLANNER_RULE_SEVERITY``.

    A blocking problem becomes a warning when the save states an ``override`` reason, when the save is
    ``advisory`` (a calendar import: the events are already in someone's calendar), or when the stored
    version had the same problem already (as with the field rules, a record stored before a rule existed, or
    saved over it, can still change status and notes)."""
    settings = (near.settings if near is not None else None) or scheduling.plan_settings()
    visit = _placed(conn, visit, previous, near)
    problems = _day_problems(conn, visit, near, settings)
    if not any(p.blocking for p in problems):
        return problems
    if override or advisory:
        return [replace(p, severity=rules.Severity.WARNING) for p in problems]
    had: set[tuple[str, str]] = set()
    if previous is not None:
        had = {(p.key, repr(sorted(p.params.items()))) for p in _day_problems(conn, previous, near, settings)}
    return [
        replace(p, severity=rules.Severity.WARNING)
        if p.blocking and (p.key, repr(sorted(p.params.items()))) in had
        else p
        for p in problems
    ]


def _problems(
    conn: Connection,
    visit: Visit,
    *,
    previous: Visit | None = None,
    categories: Collection[str] | None = None,
    near: Around | None = None,
    override: bool = False,
    advisory: bool = False,
) -> list[rules.Problem]:
    """The rules' verdict on ``visit`` with what they need from storage: the known categories,
    the visits and the busy time around it (from ``near`` when the caller read them already), and
    the scheduling rules of its day (``_scheduling_problems``; ``override``/``advisory`` make their
    blocking problems warnings, never those of the fields)."""
    if categories is None:
        categories = {c.code for c in repository.list_categories(conn)}
    new = previous is None
    problems = rules.check(visit, categories=categories, new=new, previous=previous)
    if any(p.blocking for p in problems):
        return problems  # the times may not even be storable: no neighbours to look for
    if near is not None:
        neighbours, busy = near.neighbours(visit)
    else:
        neighbours = repository.overlapping_visits(conn, visit.start, visit.end, visit.id)
        busy = repository.overlapping_busy_blocks(conn, visit.start, visit.end)
    problems = rules.check(visit, categories=categories, neighbours=neighbours, busy=busy, new=new, previous=previous)
    if any(p.blocking for p in problems):
        return problems
    problems += _scheduling_problems(conn, visit, previous, near, override=override, advisory=advisory)
    return sorted(problems, key=lambda p: not p.blocking)


def _refuse_blocking(problems: list[rules.Problem]) -> list[rules.Problem]:
    """Raise the first blocking problem; return the warnings."""
    for problem in problems:
        if problem.blocking:
            raise problem.error()
    return problems


def _site_exists(conn: Connection, site_id: int) -> None:
    if not valid_id(site_id) or repository.get_site(conn, site_id) is None:
        raise NotFound("error.site_not_found", id=site_id)


# The change path in two halves, so a bulk import plans many changes in a read transaction and
# writes them in one short write transaction, through the same rules, versions and history as a
# single edit: ``plan_new``/``plan_change`` decide, ``write_new``/``write_changes`` write.


def plan_new(
    conn: Connection,
    visit: Visit,
    now: datetime,
    *,
    categories: Collection[str] | None = None,
    check_site: bool = True,
    near: Around | None = None,
    advisory: bool = False,
) -> tuple[Visit, list[rules.Problem]]:
    """A new visit as it will be stored, and its warnings; refuses on a blocking problem.

    A visit with an ``override_reason`` is saved over blocking scheduling problems (as warnings); ``advisory``
    (calendar imports) makes every scheduling problem a warning."""
    uid = clean_text(visit.uid, "visits.uid") or new_uid()
    candidate = rules.normalized(replace(visit, id=None, uid=uid, version=1, created_at=now, updated_at=now))
    override = bool(candidate.override_reason)
    warnings = _refuse_blocking(
        _problems(conn, candidate, categories=categories, near=near, override=override, advisory=advisory)
    )
    if check_site:
        _site_exists(conn, candidate.site_id)
    return candidate, warnings


def plan_change(
    conn: Connection,
    current: Visit,
    changes: Mapping[str, Any],
    expected_version: int,
    now: datetime,
    *,
    ics_sequence: int | None = None,
    categories: Collection[str] | None = None,
    near: Around | None = None,
    advisory: bool = False,
    reopen: bool = False,
) -> tuple[Visit, list[rules.Problem]] | None:
    """The next version of ``current`` with ``changes``, and its warnings; None when nothing changes.

    Refuses when the visit is no longer at ``expected_version`` (``StaleVersion``), when a status
    change is not allowed, or when a rule blocks. The calendar SEQUENCE rises when something a
    calendar shows changed (an import passes the incoming ``ics_sequence``, which may be higher).
    Blocking scheduling problems become warnings when ``changes`` state an ``override_reason`` (this save
    overrides them) or the change is ``advisory`` (calendar imports).
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError("error.unknown_field", field=sorted(unknown)[0], value=sorted(unknown)[0])
    if current.version != expected_version:
        raise StaleVersion("error.stale_version", id=current.id, seen=expected_version, current=current.version)
    values = dict(changes)
    if "status" in values:
        values["status"] = (
            values["status"] if isinstance(values["status"], Status) else parse_status(str(values["status"]))
        )
        if reopen:  # an explicit step back (domain.check_reopen), recorded in the history like any change
            check_reopen(current.status, values["status"])
        else:
            check_transition(current.status, values["status"])
    candidate = rules.normalized(replace(current, **values))
    shown_changed = calendar_changed(current, candidate)
    sequence = current.ics_sequence + 1 if shown_changed else current.ics_sequence
    if ics_sequence is not None and shown_changed:
        sequence = max(sequence, ics_sequence)
    if candidate == current:
        return None  # nothing changed: no new version
    override = bool(str(changes.get("override_reason") or "").strip())
    warnings = _refuse_blocking(
        _problems(
            conn,
            candidate,
            previous=current,
            categories=categories,
            near=near,
            override=override,
            advisory=advisory,
        )
    )
    if candidate.site_id != current.site_id and candidate.site_id > 0:
        _site_exists(conn, candidate.site_id)
    return replace(candidate, version=current.version + 1, updated_at=now, ics_sequence=sequence), warnings


def write_new(uow: UnitOfWork, visits: Sequence[Visit]) -> int | None:
    """Insert planned visits, in ``uow``'s open write transaction, if the acting user may create them
    (``access.new_visit_actions``), each with its audit record; the id of the visit when there is one
    (a bulk insert gives none)."""
    accounts.require(uow, *dict.fromkeys(a for v in visits for a in access.new_visit_actions(v.status)))
    conn = uow.conn
    if len(visits) == 1:
        new_id: int | None = repository.insert_visit(conn, visits[0])
        ids = {visits[0].uid: new_id}
    else:
        repository.insert_visits_bulk(conn, visits)
        new_id = None
        ids = {uid: v.id for uid, v in repository.visits_by_uid(conn, {v.uid for v in visits}).items()}
    accounts.record_many(
        uow,
        [
            accounts.Change(access.status_action(v.status), "visit", ids.get(v.uid), None, visit_snapshot(v))
            for v in visits
        ],
    )
    return new_id


def write_changes(uow: UnitOfWork, changes: Sequence[tuple[Visit, Visit]]) -> bool:
    """Write planned changes (current, next), in ``uow``'s open write transaction, if the acting user
    may make them (``access.visit_change_actions``) and every visit is still at its version, keeping
    each replaced version in the history (with the actor) and each change in the audit trail. False
    (and nothing to keep: the caller's transaction must roll back) when one was changed meanwhile."""
    audited: list[accounts.Change] = []
    needed: dict[str, None] = {}
    for current, candidate in changes:
        before, after = accounts.diff(visit_snapshot(current), visit_snapshot(candidate))
        actions = access.visit_change_actions(after, candidate.status if "status" in after else None)
        audited.append(accounts.Change(actions[0] if actions else "visit.edit", "visit", current.id, before, after))
        needed.update(dict.fromkeys(actions))
    accounts.require(uow, *needed)  # once for the whole batch (an import may change thousands)
    conn = uow.conn
    updates = [(candidate, current.version) for current, candidate in changes]
    if repository.update_visits_bulk(conn, updates) != len(updates):
        return False
    for current, _ in changes:
        record_replaced(conn, current, uow.now, accounts.actor_name(uow))
    accounts.record_many(uow, audited)
    return True


def create_visit(
    uow: UnitOfWork, visit: Visit, *, categories: Collection[str] | None = None, check_site: bool = True
) -> Visit:
    """The one way a visit comes into being: the rules (a new visit), then the insert."""
    visit = replace(visit, uid=clean_text(visit.uid, "visits.uid") or new_uid())  # checked before any query
    with uow.transaction(write=True) as conn:
        if repository.get_visit_by_uid(conn, visit.uid) is not None:
            raise ValidationError("error.uid_exists", field="uid", value=visit.uid)
        accounts.require(uow, *access.new_visit_actions(visit.status))  # before the rules speak
        candidate, warnings = plan_new(conn, visit, uow.now, categories=categories, check_site=check_site)
        new_id = write_new(uow, [candidate])
        assert new_id is not None
        stored = repository.get_visit(conn, new_id)
        assert stored is not None
        uow.warnings.extend(warnings)
        uow.commit()
        return stored


def change_visit(
    uow: UnitOfWork,
    current: Visit,
    changes: Mapping[str, Any],
    expected_version: int,
    *,
    ics_sequence: int | None = None,
    categories: Collection[str] | None = None,
    advisory: bool = False,
    reopen: bool = False,
) -> Visit:
    """The one way a stored visit changes (``plan_change`` then ``write_changes``); ``reopen``: the status
    change is an explicit step back (``domain.check_reopen``)."""
    with uow.transaction(write=True) as conn:
        _require_change(uow, current, changes)
        planned = plan_change(
            conn,
            current,
            changes,
            expected_version,
            uow.now,
            ics_sequence=ics_sequence,
            categories=categories,
            advisory=advisory,
            reopen=reopen,
        )
        if planned is None:
            return current
        candidate, warnings = planned
        if not write_changes(uow, [(current, candidate)]):
            stored = repository.get_visit(conn, candidate.id) if candidate.id is not None else None
            raise StaleVersion(
                "error.stale_version", id=current.id, seen=expected_version, current=stored.version if stored else "-"
            )
        stored = repository.get_visit(conn, current.id) if current.id is not None else None
        assert stored is not None
        uow.warnings.extend(warnings)
        uow.commit()
        return stored


def _require_change(uow: UnitOfWork, current: Visit, changes: Mapping[str, Any]) -> None:
    """Refuse a change the acting user may not make before the rules speak (``write_changes`` checks
    the exact change again)."""
    changed = [k for k, v in changes.items() if getattr(current, k, None) != v]
    status: Status | None = None
    if "status" in changed:
        try:
            status = (
                changes["status"] if isinstance(changes["status"], Status) else parse_status(str(changes["status"]))
            )
        except ValidationError:
            return  # plan_change refuses the unknown status itself
    accounts.require(uow, *access.visit_change_actions(changed, status))


def saved_warnings(uow: UnitOfWork, visit: Visit) -> list[rules.Problem]:
    """The warnings the rules give a stored visit as it stands now (after a change of several visits)."""
    with uow.transaction() as conn:
        return rules.warnings(_problems(conn, visit, previous=visit))


def visit_problems(uow: UnitOfWork, visit: Visit) -> list[rules.Problem]:
    """Everything the rules say of a stored visit as it stands now, blocking first (the visit page)."""
    with uow.transaction() as conn:
        return _problems(conn, visit, previous=visit)


def record_replaced(conn: Connection, visit: Visit, replaced_at: datetime, actor: str | None = None) -> None:
    """Keep ``visit`` (the version being replaced) in its history, with who replaced it; only the
    change path (``write_changes``) calls it."""
    repository.insert_history(conn, visit, json.dumps(visit_snapshot(visit), ensure_ascii=False), replaced_at, actor)


# ---------------------------------------------------------------- visits: use cases


def check_draft(
    uow: UnitOfWork, draft: VisitDraft, visit_id: int | None = None, new_site: SiteDraft | None = None
) -> list[rules.Problem]:
    """What the rules say of a visit before it is saved (forms show it next to the save button)."""
    visit = rules.normalized(replace(draft.visit(draft.uid or "draft"), id=visit_id))
    with uow.transaction() as conn:
        previous = repository.get_visit(conn, visit_id) if visit_id is not None else None
        if previous is not None:
            visit = replace(visit, status=previous.status, version=previous.version)
        if new_site is not None:
            try:
                site = _new_site(new_site)
            except ValidationError as error:
                return [rules.Problem.of(error)]
            visit = replace(visit, site_id=0, lat=site.lat, lon=site.lon)
        return _problems(conn, visit, previous=previous)


def check_change(uow: UnitOfWork, visit_id: int, changes: Mapping[str, Any]) -> list[rules.Problem]:
    """What the rules say of a stored visit with ``changes`` before they are saved (the edit form shows it when a
    save is refused); as ``plan_change`` decides, without writing."""
    with uow.transaction() as conn:
        current = repository.get_visit(conn, visit_id)
        if current is None:
            raise NotFound("error.visit_not_found", id=visit_id)
        candidate = rules.normalized(replace(current, **{k: v for k, v in changes.items() if k in EDITABLE_FIELDS}))
        override = bool(str(changes.get("override_reason") or "").strip())
        return _problems(conn, candidate, previous=current, override=override)


def overridable(problems: Sequence[rules.Problem]) -> bool:
    """Whether a save refused for ``problems`` may go through with a stated reason (``override_reason``, the
    CLI's ``--override``): it has blocking problems, and every one is a scheduling rule's (never a field's)."""
    blocking = [p for p in problems if p.blocking]
    return bool(blocking) and all(p.rule in SCHEDULING_RULES for p in blocking)


def add_visit(uow: UnitOfWork, draft: VisitDraft, new_site: SiteDraft | None = None) -> Visit:
    """Create a visit (and, with ``new_site``, its site) in one unit of work: all or nothing."""
    with uow.transaction(write=True):
        if new_site is not None:
            accounts.require(uow, "site.add", *access.new_visit_actions(draft.status))
            draft = replace(draft, site_id=insert_site(uow, _new_site(new_site)).id or 0)
        visit = create_visit(uow, draft.visit(draft.uid or ""))
        uow.commit()
        return visit


def visit_years(uow: UnitOfWork) -> list[int]:
    """Years (Seoul time) from the first to the last visit, newest first."""
    with uow.transaction() as conn:
        first, last = repository.visit_time_range(conn)
    if first is None or last is None:
        return []
    return list(range(last.year, first.year - 1, -1))


def get_visit(uow: UnitOfWork, visit_id: int) -> Visit:
    if not valid_id(visit_id):
        raise NotFound("error.visit_not_found", id=visit_id)
    with uow.transaction() as conn:
        visit = repository.get_visit(conn, visit_id)
    if visit is None:
        raise NotFound("error.visit_not_found", id=visit_id)
    return visit


def update_visit(uow: UnitOfWork, visit_id: int, expected_version: int, changes: Mapping[str, Any]) -> Visit:
    """Apply ``changes`` if nobody changed the visit since the user saw ``expected_version``."""
    with uow.transaction(write=True):
        visit = change_visit(uow, get_visit(uow, visit_id), changes, expected_version)
        uow.commit()
        return visit


def change_status(uow: UnitOfWork, visit_id: int, expected_version: int, new_status: Status | str) -> Visit:
    return update_visit(uow, visit_id, expected_version, {"status": new_status})


def cancel_visit(uow: UnitOfWork, visit_id: int, expected_version: int, reason: str) -> Visit:
    """Cancel an open visit, saying why (issue 12): the reason is required and kept with the visit."""
    reason = clean_text(reason, "visits.cancel_reason", "cancel_reason", required=True)
    return update_visit(uow, visit_id, expected_version, {"status": Status.CANCELLED, "cancel_reason": reason})


def reopen_target(uow: UnitOfWork, visit: Visit) -> Status | None:
    """The status a reopen brings ``visit`` back to (None: it cannot be reopened): one step back in the
    workflow; a cancelled visit goes back to the open status it had before it was cancelled."""
    targets = domain.reopen_statuses(visit.status)
    if not targets:
        return None
    if visit.status != Status.CANCELLED or visit.id is None:
        return next(s for s in domain.WORKFLOW_ORDER if s in targets)
    for entry in visit_history(uow, visit.id):  # newest first: the version the cancel replaced
        before = entry.values.get("status")
        if before in {s.value for s in targets}:
            return Status(before)
    return Status.PROPOSED


def reopen_visit(uow: UnitOfWork, visit_id: int, expected_version: int) -> Visit:
    """Undo a status change by an explicit step back (``reopen_target``), through the change path: the
    version check, the rules of the status it returns to, and the history, which records the reopen."""
    with uow.transaction(write=True):
        current = get_visit(uow, visit_id)
        target = reopen_target(uow, current)
        if target is None:
            raise IllegalTransition("error.illegal_reopen", current=current.status.value, new="-")
        changes: dict[str, Any] = {"status": target}
        if current.status == Status.CANCELLED:
            changes["cancel_reason"] = ""  # the history keeps why it was cancelled
        visit = change_visit(uow, current, changes, expected_version, reopen=True)
        uow.commit()
        return visit


@dataclass(frozen=True)
class HistoryEntry:
    """An earlier version of a visit: its values, and when a newer version replaced it."""

    version: int
    replaced_at: datetime
    values: dict[str, Any]
    changed: tuple[str, ...]  # fields that differ from the version after it
    actor: str | None = None  # who made the version after it (issue 13); None: unknown or local mode
    after: dict[str, Any] = field(default_factory=dict)  # the changed fields' values in the version after it


def history_record(entry: HistoryEntry) -> dict[str, Any]:
    """One change of a visit as ``visits history`` prints it: the version it made, when, by whom, and
    each changed field from its old value to its new one."""
    return {
        "version": entry.version + 1,
        "at": entry.replaced_at.isoformat(),
        "actor": entry.actor,
        "changes": {k: {"from": entry.values.get(k), "to": entry.after.get(k)} for k in entry.changed},
    }


def visit_history(uow: UnitOfWork, visit_id: int) -> list[HistoryEntry]:
    """Earlier versions of a visit, newest first, each with the fields the next edit changed."""
    with uow.transaction() as conn:
        current = get_visit(uow, visit_id)
        rows = repository.list_history(conn, visit_id)
    entries: list[HistoryEntry] = []
    newer = visit_snapshot(current)
    for version, snapshot, replaced_at, actor in rows:
        values = json.loads(snapshot)
        changed = tuple(k for k in EDITABLE_FIELDS if values.get(k) != newer.get(k))
        after = {k: newer.get(k) for k in changed}
        entries.append(HistoryEntry(version, replaced_at, values, changed, actor, after))
        newer = values
    return entries


# The status is not restored: the workflow only moves forward (a cancelled visit stays cancelled); the cancel
# reason follows the status (reopen_visit clears it).
RESTORABLE_FIELDS = tuple(f for f in EDITABLE_FIELDS if f not in ("status", "cancel_reason"))


def restore_version(uow: UnitOfWork, visit_id: int, expected_version: int, version: int) -> Visit:
    """Undo: bring back the contents of an earlier ``version`` as a new version (same checks as
    an edit: refused if the visit changed since ``expected_version``)."""
    with uow.transaction(write=True):
        entry = next((e for e in visit_history(uow, visit_id) if e.version == version), None)
        if entry is None:
            raise NotFound("error.version_not_found", id=visit_id, version=version)
        values = {k: entry.values[k] for k in RESTORABLE_FIELDS if k in entry.values}
        for name in rules.TIME_FIELDS:  # the snapshot keeps times as ISO text
            if values.get(name) is not None:
                values[name] = datetime.fromisoformat(values[name])
        visit = update_visit(uow, visit_id, expected_version, values)
        uow.commit()
        return visit


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


def list_visits(uow: UnitOfWork, query: VisitQuery = VisitQuery()) -> list[Visit]:
    check_query(query)
    with uow.transaction() as conn:
        return repository.list_visits(conn, query)


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
    held_this_year: int  # counted as the council report counts (rules.counts_as_held)


def overview(uow: UnitOfWork) -> Overview:
    """This week's and next week's visits and what needs attention, as of the unit's time."""
    now = uow.now
    today = now.date()
    monday = week_start(today)
    with uow.transaction() as conn:
        window = repository.list_visits(
            conn, VisitQuery(date_from=monday - timedelta(days=30), date_to=monday + timedelta(days=13))
        )
        this_year = repository.list_visits(conn, VisitQuery(year=today.year, statuses=(Status.DONE,)))
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
    for a, b in rules.overlapping_pairs(upcoming):
        attention.append(Attention("attention.overlap", a, b))
    held = sum(1 for v in this_year if rules.counts_as_held(v))
    return Overview(this_week, next_week, attention, monday, held)
