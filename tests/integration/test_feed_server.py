"""The calendar feed over real HTTP on localhost: uvicorn serving the Starlette app, and the CLI."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
import uvicorn
import vobject
from icalendar import Calendar

from planner import cli, feeds
from planner.domain import SEOUL, NotFound
from planner.feed_server import create_app
from tests.conftest import uow_at

ROOT = Path(__file__).resolve().parents[2]
CLOCK = datetime(2022, 3, 15, 9, 0, tzinfo=SEOUL)


def get(url: str, headers: dict[str, str] | None = None, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@pytest.fixture
def clock_uow(sample_engine):
    """A unit of work on the sample database at the server's clock."""
    return uow_at(sample_engine, CLOCK)


@pytest.fixture
def server(sample_engine):
    """uvicorn in a thread on a free port; yields the base URL."""
    sock = free_socket()
    config = uvicorn.Config(create_app(sample_engine, clock=lambda: CLOCK), log_level="warning", lifespan="off")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not srv.started:
        if not thread.is_alive():
            pytest.fail("feed server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    srv.should_exit = True
    thread.join(timeout=30)
    sock.close()


def test_created_token_serves_a_valid_calendar(clock_uow, server):
    feed = feeds.create_feed(clock_uow)
    status, headers, body = get(feeds.feed_url(feed.token, server))
    assert status == 200
    assert headers["content-type"].startswith("text/calendar")
    cal = Calendar.from_ical(body)
    assert len(cal.walk("VEVENT")) > 50
    assert len(vobject.readOne(body.decode("utf-8")).vevent_list) == len(cal.walk("VEVENT"))
    assert "ETag" in headers or "etag" in headers


def test_unknown_and_revoked_tokens_are_404_and_there_is_no_write(clock_uow, server):
    assert get(f"{server}/feeds/no-such-token.ics")[0] == 404
    assert get(f"{server}/")[0] == 404
    feed = feeds.create_feed(clock_uow)
    url = feeds.feed_url(feed.token, server)
    assert get(url)[0] == 200
    assert get(url, method="POST")[0] == 405
    assert get(url, method="DELETE")[0] == 405
    feeds.revoke_feed(clock_uow, feed.token)
    assert get(url)[0] == 404
    with pytest.raises(NotFound):
        feeds.revoke_feed(clock_uow, feed.token)


def test_etag_and_last_modified_allow_cheap_polling(clock_uow, server):
    from planner import services

    feed = feeds.create_feed(clock_uow)
    url = feeds.feed_url(feed.token, server)
    status, headers, first = get(url)
    etag, modified = headers["etag"], headers["last-modified"]
    assert get(url, {"If-None-Match": etag})[0] == 304
    assert get(url, {"If-Modified-Since": modified})[0] == 304
    assert get(url)[2] == first  # same data, same bytes (DTSTAMP is the data's last change)
    visit = services.list_visits(clock_uow)[0]
    services.update_visit(clock_uow, visit.id, visit.version, {"title": "새 제목"})
    status, headers, changed = get(url, {"If-None-Match": etag})
    assert status == 200 and headers["etag"] != etag and "새 제목".encode() in changed


def test_token_fixes_its_filter_and_public_feed_hides_internal_text(clock_uow, server):
    from planner import services

    covid = feeds.create_feed(clock_uow, categories=("covid19",))
    body = get(feeds.feed_url(covid.token, server))[2]
    cats = {str(e["X-PLANNER-CATEGORY"]) for e in Calendar.from_ical(body).walk("VEVENT")}
    assert cats == {"covid19"}

    public = feeds.create_feed(clock_uow, public=True)
    body = get(feeds.feed_url(public.token, server))[2]
    uids = {str(e["UID"]) for e in Calendar.from_ical(body).walk("VEVENT")}
    everything = services.list_visits(clock_uow)
    assert uids and uids <= {v.uid for v in everything if v.public}
    notes = [v.notes for v in everything if v.notes]
    assert notes and not any(n.encode() in body for n in notes)


def test_feeds_cli_create_list_revoke(sample_engine, clock_uow, monkeypatch, capsys):
    url = sample_engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("PLANNER_DATABASE_URL", url)
    monkeypatch.setenv("PLANNER_FEED_BASE_URL", "https://feeds.example.org")
    assert cli.main(["feeds", "create", "--public", "--category", "economy", "--district", "Jung-gu"]) == 0
    printed = capsys.readouterr().out.strip()
    assert printed.startswith("https://feeds.example.org/feeds/") and printed.endswith(".ics")
    token = printed.rsplit("/", 1)[1].removesuffix(".ics")
    (feed,) = [f for f in feeds.list_feeds(clock_uow) if f.token == token]
    assert feed.public and feed.filter["categories"] == ["economy"] and feed.filter["districts"] == ["중구"]
    assert cli.main(["feeds", "list", "--format", "json"]) == 0
    assert token in capsys.readouterr().out
    assert cli.main(["feeds", "revoke", token]) == 0
    assert cli.main(["feeds", "revoke", token]) == 2
    assert cli.main(["feeds", "create", "--category", "nope"]) == 2


def test_serve_feed_command_answers_over_http(sample_engine, clock_uow, tmp_path):
    url = sample_engine.url.render_as_string(hide_password=False)
    feed = feeds.create_feed(clock_uow)
    sock = free_socket()
    port = sock.getsockname()[1]
    sock.close()
    env = {**os.environ, "PLANNER_DATABASE_URL": url}
    proc = subprocess.Popen(
        [sys.executable, "-m", "planner", "serve-feed", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        status = None
        for _ in range(600):  # wait for the server to listen (not a timing assertion)
            if proc.poll() is not None:
                pytest.fail(f"serve-feed exited: {proc.stderr.read().decode(errors='replace')[-500:]}")
            try:
                status = get(f"{base}/feeds/{feed.token}.ics")[0]
                break
            except (ConnectionError, urllib.error.URLError):
                time.sleep(0.1)
        assert status == 200
        status, _, body = get(f"{base}/feeds/{feed.token}.ics")
        assert Calendar.from_ical(body).walk("VTIMEZONE")
        assert get(f"{base}/feeds/unknown.ics")[0] == 404
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_feed_tokens_never_look_like_command_line_options():
    tokens = {feeds.new_token() for _ in range(2000)}
    assert len(tokens) == 2000
    assert all(t.isalnum() and len(t) == 32 for t in tokens)


def test_two_changes_within_one_second_give_a_later_last_modified(sample_engine, clock_uow, server):
    """Issue 9, item 8: Last-Modified follows the data version even when the clock second does not move."""
    from planner import services

    feed = feeds.create_feed(clock_uow)
    url = feeds.feed_url(feed.token, server)
    # Every change happens at the same instant (a frozen clock): one-second dates cannot tell them apart.
    same_second = datetime(2022, 3, 15, 9, 0, 0, tzinfo=SEOUL)
    visit = services.list_visits(clock_uow)[0]
    seen = []
    for title in ("첫 변경", "두 번째 변경", "세 번째 변경"):
        visit = services.update_visit(uow_at(sample_engine, same_second), visit.id, visit.version, {"title": title})
        status, headers, body = get(url, {"If-Modified-Since": seen[-1]} if seen else {})
        assert status == 200 and title.encode() in body  # polling with If-Modified-Since alone sees it
        seen.append(headers["last-modified"])
        assert get(url, {"If-Modified-Since": seen[-1]})[0] == 304  # and unchanged data stays cheap
    dates = [parsedate_to_datetime(d) for d in seen]
    assert dates == sorted(dates) and len(set(dates)) == 3


def test_feed_server_access_log_never_prints_a_whole_token(sample_engine, clock_uow):
    """Issue 9, item 23: the token is the secret of a feed URL; the access log shows 4 characters."""
    url = sample_engine.url.render_as_string(hide_password=False)
    feed = feeds.create_feed(clock_uow)
    sock = free_socket()
    port = sock.getsockname()[1]
    sock.close()
    env = {**os.environ, "PLANNER_DATABASE_URL": url, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "planner", "serve-feed", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):  # wait for the server to listen (not a timing assertion)
            if proc.poll() is not None:
                break
            try:
                get(f"{base}/feeds/{feed.token}.ics")
                break
            except (ConnectionError, urllib.error.URLError):
                time.sleep(0.1)
        assert get(f"{base}/feeds/{feed.token}.ics")[0] == 200
        assert get(f"{base}/feeds/{'x' * 32}.ics")[0] == 404
    finally:
        proc.terminate()
        log = proc.communicate(timeout=30)[0].decode(errors="replace")
    assert f"/feeds/{feed.token[:4]}…" in log  # the requests were logged ...
    assert feed.token not in log and "x" * 32 not in log  # ... without the secret
    assert feed.token[:5] not in log.replace(f"{feed.token[:4]}…", "")
