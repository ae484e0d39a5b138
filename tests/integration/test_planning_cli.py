"""The planning commands of issue 11 (``check``, ``plan-day``, ``suggest``, ``plan-week``) and a visit's ``fixed``
and window: the acceptance lines, the JSON keys and exit codes scripts rely on, and ``--apply`` through the change
path. A fixed clock; the machine's time zone is set to one far from Seoul so that nothing depends on it."""

from __future__ import annotations

import itertools
import json
import time
from datetime import date, datetime, timedelta

import pytest
from geopy.distance import geodesic

from planner import planning, scheduling, services
from planner.cli import main
from planner.domain import SEOUL, StaleVersion, Status
from tests.conftest import FIXED_NOW, uow_at

CITY_HALL = (37.566295, 126.977945)
PLACES = [
    (37.5560, 126.9057),
    (37.5133, 127.1001),
    (37.6543, 127.0568),
    (37.4837, 126.9016),
    (37.5796, 126.9770),
    (37.5172, 127.0473),
    (37.6176, 126.9227),
    (37.4954, 127.0276),
]
WEDNESDAY = date(2022, 3, 2)  # an ordinary working day (2022-03-09 is an election day)


@pytest.fixture(autouse=True)
def fixed_clock_far_from_seoul(monkeypatch):
    monkeypatch.setattr(services, "system_clock", lambda: FIXED_NOW)
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    monkeypatch.setenv("PLANNER_LANGUAGE", "ko")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def run(capsys, url, *args):
    code = main(["--db", url, *args])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, url, *args):
    code, out, err = run(capsys, url, *args, "--format", "json")
    assert code in (0, 4), err
    return code, json.loads(out)


def at(day: date, hh: int, mm: int = 0) -> str:
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=SEOUL).isoformat()


def add_site(capsys, url, name, lat, lon) -> int:
    code, out, err = run(capsys, url, "sites", "add", "--name", name, "--lat", str(lat), "--lon", str(lon))
    assert code == 0, err
    return int(out)


# A day that breaks a blocking rule on purpose (so check and plan-day have something to find) is saved with a
# stated reason, as a scheduler would (issue 11: the change path refuses it otherwise).
OVERRIDE = ("--override", "시험: 규칙을 어기는 일정을 일부러 저장")


def add_visit(capsys, url, site_id, start, end, *extra) -> int:
    code, out, err = run(
        capsys,
        url,
        "visits", "add", "--title", "현장방문", "--site-id", str(site_id), "--start", start, "--end", end,
        "--category", "economy", *extra,
    )  # fmt: skip
    assert code == 0, err
    return int(out)


def visit(url, visit_id):
    engine = services.open_database(url, lambda: FIXED_NOW)[0]
    return services.get_visit(uow_at(engine), visit_id)


# ---------------------------------------------------------------- fixed and the window


def test_fixed_and_window_are_set_listed_and_validated(capsys, engine_url):
    site = add_site(capsys, engine_url, "시청", *CITY_HALL)
    proposed = add_visit(capsys, engine_url, site, at(WEDNESDAY, 10), at(WEDNESDAY, 11))
    confirmed = add_visit(capsys, engine_url, site, at(WEDNESDAY, 14), at(WEDNESDAY, 15), "--status", "confirmed")
    pinned = add_visit(
        capsys, engine_url, site, at(WEDNESDAY, 16), at(WEDNESDAY, 17), "--fixed",
        "--window-start", f"{WEDNESDAY}T08:00", "--window-end", f"{WEDNESDAY}T20:00",
    )  # fmt: skip
    _, records = run_json(capsys, engine_url, "visits", "list", "--from", str(WEDNESDAY), "--to", str(WEDNESDAY))
    by_id = {r["id"]: r for r in records}
    assert by_id[proposed]["fixed"] is False and by_id[proposed]["window_start"] is None  # flexible until confirmed
    assert by_id[confirmed]["fixed"] is True
    assert by_id[pinned]["fixed"] is True
    assert (by_id[pinned]["window_start"], by_id[pinned]["window_end"]) == (at(WEDNESDAY, 8), at(WEDNESDAY, 20))

    code, out, _ = run(capsys, engine_url, "visits", "update", str(confirmed), "--expect-version", "1", "--flexible")
    assert code == 0 and out.strip() == "2"
    assert visit(engine_url, confirmed).is_fixed is False

    code, _, err = run(
        capsys, engine_url, "visits", "update", str(proposed), "--expect-version", "1",
        "--window-start", f"{WEDNESDAY}T12:00", "--window-end", f"{WEDNESDAY}T09:00",
    )  # fmt: skip
    assert code == 2 and err.count("\n") == 1 and "--window-end" in err
    code, _, err = run(
        capsys,
        engine_url,
        "visits",
        "update",
        str(proposed),
        "--expect-version",
        "1",
        "--window-end",
        "2222-01-01T10:00",
    )
    assert code == 2 and err.count("\n") == 1
    with pytest.raises(SystemExit) as refused:  # argparse refuses before any command runs
        main(["--db", engine_url, "visits", "update", str(proposed), "--expect-version", "1", "--fixed", "--flexible"])
    assert refused.value.code == 2 and capsys.readouterr().err.count("\n") == 1
    assert visit(engine_url, proposed).version == 1  # nothing written by the refusals


