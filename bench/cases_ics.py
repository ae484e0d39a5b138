"""Benchmarks of issue 4: iCalendar export and import of n visits against raw icalendar doing the same work.

``ics_export``: ``calendar_exchange.export_ics`` (query, build, serialise) vs raw icalendar building
and serialising the same events from visits already in memory. Target 1.3x.
``ics_import``: ``calendar_exchange.import_ics`` as visits into an empty database (checks, parse,
site matching, validation, bulk insert) vs raw ``Calendar.from_ical`` reading the same fields.
Target 1.5x.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event, Timezone

from bench.apptest import temp_db_url
from bench.data import populate
from bench.harness import Bench, Measurement, measure_pair, ratio
from planner import calendar_exchange, db, services
from planner.domain import SEOUL, VisitQuery
from planner.services import system_clock
from planner.uow import UnitOfWork

NOW = datetime(2026, 1, 15, 9, 0, tzinfo=SEOUL)


def _engine(n: int):  # type: ignore[no-untyped-def]
    engine = db.get_engine(temp_db_url(f"ics{n}"))
    services.init_database(engine, create=True)
    if n:
        populate(engine, n)
    return engine


def _raw_export(visits, labels) -> bytes:  # type: ignore[no-untyped-def]
    """What a developer would write with icalendar alone for the same calendar."""
    cal = Calendar()
    cal.add("prodid", "-//raw//EN")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "raw")
    first = min(v.start for v in visits).date()
    last = max(v.end for v in visits).date() + timedelta(days=1)
    cal.add_component(Timezone.from_tzid("Asia/Seoul", first_date=first, last_date=last))
    stamp = NOW.astimezone(UTC)
    for v in visits:
        ev = Event()
        ev.add("uid", v.uid)
        ev.add("sequence", v.ics_sequence)
        ev.add("dtstamp", stamp)
        ev.add("created", v.created_at.astimezone(UTC))
        ev.add("last-modified", v.updated_at.astimezone(UTC))
        ev.add("dtstart", v.start)
        ev.add("dtend", v.end)
        ev.add("status", "CONFIRMED")
        ev.add("summary", v.title)
        ev.add("location", f"{v.site_name}, {v.site_address}")
        ev.add("geo", (v.lat, v.lon))
        ev.add("categories", [labels[v.category]])
        link = f"http://localhost:8501/visits?visit={v.id}"
        ev.add("description", f"{v.purpose}\n\n{link}")
        ev.add("url", link)
        cal.add_component(ev)
    return cal.to_ical()


def ics_export(n: int) -> list[Measurement]:
    engine = _engine(n)
    labels = {c.code: c.label("ko") for c in services.list_categories(UnitOfWork(engine, system_clock))}
    visits = services.list_visits(UnitOfWork(engine, system_clock))
    floor, seconds = measure_pair(
        lambda: _raw_export(visits, labels),
        lambda: calendar_exchange.export_ics(UnitOfWork(engine, lambda: NOW), VisitQuery()),
    )
    return [ratio("ics_export", n, seconds, "raw_icalendar_export", floor, target=1.3)]


def _raw_import(data: bytes) -> int:
    cal = Calendar.from_ical(data)
    rows = [
        (str(e["UID"]), e.DTSTART, e.DTEND, str(e["SUMMARY"]), str(e.get("LOCATION", "")), str(e.get("DESCRIPTION")))
        for e in cal.walk("VEVENT")
    ]
    return len(rows)


def ics_import(n: int) -> list[Measurement]:
    source = _engine(n)
    data = calendar_exchange.export_ics(UnitOfWork(source, lambda: NOW), VisitQuery())
    window = (datetime(2015, 1, 1, tzinfo=SEOUL), datetime(2027, 1, 1, tzinfo=SEOUL))
    empty: list = []

    def new_database() -> None:  # an empty database per run, made outside the timing
        empty[:] = [_engine(0)]

    floor, seconds = measure_pair(
        lambda: _raw_import(data),
        lambda: calendar_exchange.import_ics(
            UnitOfWork(empty[0], lambda: NOW), data, "visits", window=window, max_bytes=0
        ),
        setup=new_database,
    )
    return [ratio("ics_import", n, seconds, "raw_icalendar_parse", floor, target=1.5)]


BENCHES = [
    Bench("ics_export", ics_export, (1000, 10000), "export-ics of n visits vs raw icalendar building the same"),
    Bench("ics_import", ics_import, (1000, 10000), "import-ics --as visits of n visits vs raw icalendar parsing"),
]


# ---------------------------------------------------------------- issue 9 item 20: write-lock hold


def _write_lock_hold(engine) -> list[float]:  # type: ignore[no-untyped-def]
    """Seconds each write transaction on ``engine`` held the lock (BEGIN IMMEDIATE to commit/rollback)."""
    from sqlalchemy import event

    held: list[float] = []
    began: dict[int, float] = {}

    def on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        if conn.get_execution_options().get("planner_write"):
            began[id(conn)] = time.perf_counter()

    def on_end(conn) -> None:  # type: ignore[no-untyped-def]
        start = began.pop(id(conn), None)
        if start is not None:
            held.append(time.perf_counter() - start)

    event.listen(engine, "begin", on_begin)
    event.listen(engine, "commit", on_end)
    event.listen(engine, "rollback", on_end)
    return held


def _busy_calendar(n: int, label: str) -> bytes:
    """``n`` single busy events (one a half hour apart from 2026-01-01), summaries tagged ``label``."""
    cal = Calendar()
    cal.add("prodid", "-//bench//EN")
    cal.add("version", "2.0")
    first = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)
    stamp = NOW.astimezone(UTC)
    for i in range(n):
        ev = Event()
        ev.add("uid", f"busy-{i}@bench")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", first + timedelta(minutes=30 * i))
        ev.add("dtend", first + timedelta(minutes=30 * i + 20))
        ev.add("summary", f"{label} {i}")
        cal.add_component(ev)
    return cal.to_ical()


def ics_import_lock_hold(n: int) -> list[Measurement]:
    """Longest write-lock hold of a re-import that changes everything: ``n`` busy occurrences, and
    ``n // 5`` visits (each change also keeps the old version in the history)."""
    window = (datetime(2015, 1, 1, tzinfo=SEOUL), datetime(2028, 1, 1, tzinfo=SEOUL))
    out: list[Measurement] = []
    engine = _engine(0)
    calendar_exchange.import_ics(
        UnitOfWork(engine, lambda: NOW), _busy_calendar(n, "before"), "busy", window=window, max_bytes=0
    )
    again = _busy_calendar(n, "after")
    held = _write_lock_hold(engine)
    t0 = time.perf_counter()
    calendar_exchange.import_ics(UnitOfWork(engine, lambda: NOW), again, "busy", window=window, max_bytes=0)
    total = time.perf_counter() - t0
    out.append(Measurement("ics_reimport_busy_lock", n, max(held), "whole_import", total, max(held) / total))
    m = n // 5
    source = _engine(m)
    first = calendar_exchange.export_ics(UnitOfWork(source, lambda: NOW), VisitQuery())
    with db.transaction(source, write=True) as conn:
        conn.execute(db.visits.update().values(title=db.visits.c.title + " (수정)", version=db.visits.c.version + 1))
    changed = calendar_exchange.export_ics(UnitOfWork(source, lambda: NOW), VisitQuery())
    target = _engine(0)
    calendar_exchange.import_ics(UnitOfWork(target, lambda: NOW), first, "visits", window=window, max_bytes=0)
    held = _write_lock_hold(target)
    t0 = time.perf_counter()
    calendar_exchange.import_ics(UnitOfWork(target, lambda: NOW), changed, "visits", window=window, max_bytes=0)
    total = time.perf_counter() - t0
    out.append(Measurement("ics_reimport_visits_lock", m, max(held), "whole_import", total, max(held) / total))
    return out


BENCHES.append(
    Bench(
        "ics_import_lock_hold",
        ics_import_lock_hold,
        (10000,),
        "longest write-lock hold of a re-import changing n busy occurrences / n/5 visits vs the whole import",
    )
)
