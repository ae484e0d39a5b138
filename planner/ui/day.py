"""The day view (/day) as the page shows it, computed once per database, data version, day and settings.

``planner.day.day_view`` reads the day's visits and busy time and times the day (travel model, rules, best order);
a rerun of the page (a widget, a button) changes none of that, so the view is kept by the data version, which every
write raises (visits, busy time, sites). The view is frozen and shared between sessions as it is.
"""

from __future__ import annotations

from datetime import date

from planner import day, scheduling
from planner.scheduling import PlanSettings
from planner.ui.cache import memo
from planner.uow import UnitOfWork


def day_view(uow: UnitOfWork, chosen: date, version: int) -> day.DayView:
    """``planner.day.day_view`` of ``chosen`` with the configured settings, reused until the next write."""
    return _cached(uow, str(uow.engine.url), version, chosen, scheduling.plan_settings())


@memo(32)
def _cached(_uow: UnitOfWork, db_key: str, version: int, chosen: date, settings: PlanSettings) -> day.DayView:
    return day.day_view(_uow, chosen, settings)
