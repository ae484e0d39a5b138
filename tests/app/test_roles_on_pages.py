"""Issue 13 on the pages: the sidebar says who the app acts as; a viewer's approve is refused (the
control is absent, and a forged rerun that shows it anyway is refused by the core); the visit history
names who changed what; the admin page adds users and lists the audit trail.

The signed-in user comes from ``planner.ui.identity.signed_in`` (OIDC or a proxy header in
production); here it is pinned, the one thing replaced: everything after it is the real core.
"""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from planner import accounts, db, services
from planner.ui import identity, visit_screens
from planner.uow import UnitOfWork
from tests.app.conftest import CLOCK, LOG_SECTIONS

NOW = datetime.fromisoformat(CLOCK)


@pytest.fixture
def office(env_db):
    """The sample, with boss (admin), ann (approver) and vera (viewer)."""
    db.create_database(env_db)
    engine, _ = services.open_database(env_db, lambda: NOW, sample_on_first_start=True)
    accounts.add_user(UnitOfWork(engine, lambda: NOW), "boss", "admin")
    boss = UnitOfWork(engine, lambda: NOW, actor="boss")
    accounts.add_user(boss, "ann", "approver")
    accounts.add_user(boss, "vera", "viewer")
    return engine


def sign_in(monkeypatch, name: str | None) -> None:
    monkeypatch.setattr(identity, "signed_in", lambda: identity.SignedIn(name, "header"))


def proposed(engine):
    return next(v for v in services.list_visits(UnitOfWork(engine, lambda: NOW)) if v.status.value == "proposed")


def pick(at, visit):
    at.selectbox(key="visit_edit.id").set_value(visit.id).run()
    return f"visit_edit.{visit.id}.{visit.version}"


def test_local_mode_is_said_plainly(open_page):
    at = open_page("pages/visits.py", lang="ko", opened=LOG_SECTIONS)
    assert any(c.value == "로컬 모드: 모든 권한" for c in at.sidebar.caption)


def test_a_viewers_approve_control_is_absent_and_a_forged_one_is_refused(open_page, office, monkeypatch):
    sign_in(monkeypatch, "vera")
    visit = proposed(office)
    at = open_page("pages/visits.py", opened=LOG_SECTIONS)
    assert any("vera" in c.value and "Viewer" in c.value for c in at.sidebar.caption)
    prefix = pick(at, visit)
    assert not [b for b in at.button if b.key == f"{prefix}.apply_status"]
    assert not [s for s in at.selectbox if s.key == f"{prefix}.new_status"]
    assert any(c.value == "Your role cannot change this visit." for c in at.caption)
    assert not [t for t in at.text_input if t.key in ("visit_form.title", "category_form.code")]  # hidden too
    # Forged: a page that shows the control anyway (as a hidden button or a forged widget state would).
    monkeypatch.setattr(visit_screens, "permitted_transitions", lambda work, status: ["approved", "cancelled"])
    at.run()
    at.selectbox(key=f"{prefix}.new_status").set_value("approved").run()
    at.button(key=f"{prefix}.apply_status").click().run()
    assert not at.exception
    shown = [e.value.replace("\\", "").replace("\u2060", "") for e in at.error]  # Markdown-escaped on the page
    assert any("viewer" in e and "visit.approve" in e for e in shown), shown
    assert services.get_visit(UnitOfWork(office, lambda: NOW), visit.id).status.value == "proposed"


def test_an_approver_approves_and_the_history_names_them(open_page, office, monkeypatch):
    sign_in(monkeypatch, "ann")
    visit = proposed(office)
    at = open_page("pages/visits.py", opened=LOG_SECTIONS)
    prefix = pick(at, visit)
    assert at.selectbox(key=f"{prefix}.new_status").options == ["Approved"]  # cancel is the scheduler's
    at.button(key=f"{prefix}.apply_status").click().run()
    assert services.get_visit(UnitOfWork(office, lambda: NOW), visit.id).status.value == "approved"
    assert any("ann" in c.value and "Version 1 → 2" in c.value for c in at.caption), [c.value for c in at.caption]


def test_admin_page_adds_a_user_and_lists_the_trail(open_page, office, monkeypatch):
    sign_in(monkeypatch, "boss")
    at = open_page("pages/admin.py")
    assert not at.exception and not at.error
    at.text_input(key="admin.add.name").input("kim")
    at.selectbox(key="admin.add.role").set_value("scheduler")
    at.button(key="admin.add.submit").click().run()
    assert not at.error, [e.value for e in at.error]
    assert accounts.get_user(UnitOfWork(office, lambda: NOW), "kim").role.value == "scheduler"
    at.date_input(key="admin.audit.from").set_value(NOW.date()).run()
    at.selectbox(key="admin.audit.entity").set_value("user").run()  # boss, ann, vera, kim
    assert any(c.value == "4 entries" for c in at.caption), [c.value for c in at.caption]


def test_admin_page_is_closed_to_other_roles(open_page, office, monkeypatch):
    sign_in(monkeypatch, "ann")
    at = open_page("pages/admin.py")
    assert any(i.value == "Only admins can use this page." for i in at.info)
    assert not [t for t in at.text_input if t.key == "admin.add.name"]


def test_audit_table_speaks_korean_on_the_korean_screen(open_page, office, monkeypatch):
    sign_in(monkeypatch, "boss")
    at = open_page("pages/admin.py", lang="ko")
    at.date_input(key="admin.audit.from").set_value(datetime(2000, 1, 1).date()).run()
    assert not at.exception
    frame = at.dataframe[-1].value
    assert list(frame.columns) == ["일시", "사용자", "작업", "대상", "번호", "바꾸기 전", "바꾼 뒤"]
    assert "사용자" in set(frame["대상"])  # record kinds by name, not the code "user"
    assert "사용자 추가" in set(frame["작업"])  # actions by what they did, not the code "user.add"
    assert not [a for a in frame["작업"] if re.fullmatch(r"[a-z_]+\.[a-z_]+", a)]
    assert "건의·지적사항" in at.selectbox(key="admin.audit.entity").options  # every kind of record can be picked
    assert all(len(t) == 19 for t in frame["일시"])  # YYYY-MM-DD HH:MM:SS, not an ISO stamp with microseconds
