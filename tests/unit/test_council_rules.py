"""Who hears about a visit: the district's councillors; the leadership too when it is important."""

from datetime import datetime

from planner.council import Councillor, Role, contacts_for
from planner.domain import SEOUL, Visit

PEOPLE = [
    Councillor(1, "가", "중구"),
    Councillor(2, "나", "중구"),
    Councillor(3, "다", "강남구"),
    Councillor(4, "라", "종로구", role=Role.SPEAKER),
    Councillor(5, "마", "중구", role=Role.FLOOR_LEADER),
    Councillor(6, "바", "마포구", role=Role.VICE_SPEAKER),
]


def visit(district="중구", important=False):
    start = datetime(2022, 3, 20, 10, tzinfo=SEOUL)
    return Visit(
        id=None,
        uid="u",
        title="t",
        site_id=1,
        start=start,
        end=start,
        category="economy",
        important=important,
        district=district,
    )


def test_ordinary_visit_notifies_the_district_only():
    assert [(c.id, kind) for c, kind in contacts_for(visit(), PEOPLE)] == [(1, "notice"), (2, "notice"), (5, "notice")]


def test_important_visit_invites_the_leadership_once():
    result = {c.id: kind for c, kind in contacts_for(visit(important=True), PEOPLE)}
    assert result == {1: "notice", 2: "notice", 4: "invitation", 5: "invitation", 6: "invitation"}


def test_visit_outside_seoul_notifies_nobody():
    assert contacts_for(visit(district=""), [Councillor(9, "사", "")]) == []
