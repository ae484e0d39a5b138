"""The planning page in a real browser: offline map, markers and outlines, click to propose, no XSS."""

from __future__ import annotations

import contextlib
import io
import json
from urllib.parse import urlparse

from planner import cli

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
CITY_HALL = (37.5663, 126.9779)

LAYERS_JS = """() => {
    const layers = Object.values(window.map._layers);
    return {
        points: window.plannerPoints ? window.plannerPoints.count() : 0,
        districts: layers.filter(l => l.feature && l.feature.properties && l.feature.properties.code).length,
        tiles: layers.filter(l => l instanceof L.TileLayer).length,
    };
}"""


# The alpha of the points' canvas at a place, read from the pixels the browser painted.
ALPHA_AT_JS = """([lat, lng]) => {
    const canvas = document.querySelector(".leaflet-plannerPoints-pane canvas");
    const box = window.map.getContainer().getBoundingClientRect(), c = canvas.getBoundingClientRect();
    const p = window.map.latLngToContainerPoint([lat, lng]);
    const x = Math.round((box.left + p.x - c.left) * canvas.width / c.width);
    const y = Math.round((box.top + p.y - c.top) * canvas.height / c.height);
    return canvas.getContext("2d").getImageData(x, y, 1, 1).data[3];
}"""


EMPTY_SPOT_JS = """() => {
    const S = window.plannerPoints.D.sites, map = window.map, size = map.getSize();
    for (let k = 1; k < 40; k++) {
        const p = L.point((k * 37) % size.x, (k * 53) % size.y), at = map.containerPointToLatLng(p);
        let free = true;
        for (let s = 0; s < S.y.length && free; s++) {
            free = map.latLngToContainerPoint([S.y[s], S.x[s]]).distanceTo(p) > 30;
        }
        if (free) return [at.lat, at.lng];
    }
    return null;
}"""


def open_plan(page, app_url: str, all_dates: bool = True):
    """The plan page with its map drawn; ``all_dates``: widened from the coverage window (issue 12), which the
    server's real clock puts years after the sample's visits, to every date."""
    page.goto(f"{app_url}/plan")
    page.wait_for_selector(MAP_FRAME, timeout=60_000)
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".leaflet-container").wait_for(timeout=60_000)
    handle = page.wait_for_selector(MAP_FRAME).content_frame()
    handle.wait_for_function("() => window.map && window.plannerPointsDrawn !== undefined", timeout=60_000)
    if all_dates:
        page.get_by_role("button", name="전체 기간").click()
        page.get_by_text("표시 기간: 전체").wait_for(timeout=60_000)
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)
        page.wait_for_function(
            """() => {
                const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
                const w = frame && frame.contentWindow;
                return Boolean(w && w.map && w.plannerPoints && w.plannerPoints.count() > 0);
            }""",
            timeout=60_000,
        )
        frame = page.frame_locator(MAP_FRAME)
        handle = page.wait_for_selector(MAP_FRAME).content_frame()
    return frame, handle


def click_at(frame, handle, lat: float, lng: float) -> None:
    point = handle.evaluate(f"() => window.map.latLngToContainerPoint([{lat}, {lng}])")
    frame.locator(".leaflet-container").click(position={"x": point["x"], "y": point["y"]})


def cli_json(db_url: str, *args: str) -> list[dict]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main(["--db", db_url, *args, "--format", "json"]) == 0
    return json.loads(out.getvalue())


def test_map_renders_markers_and_25_districts_and_asks_nothing_of_other_hosts(page, app_url):
    frame, handle = open_plan(page, app_url)
    page.wait_for_load_state("networkidle")
    layers = handle.evaluate(LAYERS_JS)
    assert layers["districts"] == 25
    assert layers["points"] > 0
    assert layers["tiles"] == 0
    # the points are painted where their places are, and painted again after a zoom
    place = handle.evaluate("() => { const S = window.plannerPoints.D.sites; return [S.y[0], S.x[0]]; }")
    assert handle.evaluate(ALPHA_AT_JS, place) > 0
    handle.evaluate(f"() => window.map.setView([{place[0]}, {place[1]}], 16, {{animate: false}})")
    handle.wait_for_function("() => window.map.getZoom() === 16")
    assert handle.evaluate(ALPHA_AT_JS, place) > 0
    empty = handle.evaluate(EMPTY_SPOT_JS)  # on screen, at least 30 px from every place
    assert empty is not None and handle.evaluate(ALPHA_AT_JS, empty) == 0
    own = urlparse(app_url).netloc
    assert len(page.requests) > 10
    assert sorted({u for u in page.requests if urlparse(u).netloc != own}) == []
    assert any("/app/static/vendor/leaflet/leaflet.js" in u for u in page.requests)


