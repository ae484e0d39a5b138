"""Use cases of calendar exchange: export visits as iCalendar, import a calendar file.

The front doors (calendar page, CLI, feed server) call these; ``planner.calendar_ics`` does the
format work. An import first plans every change while only reading, then writes the plan in one
short unit of work: a refusal anywhere leaves nothing written, and a dry run stops after the plan,
which is what the page's preview shows.

Import as ``busy`` stores busy blocks that scheduling respects (``services.conflicts``); import
as ``visits`` makes proposed visits. Either way a re-import updates by UID (and, for a recurring
event, by occurrence) instead of adding duplicates.

Sites of imported visits: a LOCATION equal to a registered site's name (or "name, address", as
our export writes it) is that site; else a GEO equal to a registered site's coordinates is that
site; else GEO makes a new site there (district from the coordinates); else a new site named
after the LOCATION is placed at Seoul City Hall with kind ``unlocated``, for staff to correct.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta
from typing import Any, Literal

from planner import accounts, calendar_ics, config, domain, geo, repository, rules, services
from planner.domain import (
    PUBLIC_STATUSES,
    SEOUL,
    TEXT_MAX,
    TITLE_MAX,
    BusyBlock,
    Category,
    DatabaseBusy,
    Site,
    Status,
    ValidationError,
    Visit,
    VisitQuery,
    allowed_transitions,
    one_line,
    to_seoul,
)
from planner.i18n import t
from planner.uow import UnitOfWork

Mode = Literal["busy", "visits"]
MODES: tuple[Mode, ...] = ("busy", "visits")

# Where a visit imported without coordinates is put (Seoul City Hall), flagged by its site kind.
CITY_HALL = (37.566295, 126.977945)
UNLOCATED_KIND = "unlocated"
# Recurring events are expanded in this window around ``now`` unless the caller gives one.
DEFAULT_WINDOW_BEFORE = timedelta(days=90)
DEFAULT_WINDOW_AFTER = timedelta(days=366)
VISIT_MAX_LENGTH = timedelta(days=7)


# ---------------------------------------------------------------- export


def public_from(visit: Visit, holdback_days: int) -> datetime | None:
    """When ``visit`` may first appear on a public calendar: its own embargo (``embargo_until``) when set,
    else the global hold-back (``holdback_days`` before it starts; 0: no hold-back, None)."""
    if visit.embargo_until is not None:
        return to_seoul(visit.embargo_until)
    return visit.start - timedelta(days=holdback_days) if holdback_days > 0 else None


def released(visit: Visit, now: datetime, holdback_days: int) -> bool:
    """Public calendar hold-back: past its embargo, else within ``holdback_days`` before it starts."""
    moment = public_from(visit, holdback_days)
    return moment is None or moment <= to_seoul(now)


def publishable(visit: Visit, now: datetime, holdback_days: int) -> bool:
    """Whether the public calendar shows ``visit`` (issue 13): marked public, approved, confirmed or done
    (never proposed or cancelled), and past its embargo."""
    return visit.public and visit.status in PUBLIC_STATUSES and released(visit, now, holdback_days)


def public_query(query: VisitQuery) -> VisitQuery | None:
    """``query`` narrowed to what a public calendar may show; None when nothing can match (e.g. only
    proposed visits were asked for)."""
    statuses = tuple(s for s in (query.statuses or tuple(Status)) if s in PUBLIC_STATUSES)
    return replace(query, public_only=True, statuses=statuses) if statuses else None


def holdback_days_setting() -> int:
    return int(config.get("public_holdback_days"))  # type: ignore[call-overload]


def calendar_visits(
    uow: UnitOfWork, query: VisitQuery, public: bool = False, holdback_days: int | None = None
) -> list[Visit]:
    """The visits a calendar shows for ``query``; ``public`` keeps only those ``publishable`` says."""
    if not public:
        return services.list_visits(uow, query)
    narrowed = public_query(query)
    if narrowed is None:
        return []
    days = holdback_days_setting() if holdback_days is None else holdback_days
    return [v for v in services.list_visits(uow, narrowed) if publishable(v, uow.now, days)]


def render(
    visits: Sequence[Visit],
    categories: Sequence[Category],
    now: datetime,
    lang: str = "ko",
    public: bool = False,
    base_url: str | None = None,
    name: str = "",
) -> bytes:
    options = calendar_ics.ExportOptions(
        stamp=now,
        lang=lang,
        base_url=str(config.get("base_url")) if base_url is None else base_url,
        public=public,
        name=name,
        category_labels={c.code: c.label(lang) for c in categories},
    )
    return calendar_ics.visits_to_ical(visits, options)


def export_ics(
    uow: UnitOfWork,
    query: VisitQuery,
    lang: str = "ko",
    public: bool = False,
    holdback_days: int | None = None,
    base_url: str | None = None,
) -> bytes:
    """The calendar file of the visits ``query`` selects (``public``: the publishable subset)."""
    with uow.transaction():
        visits = calendar_visits(uow, query, public, holdback_days)
        return render(visits, services.list_categories(uow), uow.now, lang, public, base_url)


def export_visit_ics(uow: UnitOfWork, visit_id: int, lang: str = "ko", base_url: str | None = None) -> bytes:
    """ "Add to my calendar": one visit as its own calendar file (same UID as in every export)."""
    with uow.transaction():
        visit = services.get_visit(uow, visit_id)
        return render([visit], services.list_categories(uow), uow.now, lang, False, base_url, name=visit.title)


# ---------------------------------------------------------------- import


@dataclass(frozen=True)
class PlanItem:
    """What an import does (or, in a dry run, would do) with one event."""

    action: str  # add, update, unchanged, cancel, remove, skip
    uid: str
    recurrence_id: str
    summary: str
    start: datetime
    end: datetime
    line: int


@dataclass(frozen=True)
class ImportReport:
    mode: Mode
    dry_run: bool
    items: list[PlanItem]
    calendar_name: str = ""
    ignored_components: int = 0
    removed_controls: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[tuple[str, rules.Problem]] = field(default_factory=list)  # (event UID, warning)

    def count(self, action: str) -> int:
        return self.counts.get(action, 0)


def default_window(now: datetime) -> tuple[datetime, datetime]:
    day = to_seoul(now).date()
    start = datetime.combine(day - DEFAULT_WINDOW_BEFORE, time.min, tzinfo=SEOUL)
    return start, datetime.combine(day + DEFAULT_WINDOW_AFTER, time.min, tzinfo=SEOUL)


def import_ics(
    uow: UnitOfWork,
    data: bytes,
    mode: Mode,
    window: tuple[datetime, datetime] | None = None,
    dry_run: bool = False,
    source: str = "",
    default_category: str | None = None,
    lang: str = "ko",
    max_bytes: int | None = None,
) -> ImportReport:
    """Import a calendar file, all or nothing; ``dry_run`` reports what would happen and writes nothing.

    Two steps keep the write lock short (issue 9, item 20: a re-import of 10,000 occurrences held
    it for 9 s and concurrent edits failed): the plan (what to add, update, remove) is made in a
    read transaction, then applied in one short write transaction with bulk statements. If the
    data changed in between (the data version moved), the plan is made again under the lock.
    """
    if mode not in MODES:
        raise ValidationError("error.ics_bad_mode", field="mode", value=mode, allowed=", ".join(MODES))
    now = uow.now
    window = window or default_window(now)
    limit = int(config.get("ics_max_bytes")) if max_bytes is None else max_bytes  # type: ignore[call-overload]
    if not dry_run:  # refused before the file is read (a dry run writes nothing: anyone may preview)
        accounts.require(uow, "busy.import" if mode == "busy" else "visit.import")
    parsed = calendar_ics.parse_ical(data, window, max_bytes=limit)

    def make_plan(conn) -> _Plan:
        version = repository.data_version(conn)  # first: the plan is at most as new as this
        if mode == "busy":
            return _plan_busy(conn, version, parsed, now, window, source or parsed.name)
        return _plan_visits(conn, version, parsed, now, default_category, lang)

    with uow.transaction() as conn:
        plan = make_plan(conn)
    if not dry_run:
        with uow.transaction(write=True) as conn:
            accounts.require(uow, "busy.import" if mode == "busy" else "visit.import")  # issue 13
            if repository.locked_data_version(conn) != plan.version:
                plan = make_plan(conn)  # someone wrote meanwhile: plan again, now under the lock
            plan.apply(uow, now)
            uow.commit()
    counts: dict[str, int] = {}
    for item in plan.items:
        counts[item.action] = counts.get(item.action, 0) + 1
    return ImportReport(
        mode,
        dry_run,
        plan.items,
        parsed.name,
        parsed.ignored_components,
        parsed.removed_controls,
        counts,
        list(plan.warnings),
    )


@dataclass
class _Plan:
    """What an import will write, made without writing; ``apply`` writes it in bulk."""

    version: int  # the data version the plan was made at
    items: list[PlanItem] = field(default_factory=list)
    warnings: list[tuple[str, rules.Problem]] = field(default_factory=list)  # (event UID, warning)

    def apply(self, uow: UnitOfWork, now: datetime) -> None:
        raise NotImplementedError


def _item(action: str, ev: calendar_ics.IncomingEvent, summary: str | None = None) -> PlanItem:
    return PlanItem(
        action, ev.uid, ev.recurrence_id, ev.summary if summary is None else summary, ev.start, ev.end, ev.line
    )


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class _BusyPlan(_Plan):
    new: list[BusyBlock] = field(default_factory=list)
    changed: list[tuple[int, BusyBlock]] = field(default_factory=list)  # (stored id, new values)
    removed: list[int] = field(default_factory=list)

    def apply(self, uow: UnitOfWork, now: datetime) -> None:
        conn = uow.conn
        repository.delete_busy_blocks(conn, self.removed)
        repository.update_busy_blocks_bulk(conn, self.changed, now)
        repository.insert_busy_blocks(conn, self.new, now)


def _plan_busy(
    conn,
    version: int,
    parsed: calendar_ics.ParsedCalendar,
    now: datetime,
    window: tuple[datetime, datetime],
    source: str,
) -> _BusyPlan:
    stored = repository.busy_blocks_by_key(conn, {ev.uid for ev in parsed.events})
    plan = _BusyPlan(version)
    items = plan.items
    for ev in parsed.events:
        current = stored.get(ev.key)
        if ev.cancelled or ev.transparent:
            # Cancelled or "free" time blocks nothing: drop what an earlier import stored.
            if current is not None:
                plan.removed.append(current.id or 0)
                items.append(_item("remove", ev))
            else:
                items.append(_item("skip", ev))
            continue
        block = BusyBlock(
            None,
            ev.uid,
            ev.recurrence_id,
            _clip(ev.summary, TITLE_MAX),
            ev.start,
            ev.end,
            ev.all_day,
            _clip(source, 200),
            ev.sequence,
        )
        if current is None:
            plan.new.append(block)
            items.append(_item("add", ev))
        elif (current.summary, current.start, current.end, current.all_day, current.sequence) == (
            block.summary,
            block.start,
            block.end,
            block.all_day,
            block.sequence,
        ):
            items.append(_item("unchanged", ev))
        else:
            plan.changed.append((current.id or 0, block))
            items.append(_item("update", ev))
    # Occurrences of a re-imported series that the file no longer has (a new EXDATE, a shorter rule).
    present = {ev.key for ev in parsed.events}
    start, end = window
    for (uid, rid), block in stored.items():
        if uid in parsed.recurring_uids and rid and (uid, rid) not in present and start <= block.start < end:
            plan.removed.append(block.id or 0)
            items.append(PlanItem("remove", uid, rid, block.summary, block.start, block.end, 0))
    return plan


class _Sites:
    """Finds or makes the site of each imported event (see the module docstring).

    ``plan`` every event first (reads only); ``ref`` is then a registered site's id or the key of a
    site to make; the apply step's ``flush`` inserts all new sites in one statement and ``created``
    maps keys to their ids: at 10,000 events, one insert per new site cost more than the parsing.
    """

    def __init__(self, conn, lang: str) -> None:
        self.lang = lang
        self.by_location: dict[str, int] = {}
        self.by_point: dict[tuple[float, float], int] = {}
        self.unlocated: set[int] = set()
        self.pending: dict[str, Site] = {}  # key -> site to create
        self.created: dict[str, int] = {}
        for site in repository.list_sites(conn):
            self._remember(site, site.id or 0)

    def _remember(self, site: Site, site_id: int) -> None:
        self.by_location.setdefault(site.name, site_id)
        if site.address:
            self.by_location.setdefault(f"{site.name}, {site.address}", site_id)
        self.by_point.setdefault((round(site.lat, 6), round(site.lon, 6)), site_id)
        if site.kind == UNLOCATED_KIND:
            self.unlocated.add(site_id)
            # An unlocated site keeps the LOCATION it was made from as its address: a re-import
            # of the same LOCATION ("a, b" without GEO) is that site, not another one.
            if site.address:
                self.by_location.setdefault(site.address, site_id)

    def _existing(self, ev: calendar_ics.IncomingEvent) -> int | None:
        if ev.location and ev.location in self.by_location:
            return self.by_location[ev.location]
        if ev.geo is not None:
            found = self.by_point.get((round(ev.geo[0], 6), round(ev.geo[1], 6)))
            if found is not None and (not ev.location or found not in self.unlocated):
                return found
        return None

    @staticmethod
    def _key(ev: calendar_ics.IncomingEvent) -> str:
        geo_part = f"{ev.geo[0]:.6f},{ev.geo[1]:.6f}" if ev.geo is not None else ""
        return f"{ev.location}|{geo_part}"

    def plan(self, ev: calendar_ics.IncomingEvent) -> None:
        key = self._key(ev)
        if self._existing(ev) is not None or key in self.pending:
            return
        location = ev.location
        name, _, _ = location.partition(", ")
        # Our own export names the site and its address apart (a name may hold ", ").
        name = ev.planner.get("x-planner-site") or name
        location = ev.planner.get("x-planner-address", location if "x-planner-site" not in ev.planner else "")
        name = _clip(name.strip() or t("calendar.unnamed_site", self.lang), TITLE_MAX)
        if ev.geo is not None:
            lat, lon = ev.geo
            self.pending[key] = Site(
                None, name, _clip(location, 300), geo.district_at(lat, lon) or "", lat, lon, "other"
            )
        else:
            lat, lon = CITY_HALL
            self.pending[key] = Site(None, name, _clip(location, 300), "중구", lat, lon, UNLOCATED_KIND)

    def flush(self, uow: UnitOfWork) -> None:
        keys = list(self.pending)
        rows = [{k: v for k, v in self.pending[key].__dict__.items() if k != "id"} for key in keys]
        ids = repository.insert_sites_returning_ids(uow.conn, rows)
        self.created = dict(zip(keys, ids, strict=True))
        # Issue 13: each site made by the import is in the audit trail (and needs site.add).
        accounts.record_many(
            uow,
            [
                accounts.Change("site.add", "site", i, None, services.site_record(replace(self.pending[k], id=i)))
                for k, i in self.created.items()
            ],
        )

    def ref(self, ev: calendar_ics.IncomingEvent) -> int | str:
        found = self._existing(ev)
        return found if found is not None else self._key(ev)

    def placed(self, visit: Visit, ref: int | str) -> Visit:
        """``visit`` at its site: a new site's id is known only after ``flush``."""
        return replace(visit, site_id=ref if isinstance(ref, int) else self.created[ref])


