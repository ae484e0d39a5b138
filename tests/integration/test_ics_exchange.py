"""Calendar export and import through the services and the CLI, on a temporary database."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
import vobject
from icalendar import Calendar
from sqlalchemy import create_engine, text

from planner import calendar_exchange, cli, db, repository, services
from planner.domain import SEOUL, Status, ValidationError, VisitQuery
from tests.conftest import uow_at

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ics"
GOOGLE = FIXTURES / "google_x_wr_timezone.ics"
WINDOW = (datetime(2022, 3, 1, tzinfo=SEOUL), datetime(2022, 6, 1, tzinfo=SEOUL))


def run(*argv: str) -> int:
    return cli.main(list(argv))


@pytest.fixture
def env_db(engine, monkeypatch):
    """The CLI on the same database as ``engine`` (SQLite or PostgreSQL)."""
    url = engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("PLANNER_DATABASE_URL", url)
    return url


def events(path: Path):
    return list(Calendar.from_ical(path.read_bytes()).walk("VEVENT"))


def counts(engine) -> tuple[int, int, int]:
    with db.transaction(engine) as conn:
        return (
            repository.count_visits(conn),
            len(repository.list_busy_blocks(conn)),
            len(repository.list_sites(conn)),
        )


# ---------------------------------------------------------------- acceptance: export


def test_export_year_2022_one_vevent_per_visit_timezone_and_stable_uids(sample_engine, env_db, tmp_path):
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    assert run("export-ics", "--year", "2022", "--out", str(first)) == 0
    assert run("export-ics", "--year", "2022", "--out", str(second)) == 0
    visits_2022 = services.list_visits(uow_at(sample_engine), VisitQuery(year=2022))
    assert len(visits_2022) > 5
    uids = [str(e["UID"]) for e in events(first)]
    assert sorted(uids) == sorted(v.uid for v in visits_2022)
    assert uids == [str(e["UID"]) for e in events(second)]
    cal = Calendar.from_ical(first.read_bytes())
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Asia/Seoul"]
    parsed = vobject.readOne(first.read_text(encoding="utf-8"))  # an independent parser
    assert len(parsed.vevent_list) == len(visits_2022)
    assert {e.dtstart.value.utcoffset().total_seconds() for e in parsed.vevent_list} == {9 * 3600}


def sequence_of(path: Path, uid: str) -> int:
    return next(int(e["SEQUENCE"]) for e in events(path) if str(e["UID"]) == uid)


def test_update_raises_sequence_and_cancelled_exports_as_cancelled(sample_engine, env_db, tmp_path):
    visit = services.list_visits(uow_at(sample_engine), VisitQuery(year=2022))[0]
    before, after, cancelled = tmp_path / "1.ics", tmp_path / "2.ics", tmp_path / "3.ics"
    run("export-ics", "--year", "2022", "--out", str(before))
    assert run("visits", "update", str(visit.id), "--expect-version", str(visit.version), "--title", "바뀐 제목") == 0
    run("export-ics", "--year", "2022", "--out", str(after))
    assert sequence_of(after, visit.uid) > sequence_of(before, visit.uid)

    open_visit = next(v for v in services.list_visits(uow_at(sample_engine)) if v.is_open)
    services.change_status(
        uow_at(sample_engine, services.system_clock()), open_visit.id, open_visit.version, Status.CANCELLED
    )
    run("export-ics", "--out", str(cancelled))
    status = next(str(e["STATUS"]) for e in events(cancelled) if str(e["UID"]) == open_visit.uid)
    assert status == "CANCELLED"


def test_sequence_ignores_changes_a_calendar_does_not_show(sample_engine, now):
    visit = services.list_visits(uow_at(sample_engine), VisitQuery(year=2022))[0]
    changed = services.update_visit(
        uow_at(sample_engine, now), visit.id, visit.version, {"important": not visit.important}
    )
    assert changed.version == visit.version + 1
    assert changed.ics_sequence == visit.ics_sequence
    moved = services.update_visit(uow_at(sample_engine, now), visit.id, changed.version, {"purpose": "새 목적"})
    assert moved.ics_sequence == visit.ics_sequence + 1


def test_public_export_keeps_public_visits_and_holds_back_future_ones(sample_engine, now):
    everything = calendar_exchange.calendar_visits(uow_at(sample_engine, now), VisitQuery())
    public = calendar_exchange.calendar_visits(uow_at(sample_engine, now), VisitQuery(), public=True, holdback_days=0)
    assert public and len(public) < len(everything)
    assert all(v.public for v in public)
    held = calendar_exchange.calendar_visits(uow_at(sample_engine, now), VisitQuery(), public=True, holdback_days=2)
    assert [v for v in held if v.start > now.replace(day=now.day + 2)] == []
    assert len(held) < len(public)  # sample upcoming visits lie further ahead than two days
    data = calendar_exchange.export_ics(uow_at(sample_engine, now), VisitQuery(), public=True, holdback_days=0)
    notes = [v.notes for v in public if v.notes]
    assert notes and not any(n.encode() in data for n in notes)


def test_per_visit_file_holds_just_that_visit(sample_engine, now):
    visit = services.list_visits(uow_at(sample_engine))[3]
    data = calendar_exchange.export_visit_ics(uow_at(sample_engine, now), visit.id)
    (event,) = Calendar.from_ical(data).walk("VEVENT")
    assert str(event["UID"]) == visit.uid


# ---------------------------------------------------------------- acceptance: import


def test_google_file_lands_at_seoul_times_and_twice_adds_nothing(engine, env_db, capsys):
    assert run("import-ics", str(GOOGLE), "--as", "visits") == 0
    visits = {v.title: v for v in services.list_visits(uow_at(engine))}
    assert visits["국무회의 참석"].start == datetime(2022, 3, 22, 10, 0, tzinfo=SEOUL)
    assert all(v.status == Status.PROPOSED for v in visits.values())
    before = counts(engine)
    assert run("import-ics", str(GOOGLE), "--as", "visits") == 0
    assert counts(engine) == before
    assert run("import-ics", str(GOOGLE)) == 0  # as busy (the default)
    assert run("import-ics", str(GOOGLE)) == 0
    assert counts(engine)[1] == 2


def test_truncated_file_exits_2_and_adds_nothing(engine, env_db, tmp_path, capsys):
    truncated = tmp_path / "cut.ics"
    truncated.write_bytes(GOOGLE.read_bytes()[:700])
    before = counts(engine)
    for mode in ("visits", "busy"):
        assert run("import-ics", str(truncated), "--as", mode) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and "22" in err[0]
    assert counts(engine) == before


def test_a_bad_event_late_in_the_file_writes_nothing(engine, now, tmp_path):
    good = GOOGLE.read_bytes()
    bad = (FIXTURES / "bad" / "dtend_before_dtstart.ics").read_bytes()
    event = bad[bad.index(b"BEGIN:VEVENT") : bad.index(b"END:VCALENDAR")]
    mixed = good.replace(b"END:VCALENDAR", event + b"END:VCALENDAR")
    with pytest.raises(ValidationError):
        calendar_exchange.import_ics(uow_at(engine, now), mixed, "visits")
    assert counts(engine)[0] == 0


def test_oversized_file_is_refused_by_the_setting(engine, env_db, monkeypatch, capsys):
    monkeypatch.setenv("PLANNER_ICS_MAX_BYTES", "100")
    assert run("import-ics", str(GOOGLE)) == 2
    assert "PLANNER_ICS_MAX_BYTES" in capsys.readouterr().err
    assert counts(engine)[:2] == (0, 0)


def test_dry_run_reports_and_writes_nothing(engine, now):
    before = counts(engine)
    report = calendar_exchange.import_ics(uow_at(engine, now), GOOGLE.read_bytes(), "visits", dry_run=True)
    assert report.count("add") == 2
    assert counts(engine) == before


def test_round_trip_export_then_import_gives_the_same_visits(sample_engine, now, tmp_path):
    original = services.list_visits(uow_at(sample_engine), VisitQuery(year=2022))
    data = calendar_exchange.export_ics(uow_at(sample_engine, now), VisitQuery(year=2022))

    fresh = db.get_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    services.init_database(fresh, create=True)
    try:
        report = calendar_exchange.import_ics(uow_at(fresh, now), data, "visits", window=WINDOW)
        assert report.count("add") == len(original)
        copied = {v.uid: v for v in services.list_visits(uow_at(fresh))}
        for v in original:
            c = copied[v.uid]
            assert (c.title, c.start, c.end, c.category, c.purpose, c.attendees, c.notes) == (
                v.title,
                v.start,
                v.end,
                v.category,
                v.purpose,
                v.attendees,
                v.notes,
            )
            assert (c.site_name, c.district, c.lat, c.lon) == (v.site_name, v.district, v.lat, v.lon)
        # and into the database it came from: everything is unchanged
        again = calendar_exchange.import_ics(uow_at(sample_engine, now), data, "visits", window=WINDOW)
        assert again.count("unchanged") == len(original)
    finally:
        db.dispose_engine(str(fresh.url))


def test_reimport_updates_by_uid_and_cancellation_cancels(engine, now):
    data = GOOGLE.read_bytes()
    calendar_exchange.import_ics(uow_at(engine, now), data, "visits")
    moved = data.replace(b"DTSTART:20220322T010000Z", b"DTSTART:20220322T003000Z").replace(
        b"STATUS:CONFIRMED\r\nSUMMARY:\xea\xb5\xad", b"STATUS:CONFIRMED\r\nSUMMARY:\xea\xb5\xad"
    )
    report = calendar_exchange.import_ics(uow_at(engine, now), moved, "visits")
    assert report.count("update") == 1 and report.count("add") == 0
    visit = next(v for v in services.list_visits(uow_at(engine)) if v.title == "국무회의 참석")
    assert visit.start == datetime(2022, 3, 22, 9, 30, tzinfo=SEOUL)
    assert visit.ics_sequence >= 1
    cancelled = moved.replace(b"STATUS:CONFIRMED", b"STATUS:CANCELLED")
    calendar_exchange.import_ics(uow_at(engine, now), cancelled, "visits")
    assert {v.status for v in services.list_visits(uow_at(engine))} == {Status.CANCELLED}


# ---------------------------------------------------------------- busy time


def test_busy_blocks_are_conflicts_and_free_time_is_not(engine, now):
    data = (FIXTURES / "outlook_windows_tzid.ics").read_bytes()
    report = calendar_exchange.import_ics(uow_at(engine, now), data, "busy", source="outlook.ics")
    assert (report.count("add"), report.count("skip")) == (1, 1)
    site = services.add_site(uow_at(engine), services.SiteDraft("시청", 37.5663, 126.9779))

    def problems(start: datetime) -> list:
        draft = services.VisitDraft("검토", site.id or 0, start, start + timedelta(hours=1), "economy")
        return services.check_draft(uow_at(engine, now), draft)

    (found,) = problems(datetime(2022, 3, 24, 11, 0, tzinfo=SEOUL))
    assert (found.rule, found.blocking, found.params["summary"]) == ("busy", False, "실·본부·국장 회의")
    assert problems(datetime(2022, 3, 25, 14, 0, tzinfo=SEOUL)) == []  # free time


def test_recurring_busy_reimport_with_new_exdate_removes_that_occurrence(engine, now):
    data = (FIXTURES / "recurring_exdate.ics").read_bytes()
    calendar_exchange.import_ics(uow_at(engine, now), data, "busy", window=WINDOW)
    assert len(calendar_exchange.list_busy(uow_at(engine))) == 5
    again = calendar_exchange.import_ics(uow_at(engine, now), data, "busy", window=WINDOW)
    assert again.count("unchanged") == 5
    more = data.replace(
        b"EXDATE;TZID=Asia/Seoul:20220321T083000", b"EXDATE;TZID=Asia/Seoul:20220321T083000,20220404T083000"
    )
    report = calendar_exchange.import_ics(uow_at(engine, now), more, "busy", window=WINDOW)
    assert report.count("remove") == 1
    starts = [b.start for b in calendar_exchange.list_busy(uow_at(engine))]
    assert datetime(2022, 4, 4, 8, 30, tzinfo=SEOUL) not in starts and len(starts) == 4


def test_imported_sites_follow_location_then_geo_then_city_hall(engine, now):
    tb = (FIXTURES / "thunderbird_iana_tzid.ics").read_bytes()
    calendar_exchange.import_ics(uow_at(engine, now), tb, "visits")
    sites = {v.title: (v.site_name, v.district, v.lat) for v in services.list_visits(uow_at(engine))}
    assert sites["Meeting with the Jung-gu mayor"] == ("중구청", "중구", 37.563843)  # from GEO
    placed = next(s for s in services.list_sites(uow_at(engine)) if s.name != "중구청")
    assert placed.kind == calendar_exchange.UNLOCATED_KIND  # no LOCATION, no GEO


# ---------------------------------------------------------------- storage


def test_old_database_gets_the_sequence_column(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    raw = create_engine(url)
    with raw.begin() as conn:
        conn.execute(text("CREATE TABLE visits (id INTEGER PRIMARY KEY, uid VARCHAR(255))"))
        conn.execute(text("INSERT INTO visits (id, uid) VALUES (1, 'x')"))
    raw.dispose()
    engine = db.get_engine(url)
    try:
        db.create_schema(engine)
        db.create_schema(engine)  # idempotent
        with engine.connect() as conn:
            assert conn.execute(text("SELECT ics_sequence FROM visits")).scalar() == 0
    finally:
        db.dispose_engine(url)


# ---------------------------------------------------------------- issue 9: regressions


@pytest.mark.parametrize("dry_run", [(), ("--dry-run",)])
def test_two_dtstart_in_one_vevent_exits_2_with_one_line_also_under_dry_run(
    engine, env_db, monkeypatch, capsys, dry_run
):
    """Issue 9, item 2: was ``AttributeError`` (exit 1)."""
    monkeypatch.setenv("PLANNER_LANGUAGE", "en")
    before = counts(engine)
    assert run("import-ics", str(FIXTURES / "bad" / "two_dtstart.ics"), *dry_run) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Line 8" in err[0] and "DTSTART" in err[0] and "Traceback" not in err[0]
    assert counts(engine) == before


def test_thisandfuture_override_imports_and_reimports_unchanged(engine, now):
    """Issue 9, item 3: RANGE=THISANDFUTURE was refused as a duplicate UID of itself."""
    data = (FIXTURES / "this_and_future.ics").read_bytes()
    assert calendar_exchange.import_ics(uow_at(engine, now), data, "busy", window=WINDOW).count("add") == 5
    again = calendar_exchange.import_ics(uow_at(engine, now), data, "busy", window=WINDOW)
    assert again.count("unchanged") == 5 and len(again.items) == 5


LOCATION_WITH_COMMA = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//EN\r
BEGIN:VEVENT\r
UID:comma-location@example.org\r
DTSTAMP:20220301T000000Z\r
DTSTART:20220322T010000Z\r
DTEND:20220322T020000Z\r
SUMMARY:\xed\x98\x84\xec\x9e\xa5 \xec\xa0\x90\xea\xb2\x80\r
LOCATION:\xec\x8b\x9c\xec\xb2\xad\\, \xec\x84\xb8\xec\xa2\x85\xeb\x8c\x80\xeb\xa1\x9c 110\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_reimport_as_visits_of_a_location_with_comma_and_no_geo_changes_nothing(engine, now):
    """Issue 9, item 5: each re-import made another ``unlocated`` site and raised the visit's version."""
    calendar_exchange.import_ics(uow_at(engine, now), LOCATION_WITH_COMMA, "visits")
    (visit,) = services.list_visits(uow_at(engine))
    sites = counts(engine)[2]
    report = calendar_exchange.import_ics(uow_at(engine, now), LOCATION_WITH_COMMA, "visits")
    assert report.count("unchanged") == 1 and report.count("update") == 0
    assert counts(engine)[2] == sites
    (again,) = services.list_visits(uow_at(engine))
    assert (again.version, again.site_id) == (visit.version, visit.site_id)


