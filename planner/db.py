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
    create_engine,
    event,
)
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.types import TypeDecorator

from planner.domain import SEOUL


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
    Index("ix_visits_start", "start_at"),
    Index("ix_visits_site", "site_id"),
)

# Key/value facts about the database itself, e.g. the data version that caches key on.
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


@contextmanager
def transaction(engine: Engine, write: bool = False) -> Iterator[Connection]:
    """Unit of work: commits when the block ends normally, rolls back on any exception."""
    with engine.connect() as conn:
        if write:
            conn = conn.execution_options(planner_write=True)
        with conn.begin():
            yield conn