def _category(ev: calendar_ics.IncomingEvent, categories: Sequence[Category], default: str) -> str:
    codes = {c.code for c in categories}
    hinted = ev.planner.get("x-planner-category", "")
    if hinted in codes:
        return hinted
    names: dict[str, str] = {}
    for c in categories:
        for label in (c.code, c.label_ko, c.label_en):
            names.setdefault(label.casefold(), c.code)
    for label in ev.categories:
        if label.casefold() in names:
            return names[label.casefold()]
    return default


@dataclass
class _VisitPlan(_Plan):
    sites: _Sites | None = None
    new: list[tuple[Visit, int | str]] = field(default_factory=list)  # (visit, site ref)
    # (stored visit, its next version, site ref): each replaced version goes to the history
    changed: list[tuple[Visit, Visit, int | str]] = field(default_factory=list)

    def apply(self, uow: UnitOfWork, now: datetime) -> None:
        assert self.sites is not None
        self.sites.flush(uow)
        if self.new:
            services.write_new(uow, [self.sites.placed(v, ref) for v, ref in self.new])
        changes = [(current, self.sites.placed(v, ref)) for current, v, ref in self.changed]
        if not services.write_changes(uow, changes):
            # A writer that does not raise the data version changed one meanwhile: nothing is kept.
            raise DatabaseBusy("error.db_busy", where="visits")


