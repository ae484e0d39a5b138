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


def test_a_saved_form_starts_empty_even_after_closing_and_opening_its_section(page, app_url):
    """The values a section keeps are the ones being typed, not those of a record already saved: after adding
    a category the form is empty, and stays empty when the section is closed and opened again."""
    page.goto(f"{app_url}/visits")
    wait_until_idle(page)
    toggle(page, "visits.categories_open")
    page.locator(".st-key-category_form-code input").fill("walkabout")
    page.locator(".st-key-category_form-label_ko input").fill("골목 산책")
    page.locator(".st-key-category_form-label_en input").fill("Walkabout")
    page.locator(".st-key-category_form-submit button").click()
    code = page.locator(".st-key-category_form-1-code input")
    code.wait_for(timeout=60_000)
    wait_until_idle(page)
    assert code.input_value() == ""
    toggle(page, "visits.categories_open")
    code.wait_for(state="detached", timeout=30_000)
    toggle(page, "visits.categories_open")
    code.wait_for(timeout=30_000)
    assert code.input_value() == ""
    assert page.locator(".st-key-category_form-1-label_ko input").input_value() == ""
