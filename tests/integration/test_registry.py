"""Council registries (issue 14): councillors by seat, the CSV import (all or nothing, the bad line
named), committees, departments, district heads, constituencies, and the migration of old records."""

from __future__ import annotations

import json

import pytest

from planner import council
from planner.cli import main
from planner.domain import ValidationError

HEADER = "seat,name,district,constituency,party,role,committees,chair_of,contact,term\n"


def _url(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


@pytest.fixture
def committees(uow):
    council.save_committee(uow, "transport", "교통위원회", "Transport Committee")
    council.save_committee(uow, "steering", "운영위원회", "House Steering Committee")


def test_import_adds_then_updates_by_seat(engine, uow, committees, tmp_path, capsys):
    path = tmp_path / "c.csv"
    path.write_text(
        HEADER
        + "중구 제1선거구,,중구,중구 제1선거구,갑당,speaker,transport;운영위원회,,02-1,제10대\n"
        + "비례대표 1,,,,을당,member,교통위원회,교통위원회,,제10대\n",
        encoding="utf-8-sig",
    )
    assert main(["--db", _url(engine), "councillors", "import", str(path)]) == 0
    assert "2" in capsys.readouterr().out
    people = {c.seat: c for c in council.list_councillors(uow)}
    first = people["중구 제1선거구"]
    assert (first.name, first.role.value, set(first.committees), first.party) == (
        "중구 제1선거구 의원",
        "speaker",
        {"transport", "steering"},
        "갑당",
    )
    assert people["비례대표 1"].chairs == ("transport",) and people["비례대표 1"].district == ""
    path.write_text(HEADER + "중구 제1선거구,,중구,중구 제1선거구,병당,member,,,,제11대\n", encoding="utf-8")
    assert council.import_councillors(uow, path) == council.ImportResult(0, 1)
    again = {c.seat: c for c in council.list_councillors(uow)}["중구 제1선거구"]
    assert (again.id, again.party, again.committees, again.term) == (first.id, "병당", (), "제11대")


@pytest.mark.parametrize(
    "rows, line",
    [
        ("중구 제1선거구,,중구,,,member,,,,\n중구 제2선거구,,Atlantis,,,member,,,,\n", 3),
        ("중구 제1선거구,,중구,,,member,,,,\n중구 제1선거구,,중구,,,member,,,,\n", 3),
        ("중구 제1선거구,,중구,,,chief,,,,\n", 2),
        ("중구 제1선거구,,중구,,,member,환경위원회,,,\n", 2),
        ('중구 제1선거구,,중구,,,member,,,,\n중구 제2선거구,"이름\n둘",중구,,,member,,,,\n', 3),
    ],
)
def test_a_bad_row_is_named_by_line_and_nothing_is_imported(engine, uow, committees, tmp_path, capsys, rows, line):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    assert main(["--db", _url(engine), "councillors", "import", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and f"{line}" in err
    assert council.list_councillors(uow) == []


def test_registries_edit(uow):
    council.save_department(uow, "주택정책실", "실")
    council.save_department(uow, "주택정책실", "실", contact="02-2133-0000")
    assert [(d.name, d.contact) for d in council.list_departments(uow)] == [("주택정책실", "02-2133-0000")]
    with pytest.raises(ValidationError):
        council.save_department(uow, "총무과", "과")
    council.save_district_head(uow, "Jung-gu")
    assert [(h.district, h.title) for h in council.list_district_heads(uow)] == [("중구", "중구청장")]
    council.save_constituency(uow, "중구 제1선거구", "중구", "소공동\n회현동")
    with pytest.raises(ValidationError):  # a 행정동 belongs to one 선거구
        council.save_constituency(uow, "중구 제2선거구", "중구", "회현동, 신당동")
    council.save_constituency(uow, "중구 제1선거구", "중구", "종로1·2·3·4가동; 소공동")
    [c] = council.list_constituencies(uow)
    assert c.dongs == ("종로1·2·3·4가동", "소공동")
    person = council.add_councillor(uow, "", "중구", seat="중구 제1선거구")
    with pytest.raises(ValidationError):
        council.add_councillor(uow, "", "중구", seat="중구 제1선거구")
    changed = council.change_councillor(
        uow, person.id, "", "중구", "중구 제1선거구", "vice_speaker", seat="중구 제1선거구"
    )
    assert changed.role.value == "vice_speaker" and changed.is_leadership


def test_sample_councillors_are_named_by_seat(sample_uow):
    people = council.list_councillors(sample_uow)
    assert len(people) >= 100 and len({c.seat for c in people}) == len(people)
    assert all(c.name == f"{c.seat} 의원" for c in people)
    roles = [c.role.value for c in people]
    assert roles.count("speaker") == 1 and roles.count("vice_speaker") == 2
    committees = {c.code for c in council.list_committees(sample_uow)}
    chaired = [code for c in people for code in c.chairs]
    assert sorted(chaired) == sorted(committees)  # every committee has one chair
    assert len(council.list_district_heads(sample_uow)) == 25 and council.list_departments(sample_uow)
    assert council.list_constituencies(sample_uow)


def test_councillors_list_json_keeps_its_keys_and_adds_the_registry(sample_engine, capsys):
    assert main(["--db", _url(sample_engine), "councillors", "list", "--format", "json"]) == 0
    people = json.loads(capsys.readouterr().out)
    assert {"id", "name", "district", "constituency", "role", "contact", "seat", "party", "committees"} <= set(
        people[0]
    )
