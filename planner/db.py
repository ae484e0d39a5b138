"""Database engine, schema and transactions (the unit of work).

One engine per URL. SQLite (the default) gets WAL, foreign keys, a busy timeout and
``BEGIN IMMEDIATE`` for write transactions, so that a read-then-write never fails half-way when
two users save at once. Nothing here is SQLite-only in the schema: PostgreSQL runs the same
tables. Times are stored as UTC and come back as aware Asia/Seoul datetimes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
)
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.types import TypeDecorator

from planner.domain import SEOUL, PlannerError


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, stored as naive UTC, aware Seoul datetimes out."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC).astimezone(SEOUL)


metadata = MetaData()

districts = Table(
    "districts",
    metadata,
    Column("code", String(10), primary_key=True),
    Column("name_ko", String(20), nullable=False, unique=True),
    Column("name_en", String(40), nullable=False),
    Column("lat", Float, nullable=False),
    Column("lon", Float, nullable=False),
)

categories = Table(
    "categories",
    metadata,
    Column("code", String(40), primary_key=True),
    Column("label_ko", String(100), nullable=False),
    Column("label_en", String(100), nullable=False),
    Column("color", String(9), nullable=False),
    Column("report_group", String(40), nullable=False),
    Column("sort_order", Integer, nullable=False, default=100),
)

sites = Table(
    "sites",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False),
    Column("address", String(300), nullable=False, default=""),
    Column("district", String(20), nullable=False, default=""),
    Column("lat", Float, nullable=False),
    Column("lon", Float, nullable=False),
    Column("kind", String(40), nullable=False, default="other"),
    Index("ix_sites_name", "name"),
)

visits = Table(
    "visits",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("uid", String(255), nullable=False, unique=True),
    Column("title", String(200), nullable=False),
    Column("site_id", Integer, ForeignKey("sites.id"), nullable=False),
    Column("start_at", UTCDateTime, nullable=False),
    Column("end_at", UTCDateTime, nullable=False),
    Column("category", String(40), ForeignKey("categories.code"), nullable=False),
    Column("status", String(20), nullable=False),
    Column("purpose", Text, nullable=False, default=""),
    Column("attendees", Text, nullable=False, default=""),
    Column("notes", Text, nullable=False, default=""),
    Column("public", Boolean, nullable=False, default=False),
    Column("important", Boolean, nullable=False, default=False),
    Column("highlight_rank", Integer, nullable=True),
    Column("version", Integer, nullable=False, default=1),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    # iCalendar SEQUENCE: rises only when something a calendar shows changes (issue 4).
    Column("ics_sequence", Integer, nullable=False, default=0, server_default="0"),
    Index("ix_visits_start", "start_at"),
    Index("ix_visits_site", "site_id"),
)

# Busy time imported from other calendars (issue 4): scheduling respects it, visits are not made of it.
# One row per event occurrence: ``recurrence_id`` is "" for a single event, the occurrence's UTC
# start (YYYYMMDDTHHMMSSZ) for an expanded recurring one.
busy_blocks = Table(
    "busy_blocks",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("uid", String(255), nullable=False),
    Column("recurrence_id", String(40), nullable=False, default=""),
    Column("summary", String(200), nullable=False, default=""),
    Column("start_at", UTCDateTime, nullable=False),
    Column("end_at", UTCDateTime, nullable=False),
    Column("all_day", Boolean, nullable=False, default=False),
    Column("source", String(200), nullable=False, default=""),
    Column("sequence", Integer, nullable=False, default=0),
    Column("imported_at", UTCDateTime, nullable=False),
    UniqueConstraint("uid", "recurrence_id", name="uq_busy_blocks_uid"),
    Index("ix_busy_blocks_start", "start_at"),
)

# Subscribable calendar feeds (issue 4): the token is the secret in the URL; the filter is fixed.
feed_tokens = Table(
    "feed_tokens",
    metadata,
    Column("token", String(64), primary_key=True),
    Column("filter_json", Text, nullable=False, default="{}"),
    Column("public", Boolean, nullable=False, default=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("revoked_at", UTCDateTime, nullable=True),
)

# Key/value facts about the database itself, e.g. the data version that caches key on.
# Every replaced version of a visit, so an edit can be seen and undone (restored as a new version).
visit_history = Table(
    "visit_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("visit_id", Integer, ForeignKey("visits.id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("snapshot", Text, nullable=False),  # JSON of the editable fields at that version
    Column("replaced_at", UTCDateTime, nullable=False),
    Index("ix_visit_history_visit", "visit_id", "version"),
)

# Council liaison (source section 2): district councillors, notices sent before a visit,
# and their suggestions tracked until answered.
councillors = Table(
    "councillors",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False),
    Column("district", String(20), nullable=False),
    Column("constituency", String(100), nullable=False, default=""),
    Column("role", String(30), nullable=False, default="member"),
    Column("contact", String(200), nullable=False, default=""),
)

liaison_notices = Table(
    "liaison_notices",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("visit_id", Integer, ForeignKey("visits.id"), nullable=False),
    Column("councillor_id", Integer, ForeignKey("councillors.id"), nullable=False),
    Column("kind", String(20), nullable=False),  # notice | invitation
    Column("method", String(20), nullable=False),
    Column("sent_at", UTCDateTime, nullable=False),
    UniqueConstraint("visit_id", "councillor_id", "kind", name="uq_liaison_notice"),
)

suggestions = Table(
    "suggestions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("visit_id", Integer, ForeignKey("visits.id"), nullable=True),
    Column("councillor_id", Integer, ForeignKey("councillors.id"), nullable=False),
    Column("text", Text, nullable=False),
    Column("department", String(100), nullable=False, default=""),
    Column("status", String(20), nullable=False, default="open"),
    Column("answer", Text, nullable=False, default=""),
    Column("created_at", UTCDateTime, nullable=False),
    Column("answered_at", UTCDateTime, nullable=True),
)

meta = Table(
    "meta",
    metadata,
    Column("key", String(60), primary_key=True),
    Column("value", String(200), nullable=False),
)


_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def _setup_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        # Let us emit BEGIN ourselves (pysqlite's own is always deferred).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=5000")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A deferred transaction that reads and then writes fails at once under WAL when another
        # writer got there first, whatever the busy timeout: writers take the lock up front.
        if conn.get_execution_options().get("planner_write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def get_engine(url: str) -> Engine:
    """The one engine for ``url``; creates the SQLite file's folder when needed."""
    with _engines_lock:
        engine = _engines.get(url)
        if engine is not None:
            return engine
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            database = parsed.database
            if database and database != ":memory:":
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url)
            _setup_sqlite(engine)
        else:
            engine = create_engine(url, pool_pre_ping=True)
        _engines[url] = engine
        return engine


