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


def save(at: AppTest, category: str | None = "economy") -> AppTest:
    """Submit the proposal form, choosing ``category`` first if none is chosen (it has no default)."""
    if category is not None and at.selectbox(key="plan.form.category").value is None:
        at.selectbox(key="plan.form.category").set_value(category)
    next(b for b in at.button if b.key.startswith("FormSubmitter:plan.form-")).click().run()
    assert not at.exception, at.exception
    return at


def _start_widget(at: AppTest, kind: str):
    """The form's start date or time widget (its key is renewed for each place and chosen slot)."""
    (found,) = [
        w
        for w in (at.date_input if kind == "date" else at.time_input)
        if w.key.startswith("plan.form") and w.key.endswith(f".start_{kind}")
    ]
    return found


def start_at(at: AppTest, when) -> AppTest:
    """Type a start into the form (a Seoul datetime); the end follows by the duration."""
    _start_widget(at, "date").set_value(when.date())
    _start_widget(at, "time").set_value(when.time().replace(tzinfo=None)).run()
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
    # The details link to the visit's own page (issue 12: every list links there).
    links = [p for p in app.get("page_link") if f"#{visit_id}" in p.proto.label]
    assert links and links[0].proto.query_string == f"id={visit_id}", [p.proto.label for p in app.get("page_link")]


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


def all_dates(app: AppTest) -> AppTest:
    """The map opens on the coverage window (issue 12): widen it to every date."""
    app.button(key="plan.period_all").click().run()
    assert not app.exception, app.exception
    return app


def test_period_filter_and_coverage(app):
    everything = shown_on_map(all_dates(app))
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
    everything = shown_on_map(all_dates(app))
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
    start = datetime(2022, 3, 15, 10, 30, tzinfo=SEOUL)  # the proposal below: 10:00-11:00
    other = services.add_visit(
        work, services.VisitDraft("이미 잡힌 일정", site.id, start, start.replace(hour=11, minute=30), "economy")
    )
    before = len(proposed(env_db))
    app.run()  # the map now shows the new visit (its component key follows the data)
    click(app, *CITY_HALL)
    start_at(app, datetime(2022, 3, 15, 10, 0, tzinfo=SEOUL))
    app.text_input(key="plan.form.title").input("겹치는 제안")
    save(app)
    warnings = [w.value for w in app.warning]
    assert any("같은 시간에 다른 일정" in w and f"#{other.id} 이미 잡힌 일정" in w for w in warnings), warnings
    assert len(proposed(env_db)) == before  # not saved yet
    app.button(key="plan.form.save_anyway").click().run()
    assert not app.exception
    assert len(proposed(env_db)) == before + 1
    assert any("겹치는 제안" in s.value for s in app.success)


def _held_overlap(app, env_db):
    """A proposal at City Hall over another visit: its warning shown, held until "save anyway"."""
    from datetime import datetime

    from planner import db, services
    from planner.domain import SEOUL
    from tests.conftest import uow_at

    work = uow_at(db.get_engine(env_db))
    site = services.list_sites(work)[0]
    start = datetime(2022, 3, 15, 10, 30, tzinfo=SEOUL)
    services.add_visit(work, services.VisitDraft("이미 잡힌 일정", site.id, start, start.replace(hour=11), "economy"))
    app.run()
    click(app, *CITY_HALL)
    start_at(app, datetime(2022, 3, 15, 10, 0, tzinfo=SEOUL))
    app.text_input(key="plan.form.title").input("붙잡힌 제안")
    save(app)
    assert [b for b in app.button if b.key == "plan.form.save_anyway"]


def test_issue_12_a_held_proposal_is_dropped_by_a_click_on_another_point(app, env_db):
    """The proposal held after its warning was for the earlier point: a new click drops it, and "save anyway"
    can no longer save the old draft."""
    _held_overlap(app, env_db)
    before = len(proposed(env_db))  # the held proposal is not saved
    click(app, 37.5509, 126.8495)  # Gangseo-gu
    assert not [b for b in app.button if b.key == "plan.form.save_anyway"]
    assert "plan.pending" not in app.session_state
    assert len(proposed(env_db)) == before


