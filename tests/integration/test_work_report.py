"""Issue 14: the work report's sections 2 and 3 written from the records, and the kinds of engagement."""

from __future__ import annotations

import ast
import io
import random
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from planner import council, engagements, services, work_report
from planner.cli import main
from planner.domain import SEOUL, Participant, StaleVersion, Status, ValidationError, Visit
from tests.conftest import uow_at

ROOT = Path(__file__).resolve().parents[2]

# The source's lines (sections 2 and 3), as the report must print them from the sample's rows.
SOURCE_LINES = (
    "의장단‧상임위원장단 현안설명회를 통한 주요 시책과 현안사업 설명 및 협력방안 논의(′21년 5회, ′22년 1회)",
    "교섭단체·상임위원회별 간담회를 통한 시의원 건의·제안사항 청취 및 시정현안 협의(′21년 22회, ′22년 2회)",
    "시의원 개별 면담을 통해 지역 현장의 의견 청취 및 해결방안 모색(′21년 11회, ′22년 1회)",
    "2021년도 | 22회 | 혜민병원(12.27), 인왕시장(11.8), 서울의료원(9.29), 방재센터(9.18) 등",
    "2022년도 | 8회  | 미소들병원(1.29), 자가검사키트 검사소(2.2), 소공동지하상가(1.11) 등",
    "현장 목소리를 시정에 반영(′21년 14회, ′22년 7회)",
    "- 시-구 협력을 위한 구청장협의회와의 소통(′21년 12회, ′22년 2회)",
    "- 자치구 숙원사업 해결을 위한 시장-구청장 면담 실시(′21년 12회)",
)


def _work_report_text(capsys, db_url, *extra):
    assert main(["--db", db_url, "init", "--sample"]) == 0
    capsys.readouterr()
    code = main(["--db", db_url, "work-report", "--year", "2021", "--year", "2022", "--format", "text", *extra])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_work_report_prints_every_count_of_sections_2_and_3_as_the_source(capsys, db_url):
    out = _work_report_text(capsys, db_url)
    for line in SOURCE_LINES:
        assert line in out, line
    # 협의회 and 면담 are two lines now, never the one "24회" of the council report's group
    assert "24회" not in out


def test_work_report_prints_the_ledger_line_of_the_source(capsys, db_url):
    # planner.ledger.summary(uow, start, end) reached through planner.work_report.ledger_source(); the sample
    # ledger rows give the source's figures.
    out = _work_report_text(capsys, db_url)
    assert "시의원 79명, 186건 처리" in out
    assert "시의원 6명, 7건 처리" in out


@dataclass(frozen=True)
class _Summary:
    councillors: int
    items: int
    item_ids: tuple[int, ...]


def _suggestions_source(uow, start: date, end: date) -> _Summary:
    """A real ledger seam for the test: the suggestions made in the period, and how many councillors made them."""
    rows = [s for s in council.list_suggestions(uow) if start <= s.created_at.date() <= end]
    return _Summary(len({s.councillor_id for s in rows}), len(rows), tuple(sorted(s.id for s in rows)))


def test_the_ledger_line_counts_what_the_seam_counts_and_footnotes_its_items(engine):
    rng = random.Random(14)
    people = [council.add_councillor(uow_at(engine), f"의원{i}", "중구").id for i in range(rng.randint(3, 6))]
    made = {2021: [], 2022: []}
    for year in made:
        for _ in range(rng.randint(4, 9)):
            who = rng.choice(people)
            at = datetime(year, rng.randint(1, 12), 10, 10, tzinfo=SEOUL)
            made[year].append((who, council.add_suggestion(uow_at(engine, at), who, "통학로 안전", "주택정책실")))
    report = work_report.build_work_report(uow_at(engine), [2021, 2022], "ko", ledger=_suggestions_source)
    text = work_report.to_text(report)
    assert not report.ledger_missing
    for year, rows in made.items():
        yy = f"′{year % 100:02d}년"
        assert f"({yy}) 시의원 {len({w for w, _ in rows})}명, {len(rows)}건 처리" in text
        items = next(f for f in report.figures if f.kind == "ledger" and f.label.endswith(str(year)))
        assert items.ids == tuple(sorted(i for _, i in rows))


