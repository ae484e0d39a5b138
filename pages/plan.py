"""Plan on the map: where we have been, the day's route, click (or search) to propose a visit."""

from dataclasses import replace

import streamlit as st

from planner import config, geo, geocode, planning, services
from planner.domain import SEOUL, PlannerError, Status
from planner.ui import (
    ensure_frame,
    lang,
    markdown_text,
    now,
    page_of,
    proposal,
    status_label,
    tr,
    tr_text,
    uow,
    vocabulary,
)
from planner.ui.filters import visit_query
from planner.ui.map import plan_map_args, read_click, reference_data, show_map
from planner.ui.slots import forget_slot, proposal_times, slot_offer

ensure_frame()
work = uow()
L = lang()
today = now().date()
version = services.data_version(work)  # read once per rerun; the cached map and lists key on it
categories, years = reference_data(work, version)
vocab = vocabulary(categories)

st.title(tr("plan.title"))
st.caption(tr("plan.caption"))
flash = st.session_state.pop("plan.flash", None)
if flash:
    st.success(flash["text"])
    if flash.get("hidden"):
        st.info(tr("plan.saved_hidden"))

# The map goes to the browser before the switches, filters and search (they are drawn above it,
# into containers made first), so its frame starts loading while the browser fetches the
# widgets' code. The widgets' current values are already in session state at the start of a run.
# Filters and search sit behind switches (kept on for the session once switched on): a text box
# alone made the page's first load ~0.2 s slower in the browser (its code loads on first use).
filters_box = st.container()
left, right = st.columns([3, 2], gap="medium")
with left:
    search_box = st.container()

# The filters' values live under "plan.q.*"; their widgets (keys "plan.<name>") are drawn only
# while "filters" is switched on, since five widgets cost more per rerun than the whole map does.
# A widget's change callback copies its value over, before the run that draws the map.
state = st.session_state
# The period defaults to the coverage window (issue 12, item 6): the goal's last days and the weeks ahead, so the
# districts not visited lately show as uncovered (all years together always looked "all covered").
coverage_days = int(str(config.get("coverage_days")))
window = planning.coverage_window(today, coverage_days)
FILTERS = {"year": None, "period": window, "route_day": today, "categories": [], "statuses": []}
q = {name: state.get(f"plan.q.{name}", default) for name, default in FILTERS.items()}


def _keep(name: str) -> None:
    st.session_state[f"plan.q.{name}"] = st.session_state[f"plan.{name}"]
    if name == "year":  # a year is a period of its own: the dates no longer narrow it
        _set_period(())


def _set_period(period: tuple) -> None:
    st.session_state["plan.q.period"] = period
    st.session_state.pop("plan.period", None)  # the date widget is drawn again from the kept value


route_day = q["route_day"]
query = visit_query(year=q["year"], period=q["period"], categories=q["categories"], statuses=q["statuses"])

# ---------------------------------------------------------------- map
with left:
    args, summary = plan_map_args(work, query, route_day if route_day else None, L, version=version)
    center = state.get("plan.center")
    value = show_map(args, key="plan.map", center=center, zoom=16 if center else None)
    if route_day:
        day_text = route_day.isoformat()
        st.page_link(page_of("pages/day.py"), label=tr("day.link_for", date=day_text), query_params={"date": day_text})
    first, last = (list(q["period"]) + [None, None])[:2] if q["period"] else (None, None)
    if first and last:
        period_text = tr("plan.period", first=first.isoformat(), last=last.isoformat())
        if (first, last) == window:
            period_text += " " + tr("plan.period_coverage", days=coverage_days, ahead=planning.COVERAGE_AHEAD_DAYS)
    else:
        period_text = tr("plan.period_year", year=q["year"]) if q["year"] else tr("plan.period_all")
    p1, p2, p3 = st.columns([3, 2, 2], vertical_alignment="center")
    p1.caption(period_text)
    p2.button(tr("plan.period_window"), key="plan.period_window", on_click=_set_period, args=(window,))
    p3.button(tr("plan.period_all_button"), key="plan.period_all", on_click=_set_period, args=((),))
    covered = 25 - len(summary.uncovered)
    st.caption(tr("plan.shown", count=summary.shown, covered=covered))
    if summary.uncovered:
        names = ", ".join(vocab.district_label.get(n, n) for n in summary.uncovered)
        st.warning(tr("plan.uncovered", count=len(summary.uncovered), names=names))
    else:
        st.success(tr("plan.all_covered"))