def test_issue_12_a_held_proposal_is_dropped_when_its_time_changes_outside_the_form(app, env_db):
    from datetime import datetime

    from planner.domain import SEOUL

    _held_overlap(app, env_db)
    before = len(proposed(env_db))  # the held proposal is not saved
    start_at(app, datetime(2022, 3, 16, 15, 0, tzinfo=SEOUL))  # the time fields sit outside the form
    assert any("다시 저장하세요" in i.value for i in app.info), [i.value for i in app.info]
    assert not [b for b in app.button if b.key == "plan.form.save_anyway"]
    assert len(proposed(env_db)) == before
    save(app)  # saved again: the new time is the one checked and stored
    if [b for b in app.button if b.key == "plan.form.save_anyway"]:
        app.button(key="plan.form.save_anyway").click().run()
    (new,) = [r for r in proposed(env_db) if r["title"] == "붙잡힌 제안"]
    assert new["start"] == "2022-03-16T15:00:00+09:00"


def test_issue_12_save_anyway_saves_the_title_the_form_shows(app, env_db):
    """ "Save anyway" submits the form: a title changed after the warning is checked again and saved, the held
    one never."""
    _held_overlap(app, env_db)
    app.text_input(key="plan.form.title").input("고친 제안")
    app.button(key="plan.form.save_anyway").click().run()
    assert not app.exception, app.exception
    assert any("다시 검사했습니다" in i.value for i in app.info), [i.value for i in app.info]
    assert not [r for r in proposed(env_db) if r["title"] in ("붙잡힌 제안", "고친 제안")]
    app.button(key="plan.form.save_anyway").click().run()
    assert [r["title"] for r in proposed(env_db) if r["title"] in ("붙잡힌 제안", "고친 제안")] == ["고친 제안"]


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
    end = datetime(2022, 3, 15, 9, 50, tzinfo=SEOUL)  # the proposal below: 10:00-11:00
    services.add_visit(work, services.VisitDraft("잠실 점검", far.id, end.replace(hour=9, minute=0), end, "economy"))
    travel = scheduling.plan_settings().travel
    road_km = geodesic(CITY_HALL, jamsil).km * travel.detour_factor
    assert 14 <= road_km <= 20  # "two visits 15 km apart"
    need = -(-(travel.drive_minutes(road_km, end) + travel.stop_buffer_minutes) // 1)
    before = len(proposed(env_db))
    app.run()
    click(app, *CITY_HALL)
    start_at(app, datetime(2022, 3, 15, 10, 0, tzinfo=SEOUL))
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
    # the form's time widgets are new ones (keys plan.form.slot<n>.*) holding the slot's start; the end follows
    assert app.date_input(key="plan.form.slot2.start_date").value == chosen.start.date()
    assert app.time_input(key="plan.form.slot2.start_time").value == chosen.start.time().replace(tzinfo=None)
    assert any(c.value.endswith(f"{chosen.end:%Y-%m-%d %H:%M}") for c in app.caption if c.value.startswith("종료"))
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
    end = datetime(2022, 3, 15, 9, 50, tzinfo=SEOUL)  # the proposal below: 10:00-11:00
    services.add_visit(work, services.VisitDraft("잠실 점검", far.id, end.replace(hour=9, minute=0), end, "economy"))
    before = len(proposed(env_db))
    app.run()
    click(app, *CITY_HALL)
    start_at(app, datetime(2022, 3, 15, 10, 0, tzinfo=SEOUL))
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
    end = datetime(2022, 3, 15, 9, 50, tzinfo=SEOUL)  # the proposal below starts at 10:00: 10 minutes
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
    start_at(app, datetime(2022, 3, 15, 10, 0, tzinfo=SEOUL))
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


# ---------------------------------------------------------------- issue 12, item 3: the proposal form


def _end_caption(at: AppTest) -> str:
    (end,) = [c.value for c in at.caption if c.value.startswith("종료:")]
    return end


def test_issue_12_the_start_defaults_to_the_next_free_working_slot_never_a_passed_time(app, env_db):
    """With the place taken 09:00-12:00 today (the clock says 09:00), the form starts at the next free working
    slot of the place (``planning.next_free_slot``): after noon, not in the past, and the end follows by 60 minutes."""
    from datetime import datetime, timedelta

    from geopy.distance import geodesic

    from planner import db, planning, services
    from planner.domain import SEOUL, Status
    from tests.conftest import uow_at

    work = uow_at(db.get_engine(env_db))
    snapped = min(services.list_sites(work), key=lambda s: geodesic(CITY_HALL, (s.lat, s.lon)).m)
    now = datetime(2022, 3, 15, 9, 0, tzinfo=SEOUL)  # tests/app/conftest.py CLOCK
    services.add_visit(
        work, services.VisitDraft("오전 내내", snapped.id, now, now.replace(hour=12), "economy", Status.CONFIRMED)
    )
    app.run()
    click(app, *CITY_HALL)
    assert app.selectbox(key="plan.form.site").value == str(snapped.id)
    start = datetime.combine(_start_widget(app, "date").value, _start_widget(app, "time").value, tzinfo=SEOUL)
    assert start >= now.replace(hour=12)  # not over the morning visit, never before the clock
    expected, _ = planning.next_free_slot(uow_at(db.get_engine(env_db), now=now), snapped.id, 60)
    assert start == expected
    assert _end_caption(app) == f"종료: {start + timedelta(minutes=60):%Y-%m-%d %H:%M}"
    assert _start_widget(app, "date").proto.format == "YYYY-MM-DD"


def test_issue_12_changing_the_start_or_the_duration_moves_the_end(app, env_db):
    from datetime import datetime

    from planner.domain import SEOUL

    click(app, 37.5509, 126.8495)  # Gangseo-gu
    app.selectbox(key="plan.form.site").set_value("new").run()
    start_at(app, datetime(2022, 3, 17, 14, 0, tzinfo=SEOUL))
    assert _end_caption(app) == "종료: 2022-03-17 15:00"
    app.number_input(key="plan.slots.duration").set_value(90).run()
    assert _end_caption(app) == "종료: 2022-03-17 15:30"
    start_at(app, datetime(2022, 3, 18, 16, 0, tzinfo=SEOUL))  # only the start changes: the end moves with it
    assert _end_caption(app) == "종료: 2022-03-18 17:30"
    app.text_input(key="plan.form.site_name").input("강서 끝 따라가기")
    app.text_input(key="plan.form.title").input("끝이 따라가는 제안")
    save(app)
    if [b for b in app.button if b.key == "plan.form.save_anyway"]:  # the sample may have a visit then: a warning
        app.button(key="plan.form.save_anyway").click().run()
    new = next(r for r in proposed(env_db) if r["title"] == "끝이 따라가는 제안")
    assert new["start"] == "2022-03-18T16:00:00+09:00" and new["end"] == "2022-03-18T17:30:00+09:00"


def test_issue_12_a_start_in_the_past_needs_an_explicit_confirmation(app, env_db):
    from datetime import datetime

    from planner.domain import SEOUL

    before = len(proposed(env_db))
    click(app, 37.5509, 126.8495)
    app.selectbox(key="plan.form.site").set_value("new").run()
    start_at(app, datetime(2022, 3, 14, 10, 0, tzinfo=SEOUL))  # the day before the clock
    assert any("이미 지났습니다" in w.value for w in app.warning)
    app.text_input(key="plan.form.site_name").input("강서 지난 방문")
    app.text_input(key="plan.form.title").input("지난 시각 제안")
    save(app)
    assert any("확인란을 선택하세요" in e.value for e in app.error)
    assert len(proposed(env_db)) == before  # refused: nothing written
    (confirm,) = [c for c in app.checkbox if c.key.endswith(".past_ok")]
    confirm.check().run()
    save(app)
    new = next(r for r in proposed(env_db) if r["title"] == "지난 시각 제안")
    assert new["start"] == "2022-03-14T10:00:00+09:00"


def test_issue_12_the_category_has_no_default_and_saving_without_one_is_refused(app, env_db):
    before = len(proposed(env_db))
    click(app, *CITY_HALL)
    category = app.selectbox(key="plan.form.category")
    assert category.value is None and category.placeholder == "분야를 고르세요"
    app.text_input(key="plan.form.title").input("분야 없는 제안")
    save(app, category=None)
    assert any(e.value == "분야를 고르세요. 분야 없이는 제안을 저장하지 않습니다." for e in app.error)
    assert len(proposed(env_db)) == before
    save(app, category="welfare")
    new = next(r for r in proposed(env_db) if r["title"] == "분야 없는 제안")
    assert new["category"] == "welfare"


def _isolated_site(env_db):
    """A sample site with no other site within 400 m, and a point 300 m north of it."""
    from geopy.distance import geodesic

    from planner import db, geocode, services
    from tests.conftest import uow_at

    sites = services.list_sites(uow_at(db.get_engine(env_db)))
    for site in sites:
        if geocode.nearest_sites(site.lat, site.lon, sites, limit=2)[1][1] > 400:
            away = geodesic(meters=300).destination((site.lat, site.lon), 0)
            return site, (away.latitude, away.longitude)
    raise AssertionError("no isolated site in the sample")


def test_issue_12_the_site_choice_follows_the_clicked_point(app, env_db):
    """A click on a registered site preselects it; a click 300 m away (beyond the 100 m snapping distance)
    preselects a new site there, not the site chosen before."""
    from planner import geocode

    site, away = _isolated_site(env_db)
    click(app, site.lat, site.lon)
    assert app.selectbox(key="plan.form.site").value == str(site.id)
    assert geocode.SNAP_METRES < 300
    click(app, *away)
    assert app.selectbox(key="plan.form.site").value == "new"


def test_issue_12_a_new_site_named_like_a_registered_one_nearby_is_offered_instead(app, env_db):
    """A "new site" 150 m from a registered one with (nearly) its name: the registered site is offered; choosing it
    saves the visit there and registers no second site. "Register a separate new site" still can."""
    from geopy.distance import geodesic

    from planner import db, services
    from tests.conftest import uow_at

    work = uow_at(db.get_engine(env_db))
    site, _ = _isolated_site(env_db)
    near = geodesic(meters=150).destination((site.lat, site.lon), 90)
    count = len(services.list_sites(work))
    click(app, near.latitude, near.longitude)
    assert app.selectbox(key="plan.form.site").value == "new"
    app.text_input(key="plan.form.site_name").input(f" {site.name.replace(' ', '')} ")
    app.text_input(key="plan.form.title").input("중복 장소 제안")
    save(app)
    assert any(site.name in w.value and "이미 등록" in w.value for w in app.warning)
    assert not [r for r in proposed(env_db) if r["title"] == "중복 장소 제안"]  # not yet
    app.button(key="plan.form.use_existing").click().run()
    assert not app.exception, app.exception
    new = next(r for r in proposed(env_db) if r["title"] == "중복 장소 제안")
    assert new["site_id"] == site.id if "site_id" in new else new["site_name"] == site.name
    assert len(services.list_sites(work)) == count  # no second site

    click(app, near.latitude + 0.0001, near.longitude)
    app.text_input(key="plan.form.site_name").input(site.name)
    app.text_input(key="plan.form.title").input("따로 등록하는 제안")
    save(app)
    app.button(key="plan.form.create_anyway").click().run()
    assert any(r["title"] == "따로 등록하는 제안" for r in proposed(env_db))
    assert len(services.list_sites(work)) == count + 1


def test_issue_12_an_answer_to_the_duplicate_site_question_saves_only_what_the_form_shows(app, env_db):
    """The question's answers sit in the form: a title edited before answering is not saved under the old one;
    the question goes with a word to save again, and nothing is written."""
    from geopy.distance import geodesic

    site, _ = _isolated_site(env_db)
    near = geodesic(meters=150).destination((site.lat, site.lon), 90)
    click(app, near.latitude, near.longitude)
    app.text_input(key="plan.form.site_name").input(site.name)
    app.text_input(key="plan.form.title").input("처음 제목")
    save(app)
    assert any("이미 등록" in w.value for w in app.warning)
    app.text_input(key="plan.form.title").input("고친 제목")
    app.button(key="plan.form.use_existing").click().run()
    assert not app.exception, app.exception
    assert any("다시 저장하세요" in i.value for i in app.info), [i.value for i in app.info]
    assert not [r for r in proposed(env_db) if r["title"] in ("처음 제목", "고친 제목")]
    assert not [b for b in app.button if b.key == "plan.form.use_existing"]


# ---------------------------------------------------------------- issue 12, item 6: the map's default period


def _expected_on_map(env_db, first, last) -> tuple[int, set[str]]:
    """The visits from ``first`` to ``last`` and the districts they cover, asked from the service directly."""
    from planner import db, services
    from planner.domain import VisitQuery
    from tests.conftest import uow_at

    visits = services.list_visits(uow_at(db.get_engine(env_db)), VisitQuery(date_from=first, date_to=last))
    return len(visits), {v.district for v in visits if v.district}


def test_issue_12_the_plan_map_defaults_to_the_coverage_window_so_neglected_districts_show(app, env_db):
    """Clock 2022-03-15, PLANNER_COVERAGE_DAYS 90 (default): the map shows 2021-12-16 to 2022-03-29 and names the
    districts with no visit in it; "all dates" shows every visit; "coverage window" brings the default back."""
    from datetime import date

    first, last = date(2021, 12, 16), date(2022, 3, 29)
    count, districts = _expected_on_map(env_db, first, last)
    everything, _ = _expected_on_map(env_db, None, None)
    assert 0 < count < everything and len(districts) < 25  # the sample has neglected districts in the window
    assert any("표시 기간: 2021-12-16 – 2022-03-29 (방문 목표 기간 최근 90일" in c.value for c in app.caption)
    assert shown_on_map(app) == count
    assert any(f"방문하지 않은 자치구 ({25 - len(districts)}곳)" in w.value for w in app.warning)
    all_dates(app)
    assert shown_on_map(app) == everything
    assert any(c.value == "표시 기간: 전체" for c in app.caption)
    app.button(key="plan.period_window").click().run()
    assert shown_on_map(app) == count
    # the period is changeable: the filter's date range starts from the window and narrows the map
    app.toggle(key="plan.show_filters").set_value(True).run()
    assert app.date_input(key="plan.period").value == (first, last)
    app.date_input(key="plan.period").set_value((date(2022, 3, 1), date(2022, 3, 15))).run()
    assert shown_on_map(app) == _expected_on_map(env_db, date(2022, 3, 1), date(2022, 3, 15))[0]
    assert any("표시 기간: 2022-03-01 – 2022-03-15" in c.value for c in app.caption)


def test_issue_12_the_coverage_window_follows_the_setting(open_page, monkeypatch, env_db):
    from datetime import date

    monkeypatch.setenv("PLANNER_TILES", "none")
    monkeypatch.setenv("PLANNER_COVERAGE_DAYS", "30")
    app = open_page("pages/plan.py", lang="en")
    assert any("Period shown: 2022-02-14 – 2022-03-29" in c.value for c in app.caption)
    assert shown_on_map_en(app) == _expected_on_map(env_db, date(2022, 2, 14), date(2022, 3, 29))[0]


def shown_on_map_en(app: AppTest) -> int:
    import re

    caption = next(c.value for c in app.caption if "/25" in c.value)
    return int(re.match(r"(\d+) visits on the map", caption).group(1))
