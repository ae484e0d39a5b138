"""Floor for page benchmarks: the app's own frame (sidebar, language, navigation) around an
empty page, i.e. "an empty page of the app"."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from planner.ui.frame import run  # noqa: E402


def empty() -> None:
    pass


run(default=empty)
