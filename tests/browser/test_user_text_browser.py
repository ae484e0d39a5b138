"""In a real browser, user text shown as Markdown fetches nothing (issue 9, item 22).

A visit title and a council suggestion ``![px](http://127.0.0.1:<port>/px.png)`` used to make the
browser ask that port for the image when the home page's warnings and the council page's
suggestions rendered them as Markdown. A small HTTP server on that port counts the requests.
"""

from __future__ import annotations

import http.server
import socket
import tempfile
import threading
from datetime import datetime, timedelta
from pathlib import Path

from planner import council, db, services
from planner.domain import SEOUL
from tests.conftest import uow_at


def wait_until_idle(page) -> None:
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        type(self).hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_image_markdown_in_a_title_and_a_suggestion_makes_no_request(page, app_url_with):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    pixel_server = http.server.HTTPServer(("127.0.0.1", port), _Counter)
    threading.Thread(target=pixel_server.serve_forever, daemon=True).start()
    payload = f"![px](http://127.0.0.1:{port}/px.png)"
    link = f"[click me](http://127.0.0.1:{port}/x)"

    # The server's own clock decides what the home page lists: a visit that ended two days ago
    # and was never closed is listed under "needs attention" whatever today is.
    url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='planner-md-')) / 'planner.db'}"
    engine = db.get_engine(url)
    services.init_database(engine, create=True)
    now = datetime.now(SEOUL)
    site = services.add_site(uow_at(engine), services.SiteDraft("시청", 37.5663, 126.9779))
    start = now - timedelta(days=2)
    draft = services.VisitDraft(
        title=payload, site_id=site.id or 0, start=start, end=start + timedelta(hours=1), category="economy"
    )
    services.add_visit(uow_at(engine, now), draft)
    person = council.add_councillor(uow_at(engine, now), "홍길동", "중구")
    council.add_suggestion(uow_at(engine, now), person.id or 0, f"{payload} {link}", "도시계획과")
    db.dispose_engine(url)
    server = app_url_with({"PLANNER_DATABASE_URL": url, "PLANNER_SAMPLE_ON_FIRST_START": "0"})

    try:
        # (page, element that shows the user text, a fixed text of that element)
        for path, shown_in, mark in (("", "stAlert", "지난 일정"), ("council", "stExpander", "도시계획과")):
            page.goto(f"{server.url}/{path}")
            page.wait_for_selector("h1", timeout=60_000)
            wait_until_idle(page)
            page.locator(f'[data-testid="{shown_in}"]').filter(has_text=mark).first.wait_for(timeout=30_000)
            assert page.locator('[data-testid="stException"]').count() == 0
            page.wait_for_timeout(500)  # let an image request, if any, arrive
            assert _Counter.hits == [], path
            shown = page.locator('[data-testid="stMain"]').inner_text().replace("\u2060", "")
            assert payload in shown  # the title, as text (word joiners stop autolinks; invisible)
            links = page.locator(f'a[href^="http://127.0.0.1:{port}"]')
            assert links.count() == 0, [
                links.nth(i).evaluate("e => e.parentElement.outerHTML") for i in range(links.count())
            ]
        assert not [u for u in page.requests if f":{port}/" in u]
    finally:
        pixel_server.shutdown()
