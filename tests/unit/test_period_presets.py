"""The date-range presets of the pages' period filters (this/next week or month)."""

from datetime import date

import pytest

from planner.ui.filters import period_preset


@pytest.mark.parametrize(
    ("name", "today", "expected"),
    [
        ("this_week", date(2026, 12, 31), (date(2026, 12, 28), date(2027, 1, 3))),
        ("next_week", date(2026, 12, 31), (date(2027, 1, 4), date(2027, 1, 10))),
        ("this_week", date(2026, 11, 30), (date(2026, 11, 30), date(2026, 12, 6))),  # a Monday
        ("this_month", date(2024, 2, 10), (date(2024, 2, 1), date(2024, 2, 29))),
        ("next_month", date(2026, 12, 31), (date(2027, 1, 1), date(2027, 1, 31))),
        ("next_month", date(2026, 1, 31), (date(2026, 2, 1), date(2026, 2, 28))),
    ],
)
def test_period_preset_covers_whole_weeks_and_months_across_the_year_end(name, today, expected):
    assert period_preset(name, today) == expected


def test_unknown_preset_is_an_error():
    with pytest.raises(ValueError):
        period_preset("someday", date(2026, 1, 1))
