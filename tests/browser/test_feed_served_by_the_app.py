"""A feed URL made on the calendar page works at once: the app's own server answers it (no
separate ``serve-feed`` to start), at the address the browser used, and never shows the token
in its log."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest


def _get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


def test_a_feed_made_on_the_page_is_served_by_the_app_at_the_browsers_address(page, app_server):
    page.goto(f"{app_server.url}/calendar")
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)
    page.get_by_role("tab", name=re.compile("구독")).click()
    page.get_by_role("button", name=re.compile("구독 주소 만들기|만들기")).click()
    message = page.locator('[data-testid="stAlertContentSuccess"]').first
    message.wait_for(timeout=60_000)
    url = re.search(r"https?://\S+?\.ics", message.inner_text()).group(0)
    assert url.startswith(f"{app_server.url}/feeds/")
    status, kind, body = _get(url)
    assert status == 200 and kind.startswith("text/calendar")
    assert body.startswith(b"BEGIN:VCALENDAR") and b"BEGIN:VEVENT" in body
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert token.encode() not in (app_server.folder / "streamlit.log").read_bytes()


@pytest.mark.parametrize("path", ["/feeds/unknownunknownunknown.ics", "/feeds/x.ics"])
def test_an_unknown_feed_is_not_found_on_the_app(app_server, path):
    assert _get(app_server.url + path)[0] == 404