def test_export_then_import_keeps_an_empty_purpose_and_a_site_name_with_comma(engine, now, tmp_path):
    """Issue 9, item 6: the link back became the purpose; "광장, 시장; 본관\\동" came back as "광장"."""
    site = services.add_site(
        uow_at(engine), services.SiteDraft("광장, 시장; 본관\\동", 37.5663, 126.9779, address="서울 중구, 세종대로 110")
    )
    created = services.add_visit(
        uow_at(engine, now),
        services.VisitDraft(
            title="점검",
            site_id=site.id,
            start=datetime(2022, 3, 22, 10, 0, tzinfo=SEOUL),
            end=datetime(2022, 3, 22, 11, 0, tzinfo=SEOUL),
            category=services.list_categories(uow_at(engine))[0].code,
        ),
    )
    assert created.purpose == ""
    data = calendar_exchange.export_ics(uow_at(engine, now), VisitQuery())
    fresh = db.get_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    services.init_database(fresh, create=True)
    try:
        calendar_exchange.import_ics(uow_at(fresh, now), data, "visits", window=WINDOW)
        (copy,) = services.list_visits(uow_at(fresh))
        assert copy.purpose == ""
        assert (copy.site_name, copy.site_address) == ("광장, 시장; 본관\\동", "서울 중구, 세종대로 110")
        again = calendar_exchange.export_ics(uow_at(fresh, now), VisitQuery())
        (event,) = Calendar.from_ical(again).walk("VEVENT")
        assert str(event["DESCRIPTION"]).count("/visit?id=") == 1
    finally:
        db.dispose_engine(str(fresh.url))


