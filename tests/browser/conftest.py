"""Real-browser fixtures (Playwright + Debian Chromium), reusable by every feature's browser tests.

* ``app_url``: the app (``streamlit run streamlit_app.py``) on a free port with its own temporary
  database (sample data loaded at first start), ``PLANNER_TILES=none`` and the offline geocoder;
  yields the base URL, e.g. ``http://127.0.0.1:53127``. One server per test session.
* ``browser``: a headless Chromium from ``/usr/bin/chromium`` (never ``playwright install``).
* ``page``: a fresh page whose ``page.requests`` lists every URL the page (and its iframes) asked for.

Every test here is marked ``browser`` and skipped with the reason when Chromium or Playwright is
missing. ``app_url_with(env)`` starts an extra server with other settings when a test needs one.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    reason = None
    if not CHROMIUM.exists():
        reason = f"no browser: {CHROMIUM} is missing (apt-get install -y chromium fonts-nanum)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "Playwright is not installed (python -m pip install -r requirements-dev.txt)"
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """``streamlit run streamlit_app.py`` in a subprocess with its own database and settings."""

    def __init__(self, env: dict[str, str] | None = None) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="planner-browser-"))
        self.db_url = f"sqlite:///{self.folder / 'planner.db'}"
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "PLANNER_DATABASE_URL": self.db_url,
            "PLANNER_TILES": "none",
            "PLANNER_GEOCODER": "offline",
            "PLANNER_SAMPLE_ON_FIRST_START": "1",
            **(env or {}),
        }
        self.log = open(self.folder / "streamlit.log", "wb")  # noqa: SIM115 - closed in stop()
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> str:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "streamlit_app.py",
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
                "--server.fileWatcherType",
                "none",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return self.url
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"streamlit did not start; log: {(self.folder / 'streamlit.log').read_text()[-2000:]}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


@pytest.fixture(scope="session")
def app_server() -> Iterator[AppServer]:
    server = AppServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def app_url(app_server: AppServer) -> str:
    return app_server.url


@pytest.fixture(scope="session")
def app_url_with():
    """Factory: ``app_url_with({"PLANNER_TILES": "openstreetmap"})`` starts another server."""
    servers: list[AppServer] = []

    def start(env: dict[str, str]) -> AppServer:
        server = AppServer(env)
        server.start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ko-KR")
    pg = context.new_page()
    pg.requests = []  # every URL asked for, by the page and its iframes
    pg.on("request", lambda request: pg.requests.append(request.url))
    yield pg
    context.close()