# ---------------------------------------------------------------- filters (drawn above the map)
with filters_box:
    t1, t2, _ = st.columns([1, 1, 2])
    t2.toggle(tr("plan.search"), key="plan.show_search")
    if t1.toggle(tr("plan.filters"), key="plan.show_filters"):
        c1, c2, c3 = st.columns([1, 2, 2])
        c1.selectbox(
            tr("visits.year"),
            [None, *years],
            index=([None, *years].index(q["year"]) if q["year"] in years else 0),
            format_func=lambda y, all_=tr("visits.all"): all_ if y is None else str(y),
            key="plan.year",
            on_change=_keep,
            args=("year",),
        )
        c2.date_input(tr("visits.date_range"), value=q["period"], key="plan.period", on_change=_keep, args=("period",))
        c3.date_input(
            tr("plan.route_day"), value=q["route_day"], key="plan.route_day", on_change=_keep, args=("route_day",)
        )
        c4, c5 = st.columns(2)
        c4.multiselect(
            tr("field.category"),
            vocab.cat_codes,
            default=[c for c in q["categories"] if c in vocab.cat_codes],
            format_func=vocab.cat_label.get,
            placeholder=tr("visits.all"),
            key="plan.categories",
            on_change=_keep,
            args=("categories",),
            select_all=False,
        )
        c5.multiselect(
            tr("field.status"),
            [s.value for s in Status],
            default=q["statuses"],
            format_func=vocab.status_text.get,
            placeholder=tr("visits.all"),
            key="plan.statuses",
            on_change=_keep,
            args=("statuses",),
            select_all=False,
        )


def _use_place(place: dict) -> None:
    """Runs before the next script run, so the map is drawn around the chosen place at once."""
    st.session_state["plan.point"] = {"lat": place["lat"], "lon": place["lon"], "name": place["name"]}
    st.session_state["plan.center"] = [place["lat"], place["lon"]]
    st.session_state.pop("plan.form.site", None)
    st.session_state.pop("plan.duplicate", None)
    st.session_state.pop("plan.twin", None)
    forget_slot()  # the earlier place's chosen slot is not this place's
    proposal.drop("plan")  # a proposal held for the earlier place is not this one


# ---------------------------------------------------------------- search (drawn above the map)
with search_box:
    if not st.session_state.get("plan.show_search"):
        st.session_state.pop("plan.search_result", None)
    else:
        with st.form("plan.search_form", border=False, enter_to_submit=False):
            s1, s2 = st.columns([5, 1], vertical_alignment="bottom")
            text = s1.text_input(tr("plan.search"), key="plan.search")
            searched = s2.form_submit_button(tr("plan.search_button"))
        if searched:
            with st.spinner():
                result = geocode.search(text, services.list_sites(work), L)
            st.session_state["plan.search_result"] = {
                "query": result.query,
                "offline": result.offline,
                "reason": result.reason,
                "places": [p.__dict__ for p in result.places],
            }
        found = st.session_state.get("plan.search_result")
        if found and found["query"]:
            if found["offline"]:
                st.info(tr("plan.search_offline" if found["reason"] == "unreachable" else "plan.search_offline_mode"))
            if not found["places"]:
                st.warning(tr_text("plan.search_none", query=found["query"]))
            for i, place in enumerate(found["places"]):
                r1, r2 = st.columns([5, 1], vertical_alignment="center")
                source = tr(f"plan.result_{'online' if place['source'] == 'online' else place['source']}")
                r1.markdown(
                    f"{markdown_text(place['name'])}  \n:gray[{source} · {place['lat']:.5f}, {place['lon']:.5f}]"
                )
                r2.button(tr("plan.search_use"), key=f"plan.search_use.{i}", on_click=_use_place, args=(place,))

click = read_click(value)
if click.point is not None:
    st.session_state["plan.point"] = {"lat": click.point[0], "lon": click.point[1], "name": ""}
    st.session_state.pop("plan.form.site", None)
    st.session_state.pop("plan.duplicate", None)
    st.session_state.pop("plan.twin", None)
    proposal.drop("plan")  # a proposal held for the earlier point is not this one
    forget_slot()
    st.session_state["plan.selected"] = click.visit_id
elif click.visit_id is not None:
    st.session_state["plan.selected"] = click.visit_id

