"""Benchmark harness: measurements as ratios to a floor measured in the same run.

A benchmark is a function ``(n) -> Measurement``. Absolute seconds depend on the machine; the
ratio to a floor (an empty page, a raw library doing the same work) is what a target compares.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass


@dataclass
class Measurement:
    name: str
    n: int
    seconds: float  # the figure itself; for non-time figures see ``unit``
    floor: str | None
    floor_seconds: float | None
    ratio: float | None
    target: float | None = None
    unit: str = "s"

    def as_dict(self) -> dict:
        return asdict(self)


def measure(fn: Callable[[], object], repeat: int = 5, warmup: int = 1) -> float:
    """Median wall time of ``fn`` over ``repeat`` runs after ``warmup`` runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def measure_pair(
    floor: Callable[[], object],
    target: Callable[[], object],
    repeat: int = 3,
    setup: Callable[[], object] | None = None,
) -> tuple[float, float]:
    """Median wall times of ``floor`` and ``target``, run in turn ``repeat`` times.

    Taking them in turn (not all floors, then all targets) lets a slow moment of the machine slow
    both alike; a full garbage collection before each run stops one side paying for the garbage
    the other left (parsing 10,000 events leaves millions of objects). ``setup`` runs untimed
    before each target run (e.g. to make an empty database).
    """
    floors: list[float] = []
    targets: list[float] = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        floor()
        floors.append(time.perf_counter() - t0)
        if setup is not None:
            setup()
        gc.collect()
        t0 = time.perf_counter()
        target()
        targets.append(time.perf_counter() - t0)
    return statistics.median(floors), statistics.median(targets)


def ratio(
    name: str, n: int, seconds: float, floor: str, floor_seconds: float, target: float | None = None
) -> Measurement:
    return Measurement(
        name, n, seconds, floor, floor_seconds, seconds / floor_seconds if floor_seconds else None, target
    )


@dataclass(frozen=True)
class Bench:
    name: str
    run: Callable[[int], list[Measurement]]
    sizes: tuple[int, ...]
    help: str = ""
