"""Screenshots of every page of a running app at the widths people use (1440 px desk, 390 px phone).

    python -m streamlit run streamlit_app.py --server.port 8501 &      # the app, on any database
    python scripts/screenshots.py --url http://127.0.0.1:8501 --out shots/

Writes ``<page>-<width>.png`` for every page of the sidebar (``planner.ui.frame.PAGES``) in Korean,
the whole page (the window is stretched to the page's height: Streamlit scrolls inside its own
block, so a "full page" shot alone stops at the window). ``/visit`` and ``/briefing`` show the
visit given by ``--visit`` (else their empty state). Needs Chromium (``apt-get install -y chromium fonts-nanum``) and
Playwright's Python package; it never downloads a browser. Look at them: that is what they are for.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def targets(visit: int | None) -> list[str]:
    from planner.ui.frame import PAGES

    paths = []
    for _, _, _, url_path in PAGES:
        if url_path == "visit":
            paths.append(f"/visit?id={visit}" if visit else "/visit")
        elif url_path == "briefing":
            paths.append(f"/briefing?visit={visit}" if visit else "/briefing")
        else:
            paths.append(f"/{url_path}")
    return paths


def shoot(url: str, out: Path, widths: list[int], visit: int | None, lang: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for path in targets(visit):
            for width in widths:
                context = browser.new_context(viewport={"width": width, "height": 900}, locale="ko-KR")
                page = context.new_page()
                sep = "&" if "?" in path else "?"
                page.goto(f"{url}{path}{sep}lang={lang}" if lang != "ko" else f"{url}{path}")
                page.wait_for_selector(IDLE, timeout=120_000)
                time.sleep(2)  # components (maps, the calendar) draw after the script has finished
                height = page.evaluate(
                    "() => { const m = document.querySelector('[data-testid=\"stMain\"]'); return m ? m.scrollHeight : 900 }"
                )
                page.set_viewport_size({"width": width, "height": min(max(900, int(height)), 8000)})
                time.sleep(1.5)
                name = (path.strip("/").split("?")[0] or "home") + f"-{width}.png"
                page.screenshot(path=str(out / name))
                written.append(out / name)
                context.close()
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8501", help="the running app (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=Path("shots"), help="folder for the PNG files")
    parser.add_argument("--width", type=int, action="append", help="a window width; repeat (default: 1440 and 390)")
    parser.add_argument("--visit", type=int, help="the visit /visit and /briefing show (default: their empty state)")
    parser.add_argument("--lang", default="ko", choices=("ko", "en"), help="the interface language")
    args = parser.parse_args(argv)
    for file in shoot(args.url, args.out, args.width or [1440, 390], args.visit, args.lang):
        print(file)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