def dispose_engine(url: str) -> None:
    with _engines_lock:
        engine = _engines.pop(url, None)
    if engine is not None:
        engine.dispose()


def create_schema(engine: Engine) -> None:
    metadata.create_all(engine)
    _add_missing_columns(engine)


def _add_missing_columns(engine: Engine) -> None:
    """``create_all`` makes new tables but never new columns: add those of older databases."""
    from sqlalchemy import inspect

    present = {c["name"] for c in inspect(engine).get_columns("visits")}
    if "ics_sequence" not in present:
        with transaction(engine, write=True) as conn:
            conn.exec_driver_sql("ALTER TABLE visits ADD COLUMN ics_sequence INTEGER NOT NULL DEFAULT 0")


class DatabaseBusy(PlannerError):
    """Another writer held the database past the busy timeout (e.g. a long import): try again."""


def _busy(exc: OperationalError) -> bool:
    # SQLite after busy_timeout; PostgreSQL lock_not_available (55P03) under a lock_timeout.
    return "database is locked" in str(exc.orig) or getattr(exc.orig, "pgcode", None) == "55P03"


@contextmanager
def transaction(engine: Engine, write: bool = False) -> Iterator[Connection]:
    """Unit of work: commits when the block ends normally, rolls back on any exception.

    A writer that waited past the busy timeout gets ``DatabaseBusy`` (one line, exit 2), not a traceback.
    """
    try:
        with engine.connect() as conn:
            if write:
                conn = conn.execution_options(planner_write=True)
            with conn.begin():
                yield conn
    except OperationalError as exc:
        if _busy(exc):
            raise DatabaseBusy("error.database_busy") from None
        raise
