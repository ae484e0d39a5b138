"""The planning page in AppTest: map mounted offline, a simulated click opens the form, saving proposes."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planner import assets, cli, maps

ROOT = Path(__file__).resolve().parents[2]
CITY_HALL = (37.5663, 126.9779)


@pytest.fixture
def app(open_page, monkeypatch):
    monkeypatch.setenv("PLANNER_TILES", "none")
    monkeypatch.setenv("PLANNER_GEOCODER", "offline")
    return open_page("pages/plan.py", lang="ko")


def map_element(at: AppTest):
    found = []

    def walk(node):
        children = getattr(node, "children", None)
        for child in children.values() if isinstance(children, dict) else children or []:
            if type(child).__name__ == "UnknownElement" and hasattr(child.proto, "json_args"):
                found.append(child)
            walk(child)

    walk(at.main)
    assert len(found) == 1
    return found[0]


def map_args(at: AppTest) -> dict:
    return json.loads(map_element(at).proto.json_args)


def click(at: AppTest, lat: float, lng: float, tooltip: str | None = None, count: int = 0) -> AppTest:
    hash_key = map_element(at).proto.id.split("-", 2)[2]
    value = {"last_clicked": {"lat": lat, "lng": lng}}
    if tooltip is not None:
        value.update(
            last_object_clicked={"lat": lat, "lng": lng},
            last_object_clicked_tooltip=tooltip,
            last_object_clicked_count=count,
        )
    at.session_state[hash_key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def proposed(db_url: str) -> list[dict]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main(["--db", db_url, "visits", "list", "--status", "proposed", "--format", "json"]) == 0
    return json.loads(out.getvalue())


def save(at: AppTest) -> AppTest:
    next(b for b in at.button if b.key.startswith("FormSubmitter:plan.form-")).click().run()
    assert not at.exception, at.exception
    return at


def test_map_is_mounted_with_local_files_only_and_clicks_only(app):
    args = map_args(app)
    assert args["js_links"] == [
        "/app/static/vendor/leaflet/leaflet.js",
        assets.own_url("basemap.js"),
        assets.own_url("visit_points.js"),
    ]
    assert all(link.startswith("/app/static/") for link in args["css_links"])
    assert "tileLayer" not in args["script"]
    assert set(args["returned_objects"]) == {
        "last_clicked",
        "last_object_clicked",
        "last_object_clicked_tooltip",
        "last_object_clicked_count",
    }  # no bounds/zoom/center: panning and zooming do not rerun


def test_click_at_city_hall_opens_the_form_naming_jung_gu_and_saving_proposes(app, env_db):
    before = len(proposed(env_db))
    click(app, *CITY_HALL)
    assert "**중구**" in [m.value for m in app.markdown]
    app.text_input(key="plan.form.title").input("시청 앞 현장 제안")
    save(app)
    rows = proposed(env_db)
    assert len(rows) == before + 1
    new = next(r for r in rows if r["title"] == "시청 앞 현장 제안")
    assert new["district"] == "중구" and new["status"] == "proposed"
    assert any("시청 앞 현장 제안" in s.value for s in app.success)
    assert any(title == "시청 앞 현장 제안" for title in _titles_on_map(app))  # on the map at once


def map_files(at: AppTest) -> list[dict]:
    """The JSON files the map fetches (district outlines, then points), read from static/."""
    import re

    files = []
    for found in re.findall(r"var source = (\"[^\"]+\");", map_args(at)["script"]):
        url = json.loads(found)
        assert url.startswith("/app/static/")
        files.append(json.loads((ROOT / "static" / url.removeprefix("/app/static/")).read_text(encoding="utf-8")))
    return files


def map_points(at: AppTest) -> dict:
    """The points the map fetches (the file with visit ids)."""
    (points,) = [f for f in map_files(at) if "id" in f]
    return points


def _titles_on_map(at: AppTest) -> list[str]:
    return map_points(at)["title"]


def test_click_away_from_sites_registers_a_new_site_with_hostile_name_as_text(app, env_db):
    click(app, 37.5509, 126.8495)  # Gangseo-gu
    app.selectbox(key="plan.form.site").set_value("new").run()
    app.text_input(key="plan.form.site_name").input("<img src=x onerror=alert(1)>")
    app.text_input(key="plan.form.title").input("${alert(1)}")
    save(app)
    new = next(r for r in proposed(env_db) if r["title"] == "${alert(1)}")
    assert new["site_name"] == "<img src=x onerror=alert(1)>" and new["district"] == "강서구"
    assert "<img" not in map_args(app)["script"]
    assert "<img src=x onerror=alert(1)>" in map_points(app)["sites"]["n"]  # data, drawn with textContent


def test_clicking_a_point_shows_the_visits_details(app):
    data = map_points(app)
    visit_id, title = data["id"][0], data["title"][0]
    click(app, *CITY_HALL, tooltip=f"#{visit_id} {title}2021-04-09 · ...", count=1)
    assert any(title in m.value.replace("\\", "") for m in app.markdown)


def test_search_falls_back_offline_and_proposes_at_the_found_place(app):
    assert not [t for t in app.text_input if t.key == "plan.search"]  # behind its switch
    app.toggle(key="plan.show_search").set_value(True).run()
    app.text_input(key="plan.search").input("강서")
    next(b for b in app.button if b.key.startswith("FormSubmitter:plan.search_form")).click().run()
    assert any("오프라인" in i.value for i in app.info)
    app.button(key="plan.search_use.0").click().run()
    assert "**강서구**" in [m.value for m in app.markdown]


def shown_on_map(app: AppTest) -> int:
    """The number of visits on the map, from the caption under it ("지도에 일정 N건 ...")."""
    import re

    caption = next(c.value for c in app.caption if "/25" in c.value)
    return int(re.search(r"일정 (\d+)건", caption).group(1))


def test_period_filter_and_coverage(app):
    everything = shown_on_map(app)
    app.toggle(key="plan.show_filters").set_value(True).run()
    app.selectbox(key="plan.year").set_value(2021).run()
    assert 0 < shown_on_map(app) < everything
    app.multiselect(key="plan.statuses").set_value(["cancelled"]).run()
    assert shown_on_map(app) == 0
    assert any("방문하지 않은 자치구 (25곳)" in w.value for w in app.warning)
    # the outlines the map fetches follow the filter: all 25 drawn as uncovered (dashed red)
    (outlines,) = [f for f in map_files(app) if f.get("type") == "FeatureCollection"]
    assert len(outlines["features"]) == 25
    assert {f["properties"]["style"]["color"] for f in outlines["features"]} == {maps.ZERO_LINE}


def test_proposal_outside_seoul_needs_confirmation(app, env_db):
    before = len(proposed(env_db))
    click(app, 37.2636, 127.0286)  # Suwon city hall, outside Seoul
    app.text_input(key="plan.form.site_name").input("수원시청")
    app.text_input(key="plan.form.title").input("수원 방문")
    save(app)
    assert any("outside Seoul" in e.value or "서울 밖" in e.value for e in app.error)
    assert len(proposed(env_db)) == before
    app.checkbox(key="plan.form.outside_seoul").check()
    save(app)
    assert len(proposed(env_db)) == before + 1


def test_filters_keep_their_values_while_hidden(app):
    everything = shown_on_map(app)
    app.toggle(key="plan.show_filters").set_value(True).run()
    app.selectbox(key="plan.year").set_value(2022).run()
    only_2022 = shown_on_map(app)
    assert 0 < only_2022 < everything
    app.toggle(key="plan.show_filters").set_value(False).run()
    assert shown_on_map(app) == only_2022  # hidden, still applied
    app.toggle(key="plan.show_filters").set_value(True).run()
    assert app.selectbox(key="plan.year").value == 2022


def test_a_proposal_over_another_visit_shows_the_overlap_warning_before_saving(app, env_db):
    """Issue 10: the rules run on the map proposal too, before anything is saved."""
    from datetime import datetime

    from planner import db, services
    from planner.domain import SEOUL
    from tests.conftest import uow_at

    work = uow_at(db.get_engine(env_db))
    site = services.list_sites(work)[0]
    start = datetime(2022, 3, 15, 10, 30, tzinfo=SEOUL)  # the form's default: the route day 10:00-11:00
    other = services.add_visit(
        work, services.VisitDraft("이미 잡힌 일정", site.id, start, start.replace(hour=11, minute=30), "economy")
    )
    before = len(proposed(env_db))
    app.run()  # the map now shows the new visit (its component key follows the data)
    click(app, *CITY_HALL)
    app.text_input(key="plan.form.title").input("겹치는 제안")
    save(app)
    warnings = [w.value for w in app.warning]
    assert any("같은 시간에 다른 일정" in w and f"#{other.id} 이미 잡힌 일정" in w for w in warnings), warnings
    assert len(proposed(env_db)) == before  # not saved yet
    app.button(key="plan.form.save_anyway").click().run()
    assert not app.exception
    assert len(proposed(env_db)) == before + 1
    assert any("겹치는 제안" in s.value for s in app.success)


def test_a_proposal_15_km_from_the_visit_10_minutes_before_shows_travel_with_the_minutes_missing_before_saving(
    app, env_db
):
    """Issue 11: the travel rule runs on the map proposal before anything is saved, with the minutes missing."""
    from datetime import datetime

    from geopy.distance import geodesic

    from planner import db, scheduling, services
    from planner.domain import SEOUL
    from tests.conftest import uow_at

    work = uow_at(db.get_engine(env_db))
    jamsil = (37.5133, 127.1001)  # about 13 km in a straight line from City Hall, 15-20 km by road
    far = services.add_site(work, services.SiteDraft("잠실 현장", *jamsil))
    end = datetime(2022, 3, 15, 9, 50, tzinfo=SEOUL)  # the form's default proposal: the route day 10:00-11:00
    services.add_visit(work, services.VisitDraft("잠실 점검", far.id, end.replace(hour=9, minute=0), end, "economy"))
    travel = scheduling.plan_settings().travel
    road_km = geodesic(CITY_HALL, jamsil).km * travel.detour_factor
    assert 14 <= road_km <= 20  # "two visits 15 km apart"
    need = -(-(travel.drive_minutes(road_km, end) + travel.stop_buffer_minutes) // 1)
    before = len(proposed(env_db))
    app.run()
    click(app, *CITY_HALL)
    app.text_input(key="plan.form.title").input("시청 제안")
    save(app)
    errors = [e.value for e in app.error]
    assert any(f"{int(need) - 10}분이 모자랍니다" in e for e in errors), errors  # travel blocks by default
    assert len(proposed(env_db)) == before  # refused: nothing saved


def _slot_rows(at: AppTest) -> list[str]:
    return [
        m.value for m in at.markdown if m.value.startswith("**20") and ("추가 이동" in m.value or "travel" in m.value)
    ]


def test_a_click_offers_the_five_best_free_slots_and_using_one_fills_start_and_end(app, env_db):
    """Issue 11, item 5: clicking a place offers the best free slots in the proposal form (the next 14 days by
    default, from the page's clock), each with its added travel and reason; choosing one fills start and end."""
    from datetime import date

    from planner import db, planning
    from tests.conftest import uow_at

    gangseo = (37.5509, 126.8495)
    click(app, *gangseo)
    app.selectbox(key="plan.form.site").set_value("new").run()  # a new site: the slots of the point itself
    assert app.date_input(key="plan.slots.range").value == (date(2022, 3, 16), date(2022, 3, 29))
    expected = planning.suggest(
        uow_at(db.get_engine(env_db)), None, 60, date(2022, 3, 16), date(2022, 3, 29), point=gangseo
    )
    assert len(expected) == 5
    rows = _slot_rows(app)
    assert len(rows) == 5
    for row, slot in zip(rows, expected, strict=True):
        assert f"{slot.start:%Y-%m-%d %H:%M}–{slot.end:%H:%M}" in row
        assert f"추가 이동 {round(slot.added_travel_minutes)}분" in row
    captions = [c.value for c in app.caption]
    assert any("시청에서 왕복" in c or "이동" in c and "추가" in c for c in captions)  # the reason of each slot
    app.button(key="plan.slots.use.1").click().run()
    assert not app.exception, app.exception
    chosen = expected[1]
    assert not [w.value for w in app.warning if "Session State" in w.value]
    # the form's time widgets are new ones (keys plan.form.slot<n>.*) holding the slot's times
    assert app.date_input(key="plan.form.slot1.start_date").value == chosen.start.date()
    assert app.time_input(key="plan.form.slot1.start_time").value == chosen.start.time().replace(tzinfo=None)
    assert app.date_input(key="plan.form.slot1.end_date").value == chosen.end.date()
    assert app.time_input(key="plan.form.slot1.end_time").value == chosen.end.time().replace(tzinfo=None)
    app.text_input(key="plan.form.site_name").input("강서 새 현장")
    app.text_input(key="plan.form.title").input("빈 시간에 넣은 제안")
    save(app)
    new = next(r for r in proposed(env_db) if r["title"] == "빈 시간에 넣은 제안")
    assert new["start"] == chosen.start.isoformat() and new["end"] == chosen.end.isoformat()


def test_the_slot_offer_follows_the_chosen_site_and_the_duration(app, env_db):
    """At City Hall the nearest registered site is chosen (snapping distance); its slots are the site's."""
    from datetime import date

    from planner import db, planning
    from tests.conftest import uow_at

    click(app, *CITY_HALL)
    site_id = app.selectbox(key="plan.form.site").value
    assert site_id != "new"
    app.number_input(key="plan.slots.duration").set_value(120).run()
    expected = planning.suggest(uow_at(db.get_engine(env_db)), int(site_id), 120, date(2022, 3, 16), date(2022, 3, 29))
    rows = _slot_rows(app)
    assert len(rows) == len(expected) == 5
    for row, slot in zip(rows, expected, strict=True):
        assert f"{slot.start:%Y-%m-%d %H:%M}–{slot.end:%H:%M}" in row


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_proposal_refused_by_travel_is_saved_with_a_stated_reason(open_page, monkeypatch, env_db, lang):
    """Issue 11: on the map proposal, a blocking scheduling problem offers an override with a reason; an empty
    reason is refused; the reason is recorded with the visit (as the CLI's ``--override REASON``)."""
    from datetime import datetime

    from planner import db, services
    from planner.domain import SEOUL
    from planner.i18n import t
    from tests.conftest import uow_at

    monkeypatch.setenv("PLANNER_TILES", "none")
    monkeypatch.setenv("PLANNER_GEOCODER", "offline")
    app = open_page("pages/plan.py", lang=lang)
    work = uow_at(db.get_engine(env_db))
    far = services.add_site(work, services.SiteDraft("잠실 현장", 37.5133, 127.1001))
    end = datetime(2022, 3, 15, 9, 50, tzinfo=SEOUL)  # the form's default proposal: the route day 10:00-11:00
    services.add_visit(work, services.VisitDraft("잠실 점검", far.id, end.replace(hour=9, minute=0), end, "economy"))
    before = len(proposed(env_db))
    app.run()
    click(app, *CITY_HALL)
    app.text_input(key="plan.form.title").input("시청 제안")
    save(app)
    assert app.error and any(i.value == t("override.hint", lang) for i in app.info)
    assert len(proposed(env_db)) == before
    app.button(key="plan.form.override_save").click().run()
    assert any(e.value == t("override.reason_required", lang) for e in app.error)
    assert len(proposed(env_db)) == before
    app.text_input(key="plan.form.override_reason").input("시장 일정 변경으로 이동 시간 단축 예정")
    app.button(key="plan.form.override_save").click().run()
    assert not app.exception, app.exception
    rows = proposed(env_db)
    assert len(rows) == before + 1
    new = next(r for r in rows if r["title"] == "시청 제안")
    assert services.get_visit(work, new["id"]).override_reason == "시장 일정 변경으로 이동 시간 단축 예정"
    assert any("시청 제안" in s.value for s in app.success)


def test_acceptance_two_visits_15_km_apart_10_minutes_between_give_travel_on_the_page_and_from_check(
    app, env_db, monkeypatch
):
    """Issue 11 acceptance, as written: two places exactly 15 km apart (geodesic), 10 minutes between the visits:
    ``travel`` with the minutes missing on the page before saving, and the same from ``check``."""
    from datetime import datetime

    from geopy.distance import geodesic

    from planner import db, scheduling, services
    from planner.domain import SEOUL
    from tests.conftest import uow_at

    work = uow_at(db.get_engine(env_db))
    snapped = min(services.list_sites(work), key=lambda s: geodesic(CITY_HALL, (s.lat, s.lon)).m)
    assert geodesic(CITY_HALL, (snapped.lat, snapped.lon)).m <= 100  # the click below proposes at this site
    east = geodesic(kilometers=15).destination((snapped.lat, snapped.lon), 90)
    assert geodesic((snapped.lat, snapped.lon), (east.latitude, east.longitude)).km == pytest.approx(15, abs=1e-6)
    far = services.add_site(work, services.SiteDraft("15 km 동쪽", east.latitude, east.longitude))
    end = datetime(2022, 3, 15, 9, 50, tzinfo=SEOUL)  # the form's default proposal starts at 10:00: 10 minutes
    first = services.add_visit(
        work, services.VisitDraft("동쪽 점검", far.id, end.replace(hour=9, minute=0), end, "economy")
    )
    travel = scheduling.plan_settings().travel
    need = -(-(travel.drive_minutes(15 * travel.detour_factor, end) + travel.stop_buffer_minutes) // 1)
    missing = int(need) - 10
    before = len(proposed(env_db))
    app.run()
    click(app, *CITY_HALL)
    assert app.selectbox(key="plan.form.site").value == str(snapped.id)
    app.text_input(key="plan.form.title").input("15 km 뒤 10분")
    save(app)
    assert any(f"{missing}분이 모자랍니다" in e.value for e in app.error), [e.value for e in app.error]
    assert len(proposed(env_db)) == before  # before saving: nothing written
    app.text_input(key="plan.form.override_reason").input("시험")
    app.button(key="plan.form.override_save").click().run()
    second = next(r for r in proposed(env_db) if r["title"] == "15 km 뒤 10분")

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        monkeypatch.setenv("PLANNER_LANGUAGE", "ko")
        code = cli.main(["--db", env_db, "check", "--date", "2022-03-15", "--format", "json"])
    assert code == 4
    (found,) = [p for p in json.loads(out.getvalue()) if p["rule"] == "travel"]
    assert found["visit_ids"] == [first.id, second["id"]] and f"{missing}분이 모자랍니다" in found["message"]
