"""Place search: online through geopy with a deadline and rate limit, offline fallback, nearest sites."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest

from planner import geocode
from planner.domain import Site

SITES = [
    Site(1, "서울특별시청", "서울특별시 중구 세종대로 110", "중구", 37.566295, 126.977945, "public_office"),
    Site(2, "강서구청", "서울특별시 강서구 화곡로 302", "강서구", 37.550950, 126.849500, "public_office"),
    Site(3, "${alert(1)} 시장", "서울특별시 종로구", "종로구", 37.5735, 126.9789, "market"),
]


class FakeClient:
    def __init__(self, answer=None, error=None, block: threading.Event | None = None):
        self.answer = answer or []
        self.error = error
        self.block = block
        self.calls = 0

    def __call__(self, **kwargs):  # the factory: geopy geocoders take user_agent and timeout
        self.kwargs = kwargs
        return self

    def geocode(self, query, **kwargs):
        self.calls += 1
        if self.block is not None:
            self.block.wait(5)
        if self.error:
            raise self.error
        return self.answer


def online(client: FakeClient, timeout: float = 1.0, **kw) -> geocode.OnlineGeocoder:
    return geocode.OnlineGeocoder("nominatim", "test-agent", timeout, kw.pop("min_delay", 0.01), factory=client, **kw)


def test_online_answer_is_used_and_gets_a_district():
    client = FakeClient([SimpleNamespace(address="서울광장, 중구", latitude=37.5658, longitude=126.9780)])
    result = geocode.search("서울광장", SITES, "ko", online=online(client))
    assert not result.offline
    assert result.places[0].source == "online" and result.places[0].district == "중구"
    assert client.kwargs["user_agent"] == "test-agent"


def test_network_failure_falls_back_to_sites_and_districts_and_says_so():
    from geopy.exc import GeocoderUnavailable

    result = geocode.search("강서", SITES, "ko", online=online(FakeClient(error=GeocoderUnavailable("down"))))
    assert result.offline and result.reason == "unreachable"
    assert {p.source for p in result.places} == {"district", "site"}
    assert result.places[0].name == "강서구"


def test_a_geocoder_that_hangs_is_abandoned_at_the_deadline():
    block = threading.Event()
    client = FakeClient([SimpleNamespace(address="x", latitude=37.5, longitude=127.0)], block=block)
    try:
        result = geocode.search("중구", SITES, "ko", online=online(client, timeout=0.05))
    finally:
        block.set()
    assert result.offline and result.reason == "unreachable"
    assert result.places[0].district == "중구"


def test_after_a_failure_the_geocoder_rests_instead_of_waiting_again():
    client = FakeClient(error=OSError("no route to host"))
    g = online(client)
    geocode.search("중구", SITES, "ko", online=g)
    geocode.search("중구", SITES, "ko", online=g)
    assert client.calls == 1


def test_rate_limit_waits_between_requests():
    waits: list[float] = []
    clock = [100.0]
    g = online(FakeClient(), min_delay=1.0, clock=lambda: clock[0], sleep=waits.append)
    g.search("a")
    clock[0] += 0.25
    g.search("b")
    assert waits == [pytest.approx(0.75)]


def test_offline_mode_never_calls_out(monkeypatch):
    monkeypatch.setenv("PLANNER_GEOCODER", "offline")
    assert geocode.configured_geocoder() is None
    result = geocode.search("Gangseo", SITES, "en")
    assert result.offline and result.reason == "offline_mode"
    assert result.places[0].name == "Gangseo-gu"


def test_the_default_geocoder_is_offline_for_a_separated_network(monkeypatch):
    monkeypatch.delenv("PLANNER_GEOCODER", raising=False)
    assert geocode.configured_geocoder() is None


def test_configured_geocoder_uses_the_settings(monkeypatch):
    monkeypatch.setenv("PLANNER_GEOCODER", "nominatim")  # online search is opt-in
    monkeypatch.setenv("PLANNER_GEOCODER_USER_AGENT", "city-hall-test")
    monkeypatch.setenv("PLANNER_GEOCODER_TIMEOUT", "2.5")
    g = geocode.configured_geocoder()
    assert g is not None and g.user_agent == "city-hall-test" and g.timeout == 2.5


def test_offline_search_finds_sites_by_name_or_address_and_keeps_text_as_is():
    assert [p.site_id for p in geocode.offline_search("세종대로", SITES)] == [1]
    assert geocode.offline_search("${alert", SITES)[0].name == "${alert(1)} 시장"
    assert geocode.offline_search("   ", SITES) == []
    assert geocode.search("", SITES, online=None).places == ()


def test_nearest_sites_by_geodesic_distance():
    near = geocode.nearest_sites(37.5663, 126.9779, SITES, limit=2)
    assert [s.id for s, _ in near] == [1, 3]
    assert near[0][1] < 10 < near[1][1]
    assert geocode.nearest_sites(37.5, 127.0, []) == []
    assert geocode.format_distance(12.4) == "12 m" and geocode.format_distance(1530) == "1.5 km"


# ---------------------------------------------------------------- issue 12: a new site like a registered one


def test_issue_12_similar_site_matches_near_names_within_200_m_only():
    hall = SITES[0]
    assert geocode.similar_site("서울특별시청", hall.lat, hall.lon, SITES) == (hall, pytest.approx(0, abs=1e-6))
    assert geocode.similar_site(" 서울 특별시청 ", hall.lat + 0.001, hall.lon, SITES)[0] is hall  # ~111 m, blanks
    assert geocode.similar_site("서울특별시청", hall.lat + 0.003, hall.lon, SITES) is None  # ~330 m away
    assert geocode.similar_site("덕수궁", hall.lat, hall.lon, SITES) is None  # another name at the same place
    assert geocode.similar_site("", hall.lat, hall.lon, SITES) is None
    assert geocode.similar_site("서울특별시청 본관", hall.lat, hall.lon, SITES)[0] is hall  # contains the name