def test_without_a_ledger_the_report_says_so(engine):
    report = work_report.build_work_report(uow_at(engine), [2021], "ko", ledger=None)
    if work_report.ledger_source() is None:
        assert report.ledger_missing and "대장" in work_report.to_text(report)


def test_each_figure_knows_the_records_it_counts(sample_uow):
    report = work_report.build_work_report(sample_uow, [2021, 2022], "ko", ledger=None)
    by_label = {f.label: f for f in report.figures}
    briefing21 = by_label["현안설명회 · 2021"]
    visits = services.list_visits(sample_uow)
    held = [v for v in visits if v.kind == "council_briefing" and v.status == Status.DONE and v.start.year == 2021]
    assert briefing21.count == len(held) == len(briefing21.ids)
    assert set(briefing21.ids) == {v.id for v in held}
    covid = by_label["코로나19 현장방문 · 2022"]
    assert {v.category for v in visits if v.id in covid.ids} == {"covid19"}
    # the page/file footnote number of each figure is its place in reading order
    assert [f.n for f in report.figures] == list(range(1, len(report.figures) + 1))


def test_word_and_excel_files_carry_the_lines_and_footnote_each_figure(sample_uow):
    from docx import Document
    from openpyxl import load_workbook

    report = work_report.build_work_report(sample_uow, [2021, 2022], "ko", ledger=None)
    doc = Document(io.BytesIO(work_report.to_docx(report)))
    paras = [p for p in doc.paragraphs]
    line = next(p for p in paras if "현안설명회를 통한" in p.text)
    supers = [r.text for r in line.runs if r.font.superscript]
    assert supers == ["1)", "2)"]
    assert "′21년 5회" in line.text and "′22년 1회" in line.text
    notes = [p.text for p in paras if re.match(r"^\d+\) ", p.text)]
    assert len(notes) == len(report.figures)
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    # the COVID table's count carries its footnote number (after the figures printed before the table)
    marks = [int(m[1]) for c in cells if (m := re.fullmatch(r"22회(\d+)\)", c))]
    assert marks and all(2 < n <= len(report.figures) for n in marks)

    wb = load_workbook(io.BytesIO(work_report.to_xlsx(report)))
    first, notes_sheet = wb.worksheets
    texts = [str(c.value) for row in first.iter_rows() for c in row if c.value]
    assert any("(′21년 22회, ′22년 2회)" in x for x in texts)
    listed = [r for r in notes_sheet.iter_rows(min_row=2, values_only=True) if r[4] is not None]
    assert len(listed) == sum(len(f.ids) for f in report.figures)


