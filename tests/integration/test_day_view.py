"""The day view (issue 11 item 3) on a temporary database: legs, holidays, problems, the best order's saving."""

from __future__ import annotations

import math
from datetime import date, datetime

import pytest

from planner import day, repository, services
from planner.domain import SEOUL, BusyBlock, Status, ValidationError
from planner.scheduling import CITY_HALL, PlanSettings
from tests.conftest import uow_at

SETTINGS = PlanSettings()  # the defaults, whatever the environment says
PLACES = {
    "광화문광장": (37.5759, 126.9769),
    "동대문디자인플라자": (37.5663, 127.0092),
    "여의도공원": (37.5254, 126.9227),
}


def _haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """An independent great-circle distance (sphere of 6,371 km): within 0.5 % of geodesic in Seoul."""
    (lat1, lon1), (lat2, lon2) = (map(math.radians, a)), (map(math.radians, b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _sites(engine) -> dict[str, int]:
    return {
        name: services.add_site(uow_at(engine), services.SiteDraft(name, lat, lon)).id
        for name, (lat, lon) in PLACES.items()
    }


def _visit(
    engine, site_id: int, day: date, start: str, end: str, status: Status = Status.APPROVED, title="방문", override=""
):
    h1, m1 = map(int, start.split(":"))
    h2, m2 = map(int, end.split(":"))
    draft = services.VisitDraft(
        title=title,
        site_id=site_id,
        start=datetime(day.year, day.month, day.day, h1, m1, tzinfo=SEOUL),
        end=datetime(day.year, day.month, day.day, h2, m2, tzinfo=SEOUL),
        category="economy",
        status=status,
        override_reason=override,
    )
    return services.add_visit(uow_at(engine), draft)


def test_three_visits_give_their_legs_in_time_order(engine):
    sites = _sites(engine)
    d = date(2022, 3, 16)  # a Wednesday, no holiday
    c = _visit(engine, sites["여의도공원"], d, "15:00", "16:00", title="셋째")
    a = _visit(engine, sites["광화문광장"], d, "10:00", "11:00", Status.CONFIRMED, title="첫째")
    b = _visit(engine, sites["동대문디자인플라자"], d, "13:00", "14:00", title="둘째")
    _visit(engine, sites["광화문광장"], d, "17:00", "17:30", title="취소됨")
    cancelled = services.list_visits(uow_at(engine))[-1]
    services.change_status(uow_at(engine), cancelled.id, cancelled.version, Status.CANCELLED)

    view = day.day_view(uow_at(engine), d, SETTINGS)

    assert [s.visit.id for s in view.stops] == [a.id, b.id, c.id]  # the cancelled one left out
    assert [s.n for s in view.stops] == [1, 2, 3]
    points = [CITY_HALL, PLACES["광화문광장"], PLACES["동대문디자인플라자"], PLACES["여의도공원"]]
    for stop, (p, q) in zip(view.stops, zip(points, points[1:], strict=False), strict=True):
        expected = _haversine_km(p, q) * SETTINGS.travel.detour_factor
        assert stop.km == pytest.approx(expected, rel=0.01)
    assert view.return_km == pytest.approx(_haversine_km(points[-1], CITY_HALL) * 1.3, rel=0.01)
    first, second, third = view.stops
    assert first.fixed and not second.fixed  # confirmed keeps its time
    assert first.arrive == a.start and first.leave < a.start  # leaves City Hall just in time
    assert second.leave == a.end and second.arrive > a.end
    # Slack: from the end of a visit to when the next drive must leave.
    assert first.slack_minutes == pytest.approx(120 - second.travel_minutes)
    assert third.slack_minutes is None
    assert view.total_km == pytest.approx(sum(s.km for s in view.stops) + view.return_km)
    # The timings as scheduled are the best order's "before" (one travel model, one way of timing).
    assert view.best is not None
    assert view.total_travel_minutes == pytest.approx(view.best.before_travel_minutes)
    assert view.saved_minutes >= 0
    assert view.problems == () and view.holiday is None and not view.weekend


def test_a_holiday_is_named_and_reported(engine):
    sites = _sites(engine)
    d = date(2022, 3, 1)
    v = _visit(engine, sites["광화문광장"], d, "10:00", "11:00", override="3·1절 기념식 참석")
    view = day.day_view(uow_at(engine), d, SETTINGS)
    assert view.holiday == "삼일절"
    assert [(p.rule, p.visit_ids) for p in view.problems] == [("holiday", (v.id,))]


def test_an_overlapping_pair_gives_an_overlap_problem(engine):
    sites = _sites(engine)
    d = date(2022, 3, 16)
    a = _visit(engine, sites["광화문광장"], d, "10:00", "11:00")
    b = _visit(engine, sites["동대문디자인플라자"], d, "10:30", "11:30")
    view = day.day_view(uow_at(engine), d, SETTINGS)
    overlaps = [p for p in view.problems if p.rule == "overlap"]
    assert [p.visit_ids for p in overlaps] == [(a.id, b.id)]
    assert view.stops[0].slack_minutes < 0  # the next drive should have left before this visit ends


def test_busy_time_of_the_day_comes_with_it_between_the_visits(engine):
    sites = _sites(engine)
    d = date(2022, 3, 16)
    a = _visit(engine, sites["광화문광장"], d, "10:00", "11:00")
    b = _visit(engine, sites["동대문디자인플라자"], d, "14:00", "15:00")
    blocks = [
        BusyBlock(
            None,
            "b1",
            "",
            "간담회",
            datetime(2022, 3, 16, 12, 0, tzinfo=SEOUL),
            datetime(2022, 3, 16, 13, 0, tzinfo=SEOUL),
        ),
        BusyBlock(
            None,
            "b2",
            "",
            "다른 날",
            datetime(2022, 3, 17, 12, 0, tzinfo=SEOUL),
            datetime(2022, 3, 17, 13, 0, tzinfo=SEOUL),
        ),
    ]
    work = uow_at(engine)
    with work.transaction(write=True) as conn:
        repository.insert_busy_blocks(conn, blocks, work.now)
        work.commit()
    view = day.day_view(uow_at(engine), d, SETTINGS)
    assert [b.summary for b in view.busy] == ["간담회"]
    assert [getattr(x, "summary", None) or x.visit.id for x in view.timeline] == [a.id, "간담회", b.id]
    assert view.problems == ()  # busy time between the visits is no conflict


def test_a_day_without_visits_and_a_date_out_of_range(engine):
    view = day.day_view(uow_at(engine), date(2022, 3, 19), SETTINGS)
    assert view.stops == () and view.best is None and view.weekend and view.total_travel_minutes == 0
    with pytest.raises(ValidationError):
        day.day_view(uow_at(engine), date(1800, 1, 1), SETTINGS)


def test_the_best_order_would_save_minutes_when_the_day_zigzags(engine):
    sites = _sites(engine)
    d = date(2022, 3, 16)
    # West, east, west, east: flexible (proposed) visits a reorder may move within working hours.
    _visit(engine, sites["여의도공원"], d, "10:00", "11:00", Status.PROPOSED)
    _visit(engine, sites["동대문디자인플라자"], d, "12:00", "13:00", Status.PROPOSED)
    _visit(engine, sites["여의도공원"], d, "14:00", "15:00", Status.PROPOSED)
    _visit(engine, sites["동대문디자인플라자"], d, "16:00", "17:00", Status.PROPOSED)
    view = day.day_view(uow_at(engine), d, SETTINGS)
    assert view.saved_minutes > 10
    assert sorted(view.best_ids) == sorted(s.visit.id for s in view.stops)