def test_hover_names_the_visit_and_how_many_share_its_place_and_districts_their_counts(page, app_url):
    frame, handle = open_plan(page, app_url)
    busy = handle.evaluate("""() => {
        const P = window.plannerPoints, D = P.D;
        const s = Array.from(P.atSite).findIndex(count => count > 1);
        const i = P.top[s];
        window.map.setView([D.sites.y[s], D.sites.x[s]], 16, {animate: false});
        return {lat: D.sites.y[s], lng: D.sites.x[s], count: P.atSite[s], head: "#" + D.id[i] + " " + D.title[i]};
    }""")
    handle.wait_for_function("() => window.map.getZoom() === 16")
    point = handle.evaluate(f"() => window.map.latLngToContainerPoint([{busy['lat']}, {busy['lng']}])")
    frame.locator(".leaflet-container").hover(position={"x": point["x"], "y": point["y"]})
    tip = frame.locator(".leaflet-tooltip.planner-tip")
    tip.wait_for(timeout=10_000)
    assert busy["head"] in tip.inner_text()
    assert f"이 장소의 방문 {busy['count']}건" in tip.inner_text()
    # away from every point, inside a district: the district's own tooltip (name and count)
    handle.evaluate("() => window.map.setView([37.5663, 126.9779], 11, {animate: false})")
    handle.wait_for_function("() => window.map.getZoom() === 11")
    spot = handle.evaluate("""() => {  // a district's centre with no place within 30 px
        const S = window.plannerPoints.D.sites, map = window.map;
        for (const district of window.plannerDistricts.getLayers()) {
            const c = district.getCenter(), p = map.latLngToContainerPoint(c);
            let free = true;
            for (let s = 0; s < S.y.length && free; s++) {
                free = map.latLngToContainerPoint([S.y[s], S.x[s]]).distanceTo(p) > 30;
            }
            if (free) return [c.lat, c.lng, district.feature.properties.label];
        }
        return null;
    }""")
    assert spot is not None
    there = handle.evaluate(f"() => window.map.latLngToContainerPoint([{spot[0]}, {spot[1]}])")
    frame.locator(".leaflet-container").hover(position={"x": there["x"], "y": there["y"]})
    district_tip = frame.locator(".leaflet-tooltip:not(.planner-tip)").filter(has_text=spot[2])
    district_tip.wait_for(timeout=10_000)
    tip.wait_for(state="detached", timeout=5_000)  # the point's tooltip closed (after its fade-out)


def choose_category(page, form, label: str = "경제") -> None:
    """The proposal's category has no default (issue 12): open the select and pick one."""
    box = form.locator(".st-key-plan-form-category input")
    box.click()
    box.press_sequentially(label[:2])
    page.get_by_role("option").filter(has_text=label).first.click()
    page.wait_for_function(
        "([sel, want]) => (document.querySelector(sel)?.value || '').includes(want)",
        arg=[".st-key-plan-form-category input", label],
        timeout=10_000,
    )


def test_click_at_city_hall_opens_the_form_with_jung_gu_and_saving_shows_the_visit(page, app_url, app_server):
    frame, handle = open_plan(page, app_url)
    before = handle.evaluate(LAYERS_JS)["points"]
    click_at(frame, handle, *CITY_HALL)
    form = page.locator('[data-testid="stForm"]').filter(has_text="제안으로 저장")
    form.wait_for(timeout=30_000)
    page.get_by_text("중구", exact=True).first.wait_for(timeout=10_000)
    form.get_by_label("제목").fill("브라우저 테스트 제안")
    choose_category(page, form)
    form.get_by_role("button", name="제안으로 저장").click()
    page.get_by_text("제안을 저장했습니다").wait_for(timeout=30_000)
    rows = cli_json(app_server.db_url, "visits", "list", "--status", "proposed")
    new = [r for r in rows if r["title"] == "브라우저 테스트 제안"]
    assert len(new) == 1 and new[0]["district"] == "중구"
    # the new visit is drawn at once: the remounted map has one more point. Asked from the page,
    # whichever map frame is current (a handle on the old frame would be detached by the remount).
    page.wait_for_function(
        """n => {
            const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
            const w = frame && frame.contentWindow;
            return Boolean(w && w.plannerPoints && w.plannerPoints.count() === n);
        }""",
        arg=before + 1,
        timeout=30_000,
    )


