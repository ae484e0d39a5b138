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
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from sqlalchemy import (
    Boolean,
    Column,
    Date,
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
    false,
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

from planner.domain import SEOUL, DatabaseBusy, DatabaseUnavailable, ValidationError


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
    # Issue 13, public schedule: may the public calendar show the site's address and coordinates?
    Column("publishable", Boolean, nullable=False, default=False, server_default=false()),
    # Issue 14: the site's 행정동 when staff know it (notices go to its 선거구's councillors).
    Column("dong", String(40), nullable=False, default="", server_default=""),
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
    # Issue 13, public schedule: not on the public calendar before this instant (NULL: the global hold-back).
    Column("embargo_until", UTCDateTime, nullable=True),
    # Issue 14 (kinds of engagement): field_visit, district_council, ... (domain.ENGAGEMENT_KINDS).
    Column("kind", String(30), nullable=False, default="field_visit", server_default="field_visit"),
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
    # Issue 13, public schedule: the URL answers 404 from this instant on (NULL: never expires).
    Column("expires_at", UTCDateTime, nullable=True),
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
    # Issue 13: who made the change that replaced this version (NULL: before names were kept, or local mode).
    Column("actor", String(100), nullable=True),
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
    # Issue 14: the seat (중구 제1선거구, 비례대표 3), party and term (제10대); committees in committee_members.
    Column("seat", String(100), nullable=False, default="", server_default=""),
    Column("party", String(100), nullable=False, default="", server_default=""),
    Column("term", String(40), nullable=False, default="", server_default=""),
)

# Since issue 14 the notices table holds these (copied once by migration revision 0003).
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

# Since issue 14 the ledger (ledger_items) holds suggestions (copied once by migration revision 0003).
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

# ---- Issue 14 (helper w): kinds of engagement and the briefing pack.
# Who takes part in an engagement (a visit of a kind other than field_visit, or a field visit with guests): one row
# per participant, named as the office names them; ``councillor_id`` links a registered councillor when known.
visit_participants = Table(
    "visit_participants",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("visit_id", Integer, ForeignKey("visits.id"), nullable=False),
    Column("role", String(20), nullable=False),  # domain.PARTICIPANT_ROLES
    Column("name", String(100), nullable=False),
    Column("councillor_id", Integer, ForeignKey("councillors.id"), nullable=True),
    Column("position", Integer, nullable=False, default=0),
    UniqueConstraint("visit_id", "role", "name", name="uq_visit_participant"),
    Index("ix_visit_participants_visit", "visit_id"),
)

# The talking points (시정 메시지) staff write for a visit's briefing pack; versioned like a visit.
visit_briefings = Table(
    "visit_briefings",
    metadata,
    Column("visit_id", Integer, ForeignKey("visits.id"), primary_key=True),
    Column("talking_points", Text, nullable=False, default=""),
    Column("version", Integer, nullable=False, default=1),
    Column("updated_at", UTCDateTime, nullable=False),
)

# ---- Issue 14 (helper c): council registries, constituencies, notices, the ledger of requests ----
# Councillors gain seat/party/term columns; sites gain ``dong`` (행정동) (migration revision 0003).
committees = Table(
    "committees",
    metadata,
    Column("code", String(40), primary_key=True),
    Column("name_ko", String(100), nullable=False),
    Column("name_en", String(100), nullable=False, default=""),
    Column("sort_order", Integer, nullable=False, default=100),
)

committee_members = Table(
    "committee_members",
    metadata,
    Column("committee_code", String(40), ForeignKey("committees.code"), primary_key=True),
    Column("councillor_id", Integer, ForeignKey("councillors.id"), primary_key=True),
    Column("chair", Boolean, nullable=False, default=False),  # 상임위원장
)

departments = Table(
    "departments",
    metadata,
    Column("name", String(100), primary_key=True),  # 실·본부·국, e.g. 주택정책실
    Column("kind", String(10), nullable=False, default=""),  # 실 | 본부 | 국 | 기타
    Column("contact", String(200), nullable=False, default=""),
    Column("sort_order", Integer, nullable=False, default=100),
)

district_heads = Table(
    "district_heads",
    metadata,
    Column("district", String(20), primary_key=True),
    Column("title", String(100), nullable=False),  # 중구청장 (the office, not a personal name)
    Column("contact", String(200), nullable=False, default=""),
)

