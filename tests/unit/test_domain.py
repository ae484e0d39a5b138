"""Pure rules: the status workflow, time parsing, errors carry i18n keys."""

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.domain import (
    ID_MAX,
    SEOUL,
    TEXT_RULES,
    YEAR_MAX,
    YEAR_MIN,
    IllegalTransition,
    Status,
    ValidationError,
    allowed_transitions,
    check_transition,
    check_year,
    clean_text,
    one_line,
    parse_date,
    parse_datetime,
    parse_status,
    valid_id,
)

LEGAL = {
    (Status.PROPOSED, Status.APPROVED),
    (Status.APPROVED, Status.CONFIRMED),
    (Status.CONFIRMED, Status.DONE),
    (Status.PROPOSED, Status.CANCELLED),
    (Status.APPROVED, Status.CANCELLED),
    (Status.CONFIRMED, Status.CANCELLED),
}


@pytest.mark.parametrize("current", list(Status))
@pytest.mark.parametrize("new", list(Status))
def test_transition_table(current, new):
    if current == new or (current, new) in LEGAL:
        check_transition(current, new)
    else:
        with pytest.raises(IllegalTransition) as info:
            check_transition(current, new)
        assert info.value.key == "error.illegal_transition"
        assert info.value.params == {"current": current.value, "new": new.value}


def test_done_and_cancelled_are_final():
    assert allowed_transitions(Status.DONE) == frozenset()
    assert allowed_transitions(Status.CANCELLED) == frozenset()


def test_parse_status_accepts_case_and_space_and_refuses_unknown():
    assert parse_status(" Approved ") is Status.APPROVED
    with pytest.raises(ValidationError) as info:
        parse_status("finished")
    assert info.value.field == "status"


def test_naive_datetime_means_seoul_time_and_offsets_are_kept():
    assert parse_datetime("2022-03-31T14:00") == datetime(2022, 3, 31, 14, 0, tzinfo=SEOUL)
    utc = parse_datetime("2022-03-31T05:00+00:00")
    assert utc == datetime(2022, 3, 31, 14, 0, tzinfo=SEOUL)
    assert utc.utcoffset().total_seconds() == 9 * 3600


def test_bad_datetime_is_a_validation_error():
    with pytest.raises(ValidationError) as info:
        parse_datetime("next tuesday", "end")
    assert info.value.field == "end"


@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)))
def test_parse_datetime_round_trips_iso(value):
    aware = value.replace(tzinfo=SEOUL, microsecond=0)
    assert parse_datetime(aware.isoformat()) == aware


# ---------------------------------------------------------------- issue 9: what a user may type

# Columns whose text the code writes itself (codes, statuses, normalised districts, tokens, JSON).
WRITTEN_BY_CODE = {
    "districts.code",
    "districts.name_ko",
    "districts.name_en",
    "categories.code",
    "categories.color",
    "categories.report_group",
    "sites.district",
    "visits.category",
    "visits.status",
    "visits.kind",  # issue 14: one of domain.ENGAGEMENT_KINDS (rules refuse any other)
    "visit_participants.role",  # one of domain.PARTICIPANT_ROLES (engagements.check_participants)
    "busy_blocks.uid",  # calendar import: clipped by planner.calendar_exchange
    "busy_blocks.recurrence_id",
    "busy_blocks.summary",
    "busy_blocks.source",
    "feed_tokens.token",
    "feed_tokens.filter_json",
    "visit_history.snapshot",
    "councillors.district",
    "councillors.role",
    "liaison_notices.kind",
    "liaison_notices.method",
    "suggestions.status",
    # Issue 14: codes, choices and the acting user, written by the use cases.
    "committees.code",
    "committee_members.committee_code",
    "departments.kind",
    "district_heads.district",
    "constituencies.district",
    "notices.target_kind",
    "notices.reason",
    "notices.status",
    "notices.method",
    "notices.sent_by",
    "notice_plans.target_kind",
    "notice_plans.committee_code",
    "notice_templates.name",
    "ledger_items.source",
    "ledger_items.person_kind",
    "ledger_items.district",
    "ledger_items.target_kind",
    "ledger_notes.noted_by",
    "meta.key",
    "meta.value",
    # Issue 13: written by planner.accounts (a role code; the actor's name clipped to the column; the action,
    # entity kind and id of a change; before/after as JSON).
    "users.role",
    "visit_history.actor",
    "audit.actor",
    "audit.action",
    "audit.entity",
    "audit.entity_id",
    "audit.before",
    "audit.after",
}


