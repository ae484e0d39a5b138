"""Rows to domain objects and back, and the queries the services need.

Every function takes an open connection (from ``db.transaction``) so the caller decides where a
unit of work begins and ends. Writes bump the database's data version, which caches key on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Integer, String, and_, bindparam, cast, delete, func, or_, select, update
from sqlalchemy.engine import Connection, CursorResult, RowMapping
from sqlalchemy.sql import Select

from planner import db
from planner.domain import (
    JOINED_FIELDS,
    SEOUL,
    VISIT_COLUMNS,
    Briefing,
    BusyBlock,
    Category,
    District,
    FeedToken,
    Participant,
    Site,
    Status,
    Visit,
    VisitQuery,
)


def _inserted_id(result: CursorResult[Any]) -> int:
    """The primary key an INSERT of one row made."""
    key = result.inserted_primary_key
    assert key is not None  # an INSERT of one row always has one
    return int(key[0])


# ---------------------------------------------------------------- data version


def data_version(conn: Connection) -> int:
    value = conn.execute(select(db.meta.c.value).where(db.meta.c.key == "data_version")).scalar()
    return int(value) if value is not None else 0


def bump_data_version(conn: Connection) -> int:
    """Raise the data version by one and return it. One atomic ``UPDATE … SET v = v + 1``: a read
    and a write back would lose increments between concurrent writers on PostgreSQL (READ
    COMMITTED) and could even move the version backwards, leaving caches keyed on it stale."""
    value = db.meta.c.value
    bumped = conn.execute(
        update(db.meta)
        .where(db.meta.c.key == "data_version")
        .values(value=cast(cast(value, Integer) + 1, String))
        .returning(value)
    ).scalar()
    if bumped is None:  # a database made before the schema wrote the row (create_schema does now)
        conn.execute(db.meta.insert().values(key="data_version", value="1"))
        return 1
    return int(bumped)


# ---------------------------------------------------------------- districts, categories


def list_districts(conn: Connection) -> list[District]:
    rows = conn.execute(select(db.districts).order_by(db.districts.c.code)).mappings()
    return [District(r["code"], r["name_ko"], r["name_en"], r["lat"], r["lon"]) for r in rows]


def insert_districts(conn: Connection, items: Iterable[District]) -> None:
    values = [d.__dict__ for d in items]
    if values:
        conn.execute(db.districts.insert(), values)
        bump_data_version(conn)


def list_categories(conn: Connection) -> list[Category]:
    rows = conn.execute(select(db.categories).order_by(db.categories.c.sort_order, db.categories.c.code)).mappings()
    return [
        Category(r["code"], r["label_ko"], r["label_en"], r["color"], r["report_group"], r["sort_order"]) for r in rows
    ]


def insert_categories(conn: Connection, items: Iterable[Category]) -> None:
    values = [c.__dict__ for c in items]
    if values:
        conn.execute(db.categories.insert(), values)
        bump_data_version(conn)


# ---------------------------------------------------------------- sites


def _site(r: RowMapping) -> Site:
    return Site(r["id"], r["name"], r["address"], r["district"], r["lat"], r["lon"], r["kind"], bool(r["publishable"]))


def insert_site(conn: Connection, site: Site) -> int:
    values = {k: v for k, v in site.__dict__.items() if k != "id"}
    new_id = _inserted_id(conn.execute(db.sites.insert().values(**values)))
    bump_data_version(conn)
    return int(new_id)


def set_site_publishable(conn: Connection, site_id: int, publishable: bool) -> bool:
    result = conn.execute(update(db.sites).where(db.sites.c.id == site_id).values(publishable=publishable))
    if result.rowcount == 1:
        bump_data_version(conn)
        return True
    return False


def update_site(conn: Connection, site_id: int, values: Mapping[str, Any]) -> bool:
    """Set some of a site's own columns (name, address, kind); False when there is no such site."""
    result = conn.execute(update(db.sites).where(db.sites.c.id == site_id).values(**dict(values)))
    if result.rowcount == 1:
        bump_data_version(conn)
        return True
    return False


def delete_site(conn: Connection, site_id: int) -> bool:
    """Remove a site no visit refers to any more (a merged duplicate)."""
    done = conn.execute(delete(db.sites).where(db.sites.c.id == site_id)).rowcount == 1
    if done:
        bump_data_version(conn)
    return done


def visit_ids_at_site(conn: Connection, site_id: int) -> list[int]:
    v = db.visits
    return [int(i) for i in conn.execute(select(v.c.id).where(v.c.site_id == site_id).order_by(v.c.id)).scalars()]


