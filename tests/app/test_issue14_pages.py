"""AppTest (issue 14): notice warnings on the home page and the day view, the notice text and reasons on
/council, the ledger page (overdue items stand out, a result told), and the registry page (edit, import)."""

from datetime import timedelta

import pytest

from planner import council, db, ledger, notices
from tests.conftest import FIXED_NOW, uow_at


@pytest.fixture
def work(env_db):
    return uow_at(db.get_engine(env_db))


def test_home_warns_about_confirmed_visits_with_notices_unsent(open_page, env_db):
    at = open_page("pages/home.py")
    work = uow_at(db.get_engine(env_db))
    [warned] = notices.warnings(work)  # the sample's confirmed visit tomorrow (서울의료원)
    assert any(warned.visit.title in e.value and "not yet sent" in e.value for e in at.error)
    notices.record_sent(
        work, notices.Target("visit", warned.visit.id), [r.councillor.id for r in warned.sheet.recipients], "phone"
    )
    at.run()
    assert not any("not yet sent" in e.value for e in at.error)


def test_day_view_warns_on_that_day(open_page, env_db):
    at = open_page("pages/day.py")
    tomorrow = (FIXED_NOW + timedelta(days=1)).date()
    at.date_input(key="day.date").set_value(tomorrow).run()
    assert any("not yet sent" in e.value for e in at.error)
    at.date_input(key="day.date").set_value(tomorrow + timedelta(days=1)).run()
    assert not any("not yet sent" in e.value for e in at.error)


def test_council_page_shows_reasons_and_the_notice_text(open_page, work):
    at = open_page("pages/council.py", lang="ko")
    visit_id = at.selectbox(key="council.visit_id").value
    sheet = notices.sheet(work, notices.Target("visit", visit_id))
    [code] = at.code
    assert code.value == sheet.text.rstrip("\n") and "○ 장소:" in code.value
    table = at.dataframe[0].value
    assert set(table["안내 사유"]) <= {"선거구", "자치구", "지도부", "소관 상임위"}


def test_ledger_page_overdue_stand_out_and_a_result_is_told(open_page, work):
    at = open_page("pages/ledger.py")
    overdue = ledger.list_items(work, ledger.LedgerQuery(overdue=True))
    assert any(f"{len(overdue)} requests are past their due date" in e.value for e in at.error)
    states = list(at.dataframe[1].value["State"])
    assert states[: len(overdue)] == ["⚠ overdue"] * len(overdue)
    pick = at.selectbox(key="ledger.item").value
    at.text_area(key=f"ledger.result.{pick}.text").input("조치 완료")
    at.checkbox(key=f"ledger.result.{pick}.told").check()
    at.button(key=f"ledger.result.{pick}.save").click().run()
    assert not at.error or all("past their due date" in e.value for e in at.error)
    item = ledger.get_item(work, pick)
    assert (item.result, item.told_on) == ("조치 완료", FIXED_NOW.date())


def test_registry_page_edits_a_councillor(open_page, work):
    at = open_page("pages/registry.py")
    first = council.list_councillors(work)[0]
    at.selectbox(key="registry.councillor").set_value(first.id).run()
    at.text_input(key=f"registry.c.{first.id}.party").input("무소속")
    at.button(key=f"registry.c.{first.id}.save").click().run()
    assert not at.error, [e.value for e in at.error]
    assert {c.id: c.party for c in council.list_councillors(work)}[first.id] == "무소속"


def test_registry_a_new_constituency_asks_for_its_district(open_page, work):
    at = open_page("pages/registry.py", lang="ko")
    district = at.selectbox(key="registry.k.None.district")
    assert district.value is None  # chosen by the user, not the first district of the list
    at.text_input(key="registry.k.None.name").input("강서구 제9선거구")
    at.button(key="registry.k.None.save").click().run()
    assert [e.value for e in at.error] == ["자치구를 고르세요."]
    assert "강서구 제9선거구" not in {c.name for c in council.list_constituencies(work)}
    at.selectbox(key="registry.k.None.district").set_value("강서구")
    at.button(key="registry.k.None.save").click().run()
    assert not at.error, [e.value for e in at.error]
    assert {c.name: c.district for c in council.list_constituencies(work)}["강서구 제9선거구"] == "강서구"