def test_an_older_database_gets_the_new_columns(tmp_path):
    """A database made by the code before issue 11 (the frozen fixture of tests/integration/test_migrations.py)
    opens with the reorder columns empty: every old visit is fixed or flexible by its status."""
    from planner import db
    from tests.integration.test_migrations import build_old_database

    url = f"sqlite:///{tmp_path / 'old.db'}"
    before = build_old_database(url, "before_issue_11")
    assert "fixed" not in before["visits"]["columns"]
    engine = services.open_database(url, lambda: FIXED_NOW)[0]
    stored = services.list_visits(uow_at(engine))
    assert len(stored) == len(before["visits"]["rows"]) > 0
    assert all(v.fixed is None and v.window_start is None and v.window_end is None for v in stored)
    # by status: proposed and approved visits may move, the others stay where they are
    assert all(v.is_fixed == (v.status.value not in ("proposed", "approved")) for v in stored)
    db.dispose_engine(url)


# ---------------------------------------------------------------- check


def test_check_names_the_holiday_and_exits_4(capsys, engine_url):
    site = add_site(capsys, engine_url, "시청", *CITY_HALL)
    holiday = date(2022, 3, 1)
    visit_id = add_visit(capsys, engine_url, site, at(holiday, 10), at(holiday, 11), *OVERRIDE)
    code, problems = run_json(capsys, engine_url, "check", "--date", str(holiday))
    assert code == 4
    found = next(p for p in problems if p["rule"] == "holiday")
    assert set(found) == {"rule", "severity", "visit_ids", "message"}
    assert found["severity"] == "blocking" and found["visit_ids"] == [visit_id] and "삼일절" in found["message"]
    code, out, _ = run(capsys, engine_url, "check", "--date", str(holiday))  # the readable table
    assert code == 4 and "삼일절" in out