def get_site(conn: Connection, site_id: int) -> Site | None:
    row = conn.execute(select(db.sites).where(db.sites.c.id == site_id)).mappings().first()
    return _site(row) if row else None


def find_sites_by_name(conn: Connection, name: str) -> list[Site]:
    rows = conn.execute(select(db.sites).where(db.sites.c.name == name).order_by(db.sites.c.id)).mappings()
    return [_site(r) for r in rows]


def list_sites(conn: Connection) -> list[Site]:
    rows = conn.execute(select(db.sites).order_by(db.sites.c.id)).mappings()
    return [_site(r) for r in rows]


# ---------------------------------------------------------------- visits


def _visit(r: RowMapping) -> Visit:
    values: dict[str, Any] = {name: r[column] for name, column in VISIT_COLUMNS.items()}
    values.update({name: r[name] for name in JOINED_FIELDS})
    values["status"] = Status(values["status"])
    values["public"], values["important"] = bool(values["public"]), bool(values["important"])
    values["site_publishable"] = bool(values["site_publishable"])
    return Visit(**values)


def _visit_select() -> Select[Any]:
    v, s = db.visits, db.sites
    return select(
        v,
        s.c.name.label("site_name"),
        s.c.address.label("site_address"),
        s.c.district,
        s.c.lat,
        s.c.lon,
        s.c.publishable.label("site_publishable"),
    ).join(s, s.c.id == v.c.site_id)


def _visit_row_values(visit: Visit) -> dict[str, Any]:
    values = {column: getattr(visit, name) for name, column in VISIT_COLUMNS.items() if name != "id"}
    values["status"] = visit.status.value
    return values


def insert_visit(conn: Connection, visit: Visit) -> int:
    new_id = _inserted_id(conn.execute(db.visits.insert().values(**_visit_row_values(visit))))
    bump_data_version(conn)
    return int(new_id)


def insert_visits_bulk(conn: Connection, items: Sequence[Visit]) -> None:
    """Core executemany: an order of magnitude faster than row by row for sample/bench data."""
    if items:
        conn.execute(db.visits.insert(), [_visit_row_values(v) for v in items])
        bump_data_version(conn)


def get_visit(conn: Connection, visit_id: int) -> Visit | None:
    row = conn.execute(_visit_select().where(db.visits.c.id == visit_id)).mappings().first()
    return _visit(row) if row else None


def get_visit_by_uid(conn: Connection, uid: str) -> Visit | None:
    row = conn.execute(_visit_select().where(db.visits.c.uid == uid)).mappings().first()
    return _visit(row) if row else None


def update_visit(conn: Connection, visit: Visit, seen_version: int) -> bool:
    """Write ``visit`` only if the stored version is still ``seen_version``; False = conflict."""
    values = _visit_row_values(visit)
    values.pop("created_at")
    values.pop("uid")
    result = conn.execute(
        update(db.visits).where(and_(db.visits.c.id == visit.id, db.visits.c.version == seen_version)).values(**values)
    )
    if result.rowcount == 1:
        bump_data_version(conn)
        return True
    return False


def _day_start(d: date) -> datetime:
    return datetime.combine(d, time.min, tzinfo=SEOUL)


def _where(query: VisitQuery) -> list[Any]:
    v, s = db.visits, db.sites
    clauses: list[Any] = []
    if query.year is not None:
        clauses.append(v.c.start_at >= _day_start(date(query.year, 1, 1)))
        clauses.append(v.c.start_at < _day_start(date(query.year + 1, 1, 1)))
    if query.date_from is not None:
        clauses.append(v.c.start_at >= _day_start(query.date_from))
    if query.date_to is not None:
        clauses.append(v.c.start_at < _day_start(query.date_to + timedelta(days=1)))
    if query.categories:
        clauses.append(v.c.category.in_(query.categories))
    if query.districts:
        clauses.append(s.c.district.in_(query.districts))
    if query.statuses:
        clauses.append(v.c.status.in_([st.value for st in query.statuses]))
    if query.public_only:
        clauses.append(v.c.public.is_(True))
    if query.ids:
        clauses.append(v.c.id.in_(query.ids))
    if query.kinds:
        clauses.append(v.c.kind.in_(query.kinds))
    text = query.text.strip()
    if text:
        # LIKE wildcards typed by a user are literal characters, not patterns.
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped.lower()}%"
        clauses.append(
            or_(
                *(
                    func.lower(col).like(pattern, escape="\\")
                    for col in (v.c.title, v.c.purpose, v.c.attendees, v.c.notes, s.c.name)
                )
            )
        )
    return clauses


