"""Day view: one date's visits in time order with the drives between them, busy time, problems and the route."""

from datetime import date, timedelta

import streamlit as st

from planner import maps, notices, services
from planner.domain import BusyBlock, PlannerError, to_seoul
from planner.ui import day as day_views
from planner.ui import (
    ensure_frame,
    lang,
    markdown_text,
    now,
    page_of,
    show_error,
    status_label,
    tr,
    tr_text,
    uow,
    vocabulary,
)
from planner.ui.map import reference_data, show_folium
from planner.ui.problems import show_problems

ensure_frame()
work = uow()
L = lang()
today = now().date()
state = st.session_state
FIRST, LAST = date(1900, 1, 1), date(2100, 12, 31)  # the years a date may have (domain.YEAR_MIN/MAX)

# The URL (?date=YYYY-MM-DD) chooses the day when it changes (a link, a bookmark); the widget after that.
param = st.query_params.get("date")
if param != state.get("day.param_seen"):
    state["day.param_seen"] = param
    try:
        state["day.date"] = min(max(date.fromisoformat(param), FIRST), LAST) if param else today
    except ValueError:
        st.warning(tr_text("day.bad_date", value=param))
        state["day.date"] = today
state.setdefault("day.date", today)


def _shift(days: int) -> None:
    state["day.date"] = min(max(state["day.date"] + timedelta(days=days), FIRST), LAST)


def _today() -> None:
    state["day.date"] = today


# The day is the date widget's value (its key, after the buttons' callbacks), known before the widget is drawn: the
# title goes first without a placeholder container.
chosen: date = state["day.date"]
failure: PlannerError | None = None
unsent: list = []
try:
    version = services.data_version(work)
    categories, _ = reference_data(work, version)
    view = day_views.day_view(work, chosen, version)  # computed once per data version
    unsent = [w for w in notices.warnings(work) if w.visit.start.date() == chosen]  # issue 14
except PlannerError as exc:
    failure = exc  # shown under the date widgets, so another day can be chosen

weekday = tr("day.weekday").split(",")[chosen.weekday()]
st.title(tr("day.title", date=chosen.isoformat(), weekday=weekday))
st.caption(tr("day.caption"))
if failure is None and view.holiday:
    st.info(tr("day.holiday", name=view.holiday))
elif failure is None and view.weekend:
    st.info(tr("day.weekend"))
for w in unsent:
    st.error(
        tr_text(
            "attention.notices_unsent",
            title=w.visit.title,
            when=w.visit.start.strftime("%m-%d %H:%M"),
            missing=w.missing,
        )
    )
    st.page_link(page_of("pages/council.py"), label=tr("nav.council"))

c1, c2, c3, c4 = st.columns([2, 1, 1, 1], vertical_alignment="bottom")
c1.date_input(tr("day.date"), key="day.date", format="YYYY-MM-DD", min_value=FIRST, max_value=LAST)
c2.button(tr("day.previous"), key="day.previous", on_click=_shift, args=(-1,), width="stretch")
c3.button(tr("day.next"), key="day.next", on_click=_shift, args=(1,), width="stretch")
c4.button(tr("day.today"), key="day.today", on_click=_today, width="stretch")
state["day.param_seen"] = chosen.isoformat()
if st.query_params.get("date") != chosen.isoformat():  # setting it sends the browser a message: only on a change
    st.query_params["date"] = chosen.isoformat()
if failure is not None:
    show_error(failure)
    st.stop()


def hm(value: object) -> str:
    return f"{to_seoul(value):%H:%M}"  # type: ignore[arg-type]


if not view.stops:
    st.info(tr("day.empty"))
else:
    if view.problems:
        show_problems(view.problems)
    else:
        st.success(tr("day.no_problems"))
    if view.best is not None:
        if view.saved_minutes >= 1:
            order = " → ".join(f"#{i}" for i in view.best_ids)
            st.info(tr("day.best_saves", minutes=round(view.saved_minutes), order=order))
            st.caption(tr("day.best_apply", date=chosen.isoformat()))
        elif not view.best.feasible:
            st.caption(tr("day.best_infeasible"))
        else:
            st.caption(tr("day.best_is_current"))

    vocab = vocabulary(categories)  # only the stops need the labels
    left, right = st.columns([3, 2], gap="medium")
    with left:
        first = next((s for s in view.stops if s.leave is not None), None)
        if first is not None:
            st.markdown(tr("day.leave_base", time=hm(first.leave)))
        for item in view.timeline:
            if isinstance(item, BusyBlock):
                when = (
                    tr("day.busy_all_day") if item.all_day else tr("day.busy", start=hm(item.start), end=hm(item.end))
                )
                st.caption(f"{when} · {markdown_text(item.summary)}")  # the summary is user text
                continue
            v = item.visit
            with st.container(border=True, key=f"day.stop.{item.n}"):
                st.markdown(f"**{item.n}. {hm(v.start)}–{hm(v.end)} · {markdown_text(v.title)}** `#{v.id}`")
                about = [
                    markdown_text(v.site_name),
                    markdown_text(vocab.district_label(v.district)) if v.district else "",
                    status_label(v.status.value),
                    tr("day.fixed") if item.fixed else "",
                ]
                st.caption(" · ".join(a for a in about if a))
                if item.travel_minutes is None or item.arrive is None:
                    st.caption(tr("day.no_place"))
                else:
                    km = f"{item.km:.1f}"
                    st.markdown(tr("day.leg", minutes=round(item.travel_minutes), km=km, arrive=hm(item.arrive)))
                if item.slack_minutes is not None:
                    if item.slack_minutes >= 0:
                        st.caption(tr("day.slack", minutes=int(item.slack_minutes)))
                    else:
                        st.markdown(f":red[{tr('day.late', minutes=-int(item.slack_minutes // 1))}]")
                st.page_link(
                    page_of("pages/visit.py"), label=tr("visit.open_page", id=v.id), query_params={"id": str(v.id)}
                )
                st.page_link(page_of("pages/briefing.py"), label=tr("brief.open"), query_params={"visit": str(v.id)})
        last = next((s for s in reversed(view.stops) if s.leave is not None), None)
        if last is not None:
            back = to_seoul(last.depart) + timedelta(minutes=view.return_minutes)
            km = f"{view.return_km:.1f}"
            st.markdown(tr("day.return", minutes=round(view.return_minutes), km=km, arrive=hm(back)))
            st.caption(tr("day.totals", minutes=round(view.total_travel_minutes), km=f"{view.total_km:.1f}"))
    with right:
        st.caption(tr("day.map"))
        tiles, attribution = maps.tiles_setting()
        route = [s.visit for s in view.stops]
        show_folium(
            lambda: maps.day_map(route, L, view.base, tiles, attribution),
            key="day.map",
            height=420,
            cache_key=(str(work.engine.url), version, chosen, L, tiles, attribution, view.base),
        )