# 선거구 -> its 행정동, staff-editable (one name per line or comma in ``dongs``).
constituencies = Table(
    "constituencies",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("district", String(20), nullable=False),
    Column("dongs", Text, nullable=False, default=""),
)

# Notices to councillors about a visit or, later, another engagement (``target_kind``/``target_id``;
# ``visit_id`` is set when the target is a visit). One row per recipient once staff act on it:
# no row = to send.
notices = Table(
    "notices",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("target_kind", String(20), nullable=False, default="visit"),
    Column("target_id", Integer, nullable=False),
    Column("visit_id", Integer, ForeignKey("visits.id"), nullable=True),
    Column("councillor_id", Integer, ForeignKey("councillors.id"), nullable=False),
    Column("reason", String(20), nullable=False),  # constituency | district | leadership | committee
    Column("status", String(20), nullable=False),  # sent | acknowledged
    Column("method", String(20), nullable=False, default=""),
    Column("sent_at", UTCDateTime, nullable=True),
    Column("sent_by", String(100), nullable=False, default=""),
    Column("acknowledged_at", UTCDateTime, nullable=True),
    UniqueConstraint("target_kind", "target_id", "councillor_id", name="uq_notices_target_councillor"),
)

# Per target: is it a press pre-briefing (then the 소관 상임위 hears too), and the contact printed.
notice_plans = Table(
    "notice_plans",
    metadata,
    Column("target_kind", String(20), primary_key=True),
    Column("target_id", Integer, primary_key=True),
    Column("press_briefing", Boolean, nullable=False, default=False),
    Column("committee_code", String(40), ForeignKey("committees.code"), nullable=True),
    Column("contact", String(200), nullable=False, default=""),
)