def list_visits(conn: Connection, query: VisitQuery = VisitQuery()) -> list[Visit]:
    stmt = _visit_select().where(*_where(query)).order_by(db.visits.c.start_at, db.visits.c.id)
    return [_visit(r) for r in conn.execute(stmt).mappings()]


def visit_time_range(conn: Connection) -> tuple[datetime | None, datetime | None]:
    start = db.visits.c.start_at
    row = conn.execute(select(func.min(start), func.max(start))).first()
    if row is None or row[0] is None:
        return None, None
    # Aggregates bypass the column type on some backends: convert like a column read would.
    conv = db.UTCDateTime().process_result_value
    first, last = row
    if first.tzinfo is None:
        first, last = conv(first, None), conv(last, None)
    return first, last


def last_visit_by_district(conn: Connection, statuses: Sequence[Status], before: datetime) -> dict[str, datetime]:
    """The start of each district's latest visit in ``statuses`` starting before ``before`` (the week plan's
    days since the last visit; issue 11). Districts of the visits' sites, Korean names."""
    v, s = db.visits, db.sites
    stmt = (
        select(s.c.district, func.max(v.c.start_at))
        .select_from(v.join(s, v.c.site_id == s.c.id))
        .where(v.c.status.in_([st.value for st in statuses]), v.c.start_at < before, s.c.district != "")
        .group_by(s.c.district)
    )
    conv = db.UTCDateTime().process_result_value  # aggregates bypass the column type on some backends
    result: dict[str, datetime] = {}
    for district, last in conn.execute(stmt):
        if isinstance(last, str):
            last = datetime.fromisoformat(last)
        converted = conv(last, None) if last.tzinfo is None else last
        if converted is not None:
            result[district] = converted
    return result


def count_visits(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(db.visits)).scalar() or 0)


def overlapping_visits(conn: Connection, start: datetime, end: datetime, exclude_id: int | None = None) -> list[Visit]:
    """Open or done visits whose time range intersects [start, end)."""
    v = db.visits
    stmt = _visit_select().where(
        v.c.start_at < end,
        v.c.end_at > start,
        v.c.status != Status.CANCELLED.value,
    )
    if exclude_id is not None:
        stmt = stmt.where(v.c.id != exclude_id)
    return [_visit(r) for r in conn.execute(stmt.order_by(v.c.start_at)).mappings()]


# ---------------------------------------------------------------- statistics (issue 5)

FACT_COLUMNS = ("id", "start_utc", "end_utc", "status", "category", "site_id", "district", "highlight_rank")


def visit_fact_rows(conn: Connection) -> list[tuple[Any, ...]]:
    """Every visit as a narrow row (``FACT_COLUMNS``) for aggregation; times naive UTC.

    The raw UTC values skip the per-row time-zone conversion of ``UTCDateTime``: at 100,000
    visits the caller converts the whole column at once, which is an order of magnitude faster.
    """
    from sqlalchemy import DateTime, type_coerce

    v, s = db.visits, db.sites
    stmt = select(
        v.c.id,
        type_coerce(v.c.start_at, DateTime),
        type_coerce(v.c.end_at, DateTime),
        v.c.status,
        v.c.category,
        v.c.site_id,
        s.c.district,
        v.c.highlight_rank,
    ).join(s, s.c.id == v.c.site_id)
    return [tuple(r) for r in conn.execute(stmt)]


# ---------------------------------------------------------------- calendar exchange (issue 4)


def _busy(r: RowMapping) -> BusyBlock:
    return BusyBlock(
        r["id"],
        r["uid"],
        r["recurrence_id"],
        r["summary"],
        r["start_at"],
        r["end_at"],
        bool(r["all_day"]),
        r["source"],
        r["sequence"],
    )


def list_busy_blocks(conn: Connection, start: datetime | None = None, end: datetime | None = None) -> list[BusyBlock]:
    """Busy blocks intersecting [start, end) (all when not given), by start time."""
    b = db.busy_blocks
    stmt = select(b)
    if start is not None:
        stmt = stmt.where(b.c.end_at > start)
    if end is not None:
        stmt = stmt.where(b.c.start_at < end)
    return [_busy(r) for r in conn.execute(stmt.order_by(b.c.start_at, b.c.id)).mappings()]


