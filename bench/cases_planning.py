"""Benchmarks of issue 11: planning must never be what the user waits for.

Each command runs as a whole process (``python -m planner …``), in turn with its floor — ``visits
list`` over the same dates, which pays the same start-up, database and output — so the ratio is
what the planning itself adds:

* ``plan_day_cli``: ``plan-day`` for a day of 12 flexible stops (target 1.3x);
* ``suggest_cli``: ``suggest`` over a month holding 200 visits (target 1.5x);
* ``plan_week_cli``: ``plan-week`` for a week with 20 fixed visits (target 3x);
* ``day_page``: the ``/day`` page rerun vs the app's empty page (target 2x).
"""

from __future__ import annotations

import random
import subprocess
import sys
from datetime import date, datetime, time, timedelta

from bench.apptest import ROOT, page_rerun_measurements, temp_db_url
from bench.harness import Bench, Measurement, measure_pair, ratio
from planner import db, services
from planner.domain import SEOUL, Status
from planner.uow import UnitOfWork

NOW = datetime(2025, 6, 1, 9, 0, tzinfo=SEOUL)
DAY = date(2025, 6, 10)  # a Tuesday, no holiday
OVERRIDE = "benchmark data"


def _database(name: str) -> tuple[str, UnitOfWork, list[int]]:
    url = temp_db_url(name)
    engine, _ = services.open_database(url, lambda: NOW, create=True, sample_on_first_start=True)
    work = UnitOfWork(engine, lambda: NOW)
    return url, work, [s.id or 0 for s in services.list_sites(work)]


def _add(work: UnitOfWork, site_id: int, start: datetime, minutes: int, status: Status, **extra: object) -> None:
    # The data is made to load the planners, not to be a good plan: saved over the scheduling rules
    # (travel, daily limit ...) that every save path runs since issue 11, with a recorded reason.
    draft = services.VisitDraft(
        "벤치 일정", site_id, start, start + timedelta(minutes=minutes), "economy", status, override_reason=OVERRIDE
    )
    visit = services.add_visit(work, draft)
    if extra:
        services.update_visit(work, visit.id or 0, visit.version, {**extra, "override_reason": OVERRIDE})


def _process(url: str, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "planner", "--db", url, *args], cwd=ROOT, check=True, capture_output=True)


def _pair(
    name: str, n: int, url: str, floor_args: tuple[str, ...], args: tuple[str, ...], target: float
) -> Measurement:
    floor, seconds = measure_pair(lambda: _process(url, *floor_args), lambda: _process(url, *args), repeat=5)
    return ratio(name, n, seconds, "visits_list_same_dates", floor, target=target)


def plan_day_cli(n: int) -> list[Measurement]:
    url, work, sites = _database("plan_day")
    rng = random.Random(42)
    for i in range(n):  # short visits, wide windows: the exact order has room to search
        start = datetime.combine(DAY, time(9, 0), tzinfo=SEOUL) + timedelta(minutes=35 * i)
        window = {"fixed": False, "window_start": start.replace(hour=8), "window_end": start.replace(hour=20)}
        _add(work, rng.choice(sites), start, 20, Status.APPROVED, **window)
    d = DAY.isoformat()
    return [_pair("plan_day_cli", n, url, ("visits", "list", "--from", d, "--to", d, "--format", "json"),
                  ("plan-day", d, "--format", "json"), 1.3)]  # fmt: skip


def suggest_cli(n: int) -> list[Measurement]:
    url, work, sites = _database("suggest")
    rng = random.Random(7)
    first = DAY.replace(day=1)
    for _ in range(n):
        day = first + timedelta(days=rng.randrange(30))
        if day.weekday() < 5:
            start = datetime.combine(day, time(rng.choice(range(9, 17)), 0), tzinfo=SEOUL)
            _add(work, rng.choice(sites), start, 45, Status.CONFIRMED)
    a, b = first.isoformat(), (first + timedelta(days=29)).isoformat()
    return [_pair("suggest_cli", n, url, ("visits", "list", "--from", a, "--to", b, "--format", "json"),
                  ("suggest", "--site-id", str(sites[0]), "--duration", "60", "--from", a, "--to", b,
                   "--format", "json"), 1.5)]  # fmt: skip


def plan_week_cli(n: int) -> list[Measurement]:
    url, work, sites = _database("plan_week")
    rng = random.Random(3)
    monday = DAY - timedelta(days=DAY.weekday())
    for i in range(n):
        day = monday + timedelta(days=i % 5)
        start = datetime.combine(day, time(9 + 2 * (i // 5), 0), tzinfo=SEOUL)
        _add(work, rng.choice(sites), start, 60, Status.CONFIRMED)
    a, b = monday.isoformat(), (monday + timedelta(days=4)).isoformat()
    return [_pair("plan_week_cli", n, url, ("visits", "list", "--from", a, "--to", b, "--format", "json"),
                  ("plan-week", "--from", a, "--to", b, "--format", "json"), 3.0)]  # fmt: skip


def day_page(n: int) -> list[Measurement]:
    url, _, _ = _database("day_page")
    db.dispose_engine(url)
    return page_rerun_measurements(
        "day_page_rerun", n, url, "pages/day.py", target=2.0, session={"clock.now": "2026-12-03T09:00:00+09:00"}
    )


BENCHES = [
    Bench("plan_day_cli", plan_day_cli, (12,), "python -m planner plan-day, 12 flexible stops, vs visits list"),
    Bench("suggest_cli", suggest_cli, (200,), "python -m planner suggest over a month of 200 visits, vs visits list"),
    Bench("plan_week_cli", plan_week_cli, (20,), "python -m planner plan-week, a week of 20 fixed visits"),
    Bench("day_page", day_page, (1,), "/day page rerun vs the app's empty page"),
]
