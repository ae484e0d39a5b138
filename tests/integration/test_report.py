"""The council report against the sample data: the numbers of the 2022 report, the writers, the
``report`` command, formula injection, and saving the highlight order with version checks."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta

import pytest
from openpyxl import load_workbook

from planner import reports, services
from planner.cli import main
from planner.domain import SEOUL, StaleVersion, Status, VisitQuery
from tests.conftest import uow_at

INJECTION = '=HYPERLINK("http://x","y")'
EXPECTED = {
    ("covid19", 2021): (22, ["혜민병원(12.27)", "인왕시장(11.8)", "서울의료원(9.29)", "방재센터(9.18)"]),
    ("covid19", 2022): (8, ["미소들병원(1.29)", "자가검사키트 검사소(2.2)", "소공동지하상가(1.11)"]),
    ("policy", 2021): (14, None),
    ("policy", 2022): (7, None),
    ("district_coop", 2021): (24, None),
    ("district_coop", 2022): (2, None),
}


def check_rows(rows):
    found = {(r["group"], r["year"]): r for r in rows}
    assert set(found) == set(EXPECTED)
    for key, (count, highlights) in EXPECTED.items():
        assert found[key]["count"] == count, key
        if highlights is not None:
            assert found[key]["highlights"] == highlights, key


def test_report_on_the_sample_data_gives_the_2022_reports_numbers(sample_uow):
    report = reports.build_report(sample_uow, [2021, 2022])
    check_rows([r.record() for r in report.rows])
    assert [r.label for r in report.rows_of("covid19")] == ["코로나19 의료방역·민생회복 현장방문"] * 2
    assert reports.group_line(report.rows_of("policy")) == "′21년 14회, ′22년 7회"
    assert reports.highlights_cell(report.rows_of("covid19")[0], "ko").endswith(" 등")


def test_report_command_json(sample_engine, engine_url, capsys):
    code = main(["--db", engine_url, "report", "--year", "2021", "--year", "2022", "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    payload = json.loads(out)
    check_rows(payload["rows"])
    assert set(payload["rows"][0]) >= {"group", "label", "year", "count", "highlights"}


def test_report_command_text_and_errors(sample_engine, engine_url, capsys, tmp_path):
    assert main(["--db", engine_url, "report", "--year", "2021", "--year", "2022"]) == 0
    out = capsys.readouterr().out
    assert "2021년도 | 22회 | 혜민병원(12.27), 인왕시장(11.8), 서울의료원(9.29), 방재센터(9.18) 등" in out
    assert "(′21년 14회, ′22년 7회)" in out
    target = tmp_path / "r.xlsx"
    assert main(["--db", engine_url, "report", "--year", "2021", "--format", "xlsx"]) == 2  # xlsx needs --out
    assert main(["--db", engine_url, "report", "--year", "12021", "--format", "xlsx", "--out", str(target)]) == 2
    _, err = capsys.readouterr()
    assert len(err.strip().splitlines()) == 2  # one line per refusal
    assert not target.exists()  # nothing written
    with pytest.raises(SystemExit) as exc:
        main(["--db", engine_url, "report", "--help"])
    assert exc.value.code == 0


def read_report_sheet(data: bytes):
    wb = load_workbook(io.BytesIO(data))
    ws = wb.worksheets[0]
    rows = []
    for r in ws.iter_rows(min_row=5, values_only=True):
        if r[0] and isinstance(r[2], int):
            rows.append({"label": r[0], "year": int(str(r[1])[:4]), "count": r[2], "cell": r[3]})
    return wb, rows


def test_xlsx_reads_back_with_the_same_numbers(sample_uow, engine_url, tmp_path, capsys):
    target = tmp_path / "report.xlsx"
    assert (
        main(
            ["--db", engine_url, "report", "--year", "2021", "--year", "2022", "--format", "xlsx", "--out", str(target)]
        )
        == 0
    )
    wb, rows = read_report_sheet(target.read_bytes())
    report = reports.build_report(sample_uow, [2021, 2022])
    assert [(r["label"], r["year"], r["count"]) for r in rows] == [(r.label, r.year, r.count) for r in report.rows]
    assert rows[0]["cell"] == "혜민병원(12.27), 인왕시장(11.8), 서울의료원(9.29), 방재센터(9.18) 등"
    ws = wb.worksheets[0]
    assert ws["A5"].font.name == reports.KOREAN_FONT
    assert ws.column_dimensions["D"].width >= 60
    assert ws["C5"].number_format == '0"회"'  # shows "22회", stays a number
    detail = wb.worksheets[1]
    assert detail.max_row - 1 == sum(r.count for r in report.rows)


def add_visit(uow, title, site_name="현장", status=Status.DONE, start=None, category="covid19", rank=None):
    site = services.add_site(uow, services.SiteDraft(site_name, 37.5663, 126.9779))
    start = start or datetime(2021, 6, 1, 10, tzinfo=SEOUL)
    draft = services.VisitDraft(
        title=title,
        site_id=site.id,
        start=start,
        end=start + timedelta(hours=1),
        category=category,
        status=status,
        highlight_rank=rank,
    )
    return services.add_visit(uow, draft)


def test_formula_text_stays_text_in_xlsx_and_csv(sample_uow, engine_url, tmp_path, capsys):
    add_visit(sample_uow, INJECTION, site_name="@SUM(1+1)", rank=1)
    # Alone in its year, so its highlight cell starts with the site name.
    add_visit(sample_uow, "t", site_name="-2+3", rank=1, start=datetime(2023, 6, 1, 10, tzinfo=SEOUL))
    years = ["--year", "2021", "--year", "2023"]
    target = tmp_path / "r.xlsx"
    assert main(["--db", engine_url, "report", *years, "--format", "xlsx", "--out", str(target)]) == 0
    wb = load_workbook(target)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not [c for c in cells if c.data_type == "f" or c.value.startswith(("=", "@", "+", "-"))]
    titles = [c.value for c in cells if "HYPERLINK" in c.value]
    assert f"'{INJECTION}" in titles
    assert "'@SUM(1+1)" in [c.value for c in cells]  # the site in the visit list
    assert "'-2+3(6.1)" in [c.value for c in cells]  # the highlight cell

    for extra in ([], ["--detail"]):
        out_file = tmp_path / f"r{len(extra)}.csv"
        assert main(["--db", engine_url, "report", *years, "--format", "csv", "--out", str(out_file), *extra]) == 0
        raw = out_file.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # utf-8-sig: Excel reads Korean
        values = [v for row in csv.reader(io.StringIO(raw.decode("utf-8-sig"))) for v in row]
        assert not [v for v in values if v.startswith(("=", "@", "+", "-"))]
    detail = (tmp_path / "r1.csv").read_bytes().decode("utf-8-sig")
    assert f"'{INJECTION}".replace('"', '""') in detail
    assert "'-2+3(6.1)" in (tmp_path / "r0.csv").read_bytes().decode("utf-8-sig")


def test_only_done_visits_count_and_ended_confirmed_ones_are_listed(sample_uow, now):
    before = reports.build_report(sample_uow, [2022]).rows_of("covid19")[0].count
    day = datetime(2022, 3, 2, 10, tzinfo=SEOUL)  # a working day: only the statuses matter here
    cancelled = add_visit(sample_uow, "cancelled", status=Status.PROPOSED, start=day)
    services.change_status(sample_uow, cancelled.id, cancelled.version, Status.CANCELLED)  # none starts so
    add_visit(sample_uow, "proposed", status=Status.PROPOSED, start=day)
    add_visit(sample_uow, "approved", status=Status.APPROVED, start=day)
    held = add_visit(sample_uow, "held", status=Status.CONFIRMED, start=day)
    add_visit(sample_uow, "done", status=Status.DONE, start=day)
    # 2022-12-31 23:00 in Seoul is 14:00 UTC: Seoul's year decides.
    add_visit(sample_uow, "new year's eve", start=datetime(2022, 12, 31, 23, 0, tzinfo=SEOUL))
    add_visit(sample_uow, "new year", start=datetime(2023, 1, 1, 0, 30, tzinfo=SEOUL))
    report = reports.build_report(sample_uow, [2022, 2023])
    assert {r.year: r.count for r in report.rows_of("covid19")} == {2022: before + 2, 2023: 1}
    assert report.unclosed_ids == (held.id,)
    # The count for a past year does not depend on when the report is run.
    later = reports.build_report(uow_at(sample_uow.engine, now + timedelta(days=400)), [2022, 2023])
    assert [r.count for r in later.rows] == [r.count for r in report.rows]


def test_saving_highlight_order_checks_versions_in_one_unit_of_work(sample_uow):
    visits = reports.counted_visits(sample_uow, [2022])[("covid19", 2022)]
    by_site = {v.site_name: v for v in visits}
    chosen = [by_site["소공동지하상가"].id, by_site["미소들병원"].id]
    changes = reports.highlight_changes(visits, chosen)
    assert reports.save_highlights(sample_uow, changes) == 3  # two re-ranked, 자가검사키트 cleared
    row = reports.build_report(sample_uow, [2022]).rows_of("covid19")[0]
    assert row.highlights == ("소공동지하상가(1.11)", "미소들병원(1.29)")

    # A stale version anywhere refuses the whole save: nothing is written.
    fresh = reports.counted_visits(sample_uow, [2022])[("covid19", 2022)]
    other = next(v for v in fresh if v.site_name == "가락시장")
    services.update_visit(sample_uow, other.id, other.version, {"notes": "someone else"})
    changes = reports.highlight_changes(fresh, [other.id, by_site["미소들병원"].id])
    with pytest.raises(StaleVersion):
        reports.save_highlights(sample_uow, changes)
    row = reports.build_report(sample_uow, [2022]).rows_of("covid19")[0]
    assert row.highlights == ("소공동지하상가(1.11)", "미소들병원(1.29)")
    after = {v.id: v for v in reports.counted_visits(sample_uow, [2022])[("covid19", 2022)]}
    assert all(after[v.id].version == v.version for v in fresh if v.id != other.id)  # no version moved


def test_issue_10_saved_highlight_order_leaves_history_that_can_be_undone(sample_uow):
    """Issue 10: saving the highlight order raised the version with no history entry."""
    visits = reports.counted_visits(sample_uow, [2022])[("covid19", 2022)]
    target = next(v for v in visits if v.site_name == "소공동지하상가")
    old_rank = target.highlight_rank
    assert reports.save_highlights(sample_uow, reports.highlight_changes(visits, [target.id])) >= 1
    saved = services.get_visit(sample_uow, target.id)
    assert saved.highlight_rank == 1 and saved.version == target.version + 1
    (entry, *_) = services.visit_history(sample_uow, target.id)
    assert entry.version == target.version and entry.changed == ("highlight_rank",)
    assert entry.values["highlight_rank"] == old_rank

    restored = services.restore_version(sample_uow, target.id, saved.version, target.version)
    assert restored.highlight_rank == old_rank and restored.version == saved.version + 1


def test_a_stale_highlight_save_writes_nothing(sample_uow):
    visits = reports.counted_visits(sample_uow, [2022])[("covid19", 2022)]
    target = next(v for v in visits if v.site_name == "가락시장")
    changes = reports.highlight_changes(visits, [target.id])
    services.update_visit(sample_uow, target.id, target.version, {"notes": "someone else"})
    histories = {v.id: len(services.visit_history(sample_uow, v.id)) for v in visits}
    with pytest.raises(StaleVersion):
        reports.save_highlights(sample_uow, changes)
    after = {v.id: v for v in reports.counted_visits(sample_uow, [2022])[("covid19", 2022)]}
    assert [after[v.id].highlight_rank for v in visits] == [v.highlight_rank for v in visits]
    assert {v.id: len(services.visit_history(sample_uow, v.id)) for v in visits} == histories


def test_html_page_escapes_user_text(sample_uow):
    add_visit(sample_uow, "x", site_name="<script>alert(1)</script>", rank=1)
    page = reports.to_html(reports.build_report(sample_uow, [2021]))
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "@page" in page  # print layout


def test_english_labels(sample_uow):
    report = reports.build_report(sample_uow, [2021, 2022], lang="en")
    assert reports.group_line(report.rows_of("policy"), "en") == "2021: 14, 2022: 7"
    assert (
        reports.to_csv(report).decode("utf-8-sig").splitlines()[0] == "Group code,Report group,Year,Visits,Highlights"
    )


def test_visits_listed_in_detail_are_the_counted_ones(sample_uow):
    report = reports.build_report(sample_uow, [2022])
    records = reports.detail_records(sample_uow, report)
    assert len(records) == sum(r.count for r in report.rows)
    done_2022 = services.list_visits(sample_uow, VisitQuery(year=2022, statuses=(Status.DONE,)))
    assert {r["id"] for r in records} <= {v.id for v in done_2022}
