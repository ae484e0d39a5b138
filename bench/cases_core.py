"""Benchmarks of issue 2: the visit log page and ``visits list`` at n visits."""

from __future__ import annotations

import contextlib
import io

from bench.apptest import page_rerun_measurements
from bench.data import populated_db
from bench.harness import Bench, Measurement, measure, ratio
from planner import cli


def visit_log_page(n: int) -> list[Measurement]:
    url = populated_db(n)
    return page_rerun_measurements("visit_log_page_rerun", n, url, "pages/visits.py", 3.0)  # issue 12: 3x


def visits_list(n: int) -> list[Measurement]:
    url = populated_db(n)

    def run(*extra: str) -> None:
        with contextlib.redirect_stdout(io.StringIO()):
            cli.main(["--db", url, "visits", "list", "--format", "json", *extra])

    floor = measure(lambda: run("--year", "1990"))  # same command, no rows: the fixed cost
    seconds = measure(run)
    return [ratio("visits_list_json", n, seconds, "visits_list_no_rows", floor)]


BENCHES = [
    Bench("visit_log_page", visit_log_page, (1000, 10000), "visit log page rerun vs an empty page"),
    Bench("visits_list", visits_list, (1000, 10000), "python -m planner visits list --format json"),
]
