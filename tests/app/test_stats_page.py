"""AppTest of the statistics page: figures, filters and drilling down to the visits behind them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def at(open_page):
    return open_page("pages/stats.py")


def frames(at):
    return [d.value for d in at.dataframe]


def test_year_by_category_table_and_districts(at):
    at.date_input(key="stats.period").set_value((date(2021, 1, 1), date(2022, 12, 31))).run()
    at.multiselect(key="stats.statuses").set_value(["done"]).run()
    assert not at.exception
    year_cat = frames(at)[0]
    assert int(year_cat.loc["2021", "COVID-19 response"]) == 22
    assert int(year_cat.loc["2022", "COVID-19 response"]) == 8
    # issue 14: the council meetings of section 2 (현안설명회 5, 간담회 22, 개별 면담 11) are schedule items too
    assert int(year_cat.loc["2021", "Council relations"]) == 5 + 22 + 11
    assert int(year_cat.loc["2021", "Total"]) == 22 + 14 + 24 + 5 + 22 + 11
    districts = next(f for f in frames(at) if "Days since" in f.columns)
    assert len(districts) == 25


def test_drill_down_lists_the_visits_behind_a_figure(at):
    at.date_input(key="stats.period").set_value((date(2021, 1, 1), date(2022, 12, 31))).run()
    at.multiselect(key="stats.statuses").set_value(["done"]).run()
    at.selectbox(key="stats.drill.year").set_value(2021).run()
    at.selectbox(key="stats.drill.category").set_value("covid19").run()
    assert not at.exception
    assert any(c.value == "22 visits" for c in at.caption)
    listed = frames(at)[-1]
    assert len(listed) == 22 and set(listed["Date"].str[:4]) == {"2021"}
    at.button(key="stats.drill.clear").click().run()
    assert at.selectbox(key="stats.drill.year").value is None


def test_uncovered_districts_are_named(at):
    at.date_input(key="stats.period").set_value((date(2022, 3, 1), date(2022, 3, 31))).run()
    assert not at.exception
    assert any("no visit in the period" in w.value for w in at.warning)


def test_page_says_which_statuses_it_counts_and_offers_done_only(at):
    at.date_input(key="stats.period").set_value((date(2021, 1, 1), date(2022, 12, 31))).run()
    assert any(c.value.startswith("Counting: ") and "Proposed" in c.value for c in at.caption)
    at.button(key="stats.done_only").click().run()
    assert not at.exception
    assert at.multiselect(key="stats.statuses").value == ["done"]
    assert any(c.value == "Counting: Done" for c in at.caption)
    done_total = int(frames(at)[0].loc["2021", "Total"])
    at.multiselect(key="stats.statuses").set_value(["done"]).run()
    assert int(frames(at)[0].loc["2021", "Total"]) == done_total > 0
    at.button(key="stats.all_but_cancelled").click().run()
    assert "cancelled" not in at.multiselect(key="stats.statuses").value
    assert "proposed" in at.multiselect(key="stats.statuses").value


def test_district_table_sorts_by_count_fewest_first(at):
    at.date_input(key="stats.period").set_value((date(2021, 1, 1), date(2022, 12, 31))).run()
    districts = next(f for f in frames(at) if "Days since" in f.columns)
    counts = list(districts["Visits"])
    assert counts == sorted(counts) and counts[0] < counts[-1]
