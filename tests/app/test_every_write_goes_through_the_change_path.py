"""Issue 10: every front door that creates or changes a visit goes through the one change path.

``services.plan_new`` / ``services.plan_change`` are where the rules, the version check, the history
and the SEQUENCE live. Each entry point is driven as its user would (a page through AppTest, the
CLI through ``main``, an import with a file) with both functions spied on; a change must leave a
history entry and be checked against the version the user saw.
"""

from __future__ import annotations

import contextlib
import io
from datetime import datetime

import pytest

from planner import calendar_exchange, cli, db, reports, services
from planner.domain import SEOUL, StaleVersion, VisitQuery
from tests.app.conftest import CLOCK, LOG_SECTIONS
from tests.conftest import uow_at

NOW = datetime.fromisoformat(CLOCK)


@pytest.fixture
def spy(monkeypatch):
    calls: dict[str, list[int | None]] = {"new": [], "change": []}
    plan_new, plan_change = services.plan_new, services.plan_change

    def new(conn, visit, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls["new"].append(visit.id)
        return plan_new(conn, visit, *args, **kwargs)

    def change(conn, current, changes, expected_version, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls["change"].append(expected_version)
        return plan_change(conn, current, changes, expected_version, *args, **kwargs)

    monkeypatch.setattr(services, "plan_new", new)
    monkeypatch.setattr(services, "plan_change", change)
    return calls


@pytest.fixture
def work(env_db):
    db.create_database(env_db)
    engine, _ = services.open_database(env_db, lambda: NOW, sample_on_first_start=True)
    yield uow_at(engine, NOW)
    db.dispose_engine(env_db)


def history_versions(work, visit_id: int) -> list[int]:
    return [e.version for e in services.visit_history(work, visit_id)]


def cli_main(*args: str) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return cli.main(list(args))


def test_visit_log_form_add_and_edit(open_page, work, spy):
    at = open_page("pages/visits.py", opened=LOG_SECTIONS)
    at.text_input(key="visit_form.title").input("변경 경로 확인")
    at.selectbox(key="visit_form.category").set_value("economy")
    at.button(key="visit_form.submit").click().run()
    assert not at.exception and spy["new"] == [None]
    visit = next(v for v in services.list_visits(work) if v.title == "변경 경로 확인")
    at.selectbox(key="visit_edit.id").set_value(visit.id).run()
    at.text_input(key=f"visit_edit.{visit.id}.1.title").input("변경 경로 확인 (수정)")
    at.button(key=f"visit_edit.{visit.id}.1.submit").click().run()
    assert not at.exception and spy["change"] == [1]
    assert history_versions(work, visit.id) == [1]


def test_map_proposal(open_page, work, spy, monkeypatch):
    monkeypatch.setenv("PLANNER_TILES", "none")
    from tests.app.test_plan_page import CITY_HALL, click, save

    at = open_page("pages/plan.py", lang="ko")
    click(at, *CITY_HALL)
    at.text_input(key="plan.form.title").input("지도에서 제안")
    save(at)
    if any(b.key == "plan.form.save_anyway" for b in at.button):  # a warning first, then confirmed
        at.button(key="plan.form.save_anyway").click().run()
    assert spy["new"] and any(v.title == "지도에서 제안" for v in services.list_visits(work))


def test_cli_add_and_update_with_the_version_seen(env_db, work, spy):
    site = services.list_sites(work)[0]
    args = ("--db", env_db, "visits", "add", "--title", "CLI 일정", "--site-id", str(site.id), "--category", "economy")
    assert cli_main(*args, "--start", "2022-05-02T10:00", "--end", "2022-05-02T11:00") == 0
    assert spy["new"] == [None]
    visit = next(v for v in services.list_visits(work) if v.title == "CLI 일정")
    update = ("--db", env_db, "visits", "update", str(visit.id), "--title", "CLI 일정 (수정)")
    assert cli_main(*update, "--expect-version", "2") == 3  # stale: nothing written
    assert cli_main(*update, "--expect-version", "1") == 0
    assert spy["change"] == [2, 1] and history_versions(work, visit.id) == [1]


def test_import_as_visits_and_reimport(work, spy):
    def calendar(summary: str) -> bytes:
        return (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:walk@test\r\n"
            f"DTSTAMP:20220301T000000Z\r\nDTSTART:20220316T010000Z\r\nDTEND:20220316T020000Z\r\nSUMMARY:{summary}\r\n"
            "LOCATION:시청\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        ).encode()

    calendar_exchange.import_ics(work, calendar("가져온 일정"), "visits")
    assert spy["new"] == [None]
    (visit,) = [v for v in services.list_visits(work) if v.uid == "walk@test"]
    calendar_exchange.import_ics(work, calendar("가져온 일정 (변경)"), "visits")
    assert spy["change"] == [visit.version]
    assert history_versions(work, visit.id) == [1]


def test_highlight_save_and_undo(work, spy):
    visit = services.list_visits(work, VisitQuery(year=2021))[0]
    change = reports.HighlightChange(visit.id, visit.version, 7)
    with pytest.raises(StaleVersion):
        reports.save_highlights(work, [reports.HighlightChange(visit.id, visit.version + 1, 7)])
    reports.save_highlights(work, [change])
    assert services.get_visit(work, visit.id).highlight_rank == 7
    assert history_versions(work, visit.id) == [visit.version]
    services.restore_version(work, visit.id, visit.version + 1, visit.version)  # undo
    restored = services.get_visit(work, visit.id)
    assert restored.highlight_rank == visit.highlight_rank and restored.version == visit.version + 2
    assert spy["change"] == [visit.version + 1, visit.version, visit.version + 1]
    assert history_versions(work, visit.id) == [visit.version + 1, visit.version]


def test_the_spied_functions_are_the_ones_the_change_path_calls(work, spy):
    """Guard: create_visit and change_visit call the module-level halves (so the spy sees them)."""
    site = services.list_sites(work)[0]
    start = datetime(2022, 6, 2, 10, tzinfo=SEOUL)  # a working day (06-01 was the local election day)
    draft = services.VisitDraft("가드", site.id, start, start.replace(hour=11), "economy")
    visit = services.add_visit(work, draft)
    services.update_visit(work, visit.id, 1, {"title": "가드 2"})
    assert spy == {"new": [None], "change": [1]}
