"""Pure rules: the status workflow, time parsing, errors carry i18n keys."""

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.domain import (
    SEOUL,
    IllegalTransition,
    Status,
    ValidationError,
    allowed_transitions,
    check_transition,
    parse_datetime,
    parse_status,
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
