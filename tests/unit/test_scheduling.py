"""The scheduling core (issue 11): travel model, rules, the day's best order, free slots, the week plan.

Pure: no database, no clock (fixed dates), every time an aware Seoul datetime, so the machine's time zone
does not matter. Property tests use the derandomized hypothesis profile of tests/conftest.py.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner import config
from planner.domain import SEOUL
from planner.i18n import catalogue, t
from planner.scheduling import (
    CITY_HALL,
    EXACT_LIMIT,
    NEW_ID,
    Busy,
    Candidate,
    PlanSettings,
    Severity,
    Stop,
    TravelModel,
    best_order,
    check_stops,
    free_slots,
    holiday_name,
    korean_holidays,
    orders_travel,
    plan_settings,
    plan_week,
)

SETTINGS = PlanSettings()
CITY_HALL_LAT, CITY_HALL_LON = CITY_HALL
MANGWON = (37.5560, 126.9057)  # 망원시장
JAMSIL = (37.5133, 127.1001)  # about 12 km from City Hall


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SEOUL)


def stop(id: int, day: date, start: tuple[int, int], minutes: int, place=MANGWON, **kw) -> Stop:
    begin = at(day, *start)
    return Stop(id, begin, begin + timedelta(minutes=minutes), place[0], place[1], **kw)


def rules(problems) -> list[str]:
    return [p.rule for p in problems]


# ---------------------------------------------------------------- settings and travel model


def test_settings_from_the_environment():
    s = plan_settings(
        {
            "PLANNER_TRAVEL_SPEED_KMH": "08-10=10,*=30",
            "PLANNER_WORK_HOURS": "08:30-17:00",
            "PLANNER_RULE_SEVERITY": "holiday=warning",
            "PLANNER_DAILY_LIMIT": "3",
        }
    )
    assert s.travel.speed_at_hour(9) == 10 and s.travel.speed_at_hour(12) == 30
    assert s.work_minutes == (8 * 60 + 30, 17 * 60)
    assert s.severity("holiday") == Severity.WARNING and s.severity("travel") == Severity.BLOCKING
    assert s.daily_limit == 3
    assert plan_settings({}).base == CITY_HALL


@pytest.mark.parametrize(
    "env,value",
    [
        ("PLANNER_TRAVEL_SPEED_KMH", "07-09=18"),  # no '*' band
        ("PLANNER_WORK_HOURS", "18:00-09:00"),
        ("PLANNER_RULE_SEVERITY", "lunch=blocking"),
        ("PLANNER_RULE_SEVERITY", "holiday=fatal"),
        ("PLANNER_DAY_BASE", "37.5"),
        ("PLANNER_DAILY_LIMIT", "0"),
    ],
)
def test_bad_scheduling_settings_name_the_variable(env, value):
    name = next(s.name for s in config.SETTINGS if s.env == env)
    with pytest.raises(ValueError, match=env):
        config.get(name, {env: value})


def test_rush_hour_is_slower_and_night_faster():
    model = TravelModel()
    day = date(2026, 12, 3)
    rush, noon, night = (model.leg_minutes(CITY_HALL, JAMSIL, at(day, h)) for h in (8, 12, 23))
    assert rush > noon > night
    km = model.road_km(CITY_HALL, JAMSIL)
    assert 1.3 * 11 < km < 1.3 * 13  # geodesic ~12 km x the detour factor
    assert noon == pytest.approx(km / 24 * 60 + 10)


def test_wrapping_night_band():
    model = TravelModel()
    assert model.speed_at_hour(23) == model.speed_at_hour(3) == 35
    assert model.speed_at_hour(6) == 24


# ---------------------------------------------------------------- holidays


@pytest.mark.parametrize(
    "day,name",
    [
        (date(2022, 3, 1), "삼일절"),
        (date(2024, 4, 10), "국회의원 선거일"),
        (date(2024, 5, 6), "어린이날 대체 휴일"),
        (date(2026, 12, 25), "기독탄신일"),
    ],
)
def test_korean_holidays_in_korean(day, name):
    assert holiday_name(day) == name
    assert korean_holidays(day - timedelta(days=1), day + timedelta(days=1)).get(day) == name


def test_an_ordinary_day_is_no_holiday():
    assert holiday_name(date(2024, 4, 11)) is None


# ---------------------------------------------------------------- rules


@pytest.mark.parametrize(
    "day,name",
    [
        (date(2022, 3, 1), "삼일절"),
        (date(2024, 4, 10), "국회의원 선거일"),
        (date(2024, 5, 6), "어린이날 대체 휴일"),
        (date(2026, 12, 25), "기독탄신일"),
    ],
)
def test_holiday_rule_names_the_holiday(day, name):
    problems = check_stops([stop(1, day, (10, 0), 60)])
    holiday = [p for p in problems if p.rule == "holiday"]
    assert len(holiday) == 1
    assert holiday[0].blocking and holiday[0].visit_ids == (1,)
    assert holiday[0].params["name"] == name
    assert name in t(holiday[0].key, "ko", **holiday[0].params)


def test_holiday_is_by_the_seoul_date():
    # 2022-02-28 16:00 UTC is 2022-03-01 01:00 in Seoul: 삼일절.
    from datetime import UTC

    start = datetime(2022, 2, 28, 16, 0, tzinfo=UTC)
    problems = check_stops([Stop(1, start, start + timedelta(hours=1), *MANGWON)])
    assert any(p.rule == "holiday" and p.params["name"] == "삼일절" for p in problems)


def test_holiday_severity_is_configurable():
    settings = PlanSettings(severities=(("holiday", Severity.WARNING),))
    problems = check_stops([stop(1, date(2026, 12, 25), (10, 0), 60)], settings=settings)
    assert [p.severity for p in problems if p.rule == "holiday"] == [Severity.WARNING]


def test_weekend_rule():
    problems = check_stops([stop(1, date(2026, 12, 5), (10, 0), 60)])  # a Saturday
    assert rules(problems) == ["weekend"] and not problems[0].blocking


def test_hours_rule():
    day = date(2026, 12, 3)
    problems = check_stops([stop(1, day, (8, 0), 60, place=CITY_HALL), stop(2, day, (17, 30), 60, place=CITY_HALL)])
    assert [(p.rule, p.visit_ids) for p in problems] == [("hours", (1,)), ("hours", (2,))]
    assert problems[0].params["work_start"] == "09:00"


def test_overlap_rule_and_closed_visits_are_ignored():
    day = date(2026, 12, 3)
    a = stop(1, day, (10, 0), 60)
    b = stop(2, day, (10, 30), 60)
    cancelled = stop(3, day, (10, 15), 30, open=False)
    problems = check_stops([a, b, cancelled])
    assert [(p.rule, p.visit_ids) for p in problems] == [("overlap", (1, 2))]
    assert problems[0].params == {"first": 1, "second": 2, "date": "2026-12-03", "start": "10:30", "end": "11:00"}


def test_overlap_across_midnight():
    day = date(2026, 12, 3)
    a = stop(1, day, (23, 0), 180)  # 23:00-02:00
    b = stop(2, day + timedelta(days=1), (1, 0), 60)
    assert "overlap" in rules(check_stops([a, b]))


def test_busy_rule():
    day = date(2026, 12, 3)
    block = Busy(at(day, 14), at(day, 15), "시의회 본회의")
    problems = check_stops([stop(1, day, (14, 30), 60), stop(2, day, (15, 0), 60)], [block])
    busy = [p for p in problems if p.rule == "busy"]
    assert [(p.visit_ids, p.params["summary"]) for p in busy] == [((1,), "시의회 본회의")]


def test_travel_rule_gives_the_minutes_missing():
    # The acceptance case: two stops ~15 km apart with 10 minutes between them.
    day = date(2026, 12, 3)
    far = (37.5133, 127.1501)  # Songpa, ~16 km from Mangwon
    problems = check_stops([stop(1, day, (10, 0), 60), stop(2, day, (11, 10), 60, place=far)])
    travel = [p for p in problems if p.rule == "travel"]
    assert len(travel) == 1 and travel[0].blocking and travel[0].visit_ids == (1, 2)
    p = travel[0].params
    assert p["have"] == 10 and p["missing"] == p["need"] - 10 > 30
    assert p["km"] > 15
    assert f"{p['missing']}" in t(travel[0].key, "en", **p)


def test_travel_rule_is_satisfied_with_enough_time():
    day = date(2026, 12, 3)
    assert check_stops([stop(1, day, (10, 0), 60), stop(2, day, (13, 0), 60, place=JAMSIL)]) == []


def test_daily_limit_rule():
    day = date(2026, 12, 3)
    stops = [stop(i, day, (9 + i, 0), 30, place=CITY_HALL) for i in range(6)]
    problems = check_stops(stops)
    assert [(p.rule, p.visit_ids, p.params["count"]) for p in problems] == [("daily_limit", tuple(range(6)), 6)]


def test_blocking_problems_come_first():
    day = date(2026, 12, 25)  # a Friday holiday
    problems = check_stops([stop(1, day, (8, 0), 60)])
    assert rules(problems) == ["holiday", "hours"]


def test_every_rule_has_a_message_in_both_languages():
    for rule in config.SCHEDULING_RULES:
        assert f"scheduling.{rule}" in catalogue()


# ---------------------------------------------------------------- the day's best order

DAY = date(2026, 12, 3)  # a Thursday

# Places around Seoul (lat, lon) to draw stops from.
PLACES = [
    (37.5560, 126.9057),
    (37.5133, 127.1001),
    (37.6543, 127.0568),
    (37.4837, 126.9016),
    (37.5796, 126.9770),
    (37.5172, 127.0473),
    (37.6176, 126.9227),
    (37.4954, 127.0276),
    (37.5443, 127.0557),
    (37.5304, 126.8643),
    (37.6063, 127.0925),
    (37.4783, 126.9517),
]


def _brute_force_best(stops, plan_settings=SETTINGS):
    """(minutes, km) of the least-travel ordering, each drive leaving when the last visit ends."""
    feasible = [
        got for got in orders_travel(stops, itertools.permutations(range(len(stops))), DAY, plan_settings) if got
    ]
    return min(feasible, default=None)


@st.composite
def day_stops(draw, max_flexible=7, max_fixed=2, max_total=7):
    n_flex = draw(st.integers(1, max_flexible))
    n_fixed = draw(st.integers(0, min(max_fixed, max_total - n_flex)))
    stops = []
    for i in range(n_flex):
        place = draw(st.sampled_from(PLACES))
        minutes = draw(st.sampled_from([20, 30, 45]))
        start_h = draw(st.integers(9, 16))
        window = draw(st.sampled_from([None, (9, 13), (12, 18), (10, 16)]))
        ws, we = (None, None) if window is None else (at(DAY, window[0]), at(DAY, window[1]))
        stops.append(stop(i + 1, DAY, (start_h, 0), minutes, place=place, window_start=ws, window_end=we))
    fixed_hours = draw(st.lists(st.integers(9, 17), min_size=n_fixed, max_size=n_fixed, unique=True))
    for j, hour in enumerate(sorted(fixed_hours)):
        place = draw(st.sampled_from(PLACES))
        stops.append(stop(100 + j, DAY, (hour, 0), 30, place=place, fixed=True))
    return stops


@settings(max_examples=60)
@given(day_stops())
def test_exact_order_is_never_worse_than_any_ordering(stops):
    plan = best_order(stops, DAY)
    assert plan.method == "exact"
    brute = _brute_force_best(stops)
    if brute is None:
        return  # no ordering is feasible leaving each stop when it ends; the DP may still find one by waiting
    assert plan.feasible
    assert plan.total_travel_minutes <= brute[0] + 1e-6


@given(day_stops(max_flexible=5, max_fixed=3))
def test_fixed_stops_keep_their_times(stops):
    plan = best_order(stops, DAY)
    if not plan.feasible:
        return
    by_id = {s.id: s for s in stops}
    assert sorted(p.visit_id for p in plan.stops) == sorted(by_id)
    for p in plan.stops:
        if p.fixed:
            assert (p.arrive, p.depart) == (by_id[p.visit_id].start, by_id[p.visit_id].end)


@given(day_stops(max_flexible=6, max_fixed=2))
def test_planned_day_breaks_no_travel_or_window_rule(stops):
    plan = best_order(stops, DAY)
    if not plan.feasible:
        return
    by_id = {s.id: s for s in stops}
    placed = []
    for p in plan.stops:
        s = by_id[p.visit_id]
        placed.append(Stop(s.id, p.arrive, p.depart, s.lat, s.lon))
        ws, we = s.window_start or at(DAY, 9), s.window_end or at(DAY, 18)
        assert s.fixed or ws <= p.arrive and p.depart <= we
        assert p.depart - p.arrive == s.duration
    assert [r for r in rules(check_stops(placed)) if r in ("travel", "overlap")] == []


@given(day_stops(max_flexible=5, max_fixed=2))
def test_a_day_in_its_best_order_saves_nothing_and_stays_where_it_is(stops):
    """Planned again, the best order of a planned day saves 0 minutes and moves nothing ("before" is timed as
    "after" is: a drive may wait for a faster hour in both)."""
    plan = best_order(stops, DAY)
    if not plan.feasible:
        return
    by_id = {s.id: s for s in stops}
    applied = [replace(by_id[p.visit_id], start=p.arrive, end=p.depart) for p in plan.stops]
    again = best_order(applied, DAY)
    assert again.feasible and again.saved_minutes == 0
    assert again.before_travel_minutes == pytest.approx(plan.total_travel_minutes, abs=0.05)
    assert [(p.visit_id, p.arrive, p.depart) for p in again.stops] == [
        (p.visit_id, p.arrive, p.depart) for p in plan.stops
    ]


def test_best_order_with_nothing_to_save_keeps_the_times():
    """Two flexible visits already in the best order, later than they could start: no move to the earliest."""
    stops = [stop(1, DAY, (13, 0), 60, place=(37.5700, 126.9830)), stop(2, DAY, (15, 0), 60, place=(37.5750, 126.99))]
    plan = best_order(stops, DAY)
    assert plan.saved_minutes == 0
    assert [(p.visit_id, p.arrive) for p in plan.stops] == [(1, at(DAY, 13)), (2, at(DAY, 15))]


def test_eight_flexible_stops_are_exact_and_within_two_percent_of_the_shortest_distance():
    rng = random.Random(42)
    stops = [
        stop(i + 1, DAY, (9, 0), 15, place=(37.45 + rng.random() * 0.2, 126.85 + rng.random() * 0.3)) for i in range(8)
    ]
    plan = best_order(stops, DAY)
    assert plan.method == "exact" and plan.feasible
    shortest = min(got[1] for got in orders_travel(stops, itertools.permutations(range(8)), DAY) if got)
    assert plan.total_km <= shortest * 1.02
    assert plan.saved_minutes > 0  # all eight at 09:00 "as they stand" cannot be better


def test_more_than_the_exact_limit_uses_the_heuristic():
    rng = random.Random(7)
    stops = [
        stop(i + 1, DAY, (9, 0), 10, place=(37.45 + rng.random() * 0.2, 126.85 + rng.random() * 0.3))
        for i in range(EXACT_LIMIT + 1)
    ]
    wide = PlanSettings(work_minutes=(7 * 60, 23 * 60))
    plan = best_order(stops, DAY, wide)
    assert plan.method == "heuristic" and plan.feasible
    assert len(plan.stops) == EXACT_LIMIT + 1
    [in_time_order] = orders_travel(stops, [range(len(stops))], DAY, wide)
    assert in_time_order is not None and plan.total_travel_minutes <= in_time_order[0]


def test_best_order_reports_each_leg_and_the_way_back():
    stops = [stop(1, DAY, (9, 0), 30, place=JAMSIL), stop(2, DAY, (10, 0), 30, place=MANGWON)]
    plan = best_order(stops, DAY)
    record = plan.record()
    assert set(record) >= {"date", "stops", "total_travel_minutes", "total_km", "saved_minutes", "method"}
    assert set(record["stops"][0]) == {"visit_id", "arrive", "depart", "travel_minutes", "km", "fixed"}
    legs = sum(s.travel_minutes for s in plan.stops) + plan.return_minutes
    assert plan.total_travel_minutes == pytest.approx(legs)
    assert plan.total_km == pytest.approx(sum(s.km for s in plan.stops) + plan.return_km)
    assert plan.stops[0].arrive == at(DAY, 9)  # the first starts as early as its window allows


def test_flexible_visits_step_past_busy_time():
    stops = [stop(1, DAY, (9, 0), 60, place=CITY_HALL)]
    plan = best_order(stops, DAY, busy=[Busy(at(DAY, 9), at(DAY, 11), "회의")])
    assert plan.stops[0].arrive == at(DAY, 11)


def test_impossible_fixed_visits_are_reported_not_reordered():
    stops = [
        stop(1, DAY, (10, 0), 60, place=MANGWON, fixed=True),
        stop(2, DAY, (11, 0), 60, place=JAMSIL, fixed=True),  # no time to drive ~17 km
    ]
    plan = best_order(stops, DAY)
    assert not plan.feasible
    assert [p.visit_id for p in plan.stops] == [1, 2]


# ---------------------------------------------------------------- free slots


def _existing_week():
    return [
        stop(1, DAY, (10, 0), 60, place=MANGWON, fixed=True),
        stop(2, DAY, (14, 0), 60, place=JAMSIL, fixed=True),
        stop(3, DAY + timedelta(days=1), (9, 0), 60, place=CITY_HALL, fixed=True),
    ]


def test_free_slots_rank_by_added_travel_and_skip_holidays():
    # 2026-12-24 (Thu) to 2026-12-28 (Mon): 12-25 is 기독탄신일, 26-27 a weekend.
    first = date(2026, 12, 24)
    existing = [stop(1, first, (10, 0), 60, place=MANGWON)]
    slots = free_slots((37.5566, 126.9100), timedelta(hours=1), first, first + timedelta(days=4), existing)
    assert len(slots) == 5
    assert all(s.start.date() != date(2026, 12, 25) for s in slots)
    added = [s.added_travel_minutes for s in slots]
    assert added == sorted(added)
    # Next to the market visit is cheapest: the first slot follows or precedes it.
    assert slots[0].reason_key in ("scheduling.slot.after_visit", "scheduling.slot.before_visit")
    assert t(slots[0].reason_key, "ko", **slots[0].reason_params) != slots[0].reason_key


def test_free_slots_on_a_full_day_are_refused():
    existing = [stop(i, DAY, (9 + i, 0), 30, place=CITY_HALL) for i in range(SETTINGS.daily_limit)]
    slots = free_slots(CITY_HALL, timedelta(minutes=30), DAY, DAY, existing)
    assert slots == []


@given(
    place=st.sampled_from(PLACES),
    minutes=st.sampled_from([30, 60, 90]),
    first_offset=st.integers(0, 20),
    span=st.integers(0, 4),
    busy_hour=st.integers(9, 17),
)
def test_a_suggested_slot_never_breaks_a_blocking_rule(place, minutes, first_offset, span, busy_hour):
    first = date(2026, 12, 1) + timedelta(days=first_offset)
    existing = [
        stop(10 + i, first + timedelta(days=i % 3), (9 + 2 * (i % 4), 30), 60, place=PLACES[i % len(PLACES)])
        for i in range(8)
    ]
    busy = [Busy(at(first, busy_hour), at(first, busy_hour) + timedelta(hours=2), "다른 일정")]
    slots = free_slots(place, timedelta(minutes=minutes), first, first + timedelta(days=span), existing, busy)
    for slot in slots:
        new = Stop(NEW_ID, slot.start, slot.end, *place)
        blocking = [p for p in check_stops([*existing, new], busy) if p.blocking and NEW_ID in p.visit_ids]
        assert blocking == []


@settings(max_examples=40)
@given(
    place=st.sampled_from(PLACES),
    minutes=st.sampled_from([30, 60, 90]),
    first_offset=st.integers(0, 25),
    lengths=st.lists(st.sampled_from([30, 60, 180, 720]), min_size=0, max_size=10),
    busy_hour=st.integers(8, 17),
)
def test_a_slots_problems_are_those_check_stops_finds_with_it_added(place, minutes, first_offset, lengths, busy_hour):
    # free_slots checks each candidate against the stops its rules can pair it with (overlapping ones, its
    # neighbours in time, its day's stops): the same problems, in the same order, as checking the whole range.
    first = date(2026, 12, 20) + timedelta(days=first_offset)
    existing = [
        stop(10 + i, first + timedelta(days=i % 3 - 1), (7 + 3 * (i % 5), 15), length, place=PLACES[i % len(PLACES)])
        for i, length in enumerate(lengths)
    ]
    busy = [Busy(at(first, busy_hour), at(first, busy_hour) + timedelta(hours=2), "다른 일정")]
    lenient = PlanSettings(daily_limit=2, severities=tuple((rule, Severity.WARNING) for rule, _ in SETTINGS.severities))
    slots = free_slots(
        place, timedelta(minutes=minutes), first, first + timedelta(days=1), existing, busy, lenient, limit=1000
    )
    assert len(slots) == 2 * ((9 * 60 - minutes) // 30 + 1)  # nothing blocks: every candidate is kept
    for slot in slots:
        new = Stop(NEW_ID, slot.start, slot.end, *place)
        whole = [p for p in check_stops([*existing, new], busy, lenient) if NEW_ID in p.visit_ids]
        assert list(slot.warnings) == whole


# ---------------------------------------------------------------- the week plan

DISTRICTS = ["중구", "마포구", "송파구", "노원구", "관악구", "강서구"]
DISTRICT_POINTS = [
    (37.5638, 126.9976),
    (37.5663, 126.9016),
    (37.5145, 127.1059),
    (37.6542, 127.0568),
    (37.4784, 126.9516),
    (37.5509, 126.8495),
]


def _week_case(seed: int, n_days: int = 3, n_sites: int = 5):
    rng = random.Random(seed)
    first = date(2026, 11, 30)  # a Monday
    sites = []
    for i in range(n_sites):
        d = rng.randrange(len(DISTRICTS))
        lat, lon = DISTRICT_POINTS[d]
        sites.append(Candidate(i + 1, DISTRICTS[d], lat + rng.uniform(-0.01, 0.01), lon + rng.uniform(-0.01, 0.01)))
    days_since = {d: rng.choice([None, 30, 95, 120, 200]) for d in DISTRICTS}
    existing = [
        stop(
            100 + k,
            first + timedelta(days=rng.randrange(n_days)),
            (rng.choice([10, 13, 15]), 0),
            60,
            place=rng.choice(PLACES),
            fixed=True,
        )
        for k in range(rng.randrange(4))
    ]
    settings = PlanSettings(daily_limit=rng.choice([2, 3]))
    return first, first + timedelta(days=n_days - 1), existing, sites, days_since, settings


# The greedy + local search is compared with the exhaustive search on the same model. Without travel, the
# problem is a weighted choice under two partition constraints (one visit per district, the daily limit per
# day), where greedy and 1-swap local search are known to reach at least half the optimum; travel only ever
# lowers a proposal's value. So the bound asserted is half, and the measured gaps are printed by -s.
@pytest.mark.parametrize("seed", range(12))
def test_week_plan_gap_to_exhaustive_search(seed):
    first, last, existing, sites, days_since, settings = _week_case(seed)
    greedy = plan_week(first, last, existing, sites, days_since, settings)
    exact = plan_week(first, last, existing, sites, days_since, settings, method="exhaustive")
    assert greedy.score <= exact.score + 1e-9
    assert greedy.score >= 0.5 * exact.score - 1e-9
    gap = 0.0 if exact.score <= 0 else 1 - greedy.score / exact.score
    print(f"seed {seed}: greedy {greedy.score:.3f} exhaustive {exact.score:.3f} gap {gap:.1%}")


@pytest.mark.parametrize("seed", range(12))
def test_week_plan_keeps_the_rules(seed):
    first, last, existing, sites, days_since, settings = _week_case(seed)
    plan = plan_week(first, last, existing, sites, days_since, settings)
    districts = [p.district for p in plan.proposals]
    assert len(districts) == len(set(districts))
    for p in plan.proposals:
        since = days_since.get(p.district)
        assert since is None or since >= settings.coverage_days
        assert holiday_name(p.start.date()) is None and p.start.weekday() < 5
    new = [Stop(-1 - n, p.start, p.end, 37.5, 127.0) for n, p in enumerate(plan.proposals)]
    placed = [*existing, *(Stop(s.id, s.start, s.end, s.lat, s.lon) for s in new)]
    counts = {d: sum(1 for s in placed if s.start.date() == d) for d in {s.start.date() for s in new}}
    assert all(c <= settings.daily_limit for c in counts.values())
    assert [p for p in check_stops(placed, settings=settings) if p.rule == "hours"] == []
    assert len(plan.covered_after) == len(plan.covered_before) + len(plan.proposals)


def test_week_plan_skips_holidays():
    # 2026-12-24..2026-12-28: only 24 and 28 are working days (25 is 기독탄신일, then a weekend).
    sites = [Candidate(i + 1, d, *p) for i, (d, p) in enumerate(zip(DISTRICTS, DISTRICT_POINTS, strict=True))]
    plan = plan_week(date(2026, 12, 24), date(2026, 12, 28), [], sites, dict.fromkeys(DISTRICTS))
    assert plan.proposals
    assert {p.start.date() for p in plan.proposals} <= {date(2026, 12, 24), date(2026, 12, 28)}
    assert len(plan.proposals) <= 2 * SETTINGS.daily_limit
    assert plan.record()["coverage_after"] == len(plan.proposals)


def test_issue_12_next_working_hour_is_never_in_the_past_and_skips_evenings_and_weekends():
    from datetime import date, datetime

    from planner.domain import SEOUL
    from planner.planning import coverage_window, next_working_hour
    from planner.scheduling import PlanSettings

    settings = PlanSettings()  # 09:00-18:00
    tue = datetime(2022, 3, 15, 10, 20, tzinfo=SEOUL)
    assert next_working_hour(tue, settings) == datetime(2022, 3, 15, 11, 0, tzinfo=SEOUL)
    assert next_working_hour(tue.replace(hour=7), settings) == datetime(2022, 3, 15, 9, 0, tzinfo=SEOUL)
    assert next_working_hour(tue.replace(hour=17, minute=30), settings) == datetime(2022, 3, 16, 9, tzinfo=SEOUL)
    fri_evening = datetime(2022, 3, 18, 19, 0, tzinfo=SEOUL)
    assert next_working_hour(fri_evening, settings) == datetime(2022, 3, 21, 9, 0, tzinfo=SEOUL)  # Monday
    assert coverage_window(date(2022, 3, 15), 90) == (date(2021, 12, 16), date(2022, 3, 29))
