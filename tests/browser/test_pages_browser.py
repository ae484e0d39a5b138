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
