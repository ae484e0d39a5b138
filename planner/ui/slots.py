"""The map's slot offer (issue 11, item 5): the best free slots for the place of a proposal, one click to use one.

Shown in the proposal form of ``/plan``: a duration and the dates to search (default: the next two weeks,
``planning.slot_dates``) give up to five slots from ``planning.suggest`` (none breaks a blocking rule; ranked by
added travel, then warnings), each with its added travel and why it was chosen. "Use this time" fills the form's
start and end. The search runs again only when the place, the duration, the dates or the data change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import streamlit as st

from planner import planning
from planner.domain import SEOUL, PlannerError
from planner.ui import show_error, tr
from planner.ui.problems import problem_text
from planner.uow import UnitOfWork

CACHE_KEY = "plan.slots.found"


CHOSEN_KEY = "plan.slots.chosen"
COUNT_KEY = "plan.slots.count"


def _use(start: datetime, end: datetime) -> None:
    """Runs before the next script run: the chosen slot becomes the form's times.

    The form's time widgets get new keys (``slot_prefix``) with the slot as their value, rather than having their
    state written: a rerun the map sends right after a click carries the old widget values and would overwrite
    them (seen in the browser)."""
    st.session_state[CHOSEN_KEY] = (start.astimezone(SEOUL), end.astimezone(SEOUL))
    st.session_state[COUNT_KEY] = st.session_state.get(COUNT_KEY, 0) + 1


def slot_chosen() -> tuple[datetime, datetime] | None:
    """The (start, end) of the slot chosen for the open proposal, if one was."""
    chosen: tuple[datetime, datetime] | None = st.session_state.get(CHOSEN_KEY)
    return chosen


def slot_prefix(prefix: str) -> str:
    """The key prefix of the form's time widgets: new ones each time a slot is chosen."""
    n = st.session_state.get(COUNT_KEY, 0)
    return prefix if not n else f"{prefix}.slot{n}"


def forget_slot() -> None:
    """A new place: the form's times start again from their default (new widgets: a keyed widget keeps its
    value whatever default it is given later)."""
    st.session_state.pop(CHOSEN_KEY, None)
    st.session_state.pop(DEFAULT_KEY, None)
    st.session_state[COUNT_KEY] = st.session_state.get(COUNT_KEY, 0) + 1


DEFAULT_KEY = "plan.slots.default"
DURATION_KEY = "plan.slots.duration"


def duration_input(container: Any, key: str = DURATION_KEY) -> int:
    """The proposal's duration in minutes: the end follows the start by it, and the slot offer searches with it."""
    minutes = container.number_input(
        tr("field.duration"),
        min_value=10,
        max_value=planning.MAX_DURATION_MINUTES,
        value=60,
        step=10,
        key=key,
    )
    return int(minutes)


@dataclass(frozen=True)
class ProposalTimes:
    start: datetime
    end: datetime
    past: bool  # the start has passed (saving needs the user's confirmation)
    past_confirmed: bool


def proposal_times(
    work: UnitOfWork, site_id: int | None, point: tuple[float, float], first: date | None
) -> ProposalTimes | None:
    """The proposal's start (date and time), its duration and the end that follows (issue 12, item 3).

    The start defaults to the chosen slot, else to the next free working slot for the place and the duration
    (``planning.next_free_slot``, from ``first`` or today), computed once per place; changing the start or the
    duration moves the end. A start that has passed asks for a confirmation. None while a field is empty."""
    chosen = slot_chosen()
    prefix = slot_prefix("plan.form")
    minutes_now = int(st.session_state.get(DURATION_KEY, 60) or 60)
    if chosen is not None:
        default = chosen[0]
    else:
        cached = st.session_state.get(DEFAULT_KEY)
        if cached is None or cached[0] != prefix:
            start, _ = planning.next_free_slot(work, site_id, minutes_now, point=point, first=first)
            cached = (prefix, start)
            st.session_state[DEFAULT_KEY] = cached
        default = cached[1]
    return time_fields(work, default, prefix)