def _plan_visits(
    conn,
    version: int,
    parsed: calendar_ics.ParsedCalendar,
    now: datetime,
    default_category: str | None,
    lang: str,
) -> _VisitPlan:
    categories = repository.list_categories(conn)
    codes = {c.code for c in categories}
    if default_category is None:
        default_category = categories[-1].code if categories else ""
    elif default_category not in codes:
        raise ValidationError("error.unknown_category", field="category", value=default_category)
    sites = _Sites(conn, lang)
    stored = repository.visits_by_uid(conn, {_visit_uid(ev) for ev in parsed.events})
    for ev in parsed.events:
        if not ev.cancelled and (ev.location or ev.geo or _visit_uid(ev) not in stored):
            sites.plan(ev)
    plan = _VisitPlan(version, sites=sites)
    items = plan.items
    # The neighbours the rules look at, read once for the whole file (not two queries per event).
    near = services.around(conn, *parsed.span) if parsed.events else None

    def change(current: Visit, changes: dict[str, Any], ref: int | str, ev: calendar_ics.IncomingEvent) -> None:
        if "title" in changes:  # a SUMMARY may hold an escaped newline: keep its words, not the break
            changes = {**changes, "title": one_line(changes["title"])}
        planned = services.plan_change(
            conn,
            current,
            changes,
            current.version,
            now,
            ics_sequence=ev.sequence,
            categories=codes,
            near=near,
            advisory=True,
        )
        if planned is not None:
            plan.changed.append((current, planned[0], ref))
            plan.warnings.extend((ev.uid, w) for w in planned[1])

    for ev in parsed.events:
        uid = _visit_uid(ev)
        current = stored.get(uid)
        if ev.cancelled:
            if current is not None and Status.CANCELLED in allowed_transitions(current.status):
                change(current, {"status": Status.CANCELLED}, current.site_id, ev)
                items.append(_item("cancel", ev))
            else:
                items.append(_item("skip", ev))
            continue
        end = ev.end if ev.end > ev.start else ev.start + timedelta(hours=1)  # no end: an hour
        if end - ev.start > VISIT_MAX_LENGTH:
            raise ValidationError(
                "error.ics_visit_too_long", field="file", uid=ev.uid, line=ev.line, summary=ev.summary
            )
        ref = sites.ref(ev) if current is None or ev.location or ev.geo else current.site_id
        fields = {
            "title": _clip(ev.summary or t("calendar.untitled", lang), TITLE_MAX),
            "start": ev.start,
            "end": end,
            # A site still to make: a placeholder id no stored site has, until the apply step.
            "site_id": ref if isinstance(ref, int) else 0,
            "category": _category(ev, categories, default_category),
            # A file of ours carries the purpose apart (absent: none); DESCRIPTION then also holds
            # the link back, which is not a purpose. Other files: DESCRIPTION is the purpose.
            "purpose": _clip(
                ev.planner.get("x-planner-purpose", "" if _ours(ev) else ev.description),
                TEXT_MAX,
            ),
            "attendees": _clip(ev.planner.get("x-planner-attendees", ev.attendees), TEXT_MAX),
        }
        if "x-planner-notes" in ev.planner:
            fields["notes"] = _clip(ev.planner["x-planner-notes"], TEXT_MAX)
        if current is None:
            visit = Visit(
                id=None,
                uid=uid,
                status=Status.PROPOSED,
                version=1,
                created_at=now,
                updated_at=now,
                ics_sequence=ev.sequence,
                **fields,  # type: ignore[arg-type]
            )
            visit = replace(visit, title=one_line(visit.title))
            planned_visit, warnings = services.plan_new(
                conn, visit, now, categories=codes, check_site=False, near=near, advisory=True
            )
            plan.new.append((planned_visit, ref))
            plan.warnings.extend((ev.uid, w) for w in warnings)
            items.append(_item("add", ev))
            continue
        candidate = replace(current, **fields)  # type: ignore[arg-type]  # fields: the Visit fields an event carries
        if not domain.calendar_changed(current, candidate):
            items.append(_item("unchanged", ev))
            continue
        change(current, fields, ref, ev)
        items.append(_item("update", ev))
    return plan


def _ours(ev: calendar_ics.IncomingEvent) -> bool:
    """Written by our export (every event it writes carries X-PLANNER-CATEGORY)."""
    return "x-planner-category" in ev.planner


def _visit_uid(ev: calendar_ics.IncomingEvent) -> str:
    return ev.uid if not ev.recurrence_id else f"{ev.uid}#{ev.recurrence_id}"


# ---------------------------------------------------------------- busy time


def list_busy(uow: UnitOfWork, start: datetime | None = None, end: datetime | None = None) -> list[BusyBlock]:
    with uow.transaction() as conn:
        return repository.list_busy_blocks(conn, start, end)
