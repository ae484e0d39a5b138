"""Shared fixtures: a temporary database per test, a fixed clock, the sample data."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from planner import db, services  # noqa: E402
from planner.domain import SEOUL  # noqa: E402

# A fixed "now" for tests: never the machine's clock or time zone.
FIXED_NOW = datetime(2022, 3, 15, 9, 0, tzinfo=SEOUL)


@pytest.fixture
def now() -> datetime:
    return FIXED_NOW


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'planner.db'}"


@pytest.fixture
def engine(db_url: str):
    eng = db.get_engine(db_url)
    services.init_database(eng)
    yield eng
    db.dispose_engine(db_url)


@pytest.fixture
def sample_engine(engine, now):
    from planner import sample

    sample.load_sample(engine, now)
    return engine


@pytest.fixture
def env_db(monkeypatch: pytest.MonkeyPatch, db_url: str) -> str:
    """Point the app and the CLI at this test's database through the environment."""
    monkeypatch.setenv("PLANNER_DATABASE_URL", db_url)
    return db_url
