"""Services on a temporary database: adding, editing with versions, status workflow, filters."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select, text

from planner import council, db, repository, services
from planner.domain import SEOUL, IllegalTransition, NotFound, StaleVersion, Status, ValidationError, VisitQuery
from tests.conftest import uow_at


def _site(engine):
    return services.add_site(
        uow_at(engine), services.SiteDraft("서울특별시청", 37.5663, 126.9779, address="세종대로 110")
    )


def _draft(site_id, **overrides):
    values = dict(
        title="시장 현장방문",
        site_id=site_id,
        start=datetime(2022, 3, 20, 10, 0, tzinfo=SEOUL),
        end=datetime(2022, 3, 20, 11, 0, tzinfo=SEOUL),
        category="economy",
    )
    values.update(overrides)
    return services.VisitDraft(**values)


def test_site_district_is_derived_from_coordinates(engine):
    assert _site(engine).district == "중구"


def test_site_outside_seoul_needs_confirmation(engine):
    with pytest.raises(ValidationError) as info:
        services.add_site(uow_at(engine), services.SiteDraft("수원시청", 37.2636, 127.0286))
    assert info.value.key == "error.outside_seoul"
    assert services.list_sites(uow_at(engine)) == []
    confirmed = services.add_site(
        uow_at(engine), services.SiteDraft("수원시청", 37.2636, 127.0286, allow_outside_seoul=True)
    )
    assert confirmed.district == ""


def test_site_district_given_must_match_coordinates(engine):
    with pytest.raises(ValidationError) as info:
        services.add_site(uow_at(engine), services.SiteDraft("시청", 37.5663, 126.9779, district="강남구"))
    assert info.value.key == "error.district_mismatch"
    assert (
        services.add_site(uow_at(engine), services.SiteDraft("시청", 37.5663, 126.9779, district="Jung-gu")).district
        == "중구"
    )


def test_add_visit_round_trips_times_in_seoul(engine, now):
    site = _site(engine)
    visit = services.add_visit(uow_at(engine, now), _draft(site.id))
    stored = services.get_visit(uow_at(engine), visit.id)
    assert stored.start == datetime(2022, 3, 20, 10, 0, tzinfo=SEOUL)
    assert stored.start.utcoffset() == timedelta(hours=9)
    assert stored.version == 1 and stored.status is Status.PROPOSED
    assert stored.district == "중구" and stored.site_name == "서울특별시청"
    assert stored.uid.endswith("@seoul-visit-planner")


def test_times_are_stored_as_utc(engine, now):
    site = _site(engine)
    visit = services.add_visit(uow_at(engine, now), _draft(site.id))
    with db.transaction(engine) as conn:
        raw = conn.execute(select(text("start_at")).select_from(db.visits).where(db.visits.c.id == visit.id)).scalar()
    assert str(raw).startswith("2022-03-20 01:00")


@pytest.mark.parametrize(
    "overrides,key",
    [
        ({"end": datetime(2022, 3, 20, 9, 0, tzinfo=SEOUL)}, "error.end_before_start"),
        ({"end": datetime(2022, 3, 20, 10, 0, tzinfo=SEOUL)}, "error.end_before_start"),
        ({"title": "   "}, "error.required"),
        ({"title": "x" * 201}, "error.too_long"),
        ({"category": "sports"}, "error.unknown_category"),
        ({"highlight_rank": 0}, "error.bad_rank"),
    ],
)
def test_invalid_visits_are_refused_and_nothing_is_written(engine, now, overrides, key):
    site = _site(engine)
    with pytest.raises(ValidationError) as info:
        services.add_visit(uow_at(engine, now), _draft(site.id, **overrides))
    assert info.value.key == key
    assert services.list_visits(uow_at(engine)) == []


def test_unknown_site_is_refused(engine, now):
    with pytest.raises(NotFound):
        services.add_visit(uow_at(engine, now), _draft(999))


def test_new_site_and_visit_are_all_or_nothing(engine, now):
    bad_visit = _draft(0, end=datetime(2022, 3, 20, 9, 0, tzinfo=SEOUL))
    with pytest.raises(ValidationError):
        services.add_visit(uow_at(engine, now), bad_visit, new_site=services.SiteDraft("망원시장", 37.5560, 126.9060))
    assert services.list_sites(uow_at(engine)) == []
    visit = services.add_visit(
        uow_at(engine, now), _draft(0), new_site=services.SiteDraft("망원시장", 37.5560, 126.9060)
    )
    assert visit.district == "마포구"


def test_update_raises_version_and_stale_version_writes_nothing(engine, now):
    site = _site(engine)
    visit = services.add_visit(uow_at(engine, now), _draft(site.id))
    later = now + timedelta(hours=1)
    first = services.update_visit(uow_at(engine, later), visit.id, 1, {"title": "바뀐 제목"})
    assert (first.version, first.title, first.updated_at) == (2, "바뀐 제목", later)
    with pytest.raises(StaleVersion) as info:
        services.update_visit(uow_at(engine, later), visit.id, 1, {"title": "덮어쓰기"})
    assert info.value.exit_code == 3
    assert services.get_visit(uow_at(engine), visit.id).title == "바뀐 제목"


def test_update_without_change_keeps_version(engine, now):
    site = _site(engine)
    visit = services.add_visit(uow_at(engine, now), _draft(site.id))
    assert services.update_visit(uow_at(engine, now), visit.id, 1, {"title": visit.title}).version == 1


def test_update_validates_the_result(engine, now):
    site = _site(engine)
    visit = services.add_visit(uow_at(engine, now), _draft(site.id))
    with pytest.raises(ValidationError):
        services.update_visit(uow_at(engine, now), visit.id, 1, {"end": visit.start - timedelta(minutes=5)})
    assert services.get_visit(uow_at(engine), visit.id).version == 1


def test_status_workflow_and_illegal_transition(engine, now):
    site = _site(engine)
    visit = services.add_visit(uow_at(engine, now), _draft(site.id))
    v = services.change_status(uow_at(engine, now), visit.id, 1, "approved")
    v = services.change_status(uow_at(engine, now), v.id, v.version, Status.CONFIRMED)
    with pytest.raises(IllegalTransition):
        services.change_status(uow_at(engine, now), v.id, v.version, Status.PROPOSED)
    v = services.change_status(uow_at(engine, now), v.id, v.version, Status.DONE)
    with pytest.raises(IllegalTransition):
        services.change_status(uow_at(engine, now), v.id, v.version, Status.CANCELLED)
    assert services.get_visit(uow_at(engine), v.id).status is Status.DONE


def test_duplicate_uid_refused(engine, now):
    site = _site(engine)
    services.add_visit(uow_at(engine, now), _draft(site.id, uid="a@b"))
    with pytest.raises(ValidationError) as info:
        services.add_visit(uow_at(engine, now), _draft(site.id, uid="a@b"))
    assert info.value.key == "error.uid_exists"


def test_year_filter_uses_seoul_time_boundaries(engine, now):
    site = _site(engine)
    # 2022-01-01 00:30 in Seoul is still 2021 in UTC.
    services.add_visit(
        uow_at(engine, now),
        _draft(
            site.id,
            start=datetime(2022, 1, 1, 0, 30, tzinfo=SEOUL),
            end=datetime(2022, 1, 1, 1, 0, tzinfo=SEOUL),
            override_reason="신년 0시 행사",  # a holiday, at night: saved on purpose
        ),
    )
    assert len(services.list_visits(uow_at(engine), VisitQuery(year=2022))) == 1
    assert services.list_visits(uow_at(engine), VisitQuery(year=2021)) == []
    assert (
        len(services.list_visits(uow_at(engine), VisitQuery(date_from=date(2022, 1, 1), date_to=date(2022, 1, 1)))) == 1
    )


def test_text_search_treats_wildcards_literally(engine, now):
    site = _site(engine)
    services.add_visit(uow_at(engine, now), _draft(site.id, title="100% 점검"))
    services.add_visit(
        uow_at(engine, now),
        _draft(
            site.id,
            title="1000 점검",
            start=datetime(2022, 3, 21, 10, tzinfo=SEOUL),
            end=datetime(2022, 3, 21, 11, tzinfo=SEOUL),
        ),
    )
    assert [v.title for v in services.list_visits(uow_at(engine), VisitQuery(text="100%"))] == ["100% 점검"]
    assert len(services.list_visits(uow_at(engine), VisitQuery(text="서울특별시청"))) == 2  # site name


def test_overlaps_ignore_cancelled(engine, now):
    site = _site(engine)
    a_start = datetime(2022, 3, 16, 10, 0, tzinfo=SEOUL)  # a Wednesday: the overlap is the only problem
    a = services.add_visit(uow_at(engine, now), _draft(site.id, start=a_start, end=a_start + timedelta(hours=1)))
    b_start = datetime(2022, 3, 16, 10, 30, tzinfo=SEOUL)
    b = _draft(site.id, start=b_start, end=b_start + timedelta(hours=1))
    assert [(p.rule, p.params["id"]) for p in services.check_draft(uow_at(engine, now), b)] == [("overlap", a.id)]
    services.change_status(uow_at(engine, now), a.id, 1, "cancelled")
    assert services.check_draft(uow_at(engine, now), b) == []


def test_every_write_bumps_the_data_version(engine, now):
    before = services.data_version(uow_at(engine))
    site = _site(engine)
    services.add_visit(uow_at(engine, now), _draft(site.id))
    assert services.data_version(uow_at(engine)) >= before + 2


def test_overview_lists_weeks_and_attention(engine):
    site = _site(engine)
    now = datetime(2022, 3, 16, 9, 0, tzinfo=SEOUL)  # a Wednesday
    mk = lambda day, hour, **kw: services.add_visit(  # noqa: E731
        uow_at(engine, now),
        _draft(
            site.id,
            start=datetime(2022, 3, day, hour, tzinfo=SEOUL),
            end=datetime(2022, 3, day, hour + 1, tzinfo=SEOUL),
            **kw,
        ),
    )
    proposed = mk(17, 10)
    overlapping = mk(17, 10, title="겹치는 일정")
    nxt = mk(22, 14)
    past = mk(15, 10, status=Status.CONFIRMED)
    view = services.overview(uow_at(engine, now))
    assert view.week_start == date(2022, 3, 14)
    assert {v.id for v in view.this_week} == {proposed.id, overlapping.id, past.id}
    assert [v.id for v in view.next_week] == [nxt.id]
    keys = {(a.key, a.visit.id) for a in view.attention}
    assert ("attention.needs_approval", proposed.id) in keys
    assert ("attention.past_not_closed", past.id) in keys
    assert ("attention.overlap", proposed.id) in keys


def test_concurrent_edit_from_two_connections_one_wins(engine, now):
    """Two users saved from the same version: exactly one write lands."""
    site = _site(engine)
    visit = services.add_visit(uow_at(engine, now), _draft(site.id))
    with db.transaction(engine) as conn:
        seen = repository.get_visit(conn, visit.id)
    services.update_visit(uow_at(engine, now), visit.id, seen.version, {"purpose": "A"})
    with pytest.raises(StaleVersion):
        services.update_visit(uow_at(engine, now), visit.id, seen.version, {"purpose": "B"})
    with db.transaction(engine) as conn:
        assert conn.execute(select(db.visits.c.purpose)).scalar() == "A"


def test_history_records_each_replaced_version_and_restore_undoes(engine, now):
    site = _site(engine)
    visit = services.add_visit(uow_at(engine, now), _draft(site.id, purpose="원래 목적"))
    v2 = services.update_visit(
        uow_at(engine, now + timedelta(hours=1)), visit.id, 1, {"title": "둘째", "purpose": "바뀐 목적"}
    )
    v3 = services.change_status(uow_at(engine, now + timedelta(hours=2)), visit.id, v2.version, "approved")
    history = services.visit_history(uow_at(engine), visit.id)
    assert [e.version for e in history] == [2, 1]
    assert history[0].changed == ("status",)
    assert set(history[1].changed) == {"title", "purpose"}
    assert history[1].replaced_at == now + timedelta(hours=1)
    restored = services.restore_version(uow_at(engine, now + timedelta(hours=3)), visit.id, v3.version, 1)
    assert (restored.title, restored.purpose, restored.version) == ("시장 현장방문", "원래 목적", 4)
    assert restored.status is Status.APPROVED  # the workflow only moves forward
    assert restored.start == visit.start


def test_restore_is_refused_when_stale(engine, now):
    site = _site(engine)
    visit = services.add_visit(uow_at(engine, now), _draft(site.id))
    services.update_visit(uow_at(engine, now), visit.id, 1, {"title": "둘째"})
    with pytest.raises(StaleVersion):
        services.restore_version(uow_at(engine, now), visit.id, 1, 1)
    with pytest.raises(NotFound):
        services.restore_version(uow_at(engine, now), visit.id, 2, 7)
    assert services.get_visit(uow_at(engine), visit.id).title == "둘째"


def test_calendar_import_updates_are_kept_in_the_history(engine, now):
    from planner import calendar_exchange

    def ics(summary: str) -> bytes:
        return (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:imp-1@test\r\n"
            "DTSTAMP:20220301T000000Z\r\nDTSTART;TZID=Asia/Seoul:20220322T093000\r\n"
            f"DTEND;TZID=Asia/Seoul:20220322T103000\r\nSUMMARY:{summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        ).encode()

    calendar_exchange.import_ics(uow_at(engine, now), ics("첫 제목"), "visits")
    calendar_exchange.import_ics(uow_at(engine, now), ics("둘째 제목"), "visits")
    [visit] = services.list_visits(uow_at(engine))
    assert visit.title == "둘째 제목"
    [entry] = services.visit_history(uow_at(engine), visit.id)
    assert entry.values["title"] == "첫 제목" and "title" in entry.changed


# ---------------------------------------------------------------- issue 9: bad input on both databases


def _all_rows(engine):
    """Every row of every table: a refusal must leave all of them as they were."""
    with db.transaction(engine) as conn:
        return {t.name: sorted(map(repr, conn.execute(select(t)).all())) for t in db.metadata.sorted_tables}


def test_site_address_of_301_characters_is_refused_on_sqlite_as_on_postgresql(engine):
    # Before: PostgreSQL raised DataError (a traceback) and SQLite stored a 1 MB address.
    before = _all_rows(engine)
    for address in ("a" * 301, "a" * 1_000_000):
        with pytest.raises(ValidationError) as info:
            services.add_site(uow_at(engine), services.SiteDraft("시청", 37.5663, 126.9779, address=address))
        assert (info.value.key, info.value.field, info.value.params["max"]) == ("error.too_long", "address", 300)
    assert _all_rows(engine) == before
    assert (
        services.add_site(uow_at(engine), services.SiteDraft("시청", 37.5663, 126.9779, address="a" * 300)).address
        == "a" * 300
    )


@pytest.mark.parametrize(
    ("field", "value", "key"),
    [
        ("title", "시장\x00방문", "error.bad_character"),
        ("title", "x\x1b[2J", "error.bad_character"),
        ("title", "줄\n바꿈", "error.one_line"),
        ("purpose", "목적\x00", "error.bad_character"),
        ("attendees", "a" * 4001, "error.too_long"),
        ("notes", "\x07메모", "error.bad_character"),
        ("uid", "u" * 256, "error.too_long"),
        ("uid", "uid\x00", "error.bad_character"),
    ],
    ids=["title-nul", "title-esc", "title-newline", "purpose-nul", "attendees-4001", "notes-bel", "uid-256", "uid-nul"],
)
def test_visit_text_with_nul_control_character_or_too_long_is_refused_and_nothing_written(
    engine, now, field, value, key
):
    site = _site(engine)
    before = _all_rows(engine)
    with pytest.raises(ValidationError) as info:
        services.add_visit(uow_at(engine, now), _draft(site.id, **{field: value}))
    assert (info.value.key, info.value.field) == (key, field)
    assert _all_rows(engine) == before


def test_edit_with_escape_sequence_in_title_is_refused_and_nothing_written(engine, now):
    visit = services.add_visit(uow_at(engine, now), _draft(_site(engine).id))
    before = _all_rows(engine)
    with pytest.raises(ValidationError) as info:
        services.update_visit(uow_at(engine, now), visit.id, 1, {"title": "x\x1b[2J"})
    assert info.value.key == "error.bad_character" and info.value.params == {"code": "U+001B", "field": "title"}
    assert _all_rows(engine) == before


def test_a_visit_stored_before_the_rules_can_still_change_status(engine, now):
    visit = services.add_visit(uow_at(engine, now), _draft(_site(engine).id))
    with db.transaction(engine, write=True) as conn:  # as an older version of the planner could store it
        conn.execute(db.visits.update().where(db.visits.c.id == visit.id).values(title="옛\t제목"))
    assert services.change_status(uow_at(engine, now), visit.id, 1, Status.APPROVED).status is Status.APPROVED


@pytest.mark.parametrize("start", [datetime(1, 1, 1, tzinfo=SEOUL), datetime(9999, 12, 31, 10, tzinfo=SEOUL)])
def test_visit_at_the_edge_of_time_is_refused_not_overflowing(engine, now, start):
    site = _site(engine)
    before = _all_rows(engine)
    with pytest.raises(ValidationError) as info:
        services.add_visit(uow_at(engine, now), _draft(site.id, start=start, end=start + timedelta(hours=1)))
    assert info.value.key == "error.date_out_of_range"
    assert _all_rows(engine) == before


@pytest.mark.parametrize(
    ("query", "key"),
    [
        (VisitQuery(year=9999), "error.year_out_of_range"),
        (VisitQuery(year=10**20), "error.year_out_of_range"),
        (VisitQuery(date_from=date(1, 1, 1)), "error.date_out_of_range"),
        (VisitQuery(date_to=date(9999, 12, 31)), "error.date_out_of_range"),
        (VisitQuery(date_from=date(2022, 5, 1), date_to=date(2022, 4, 1)), "error.dates_reversed"),
        (VisitQuery(text="시청\x00"), "error.bad_character"),
    ],
)
def test_visit_filters_beyond_what_a_query_can_answer_are_refused(engine, query, key):
    with pytest.raises(ValidationError) as info:
        services.list_visits(uow_at(engine), query)
    assert info.value.key == key


@pytest.mark.parametrize("visit_id", [2**31, 10**20])
def test_visit_id_too_large_for_the_database_is_not_found_not_overflowing(engine, now, visit_id):
    for call in (
        lambda: services.get_visit(uow_at(engine), visit_id),
        lambda: services.update_visit(uow_at(engine, now), visit_id, 1, {"title": "x"}),
        lambda: services.get_site(uow_at(engine), visit_id),
        lambda: services.visit_history(uow_at(engine), visit_id),
    ):
        with pytest.raises(NotFound):
            call()


COUNCIL_WRITES = {
    "councillor name": lambda e, now, v: council.add_councillor(uow_at(e, now), v, "중구"),
    "constituency": lambda e, now, v: council.add_councillor(uow_at(e, now), "홍길동", "중구", constituency=v),
    "contact": lambda e, now, v: council.add_councillor(uow_at(e, now), "홍길동", "중구", contact=v),
    "suggestion": lambda e, now, v: council.add_suggestion(uow_at(e, now), 1, v, "교통정책과"),
    "department": lambda e, now, v: council.add_suggestion(uow_at(e, now), 1, "건의", v),
    "answer": lambda e, now, v: council.answer_suggestion(uow_at(e, now), 1, v),
    "category label": lambda e, now, v: services.add_category(uow_at(e), "culture", v, "Culture", "#123456", "policy"),
}


@pytest.mark.parametrize("write", list(COUNCIL_WRITES))
@pytest.mark.parametrize(
    ("bad", "key"),
    [("\x00", "error.bad_character"), ("\x1b[31m", "error.bad_character"), ("가" * 4001, "error.too_long")],
    ids=["nul", "esc", "4001-chars"],
)
def test_council_and_category_text_with_nul_control_character_or_too_long_is_refused(engine, now, write, bad, key):
    # Before: a NUL reached the database (PostgreSQL: ValueError), a 4,001-character department or name
    # raised DataError on PostgreSQL and was stored whole on SQLite.
    councillor = council.add_councillor(uow_at(engine, now), "김의원", "중구")
    suggestion = council.add_suggestion(uow_at(engine, now), councillor.id, "건의", "")
    assert (councillor.id, suggestion) == (1, 1)
    before = _all_rows(engine)
    with pytest.raises(ValidationError) as info:
        COUNCIL_WRITES[write](engine, now, f"앞{bad}뒤")
    assert info.value.key == key
    assert _all_rows(engine) == before


@pytest.mark.parametrize("huge", [2**31, 10**20])
def test_council_ids_too_large_for_the_database_are_not_found_not_overflowing(engine, now, huge):
    for call in (
        lambda: council.add_suggestion(uow_at(engine, now), huge, "건의", ""),
        lambda: council.answer_suggestion(uow_at(engine, now), huge, "답변"),
        lambda: council.contacts(uow_at(engine, now), huge),
        lambda: council.record_contacts(uow_at(engine, now), huge, [1], "phone"),
    ):
        with pytest.raises(NotFound):
            call()
