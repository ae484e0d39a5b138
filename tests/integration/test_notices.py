"""Council notices (issue 14): recipients by constituency or district, leadership and committee, states,
the template, the warnings before confirmed visits, and the CLI's contract."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from planner import council, notices, services
from planner.cli import main
from planner.domain import Status, ValidationError
from planner.uow import UnitOfWork
from tests.conftest import uow_at

LIST_KEYS = {"councillor", "district", "constituency", "role", "reason", "status"}


@pytest.fixture
def place(uow, now):
    """중구 with two registered constituencies, a site in the first (소공동), and the leadership elsewhere."""
    council.save_committee(uow, "transport", "교통위원회", "Transport Committee")
    council.save_constituency(uow, "중구 제1선거구", "중구", "소공동, 회현동\n명동")
    council.save_constituency(uow, "중구 제2선거구", "중구", "신당동;다산동")
    first = council.add_councillor(uow, "", "중구", "중구 제1선거구", seat="중구 제1선거구")
    second = council.add_councillor(uow, "", "중구", "중구 제2선거구", seat="중구 제2선거구")
    speaker = council.add_councillor(uow, "", "강남구", "강남구 제1선거구", role="speaker", seat="강남구 제1선거구")
    vice = council.add_councillor(uow, "", "", role="vice_speaker", seat="비례대표 1")
    member = council.add_councillor(
        uow, "", "마포구", "마포구 제1선거구", seat="마포구 제1선거구", committees=("transport",)
    )
    site = services.add_site(uow, services.SiteDraft("서울특별시청", 37.5663, 126.9779))
    council.set_site_dong(uow, site.id, "소공동")
    other = services.add_site(uow, services.SiteDraft("중구청", 37.56384, 126.99758))
    people = {"first": first, "second": second, "speaker": speaker, "vice": vice, "member": member}
    return site, other, people


def _visit(uow, now, site, important=False, days=2, status=Status.PROPOSED):
    start = now + timedelta(days=days)
    return services.add_visit(
        uow,
        services.VisitDraft(
            title="시청 앞 점검",
            site_id=site.id,
            start=start,
            end=start + timedelta(hours=1),
            category="safety",
            important=important,
            status=status,
            purpose="보행 안전을 점검한다.",
        ),
    )


def _url(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _cli_list(engine, visit_id, capsys):
    assert main(["--db", _url(engine), "notices", "list", "--visit", str(visit_id), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_issue_14_important_visit_lists_the_constituency_and_the_leadership(engine, uow, now, place, capsys):
    site, _, people = place
    visit = _visit(uow, now, site, important=True)
    records = _cli_list(engine, visit.id, capsys)
    assert all(LIST_KEYS <= set(r) for r in records)
    reasons = {r["councillor"]: r["reason"] for r in records}
    assert reasons == {
        "중구 제1선거구 의원": "constituency",
        "강남구 제1선거구 의원": "leadership",
        "비례대표 1 의원": "leadership",
    }
    first = next(r for r in records if r["reason"] == "constituency")
    assert (first["district"], first["constituency"], first["role"], first["status"]) == (
        "중구",
        "중구 제1선거구",
        "member",
        "to_send",
    )


def test_issue_14_not_important_lists_only_the_members(engine, uow, now, place, capsys):
    site, _, _ = place
    visit = _visit(uow, now, site, important=False)
    records = _cli_list(engine, visit.id, capsys)
    assert [(r["councillor"], r["reason"]) for r in records] == [("중구 제1선거구 의원", "constituency")]


def test_unknown_dong_goes_to_the_district_and_the_notice_says_so(uow, now, place):
    _, other, _ = place  # 중구청: no 행정동 recorded
    visit = _visit(uow, now, other)
    sheet = notices.sheet(uow, notices.Target("visit", visit.id))
    assert sheet.scope == "district"
    assert {r.councillor.seat for r in sheet.recipients} == {"중구 제1선거구", "중구 제2선거구"}
    assert {r.reason for r in sheet.recipients} == {"district"}
    assert "중구 지역 시의원 전체" in sheet.text and "자치구 기준" in sheet.text
    council.set_site_dong(uow, other.id, "신당동")
    sheet = notices.sheet(uow, notices.Target("visit", visit.id))
    assert sheet.scope == "constituency" and "중구 제2선거구" in sheet.text
    assert [r.councillor.seat for r in sheet.recipients] == ["중구 제2선거구"]


def test_press_pre_briefing_adds_the_committee_and_the_leadership(uow, now, place):
    site, _, people = place
    visit = _visit(uow, now, site)
    target = notices.Target("visit", visit.id)
    with pytest.raises(ValidationError):
        notices.save_plan(uow, target, True, None)
    notices.save_plan(uow, target, True, "transport", contact="정무수석실 02-000-0000")
    sheet = notices.sheet(uow, target)
    assert {r.councillor.id: r.reason for r in sheet.recipients} == {
        people["first"].id: "constituency",
        people["member"].id: "committee",
        people["speaker"].id: "leadership",
        people["vice"].id: "leadership",
    }
    assert "정무수석실 02-000-0000" in sheet.text and "언론발표" in sheet.text


def test_states_to_send_sent_acknowledged(engine, uow, now, place):
    site, _, people = place
    visit = _visit(uow, now, site, important=True)
    target = notices.Target("visit", visit.id)
    staff = UnitOfWork(engine, lambda: now, actor="kim")
    with pytest.raises(ValidationError):  # not sent yet
        notices.acknowledge(staff, target, [people["first"].id])
    with pytest.raises(ValidationError):  # not a recipient of this visit: nothing written
        notices.record_sent(staff, target, [people["first"].id, people["second"].id], "phone")
    assert notices.record_sent(staff, target, [people["first"].id], "phone") == 1
    assert notices.record_sent(staff, target, [people["first"].id], "phone") == 0
    later = UnitOfWork(engine, lambda: now + timedelta(hours=3), actor="lee")
    assert notices.acknowledge(later, target, [people["first"].id]) == 1
    states = {r.councillor.id: r for r in notices.sheet(uow, target).recipients}
    first = states[people["first"].id]
    assert (first.status, first.method, first.sent_at, first.sent_by, first.acknowledged_at) == (
        "acknowledged",
        "phone",
        now,
        "kim",
        now + timedelta(hours=3),
    )
    assert states[people["speaker"].id].status == "to_send"


def test_template_is_edited_and_checked(uow, now, place):
    site, _, _ = place
    visit = _visit(uow, now, site)
    with pytest.raises(ValidationError):
        notices.save_template(uow, "{title} {mayor}")
    with pytest.raises(ValidationError):
        notices.save_template(uow, "{title")
    notices.save_template(uow, "제목 {title} / 일시 {date} {time} / 장소 {place} / 목적 {purpose} / 문의 {contact}")
    text = notices.sheet(uow, notices.Target("visit", visit.id)).text
    start = visit.start
    assert text == (
        f"제목 시청 앞 점검 / 일시 {start:%Y}. {start.month}. {start.day}. {start:%H:%M}~{visit.end:%H:%M}"
        " / 장소 서울특별시청 / 목적 보행 안전을 점검한다. / 문의 -"
    )


def test_confirmed_visits_warn_until_every_notice_is_sent(engine, uow, now, place, monkeypatch):
    site, _, people = place
    monkeypatch.setenv("PLANNER_NOTICE_DAYS", "3")
    soon = _visit(uow, now, site, days=2, status=Status.CONFIRMED)
    _visit(uow, now, site, days=5, status=Status.CONFIRMED)  # beyond the 3 days
    _visit(uow, now + timedelta(hours=2), site, days=1, status=Status.APPROVED)  # not confirmed: no warning
    assert [w.visit.id for w in notices.warnings(uow)] == [soon.id]
    assert [w.visit.id for w in notices.warnings(uow_at(engine, now - timedelta(days=2)))] == []
    notices.record_sent(uow, notices.Target("visit", soon.id), [people["first"].id], "email")
    assert notices.warnings(uow) == []


def test_pending_cli_window(engine, uow, now, place, capsys):
    site, _, _ = place
    # The CLI reads the real clock: a visit placed a day after the real now, whatever today is.
    real = services.system_clock()
    start = real + timedelta(days=1)
    visit = services.add_visit(
        UnitOfWork(engine, services.system_clock),
        services.VisitDraft(
            title="점검",
            site_id=site.id,
            start=start,
            end=start + timedelta(hours=1),
            category="safety",
            override_reason="test",
        ),
    )
    url = _url(engine)
    assert main(["--db", url, "notices", "pending", "--within-days", "3", "--format", "json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["visit_id"], row["missing"], row["total"], row["scope"]) == (visit.id, 1, 1, "constituency")
    assert main(["--db", url, "notices", "pending", "--within-days", "0", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["--db", url, "notices", "send", "--visit", str(visit.id), "--all", "--method", "phone"]) == 0
    assert capsys.readouterr().out.strip() == "1"
    assert main(["--db", url, "notices", "pending", "--within-days", "3", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