def _text_columns():
    from sqlalchemy import String

    from planner import db

    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, String):  # Text is a String without a length
                yield f"{table.name}.{column.name}", column.type.length


def test_no_text_rule_allows_more_than_its_column_holds():
    columns = dict(_text_columns())
    for name, rule in TEXT_RULES.items():
        assert name in columns, name
        assert columns[name] is None or rule.max <= columns[name], (name, rule.max, columns[name])


def test_every_text_column_is_either_checked_or_written_by_code():
    unclassified = {name for name, _ in _text_columns()} - set(TEXT_RULES) - WRITTEN_BY_CODE
    assert unclassified == set()


@pytest.mark.parametrize(
    "text",
    ["0001-01-01T00:00", "9999-12-31T10:00-05:00", "9999-12-31T23:59:59+14:00", "1899-12-31T23:59", "2101-01-01T00:00"],
)
def test_datetime_at_the_edge_of_time_is_refused_not_overflowing(text):
    with pytest.raises(ValidationError) as info:
        parse_datetime(text, "start")
    assert info.value.key == "error.date_out_of_range"
    assert info.value.params == {"value": text, "min": YEAR_MIN, "max": YEAR_MAX, "field": "start"}
    assert info.value.field == "start"


def test_2100_12_31_late_evening_utc_minus_five_is_refused_because_in_seoul_it_is_2101():
    with pytest.raises(ValidationError):
        parse_datetime("2100-12-31T23:00-05:00")
    assert parse_datetime("1900-01-01T00:00").year == 1900


@pytest.mark.parametrize("text", ["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"])
def test_day_outside_the_supported_years_is_refused(text):
    with pytest.raises(ValidationError) as info:
        parse_date(text, "date")
    assert info.value.key == "error.date_out_of_range"


@pytest.mark.parametrize("year", [0, -1, 1899, 2101, 9999, 10**20])
def test_year_outside_the_supported_range_is_refused(year):
    with pytest.raises(ValidationError) as info:
        check_year(year)
    assert info.value.key == "error.year_out_of_range"


@pytest.mark.parametrize(
    ("column", "value", "key"),
    [
        ("visits.title", "x\x00y", "error.bad_character"),
        ("visits.title", "x\x1b[2J", "error.bad_character"),
        ("visits.title", "x\x7f", "error.bad_character"),
        ("visits.title", "x\x9b", "error.bad_character"),
        ("visits.title", "x\udcff", "error.bad_character"),  # undecodable byte from argv
        ("visits.title", "one\ntwo", "error.one_line"),
        ("visits.title", "one\ttwo", "error.one_line"),
        ("visits.title", "one\u2028two", "error.one_line"),
        ("visits.notes", "x\x00y", "error.bad_character"),
        ("visits.notes", "x\x1b", "error.bad_character"),
        ("sites.address", "a" * 301, "error.too_long"),
        ("visits.title", "가" * 201, "error.too_long"),
        ("visits.title", "   ", "error.required"),
    ],
)
def test_text_that_breaks_its_column_rule_is_refused(column, value, key):
    with pytest.raises(ValidationError) as info:
        clean_text(value, column, required=True)
    assert info.value.key == key


def test_multi_line_text_keeps_tabs_and_line_breaks_and_limits_are_inclusive():
    assert clean_text(" a\tb\r\nc ", "visits.notes") == "a\tb\r\nc"
    assert clean_text("a" * 300, "sites.address") == "a" * 300


def test_one_line_folds_line_breaks_of_text_from_files():
    assert one_line("Team\nmeeting\t at\u2028 noon") == "Team meeting at noon"


@pytest.mark.parametrize(("value", "ok"), [(1, True), (ID_MAX, True), (0, False), (-1, False), (ID_MAX + 1, False)])
def test_ids_beyond_a_database_integer_are_not_valid(value, ok):
    assert valid_id(value) is ok
