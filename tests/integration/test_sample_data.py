"""The sample data reproduces the report: highlights in the report's order, all rows load."""

from planner import services
from planner.domain import VisitQuery
from tests.conftest import uow_at


def test_highlights_in_report_order(sample_engine):
    def ranked(year):
        visits = services.list_visits(uow_at(sample_engine), VisitQuery(year=year, categories=("covid19",)))
        return [
            (v.site_name, v.start.strftime("%m-%d"))
            for v in sorted((v for v in visits if v.highlight_rank), key=lambda v: v.highlight_rank)
        ]

    assert ranked(2021) == [
        ("혜민병원", "12-27"),
        ("인왕시장", "11-08"),
        ("서울의료원", "09-29"),
        ("방재센터", "09-18"),
    ]
    assert ranked(2022) == [("미소들병원", "01-29"), ("자가검사키트 검사소", "02-02"), ("소공동지하상가", "01-11")]


def test_upcoming_visits_follow_the_clock(sample_engine, now):
    view = services.overview(uow_at(sample_engine, now))
    assert view.this_week or view.next_week
    assert all(v.start.date() >= view.week_start for v in view.this_week + view.next_week)


def test_report_visits_end_by_report_date(sample_engine):
    visits = services.list_visits(uow_at(sample_engine), VisitQuery(year=2022))
    historic = [v for v in visits if v.uid.startswith("sample-2022")]
    assert historic and max(v.start.date().isoformat() for v in historic) <= "2022-03-31"
