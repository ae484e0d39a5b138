"""Issue 12 in a real browser: safe status actions on /visits and on a visit's page, and the exported event's
link opening that visit's page."""

from __future__ import annotations

import pytest
from icalendar import Calendar

from planner import calendar_exchange, db, services
from planner.domain import Status, VisitQuery
from planner.uow import UnitOfWork


def wait_until_idle(page) -> None:
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)


@pytest.fixture(scope="module")
def store(app_server, browser):
    """A unit of work on the browser server's database (real clock, as the server's); the server makes the
    database and loads the sample at its first page load."""
    context = browser.new_context()
    first = context.new_page()
    first.goto(app_server.url)
    wait_until_idle(first)
    context.close()
    return UnitOfWork(db.get_engine(app_server.db_url), services.system_clock)


def approved(store, n: int):
    return services.list_visits(store, VisitQuery(statuses=(Status.APPROVED,)))[n]


def test_on_the_visit_log_an_approved_visits_default_is_not_cancel_and_cancel_asks_twice(page, app_url, store):
    v = approved(store, 0)
    page.goto(f"{app_url}/visits?visit={v.id}")
    wait_until_idle(page)
    status_box = page.locator(f".st-key-visit_edit-{v.id}-{v.version}-new_status")
    status_box.wait_for(timeout=60_000)
    assert status_box.locator("input").input_value() == "확정"  # the next step, not 취소
    status_box.locator("input").click()
    status_box.locator("input").press_sequentially("취소")
    status_box.locator("input").press("Enter")
    wait_until_idle(page)
    apply = page.locator(f".st-key-visit_edit-{v.id}-{v.version}-apply_status button")
    apply.click()
    wait_until_idle(page)
    page.get_by_text("취소하려면 확인란을 선택하세요").wait_for(timeout=30_000)
    assert services.get_visit(store, v.id).status == Status.APPROVED
    page.locator(f".st-key-visit_edit-{v.id}-{v.version}-cancel_reason input").fill("우천으로 연기")
    page.locator(f".st-key-visit_edit-{v.id}-{v.version}-cancel_sure label").click()
    wait_until_idle(page)
    apply.click()
    page.get_by_text("상태를 '취소'(으)로 바꿨습니다").wait_for(timeout=30_000)
    stored = services.get_visit(store, v.id)
    assert (stored.status, stored.cancel_reason) == (Status.CANCELLED, "우천으로 연기")


def test_on_the_visit_page_the_actions_are_buttons_and_cancel_asks_for_a_reason_and_confirmation(page, app_url, store):
    v = approved(store, 1)
    page.goto(f"{app_url}/visit?id={v.id}")
    page.wait_for_selector(f"h1:has-text('#{v.id}')", timeout=60_000)
    wait_until_idle(page)
    primary = page.locator('[data-testid="stBaseButton-primary"]').first
    assert primary.inner_text().strip() == "확정"  # the first, highlighted action is the next step
    page.locator(f".st-key-visit-{v.id}-cancel button").click()
    wait_until_idle(page)
    page.locator(f".st-key-visit-{v.id}-cancel_reason input").fill("행사 취소")
    page.locator(f".st-key-visit-{v.id}-cancel_submit button").click()
    page.get_by_text("취소하려면 확인란을 선택하세요").wait_for(timeout=30_000)
    assert services.get_visit(store, v.id).status == Status.APPROVED
    page.locator(f".st-key-visit-{v.id}-cancel_sure label").click()
    page.locator(f".st-key-visit-{v.id}-cancel_submit button").click()
    page.get_by_text("상태를 '취소'(으)로 바꿨습니다").wait_for(timeout=30_000)
    assert services.get_visit(store, v.id).status == Status.CANCELLED
    wait_until_idle(page)
    page.locator(f".st-key-visit-{v.id}-reopen button").click()
    page.get_by_text("다시 열었습니다").wait_for(timeout=30_000)
    assert services.get_visit(store, v.id).status == Status.APPROVED


def test_the_exported_events_link_opens_that_visits_page(page, app_url, store):
    v = services.list_visits(store, VisitQuery(statuses=(Status.DONE,)))[0]
    data = calendar_exchange.export_ics(store, VisitQuery(ids=(v.id,)), base_url=app_url)
    (event,) = Calendar.from_ical(data).walk("VEVENT")
    link = str(event["URL"])
    assert link == f"{app_url}/visit?id={v.id}" and link in str(event["DESCRIPTION"])
    page.goto(link)
    page.wait_for_selector(f"h1:has-text('#{v.id}')", timeout=60_000)
    wait_until_idle(page)
    assert v.title in page.locator("h1").first.inner_text()
    assert page.locator('[data-testid="stException"]').count() == 0
