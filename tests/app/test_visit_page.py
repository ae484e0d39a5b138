"""AppTest of one visit's page (/visit?id=…, issue 12): each status's buttons, cancel with a reason and a
confirmation, a recorded reopen, and a clear message for a missing or wrong id."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planner import db, services
from planner.domain import Status, VisitQuery
from tests.app.conftest import CLOCK
from tests.conftest import uow_at

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def visit_page(env_db):
    """``visit_page("86")``: the app run once (the sample loaded), then the visit page opened with ``?id=86``;
    ``visit_page(Status.APPROVED)`` opens the first sample visit at that status."""

    def open_(visit_id: str | Status | None, lang: str = "ko") -> AppTest:
        app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
        app.session_state["clock.now"] = CLOCK
        app.session_state["lang"] = lang
        app.run()
        if isinstance(visit_id, Status):
            visit_id = str(first(env_db, visit_id).id)
        if visit_id is not None:
            app.query_params["id"] = visit_id
        app.switch_page("pages/visit.py").run()
        assert not app.exception, app.exception
        return app

    yield open_
    db.dispose_engine(env_db)


def work(env_db):
    return uow_at(db.get_engine(env_db))


def first(env_db, status: Status):
    return services.list_visits(work(env_db), VisitQuery(statuses=(status,)))[0]


def buttons(at: AppTest, visit_id: int) -> list[str]:
    return [b.label for b in at.button if b.key and b.key.startswith(f"visit.{visit_id}.")]


@pytest.mark.parametrize(
    ("status", "labels"),
    [
        (Status.PROPOSED, ["승인", "취소…"]),
        (Status.APPROVED, ["확정", "다시 열기 (→ 제안)", "취소…"]),
        (Status.CONFIRMED, ["완료", "다시 열기 (→ 승인)", "취소…"]),
        (Status.DONE, ["다시 열기 (→ 확정)"]),
    ],
)
def test_each_status_shows_the_actions_its_state_allows(visit_page, env_db, status, labels):
    at = visit_page(status)
    v = first(env_db, status)
    assert at.title[0].value.startswith(f"#{v.id} · ")
    assert buttons(at, v.id) == labels
    shown = [s.value for s in at.subheader]
    assert {"일정 내용", "장소", "점검 결과", "변경 이력", "시의회 안내"} <= set(shown)
    assert any(s.startswith("같은 날 일정 · ") for s in shown)


def test_a_status_button_changes_the_status_and_the_message_names_it(visit_page, env_db):
    at = visit_page(Status.APPROVED)
    v = first(env_db, Status.APPROVED)
    at.button(key=f"visit.{v.id}.to.confirmed").click().run()
    assert not at.exception
    assert any("'확정'" in s.value and f"판 {v.version + 1}" in s.value for s in at.success)
    assert services.get_visit(work(env_db), v.id).status == Status.CONFIRMED


def test_cancel_needs_a_reason_and_a_confirmation_then_reopen_is_recorded(visit_page, env_db):
    at = visit_page(Status.APPROVED)
    v = first(env_db, Status.APPROVED)
    at.button(key=f"visit.{v.id}.cancel").click().run()
    # Not confirmed: refused, nothing written.
    at.text_input(key=f"visit.{v.id}.cancel_reason").input("우천")
    at.button(key=f"visit.{v.id}.cancel_submit").click().run()
    assert [e.value for e in at.error] == ["취소하려면 확인란을 선택하세요. 아직 취소되지 않았습니다."]
    assert services.get_visit(work(env_db), v.id).status == Status.APPROVED
    # Confirmed without a reason: refused.
    at.text_input(key=f"visit.{v.id}.cancel_reason").input("")
    at.checkbox(key=f"visit.{v.id}.cancel_sure").check()
    at.button(key=f"visit.{v.id}.cancel_submit").click().run()
    assert any("취소 사유" in e.value for e in at.error)
    assert services.get_visit(work(env_db), v.id).status == Status.APPROVED
    # Reason and confirmation: cancelled, the message names the new status.
    at.text_input(key=f"visit.{v.id}.cancel_reason").input("우천으로 연기")
    at.button(key=f"visit.{v.id}.cancel_submit").click().run()
    assert not at.exception
    assert any("'취소'" in s.value for s in at.success)
    stored = services.get_visit(work(env_db), v.id)
    assert (stored.status, stored.cancel_reason) == (Status.CANCELLED, "우천으로 연기")
    assert buttons(at, v.id) == ["다시 열기 (→ 승인)"]
    # Reopen: back to approved, and the history says so with the reason kept.
    at.button(key=f"visit.{v.id}.reopen").click().run()
    assert any("다시 열었습니다" in s.value and "'승인'" in s.value for s in at.success)
    assert services.get_visit(work(env_db), v.id).status == Status.APPROVED
    history = [m.value for m in at.markdown if m.value.startswith("판 ")]
    assert "상태 취소 → 승인 · 다시 열기 · 취소 사유: 우천으로 연기" in history[0]
    assert "상태 승인 → 취소" in history[1]


def test_an_action_on_a_version_changed_elsewhere_is_refused(visit_page, env_db):
    at = visit_page(Status.APPROVED)
    v = first(env_db, Status.APPROVED)
    services.update_visit(work(env_db), v.id, v.version, {"notes": "다른 사람이 고침"})
    at.button(key=f"visit.{v.id}.to.confirmed").click().run()
    assert any(f"#{v.id}" in w.value or "다른" in w.value for w in at.warning)  # changed elsewhere
    assert at.error  # StaleVersion shown
    assert services.get_visit(work(env_db), v.id).status == Status.APPROVED


@pytest.mark.parametrize("value", [None, "", "abc", "-3", "99999999999999"])
def test_a_missing_or_wrong_id_gives_a_clear_message(visit_page, value):
    at = visit_page(value, lang="en")
    assert at.title[0].value == "Visit"
    said = [w.value for w in at.warning] + [e.value for e in at.error]
    assert said and ("names no valid visit" in said[0] or "No visit with id" in said[0])
    assert not at.button  # no action on nothing


def test_an_unknown_id_says_so(visit_page):
    at = visit_page("123456", lang="en")
    assert [e.value for e in at.error] == ["No visit with id 123456"]


def test_home_warnings_and_tables_link_to_the_visit_page(open_page):
    at = open_page("pages/home.py")
    links = [e.proto.query_string for e in at.get("page_link")]
    assert at.warning and sum(q.startswith("id=") for q in links) >= len(at.warning) - 1  # all but "overdue"
    assert all(str(x).startswith("visit?id=") for df in at.dataframe for x in df.value["Open"])
