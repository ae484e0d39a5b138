"""Issue 13, item 3: the audit trail with names, and who changed what in a visit's history.

Acceptance: after an edit by ``kim`` and an undo by ``lee``, the history shows both names and both
changes (here through the services, on SQLite and PostgreSQL; ``test_accounts_cli`` through the CLI).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from planner import accounts, council, feeds, services
from planner.domain import SEOUL, Forbidden, ValidationError
from planner.uow import UnitOfWork
from tests.conftest import FIXED_NOW


def as_user(uow: UnitOfWork, name: str | None, now: datetime = FIXED_NOW) -> UnitOfWork:
    return UnitOfWork(uow.engine, lambda: now, actor=name)


@pytest.fixture
def office(sample_uow):
    """The sample with an admin (boss) and two schedulers (kim, lee)."""
    accounts.add_user(sample_uow, "boss", "admin")
    boss = as_user(sample_uow, "boss")
    accounts.add_user(boss, "kim", "scheduler", "김민수")
    accounts.add_user(boss, "lee", "scheduler")
    return sample_uow


def test_an_edit_by_kim_and_an_undo_by_lee_show_both_names_and_both_changes(office):
    kim, lee = as_user(office, "kim"), as_user(office, "lee", FIXED_NOW + timedelta(minutes=5))
    visit = services.list_visits(office)[0]
    edited = services.update_visit(kim, visit.id, visit.version, {"title": "김이 바꾼 제목"})
    services.restore_version(lee, visit.id, edited.version, visit.version)
    undo, edit = services.visit_history(office, visit.id)  # newest first
    assert (edit.actor, edit.changed, edit.after["title"]) == ("kim", ("title",), "김이 바꾼 제목")
    assert (undo.actor, undo.changed, undo.after["title"]) == ("lee", ("title",), visit.title)
    records = [services.history_record(e) for e in services.visit_history(office, visit.id)]
    assert records[0] == {
        "version": visit.version + 2,
        "at": (FIXED_NOW + timedelta(minutes=5)).isoformat(),
        "actor": "lee",
        "changes": {"title": {"from": "김이 바꾼 제목", "to": visit.title}},
    }
    assert records[1]["actor"] == "kim" and records[1]["changes"]["title"]["to"] == "김이 바꾼 제목"
    # The audit trail says the same, in the transaction of each change.
    trail = accounts.list_audit(as_user(office, "boss"), entity="visit", entity_id=visit.id)
    assert [(e.actor, e.action, e.before, e.after) for e in trail] == [
        ("kim", "visit.edit", {"title": visit.title}, {"title": "김이 바꾼 제목"}),
        ("lee", "visit.edit", {"title": "김이 바꾼 제목"}, {"title": visit.title}),
    ]


def test_a_refused_change_leaves_no_audit_row_and_no_change(office):
    vera_admin = as_user(office, "boss")
    accounts.add_user(vera_admin, "vera", "viewer")
    visit = services.list_visits(office)[0]
    before = len(accounts.list_audit(vera_admin))
    with pytest.raises(Forbidden):
        services.update_visit(as_user(office, "vera"), visit.id, visit.version, {"title": "x"})
    assert len(accounts.list_audit(vera_admin)) == before
    assert services.get_visit(office, visit.id) == visit


def test_every_kind_of_record_is_audited_with_before_and_after(office):
    boss = as_user(office, "boss")
    site = services.add_site(boss, services.SiteDraft("감사 장소", 37.5665, 126.978))
    services.add_category(boss, "culture", "문화", "Culture", "#123456", "policy")
    cid = council.add_councillor(boss, "박의원", "중구").id
    sid = council.add_suggestion(boss, cid or 0, "건의", "교통과")
    council.answer_suggestion(boss, sid, "답변함")
    feed = feeds.create_feed(boss)
    feeds.revoke_feed(boss, feed.token)
    accounts.set_role(boss, "lee", "approver")
    trail = [e for e in accounts.list_audit(boss) if e.actor == "boss"]
    seen = [(e.action, e.entity) for e in trail]
    assert seen == [
        ("user.add", "user"),
        ("user.add", "user"),
        ("site.add", "site"),
        ("category.add", "category"),
        ("councillor.add", "councillor"),
        ("ledger.edit", "ledger_item"),  # a suggestion is a ledger item since issue 14
        ("ledger.edit", "ledger_item"),  # its answer: the result, told today
        ("feed.create", "feed"),
        ("feed.revoke", "feed"),
        ("user.set_role", "user"),
    ]
    assert trail[2].entity_id == str(site.id) and trail[2].after["name"] == "감사 장소"
    assert trail[6].before["result"] == "" and trail[6].after["result"] == "답변함"
    assert trail[-1].before == {"role": "scheduler"} and trail[-1].after == {"role": "approver"}
    # The feed token is the secret of its URL: the trail keeps only its first characters.
    assert all(feed.token not in repr(e) for e in trail)


def test_the_trail_filters_by_day_and_actor(office):
    boss = as_user(office, "boss")
    later = as_user(office, "kim", datetime(2022, 3, 20, 10, tzinfo=SEOUL))
    services.add_site(later, services.SiteDraft("나중 장소", 37.5665, 126.978))
    assert [e.actor for e in accounts.list_audit(boss, date_from=date(2022, 3, 20))] == ["kim"]
    assert all(e.at.date() == FIXED_NOW.date() for e in accounts.list_audit(boss, date_to=date(2022, 3, 19)))
    assert {e.actor for e in accounts.list_audit(boss, actor="kim")} == {"kim"}
    with pytest.raises(ValidationError):
        accounts.list_audit(boss, date_from=date(2022, 3, 20), date_to=date(2022, 3, 19))


def test_first_user_must_be_admin_and_the_last_admin_stays(uow):
    with pytest.raises(ValidationError) as refused:
        accounts.add_user(uow, "kim", "scheduler")
    assert refused.value.key == "error.first_user_admin"
    accounts.add_user(uow, "boss", "admin")
    boss = as_user(uow, "boss")
    with pytest.raises(ValidationError) as refused:
        accounts.set_role(boss, "boss", "viewer")
    assert refused.value.key == "error.last_admin"
    with pytest.raises(ValidationError):
        accounts.add_user(boss, "boss", "viewer")  # exists
    with pytest.raises(ValidationError):
        accounts.add_user(boss, "two words", "viewer")


def test_an_inactive_user_may_not_write(office):
    boss = as_user(office, "boss")
    accounts.set_role(boss, "kim", "scheduler", active=False)
    with pytest.raises(Forbidden):
        services.add_site(as_user(office, "kim"), services.SiteDraft("x", 37.5665, 126.978))


def test_a_database_from_before_issue_13_gets_the_new_tables_and_column(db_url):
    """A database at revision 0003 (no users, no audit, no visit_history.actor) is brought up to date at start."""
    import sqlite3

    from planner import db

    engine = db.get_engine(db_url)
    services.init_database(engine)
    db.dispose_engine(db_url)
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as raw:
        raw.execute("DROP TABLE users")
        raw.execute("DROP TABLE audit")
        raw.execute("ALTER TABLE visit_history DROP COLUMN actor")
        raw.execute("ALTER TABLE visits DROP COLUMN cancel_reason")  # revision 0005
        raw.execute("UPDATE alembic_version SET version_num = '0003'")  # the revision before issue 13's
    engine = db.get_engine(db_url)
    services.init_database(engine)
    uow = UnitOfWork(engine, lambda: FIXED_NOW, actor="kim")
    site = services.add_site(uow, services.SiteDraft("장소", 37.5665, 126.978))
    start = datetime(2022, 3, 24, 10, tzinfo=SEOUL)
    visit = services.add_visit(
        uow, services.VisitDraft("제목", site.id or 0, start, start + timedelta(hours=1), "economy")
    )
    services.update_visit(uow, visit.id, 1, {"title": "새 제목"})
    assert services.visit_history(uow, visit.id)[0].actor == "kim"
    assert [e.action for e in accounts.list_audit(uow)] == ["site.add", "visit.propose", "visit.edit"]
    db.dispose_engine(db_url)


def test_site_flags_and_an_engagements_participants_are_audited(office):
    """After the merge of issues 13 and 14: a site's publishable flag and 행정동, and who takes part in an
    engagement, are in the trail with before and after."""
    from planner import engagements
    from planner.domain import Participant

    boss = as_user(office, "boss")
    site = services.list_sites(boss)[0]
    services.set_site_publishable(boss, site.id, not site.publishable)
    council.set_site_dong(boss, site.id, "시험동")
    visit = services.list_visits(boss)[0]
    engagements.set_participants(boss, visit.id, [Participant("official", "경제정책실장")], seen=[])
    trail = [e for e in accounts.list_audit(boss) if e.actor == "boss" and e.action in ("site.edit", "visit.edit")]
    assert [(e.entity, e.entity_id) for e in trail] == [
        ("site", str(site.id)),
        ("site", str(site.id)),
        ("visit", str(visit.id)),
    ]
    assert trail[0].before == {"publishable": site.publishable} and trail[0].after == {
        "publishable": not site.publishable
    }
    assert trail[1].after == {"dong": "시험동"}
    assert trail[2].after == {"participants": ["official:경제정책실장"]}
