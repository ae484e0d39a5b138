"""Issue 12 in a real browser: the log's sections are built only while open (``planner.ui.section``);
closing one and opening it again keeps what was typed in it. Streamlit forgets the state of a widget
it did not draw, which only a real front end shows (AppTest keeps it)."""

from __future__ import annotations


def wait_until_idle(page) -> None:
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)


def toggle(page, key: str) -> None:
    page.locator(f".st-key-{key.replace('.', '-')} summary").first.click()
    wait_until_idle(page)


def test_closing_and_opening_a_section_keeps_its_values(page, app_url):
    page.goto(f"{app_url}/visits")
    wait_until_idle(page)
    toggle(page, "visits.series_open")
    title = page.locator(".st-key-series_form-title input")
    title.wait_for(timeout=30_000)
    title.fill("주간 간부회의")
    title.press("Tab")
    wait_until_idle(page)
    toggle(page, "visits.series_open")  # closed: its widgets are not drawn
    page.locator(".st-key-series_form-title input").wait_for(state="detached", timeout=30_000)
    toggle(page, "visits.add_open")  # another rerun while it stays closed
    page.locator(".st-key-visit_form-site_mode").wait_for(timeout=30_000)
    toggle(page, "visits.series_open")
    title = page.locator(".st-key-series_form-title input")
    title.wait_for(timeout=30_000)
    assert title.input_value() == "주간 간부회의"
