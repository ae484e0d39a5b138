"""Every page opens in a real browser without an exception, and the visit log's CSV downloads."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def url_paths() -> list[str]:
    """The URL path of each page in the frame's navigation ("" for the default page)."""
    from planner.ui.frame import PAGES

    return [url_path for *_, url_path in PAGES]


def wait_until_idle(page) -> None:
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)


@pytest.mark.parametrize("path", url_paths())
def test_page_opens_without_exception(page, app_url, path):
    page.goto(f"{app_url}/{path}")
    page.wait_for_selector("h1", timeout=60_000)
    wait_until_idle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator("h1").first.inner_text().strip()


def test_visit_log_csv_download(page, app_url):
    page.goto(f"{app_url}/visits")
    wait_until_idle(page)
    page.wait_for_selector('[data-testid="stDownloadButton"] button', timeout=60_000)
    with page.expect_download(timeout=60_000) as info:
        page.locator('[data-testid="stDownloadButton"] button').first.click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the Korean
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("id,uid,version,title")
    assert "혜민병원" in text


def test_language_switch_to_english(page, app_url):
    page.goto(f"{app_url}/visits")
    wait_until_idle(page)
    page.get_by_text("English", exact=True).click()
    page.wait_for_selector("h1:has-text('Visit log')", timeout=60_000)


def test_a_bookmarked_page_opens_inside_the_frame_on_a_fresh_server(page, app_url_with):
    """The first request of a new server lands on /visits: it must show our navigation and the
    language switch, not Streamlit's file-based page list (pages/ is a legacy folder name)."""
    server = app_url_with({})
    page.goto(f"{server.url}/visits")
    page.wait_for_selector("h1:has-text('방문 기록')", timeout=60_000)
    wait_until_idle(page)
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert "시의회 소통" in nav and "streamlit app" not in nav
    page.get_by_text("English", exact=True).wait_for(timeout=30_000)  # drawn after the navigation
    assert page.get_by_text("English", exact=True).count() == 1


def test_sidebar_icons_draw_with_the_bundled_font_and_nothing_leaves_the_host(page, app_url):
    """Page icons are Material Symbols, served by the app itself: no emoji font needed, and with
    the default settings the browser asks no other host for anything (a separated network)."""
    from urllib.parse import urlparse

    host = urlparse(app_url).netloc
    elsewhere: list[str] = []
    page.on("request", lambda r: None if urlparse(r.url).netloc in ("", host) else elsewhere.append(r.url))
    page.goto(f"{app_url}/stats")
    wait_until_idle(page)
    page.wait_for_timeout(1000)
    icons = page.locator('[data-testid="stSidebarNav"] [data-testid="stIconMaterial"]')
    assert icons.count() >= 8
    font = icons.first.evaluate("e => getComputedStyle(e).fontFamily")
    assert "Material Symbols" in font
    assert page.evaluate("document.fonts.check('24px \"Material Symbols Rounded\"')")
    assert elsewhere == []


def test_the_language_choice_survives_a_reload(page, app_url):
    page.goto(f"{app_url}/stats")
    wait_until_idle(page)
    page.get_by_text("English", exact=True).click()
    page.wait_for_selector("h1:has-text('Field-visit statistics')", timeout=60_000)
    page.wait_for_function("location.search.includes('lang=en')", timeout=30_000)
    page.reload()
    page.wait_for_selector("h1:has-text('Field-visit statistics')", timeout=60_000)
