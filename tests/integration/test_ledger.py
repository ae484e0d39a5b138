"""The ledger of requests and follow-ups (issue 14): overdue until told, notes, versions, the period
summary behind "시의원 79명, 186건 처리", the 의정플러스 posting, and the CLI."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta

import pytest

from planner import council, ledger
from planner.cli import main
from planner.domain import SEOUL, NotFound, StaleVersion, ValidationError
from planner.uow import UnitOfWork
from tests.conftest import uow_at


def _url(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


@pytest.fixture
def people(uow):
    return [council.add_councillor(uow, "", "중구", seat=f"중구 제{i}선거구") for i in (1, 2)]


def _add(uow, person, source="question", due=None, session="제301회", text="통학로 안전"):
    return ledger.add_item(
        uow,
        ledger.ItemDraft(
            source=source,
            text=text,
            person_kind="councillor",
            councillor_id=person.id,
            session=session,
            department="도시교통실",
            due_on=due,
        ),
    )


def test_issue_14_overdue_until_the_result_is_told(engine, uow, now, people):
    item = _add(uow, people[0], due=now.date() + timedelta(days=3))
    later = uow_at(engine, now + timedelta(days=4))

    def overdue(u):
        return [i.id for i in ledger.list_items(u, ledger.LedgerQuery(overdue=True))]

    assert overdue(uow) == [] and overdue(later) == [item.id]
    item = ledger.change_item(later, item.id, item.version, {"result": "신호 주기 조정", "result_at": later.now})
    assert overdue(later) == [item.id]  # processed but not told yet
    ledger.change_item(later, item.id, item.version, {"told_on": later.now.date()})
    assert overdue(later) == []


def test_issue_14_overdue_cli(engine, uow, people, capsys):
    # Due in 2000: overdue whatever the real date the CLI reads.
    item = _add(uow, people[0], due=date(2000, 1, 31))
    _add(uow, people[1], due=None)
    url = _url(engine)
    assert main(["--db", url, "ledger", "list", "--overdue", "--format", "json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["id"], row["state"], row["overdue"]) == (item.id, "overdue", True)
    assert main(["--db", url, "ledger", "update", str(item.id), "--expect-version", "1", "--result", "조치함",
                 "--result-on", "2000-02-01", "--told-on", "2000-02-02"]) == 0  # fmt: skip
    assert capsys.readouterr().out.strip() == "2"
    assert main(["--db", url, "ledger", "list", "--overdue", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["--db", url, "ledger", "update", str(item.id), "--expect-version", "1", "--result", "x"]) == 3


def test_notes_versions_and_refusals(engine, uow, now, people):
    item = _add(uow, people[0])
    ledger.add_note(UnitOfWork(engine, lambda: now, actor="kim"), item.id, "부서 검토 착수")
    ledger.add_note(uow_at(engine, now + timedelta(days=1)), item.id, "현장 확인")
    got = ledger.get_item(uow, item.id)
    assert [(n.note, n.noted_by) for n in got.notes] == [("부서 검토 착수", "kim"), ("현장 확인", "")]
    with pytest.raises(ValidationError):
        ledger.change_item(uow, item.id, 1, {"told_on": now.date()})  # no result yet
    with pytest.raises(ValidationError):
        ledger.change_item(uow, item.id, 1, {"posted_on": now.date()})
    with pytest.raises(ValidationError):
        ledger.change_item(uow, item.id, 1, {"councillor_id": 5})
    ledger.change_item(uow, item.id, 1, {"department": "주택정책실"})
    with pytest.raises(StaleVersion):
        ledger.change_item(uow, item.id, 1, {"department": "재무국"})
    assert ledger.get_item(uow, item.id).department == "주택정책실"
    with pytest.raises(ValidationError):  # questions come from councillors only
        ledger.add_item(uow, ledger.ItemDraft(source="question", text="x", person_kind="citizen", person="상인"))
    with pytest.raises(NotFound):
        ledger.get_item(uow, 9999)


def test_district_heads_and_citizens(uow):
    wish = ledger.add_item(
        uow, ledger.ItemDraft(source="wish", text="공영주차장", person_kind="district_head", district="Gangseo-gu")
    )
    shop = ledger.add_item(uow, ledger.ItemDraft(source="site", text="임대료", person_kind="citizen", person="상인회"))
    assert (wish.person_label("ko"), shop.person_label("ko")) == ("강서구청장", "상인회")
    with pytest.raises(ValidationError):
        ledger.add_item(uow, ledger.ItemDraft(source="site", text="x", person_kind="citizen"))


def test_summary_counts_processed_questions_and_speeches_in_the_period(engine, uow, now, people):
    a, b = people
    done = []
    for person, source, day in [(a, "question", 1), (a, "speech", 2), (b, "speech", 31), (b, "meeting", 3)]:
        item = _add(uow, person, source=source, session="제301회" if source != "meeting" else "")
        at = datetime(2021, 12, day, 18, tzinfo=SEOUL) if day < 31 else datetime(2021, 12, 31, 23, 30, tzinfo=SEOUL)
        done.append(ledger.change_item(uow, item.id, 1, {"result": "조치", "result_at": at}).id)
    _add(uow, b)  # never processed
    found = ledger.summary(uow, date(2021, 12, 1), date(2021, 12, 31))
    assert (found.councillors, found.items) == (2, 3) and set(found.item_ids) == set(done[:3])
    assert found.line("ko") == "시의원 2명, 3건 처리"
    assert ledger.summary(uow, date(2021, 12, 1), date(2021, 12, 30)).items == 2  # 23:30 on the 31st, Seoul
    with pytest.raises(ValidationError):
        ledger.summary(uow, date(2021, 12, 2), date(2021, 12, 1))


def test_posting_export_of_a_session(engine, uow, people, capsys, tmp_path):
    item = _add(uow, people[0], text='=HYPERLINK("x")')
    ledger.change_item(uow, item.id, 1, {"result": "조치", "result_at": datetime(2021, 5, 3, 10, tzinfo=SEOUL)})
    _add(uow, people[1], session="제302회")
    assert ledger.mark_posted(uow, [item.id], date(2021, 5, 4)) == 1
    url = _url(engine)
    out = tmp_path / "posting.csv"
    assert main(["--db", url, "ledger", "export", "--session", "제301회", "--out", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [(r["회기"], r["내용"], r["처리일"]) for r in rows] == [("제301회", '\'=HYPERLINK("x")', "2021-05-03")]
    xlsx = tmp_path / "posting.xlsx"
    assert main(["--db", url, "ledger", "export", "--from", "2021-01-01", "--to", "2021-12-31", "--format", "xlsx",
                 "--out", str(xlsx)]) == 0  # fmt: skip
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx).active
    assert sheet.cell(row=2, column=5).value == '\'=HYPERLINK("x")' and sheet.max_row == 2


def test_sample_ledger_gives_the_reports_figures(sample_uow, capsys):
    y2021 = ledger.summary(sample_uow, date(2021, 1, 1), date(2021, 12, 31))
    y2022 = ledger.summary(sample_uow, date(2022, 1, 1), date(2022, 12, 31))
    assert (y2021.councillors, y2021.items, y2022.councillors, y2022.items) == (79, 186, 6, 7)
    assert len(set(y2021.item_ids)) == 186
    # Not every row counts: unprocessed items and other sources are in the ledger too.
    assert len(ledger.list_items(sample_uow)) > 186 + 7
    assert ledger.list_items(sample_uow, ledger.LedgerQuery(overdue=True))


def test_summary_cli_prints_the_line(sample_engine, capsys):
    url = _url(sample_engine)
    assert main(["--db", url, "ledger", "summary", "--from", "2021-01-01", "--to", "2021-12-31"]) == 0
    assert capsys.readouterr().out.strip() == "시의원 79명, 186건 처리"
    assert (
        main(["--db", url, "ledger", "summary", "--from", "2022-01-01", "--to", "2022-12-31", "--format", "json"]) == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert (data["councillors"], data["items"], len(data["item_ids"])) == (6, 7, 7)