def test_file_too_large_names_the_real_size(engine, env_db, monkeypatch, capsys, tmp_path):
    """Issue 9, item 7: the refusal said the limit + 1 (what was read), not the file's size."""
    monkeypatch.setenv("PLANNER_ICS_MAX_BYTES", "100")
    monkeypatch.setenv("PLANNER_LANGUAGE", "en")
    big = tmp_path / "big.ics"
    big.write_bytes(GOOGLE.read_bytes())
    assert run("import-ics", str(big), "--lang", "en") == 2
    err = capsys.readouterr().err
    assert f"{big.stat().st_size} bytes" in err and "101 bytes" not in err


def test_too_many_occurrences_names_the_to_date_given(engine, env_db, monkeypatch, capsys):
    """Issue 9, item 7: ``--to 2099-05-31`` was reported as 2099-06-01."""
    monkeypatch.setenv("PLANNER_LANGUAGE", "en")
    path = FIXTURES / "bad" / "unbounded_rrule.ics"  # daily from 2022-03-01: over 20,000 by 2077
    assert run("import-ics", str(path), "--from", "2022-03-01", "--to", "2099-05-31") == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "2099-05-31" in err[0] and "2099-06-01" not in err[0] and "line 4" in err[0]


def test_a_writer_waiting_past_the_busy_timeout_gets_a_busy_refusal_not_a_traceback(tmp_path, monkeypatch, capsys):
    """Issue 9, item 20: a long import holding the write lock made concurrent CLI edits crash
    with ``database is locked``. The lock is held here by a plain connection for the whole wait."""
    import sqlite3

    path = tmp_path / "busy.db"
    url = f"sqlite:///{path}"
    db.create_database(url)
    services.init_database(db.get_engine(url))
    monkeypatch.setenv("PLANNER_DATABASE_URL", url)
    monkeypatch.setenv("PLANNER_LANGUAGE", "en")
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # what a long import holds
        assert run("import-ics", str(GOOGLE)) == 2
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        db.dispose_engine(url)
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "busy" in err[0] and "Traceback" not in err[0]


