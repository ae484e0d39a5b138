"""Issue 11, item 2: the scheduling rules (travel, holiday, weekend, hours, daily_limit) run on every save path
through the one change path (``services._problems``): a blocking problem refuses the save (CLI exit 2, one line),
a warning is saved and shown, and ``--override REASON`` saves over a blocking scheduling problem with the reason
recorded, never over the field rules."""

from __future__ import annotations

import json
import time
from datetime import datetime

import pytest

from planner import calendar_exchange, services
from planner.cli import main
from planner.domain import SEOUL
from tests.conftest import FIXED_NOW, uow_at

CITY_HALL = (37.566295, 126.977945)
JAMSIL = (37.5133, 127.1001)  # 15-20 km by road from City Hall
REASON = "성탄절 무료급식소 격려 방문"


@pytest.fixture(autouse=True)
def korean_and_fixed_clock(monkeypatch):
    monkeypatch.setattr(services, "system_clock", lambda: FIXED_NOW)
    monkeypatch.setenv("PLANNER_LANGUAGE", "ko")
    monkeypatch.delenv("PLANNER_RULE_SEVERITY", raising=False)
    yield
    monkeypatch.undo()
    time.tzset()


def run(capsys, url, *args):
    code = main(["--db", url, *args])
    out, err = capsys.readouterr()
    return code, out, err


def add_site(capsys, url, name, lat, lon) -> int:
    code, out, err = run(capsys, url, "sites", "add", "--name", name, "--lat", str(lat), "--lon", str(lon))
    assert code == 0, err
    return int(out)


def add(capsys, url, site_id, start, end, *extra):
    return run(
        capsys, url,
        "visits", "add", "--title", "현장방문", "--site-id", str(site_id), "--start", start, "--end", end,
        "--category", "economy", *extra,
    )  # fmt: skip


def records(capsys, url) -> list[dict]:
    code, out, _ = run(capsys, url, "visits", "list", "--format", "json")
    assert code == 0
    return json.loads(out)


def test_visits_add_on_christmas_is_refused_naming_the_holiday_and_saved_with_an_override_in_record_and_history(
    capsys, engine_url
):
    site = add_site(capsys, engine_url, "시청", *CITY_HALL)
    code, out, err = add(capsys, engine_url, site, "2026-12-25T10:00", "2026-12-25T11:00")
    assert code == 2 and out == ""
    (line,) = err.strip().splitlines()  # one line, naming the rule and the holiday in Korean
    assert "공휴일" in line and "기독탄신일" in line
    assert records(capsys, engine_url) == []  # nothing written

    code, out, err = add(capsys, engine_url, site, "2026-12-25T10:00", "2026-12-25T11:00", "--override", REASON)
    assert code == 0, err
    visit_id = int(out)
    assert "주의" in err and "기독탄신일" in err  # saved, and the overridden problem shown as a warning
    (record,) = records(capsys, engine_url)
    assert record["id"] == visit_id and record["override_reason"] == REASON

    # A later edit is not refused for the problem the stored version already had ...
    code, out, err = run(
        capsys, engine_url, "visits", "update", str(visit_id), "--expect-version", "1", "--notes", "준비"
    )
    assert code == 0, err
    (entry,) = services.visit_history(uow_at(services.open_database(engine_url, lambda: FIXED_NOW)[0]), visit_id)
    assert entry.version == 1 and entry.values["override_reason"] == REASON  # ... and the reason is in the history
    # ... but a move to another holiday is a new problem: the old reason does not cover it.
    code, _, err = run(
        capsys, engine_url, "visits", "update", str(visit_id), "--expect-version", "2",
        "--start", "2027-01-01T10:00", "--end", "2027-01-01T11:00",
    )  # fmt: skip
    assert code == 2 and "공휴일" in err


def test_visits_add_on_march_first_names_samiljeol(capsys, engine_url):
    site = add_site(capsys, engine_url, "시청", *CITY_HALL)
    code, _, err = add(capsys, engine_url, site, "2022-03-01T10:00", "2022-03-01T11:00")
    assert code == 2 and err.count("\n") == 1 and "삼일절" in err


def test_a_holiday_is_a_warning_when_the_setting_says_so(capsys, engine_url, monkeypatch):
    monkeypatch.setenv("PLANNER_RULE_SEVERITY", "holiday=warning")
    site = add_site(capsys, engine_url, "시청", *CITY_HALL)
    code, _, err = add(capsys, engine_url, site, "2026-12-25T10:00", "2026-12-25T11:00")
    assert code == 0 and "주의" in err and "기독탄신일" in err
    assert records(capsys, engine_url)[0]["override_reason"] == ""