notice_templates = Table(
    "notice_templates",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("body", Text, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

# One ledger of requests and follow-ups (시정질문, 5분 자유발언, 간담회·현장 건의, 숙원사업).
ledger_items = Table(
    "ledger_items",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", String(20), nullable=False),  # question | speech | meeting | site | wish
    Column("session", String(40), nullable=False, default=""),  # 회기, e.g. 제301회
    Column("person_kind", String(20), nullable=False),  # councillor | district_head | citizen
    Column("councillor_id", Integer, ForeignKey("councillors.id"), nullable=True),
    Column("district", String(20), nullable=False, default=""),
    Column("person", String(100), nullable=False, default=""),  # a citizen or shop owner, as staff write it
    Column("visit_id", Integer, ForeignKey("visits.id"), nullable=True),
    Column("target_kind", String(20), nullable=False, default=""),  # a meeting (engagement) later
    Column("target_id", Integer, nullable=True),
    Column("text", Text, nullable=False),
    Column("department", String(100), nullable=False, default=""),
    Column("due_on", Date, nullable=True),
    Column("result", Text, nullable=False, default=""),
    Column("result_at", UTCDateTime, nullable=True),  # when the result was processed (조치결과)
    Column("told_on", Date, nullable=True),  # the result was told to the person
    Column("posted_on", Date, nullable=True),  # posted on 의정플러스
    Column("created_at", UTCDateTime, nullable=False),
    Column("version", Integer, nullable=False, default=1),
    Column("suggestion_id", Integer, nullable=True, unique=True),  # migrated from ``suggestions``
    Index("ix_ledger_items_due", "due_on"),
)

ledger_notes = Table(
    "ledger_notes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("item_id", Integer, ForeignKey("ledger_items.id"), nullable=False),
    Column("note", Text, nullable=False),
    Column("noted_at", UTCDateTime, nullable=False),
    Column("noted_by", String(100), nullable=False, default=""),
    Index("ix_ledger_notes_item", "item_id"),
)
# ---- end of issue 14 (helper c) ----

# ---- Issue 13 (identity, roles, audit trail): users and their roles, and the audit trail.
# Users as the identity provider, the proxy header or the OS (CLI) names them; the role is one of
# planner.access.Role. No user at all is local single-user mode (every permission).
users = Table(
    "users",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("role", String(20), nullable=False),
    Column("display_name", String(200), nullable=False, default=""),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", UTCDateTime, nullable=False),
)

# Every change to visits, sites, categories, councillors, notices, suggestions, feed tokens and users,
# written in the transaction of the change (planner.accounts.record). Append-only: no use case updates
# or deletes a row.
audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", String(100), nullable=True),  # NULL: local mode without a name
    Column("action", String(40), nullable=False),
    Column("entity", String(40), nullable=False),
    Column("entity_id", String(100), nullable=False, default=""),
    Column("before", Text, nullable=True),  # JSON; NULL for a creation
    Column("after", Text, nullable=True),  # JSON
    Index("ix_audit_at", "at"),
    Index("ix_audit_entity", "entity", "entity_id"),
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
    """Bring the database to the current schema (``planner.migrations``: Alembic's head). Safe when
    several processes start on a new database at once (item 19): the work runs in one write
    transaction that holds a lock (``BEGIN IMMEDIATE`` on SQLite, an advisory lock on PostgreSQL),
    and a database already at head is only read, never written, so a read-only database opens."""
    with transaction(engine) as conn:
        if _schema_current(conn):
            return
    with transaction(engine, write=True) as conn:
        schema_lock(conn)
        upgrade_schema(conn)


def upgrade_schema(conn: Connection, target: str = "head") -> None:
    """Run the migrations up to ``target`` in ``conn``'s write transaction (the caller holds
    ``schema_lock``). A database made before migrations is brought to revision 0001 and stamped,
    its rows kept; one with none of the planner's tables is new, whatever ``alembic_version`` it
    kept (tables dropped by hand, as the tests do, leave that table behind)."""
    from planner import migrations

    if target == "head" and _schema_current(conn):
        return  # another process did it while this one waited for the lock
    names = set(inspect(conn).get_table_names())
    if "alembic_version" in names and not names & set(metadata.tables):
        conn.exec_driver_sql("DROP TABLE alembic_version")
    _refuse_unknown_revision(conn)
    migrations.upgrade(conn, target)


def schema_revision(conn: Connection) -> str | None:
    """The migration revision the database stands at (None: made before migrations, or new)."""
    from planner import migrations

    return migrations.current(conn)


def when_not_busy(work: Callable[[], T], attempts: int = 20) -> T:
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


def _refuse_unknown_revision(conn: Connection) -> None:
    """A database upgraded by a newer planner: this code cannot know its schema, so it refuses it."""
    from planner import migrations

    current = migrations.current(conn)
    if current is not None and not migrations.known(current):
        raise DatabaseUnavailable(
            "error.db_newer_schema", where=describe(conn.engine.url), revision=current, head=migrations.head()
        )


# Alembic's own table, read directly on every start (cheaper than Alembic's migration context);
# in a MetaData of its own, so that it is never created or dropped with the schema's tables.
_alembic_version = Table("alembic_version", MetaData(), Column("version_num", String(32), primary_key=True))


def _schema_current(conn: Connection) -> bool:
    from planner import migrations

    names = set(inspect(conn).get_table_names())
    if not set(metadata.tables) | {"alembic_version"} <= names:
        return False
    if conn.execute(select(_alembic_version.c.version_num)).scalar() != migrations.head():
        _refuse_unknown_revision(conn)
        return False
    return conn.execute(select(meta.c.value).where(meta.c.key == "data_version")).first() is not None


# ---------------------------------------------------------------- backup and restore (issue 13, item 5)


def read_snapshot(conn: Connection) -> None:
    """Make the rest of this read transaction one snapshot; call it before any other statement.
    PostgreSQL reads each statement anew under READ COMMITTED, so the transaction asks for
    REPEATABLE READ; a SQLite read transaction under WAL already sees one snapshot from its first read."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")


# Rows a backup leaves out (by key): the data version counts this database's writes; it is not content.
NOT_CONTENT = {"meta": {"data_version"}}


def table_rows(conn: Connection, table: Table) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Every row of ``table`` in primary-key order, and its column names (``NOT_CONTENT`` left out)."""
    query = select(table).order_by(*table.primary_key.columns)
    if table.name in NOT_CONTENT:
        query = query.where(table.c.key.not_in(NOT_CONTENT[table.name]))
    result = conn.execute(query)
    return list(result.keys()), [tuple(row) for row in result]


def row_counts(conn: Connection) -> dict[str, int]:
    """Rows per table of the schema."""
    return {t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one()) for t in metadata.sorted_tables}


def _planner_tables(conn: Connection, extra: Collection[str] = ()) -> MetaData:
    """The tables of the planner present in the database (those of the schema, ``extra`` and
    ``alembic_version``), reflected as they are: never another application's tables."""
    wanted = set(metadata.tables) | set(extra) | {"alembic_version"}
    present = [name for name in inspect(conn).get_table_names() if name in wanted]
    found = MetaData()
    found.reflect(conn, only=present)
    return found


def _stored_value(column: Column[Any], value: Any) -> Any:
    """An archive's JSON value as the column stores it (date-times: naive UTC)."""
    if value is None:
        return None
    if isinstance(column.type, DateTime) and isinstance(value, str):
        parsed = datetime.fromisoformat(value)
        return parsed.astimezone(UTC).replace(tzinfo=None) if parsed.tzinfo else parsed
    if isinstance(column.type, Date) and isinstance(value, str):
        return date.fromisoformat(value)
    return value


def replace_content(
    conn: Connection, revision: str, tables: Mapping[str, tuple[Sequence[str], Sequence[Sequence[Any]]]]
) -> None:
    """Replace everything in the database by ``tables`` (name -> columns, rows), recorded at schema
    ``revision``, in ``conn``'s write transaction: the schema is rebuilt at ``revision`` when the
    database stands elsewhere, the rows loaded, the migrations run on to head, PostgreSQL's
    sequences moved past the loaded ids and the data version raised so every cache reloads.
    Rows the schema refuses (a duplicate id, a dangling reference) are refused whole. A table missing from ``tables`` or unknown at ``revision`` is refused and nothing is kept."""
    schema_lock(conn)
    before = conn.execute(select(meta.c.value).where(meta.c.key == "data_version")).scalar_one_or_none()
    if schema_revision(conn) != revision:
        _planner_tables(conn).drop_all(conn)
        upgrade_schema(conn, revision)
    for table in reversed(_planner_tables(conn).sorted_tables):
        if table.name != "alembic_version":
            conn.execute(table.delete())
    present = _planner_tables(conn, extra=tables)
    names = set(present.tables) - {"alembic_version"}
    if names != set(tables):
        raise ValidationError(
            "error.backup_tables_differ",
            revision=revision,
            missing=", ".join(sorted(names - set(tables))) or "-",
            unknown=", ".join(sorted(set(tables) - names)) or "-",
        )
    for table in present.sorted_tables:
        if table.name == "alembic_version":
            continue
        columns, rows = tables[table.name]
        if set(columns) != set(table.columns.keys()):
            raise ValidationError(
                "error.backup_columns_differ",
                table=table.name,
                revision=revision,
                expected=", ".join(table.columns.keys()),
                found=", ".join(columns),
            )
        cols = [table.c[name] for name in columns]
        records = [{c.name: _stored_value(c, v) for c, v in zip(cols, row, strict=True)} for row in rows]
        if table.name == "meta":  # the data version is this database's own counter, set below
            records = [r for r in records if r.get("key") != "data_version"]
        try:
            for start in range(0, len(records), 1000):
                conn.execute(table.insert(), records[start : start + 1000])
        except (IntegrityError, DataError) as exc:
            reason = (str(exc.orig).strip().splitlines() or [""])[0]
            raise ValidationError("error.backup_bad_rows", table=table.name, reason=reason) from None
    upgrade_schema(conn)
    _advance_sequences(conn)
    # Raised past what the database showed before, so every cache keyed on it reloads.
    conn.execute(meta.delete().where(meta.c.key == "data_version"))
    conn.execute(meta.insert().values(key="data_version", value=str(int(before or 0) + 1)))


def _advance_sequences(conn: Connection) -> None:
    """PostgreSQL hands out ids from a sequence that loading rows with their ids does not move:
    set each past the largest id, so the next insert gets a new one. SQLite takes max(id) + 1."""
    if conn.dialect.name != "postgresql":
        return
    for table in metadata.sorted_tables:
        for column in table.primary_key.columns:
            sequence = conn.execute(select(func.pg_get_serial_sequence(table.name, column.name))).scalar_one()
            if sequence is None:
                continue
            next_id = select(func.coalesce(func.max(column), 0) + 1).scalar_subquery()
            conn.execute(select(func.setval(sequence, next_id, False)))


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
