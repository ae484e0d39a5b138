"""Council liaison on a temporary database: notices, pending list, suggestions until answered."""

from datetime import timedelta

import pytest

from planner import council, services
from planner.domain import NotFound, ValidationError
from tests.conftest import uow_at


@pytest.fixture
def setup(uow, now):
    site = services.add_site(uow, services.SiteDraft("서울특별시청", 37.5663, 126.9779))
    a = council.add_councillor(uow, "김중구", "중구")
    b = council.add_councillor(uow, "이중구", "Jung-gu")
    leader = council.add_councillor(uow, "박의장", "강남구", role="speaker")
    start = now + timedelta(days=2)
    visit = services.add_visit(
        uow,
        services.VisitDraft(
            title="시청 앞 점검", site_id=site.id, start=start, end=start + timedelta(hours=1), category="safety"
        ),
    )
    return visit, a, b, leader


def test_pending_until_everyone_is_told(uow, now, setup):
    visit, a, b, leader = setup
    [pending] = council.pending_contacts(uow)
    assert (pending.visit.id, pending.missing, pending.total) == (visit.id, 2, 2)
    assert council.record_contacts(uow, visit.id, [a.id], "phone") == 1
    assert council.record_contacts(uow, visit.id, [a.id], "phone") == 0  # repeating is harmless
    assert council.pending_contacts(uow)[0].missing == 1
    council.record_contacts(uow, visit.id, [b.id], "visit")
    assert council.pending_contacts(uow) == []
    sent = {c.councillor.id: (c.kind, c.method, c.sent_at) for c in council.contacts(uow, visit.id)}
    assert sent == {a.id: ("notice", "phone", now), b.id: ("notice", "visit", now)}


def test_important_visit_needs_the_leadership_invited(uow, setup):
    visit, a, b, leader = setup
    services.update_visit(uow, visit.id, 1, {"important": True})
    kinds = {c.councillor.id: c.kind for c in council.contacts(uow, visit.id)}
    assert kinds == {a.id: "notice", b.id: "notice", leader.id: "invitation"}


def test_refusals_write_nothing(uow, setup):
    visit, a, b, leader = setup
    with pytest.raises(ValidationError):
        council.record_contacts(uow, visit.id, [leader.id], "phone")  # not important: not concerned
    with pytest.raises(ValidationError):
        council.record_contacts(uow, visit.id, [a.id, leader.id], "phone")  # all or nothing
    with pytest.raises(ValidationError):
        council.record_contacts(uow, visit.id, [a.id], "pigeon")
    with pytest.raises(ValidationError):
        council.record_contacts(uow, visit.id, [], "phone")
    with pytest.raises(NotFound):
        council.record_contacts(uow, 999, [a.id], "phone")
    assert all(c.sent_at is None for c in council.contacts(uow, visit.id))


def test_nothing_is_kept_unless_the_outer_block_commits(uow, setup):
    # A caller's dry run: the use case's own commit is an inner one.
    visit, a, b, leader = setup
    with uow.transaction(write=True):
        assert council.record_contacts(uow, visit.id, [a.id], "phone") == 1
        council.add_suggestion(uow, a.id, "건의", "")
    assert all(c.sent_at is None for c in council.contacts(uow, visit.id))
    assert council.list_suggestions(uow) == []


def test_suggestion_tracked_until_answered(engine, uow, now, setup):
    visit, a, b, leader = setup
    sid = council.add_suggestion(uow, a.id, "횡단보도 신호 시간 연장", "교통실", visit_id=visit.id)
    assert council.overdue_suggestions(uow_at(engine, now + timedelta(days=14))) == []
    [late] = council.overdue_suggestions(uow_at(engine, now + timedelta(days=15)))
    assert late.id == sid and late.visit_title == "시청 앞 점검"
    with pytest.raises(ValidationError):
        council.answer_suggestion(uow, sid, "  ")
    council.answer_suggestion(uow_at(engine, now + timedelta(days=3)), sid, "신호 주기를 조정했습니다.")
    [done] = council.list_suggestions(uow, "answered")
    assert done.answered_at == now + timedelta(days=3) and council.list_suggestions(uow, "open") == []
    with pytest.raises(ValidationError):
        council.answer_suggestion(uow, sid, "다시")


def test_suggestion_validation(uow, setup):
    with pytest.raises(ValidationError):
        council.add_suggestion(uow, setup[1].id, "", "")
    with pytest.raises(NotFound):
        council.add_suggestion(uow, 999, "내용", "")
    with pytest.raises(NotFound):
        council.answer_suggestion(uow, 999, "답변")


def test_sample_councillors_cover_every_district(sample_uow):
    people = council.list_councillors(sample_uow)
    # Proportional seats (비례대표) belong to no district.
    assert {c.district for c in people} - {""} == {d.name_ko for d in services.list_districts(sample_uow)}
    roles = [c.role.value for c in people]
    assert roles.count("speaker") == 1 and roles.count("vice_speaker") == 2
    assert len(council.list_suggestions(sample_uow, "open")) >= 1
    assert council.pending_contacts(sample_uow) != []  # the clock stands in March 2022


def test_councillors_cli(capsys, db_url):
    import json

    from planner.cli import main

    assert (
        main(["--db", db_url, "councillors", "add", "--name", "홍길동", "--district", "Jung-gu", "--role", "speaker"])
        == 0
    )
    assert capsys.readouterr().out.strip() == "1"
    assert main(["--db", db_url, "councillors", "list", "--format", "json"]) == 0
    [person] = json.loads(capsys.readouterr().out)
    assert (person["name"], person["district"], person["role"]) == ("홍길동", "중구", "speaker")
    assert main(["--db", db_url, "councillors", "add", "--name", "x", "--district", "Atlantis"]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
