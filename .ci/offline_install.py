"""CI: prove the planner installs and runs on a separated network (issue 13, item 8; README "Offline install").

1. On the connected side: ``pip download -r requirements.txt -d WHEELS --only-binary=:all:`` (the folder is kept
   between runs and pip's cache is used, so a second run downloads nothing new).
2. On the "inside": a fresh ``python -m venv``, ``pip install --no-index --find-links WHEELS -r requirements.txt``
   (no index at all: anything missing from the folder fails here).
3. That environment runs ``streamlit run streamlit_app.py`` on a free port with a temporary SQLite file; the
   script checks ``/_stcore/health``, that the map's Leaflet is served from the installed XStatic package, and
   (with Chromium and Playwright, as in CI) that the plan page renders its map with every request on the local
   server. Then it stops the app.

Usage: ``python .ci/offline_install.py [--wheels DIR]``. Exit 0 on success; otherwise one clear line saying which
step failed, followed by the tail of that step's output.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_WHEELS = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "planner-offline-wheels"
CHROMIUM = Path("/usr/bin/chromium")


class StepFailed(Exception):
    pass


def run(step: str, args: list[str], **kwargs) -> None:
    print(f"offline install: {step} ...", flush=True)
    result = subprocess.run(args, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-25:])
        raise StepFailed(f"{step} failed (exit {result.returncode}): {' '.join(args)}\n{tail}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read()


def check_app(python: Path, folder: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "PLANNER_", "STREAMLIT_"))}
    env.update(
        {
            "PLANNER_DATABASE_URL": f"sqlite:///{folder / 'planner.db'}",
            "PLANNER_TILES": "none",
            "PLANNER_GEOCODER": "offline",
        }
    )
    log = folder / "streamlit.log"
    print(f"offline install: starting the app from the new environment on {base} ...", flush=True)
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(python), "-m", "streamlit", "run", "streamlit_app.py", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 90
            while True:
                if proc.poll() is not None:
                    raise StepFailed(f"the app exited at start (exit {proc.returncode})")
                try:
                    if get(f"{base}/_stcore/health") == (200, b"ok"):
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise StepFailed("the app did not answer /_stcore/health within 90 s")
                time.sleep(0.3)
            check_page(base)
        except StepFailed as exc:
            tail = "\n".join(log.read_text(errors="replace").splitlines()[-25:])
            raise StepFailed(f"{exc}\n{tail}") from None
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()


def check_page(base: str) -> None:
    try:
        import playwright.sync_api as pw
    except ImportError:
        pw = None
    if pw is None or not CHROMIUM.exists():
        print("offline install: no Chromium/Playwright here: checking the page's HTML only", flush=True)
        status, body = get(base + "/")
        if status != 200 or b'<div id="root"' not in body:
            raise StepFailed("the app's page did not load")
        return
    print("offline install: rendering the plan page in Chromium ...", flush=True)
    requests: list[str] = []
    with pw.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(locale="ko-KR")
            page.on("request", lambda r: requests.append(r.url))
            page.goto(f"{base}/")  # the home page (its notices carry icons) ...
            try:
                page.locator('[data-testid="stAlert"]').first.wait_for(timeout=90_000)
                page.wait_for_load_state("networkidle")
            except pw.Error as exc:
                raise StepFailed(f"the home page did not render: {exc}") from None
            page.goto(f"{base}/plan")  # ... and the plan page with its map
            frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
            try:
                frame.locator(".leaflet-container").wait_for(timeout=90_000)
            except pw.Error as exc:
                raise StepFailed(f"the plan page's map did not render: {exc}") from None
        finally:
            browser.close()
    outside = sorted({u for u in requests if not u.startswith((base, "data:", "blob:", "about:"))})
    if outside:
        raise StepFailed(f"the page asked for files outside the app: {outside[:5]}")
    if not any("/app/static/vendor/leaflet/leaflet.js" in u for u in requests):
        raise StepFailed("the map did not load Leaflet from the app's own static files")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wheels", type=Path, default=DEFAULT_WHEELS, help=f"wheel folder (default {DEFAULT_WHEELS})")
    args = parser.parse_args()
    started = time.monotonic()
    try:
        run(
            f"pip download into {args.wheels}",
            [sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check", "--only-binary=:all:",
             "-r", str(ROOT / "requirements.txt"), "-d", str(args.wheels)],
        )  # fmt: skip
        with tempfile.TemporaryDirectory(prefix="planner-offline-") as tmp:
            folder = Path(tmp)
            venv = folder / "venv"
            run("python -m venv (a fresh environment)", [sys.executable, "-m", "venv", str(venv)])
            python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
            run(
                "pip install --no-index --find-links (no network)",
                [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-compile",
                 "--no-index", "--find-links", str(args.wheels), "-r", str(ROOT / "requirements.txt")],
            )  # fmt: skip
            check_app(python, folder)
    except StepFailed as exc:
        print(f"OFFLINE INSTALL CHECK FAILED: {exc}", file=sys.stderr)
        return 1
    print(f"offline install: OK ({time.monotonic() - started:.0f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
