"""Database engine, schema and transactions (the unit of work).

One engine per URL. SQLite (the default) gets WAL, foreign keys, a busy timeout and
``BEGIN IMMEDIATE`` for write transactions, so that a read-then-write never fails half-way when
two users save at once. Nothing here is SQLite-only in the schema: PostgreSQL runs the same
tables. Times are stored as UTC and come back as aware Asia/Seoul datetimes.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

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
    func,
    inspect,
    select,
)
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DataError,
    DBAPIError,
    IntegrityError,
    NoSuchModuleError,
    OperationalError,
)
from sqlalchemy.types import TypeDecorator

from planner.domain import SEOUL, DatabaseBusy, DatabaseUnavailable


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
    # Issue 11: may a day's reorder move it (NULL: by status, see domain.Visit.is_fixed), and the window it may
    # be moved in (NULL: the day's working hours).
    Column("fixed", Boolean, nullable=True),
    Column("window_start", UTCDateTime, nullable=True),
    Column("window_end", UTCDateTime, nullable=True),
    # Issue 11: why a blocking scheduling rule was overridden ("" when it never was).
    Column("override_reason", Text, nullable=False, default="", server_default=""),
    # Issue 12 (visit page, status actions): why the visit was cancelled ("" when it is not).
    Column("cancel_reason", Text, nullable=False, default="", server_default=""),
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


T = TypeVar("T")

_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()

# Which file each SQLite engine opened, and its identity (device, inode) when first opened: a file
# deleted or replaced under a running process is noticed before the next unit of work (item 21).
_files: weakref.WeakKeyDictionary[Engine, _SqliteFile] = weakref.WeakKeyDictionary()

# Any fixed number: the PostgreSQL advisory lock that serialises schema creation between processes.
SCHEMA_LOCK_ID = 74_191_207


class _SqliteFile:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.identity: tuple[int, int] | None = None


def sqlite_path(url: str | URL) -> Path | None:
    """The file of a SQLite URL (absolute); None for a server database or an in-memory one."""
    parsed = make_url(url) if isinstance(url, str) else url
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database or ""
    if not database or database == ":memory:" or database.startswith("file:") or parsed.query.get("uri"):
        return None
    return Path(database).absolute()


def describe(url: str | URL) -> str:
    """How messages name a database: the file of SQLite, the URL without its password otherwise."""
    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except (ArgumentError, ValueError):
        return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", str(url))  # not a URL, but maybe a password
    path = sqlite_path(parsed)
    return str(path) if path is not None else parsed.render_as_string(hide_password=True)


def _traces(path: Path) -> list[Path]:
    """Files SQLite keeps beside a database while it is in use (WAL, shared memory, rollback)."""
    return [p for p in (Path(f"{path}{suffix}") for suffix in ("-wal", "-shm", "-journal")) if p.exists()]


def _missing(path: Path) -> DatabaseUnavailable:
    if _traces(path):
        return DatabaseUnavailable("error.db_left_behind", where=str(path))
    return DatabaseUnavailable("error.db_missing", where=str(path))


def create_database(url: str) -> None:
    """Make the SQLite file of ``url`` (and its folder) when it does not exist yet.

    Only ``python -m planner init`` and the app's first start call this: every other way in opens
    an existing database and refuses a missing one, so a database deleted under a running app is
    reported instead of silently replaced by an empty one. A missing file whose ``-wal``/``-shm``
    remain was deleted while in use: it is refused here too (SQLite would replay that old journal
    into the new file). Server databases are made by their administrator: nothing to do.
    """
    try:
        path = sqlite_path(url)
    except (ArgumentError, ValueError):
        raise DatabaseUnavailable("error.db_bad_url", where=describe(url)) from None
    if path is None or path.exists():
        return
    if _traces(path):
        raise _missing(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        sqlite3.connect(f"file:{quote(str(path))}?mode=rwc", uri=True).close()
    except (OSError, sqlite3.Error):
        raise DatabaseUnavailable("error.db_cannot_open", where=str(path)) from None


def _setup_sqlite(engine: Engine, path: Path | None) -> None:
    if path is not None:
        _files[engine] = _SqliteFile(path)

        @event.listens_for(engine, "do_connect")
        def _open(dialect: Any, conn_rec: Any, cargs: Any, cparams: Any) -> Any:
            # Never create the file here (see create_database). A file we may not write is opened
            # read-only, so reading still works; in a folder we may not write either, SQLite cannot
            # make the WAL's shared-memory file, and only an immutable open can read it.
            if not path.exists():
                raise _missing(path)
            mode = "rw"
            if not os.access(path, os.W_OK):
                mode = "ro"
                if not os.access(path.parent, os.W_OK) and not Path(f"{path}-shm").exists():
                    mode = "ro&immutable=1"
            cargs[:] = [f"file:{quote(str(path))}?mode={mode}"]
            cparams["uri"] = True

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let us emit BEGIN ourselves (pysqlite's own is always deferred).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        # The busy timeout first: switching a new database to WAL needs a lock that another
        # process starting at the same moment may hold (item 19).
        cur.execute("PRAGMA busy_timeout=5000")
        try:
            cur.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError as exc:
            if "readonly" not in str(exc):  # a read-only database keeps the mode it has
                raise
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()
        known = _files.get(engine)
        if known is not None and known.identity is None:
            st = os.stat(known.path)
            known.identity = (st.st_dev, st.st_ino)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A deferred transaction that reads and then writes fails at once under WAL when another
        # writer got there first, whatever the busy timeout: writers take the lock up front.
        if conn.get_execution_options().get("planner_write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def get_engine(url: str) -> Engine:
    """The one engine for ``url``. It opens an existing database and never creates a SQLite file
    (``create_database`` does). A URL that cannot be used is refused with ``DatabaseUnavailable``."""
    with _engines_lock:
        engine = _engines.get(url)
        if engine is not None:
            return engine
        try:
            parsed = make_url(url)
        except (ArgumentError, ValueError):
            raise DatabaseUnavailable("error.db_bad_url", where=describe(url)) from None
        try:
            if parsed.get_backend_name() == "sqlite":
                engine = create_engine(parsed)
                _setup_sqlite(engine, sqlite_path(parsed))
            else:
                engine = create_engine(parsed, pool_pre_ping=True)
        except (NoSuchModuleError, ImportError) as exc:
            reason = getattr(exc, "name", None) or parsed.drivername
            raise DatabaseUnavailable("error.db_no_driver", where=describe(parsed), reason=reason) from None
        except (ArgumentError, ValueError, TypeError):
            raise DatabaseUnavailable("error.db_bad_url", where=describe(parsed)) from None
        _engines[url] = engine
        return engine


def dispose_engine(url: str) -> None:
    with _engines_lock:
        engine = _engines.pop(url, None)
    if engine is not None:
        engine.dispose()


def database_error(exc: DBAPIError, engine: Engine) -> DatabaseUnavailable | None:
    """The refusal for a driver error that is about the database itself, or None when the error is
    about the data (a constraint, a value: the caller's business)."""
    if isinstance(exc, IntegrityError | DataError):
        return None
    where = describe(engine.url)
    orig = exc.orig
    reason = (str(orig).strip().splitlines() or [""])[0] if orig is not None else ""
    low = reason.lower()
    pgcode = getattr(orig, "pgcode", None)
    if "database is locked" in low or "database table is locked" in low or pgcode in ("40001", "40P01", "55P03"):
        return DatabaseBusy("error.db_busy", where=where)
    if "readonly database" in low or pgcode == "25006":
        return DatabaseUnavailable("error.db_read_only", where=where)
    if "not a database" in low or "malformed" in low:
        return DatabaseUnavailable("error.db_damaged", where=where)
    if "unable to open database file" in low:
        return DatabaseUnavailable("error.db_cannot_open", where=where)
    if isinstance(exc, OperationalError):
        if engine.dialect.name == "sqlite":
            return DatabaseUnavailable("error.db_error", where=where, reason=reason)
        return DatabaseUnavailable("error.db_unreachable", where=where, reason=reason)
    return None


def _check_file(engine: Engine) -> None:
    known = _files.get(engine)
    if known is None:
        return
    try:
        st = os.stat(known.path)
    except FileNotFoundError:
        if known.identity is None:  # never opened by this process
            raise _missing(known.path) from None
        raise DatabaseUnavailable("error.db_deleted", where=str(known.path)) from None
    if known.identity is not None and (st.st_dev, st.st_ino) != known.identity:
        raise DatabaseUnavailable("error.db_deleted", where=str(known.path))


def create_schema(engine: Engine) -> None:
    """Create missing tables and columns. Safe when several processes start on a new database at
    once (item 19): the work runs in one write transaction that holds a lock (``BEGIN IMMEDIATE``
    on SQLite, an advisory lock on PostgreSQL), and a complete schema is only read, never
    written, so a read-only database opens."""
    with transaction(engine) as conn:
        if _schema_complete(conn):
            return
    with transaction(engine, write=True) as conn:
        schema_lock(conn)
        metadata.create_all(conn)  # checks again what exists, now under the lock
        _add_missing_columns(conn)
        if conn.execute(select(meta.c.value).where(meta.c.key == "data_version")).first() is None:
            conn.execute(meta.insert().values(key="data_version", value="0"))


def when_not_busy(work: Callable[[], T], attempts: int = 6) -> T:
    """Run ``work``, again when the database was busy (each try already waits the busy timeout).
    For start-up only: six processes starting on a new database queue behind the one that sets
    it up, and on a crowded machine that can take longer than one busy timeout."""
    for _ in range(attempts - 1):
        try:
            return work()
        except DatabaseBusy:
            continue
    return work()


def schema_lock(conn: Connection) -> None:
    """Serialise set-up work between processes for the rest of this write transaction. SQLite's
    ``BEGIN IMMEDIATE`` already does; PostgreSQL takes a transaction-scoped advisory lock (two
    ``CREATE TABLE`` at once otherwise collide on ``pg_type``)."""
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(SCHEMA_LOCK_ID)))


