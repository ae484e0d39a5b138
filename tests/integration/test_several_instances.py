"""Issue 13, item 7: what one process caches never outlives another process's changes."""

from __future__ import annotations

from pathlib import Path

from planner import assets
from planner.domain import VisitQuery
from planner.ui.map import plan_map_args


def _file(url: str) -> Path:
    return assets.STATIC_DIR / url.removeprefix(f"{assets.STATIC_URL}/")


def test_a_points_file_pruned_by_another_instance_is_published_again(sample_uow):
    """Instances started from one folder share static/: another one may prune the points file this process's
    cached map refers to. The next run builds the map again instead of sending one whose points are gone."""
    _, summary = plan_map_args(sample_uow, VisitQuery(year=2021), None, "ko")
    assert summary.published
    for url in summary.published:
        _file(url).unlink()
    _, again = plan_map_args(sample_uow, VisitQuery(year=2021), None, "ko")
    assert again.published == summary.published  # same content, same name
    assert all(_file(url).is_file() for url in again.published)