def test_visits_add_15_km_away_10_minutes_later_is_refused_with_the_minutes_missing(capsys, engine_url):
    a = add_site(capsys, engine_url, "시청", *CITY_HALL)
    b = add_site(capsys, engine_url, "잠실", *JAMSIL)
    assert add(capsys, engine_url, a, "2022-03-02T10:00", "2022-03-02T11:00")[0] == 0
    code, _, err = add(capsys, engine_url, b, "2022-03-02T11:10", "2022-03-02T12:00")
    assert code == 2 and err.count("\n") == 1
    assert "이동" in err and "10분뿐입니다" in err and "분이 모자랍니다" in err
    assert len(records(capsys, engine_url)) == 1
    # Moving the stored visit so that the drive no longer fits is refused the same way.
    code, _, err = run(
        capsys, engine_url, "visits", "update", "1", "--expect-version", "1",
        "--start", "2022-03-02T11:50", "--end", "2022-03-02T12:30", "--site-id", str(b),
    )  # fmt: skip
    assert code == 0, err  # same place as nothing else that day: fine
    assert add(capsys, engine_url, a, "2022-03-02T12:40", "2022-03-02T13:00")[0] == 2


def test_a_warning_rule_saves_and_prints_the_warning(capsys, engine_url):
    site = add_site(capsys, engine_url, "시청", *CITY_HALL)
    code, _, err = add(capsys, engine_url, site, "2022-03-05T10:00", "2022-03-05T11:00")  # a Saturday
    assert code == 0 and err.startswith("주의:") and "주말" in err
    code, _, err = add(capsys, engine_url, site, "2022-03-02T07:00", "2022-03-02T08:00")  # before working hours
    assert code == 0 and "근무 시간" in err


def test_an_override_never_bypasses_the_field_rules(capsys, engine_url):
    site = add_site(capsys, engine_url, "시청", *CITY_HALL)
    over = ("--override", REASON)
    code, _, err = add(capsys, engine_url, site, "2026-12-25T11:00", "2026-12-25T10:00", *over)
    assert code == 2 and "기독탄신일" not in err  # end before start: refused by its own rule
    code, _, _ = run(
        capsys, engine_url,
        "visits", "add", "--title", "가" * 201, "--site-id", str(site), "--start", "2026-12-25T10:00",
        "--end", "2026-12-25T11:00", "--category", "economy", *over,
    )  # fmt: skip
    assert code == 2
    code, _, err = add(capsys, engine_url, site, "2026-12-25T10:00", "2026-12-25T11:00", "--override", "가" * 501)
    assert code == 2 and "500" in err  # the reason itself keeps its rule
    assert add(capsys, engine_url, site, "2026-12-25T10:00", "2026-12-25T11:00", "--override", "a\x1bb")[0] == 2
    assert records(capsys, engine_url) == []


def test_the_daily_limit_refuses_one_visit_too_many(capsys, engine_url):
    site = add_site(capsys, engine_url, "시청", *CITY_HALL)
    for hour in range(9, 14):
        assert add(capsys, engine_url, site, f"2022-03-02T{hour:02}:00", f"2022-03-02T{hour:02}:40")[0] == 0
    code, _, err = add(capsys, engine_url, site, "2022-03-02T14:00", "2022-03-02T14:40")
    assert code == 2 and "한도" in err


def test_an_import_as_visits_reports_scheduling_problems_as_warnings(engine):
    """Calendar imports are advisory: the events are already in someone's calendar (README, Import)."""
    work = uow_at(engine)
    data = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:holiday@test\r\n"
        "DTSTAMP:20220301T000000Z\r\nDTSTART:20220301T010000Z\r\nDTEND:20220301T020000Z\r\nSUMMARY:기념식\r\n"
        "LOCATION:시청\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()
    report = calendar_exchange.import_ics(work, data, "visits")
    (visit,) = [v for v in services.list_visits(uow_at(engine)) if v.uid == "holiday@test"]
    assert visit.start == datetime(2022, 3, 1, 10, tzinfo=SEOUL)
    assert any(p.rule == "holiday" and not p.blocking for _, p in report.warnings)
