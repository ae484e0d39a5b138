"""Council liaison on a temporary database: notices, pending list, suggestions until answered."""

from datetime import datetime, timedelta

import pytest

from planner import council, services
from planner.domain import SEOUL, NotFound, ValidationError


@pytest.fixture
def setup(engine, now):
    site = services.add_site(engine, "서울특별시청", 37.5663, 126.9779)
    a = council.add_councillor(engine, "김중구", "중구")
    b = council.add_councillor(engine, "이중구", "Jung-gu")
    leader = council.add_councillor(engine, "박의장", "강남구", role="speaker")
    start = now + timedelta(days=2)
    visit = services.add_visit(
        engine,
        services.VisitDraft(
            title="시청 앞 점검", site_id=site.id, start=start, end=start + timedelta(hours=1), category="safety"
        ),
        now,
    )
    return visit, a, b, leader


def test_pending_until_everyone_is_told(engine, now, setup):
    visit, a, b, leader = setup
    [pending] = council.pending_contacts(engine, now)
    assert (pending.visit.id, pending.missing, pending.total) == (visit.id, 2, 2)
    assert council.record_contacts(engine, visit.id, [a.id], "phone", now) == 1
    assert council.record_contacts(engine, visit.id, [a.id], "phone", now) == 0  # repeating is harmless
    assert council.pending_contacts(engine, now)[0].missing == 1
    council.record_contacts(engine, visit.id, [b.id], "visit", now)
    assert council.pending_contacts(engine, now) == []
    sent = {c.councillor.id: (c.kind, c.method) for c in council.contacts(engine, visit.id)}
    assert sent == {a.id: ("notice", "phone"), b.id: ("notice", "visit")}


def test_important_visit_needs_the_leadership_invited(engine, now, setup):
    visit, a, b, leader = setup
    services.update_visit(engine, visit.id, 1, {"important": True}, now)
    kinds = {c.councillor.id: c.kind for c in council.contacts(engine, visit.id)}
    assert kinds == {a.id: "notice", b.id: "notice", leader.id: "invitation"}


def test_refusals_write_nothing(engine, now, setup):
    visit, a, b, leader = setup
    with pytest.raises(ValidationError):
        council.record_contacts(engine, visit.id, [leader.id], "phone", now)  # not important: not concerned
    with pytest.raises(ValidationError):
        council.record_contacts(engine, visit.id, [a.id], "pigeon", now)
    with pytest.raises(ValidationError):
        council.record_contacts(engine, visit.id, [], "phone", now)
    with pytest.raises(NotFound):
        council.record_contacts(engine, 999, [a.id], "phone", now)
    assert all(c.sent_at is None for c in council.contacts(engine, visit.id))


def test_suggestion_tracked_until_answered(engine, now, setup):
    visit, a, b, leader = setup
    sid = council.add_suggestion(engine, a.id, "횡단보도 신호 시간 연장", "교통실", now, visit_id=visit.id)
    assert council.overdue_suggestions(engine, now + timedelta(days=14)) == []
    [late] = council.overdue_suggestions(engine, now + timedelta(days=15))
    assert late.id == sid and late.visit_title == "시청 앞 점검"
    with pytest.raises(ValidationError):
        council.answer_suggestion(engine, sid, "  ", now)
    council.answer_suggestion(engine, sid, "신호 주기를 조정했습니다.", now + timedelta(days=3))
    [done] = council.list_suggestions(engine, "answered")
    assert done.answered_at == now + timedelta(days=3) and council.list_suggestions(engine, "open") == []
    with pytest.raises(ValidationError):
        council.answer_suggestion(engine, sid, "다시", now)


def test_suggestion_validation(engine, now, setup):
    with pytest.raises(ValidationError):
        council.add_suggestion(engine, setup[1].id, "", "", now)
    with pytest.raises(NotFound):
        council.add_suggestion(engine, 999, "내용", "", now)


def test_sample_councillors_cover_every_district(sample_engine, now):
    people = council.list_councillors(sample_engine)
    assert {c.district for c in people} == {d.name_ko for d in services.list_districts(sample_engine)}
    roles = [c.role.value for c in people]
    assert roles.count("speaker") == 1 and roles.count("vice_speaker") == 2
    assert len(council.list_suggestions(sample_engine, "open")) >= 1
    assert council.pending_contacts(sample_engine, datetime(2022, 3, 15, 9, tzinfo=SEOUL)) != []


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