def busy_blocks_by_key(conn: Connection, uids: Iterable[str]) -> dict[tuple[str, str], BusyBlock]:
    """Stored busy blocks of these UIDs, keyed by (uid, recurrence_id)."""
    b = db.busy_blocks
    wanted = sorted(set(uids))
    found: dict[tuple[str, str], BusyBlock] = {}
    for i in range(0, len(wanted), 500):  # stay under SQLite's bound-parameter limit
        rows = conn.execute(select(b).where(b.c.uid.in_(wanted[i : i + 500]))).mappings()
        for r in rows:
            block = _busy(r)
            found[(block.uid, block.recurrence_id)] = block
    return found


def _busy_values(block: BusyBlock, imported_at: datetime) -> dict[str, Any]:
    return {
        "uid": block.uid,
        "recurrence_id": block.recurrence_id,
        "summary": block.summary,
        "start_at": block.start,
        "end_at": block.end,
        "all_day": block.all_day,
        "source": block.source,
        "sequence": block.sequence,
        "imported_at": imported_at,
    }


def insert_busy_blocks(conn: Connection, blocks: Sequence[BusyBlock], imported_at: datetime) -> None:
    if blocks:
        conn.execute(db.busy_blocks.insert(), [_busy_values(b, imported_at) for b in blocks])
        bump_data_version(conn)


def delete_busy_blocks(conn: Connection, ids: Iterable[int]) -> None:
    ids = list(ids)
    if ids:
        conn.execute(db.busy_blocks.delete().where(db.busy_blocks.c.id.in_(ids)))
        bump_data_version(conn)


def overlapping_busy_blocks(conn: Connection, start: datetime, end: datetime) -> list[BusyBlock]:
    return list_busy_blocks(conn, start, end)


def visits_by_uid(conn: Connection, uids: Iterable[str]) -> dict[str, Visit]:
    wanted = sorted(set(uids))
    found: dict[str, Visit] = {}
    for i in range(0, len(wanted), 500):
        rows = conn.execute(_visit_select().where(db.visits.c.uid.in_(wanted[i : i + 500]))).mappings()
        for r in rows:
            found[r["uid"]] = _visit(r)
    return found


