"""Rows to domain objects and back, and the queries the services need.

Every function takes an open connection (from ``db.transaction``) so the caller decides where a
unit of work begins and ends. Writes bump the database's data version, which caches key on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.engine import Connection, RowMapping

from planner import db
from planner.domain import SEOUL, Category, District, Site, Status, Visit


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


# ---------------------------------------------------------------- data version


def data_version(conn: Connection) -> int:
    value = conn.execute(select(db.meta.c.value).where(db.meta.c.key == "data_version")).scalar()
    return int(value) if value is not None else 0


def bump_data_version(conn: Connection) -> None:
    current = conn.execute(select(db.meta.c.value).where(db.meta.c.key == "data_version")).scalar()
    if current is None:
        conn.execute(db.meta.insert().values(key="data_version", value="1"))
    else:
        conn.execute(update(db.meta).where(db.meta.c.key == "data_version").values(value=str(int(current) + 1)))


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
    return Site(r["id"], r["name"], r["address"], r["district"], r["lat"], r["lon"], r["kind"])


def insert_site(conn: Connection, site: Site) -> int:
    values = {k: v for k, v in site.__dict__.items() if k != "id"}
    new_id = conn.execute(db.sites.insert().values(**values)).inserted_primary_key[0]
    bump_data_version(conn)
    return int(new_id)


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

_VISIT_COLUMNS = (
    "uid",
    "title",
    "site_id",
    "category",
    "status",
    "purpose",
    "attendees",
    "notes",
    "public",
    "important",
    "highlight_rank",
)


def _visit(r: RowMapping) -> Visit:
    return Visit(
        id=r["id"],
        uid=r["uid"],
        title=r["title"],
        site_id=r["site_id"],
        start=r["start_at"],
        end=r["end_at"],
        category=r["category"],
        status=Status(r["status"]),
        purpose=r["purpose"],
        attendees=r["attendees"],
        notes=r["notes"],
        public=bool(r["public"]),
        important=bool(r["important"]),
        highlight_rank=r["highlight_rank"],
        version=r["version"],
        created_at=r["created_at"],
        updated_at=r["updated_at"],
        site_name=r["site_name"],
        site_address=r["site_address"],
        district=r["district"],
        lat=r["lat"],
        lon=r["lon"],
    )


def _visit_select():  # type: ignore[no-untyped-def]
    v, s = db.visits, db.sites
    return select(
        v,
        s.c.name.label("site_name"),
        s.c.address.label("site_address"),
        s.c.district,
        s.c.lat,
        s.c.lon,
    ).join(s, s.c.id == v.c.site_id)


def _visit_row_values(visit: Visit) -> dict[str, Any]:
    values = {name: getattr(visit, name) for name in _VISIT_COLUMNS}
    values["status"] = visit.status.value
    values["start_at"] = visit.start
    values["end_at"] = visit.end
    values["version"] = visit.version
    values["created_at"] = visit.created_at
    values["updated_at"] = visit.updated_at
    return values


def insert_visit(conn: Connection, visit: Visit) -> int:
    new_id = conn.execute(db.visits.insert().values(**_visit_row_values(visit))).inserted_primary_key[0]
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
