"""Who hears about a visit (issue 14), pure: the 선거구 of the site's 행정동, else the district; the leadership
when important; the committee for a press pre-briefing; and the notice template."""

from datetime import datetime

import pytest

from planner.council import Constituency, Councillor, Role, split_list
from planner.domain import SEOUL, ValidationError
from planner.notices import NoticeTarget, check_template, recipients_for, render

PEOPLE = [
    Councillor(1, "", "중구", "중구 제1선거구", seat="중구 제1선거구"),
    Councillor(2, "", "중구", "중구 제2선거구", seat="중구 제2선거구"),
    Councillor(3, "", "강남구", "강남구 제1선거구", Role.SPEAKER, seat="강남구 제1선거구"),
    Councillor(4, "", "중구", "중구 제1선거구", Role.FLOOR_LEADER, seat="중구 제1선거구 (2)"),
    Councillor(5, "", "마포구", "마포구 제1선거구", seat="마포구 제1선거구", committees=("transport",)),
]
PLACES = [
    Constituency("중구 제1선거구", "중구", ("소공동", "회현동")),
    Constituency("중구 제2선거구", "중구", ("신당동",)),
]


def target(dong="소공동", important=False, press=False, district="중구"):
    start = datetime(2022, 3, 20, 10, tzinfo=SEOUL)
    return NoticeTarget(
        "visit",
        1,
        district,
        dong,
        important,
        press,
        "transport" if press else None,
        "점검",
        "목적",
        "시청",
        start,
        start,
    )


def reasons(t):
    return {r.councillor.id: r.reason for r in recipients_for(t, PEOPLE, PLACES)}


def test_a_known_dong_goes_to_its_constituency():
    assert reasons(target()) == {1: "constituency", 4: "constituency"}


def test_an_unknown_dong_goes_to_the_district():
    assert reasons(target(dong="")) == {1: "district", 2: "district", 4: "district"}
    assert reasons(target(dong="명동")) == {1: "district", 2: "district", 4: "district"}


def test_a_dong_of_the_same_name_in_another_district_is_not_the_constituency():
    assert reasons(target(district="강남구")) == {3: "district"}


def test_important_adds_the_leadership_and_a_leader_is_invited_once():
    assert reasons(target(important=True)) == {1: "constituency", 4: "leadership", 3: "leadership"}


def test_press_briefing_adds_committee_and_leadership():
    assert reasons(target(press=True)) == {1: "constituency", 5: "committee", 3: "leadership", 4: "leadership"}


def test_outside_seoul_nobody():
    assert reasons(target(dong="", district="")) == {}


def test_template_placeholders_are_checked():
    assert check_template("{title} {scope}") == "{title} {scope}"
    for bad in ("{mayor}", "{", "{}", "{title!r}x{0}"):
        with pytest.raises(ValidationError):
            check_template(bad)


def test_render_says_the_scope():
    text = render("{scope}", target(dong=""), "district", None)
    assert text.startswith("중구 지역 시의원 전체") and "자치구 기준" in text
    text = render("{scope}", target(important=True), "constituency", PLACES[0])
    assert text.startswith("중구 제1선거구 지역 시의원") and "지도부" in text


def test_split_list_keeps_middle_dots():
    assert split_list("종로1·2·3·4가동, 사직동;\n사직동\n") == ("종로1·2·3·4가동", "사직동")
