"""Issue 14: the briefing pack of a visit — its contents, the ledger seam, and the talking points' one write path."""

from __future__ import annotations

import io

import pytest

from planner import briefing, council, engagements, notices, services
from planner.domain import NotFound, StaleVersion, ValidationError, VisitQuery


def _visit(sample_uow, uid_part: str):
    return next(v for v in services.list_visits(sample_uow) if uid_part in v.uid)


def test_pack_has_the_visit_its_day_earlier_visits_participants_and_notices(sample_uow):
    visit = _visit(sample_uow, "sample-upcoming-03@")  # 구청장협의회 at 종로구청, in three days
    councillor = notices.sheet(sample_uow, notices.Target("visit", visit.id)).recipients[0].councillor
    council.record_contacts(sample_uow, visit.id, [councillor.id], "phone")
    pack = briefing.build_briefing(sample_uow, visit.id, "ko", ledger=lambda uow, v: [(7, f"{v.district} 숙원사업")])
    assert pack.visit.kind == "district_council"
    assert [p.name for p in pack.participants] == ["서울특별시구청장협의회"]
    assert [s.this for s in pack.route].count(True) == 1
    assert pack.open_items == ((7, "종로구 숙원사업"),)
    assert [n.name for n in pack.notices] == [councillor.name]
    html = briefing.to_html(pack)
    assert "@page{size:A4" in html and "서울특별시구청장협의회 (구청장)" in html and "#7 종로구 숙원사업" in html


def test_earlier_visits_are_before_this_one_at_the_same_site_then_in_the_district(sample_uow):
    visits = services.list_visits(sample_uow, VisitQuery(year=2021))
    later = max((v for v in visits if v.site_name == "서울광장 임시선별검사소"), key=lambda v: v.start)
    pack = briefing.build_briefing(sample_uow, later.id, "ko", ledger=None)
    assert [v.site_name for v in pack.earlier_site] == ["서울광장 임시선별검사소"]
    assert all(v.start < later.start for v in pack.earlier_site + pack.earlier_district)
    assert all(v.district == later.district for v in pack.earlier_district)
    assert not {v.id for v in pack.earlier_site} & {v.id for v in pack.earlier_district}


def test_talking_points_change_only_from_the_version_seen(sample_uow):
    visit = _visit(sample_uow, "sample-2022-007@")
    first = briefing.save_talking_points(sample_uow, visit.id, "  요양병원 의료진 격려  ", 0)
    assert first.talking_points == "요양병원 의료진 격려" and first.version == 1
    with pytest.raises(StaleVersion):
        briefing.save_talking_points(sample_uow, visit.id, "다른 사람의 저장", 0)
    assert briefing.save_talking_points(sample_uow, visit.id, "둘째 판", 1).version == 2
    with pytest.raises(ValidationError):
        briefing.save_talking_points(sample_uow, visit.id, "제어문자\x1b", 2)
    with pytest.raises(NotFound):
        briefing.save_talking_points(sample_uow, 999_999, "x", 0)
    assert briefing.get_briefing(sample_uow, visit.id).talking_points == "둘째 판"


def test_word_file_of_the_pack_is_a4_with_the_talking_points(sample_uow):
    from docx import Document

    visit = _visit(sample_uow, "sample-2021-c001@")
    briefing.save_talking_points(sample_uow, visit.id, "지역 현안을 경청합니다.", 0)
    doc = Document(io.BytesIO(briefing.to_docx(briefing.build_briefing(sample_uow, visit.id, "ko", ledger=None))))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert "지역 현안을 경청합니다." in [p.text for p in doc.paragraphs]
    assert engagements.kind_label(visit.kind, "ko") == "시의원 개별 면담"


def test_a_visit_line_names_the_site_once():
    """ "구청장협의회 회의 (강북구청)" at 강북구청 is not followed by "(강북구청)" again; another site is named."""
    from datetime import datetime, timedelta

    from planner.domain import SEOUL, Status, Visit

    start = datetime(2022, 3, 2, 10, tzinfo=SEOUL)
    base = dict(id=1, uid="u", site_id=1, start=start, end=start + timedelta(hours=1), category="x", status=Status.DONE)
    named = Visit(title="구청장협의회 회의 (강북구청)", site_name="강북구청", **base)
    other = Visit(title="주민 간담회", site_name="강북구청", **base)
    assert briefing._visit_line(named) == "2022-03-02 · 구청장협의회 회의 (강북구청)"
    assert briefing._visit_line(other) == "2022-03-02 · 주민 간담회 (강북구청)"
