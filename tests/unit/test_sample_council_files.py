"""The sample council files (issue 14): one row per seat, named by seat; the ledger file is what the
committed script writes; the hand-written files refer to known seats, districts and visits."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"


def read(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def script():
    spec = importlib.util.spec_from_file_location("make_sample_council", ROOT / "scripts" / "make_sample_council.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_councillors_one_row_per_seat_never_a_personal_name():
    rows = read("councillors.csv")
    assert len(rows) >= 100 and len({r["seat"] for r in rows}) == len(rows)
    assert all(r["name"] == "" for r in rows)  # the loader names each by its seat
    districts = {r["name_ko"] for r in read("districts.csv")}
    assert {r["district"] for r in rows} - {""} == districts
    assert all(r["seat"].startswith("비례대표") for r in rows if not r["district"])


def test_ledger_and_councillors_are_what_the_script_writes():
    module = script()
    people = module.seats()
    assert [{k: r[k] for k in module.COUNCILLOR_COLUMNS} for r in people] == read("councillors.csv")
    made = module.ledger([(2021, 79, 186), (2022, 6, 7)], people)
    assert [{k: r[k] for k in module.LEDGER_COLUMNS} for r in made] == read("ledger.csv")


def test_requests_refer_to_known_seats_districts_and_visits():
    seats = {r["seat"] for r in read("councillors.csv")}
    uids = {r["uid"] for r in read("visits.csv")}
    districts = {r["name_ko"] for r in read("districts.csv")}
    for r in read("requests.csv"):
        assert (r["seat"] in seats) if r["person_kind"] == "councillor" else not r["seat"]
        assert r["district"] in districts if r["person_kind"] == "district_head" else True
        assert not r["visit_uid"] or r["visit_uid"] in uids


def test_constituencies_and_site_dongs_agree():
    places = read("constituencies.csv")
    dongs = {(r["district"], d) for r in places for d in r["dongs"].split(";")}
    assert len(dongs) == sum(len(r["dongs"].split(";")) for r in places)  # a 행정동 in one 선거구
    sites = {r["name"]: r["district"] for r in read("sites.csv")}
    for r in read("site_dongs.csv"):
        district = sites[r["site_name"]]
        if any(p["district"] == district for p in places):
            assert (district, r["dong"]) in dongs, r
