"""Several visits at once (issue 12): a weekly series, a copy of a visit, one status for many —
each through the one change path, all or nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from planner import i18n, series, services
from planner.domain import SEOUL, Status, ValidationError, Visit, VisitQuery
from planner.services import SiteDraft


def _site(uow) -> int:
    site = services.add_site(
        uow, SiteDraft(name="서울시청 본관", address="", district="중구", lat=37.5663, lon=126.9779)
    )
    assert site.id is not None
    return site.id


def _meeting(site_id: int, day: date, hour: int = 9) -> Visit:
    start = datetime(day.year, day.month, day.day, hour, 0, tzinfo=SEOUL)
    return Visit(
        uid="",
        title="주간 간부회의",
        category="district_coop",
        start=start,
        end=start + timedelta(hours=1),
        site_id=site_id,
    )


def test_series_days_skip_holidays_and_count_only_visits():
    # Mondays from 2026-09-21; 2026-10-05 is 개천절's substitute holiday (10-03 is a Saturday).
    plan = series.series_days(date(2026, 9, 21), count=4)
    assert [d for d, _ in plan.skipped] == [date(2026, 10, 5)]
    assert plan.days == (date(2026, 9, 21), date(2026, 9, 28), date(2026, 10, 12), date(2026, 10, 19))
    assert series.series_days(date(2026, 9, 21), count=4, skip_holidays=False).days[2] == date(2026, 10, 5)
    assert series.series_days(date(2026, 1, 5), every_weeks=2, until=date(2026, 2, 2)).days == (
        date(2026, 1, 5),
        date(2026, 1, 19),
        date(2026, 2, 2),
    )


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"count": 0}, "error.series_count"),
        ({"count": 105}, "error.series_count"),
        ({"count": 2, "until": date(2026, 12, 31)}, "error.series_end"),
        ({}, "error.series_end"),
        ({"until": date(2025, 1, 1)}, "error.series_until"),
        ({"count": 2, "every_weeks": 0}, "error.series_every"),
        ({"count": 2, "every_weeks": 53}, "error.series_every"),
    ],
)
def test_bad_series_are_refused_in_both_languages(kwargs, key):
    with pytest.raises(ValidationError) as caught:
        series.series_days(date(2026, 1, 5), **kwargs)
    assert caught.value.key == key
    for lang in ("ko", "en"):
        assert "{" not in i18n.error_text(caught.value, lang)


def test_a_weekly_series_is_made_through_the_change_path_and_found_again(uow):
    site = _site(uow)
    made, plan = series.create_series(uow, _meeting(site, date(2026, 9, 21)), count=4)
    assert [v.start.astimezone(SEOUL).date() for v in made] == list(plan.days)
    assert all(v.status == Status.PROPOSED and v.version == 1 for v in made)
    groups = {series.series_of(v.uid) for v in made}
    assert len(groups) == 1 and None not in groups
    assert sorted(v.id for v in services.list_visits(uow, VisitQuery(text="간부회의"))) == sorted(v.id for v in made)


def test_a_series_with_one_refused_day_writes_nothing_and_names_the_day(uow):
    site = _site(uow)
    services.create_visit(uow, replace(_meeting(site, date(2026, 9, 14)), title="구청장 면담"))
    before = len(services.list_visits(uow))
    # Kept on holidays, the third Monday is 개천절's substitute holiday: the holiday rule (blocking by
    # default) refuses that occurrence, and with it the whole series.
    with pytest.raises(series.SeriesRefused) as caught:
        series.create_series(uow, _meeting(site, date(2026, 9, 21)), count=4, skip_holidays=False)
    assert caught.value.params["date"] == "2026-10-05"
    korean = i18n.error_text(caught.value, "ko")
    assert "2026-10-05" in korean and "개천절" in korean and "{" not in i18n.error_text(caught.value, "en")
    assert len(services.list_visits(uow)) == before


def test_duplicate_makes_a_new_proposed_visit_with_the_same_length(uow):
    site = _site(uow)
    source = services.create_visit(
        uow, replace(_meeting(site, date(2026, 9, 22)), status=Status.APPROVED, notes="준비물")
    )
    copy = series.duplicate_visit(uow, source.id, datetime(2026, 9, 29, 14, 0, tzinfo=SEOUL))
    assert copy.id != source.id and copy.uid != source.uid
    assert copy.status == Status.PROPOSED and copy.notes == "준비물" and copy.site_id == site
    assert copy.end - copy.start == source.end - source.start


def test_one_status_for_many_is_all_or_nothing(uow):
    site = _site(uow)
    a = services.create_visit(uow, _meeting(site, date(2026, 9, 22)))
    b = services.create_visit(uow, _meeting(site, date(2026, 9, 23)))
    c = services.create_visit(uow, _meeting(site, date(2026, 9, 29)))
    done = series.change_statuses(uow, [(a.id, a.version), (b.id, b.version)], "approved")
    assert [v.status for v in done] == [Status.APPROVED, Status.APPROVED]
    # c is seen at an old version: nothing of the batch is written.
    services.update_visit(uow, c.id, c.version, {"notes": "다른 사람이 고침"})
    with pytest.raises(series.SeriesRefused) as caught:
        series.change_statuses(uow, [(a.id, a.version + 1), (c.id, c.version)], "confirmed")
    assert caught.value.params["id"] == c.id
    assert services.get_visit(uow, a.id).status == Status.APPROVED
    with pytest.raises(ValidationError):
        series.change_statuses(uow, [], "approved")