def test_check_gives_travel_with_the_minutes_missing(capsys, engine_url):
    far = (37.5133, 127.1001)  # 잠실, about 13 km in a straight line from City Hall
    a = add_site(capsys, engine_url, "시청", *CITY_HALL)
    b = add_site(capsys, engine_url, "잠실", *far)
    road_km = geodesic(CITY_HALL, far).km * 1.3
    assert 14 <= road_km <= 20  # "two visits 15 km apart"
    first = add_visit(capsys, engine_url, a, at(WEDNESDAY, 10), at(WEDNESDAY, 11))
    second = add_visit(capsys, engine_url, b, at(WEDNESDAY, 11, 10), at(WEDNESDAY, 12), *OVERRIDE)
    code, problems = run_json(capsys, engine_url, "check", "--from", str(WEDNESDAY), "--to", str(WEDNESDAY))
    assert code == 4
    (travel,) = [p for p in problems if p["rule"] == "travel"]
    assert travel["visit_ids"] == [first, second] and travel["severity"] == "blocking"
    settings = scheduling.plan_settings()
    end = datetime.fromisoformat(at(WEDNESDAY, 11))
    need = -(-(settings.travel.drive_minutes(road_km, end) + settings.travel.stop_buffer_minutes) // 1)
    assert f"{int(need) - 10}분이 모자랍니다" in travel["message"]


def test_check_exits_0_without_a_blocking_problem_and_refuses_bad_ranges(capsys, engine_url):
    site = add_site(capsys, engine_url, "시청", *CITY_HALL)
    add_visit(capsys, engine_url, site, at(WEDNESDAY, 10), at(WEDNESDAY, 11))
    assert run_json(capsys, engine_url, "check", "--date", str(WEDNESDAY)) == (0, [])
    for args in (
        ["--from", "2022-03-05", "--to", "2022-03-01"],
        ["--from", "2022-03-01"],
        ["--date", "2022-13-01"],
        ["--from", "2022-01-01", "--to", "2022-12-31"],
    ):
        code, out, err = run(capsys, engine_url, "check", *args)
        assert code == 2 and out == "" and err.count("\n") == 1, args


# ---------------------------------------------------------------- plan-day


def _shortest_geodesic_tour(points) -> float:
    nodes = [CITY_HALL, *points]
    d = [[geodesic(p, q).km for q in nodes] for p in nodes]
    best = float("inf")
    for order in itertools.permutations(range(1, len(nodes))):
        total = d[0][order[0]] + sum(d[i][j] for i, j in itertools.pairwise(order)) + d[order[-1]][0]
        best = min(best, total)
    return best


def test_plan_day_of_eight_flexible_visits_is_exact_and_near_the_shortest_tour_and_applies(capsys, engine_url):
    ids = []
    for n, (lat, lon) in enumerate(PLACES):
        site = add_site(capsys, engine_url, f"장소{n}", lat, lon)
        hour = 9 + (n * 5) % 8  # an order that wanders across the city
        ids.append(
            add_visit(
                capsys,
                engine_url,
                site,
                at(WEDNESDAY, hour),
                at(WEDNESDAY, hour, 30),
                "--window-start",
                f"{WEDNESDAY}T08:00",
                "--window-end",
                f"{WEDNESDAY}T20:00",
                *OVERRIDE,  # eight visits wandering across the city: too many, too far apart
            )  # fmt: skip
        )
    code, plan = run_json(capsys, engine_url, "plan-day", str(WEDNESDAY))
    assert code == 0
    assert {"date", "stops", "total_travel_minutes", "total_km", "saved_minutes", "method"} <= set(plan)
    assert plan["method"] == "exact" and plan["date"] == str(WEDNESDAY)
    assert {s["visit_id"] for s in plan["stops"]} == set(ids)
    for s in plan["stops"]:
        assert set(s) == {"visit_id", "arrive", "depart", "travel_minutes", "km", "fixed"}
        assert s["arrive"].endswith("+09:00") and s["fixed"] is False
    detour = scheduling.plan_settings().travel.detour_factor
    assert plan["total_km"] / detour <= _shortest_geodesic_tour(PLACES) * 1.02
    assert plan["saved_minutes"] > 0

    code, applied = run_json(capsys, engine_url, "plan-day", str(WEDNESDAY), "--apply")
    assert code == 0 and sorted(applied["applied"]) == sorted(ids)
    engine = services.open_database(engine_url, lambda: FIXED_NOW)[0]
    for s in applied["stops"]:
        stored = services.get_visit(uow_at(engine), s["visit_id"])
        assert stored.start.isoformat() == s["arrive"] and stored.end.isoformat() == s["depart"]
        assert stored.version == 2  # through the change path: a new version ...
        (entry,) = services.visit_history(uow_at(engine), s["visit_id"])  # ... and the old one kept
        assert entry.version == 1 and "start" in entry.changed
    # Applied again: the visits are already there, nothing changes.
    code, again = run_json(capsys, engine_url, "plan-day", str(WEDNESDAY), "--apply")
    assert code == 0 and again["applied"] == []


def test_apply_day_is_all_or_nothing_when_a_visit_changed_meanwhile(capsys, engine_url):
    ids = []
    for n, (lat, lon) in enumerate(PLACES[:4]):
        site = add_site(capsys, engine_url, f"장소{n}", lat, lon)
        ids.append(add_visit(capsys, engine_url, site, at(WEDNESDAY, 15 - n), at(WEDNESDAY, 15 - n, 30), *OVERRIDE))
    engine = services.open_database(engine_url, lambda: FIXED_NOW)[0]
    proposal = planning.plan_day(uow_at(engine), WEDNESDAY)
    services.update_visit(uow_at(engine), ids[-1], 1, {"title": "다른 사람이 고친 제목"})
    with pytest.raises(StaleVersion):
        planning.apply_day(uow_at(engine), proposal)
    versions = {i: services.get_visit(uow_at(engine), i).version for i in ids}
    assert versions == {**{i: 1 for i in ids}, ids[-1]: 2}  # nothing of the plan was written


# ---------------------------------------------------------------- suggest


def test_suggested_slots_pass_check(capsys, engine_url):
    home = add_site(capsys, engine_url, "시청", *CITY_HALL)
    market = add_site(capsys, engine_url, "망원시장", *PLACES[0])
    add_visit(capsys, engine_url, home, at(WEDNESDAY, 10), at(WEDNESDAY, 11))
    add_visit(capsys, engine_url, market, at(WEDNESDAY, 13), at(WEDNESDAY, 14))
    add_visit(capsys, engine_url, home, at(WEDNESDAY + timedelta(1), 9), at(WEDNESDAY + timedelta(1), 17))
    target = add_site(capsys, engine_url, "잠실", *PLACES[1])
    code, slots = run_json(
        capsys, engine_url, "suggest", "--site-id", str(target), "--duration", "60",
        "--from", str(WEDNESDAY), "--to", str(WEDNESDAY + timedelta(2)),
    )  # fmt: skip
    assert code == 0 and 1 <= len(slots) <= 5
    minutes = [s["added_travel_minutes"] for s in slots]
    assert minutes == sorted(minutes)
    for slot in slots:
        assert set(slot) == {"start", "end", "added_travel_minutes", "warnings", "reason"}
        assert slot["start"].endswith("+09:00") and slot["reason"]
        day = slot["start"][:10]
        new = add_visit(capsys, engine_url, target, slot["start"], slot["end"])
        code, problems = run_json(capsys, engine_url, "check", "--date", day)
        assert code == 0 and not [p for p in problems if p["severity"] == "blocking"], problems
        cancelled = run(
            capsys, engine_url, "visits", "update", str(new), "--expect-version", "1", "--status", "cancelled"
        )
        assert cancelled[0] == 0
    code, _, err = run(
        capsys,
        engine_url,
        "suggest",
        "--site-id",
        str(target),
        "--duration",
        "0",
        "--from",
        "2022-03-02",
        "--to",
        "2022-03-02",
    )
    assert code == 2 and err.count("\n") == 1
    code, _, err = run(
        capsys,
        engine_url,
        "suggest",
        "--site-id",
        "999",
        "--duration",
        "60",
        "--from",
        "2022-03-02",
        "--to",
        "2022-03-02",
    )
    assert code == 2 and err.count("\n") == 1


# ---------------------------------------------------------------- plan-week


def test_plan_week_on_the_sample_data_keeps_coverage_holidays_and_the_daily_limit(capsys, sample_engine):
    url = sample_engine.url.render_as_string(hide_password=False)
    uow = uow_at(sample_engine)
    upcoming = services.overview(uow).next_week  # the home page's upcoming visits
    assert upcoming
    monday = services.week_start(upcoming[0].start.date())
    friday = monday + timedelta(days=4)
    code, week = run_json(capsys, url, "plan-week", "--from", str(monday), "--to", str(friday))
    assert code == 0 and week["proposals"]
    assert {"proposals", "coverage_before", "coverage_after"} <= set(week)
    settings = scheduling.plan_settings()
    # "Within N days": a visit exactly N days before the first day is outside (so 용산구, last visited
    # 2021-12-21, is due on 2022-03-21).
    window_start = monday - timedelta(days=settings.coverage_days - 1)
    visited = {
        v.district
        for v in services.list_visits(uow)
        if v.status in planning.COVERED_STATUSES and window_start <= v.start.date() <= friday
    }
    holidays = scheduling.korean_holidays(monday, friday)
    per_day = {d: 0 for d in (monday + timedelta(days=i) for i in range(5))}
    for v in services.list_visits(uow):
        if v.is_open and monday <= v.start.date() <= friday:
            per_day[v.start.date()] += 1
    for p in week["proposals"]:
        assert {"site_id", "site_name", "district", "start", "end"} <= set(p)
        assert p["district"] not in visited
        day = date.fromisoformat(p["start"][:10])
        assert day not in holidays and p["start"].endswith("+09:00")
        per_day[day] += 1
    assert max(per_day.values()) <= settings.daily_limit
    assert week["coverage_after"] == week["coverage_before"] + len(week["proposals"])

    code, applied = run_json(capsys, url, "plan-week", "--from", str(monday), "--to", str(friday), "--apply")
    assert code == 0 and len(applied["created"]) == len(applied["proposals"])
    for visit_id, p in zip(applied["created"], applied["proposals"], strict=True):
        stored = services.get_visit(uow_at(sample_engine), visit_id)
        assert stored.status == Status.PROPOSED and stored.version == 1 and stored.site_id == p["site_id"]
        assert stored.start.isoformat() == p["start"] and not stored.is_fixed


def test_plan_week_on_the_sample_data_never_proposes_on_the_holiday_of_its_week(capsys, sample_engine):
    """The acceptance line again for a week that holds a holiday (the week of 2022-03-09, 대통령 선거일: the home
    page's "next week" on 2022-03-02), so "never on a holiday" is put to the test."""
    url = sample_engine.url.render_as_string(hide_password=False)
    uow = uow_at(sample_engine, datetime(2022, 3, 2, 9, 0, tzinfo=SEOUL))
    upcoming = services.overview(uow).next_week
    assert upcoming
    monday = services.week_start(upcoming[0].start.date())
    friday = monday + timedelta(days=4)
    holidays = scheduling.korean_holidays(monday, friday)
    assert date(2022, 3, 9) in holidays
    code, week = run_json(capsys, url, "plan-week", "--from", str(monday), "--to", str(friday))
    assert code == 0 and week["proposals"]
    settings = scheduling.plan_settings()
    window_start = monday - timedelta(days=settings.coverage_days - 1)
    visited = {
        v.district
        for v in services.list_visits(uow)
        if v.status in planning.COVERED_STATUSES and window_start <= v.start.date() <= friday
    }
    per_day = {monday + timedelta(days=i): 0 for i in range(5)}
    for v in services.list_visits(uow):
        if v.is_open and monday <= v.start.date() <= friday:
            per_day[v.start.date()] += 1
    for p in week["proposals"]:
        assert p["district"] not in visited
        day = date.fromisoformat(p["start"][:10])
        assert day not in holidays
        per_day[day] += 1
    assert max(per_day.values()) <= settings.daily_limit


def test_plan_day_right_after_apply_saves_nothing_and_moves_nothing(capsys, engine_url):
    """Issue 11 (follow-up): "before" is timed as "after" is, so a day just put in its best order saves 0."""
    ids = []
    for n, (lat, lon) in enumerate(PLACES):
        site = add_site(capsys, engine_url, f"장소{n}", lat, lon)
        hour = 9 + (n * 5) % 8
        window = ("--window-start", f"{WEDNESDAY}T08:00", "--window-end", f"{WEDNESDAY}T20:00")
        ids.append(
            add_visit(capsys, engine_url, site, at(WEDNESDAY, hour), at(WEDNESDAY, hour, 30), *window, *OVERRIDE)
        )
    code, applied = run_json(capsys, engine_url, "plan-day", str(WEDNESDAY), "--apply")
    assert code == 0 and applied["saved_minutes"] > 0 and applied["applied"]
    code, again = run_json(capsys, engine_url, "plan-day", str(WEDNESDAY))
    assert code == 0 and again["saved_minutes"] == 0
    assert again["total_travel_minutes"] == applied["total_travel_minutes"]
    assert [(s["visit_id"], s["arrive"], s["depart"]) for s in again["stops"]] == [
        (s["visit_id"], s["arrive"], s["depart"]) for s in applied["stops"]
    ]
    code, twice = run_json(capsys, engine_url, "plan-day", str(WEDNESDAY), "--apply")
    assert code == 0 and twice["applied"] == [] and twice["saved_minutes"] == 0


def test_plan_day_keeps_a_day_already_in_its_best_order_where_it_is(capsys, engine_url):
    """Flexible visits in the best order, but later than the earliest they could start: nothing to save, no move."""
    near = [(37.5700, 126.9830), (37.5750, 126.9900)]  # a short loop from City Hall
    ids = []
    for n, (lat, lon) in enumerate(near):
        site = add_site(capsys, engine_url, f"가까운 곳{n}", lat, lon)
        ids.append(add_visit(capsys, engine_url, site, at(WEDNESDAY, 13 + 2 * n), at(WEDNESDAY, 14 + 2 * n)))
    code, plan = run_json(capsys, engine_url, "plan-day", str(WEDNESDAY))
    assert code == 0 and plan["saved_minutes"] == 0
    assert [(s["visit_id"], s["arrive"]) for s in plan["stops"]] == [
        (ids[0], at(WEDNESDAY, 13)),
        (ids[1], at(WEDNESDAY, 15)),
    ]
    code, applied = run_json(capsys, engine_url, "plan-day", str(WEDNESDAY), "--apply")
    assert code == 0 and applied["applied"] == []
    assert visit(engine_url, ids[0]).version == 1 and visit(engine_url, ids[1]).version == 1