def test_hostile_site_names_and_titles_show_as_text_and_nothing_runs(page, app_url, app_server):
    evil_site, evil_title = "<img src=x onerror=alert(1)>", "${alert(1)}`</script>"
    lat, lon = 37.5145, 127.1060  # Songpa-gu, away from the sample sites
    with contextlib.redirect_stdout(io.StringIO()):
        assert cli.main(["--db", app_server.db_url, "sites", "add", "--name", evil_site, "--lat", str(lat),
                         "--lon", str(lon)]) == 0  # fmt: skip
        site_id = cli_json(app_server.db_url, "sites", "list")[-1]["id"]
        assert cli.main(["--db", app_server.db_url, "visits", "add", "--title", evil_title, "--site-id",
                         str(site_id), "--start", "2022-03-20T10:00", "--end", "2022-03-20T11:00",
                         "--category", "economy"]) == 0  # fmt: skip
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    frame, handle = open_plan(page, app_url)
    handle.evaluate("() => window.map.setView([37.5145, 127.1060], 16)")
    point = handle.evaluate(f"() => window.map.latLngToContainerPoint([{lat}, {lon}])")
    frame.locator(".leaflet-container").hover(position={"x": point["x"], "y": point["y"]})
    tooltip = frame.locator(".leaflet-tooltip").filter(has_text=evil_title)
    tooltip.wait_for(timeout=10_000)
    assert evil_site in tooltip.inner_text()
    assert frame.locator(".leaflet-tooltip img").count() == 0
    click_at(frame, handle, lat, lon)  # the details panel shows the text too
    page.get_by_text(evil_title).first.wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    assert dialogs == []
    assert page.locator("img[src=x]").count() == 0


def test_offline_basemap_names_the_dongs_at_zoom_16_and_marks_the_clicked_place(page, app_url):
    """Issue 12: with no tiles (the default) the map still helps placing a visit: legal-dong
    outlines and names when zoomed in, and a marker where the user clicked; nothing is asked of
    another host."""
    frame, handle = open_plan(page, app_url)
    assert handle.evaluate("() => window.plannerDongLabels") == 0  # not at the city-wide zoom
    district_names = frame.locator(".planner-label-district").all_inner_texts()
    assert len(district_names) == 25 and "중구" in district_names
    handle.evaluate("() => window.map.setView([37.5637, 126.9830], 16, {animate: false})")  # 명동
    handle.wait_for_function("() => window.plannerDongLabels > 0", timeout=30_000)
    dongs = frame.locator(".planner-label-dong").all_inner_texts()
    assert "명동1가" in dongs or "명동2가" in dongs, dongs
    click_at(frame, handle, 37.5640, 126.9850)
    handle.wait_for_function("() => window.plannerClicked !== undefined", timeout=30_000)
    lat, lng = handle.evaluate("() => window.plannerClicked")
    assert abs(lat - 37.5640) < 0.0005 and abs(lng - 126.9850) < 0.0005
    marker = frame.locator(".planner-clicked")
    assert marker.count() == 1 and marker.inner_text() == "누른 곳"
    own = urlparse(app_url).netloc
    assert sorted({u for u in page.requests if urlparse(u).netloc != own}) == []
    assert any("seoul_dongs.json" in u for u in page.requests)


def test_a_click_offers_free_slots_and_using_one_fills_the_form(page, app_url, app_server):
    """Issue 11, item 5 in a browser: the click's slot offer, "이 시간으로" fills start and end, saving keeps them."""
    import re

    frame, handle = open_plan(page, app_url)
    click_at(frame, handle, *CITY_HALL)
    page.get_by_text("빈 시간 제안", exact=False).first.wait_for(timeout=30_000)
    first_row = page.get_by_text(re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d–\d\d:\d\d · 추가 이동")).first
    first_row.wait_for(timeout=30_000)
    # A button clicked while the click's rerun is still going is lost with the elements it replaces.
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)
    day, start, end = re.search(r"(\d{4}-\d\d-\d\d) (\d\d:\d\d)–(\d\d:\d\d)", first_row.inner_text()).groups()
    page.get_by_role("button", name="이 시간으로").first.click()
    form = page.locator('[data-testid="stForm"]').filter(has_text="제안으로 저장")
    # the start is above the form (changing it moves the end at once); the end is shown under it
    page.wait_for_function(  # the input shows HH:MM:SS
        "([sel, want]) => [...document.querySelectorAll(sel)].map(e => e.value.slice(0, 5)).join(',') === want",
        arg=['[data-testid="stTimeInput"] input', start],
        timeout=30_000,
    )
    page.get_by_text(f"종료: {day} {end}").wait_for(timeout=30_000)
    assert page.locator('[data-testid="stDateInput"] input').first.input_value() == day
    form.get_by_label("제목").fill("빈 시간 브라우저 제안")
    choose_category(page, form)
    form.get_by_role("button", name="제안으로 저장").click()
    page.get_by_text("제안을 저장했습니다").wait_for(timeout=30_000)
    (new,) = [r for r in cli_json(app_server.db_url, "visits", "list") if r["title"] == "빈 시간 브라우저 제안"]
    assert new["start"].startswith(f"{day}T{start}") and new["end"][11:16] == end
