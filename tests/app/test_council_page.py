"""AppTest: record councillors as informed, and answer a suggestion, on the council page."""

import pytest

from planner import council, db
from tests.conftest import uow_at


@pytest.fixture
def at(open_page):
    return open_page("pages/council.py")


@pytest.fixture
def work(env_db):
    return uow_at(db.get_engine(env_db))


def test_record_notice_for_the_first_pending_visit(at, work):
    visit_id = at.selectbox(key="council.visit_id").value
    before = [c for c in council.contacts(work, visit_id) if c.sent_at is None]
    assert before
    at.button(key=f"council.{visit_id}.record").click().run()
    assert not at.error, [e.value for e in at.error]
    assert all(c.sent_at is not None for c in council.contacts(work, visit_id))
    assert any("Recorded" in s.value for s in at.success)


def test_answer_a_suggestion(at, work):
    first = council.list_suggestions(work, "open")[0]
    at.text_area(key=f"council.answer.{first.id}.text").input("검토 결과를 안내했습니다.")
    at.button(key=f"council.answer.{first.id}.save").click().run()
    assert not at.error
    assert first.id not in {s.id for s in council.list_suggestions(work, "open")}


def test_empty_answer_is_refused(at, work):
    first = council.list_suggestions(work, "open")[0]
    at.button(key=f"council.answer.{first.id}.save").click().run()
    assert any("Required" in e.value for e in at.error)
    assert first.id in {s.id for s in council.list_suggestions(work, "open")}
