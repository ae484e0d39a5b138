"""A visit's fields are declared once (planner.domain.Visit); every other list of them derives from it."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta

from planner import db, domain
from planner.domain import SEOUL, Status, Visit


def sample_visit() -> Visit:
    start = datetime(2022, 3, 2, 10, 0, tzinfo=SEOUL)
    return Visit(
        id=5, uid="u5", title="점검", site_id=2, start=start, end=start + timedelta(hours=1), category="covid19"
    )


def test_every_column_of_visits_is_a_declared_field_and_every_stored_field_a_column():
    assert set(domain.VISIT_COLUMNS.values()) == {c.name for c in db.visits.columns}


def test_the_joined_fields_are_the_site_columns_the_repository_selects():
    assert set(domain.JOINED_FIELDS) == {"site_name", "site_address", "district", "lat", "lon", "site_publishable"}
    assert not set(domain.JOINED_FIELDS) & set(domain.EDITABLE_FIELDS)  # never written back


def test_record_keys_are_the_documented_json_keys_in_order():
    # README, "visits list --format json": a contract scripts rely on.
    assert list(domain.visit_record(sample_visit())) == [
        "id", "uid", "version", "title", "category", "status", "start", "end", "site_id", "site_name",
        "district", "lat", "lon", "public", "important", "highlight_rank", "purpose", "attendees", "notes",
        "fixed", "window_start", "window_end", "override_reason", "embargo_until", "kind", "cancel_reason",
    ]  # fmt: skip


def test_fixed_is_by_status_until_chosen_and_the_record_shows_the_effective_value():
    # Issue 11: flexible for proposed visits, fixed once confirmed; an explicit choice wins.
    v = sample_visit()
    assert v.fixed is None and not v.is_fixed and domain.visit_record(v)["fixed"] is False
    assert replace(v, status=Status.APPROVED).is_fixed is False
    assert replace(v, status=Status.CONFIRMED).is_fixed is True
    assert replace(v, status=Status.CONFIRMED, fixed=False).is_fixed is False
    assert domain.visit_record(replace(v, fixed=True))["fixed"] is True
    assert domain.visit_snapshot(v)["fixed"] is None  # the history keeps what was chosen
    window = replace(v, window_start=v.start, window_end=v.end + timedelta(hours=3))
    assert domain.visit_record(window)["window_end"] == "2022-03-02T14:00:00+09:00"
    assert domain.visit_record(v)["window_start"] is None


def test_snapshot_is_plain_json_of_the_editable_fields_with_seoul_times():
    snap = domain.visit_snapshot(sample_visit())
    assert list(snap) == list(domain.EDITABLE_FIELDS)
    assert snap["start"] == "2022-03-02T10:00:00+09:00" and snap["status"] == "proposed"
    assert json.loads(json.dumps(snap)) == snap


def test_calendar_fields_are_editable_and_a_change_to_one_is_seen():
    assert set(domain.CALENDAR_FIELDS) <= set(domain.EDITABLE_FIELDS)
    v = sample_visit()
    assert domain.calendar_changed(v, replace(v, title="다른 제목"))
    assert domain.calendar_changed(v, replace(v, status=Status.APPROVED))
    assert not domain.calendar_changed(v, replace(v, important=True))  # not shown by calendars