# ---------------------------------------------------------------- issue 9, item 20: short write lock


def ics(*events: str) -> bytes:
    """A calendar of VEVENTs given as ``uid|summary|status`` (status may be empty), on 2022-03-16."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN"]
    for i, spec in enumerate(events):
        uid, summary, status = spec.split("|")
        lines += ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20220301T000000Z"]
        lines += [f"DTSTART:20220316T0{i}0000Z", f"DTEND:20220316T0{i}3000Z", f"SUMMARY:{summary}", "LOCATION:시청"]
        lines += [f"STATUS:{status}"] if status else []
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def pause_planning_at(monkeypatch, name: str, meanwhile) -> None:
    """Run ``meanwhile()`` once, when the import first reads what is stored (``repository.<name>``):
    the point where it plans. Before issue 9 item 20 the import held the write lock there."""
    original = getattr(repository, name)
    fired: list[bool] = []

    def hooked(*args, **kwargs):
        found = original(*args, **kwargs)
        if not fired:
            fired.append(True)
            meanwhile()
        return found

    monkeypatch.setattr(repository, name, hooked)


def data_version(engine) -> int:
    with db.transaction(engine) as conn:
        return repository.data_version(conn)


def test_a_cli_visits_update_commits_while_a_reimport_is_planning(engine, env_db, now, monkeypatch):
    calendar_exchange.import_ics(uow_at(engine, now), ics("v@test|간담회|"), "visits")
    calendar_exchange.import_ics(uow_at(engine, now), ics("a@test|회의|", "b@test|점검|"), "busy")
    (visit,) = services.list_visits(uow_at(engine))
    edits: list[int] = []
    pause_planning_at(
        monkeypatch,
        "busy_blocks_by_key",
        lambda: edits.append(run("visits", "update", str(visit.id), "--expect-version", "1", "--title", "수정")),
    )
    report = calendar_exchange.import_ics(uow_at(engine, now), ics("a@test|회의 변경|", "b@test|점검 변경|"), "busy")
    assert edits == [0]  # the edit was not refused as busy: the import held no lock while planning
    assert report.count("update") == 2
    assert services.get_visit(uow_at(engine), visit.id).title == "수정"
    assert sorted(b.summary for b in calendar_exchange.list_busy(uow_at(engine))) == ["점검 변경", "회의 변경"]


def test_a_busy_reimport_plans_again_when_a_cancellation_landed_while_it_planned(engine, now, monkeypatch):
    calendar_exchange.import_ics(uow_at(engine, now), ics("a@test|회의|", "b@test|점검|"), "busy")
    pause_planning_at(
        monkeypatch,
        "busy_blocks_by_key",
        lambda: calendar_exchange.import_ics(uow_at(engine, now), ics("b@test|점검|CANCELLED"), "busy"),
    )
    report = calendar_exchange.import_ics(uow_at(engine, now), ics("a@test|회의 변경|", "b@test|점검 변경|"), "busy")
    # b was removed after the plan was made: the plan made again under the lock adds it back.
    assert (report.count("update"), report.count("add")) == (1, 1)
    assert sorted(b.summary for b in calendar_exchange.list_busy(uow_at(engine))) == ["점검 변경", "회의 변경"]


def test_a_visits_reimport_after_an_edit_made_while_it_planned_keeps_both_versions_in_the_history(
    engine, now, monkeypatch
):
    calendar_exchange.import_ics(uow_at(engine, now), ics("v@test|간담회|"), "visits")
    (visit,) = services.list_visits(uow_at(engine))
    pause_planning_at(
        monkeypatch,
        "visits_by_uid",
        lambda: services.update_visit(uow_at(engine, now), visit.id, 1, {"notes": "메모"}),
    )
    report = calendar_exchange.import_ics(uow_at(engine, now), ics("v@test|간담회 변경|"), "visits")
    assert report.count("update") == 1
    stored = services.get_visit(uow_at(engine), visit.id)
    assert (stored.title, stored.notes, stored.version) == ("간담회 변경", "메모", 3)
    assert [h.version for h in services.visit_history(uow_at(engine), visit.id)] == [2, 1]


def test_a_dry_run_reports_while_another_writer_holds_the_lock(tmp_path, now):
    """A dry run writes nothing, so it takes no write lock (it waited 5 s and failed as busy before)."""
    import sqlite3

    path = tmp_path / "locked.db"
    url = f"sqlite:///{path}"
    engine = db.get_engine(url)
    services.init_database(engine, create=True)
    version = data_version(engine)
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        report = calendar_exchange.import_ics(uow_at(engine, now), GOOGLE.read_bytes(), "visits", dry_run=True)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert report.count("add") == 2
    assert counts(engine) == (0, 0, 0) and data_version(engine) == version
    db.dispose_engine(url)


def test_a_cli_visits_update_waiting_on_an_import_gets_a_busy_refusal(tmp_path, monkeypatch, capsys, now):
    import sqlite3

    path = tmp_path / "busy.db"
    url = f"sqlite:///{path}"
    engine = db.get_engine(url)
    services.init_database(engine, create=True)
    calendar_exchange.import_ics(uow_at(engine, now), ics("v@test|간담회|"), "visits")
    (visit,) = services.list_visits(uow_at(engine))
    monkeypatch.setenv("PLANNER_DATABASE_URL", url)
    monkeypatch.setenv("PLANNER_LANGUAGE", "en")
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # what an import's write step holds
        assert run("visits", "update", str(visit.id), "--expect-version", "1", "--title", "x") == 2
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        db.dispose_engine(url)
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "busy" in err[0] and "Traceback" not in err[0]


class Injected(Exception):
    pass


def fail_on_call(monkeypatch, owner, name: str, nth: int) -> None:
    """Make ``owner.<name>`` raise on its ``nth`` call (earlier calls do their work)."""
    original = getattr(owner, name)
    calls: list[int] = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == nth:
            raise Injected(name)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, failing)


def stored_state(engine):
    with db.transaction(engine) as conn:
        visits = [(v.uid, v.title, v.version, v.site_id) for v in repository.list_visits(conn)]
        history = conn.execute(text("SELECT count(*) FROM visit_history")).scalar()
        busy = [(b.uid, b.summary) for b in repository.list_busy_blocks(conn)]
        return visits, history, busy, len(repository.list_sites(conn)), repository.data_version(conn)


def test_a_visits_import_failing_half_way_through_its_write_step_writes_nothing(engine, now, monkeypatch):
    calendar_exchange.import_ics(uow_at(engine, now), ics("v1@test|간담회|", "v2@test|점검|"), "visits")
    before = stored_state(engine)
    # A new site inserted (v1 moves there), v3 inserted, v1 and v2 updated, the first history row
    # written: then a failure.
    fail_on_call(monkeypatch, services, "record_replaced", 2)
    changed = ics("v1@test|간담회 변경|", "v2@test|점검 변경|", "v3@test|새 일정|").replace(
        "LOCATION:시청".encode(), "LOCATION:새 현장".encode(), 1
    )
    with pytest.raises(Injected):
        calendar_exchange.import_ics(uow_at(engine, now), changed, "visits")
    assert stored_state(engine) == before


def test_a_busy_import_failing_half_way_through_its_write_step_writes_nothing(engine, now, monkeypatch):
    calendar_exchange.import_ics(uow_at(engine, now), ics("a@test|회의|", "b@test|점검|"), "busy")
    before = stored_state(engine)
    # b removed and a rewritten, then inserting c fails.
    fail_on_call(monkeypatch, repository, "insert_busy_blocks", 1)
    with pytest.raises(Injected):
        calendar_exchange.import_ics(
            uow_at(engine, now), ics("a@test|회의 변경|", "b@test|점검|CANCELLED", "c@test|새|"), "busy"
        )
    assert stored_state(engine) == before


def test_an_imported_visit_over_a_stored_one_comes_with_the_overlap_warning(engine, now):
    """Issue 10: imports run the same rules as every other way in (neighbours read once per file)."""
    site = services.add_site(uow_at(engine), services.SiteDraft("시청", 37.5663, 126.9779))
    start = datetime(2022, 3, 16, 9, 15, tzinfo=SEOUL)  # ics() puts its first event at 09:00-09:30 Seoul
    stored = services.add_visit(
        uow_at(engine, now),
        services.VisitDraft("이미 있는 일정", site.id or 0, start, start + timedelta(hours=1), "economy"),
    )
    report = calendar_exchange.import_ics(uow_at(engine, now), ics("w@test|겹치는 간담회|"), "visits")
    assert [(uid, p.rule, p.params["id"]) for uid, p in report.warnings] == [("w@test", "overlap", stored.id)]
    quiet = calendar_exchange.import_ics(uow_at(engine, now), ics("q@test|다른 날|"), "visits", dry_run=True)
    # The same slot again, in a dry run: warned of both visits now stored there.
    assert sorted(p.params["id"] for _, p in quiet.warnings) == sorted([stored.id, stored.id + 1])
