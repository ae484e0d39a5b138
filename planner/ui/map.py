"""Showing folium maps in Streamlit, offline and fast.

``st_folium`` would re-render the whole map on every rerun and send CDN links to the browser.
Here the map is turned into the component's arguments once (``component_args``: the same values
``st_folium`` 0.27.4 computes, with every script and stylesheet pointed at the app's own copies)
and those arguments are cached by data version, so a rerun costs a dictionary look-up. The map
object itself is never cached (streamlit-folium renames its variables on the first render only).

This touches private names of streamlit-folium (``_component_func``, ``_get_header`` ...): its
version is pinned in requirements.txt and a browser test covers the whole path.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import branca.colormap
import folium
import streamlit as st
import streamlit_folium as sf

from planner import assets, maps, services
from planner.domain import Category, VisitQuery
from planner.ui.cache import memo
from planner.uow import UnitOfWork

# Only these make a click rerun the app; panning and zooming do not.
# In the order the component reports them, so its first report equals the defaults and the
# page is not rerun once more just because the map has loaded.
CLICK_EVENTS = ("last_clicked", "last_object_clicked", "last_object_clicked_count", "last_object_clicked_tooltip")
_INITIAL = {"last_object_clicked_count": 0}


@memo(8)
def _vendor_files_ready() -> int:
    return len(assets.ensure_static_assets())


def _links(m: folium.Map) -> tuple[list[str], list[str]]:
    css: list[str] = []
    js: list[str] = []

    def walk(element: Any) -> None:
        if isinstance(element, branca.colormap.ColorMap):  # st_folium would add d3 from two CDNs
            raise assets.ExternalAsset("a branca colormap on the map needs d3 from a CDN")
        if isinstance(element, folium.elements.JSCSSMixin) or hasattr(element, "default_js"):
            css.extend(href for _, href in getattr(element, "default_css", []))
            js.extend(src for _, src in getattr(element, "default_js", []))
        for child in getattr(element, "_children", {}).values():
            walk(child)

    walk(m)
    return assets.local_urls(css), assets.local_urls(js)


def component_args(
    m: folium.Map, key: str, height: int = 600, returned_objects: Sequence[str] = CLICK_EVENTS
) -> dict[str, Any]:
    """What ``st_folium(m, key=key, height=height, returned_objects=...)`` would send, offline.

    Raises ``planner.assets.ExternalAsset`` if an element of the map wants a file from the internet.
    """
    m.get_root().render()
    m.render()
    html = sf._get_html(m)
    header = sf._get_header(m)
    script = sf._get_map_string(m)
    css_links, js_links = _links(m)
    defaults = {name: _INITIAL.get(name) for name in returned_objects}
    return {
        "script": script,
        "header": header,
        "html": html,
        "id": sf.get_full_id(m),
        "key": sf.generate_js_hash(script, key, False),
        "height": height,
        "width": None,
        "returned_objects": list(returned_objects),
        "default": defaults,
        "feature_group": None,
        "return_on_hover": False,
        "layer_control": None,
        "pixelated": False,
        "css_links": css_links,
        "js_links": js_links,
        "wrap_longitude": False,
    }


def payload_bytes(args: dict[str, Any]) -> int:
    """Bytes of the map sent to the browser (the component's JSON arguments)."""
    import json

    return len(json.dumps(args, ensure_ascii=False).encode("utf-8"))


def show_map(
    args: dict[str, Any], key: str, center: Sequence[float] | None = None, zoom: int | None = None
) -> dict[str, Any]:
    """Mount the map described by ``args``; returns the click events (``CLICK_EVENTS``).

    ``center`` and ``zoom`` move a mounted map without redrawing it.
    """
    _vendor_files_ready()
    hash_key = args["key"]

    def _on_change() -> None:  # as st_folium does: mirror the value under the caller's key
        st.session_state[key] = st.session_state.get(hash_key, {})

    value = sf._component_func(**args, center=list(center) if center else None, zoom=zoom, on_change=_on_change)
    return value if isinstance(value, dict) else {}


def show_folium(
    m: folium.Map | Callable[[], folium.Map],
    key: str,
    height: int = 520,
    cache_key: Hashable | None = None,
    returned_objects: Sequence[str] = (),
) -> dict[str, Any]:
    """Show any folium map offline (e.g. ``maps.district_choropleth``); returns the map's events.

    Pass a builder function and a ``cache_key`` (e.g. ``(data_version, year, lang)``) to build the
    map once per key; by default nothing the user does on the map reruns the app.
    """
    if cache_key is None:
        built = m() if callable(m) and not isinstance(m, folium.Map) else m
        args = component_args(built, key, height, returned_objects)
    else:
        args = _cached_args(m, key, height, tuple(returned_objects), cache_key)
    return show_map(args, key)


@memo(32)
def _cached_args(
    _build: Any, key: str, height: int, returned_objects: tuple[str, ...], cache_key: Hashable
) -> dict[str, Any]:
    built = _build() if callable(_build) and not isinstance(_build, folium.Map) else _build
    return component_args(built, key, height, returned_objects)


# ---------------------------------------------------------------- the planning map


@dataclass(frozen=True)
class PlanSummary:
    shown: int
    counts: dict[str, int]
    uncovered: tuple[str, ...]  # Korean district names without a visit in the filtered period
    shown_ids: frozenset[int]
    points_bytes: int = 0  # size of the points file the map fetches
    published: tuple[str, ...] = ()  # URLs of the files the map fetches (under /app/static/)


def plan_map_args(
    uow: UnitOfWork,
    query: VisitQuery,
    route_day: date | None,
    lang: str,
    height: int = 620,
    version: int | None = None,
) -> tuple[dict[str, Any], PlanSummary]:
    """Component arguments of the planning map and a summary, built once per data version and filters.

    The points go to the browser as a static JSON file (``planner.assets.publish``) that the map
    fetches; the arguments themselves stay a few kilobytes, so a rerun sends almost nothing.
    """
    tiles, attribution = maps.tiles_setting()
    version = services.data_version(uow) if version is None else version
    key = (str(uow.engine.url), version, query, route_day, lang, tiles, attribution, height)
    args, summary = _plan_args(uow, *key)
    if not all(assets.published_exists(url) for url in summary.published):
        # Another instance sharing this folder pruned the points file since this process cached the map
        # (issue 13: several instances): build it again rather than send a map whose points are gone.
        _plan_args.cache_clear()  # type: ignore[attr-defined]
        args, summary = _plan_args(uow, *key)
    return args, summary


@memo(12)
def _plan_args(
    _uow: UnitOfWork,
    db_key: str,
    version: int,
    query: VisitQuery,
    route_day: date | None,
    lang: str,
    tiles: str,
    attribution: str,
    height: int,
) -> tuple[dict[str, Any], PlanSummary]:
    with _uow.transaction():
        visits = services.list_visits(_uow, query)
        route = services.list_visits(_uow, VisitQuery(date_from=route_day, date_to=route_day)) if route_day else []
        categories = services.list_categories(_uow)
        sites = [(site.name, site.lat, site.lon) for site in services.list_sites(_uow)]
    data = maps.PlanMapInput(visits, categories, route, lang, route_day, sites)
    published: list[int] = []
    urls: list[str] = []

    def publish(content: bytes) -> str:
        published.append(len(content))
        urls.append(assets.publish(content))
        return urls[-1]

    m = maps.plan_map(data, tiles, attribution, publish=publish)
    args = component_args(m, "plan.map", height)
    counts = maps.district_counts(visits)
    summary = PlanSummary(
        shown=len(visits),
        counts=counts,
        uncovered=tuple(d.name_ko for d in maps.uncovered_districts(counts)),
        shown_ids=frozenset(v.id for v in visits if v.id is not None),
        points_bytes=sum(published),
        published=tuple(urls),
    )
    return args, summary


@memo(16)
def _reference(_uow: UnitOfWork, db_key: str, version: int) -> tuple[list[Category], list[int]]:
    with _uow.transaction():
        return services.list_categories(_uow), services.visit_years(_uow)


def reference_data(uow: UnitOfWork, version: int | None = None) -> tuple[list[Category], list[int]]:
    """Categories and the years with visits, read once per data version (not on every rerun).

    Pass ``version`` when the page already read it: each read is a database round trip."""
    version = services.data_version(uow) if version is None else version
    return _reference(uow, str(uow.engine.url), version)


@dataclass(frozen=True)
class MapClick:
    """What the last rerun's map events mean: a new point clicked and/or a visit clicked."""

    point: tuple[float, float] | None
    visit_id: int | None


def read_click(value: dict[str, Any], seen_key: str = "plan.map.seen") -> MapClick:
    """Compare the map's events with those already handled; return only what is new.

    A click on a point fires both an object click (with its tooltip ``#id ...``) and a map click,
    so one click can give both a visit to show and a point to propose at.
    """
    seen = st.session_state.get(seen_key) or {}
    point = None
    visit_id = None
    clicked = value.get("last_clicked")
    if isinstance(clicked, dict) and clicked.get("lat") is not None and clicked != seen.get("last_clicked"):
        point = (float(clicked["lat"]), float(clicked["lng"]))
    marker = [value.get("last_object_clicked_count"), value.get("last_object_clicked")]
    tooltip = value.get("last_object_clicked_tooltip")
    if tooltip and (marker != seen.get("marker") or tooltip != seen.get("tooltip")):
        visit_id = maps.clicked_visit_id(tooltip)
    st.session_state[seen_key] = {"last_clicked": clicked, "marker": marker, "tooltip": tooltip}
    return MapClick(point, visit_id)
