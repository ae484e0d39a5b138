"""Seeded synthetic data: N visits over M sites spread like the real log (random.Random(42))."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import Engine

from planner import db, geo, repository, services
from planner.domain import SEOUL, Status, Visit
from planner.services import system_clock
from planner.uow import UnitOfWork

TITLES = ("현장점검", "간담회", "현장방문", "애로사항 청취", "시설 점검", "주민 간담회")
KINDS = ("hospital", "market", "public_office", "construction_site", "welfare_facility", "other")


def populate(engine: Engine, n_visits: int, n_sites: int | None = None, seed: int = 42) -> None:
    """Fill an initialised, empty database with ``n_visits`` visits (Core bulk inserts)."""
    rng = random.Random(seed)
    districts = geo.districts()
    n_sites = n_sites or max(25, min(2000, n_visits // 10))
    categories = [c.code for c in services.list_categories(UnitOfWork(engine, system_clock))]
    weights = [3, 2, 1, 1, 2][: len(categories)] + [1] * max(0, len(categories) - 5)
    with db.transaction(engine, write=True) as conn:
        rows = []
        for i in range(n_sites):
            d = districts[i % len(districts)]
            # Jitter around the district's representative point; stays near its district.
            lat = d.lat + rng.uniform(-0.006, 0.006)
            lon = d.lon + rng.uniform(-0.006, 0.006)
            rows.append(
                {
                    "name": f"{d.name_ko} 현장 {i + 1}",
                    "address": f"서울특별시 {d.name_ko}",
                    "district": d.name_ko,
                    "lat": round(lat, 6),
                    "lon": round(lon, 6),
                    "kind": rng.choice(KINDS),
                }
            )
        conn.execute(db.sites.insert(), rows)
        site_ids = [s.id for s in repository.list_sites(conn)]
        first = datetime(2016, 1, 1, tzinfo=SEOUL)
        span_days = 365 * 10
        visits = []
        for i in range(n_visits):
            day = first + timedelta(days=rng.randrange(span_days))
            start = day.replace(hour=rng.choice((9, 10, 11, 13, 14, 15, 16)), minute=rng.choice((0, 30)))
            end = start + timedelta(minutes=rng.choice((30, 60, 90, 120)))
            sid = rng.choice(site_ids)
            status = Status.DONE if start.year < 2026 else rng.choice(list(Status))
            visits.append(
                Visit(
                    id=None,
                    uid=f"bench-{seed}-{i}@seoul-visit-planner",
                    title=f"{rng.choice(TITLES)} {i}",
                    site_id=sid,
                    start=start,
                    end=end,
                    category=rng.choices(categories, weights)[0],
                    status=status,
                    purpose="벤치마크용 합성 일정",
                    public=rng.random() < 0.7,
                    important=rng.random() < 0.1,
                    version=1,
                    created_at=start - timedelta(days=7),
                    updated_at=start - timedelta(days=7),
                )
            )
        repository.insert_visits_bulk(conn, visits)


_databases: dict[int, str] = {}


def populated_db(n: int) -> str:
    """URL of a temporary database with ``n`` seeded visits; one per size in a run, shared by the
    benchmarks that only read it."""
    if n not in _databases:
        from bench.apptest import temp_db_url

        url = temp_db_url(f"n{n}")
        engine = db.get_engine(url)
        services.init_database(engine, create=True)
        populate(engine, n)
        _databases[n] = url
    return _databases[n]