def test_work_report_files_need_out_and_bad_years_are_refused(capsys, db_url):
    assert main(["--db", db_url, "init"]) == 0
    assert main(["--db", db_url, "work-report", "--year", "2021", "--format", "docx"]) == 2
    assert main(["--db", db_url, "work-report", "--year", "3000"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err


# ---------------------------------------------------------------- no figure of the source in code

# "5회", "22회", "79명", "186건" …: every count printed must come out of the rows.
SOURCE_FIGURES = re.compile(r"(?<![\d{])(?:5|1|22|2|11|12|14|7|8|24|79|186|6)\s*(?:회|명|건)")


def _literals(tree: ast.AST) -> list[ast.Constant]:
    """The string constants of a module that are not docstrings (docstrings may quote the source)."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
    ]


def test_no_figure_of_the_source_is_written_in_code():
    found = []
    for folder in ("planner", "pages"):
        for path in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in _literals(tree):
                if SOURCE_FIGURES.search(node.value):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:80]}")
    assert not found, "\n".join(found)


def test_the_figure_check_would_see_a_figure_written_in_code():
    tree = ast.parse('"""(′21년 5회) in a docstring is fine."""\nLINE = "(′21년 5회, ′22년 1회)"\n')
    assert [n.value for n in _literals(tree) if SOURCE_FIGURES.search(n.value)] == ["(′21년 5회, ′22년 1회)"]


# ---------------------------------------------------------------- kinds of engagement


def _visit(site_id: int, kind: str, day: int = 3) -> Visit:
    start = datetime(2022, 3, day, 15, 0, tzinfo=SEOUL)
    return Visit(
        id=None,
        uid="",
        title="기획경제위원회 간담회",
        site_id=site_id,
        start=start,
        end=start + timedelta(hours=1),
        category="covid19",
        status=Status.PROPOSED,
        kind=kind,
    )


@pytest.fixture
def site_id(uow):
    return services.add_site(uow, services.SiteDraft("서울특별시의회", 37.567872, 126.976874, "세종대로 125")).id


def test_every_visit_is_a_field_visit_unless_told(uow, site_id):
    v = services.create_visit(uow, _visit(site_id, "field_visit"))
    assert v.kind == "field_visit"


def test_an_engagement_is_created_with_its_participants_together(uow, site_id):
    people = [Participant("committee", "기획경제위원회"), Participant("official", "기획조정실장")]
    v = engagements.create_engagement(uow, _visit(site_id, "council_meeting"), people)
    assert v.kind == "council_meeting"
    assert engagements.participants_of(uow, [v.id])[v.id] == people


def test_a_bad_kind_or_participant_writes_nothing(uow, site_id):
    before = len(services.list_visits(uow))
    with pytest.raises(ValidationError):
        engagements.create_engagement(uow, _visit(site_id, "party"), [])
    with pytest.raises(ValidationError):
        engagements.create_engagement(uow, _visit(site_id, "council_meeting"), [Participant("mayor", "x")])
    with pytest.raises(ValidationError):
        engagements.create_engagement(
            uow, _visit(site_id, "council_meeting"), [Participant("committee", "a"), Participant("committee", "a")]
        )
    assert len(services.list_visits(uow)) == before


def test_kind_changes_through_the_change_path_with_history(uow, site_id):
    v = services.create_visit(uow, _visit(site_id, "field_visit"))
    changed = services.update_visit(uow, v.id, v.version, {"kind": "councillor_meeting"})
    assert changed.kind == "councillor_meeting" and changed.version == v.version + 1
    assert services.visit_history(uow, v.id)[-1].values["kind"] == "field_visit"
    with pytest.raises(ValidationError):
        services.update_visit(uow, v.id, changed.version, {"kind": "nonsense"})


def test_participants_change_only_from_the_list_the_user_saw(uow, site_id):
    v = engagements.create_engagement(uow, _visit(site_id, "council_meeting"), [Participant("committee", "교통위원회")])
    seen = engagements.participants_of(uow, [v.id])[v.id]
    engagements.set_participants(uow, v.id, [Participant("caucus", "제1교섭단체")], seen)
    with pytest.raises(StaleVersion):  # someone saved in between: the old list is no longer there
        engagements.set_participants(uow, v.id, [Participant("committee", "x")], seen)
    assert engagements.participants_of(uow, [v.id])[v.id] == [Participant("caucus", "제1교섭단체")]


def test_engagements_are_counted_by_kind_and_year_when_done(uow, site_id):
    done = engagements.create_engagement(uow, replace_status(_visit(site_id, "councillor_meeting", 2)), [])
    engagements.create_engagement(uow, _visit(site_id, "councillor_meeting", 4), [])  # proposed: not counted
    counted = engagements.held_by_kind(uow, [2022])
    assert [v.id for v in counted[("councillor_meeting", 2022)]] == [done.id]


def replace_status(v: Visit) -> Visit:
    from dataclasses import replace

    return replace(v, status=Status.DONE)
