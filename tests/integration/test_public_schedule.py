"""Issue 13, item 6: the public schedule — which visits, from when, and how much of their place.

Only approved, confirmed and done visits marked public, past their embargo (a per-visit date-time, the
global hold-back when none is set); no internal link, description, notes or attendees; the place as the
site's name and district, with the address and GEO only for a site marked publishable. Feed tokens can
expire (404 like an unknown one).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from icalendar import Calendar

from planner import calendar_exchange, feeds, services
from planner.cli import main
from planner.domain import PUBLIC_STATUSES, SEOUL, Status
from tests.conftest import FIXED_NOW, uow_at


def run(capsys, url, *args):
    try:
        code = main(["--db", url, *args])
    except SystemExit as stop:  # a usage mistake: argparse's one line, exit 2
        code = int(stop.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def public_events(capsys, url, *args) -> tuple[bytes, list]:
    code, out, err = run(capsys, url, "export-ics", "--public", "--out", "-", *args)
    assert code == 0, err
    data = out.encode()
    return data, list(Calendar.from_ical(data).walk("VEVENT"))


def test_issue_13_public_export_of_the_sample(sample_engine, engine_url, capsys, monkeypatch):
    """The acceptance line: no proposed visit, no localhost link, no GEO for a site not publishable."""
    monkeypatch.setenv("PLANNER_BASE_URL", "http://localhost:8501")
    data, events = public_events(capsys, engine_url)
    visits = {v.uid: v for v in services.list_visits(uow_at(sample_engine))}
    sites = {s.id: s for s in services.list_sites(uow_at(sample_engine))}
    assert events, "the sample marks some visits public"
    assert any(v.status == Status.PROPOSED and v.public is False for v in visits.values())
    assert b"localhost" not in data
    with_geo = without_geo = 0
    for event in events:
        visit = visits[str(event["UID"])]
        assert visit.status in PUBLIC_STATUSES and visit.public
        for internal in ("URL", "DESCRIPTION", "X-PLANNER-NOTES", "X-PLANNER-ATTENDEES", "X-PLANNER-PURPOSE"):
            assert internal not in event, (internal, visit.id)
        site = sites[visit.site_id]
        if site.publishable:
            with_geo += 1
            assert "GEO" in event and site.address in str(event["LOCATION"])
        else:
            without_geo += 1
            assert "GEO" not in event and "X-PLANNER-ADDRESS" not in event
            assert str(event["LOCATION"]) in (f"{site.name}, {site.district}", site.name)
    assert with_geo and without_geo  # the sample has both kinds of site among its public visits
    for text in {v.notes for v in visits.values() if v.notes} | {v.attendees for v in visits.values() if v.attendees}:
        assert text.encode() not in data


def test_proposed_and_cancelled_visits_are_never_public_even_when_asked_for(sample_uow, engine_url, capsys):
    site = services.list_sites(sample_uow)[0]
    start = datetime(2022, 3, 20, 10, 0, tzinfo=SEOUL)
    ids = {}
    for status in Status:
        if status == Status.CANCELLED:
            continue
        draft = services.VisitDraft(
            title=f"public {status.value}",
            site_id=site.id or 0,
            start=start,
            end=start + timedelta(hours=1),
            category="economy",
            status=status,
            public=True,
            override_reason="test",
        )
        ids[status] = services.add_visit(sample_uow, draft).id
        start += timedelta(days=1)
    approved = services.get_visit(sample_uow, ids[Status.APPROVED])
    services.update_visit(sample_uow, approved.id, approved.version, {"status": Status.CANCELLED})
    _, events = public_events(capsys, engine_url, "--from", "2022-03-20", "--to", "2022-03-31")
    titles = {str(e["SUMMARY"]) for e in events if str(e["SUMMARY"]).startswith("public ")}
    assert titles == {"public confirmed", "public done"}
    _, events = public_events(capsys, engine_url, "--status", "proposed")
    assert events == []


def _visit(uow, title: str, start: datetime, **extra):
    site = services.list_sites(uow)[0]
    draft = services.VisitDraft(
        title=title,
        site_id=site.id or 0,
        start=start,
        end=start + timedelta(hours=1),
        category="economy",
        status=Status.APPROVED,
        public=True,
        override_reason="test",
        **extra,
    )
    return services.add_visit(uow, draft)


def test_embargo_per_visit_with_the_global_hold_back_as_default(sample_engine, monkeypatch):
    monkeypatch.setenv("PLANNER_PUBLIC_HOLDBACK_DAYS", "7")
    uow = uow_at(sample_engine)
    start = FIXED_NOW + timedelta(days=10)
    by_default = _visit(uow, "by default", start)  # public from 7 days before: FIXED_NOW + 3 days
    press = FIXED_NOW + timedelta(days=1, hours=5)
    embargoed = _visit(uow, "until the press release", start + timedelta(hours=2), embargo_until=press)
    early = _visit(uow, "released early", start + timedelta(hours=4), embargo_until=FIXED_NOW - timedelta(hours=1))

    def shown(at: datetime) -> set[str]:
        return {v.title for v in calendar_exchange.calendar_visits(uow_at(sample_engine, at), _query(), public=True)}

    assert shown(FIXED_NOW) >= {early.title} and not shown(FIXED_NOW) & {by_default.title, embargoed.title}
    assert embargoed.title not in shown(press - timedelta(seconds=1))
    assert embargoed.title in shown(press) and by_default.title not in shown(press)
    assert {by_default.title, embargoed.title, early.title} <= shown(FIXED_NOW + timedelta(days=3))


def _query():
    from planner.domain import VisitQuery

    return VisitQuery(date_from=FIXED_NOW.date(), date_to=(FIXED_NOW + timedelta(days=30)).date())


def test_cli_public_flags_embargo_and_json_keys(sample_engine, engine_url, capsys):
    site = services.list_sites(uow_at(sample_engine))[0]
    base = ["visits", "add", "--title", "t", "--site-id", str(site.id), "--category", "economy"]
    base += ["--status", "approved", "--override", "test"]
    code, out, err = run(
        capsys, engine_url, *base, "--start", "2022-04-04T10:00", "--end", "2022-04-04T11:00", "--public",
        "--embargo-until", "2022-04-01T09:00",
    )  # fmt: skip
    assert code == 0, err
    visit_id = out.strip()
    code, out, err = run(capsys, engine_url, *base, "--start", "2022-04-05T10:00", "--end", "2022-04-05T11:00")
    assert code == 0, err
    default_id = out.strip()

    def record(vid: str) -> dict:
        code, out, err = run(capsys, engine_url, "visits", "list", "--format", "json", "--from", "2022-04-04")
        return next(r for r in json.loads(out) if str(r["id"]) == vid)

    first = record(visit_id)
    assert first["public"] is True and first["embargo_until"] == "2022-04-01T09:00:00+09:00"
    assert record(default_id)["public"] is False and record(default_id)["embargo_until"] is None
    code, _, err = run(
        capsys, engine_url, "visits", "update", visit_id, "--expect-version", str(first["version"]),
        "--not-public", "--embargo-until", "",
    )  # fmt: skip
    assert code == 0, err
    assert record(visit_id)["public"] is False and record(visit_id)["embargo_until"] is None
    code, _, err = run(capsys, engine_url, "visits", "add", *base[2:], "--start", "2022-04-06T10:00",
                       "--end", "2022-04-06T11:00", "--public", "--not-public")  # fmt: skip
    assert code == 2 and err.count("\n") == 1
    code, _, err = run(capsys, engine_url, *base, "--start", "2022-04-06T10:00", "--end", "2022-04-06T11:00",
                       "--embargo-until", "3000-01-01T00:00")  # fmt: skip
    assert code == 2 and err.count("\n") == 1  # outside the supported years: one line, nothing written


def test_sites_update_publishable_puts_address_and_geo_in_the_public_calendar(sample_engine, engine_url, capsys):
    uow = uow_at(sample_engine)
    visit = next(v for v in calendar_exchange.calendar_visits(uow, _query_all(), public=True))
    site = services.get_site(uow, visit.site_id)
    flag = "--not-publishable" if site.publishable else "--publishable"
    code, _, err = run(capsys, engine_url, "sites", "update", str(site.id), flag)
    assert code == 0, err
    code, out, _ = run(capsys, engine_url, "sites", "list", "--format", "json")
    assert next(s for s in json.loads(out) if s["id"] == site.id)["publishable"] is (not site.publishable)
    _, events = public_events(capsys, engine_url)
    event = next(e for e in events if str(e["UID"]) == visit.uid)
    assert ("GEO" in event) is (not site.publishable)
    assert run(capsys, engine_url, "sites", "update", str(site.id))[0] == 2  # say which
    assert run(capsys, engine_url, "sites", "update", "999999", "--publishable")[0] == 2


def _query_all():
    from planner.domain import VisitQuery

    return VisitQuery()


def test_feed_token_expiry(sample_engine, engine_url, capsys):
    uow = uow_at(sample_engine)
    expires = FIXED_NOW + timedelta(days=1)
    feed = feeds.create_feed(uow, public=True, expires=expires)
    renderer = feeds.FeedRenderer("ko")
    assert renderer.render(uow_at(sample_engine, expires - timedelta(seconds=1)), feed.token) is not None
    assert renderer.render(uow_at(sample_engine, expires), feed.token) is None  # 404, like an unknown token
    with pytest.raises(Exception) as refused:
        feeds.create_feed(uow, expires=FIXED_NOW)
    assert getattr(refused.value, "key", "") == "error.feed_expires_past"

    code, out, err = run(capsys, engine_url, "feeds", "create", "--expires", "2999-01-01T00:00")
    assert code == 2  # outside the supported years
    code, out, err = run(capsys, engine_url, "feeds", "create", "--expires", "2099-01-01T00:00")
    assert code == 0, err
    code, out, _ = run(capsys, engine_url, "feeds", "list", "--format", "json")
    rows = json.loads(out)
    assert {r["expires"] for r in rows} == {"2022-03-16T09:00:00+09:00", "2099-01-01T00:00:00+09:00"}


def test_an_older_database_gets_the_public_schedule_columns(tmp_path):
    """A database made before issue 13 (the frozen 1f1b1dc database of tests/integration/test_migrations.py)
    gets ``visits.embargo_until``, ``sites.publishable`` and ``feed_tokens.expires_at`` when next opened: no
    embargo of its own, no site publishable, no feed expiring. (The upgrade itself runs on PostgreSQL too in
    test_migrations.py.)"""
    from sqlalchemy import create_engine, text

    from planner import db
    from tests.integration.test_migrations import build_old_database

    url = f"sqlite:///{tmp_path / 'old.db'}"
    build_old_database(url, "1f1b1dc")
    old = create_engine(url)
    with old.begin() as conn:
        conn.execute(
            text("INSERT INTO feed_tokens (token, filter_json, public, created_at) VALUES ('t0ken', '{}', 1, :at)"),
            {"at": FIXED_NOW.replace(tzinfo=None)},
        )
    old.dispose()
    reopened = services.open_database(url, lambda: FIXED_NOW)[0]
    uow = uow_at(reopened)
    stored = services.list_visits(uow)
    assert stored and all(v.embargo_until is None and v.site_publishable is False for v in stored)
    assert not any(s.publishable for s in services.list_sites(uow))
    assert [f.expires_at for f in feeds.list_feeds(uow)] == [None]
    db.dispose_engine(url)
