"""Shared fixtures: a temporary database per test, a fixed clock, the sample data."""

from __future__ import annotations

import os
import sqlite3
import sys
from datetime import datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from hypothesis import settings  # noqa: E402

from planner import db, services  # noqa: E402
from planner.domain import SEOUL  # noqa: E402
from planner.uow import UnitOfWork  # noqa: E402

# Property tests: no deadline (speed is measured in bench/, never in a test; a busy machine would
# fail a deadline) and derandomized, so a run on CI gives the same examples as a run here.
settings.register_profile("planner", deadline=None, derandomize=True)
settings.load_profile("planner")

# A fixed "now" for tests: never the machine's clock or time zone.
FIXED_NOW = datetime(2022, 3, 15, 9, 0, tzinfo=SEOUL)


@pytest.fixture
def now() -> datetime:
    return FIXED_NOW


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """An empty SQLite database file (what ``python -m planner init`` or the app's first start
    makes): every other way in refuses a missing file rather than silently making one."""
    path = tmp_path / "planner.db"
    sqlite3.connect(path).close()
    return f"sqlite:///{path}"


POSTGRES_URL = os.environ.get("PLANNER_TEST_POSTGRES_URL", "")


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, db_url: str):
    """An initialised, empty database: SQLite always; PostgreSQL too where CI provides one
    (``PLANNER_TEST_POSTGRES_URL``; ``.ci/run`` starts a server and sets it)."""
    if request.param == "postgresql":
        if not POSTGRES_URL:
            pytest.skip("PostgreSQL tests need PLANNER_TEST_POSTGRES_URL (.ci/run sets it)")
        url = POSTGRES_URL
        eng = db.get_engine(url)
        db.metadata.drop_all(eng)
    else:
        url = db_url
        eng = db.get_engine(url)
    services.init_database(eng, create=True)
    yield eng
    if request.param == "postgresql":
        db.metadata.drop_all(eng)
    db.dispose_engine(url)


@pytest.fixture
def engine_url(engine) -> str:
    """The URL of ``engine`` (SQLite or PostgreSQL), for the CLI in tests that use both."""
    return engine.url.render_as_string(hide_password=False)


@pytest.fixture
def sample_engine(engine, now):
    from planner import sample

    sample.load_sample(UnitOfWork(engine, lambda: now))
    return engine


def uow_at(engine, now: datetime = FIXED_NOW) -> UnitOfWork:
    """A unit of work on ``engine`` whose clock stands at ``now`` (for tests that need several)."""
    return UnitOfWork(engine, lambda: now)


@pytest.fixture
def uow(engine, now) -> UnitOfWork:
    """A unit of work on ``engine`` whose clock stands at ``now``."""
    return UnitOfWork(engine, lambda: now)


@pytest.fixture
def sample_uow(sample_engine, now) -> UnitOfWork:
    """A unit of work on the sample database whose clock stands at ``now``."""
    return UnitOfWork(sample_engine, lambda: now)


@pytest.fixture
def env_db(monkeypatch: pytest.MonkeyPatch, db_url: str) -> str:
    """Point the app and the CLI at this test's database through the environment."""
    monkeypatch.setenv("PLANNER_DATABASE_URL", db_url)
    return db_url
