"""Issue 13, item 1: signing in with OpenID Connect (``st.login``) against a real provider.

The provider is ``oidc-provider-mock`` (a small OpenID Connect server for tests, built on Authlib),
started by the test on the loopback; the app is a real ``streamlit run`` whose
``.streamlit/secrets.toml`` has an ``[auth]`` section pointing at it; Chromium signs in through the
provider's authorization form. Nothing of Streamlit is mocked: the user the app sees is the ID
token's ``email`` claim, mapped to a registered planner user.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import urllib.request
from datetime import datetime

import pytest

from planner import accounts, db, services
from planner.uow import UnitOfWork
from tests.browser.conftest import ROOT, AppServer

oidc_provider_mock = pytest.importorskip("oidc_provider_mock", reason="pip install -r requirements-dev.txt")
pytest.importorskip("authlib", reason="st.login needs Authlib (requirements.txt)")

NOW = datetime.fromisoformat("2022-03-15T09:00:00+09:00")


class OidcAppServer(AppServer):
    """The app run from a folder of its own, so that its ``.streamlit/secrets.toml`` holds ``[auth]``."""

    def __init__(self, issuer: str) -> None:
        super().__init__({"PLANNER_LANGUAGE": "en"})
        streamlit_dir = self.folder / ".streamlit"
        streamlit_dir.mkdir()
        shutil.copy(ROOT / ".streamlit" / "config.toml", streamlit_dir / "config.toml")
        (streamlit_dir / "secrets.toml").write_text(
            "[auth]\n"
            f'redirect_uri = "{self.url}/oauth2callback"\n'
            'cookie_secret = "a-test-cookie-secret-of-some-length"\n'
            'client_id = "planner"\n'
            'client_secret = "planner-secret"\n'
            f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n',
            encoding="utf-8",
        )

    def start(self, timeout: float = 60) -> str:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / "streamlit_app.py"),
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--server.fileWatcherType",
                "none",
            ],
            cwd=self.folder,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return self.url
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"streamlit did not start: {(self.folder / 'streamlit.log').read_text()[-2000:]}")


@pytest.fixture(scope="module")
def provider():
    users = [
        oidc_provider_mock.User(sub="kim", claims={"email": "kim@seoul.example", "name": "김민수"}),
        oidc_provider_mock.User(sub="park", claims={"email": "park@seoul.example"}),
    ]
    with oidc_provider_mock.run_server_in_thread(user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def app(provider):
    server = OidcAppServer(provider)
    db.create_database(server.db_url)
    engine, _ = services.open_database(server.db_url, lambda: NOW, sample_on_first_start=True)
    accounts.add_user(UnitOfWork(engine, lambda: NOW), "boss", "admin")
    accounts.add_user(UnitOfWork(engine, lambda: NOW, actor="boss"), "kim@seoul.example", "approver")
    db.dispose_engine(server.db_url)
    server.start()
    yield server
    server.stop()


def sign_in(page, app, who: str) -> None:
    page.goto(app.url)
    page.get_by_role("button", name="Sign in").click(timeout=60_000)
    page.wait_for_url(re.compile(r".*/oauth2/authorize.*"), timeout=30_000)  # the provider's own form
    page.get_by_role("button", name=who, exact=True).click()
    page.wait_for_url(re.compile(re.escape(app.url) + r"/?$"), timeout=30_000)


def sidebar_text(page) -> str:
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Signed in:").first.wait_for(timeout=60_000)
    return sidebar.inner_text()


def test_nothing_but_the_sign_in_button_before_signing_in(page, app):
    page.goto(app.url)
    page.get_by_role("button", name="Sign in").wait_for(timeout=60_000)
    assert page.get_by_text("Not signed in: read only").count() == 1
    # A page's own address shows the sign-in too (every page runs the frame first), not the visit log.
    page.goto(f"{app.url}/visits")
    page.get_by_role("button", name="Sign in").wait_for(timeout=60_000)
    assert page.locator('[data-testid="stDataFrame"]').count() == 0
    assert page.get_by_role("heading", name="Visit log").count() == 0


def test_a_registered_user_signs_in_with_their_role(page, app):
    sign_in(page, app, "kim")
    text = sidebar_text(page)
    assert "Signed in: kim@seoul.example (Approver)" in text
    assert "Local mode" not in text
    page.goto(f"{app.url}/admin")
    page.get_by_text("Only admins can use this page.").wait_for(timeout=60_000)


def test_an_unknown_user_signs_in_read_only(page, app):
    sign_in(page, app, "park")
    assert "park@seoul.example (not registered: read only)" in sidebar_text(page)
