"""AppTest on the calendar page: export filters, feed URLs created and revoked from the app."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from planner import db, feeds, services
from planner.domain import VisitQuery
from tests.app.conftest import CLOCK
from tests.conftest import uow_at


@pytest.fixture
def at(open_page):
    return open_page("pages/calendar.py")


def _count_caption(at) -> str:
    return next(c.value for c in at.caption if c.value.startswith("Visits to export"))


def test_export_count_follows_year_and_public_filter(at, env_db):
    engine = db.get_engine(env_db)
    at.selectbox(key="calendar.export.year").set_value(2022).run()
    assert _count_caption(at) == f"Visits to export: {len(services.list_visits(uow_at(engine), VisitQuery(year=2022)))}"
    at.checkbox(key="calendar.export.public").check().run()
    public = len(services.list_visits(uow_at(engine), VisitQuery(year=2022, public_only=True)))
    assert _count_caption(at) == f"Visits to export: {public}"
    assert not at.exception


def test_feed_is_created_and_revoked_in_the_app(at, env_db):
    engine = db.get_engine(env_db)
    at.multiselect(key="calendar.feed.categories").select("covid19")
    at.checkbox(key="calendar.feed.public").check()
    at.button(key="calendar.feed.submit").click().run()
    assert not at.exception and not at.error
    (feed,) = feeds.list_feeds(uow_at(engine))
    assert feed.public and feed.filter["categories"] == ["covid19"]
    assert any(feed.token in s.value for s in at.success)
    at.button(key="calendar.feed.revoke.0").click().run()
    assert not at.exception
    assert feeds.active_feed(uow_at(engine), feed.token) is None


def test_issue_13_a_feed_made_in_the_app_can_expire(at, env_db):
    from datetime import datetime

    from planner.domain import SEOUL

    engine = db.get_engine(env_db)
    at.date_input(key="calendar.feed.expires").set_value(date(2022, 3, 31))
    at.button(key="calendar.feed.submit").click().run()
    assert not at.error, [e.value for e in at.error]
    (feed,) = feeds.list_feeds(uow_at(engine))
    assert feed.expires_at == datetime(2022, 4, 1, tzinfo=SEOUL)  # valid through the chosen day
    assert feeds.active_feed(uow_at(engine, datetime(2022, 3, 31, 23, 59, tzinfo=SEOUL)), feed.token) is not None
    assert feeds.active_feed(uow_at(engine, datetime(2022, 4, 1, tzinfo=SEOUL)), feed.token) is None
    assert any("2022-04-01 00:00" in m.value for m in at.markdown)


def test_export_takes_a_date_range_and_next_month_fills_it(at, env_db):
    engine = db.get_engine(env_db)
    at.date_input(key="calendar.export.period").set_value((date(2022, 3, 1), date(2022, 3, 31))).run()
    march = services.list_visits(uow_at(engine), VisitQuery(date_from=date(2022, 3, 1), date_to=date(2022, 3, 31)))
    assert march and _count_caption(at) == f"Visits to export: {len(march)}"
    at.button(key="calendar.export.period.next_month").click().run()  # the page's clock: 2022-03-15
    assert not at.exception
    assert at.date_input(key="calendar.export.period").value == (date(2022, 4, 1), date(2022, 4, 30))


def test_one_visit_opens_on_the_next_visit_to_come(at, env_db):
    # The page's clock is CLOCK (2022-03-15 09:00 KST), inside the sample's history: the list starts in 2021.
    now = datetime.fromisoformat(CLOCK)
    visits = services.list_visits(uow_at(db.get_engine(env_db)), VisitQuery())
    coming = min((v for v in visits if v.start >= now), key=lambda v: v.start)
    assert min(v.start for v in visits) < now
    assert at.selectbox(key="calendar.one.visit_id").value == coming.id
