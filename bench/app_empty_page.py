"""Floor for page benchmarks: the app's own frame (sidebar, language, navigation) around an
empty page, i.e. "an empty page of the app". It stands in for the home page (``/``) and for the
page at the URL path named by ``PLANNER_BENCH_EMPTY_AT`` (e.g. ``plan``), so a browser can load
the empty page at the same address as the page it is compared with (``/plan``)."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from planner.ui.frame import run  # noqa: E402


def empty() -> None:
    pass


run(default=empty, at=("", os.environ.get("PLANNER_BENCH_EMPTY_AT", "")))