def time_fields(
    work: UnitOfWork, default: datetime, prefix: str, duration_key: str = DURATION_KEY
) -> ProposalTimes | None:
    """A proposal's start date and time (keys ``{prefix}.start_date``, ``{prefix}.start_time``, starting at
    ``default``), its duration (key ``duration_key``) and the end that follows, shown; a start that has passed asks
    for a confirmation (``{prefix}.past_ok``). None while a field is empty. Shared by ``/plan`` (through
    ``proposal_times``) and the week calendar (the clicked slot as ``default``). A keyed widget keeps its value
    whatever default it is given later: a new default needs a new ``prefix``."""
    default = default.astimezone(SEOUL)
    # Two rows: three fields side by side in the narrow form column clipped the date ("2026-12-0…").
    c1, c2 = st.columns([3, 2])
    day = c1.date_input(tr("visits.start_date"), value=default.date(), format="YYYY-MM-DD", key=f"{prefix}.start_date")
    at = c2.time_input(
        tr("visits.start_time"),
        value=default.time().replace(tzinfo=None),
        key=f"{prefix}.start_time",
        step=timedelta(minutes=10),
    )
    c3, c4 = st.columns([3, 2], vertical_alignment="bottom")
    minutes = duration_input(c3, duration_key)
    if not isinstance(day, date) or not isinstance(at, time):
        st.error(tr("plan.when_required"))
        return None
    start = datetime.combine(day, at, tzinfo=SEOUL)
    end = start + timedelta(minutes=minutes)
    c4.caption(tr("plan.ends_at", end=f"{end:%Y-%m-%d %H:%M}"))
    past = start < work.now
    confirmed = False
    if past:
        st.warning(
            tr("plan.start_past", start=f"{start:%Y-%m-%d %H:%M}", now=f"{work.now.astimezone(SEOUL):%Y-%m-%d %H:%M}")
        )
        confirmed = st.checkbox(tr("plan.start_past_ok"), key=f"{prefix}.past_ok")
    return ProposalTimes(start, end, past, bool(confirmed))


def slot_offer(work: UnitOfWork, site_id: int | None, point: tuple[float, float], today: date, version: int) -> None:
    """The slot offer for a visit at ``site_id`` (None: at ``point``, a new place) of the form's duration (drawn
    by ``proposal_times`` before this); "use" sets the form's times (``slot_chosen``, ``slot_prefix``)."""
    st.markdown(f"**{tr('plan.slots')}**")
    first, last = planning.slot_dates(today)
    minutes = int(st.session_state.get(DURATION_KEY, 60) or 60)  # the form's duration (``duration_input``)
    dates = st.date_input(tr("plan.slots_range"), value=(first, last), key="plan.slots.range", format="YYYY-MM-DD")
    if not isinstance(dates, tuple | list) or len(dates) != 2:
        return  # the user is still picking the range's end
    key = (site_id, point if site_id is None else None, int(minutes), dates[0], dates[1], version)
    found = st.session_state.get(CACHE_KEY)
    if found is None or found[0] != key:
        try:
            slots = planning.suggest(work, site_id, int(minutes), dates[0], dates[1], point=point)
        except PlannerError as exc:
            show_error(exc)
            return
        found = (key, slots)
        st.session_state[CACHE_KEY] = found
    slots = found[1]
    if not slots:
        st.info(tr("plan.slots_none"))
        return
    for i, slot in enumerate(slots):
        start, end = slot.start.astimezone(SEOUL), slot.end.astimezone(SEOUL)
        when = f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}" if end - start < timedelta(days=1) else f"{start:%Y-%m-%d %H:%M}"
        # A fifth of the form's column clipped "이 시간으로" to "이 …" at 1440 px: the button gets room for its label.
        r1, r2 = st.columns([3, 2], vertical_alignment="center")
        r1.markdown(tr("plan.slot_row", when=when, added=round(slot.added_travel_minutes)))
        r1.caption(tr(slot.reason_key, **slot.reason_params))
        for problem in slot.warnings:
            r1.caption(f"{tr('rule.warning_prefix')}: {problem_text(problem)}")
        r2.button(tr("plan.slot_use"), key=f"plan.slots.use.{i}", on_click=_use, args=(slot.start, slot.end))