# ---------------------------------------------------------------- details and proposal
with right:
    selected = st.session_state.get("plan.selected")
    if selected is not None:
        with st.container(border=True):
            st.markdown(f"**{tr('plan.details')}**")
            try:
                v = services.get_visit(work, int(selected))
                st.markdown(f"#### {markdown_text(v.title)}")
                rows = [
                    (tr("field.id"), str(v.id)),
                    (tr("field.date"), f"{v.start.astimezone(SEOUL):%Y-%m-%d %H:%M}–{v.end.astimezone(SEOUL):%H:%M}"),
                    (tr("field.category"), vocab.cat_label.get(v.category, v.category)),
                    (tr("field.status"), status_label(v.status.value)),
                    (tr("field.site"), v.site_name),
                    (tr("field.district"), vocab.district_label.get(v.district, v.district)),
                    (tr("field.purpose"), v.purpose),
                    (tr("field.attendees"), v.attendees),
                ]
                st.markdown("  \n".join(f"**{label}**: {markdown_text(text)}" for label, text in rows if text))
                # The visit's own page (issue 12: every list links there): edit, status, history.
                st.page_link(
                    page_of("pages/visit.py"), label=tr("visit.open_page", id=v.id), query_params={"id": str(v.id)}
                )
            except PlannerError:
                st.info(tr("plan.details_gone", id=selected))

    point = st.session_state.get("plan.point")
    if point is None:
        st.info(tr("plan.form_hint") if selected is None else tr("plan.details_hint"))
    else:
        lat, lon = float(point["lat"]), float(point["lon"])
        district = geo.district_at(lat, lon)
        with st.container(border=True):
            st.subheader(tr("plan.propose"))
            where = vocab.district_label.get(district, district) if district else tr("plan.outside")
            st.markdown(f"**{markdown_text(where)}**")
            st.caption(tr_text("plan.point", lat=f"{lat:.5f}", lon=f"{lon:.5f}", district=where))
            sites = services.list_sites(work)
            near = geocode.nearest_sites(lat, lon, sites, limit=5)
            options = ["new", *(str(s.id) for s, _ in near)]
            labels = {
                str(s.id): tr(
                    "plan.site_near",
                    name=s.name,
                    district=vocab.district_label.get(s.district, s.district or "-"),
                    distance=geocode.format_distance(d),
                )
                for s, d in near
            }
            labels["new"] = tr("plan.site_new")
            # The choice follows the clicked point: the nearest site within the snapping distance, else a new one.
            default = 1 if near and near[0][1] <= geocode.SNAP_METRES else 0
            choice = st.selectbox(
                tr("plan.site_choice"), options, index=default, format_func=labels.get, key="plan.form.site"
            )
            if not near:
                st.caption(tr("plan.no_sites_near"))
            site_id = None if choice == "new" else int(choice)
            first_day = route_day if route_day and route_day > today else None
            times = proposal_times(work, site_id, (lat, lon), first_day)
            slot_offer(work, site_id, (lat, lon), today, version)
            form = st.form("plan.form", border=False, enter_to_submit=False)
            with form:
                site_name = address = ""
                if choice == "new":
                    n1, n2 = st.columns(2)
                    site_name = n1.text_input(tr("field.name"), value=point.get("name", ""), key="plan.form.site_name")
                    address = n2.text_input(tr("field.address"), key="plan.form.address")
                outside = False
                if choice == "new" and district is None:
                    # Same rule as everywhere: a place outside Seoul only when the user says so.
                    outside = st.checkbox(tr("visits.outside_seoul"), key="plan.form.outside_seoul")
                title = st.text_input(tr("field.title"), key="plan.form.title", max_chars=200)
                category = st.selectbox(
                    tr("field.category"),
                    vocab.cat_codes,
                    index=None,
                    placeholder=tr("plan.category_placeholder"),
                    format_func=vocab.cat_label.get,
                    key="plan.form.category",
                )
                purpose = st.text_area(tr("field.purpose"), key="plan.form.purpose", height=68)
                b1, b2 = st.columns(2)
                save = b1.form_submit_button(tr("plan.save_proposal"), type="primary")
                close = b2.form_submit_button(tr("plan.cancel"))

            def proposed_now() -> proposal.Proposal | None:
                """The proposal as the fields stand (None while one is missing or a passed start unconfirmed)."""
                if category is None or times is None or (times.past and not times.past_confirmed):
                    return None
                new_site = None
                if choice == "new":
                    new_site = services.SiteDraft(site_name, lat, lon, address, None, "other", outside)
                draft = services.VisitDraft(
                    title=title,
                    site_id=0 if choice == "new" else int(choice),
                    start=times.start,
                    end=times.end,
                    category=category,
                    status=Status.PROPOSED,
                    purpose=purpose,
                )
                twin = st.session_state.get("plan.twin")  # "use the registered site" chosen for this new site
                if new_site is not None and twin is not None and twin[0] == new_site:
                    draft, new_site = replace(draft, site_id=twin[1]), None
                held = st.session_state.get("plan.pending")
                if held is not None and (draft.site_id, new_site) != (held[0].site_id, held[1]):
                    # The site changed after its checks (and after the duplicate-site question): it is saved again
                    # with 제안 저장, which asks that question again, never through "save anyway".
                    return None
                return draft, new_site

            if close:
                st.session_state.pop("plan.point", None)
                forget_slot()
                proposal.drop("plan")
                st.session_state.pop("plan.duplicate", None)
                st.rerun()
            if save:
                st.session_state.pop("plan.duplicate", None)
                st.session_state.pop("plan.twin", None)
                proposal.drop("plan")
                now_proposed = proposed_now()
                if category is None:
                    st.error(tr("plan.category_required"))
                elif times is None:
                    pass  # the empty field is already named above the form
                elif times.past and not times.past_confirmed:
                    st.error(tr("plan.start_past_refused"))
                elif now_proposed is not None:
                    draft, new_site = now_proposed
                    twin = geocode.similar_site(site_name, lat, lon, sites) if new_site is not None else None
                    if twin is not None:
                        # A registered site of (nearly) the same name this close: offer it instead of a second one.
                        st.session_state["plan.duplicate"] = (draft, new_site, twin[0].id, twin[0].name, twin[1])
                    else:
                        # The plan checks run before saving: a warning (another visit at that time, busy time)
                        # is shown first and the proposal is saved once the user confirms it.
                        proposal.hold("plan", draft, new_site)
            duplicate = st.session_state.get("plan.duplicate")
            if duplicate is not None and proposed_now() != (duplicate[0], duplicate[1]):
                st.session_state.pop("plan.duplicate", None)  # the question was about other values
                duplicate = None
                st.info(tr("form.changed_after_check"))
            answered = False
            if duplicate is not None:
                # In the form, like "save anyway": an answer submits the form as it stands (checked above).
                draft, new_site, twin_id, twin_name, metres = duplicate
                question = form.empty()
                with question.container():
                    st.warning(tr_text("plan.duplicate_site", name=twin_name, distance=geocode.format_distance(metres)))
                    d1, d2 = st.columns(2)
                    use_existing = d1.form_submit_button(
                        tr_text("plan.use_existing", name=twin_name), key="plan.form.use_existing", type="primary"
                    )
                    create_anyway = d2.form_submit_button(tr("plan.create_anyway"), key="plan.form.create_anyway")
                if use_existing or create_anyway:
                    answered = True
                    st.session_state.pop("plan.duplicate", None)
                    question.empty()  # answered: the question goes, the checks of the answer follow
                    if use_existing:
                        st.session_state["plan.twin"] = (new_site, twin_id)
                        proposal.hold("plan", replace(draft, site_id=twin_id))
                    else:
                        proposal.hold("plan", draft, new_site)
            # The problems and "save anyway" sit in the form: pressing it saves what the form shows, and a
            # proposal whose fields changed since the checks is checked again first. Nothing is saved on a run
            # the user did not ask for (a save, an answer, "save anyway").
            created = proposal.propose(
                work, "plan", "plan.form", form=form, current=proposed_now, submitted=bool(save) or answered
            )
            if created is not None:
                shown = services.list_visits(work, replace(query, ids=(created.id,)))
                where = vocab.district_label.get(created.district, created.district or tr("plan.outside"))
                st.session_state["plan.flash"] = {
                    "text": tr_text("plan.saved", title=created.title, id=created.id, district=where),
                    "hidden": not shown,
                }
                st.session_state["plan.selected"] = created.id
                st.session_state.pop("plan.point", None)
                st.session_state.pop("plan.twin", None)
                forget_slot()
                for name in ("title", "purpose", "site_name", "address", "override_reason", "category"):
                    st.session_state.pop(f"plan.form.{name}", None)
                st.rerun()