def _schema_complete(conn: Connection) -> bool:
    inspector = inspect(conn)
    if not set(metadata.tables) <= set(inspector.get_table_names()):
        return False
    if not set(ADDED_VISIT_COLUMNS) <= {c["name"] for c in inspector.get_columns("visits")}:
        return False
    return conn.execute(select(meta.c.value).where(meta.c.key == "data_version")).first() is not None


# Columns of ``visits`` added after its first release, in the order they came: an older database gets them.
ADDED_VISIT_COLUMNS = ("ics_sequence", "fixed", "window_start", "window_end", "override_reason", "cancel_reason")
# Those nullable: NULL is their meaning for every existing visit.
_NULLABLE_ADDED_COLUMNS = ("fixed", "window_start", "window_end")


def _add_missing_columns(conn: Connection) -> None:
    """``create_all`` makes new tables but never new columns: add those of older databases."""
    present = {c["name"] for c in inspect(conn).get_columns("visits")}
    if "ics_sequence" not in present:
        conn.exec_driver_sql("ALTER TABLE visits ADD COLUMN ics_sequence INTEGER NOT NULL DEFAULT 0")
    for name in _NULLABLE_ADDED_COLUMNS:
        if name not in present:
            kind = visits.c[name].type.compile(dialect=conn.dialect)
            conn.exec_driver_sql(f"ALTER TABLE visits ADD COLUMN {name} {kind}")
    if "override_reason" not in present:
        conn.exec_driver_sql("ALTER TABLE visits ADD COLUMN override_reason TEXT NOT NULL DEFAULT ''")
    if "cancel_reason" not in present:  # issue 12
        conn.exec_driver_sql("ALTER TABLE visits ADD COLUMN cancel_reason TEXT NOT NULL DEFAULT ''")


@contextmanager
def transaction(engine: Engine, write: bool = False, keep: Callable[[], bool] = lambda: True) -> Iterator[Connection]:
    """One database transaction: rolled back on any exception; at a normal end committed when
    ``keep()`` says so (``planner.uow.UnitOfWork`` keeps only what a use case committed).

    A database that cannot be used (missing, replaced, read-only, damaged, busy, out of reach) is
    refused with ``DatabaseUnavailable``; errors about the data itself pass through unchanged."""
    _check_file(engine)
    try:
        with engine.connect() as conn:
            if write:
                conn = conn.execution_options(planner_write=True)
            tx = conn.begin()
            try:
                yield conn
            except BaseException:
                tx.rollback()
                raise
            if keep():
                tx.commit()
            else:
                tx.rollback()
    except DBAPIError as exc:
        refusal = database_error(exc, engine)
        if refusal is None:
            raise
        raise refusal from exc