def insert_sites_returning_ids(conn: Connection, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert many sites in one executemany; their new ids in the order of ``rows``."""
    if not rows:
        return []
    stmt = db.sites.insert().returning(db.sites.c.id, sort_by_parameter_order=True)
    ids = [int(r[0]) for r in conn.execute(stmt, list(rows))]
    bump_data_version(conn)
    return ids


def locked_data_version(conn: Connection) -> int:
    """The data version, its row locked until the end of the transaction where the backend can
    (PostgreSQL; a SQLite write transaction holds the whole database already)."""
    stmt = select(db.meta.c.value).where(db.meta.c.key == "data_version").with_for_update()
    value = conn.execute(stmt).scalar()
    return int(value) if value is not None else 0


def update_busy_blocks_bulk(conn: Connection, changes: Sequence[tuple[int, BusyBlock]], imported_at: datetime) -> None:
    """Rewrite many busy blocks in one executemany: (stored id, new values)."""
    if changes:
        b = db.busy_blocks
        rows = [{"b_id": block_id, **_busy_values(block, imported_at)} for block_id, block in changes]
        conn.execute(update(b).where(b.c.id == bindparam("b_id")), rows)
        bump_data_version(conn)


def update_visits_bulk(conn: Connection, changes: Sequence[tuple[Visit, int]]) -> int:
    """``update_visit`` for many visits in one executemany: (visit, seen version) each.

    Returns how many rows matched their seen version (all of them unless someone changed one)."""
    if not changes:
        return 0
    v = db.visits
    rows = []
    for visit, seen in changes:
        values = _visit_row_values(visit)
        values.pop("created_at")
        values.pop("uid")
        rows.append({"b_id": visit.id, "b_seen": seen, **values})
    result = conn.execute(update(v).where(v.c.id == bindparam("b_id"), v.c.version == bindparam("b_seen")), rows)
    bump_data_version(conn)
    return result.rowcount if conn.dialect.supports_sane_multi_rowcount else len(rows)


def max_visit_updated_at(conn: Connection) -> datetime | None:
    value = conn.execute(select(func.max(db.visits.c.updated_at))).scalar()
    if value is not None and value.tzinfo is None:
        value = db.UTCDateTime().process_result_value(value, None)
    return value


def _feed(r: RowMapping) -> FeedToken:
    import json

    return FeedToken(
        r["token"],
        json.loads(r["filter_json"] or "{}"),
        bool(r["public"]),
        r["created_at"],
        r["revoked_at"],
        r["expires_at"],
    )


def insert_feed_token(conn: Connection, feed: FeedToken) -> None:
    import json

    conn.execute(
        db.feed_tokens.insert().values(
            token=feed.token,
            filter_json=json.dumps(feed.filter, ensure_ascii=False, sort_keys=True),
            public=feed.public,
            created_at=feed.created_at,
            revoked_at=feed.revoked_at,
            expires_at=feed.expires_at,
        )
    )
    bump_data_version(conn)


def get_feed_token(conn: Connection, token: str) -> FeedToken | None:
    row = conn.execute(select(db.feed_tokens).where(db.feed_tokens.c.token == token)).mappings().first()
    return _feed(row) if row else None


def list_feed_tokens(conn: Connection) -> list[FeedToken]:
    rows = conn.execute(select(db.feed_tokens).order_by(db.feed_tokens.c.created_at, db.feed_tokens.c.token))
    return [_feed(r) for r in rows.mappings()]


def revoke_feed_token(conn: Connection, token: str, when: datetime) -> bool:
    result = conn.execute(
        update(db.feed_tokens)
        .where(db.feed_tokens.c.token == token, db.feed_tokens.c.revoked_at.is_(None))
        .values(revoked_at=when)
    )
    if result.rowcount == 1:
        bump_data_version(conn)
        return True
    return False


# ---------------------------------------------------------------- visit history


def insert_history(
    conn: Connection, visit: Visit, snapshot: str, replaced_at: datetime, actor: str | None = None
) -> None:
    conn.execute(
        db.visit_history.insert().values(
            visit_id=visit.id, version=visit.version, snapshot=snapshot, replaced_at=replaced_at, actor=actor
        )
    )


def list_history(conn: Connection, visit_id: int) -> list[tuple[int, str, datetime, str | None]]:
    """(version, snapshot JSON, replaced_at, actor) of a visit's earlier versions, newest first."""
    h = db.visit_history
    rows = conn.execute(
        select(h.c.version, h.c.snapshot, h.c.replaced_at, h.c.actor)
        .where(h.c.visit_id == visit_id)
        .order_by(h.c.version.desc())
    )
    return [(r[0], r[1], r[2], r[3]) for r in rows]


# ---------------------------------------------------------------- council liaison
# Rows come back as mappings: the council's domain objects live in planner.council, which uses
# this module, so mapping them here would import in a circle.


def list_councillors(conn: Connection) -> list[RowMapping]:
    c = db.councillors
    return list(conn.execute(select(c).order_by(c.c.district, c.c.name)).mappings())


def councillor_exists(conn: Connection, councillor_id: int) -> bool:
    c = db.councillors
    return conn.execute(select(c.c.id).where(c.c.id == councillor_id)).first() is not None


def insert_councillor(conn: Connection, values: dict[str, Any]) -> int:
    new_id = _inserted_id(conn.execute(db.councillors.insert().values(**values)))
    bump_data_version(conn)
    return new_id


def insert_councillors(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        conn.execute(db.councillors.insert(), list(rows))
        bump_data_version(conn)


def sent_notices(conn: Connection, visit_id: int) -> dict[tuple[int, str], tuple[datetime, str]]:
    """What was sent about a visit: (councillor id, kind) -> (sent_at, method)."""
    n = db.liaison_notices
    rows = conn.execute(select(n.c.councillor_id, n.c.kind, n.c.sent_at, n.c.method).where(n.c.visit_id == visit_id))
    return {(r[0], r[1]): (r[2], r[3]) for r in rows}


def insert_notices(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Liaison notices (visit_id, councillor_id, kind, method, sent_at), in one executemany."""
    if rows:
        conn.execute(db.liaison_notices.insert(), list(rows))
        bump_data_version(conn)


def insert_suggestion(conn: Connection, values: dict[str, Any]) -> int:
    new_id = _inserted_id(conn.execute(db.suggestions.insert().values(**values)))
    bump_data_version(conn)
    return new_id


def suggestion_status(conn: Connection, suggestion_id: int) -> str | None:
    s = db.suggestions
    return conn.execute(select(s.c.status).where(s.c.id == suggestion_id)).scalar()


def answer_suggestion(conn: Connection, suggestion_id: int, answer: str, answered_at: datetime) -> bool:
    """Close an open suggestion; False when it is not open (any more)."""
    s = db.suggestions
    result = conn.execute(
        update(s)
        .where(s.c.id == suggestion_id, s.c.status == "open")
        .values(status="answered", answer=answer, answered_at=answered_at)
    )
    if result.rowcount != 1:
        return False
    bump_data_version(conn)
    return True


def list_suggestions(conn: Connection, status: str | None = None) -> list[RowMapping]:
    """Suggestions, newest first, with ``councillor_name`` and ``visit_title`` (None without a visit)."""
    s, c, v = db.suggestions, db.councillors, db.visits
    stmt = (
        select(s, c.c.name.label("councillor_name"), v.c.title.label("visit_title"))
        .join(c, c.c.id == s.c.councillor_id)
        .outerjoin(v, v.c.id == s.c.visit_id)
        .order_by(s.c.created_at.desc(), s.c.id.desc())
    )
    if status:
        stmt = stmt.where(s.c.status == status)
    return list(conn.execute(stmt).mappings())


# ---------------------------------------------------------------- issue 14: participants and briefings


def list_participants(conn: Connection, visit_ids: Iterable[int]) -> dict[int, list[Participant]]:
    """The participants of each visit, in the order they were given."""
    p = db.visit_participants
    ids = list(visit_ids)
    found: dict[int, list[Participant]] = {i: [] for i in ids}
    if not ids:
        return found
    rows = conn.execute(
        select(p.c.visit_id, p.c.role, p.c.name, p.c.councillor_id)
        .where(p.c.visit_id.in_(ids))
        .order_by(p.c.visit_id, p.c.position, p.c.id)
    )
    for r in rows:
        found[r[0]].append(Participant(r[1], r[2], r[3]))
    return found


def replace_participants(conn: Connection, visit_id: int, participants: Sequence[Participant]) -> None:
    p = db.visit_participants
    conn.execute(delete(p).where(p.c.visit_id == visit_id))
    bump_data_version(conn)
    insert_participants(conn, {visit_id: participants})


def insert_participants(conn: Connection, by_visit: Mapping[int, Sequence[Participant]]) -> None:
    rows = [
        {"visit_id": vid, "role": x.role, "name": x.name, "councillor_id": x.councillor_id, "position": n}
        for vid, people in by_visit.items()
        for n, x in enumerate(people)
    ]
    if rows:
        conn.execute(db.visit_participants.insert(), rows)
    bump_data_version(conn)


def councillor_ids_by_name(conn: Connection) -> dict[str, int]:
    c = db.councillors
    return {r[1]: r[0] for r in conn.execute(select(c.c.id, c.c.name))}


def get_briefing(conn: Connection, visit_id: int) -> Briefing:
    b = db.visit_briefings
    r = conn.execute(select(b).where(b.c.visit_id == visit_id)).mappings().first()
    if r is None:
        return Briefing(visit_id)
    return Briefing(visit_id, r["talking_points"], r["version"], r["updated_at"])


def save_briefing(conn: Connection, briefing: Briefing, seen_version: int) -> bool:
    """Write the talking points only if the stored version is still ``seen_version`` (0: none stored)."""
    b = db.visit_briefings
    values = {"talking_points": briefing.talking_points, "version": seen_version + 1, "updated_at": briefing.updated_at}
    if seen_version == 0:
        if conn.execute(select(b.c.visit_id).where(b.c.visit_id == briefing.visit_id)).first() is not None:
            return False
        conn.execute(b.insert().values(visit_id=briefing.visit_id, **values))
    else:
        result = conn.execute(
            update(b).where(and_(b.c.visit_id == briefing.visit_id, b.c.version == seen_version)).values(**values)
        )
        if result.rowcount != 1:
            return False
    bump_data_version(conn)
    return True


# ---------------------------------------------------------------- issue 14: registries, notices, ledger
# Rows come back as mappings, as for the council liaison above (planner.council, planner.notices and
# planner.ledger map them).


def get_councillor(conn: Connection, councillor_id: int) -> RowMapping | None:
    c = db.councillors
    return conn.execute(select(c).where(c.c.id == councillor_id)).mappings().first()


def councillor_ids_by_seat(conn: Connection) -> dict[str, int]:
    c = db.councillors
    return {r[0]: r[1] for r in conn.execute(select(c.c.seat, c.c.id).where(c.c.seat != ""))}


def update_councillor(conn: Connection, councillor_id: int, values: dict[str, Any]) -> bool:
    c = db.councillors
    done = conn.execute(update(c).where(c.c.id == councillor_id).values(**values)).rowcount == 1
    if done:
        bump_data_version(conn)
    return done


def list_committee_members(conn: Connection) -> list[RowMapping]:
    m = db.committee_members
    return list(conn.execute(select(m).order_by(m.c.committee_code, m.c.councillor_id)).mappings())


def set_committee_memberships(conn: Connection, councillor_id: int, rows: Sequence[dict[str, Any]]) -> None:
    """Replace the councillor's committee memberships by ``rows`` (committee_code, chair)."""
    m = db.committee_members
    conn.execute(m.delete().where(m.c.councillor_id == councillor_id))
    if rows:
        conn.execute(m.insert(), [{**r, "councillor_id": councillor_id} for r in rows])
    bump_data_version(conn)


def list_committees(conn: Connection) -> list[RowMapping]:
    c = db.committees
    return list(conn.execute(select(c).order_by(c.c.sort_order, c.c.code)).mappings())


def _upsert(conn: Connection, table: Any, key: dict[str, Any], values: dict[str, Any]) -> None:
    """Update the row with primary key ``key`` or insert it (no dialect-specific upsert needed:
    callers hold the write lock)."""
    where = [table.c[k] == v for k, v in key.items()]
    if conn.execute(update(table).where(*where).values(**values)).rowcount == 0:
        conn.execute(table.insert().values(**key, **values))
    bump_data_version(conn)


def save_committee(conn: Connection, code: str, values: dict[str, Any]) -> None:
    _upsert(conn, db.committees, {"code": code}, values)


def list_departments(conn: Connection) -> list[RowMapping]:
    d = db.departments
    return list(conn.execute(select(d).order_by(d.c.sort_order, d.c.name)).mappings())


def save_department(conn: Connection, name: str, values: dict[str, Any]) -> None:
    _upsert(conn, db.departments, {"name": name}, values)


def list_district_heads(conn: Connection) -> list[RowMapping]:
    h = db.district_heads
    return list(conn.execute(select(h).order_by(h.c.district)).mappings())


def save_district_head(conn: Connection, district: str, values: dict[str, Any]) -> None:
    _upsert(conn, db.district_heads, {"district": district}, values)


def list_constituencies(conn: Connection) -> list[RowMapping]:
    c = db.constituencies
    return list(conn.execute(select(c).order_by(c.c.district, c.c.name)).mappings())


def save_constituency(conn: Connection, name: str, values: dict[str, Any]) -> None:
    _upsert(conn, db.constituencies, {"name": name}, values)


def site_dong(conn: Connection, site_id: int) -> str:
    s = db.sites
    return str(conn.execute(select(s.c.dong).where(s.c.id == site_id)).scalar() or "")


def site_dongs(conn: Connection) -> dict[int, str]:
    """The 행정동 of every site that has one, by site id (one query for the site list)."""
    s = db.sites
    return {int(i): str(d) for i, d in conn.execute(select(s.c.id, s.c.dong).where(s.c.dong != "")) if d}


def set_site_dong(conn: Connection, site_id: int, dong: str) -> bool:
    s = db.sites
    done = conn.execute(update(s).where(s.c.id == site_id).values(dong=dong)).rowcount == 1
    if done:
        bump_data_version(conn)
    return done


def list_notices(conn: Connection, target_kind: str, target_ids: Sequence[int]) -> list[RowMapping]:
    n = db.notices
    if not target_ids:
        return []
    stmt = select(n).where(n.c.target_kind == target_kind, n.c.target_id.in_(list(target_ids)))
    return list(conn.execute(stmt.order_by(n.c.id)).mappings())


def save_notice(conn: Connection, target_kind: str, target_id: int, councillor_id: int, values: dict[str, Any]) -> None:
    _upsert(
        conn, db.notices, {"target_kind": target_kind, "target_id": target_id, "councillor_id": councillor_id}, values
    )


def get_notice_plan(conn: Connection, target_kind: str, target_id: int) -> RowMapping | None:
    p = db.notice_plans
    stmt = select(p).where(p.c.target_kind == target_kind, p.c.target_id == target_id)
    return conn.execute(stmt).mappings().first()


def save_notice_plan(conn: Connection, target_kind: str, target_id: int, values: dict[str, Any]) -> None:
    _upsert(conn, db.notice_plans, {"target_kind": target_kind, "target_id": target_id}, values)


def notice_template(conn: Connection, name: str) -> str | None:
    t = db.notice_templates
    return conn.execute(select(t.c.body).where(t.c.name == name)).scalar()


def save_notice_template(conn: Connection, name: str, body: str, when: datetime) -> None:
    _upsert(conn, db.notice_templates, {"name": name}, {"body": body, "updated_at": when})


def _ledger_select() -> Select[Any]:
    i, c, v = db.ledger_items, db.councillors, db.visits
    return (
        select(i, c.c.name.label("councillor_name"), v.c.title.label("visit_title"))
        .outerjoin(c, c.c.id == i.c.councillor_id)
        .outerjoin(v, v.c.id == i.c.visit_id)
    )


def list_ledger_items(
    conn: Connection,
    sources: Sequence[str] = (),
    department: str | None = None,
    result_from: datetime | None = None,
    result_to: datetime | None = None,
    item_ids: Sequence[int] | None = None,
) -> list[RowMapping]:
    """Ledger items, oldest first, with ``councillor_name`` and ``visit_title``; ``result_from``/``_to``
    keep those whose result was processed in [from, to)."""
    i = db.ledger_items
    stmt = _ledger_select()
    if sources:
        stmt = stmt.where(i.c.source.in_(list(sources)))
    if department is not None:
        stmt = stmt.where(i.c.department == department)
    if result_from is not None:
        stmt = stmt.where(i.c.result_at >= result_from)
    if result_to is not None:
        stmt = stmt.where(i.c.result_at < result_to)
    if item_ids is not None:
        stmt = stmt.where(i.c.id.in_(list(item_ids)))
    return list(conn.execute(stmt.order_by(i.c.created_at, i.c.id)).mappings())


def get_ledger_item(conn: Connection, item_id: int) -> RowMapping | None:
    i = db.ledger_items
    return conn.execute(_ledger_select().where(i.c.id == item_id)).mappings().first()


def insert_ledger_items(conn: Connection, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert ledger items in one executemany; their new ids in the order of ``rows``."""
    if not rows:
        return []
    stmt = db.ledger_items.insert().returning(db.ledger_items.c.id, sort_by_parameter_order=True)
    ids = [int(r[0]) for r in conn.execute(stmt, list(rows))]
    bump_data_version(conn)
    return ids


def update_ledger_item(conn: Connection, item_id: int, seen_version: int, values: dict[str, Any]) -> bool:
    """Change an item if it is still at ``seen_version`` (the version rises by one); False otherwise."""
    i = db.ledger_items
    result = conn.execute(
        update(i).where(i.c.id == item_id, i.c.version == seen_version).values(**values, version=i.c.version + 1)
    )
    if result.rowcount != 1:
        return False
    bump_data_version(conn)
    return True


def list_ledger_notes(conn: Connection, item_ids: Sequence[int]) -> list[RowMapping]:
    n = db.ledger_notes
    if not item_ids:
        return []
    stmt = select(n).where(n.c.item_id.in_(list(item_ids))).order_by(n.c.noted_at, n.c.id)
    return list(conn.execute(stmt).mappings())


def insert_ledger_notes(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        conn.execute(db.ledger_notes.insert(), list(rows))
        bump_data_version(conn)


# ---------------------------------------------------------------- users and the audit trail (issue 13)


def count_users(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(db.users)).scalar_one())


def get_user(conn: Connection, name: str) -> RowMapping | None:
    return conn.execute(select(db.users).where(db.users.c.name == name)).mappings().first()


def list_users(conn: Connection) -> list[RowMapping]:
    return list(conn.execute(select(db.users).order_by(db.users.c.name)).mappings())


def count_admins(conn: Connection) -> int:
    u = db.users
    stmt = select(func.count()).select_from(u).where(u.c.role == "admin", u.c.active.is_(True))
    return int(conn.execute(stmt).scalar_one())


def insert_user(conn: Connection, values: dict[str, Any]) -> None:
    conn.execute(db.users.insert().values(**values))
    bump_data_version(conn)


def update_user(conn: Connection, name: str, values: dict[str, Any]) -> bool:
    result = conn.execute(update(db.users).where(db.users.c.name == name).values(**values))
    bump_data_version(conn)
    return result.rowcount == 1


def insert_audit(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Append audit rows (the only write to ``audit`` anywhere: nothing updates or deletes one)."""
    if rows:
        conn.execute(db.audit.insert(), list(rows))


def list_audit(
    conn: Connection,
    start: datetime | None = None,
    end: datetime | None = None,
    actor: str | None = None,
    entity: str | None = None,
    entity_id: str | None = None,
    limit: int | None = None,
) -> list[RowMapping]:
    """Audit rows, oldest first, from ``start`` (inclusive) to ``end`` (exclusive)."""
    a = db.audit
    stmt = select(a).order_by(a.c.at, a.c.id)
    if start is not None:
        stmt = stmt.where(a.c.at >= start)
    if end is not None:
        stmt = stmt.where(a.c.at < end)
    if actor:
        stmt = stmt.where(a.c.actor == actor)
    if entity:
        stmt = stmt.where(a.c.entity == entity)
    if entity_id is not None:
        stmt = stmt.where(a.c.entity_id == entity_id)
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(conn.execute(stmt).mappings())
