"""Soak of issue 13: many writers on the same few visits, through the services, on SQLite and PostgreSQL.

``soak_writers`` (size = the number of writer processes, 8 by default) starts that many processes that
for ``PLANNER_BENCH_SOAK_SECONDS`` (default 60) update the same 5 sample visits through
``services.update_visit`` — read the visit, save a new note with the version read; a stale version
(someone else saved first) is read again and retried, as a user would. Then it checks the history:
every update a writer was told succeeded must be there (its version's note, in the visit's history or
its current row): ``lost`` must be 0, and a raw "database is locked" must never reach a caller
(``DatabaseBusy`` is the one-line refusal a caller may get when the lock is held over the busy timeout).
The figures are printed, not asserted on time. PostgreSQL runs on ``PLANNER_BENCH_POSTGRES_URL`` (or
``PLANNER_TEST_POSTGRES_URL``): its tables are dropped and made again; without one only SQLite runs.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import time
from datetime import datetime

from sqlalchemy import MetaData, create_engine

from bench.apptest import temp_db_url
from bench.harness import Bench, Measurement
from planner import db, services
from planner.domain import SEOUL, DatabaseBusy, StaleVersion
from planner.uow import UnitOfWork

NOW = datetime(2022, 3, 15, 9, 0, tzinfo=SEOUL)
VISITS = (1, 2, 3, 4, 5)


def _seconds() -> float:
    return float(os.environ.get("PLANNER_BENCH_SOAK_SECONDS", "60"))


def _writer(url: str, worker: int, seconds: float, barrier) -> dict:  # type: ignore[no-untyped-def]
    """One writer process: update the visits until the time is up; report what happened."""
    engine = db.get_engine(url)
    rng = random.Random(worker)
    done: list[tuple[int, int, str]] = []
    stale = busy = locked = other = 0
    barrier.wait(timeout=120)
    deadline = time.monotonic() + seconds
    n = 0
    while time.monotonic() < deadline:
        visit_id = rng.choice(VISITS)
        n += 1
        note = f"writer {worker} update {n}"
        try:
            uow = UnitOfWork(engine, lambda: NOW)
            seen = services.get_visit(uow, visit_id)
            saved = services.update_visit(uow, visit_id, seen.version, {"notes": note})
            done.append((visit_id, saved.version, note))
        except StaleVersion:
            stale += 1
        except DatabaseBusy:
            busy += 1
        except Exception as exc:  # counted and shown: none is expected
            if "database is locked" in str(exc):
                locked += 1
            else:
                other += 1
                print(f"writer {worker}: {type(exc).__name__}: {exc}", flush=True)
    db.dispose_engine(url)
    return {"done": done, "stale": stale, "busy": busy, "locked": locked, "other": other}


def _prepare(url: str) -> None:
    if make_url_backend(url) == "postgresql":
        plain = create_engine(url)
        found = MetaData()
        found.reflect(plain)
        found.drop_all(plain)
        plain.dispose()
    services.open_database(url, lambda: NOW, create=True, sample_on_first_start=True)
    db.dispose_engine(url)


def make_url_backend(url: str) -> str:
    return "postgresql" if url.startswith("postgresql") else "sqlite"


def _lost(url: str, done: list[tuple[int, int, str]]) -> tuple[int, int]:
    """(updates not found in the history or the current row, history rows missing for the final versions)."""
    engine = db.get_engine(url)
    uow = UnitOfWork(engine, lambda: NOW)
    notes: dict[tuple[int, int], str] = {}
    gaps = 0
    for visit_id in VISITS:
        current = services.get_visit(uow, visit_id)
        notes[(visit_id, current.version)] = current.notes
        history = services.visit_history(uow, visit_id)
        for entry in history:
            notes[(visit_id, entry.version)] = entry.values.get("notes", "")
        gaps += current.version - 1 - len(history)  # versions 1 .. current-1 are each in the history once
    db.dispose_engine(url)
    return sum(1 for visit_id, version, note in done if notes.get((visit_id, version)) != note), gaps


def _soak(backend: str, url: str, writers: int, seconds: float) -> list[Measurement]:
    _prepare(url)
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager:
        barrier = manager.Barrier(writers)
        with ctx.Pool(writers) as pool:
            t0 = time.perf_counter()
            reports = pool.starmap(_writer, [(url, i, seconds, barrier) for i in range(writers)])
            elapsed = time.perf_counter() - t0
    done = [d for r in reports for d in r["done"]]
    lost, gaps = _lost(url, done)
    figures = {
        "updates": len(done),
        "updates_per_s": len(done) / seconds,
        "stale_retried": sum(r["stale"] for r in reports),
        "busy_refusals": sum(r["busy"] for r in reports),
        "database_is_locked": sum(r["locked"] for r in reports),
        "other_errors": sum(r["other"] for r in reports),
        "lost": lost,
        "history_gaps": gaps,
    }
    print(
        f"soak {backend}: {writers} writers x {seconds:g} s (wall {elapsed:.1f} s): "
        + ", ".join(f"{k} {v:.1f}" if isinstance(v, float) else f"{k} {v}" for k, v in figures.items())
        + ("  OK: 0 lost" if lost == 0 and gaps == 0 and not figures["database_is_locked"] else "  FAILED"),
        flush=True,
    )
    return [
        Measurement(f"soak_{backend}_{k}", writers, float(v), None, None, None, unit="/s" if k.endswith("_s") else "n")
        for k, v in figures.items()
    ]


def soak_writers(n: int) -> list[Measurement]:
    seconds = _seconds()
    results = _soak("sqlite", temp_db_url("soak"), n, seconds)
    pg = os.environ.get("PLANNER_BENCH_POSTGRES_URL") or os.environ.get("PLANNER_TEST_POSTGRES_URL")
    if pg:
        results += _soak("postgresql", pg, n, seconds)
    else:
        print("soak postgresql: skipped (set PLANNER_BENCH_POSTGRES_URL)", flush=True)
    return results


BENCHES = [
    Bench(
        "soak_writers",
        soak_writers,
        (8,),
        "N writer processes update the same 5 visits for PLANNER_BENCH_SOAK_SECONDS (60): updates, retries, 0 lost",
    ),
]
