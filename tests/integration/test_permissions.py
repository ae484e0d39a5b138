"""Issue 13, item 2: every write use case checks the acting user's role, in the core.

The write use cases are discovered, not listed by hand: every function in ``planner/`` that opens
``uow.transaction(write=True)``. Each must appear in ``CASES`` below with the exact set of roles that
may run it; a new write use case without a row fails ``test_every_write_use_case_is_in_the_table``,
and one without a check fails the role walk (a viewer would be let through).

Each case runs once per role on one sample database, inside an outer write block that is never
committed (the dry-run shape of ``planner.uow``), so the cases do not disturb each other.
"""

from __future__ import annotations

import ast
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

import pytest

from planner import (
    accounts,
    backup,
    briefing,
    calendar_exchange,
    council,
    engagements,
    feeds,
    ledger,
    notices,
    planning,
    reports,
    sample,
    series,
    services,
)
from planner.access import PERMISSIONS, Role, allowed
from planner.domain import Forbidden, Participant, Status, Visit
from planner.uow import UnitOfWork
from tests.conftest import FIXED_NOW, ROOT, uow_at

S, A, L, ADMIN, V = Role.SCHEDULER, Role.APPROVER, Role.LIAISON, Role.ADMIN, Role.VIEWER
USERS = {V: "vera", S: "sam", A: "ann", L: "lin", ADMIN: "ada"}


def write_use_cases() -> set[str]:
    """``module.function`` of every function in planner/ that opens a write unit of work."""
    found: set[str] = set()
    for path in sorted((ROOT / "planner").rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef):
                continue
            for call in ast.walk(node):
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Attribute)
                    and call.func.attr == "transaction"
                    and isinstance(call.func.value, ast.Name)
                    and call.func.value.id == "uow"
                    and any(
                        k.arg == "write" and isinstance(k.value, ast.Constant) and k.value.value for k in call.keywords
                    )
                ):
                    found.add(f"{module.removeprefix('planner.')}.{node.name}")
                    break
    return found


@dataclass
class World:
    sample: object  # engine with the sample data and one user per role
    empty: object  # engine with the users only (for loading the sample)
    ids: dict[str, int]
    visit: dict[str, Visit]
    token: str  # a feed to revoke


def _uid(n: int) -> str:
    return f"sample-upcoming-{n:02d}@seoul-visit-planner"


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> World:
    engines = []
    for name in ("sample", "empty"):
        path = tmp_path_factory.mktemp("perm") / f"{name}.db"
        sqlite3.connect(path).close()
        engine, _ = services.open_database(
            f"sqlite:///{path}", lambda: FIXED_NOW, sample_on_first_start=name == "sample"
        )
        setup = uow_at(engine, FIXED_NOW)
        accounts.add_user(setup, USERS[ADMIN], ADMIN)  # the first user is an admin
        admin = UnitOfWork(engine, lambda: FIXED_NOW, actor=USERS[ADMIN])
        for role, user in USERS.items():
            if role != ADMIN:
                accounts.add_user(admin, user, role)
        engines.append(engine)
    admin = UnitOfWork(engines[0], lambda: FIXED_NOW, actor=USERS[ADMIN])
    by_uid = {v.uid: v for v in services.list_visits(admin)}
    visit = {
        "proposed": by_uid[_uid(5)],
        "approved": by_uid[_uid(2)],
        "confirmed": by_uid[_uid(1)],
        "cancel": by_uid[_uid(6)],
    }
    # A visit with a history, to undo.
    edited = services.update_visit(admin, visit["cancel"].id, 1, {"notes": "메모"})
    visit["cancel"] = edited
    open_suggestion = next(s for s in council.list_suggestions(admin, "open"))
    contact = council.contacts(admin, visit["confirmed"].id)[0]
    ids = {
        "site": services.list_sites(admin)[0].id,
        "suggestion": open_suggestion.id,
        "councillor": contact.councillor.id or 0,
    }
    return World(engines[0], engines[1], ids, visit, feeds.create_feed(admin).token)


def _draft(w: World, status: Status = Status.PROPOSED, title: str = "권한 확인") -> services.VisitDraft:
    start = (FIXED_NOW + timedelta(days=9)).replace(hour=10)  # 2022-03-24, a Thursday
    return services.VisitDraft(title, w.ids["site"], start, start + timedelta(hours=1), "economy", status=status)


def _ics(uid: str) -> bytes:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:{uid}\r\nDTSTAMP:20220301T000000Z\r\nDTSTART:20220324T050000Z\r\nDTEND:20220324T060000Z\r\n"
        "SUMMARY:가져온 일정\r\nLOCATION:새 장소\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


def _change(w: World, key: str, changes: dict) -> Callable[[UnitOfWork], object]:
    def run(u: UnitOfWork) -> object:
        current = services.get_visit(u, w.visit[key].id)
        return services.change_visit(u, current, changes, current.version)

    return run


@dataclass(frozen=True)
class Case:
    use_case: str  # module.function as discovered
    label: str
    run: Callable[[World, UnitOfWork], object]
    roles: frozenset[Role]
    engine: str = "sample"


def case(use_case: str, label: str, roles: set[Role], engine: str = "sample"):  # type: ignore[no-untyped-def]
    def wrap(fn: Callable[[World, UnitOfWork], object]) -> Case:
        return Case(use_case, label, fn, frozenset(roles | {ADMIN}), engine)

    return wrap


CASES: list[Case] = [
    case("services.add_category", "category", set())(
        lambda w, u: services.add_category(u, "culture", "문화", "Culture", "#123456", "policy")
    ),
    case("services.add_site", "site", {S})(
        lambda w, u: services.add_site(u, services.SiteDraft("새 장소", 37.5665, 126.978))
    ),
    case("services.insert_site", "site (stored)", {S})(
        lambda w, u: services.insert_site(u, services._new_site(services.SiteDraft("새 장소", 37.5665, 126.978)))
    ),
    case("services.create_visit", "propose", {S})(lambda w, u: services.create_visit(u, _draft(w).visit(""))),
    case("services.create_visit", "create approved", set())(
        lambda w, u: services.create_visit(u, _draft(w, Status.APPROVED).visit(""))
    ),
    case("services.add_visit", "propose", {S})(lambda w, u: services.add_visit(u, _draft(w))),
    case("services.add_visit", "propose at a new site", {S})(
        lambda w, u: services.add_visit(u, _draft(w), services.SiteDraft("새 장소", 37.5665, 126.978))
    ),
    case("services.change_visit", "edit", {S})(lambda w, u: _change(w, "proposed", {"title": "새 제목"})(u)),
    case("services.change_visit", "approve", {A})(lambda w, u: _change(w, "proposed", {"status": "approved"})(u)),
    case("services.change_visit", "confirm", {A})(lambda w, u: _change(w, "approved", {"status": "confirmed"})(u)),
    case("services.change_visit", "done", {A})(lambda w, u: _change(w, "confirmed", {"status": "done"})(u)),
    case("services.change_visit", "cancel", {S})(lambda w, u: _change(w, "cancel", {"status": "cancelled"})(u)),
    case("services.update_visit", "edit", {S})(
        lambda w, u: services.update_visit(u, w.visit["proposed"].id, w.visit["proposed"].version, {"notes": "x"})
    ),
    case("services.restore_version", "undo", {S})(
        lambda w, u: services.restore_version(u, w.visit["cancel"].id, w.visit["cancel"].version, 1)
    ),
    case("services.reopen_visit", "approved back to proposed", {S})(
        lambda w, u: services.reopen_visit(u, w.visit["approved"].id, w.visit["approved"].version)
    ),
    case("reports.save_highlights", "highlight", {S})(
        lambda w, u: reports.save_highlights(
            u, [reports.HighlightChange(w.visit["confirmed"].id, w.visit["confirmed"].version, 3)]
        )
    ),
    case("planning.apply_day", "plan-day --apply", {S})(
        lambda w, u: planning.apply_day(u, planning.plan_day(u, w.visit["confirmed"].start.date()))
    ),
    case("planning.apply_week", "plan-week --apply", {S})(
        lambda w, u: planning.apply_week(
            u,
            (p := planning.plan_week(u, date(2022, 3, 28), date(2022, 4, 1))),
            "economy",
            {s: "제안" for s in p.sites},
        )
    ),
    case("calendar_exchange.import_ics", "visits", {S})(
        lambda w, u: calendar_exchange.import_ics(u, _ics("perm@test"), "visits")
    ),
    case("calendar_exchange.import_ics", "busy", {S})(
        lambda w, u: calendar_exchange.import_ics(u, _ics("busy@test"), "busy")
    ),
    case("council.add_councillor", "councillor", {L})(lambda w, u: council.add_councillor(u, "김의원", "중구")),
    case("notices.record_sent", "notice", {L})(
        lambda w, u: council.record_contacts(u, w.visit["confirmed"].id, [w.ids["councillor"]], "phone")
    ),
    case("council.add_suggestion", "suggestion", {L})(
        lambda w, u: council.add_suggestion(u, w.ids["councillor"], "건의", "교통과")
    ),
    case("council.answer_suggestion", "answer", {L})(
        lambda w, u: council.answer_suggestion(u, w.ids["suggestion"], "답변")
    ),
    # ---- issue 14 (council relations, engagements, briefing) and the lead's series, after the merge
    case("notices.acknowledge", "sent, then acknowledged", {L})(
        lambda w, u: (
            notices.record_sent(u, notices.Target("visit", w.visit["confirmed"].id), [w.ids["councillor"]], "phone"),
            notices.acknowledge(u, notices.Target("visit", w.visit["confirmed"].id), [w.ids["councillor"]]),
        )
    ),
    case("notices.save_plan", "press pre-briefing", {L})(
        lambda w, u: notices.save_plan(u, notices.Target("visit", w.visit["confirmed"].id), False)
    ),
    case("notices.save_template", "template", {L})(lambda w, u: notices.save_template(u, notices.template(u))),
    case("council.change_councillor", "edit", {L})(
        lambda w, u: council.change_councillor(u, w.ids["councillor"], "", "종로구", seat="종로구 제9선거구")
    ),
    case("council.import_councillors_csv", "import", {L})(
        lambda w, u: council.import_councillors_csv(u, (ROOT / "data" / "councillors.csv").read_bytes())
    ),
    case("council.save_committee", "committee", {L})(lambda w, u: council.save_committee(u, "trial", "시험위원회")),
    case("council.save_department", "department", {L})(lambda w, u: council.save_department(u, "시험국")),
    case("council.save_district_head", "district head", {L})(lambda w, u: council.save_district_head(u, "중구")),
    case("council.save_constituency", "constituency", {L})(
        lambda w, u: council.save_constituency(u, "중구 제9선거구", "중구", "시험동")
    ),
    case("council.set_site_dong", "site's 행정동", set())(lambda w, u: council.set_site_dong(u, w.ids["site"], "명동")),
    case("services.set_site_publishable", "publishable", set())(
        lambda w, u: services.set_site_publishable(u, w.ids["site"], True)
    ),
    case("services.change_site", "edit site", set())(
        lambda w, u: services.change_site(u, w.ids["site"], {}, {"name": "고친 장소"})
    ),
    case("services.merge_sites", "merge sites", set())(
        lambda w, u: services.merge_sites(
            u, w.ids["site"], next(s.id for s in services.list_sites(u) if s.id != w.ids["site"])
        )
    ),
    case("ledger.add_item", "item", {L})(
        lambda w, u: ledger.add_item(
            u, ledger.ItemDraft(source="site", text="건의", person_kind="citizen", person="시민")
        )
    ),
    case("ledger.change_item", "item", {L})(
        lambda w, u: ledger.change_item(u, (i := ledger.list_items(u)[0]).id, i.version, {"department": "교통실"})
    ),
    case("ledger.add_note", "note", {L})(lambda w, u: ledger.add_note(u, ledger.list_items(u)[0].id, "진행 중")),
    case("ledger.mark_posted", "posted", {L})(
        lambda w, u: ledger.mark_posted(u, [ledger.list_items(u)[0].id], date(2022, 3, 15))
    ),
    case("engagements.create_engagement", "meeting", {S})(
        lambda w, u: engagements.create_engagement(u, replace(_draft(w).visit(""), kind="council_meeting"))
    ),
    case("engagements.set_participants", "participants", {S})(
        lambda w, u: engagements.set_participants(
            u, w.visit["proposed"].id, [Participant("official", "경제정책실장")], seen=[]
        )
    ),
    case("briefing.save_talking_points", "talking points", {S})(
        lambda w, u: briefing.save_talking_points(u, w.visit["confirmed"].id, "시정 메시지", 0)
    ),
    case("backup.restore", "restore --force", set())(
        lambda w, u: backup.restore(u, backup.read_archive(backup.make_archive(u)), force=True)
    ),
    case("series.create_series", "weekly", {S})(lambda w, u: series.create_series(u, _draft(w).visit(""), count=2)),
    case("series.change_statuses", "approve many", {A})(
        lambda w, u: series.change_statuses(u, [(w.visit["proposed"].id, w.visit["proposed"].version)], "approved")
    ),
    case("feeds.create_feed", "feed", set())(lambda w, u: feeds.create_feed(u)),
    case("feeds.revoke_feed", "revoke", set())(lambda w, u: feeds.revoke_feed(u, w.token)),
    case("accounts.add_user", "user", set())(lambda w, u: accounts.add_user(u, "newbie", "viewer")),
    case("accounts.set_role", "role", set())(lambda w, u: accounts.set_role(u, USERS[V], "scheduler")),
    case("sample.load_sample", "sample", set(), engine="empty")(lambda w, u: sample.load_sample(u)),
    case("accounts.record_many", "audit row (any action: admin)", set())(
        lambda w, u: accounts.record(u, "settings.change", "settings", "x")
    ),
]

# Reads that are refused too (not write use cases; listed so the table says who may).
READ_CASES: list[Case] = [
    case("accounts.list_audit", "audit trail", set())(lambda w, u: accounts.list_audit(u)),
]


def test_every_write_use_case_is_in_the_table():
    assert write_use_cases() == {c.use_case for c in CASES}


def test_every_action_of_the_table_is_one_the_cases_use_or_admin_only():
    """Guard: the permission table names no role for an action no case exercises."""
    exercised = {
        "visit.propose",
        "visit.edit",
        "visit.cancel",
        "visit.approve",
        "visit.confirm",
        "visit.done",
        "visit.import",
        "busy.import",
        "site.add",
        "councillor.add",
        "notice.record",
        "suggestion.add",
        "suggestion.answer",
        "notice.template",
        "ledger.edit",
        "registry.edit",
        "briefing.edit",
    }
    assert {a for a, roles in PERMISSIONS.items() if roles} == exercised


@pytest.mark.parametrize("item", CASES + READ_CASES, ids=lambda c: f"{c.use_case}[{c.label}]")
def test_each_role_may_do_exactly_its_set(world, item):
    engine = world.sample if item.engine == "sample" else world.empty
    allowed_roles = set()
    for role, user in USERS.items():
        u = UnitOfWork(engine, lambda: FIXED_NOW, actor=user)
        with u.transaction(write=True):  # never committed: each try leaves the database as it was
            try:
                item.run(world, u)
            except Forbidden as refused:
                assert refused.params["role"] == role.value and refused.key == "error.forbidden"
                continue
        allowed_roles.add(role)
    assert allowed_roles == set(item.roles)


def test_an_unregistered_actor_and_no_actor_may_not_write_once_users_exist(world):
    for actor in (None, "stranger"):
        u = UnitOfWork(world.sample, lambda: FIXED_NOW, actor=actor)
        with pytest.raises(Forbidden) as refused:
            services.add_site(u, services.SiteDraft("새 장소", 37.5665, 126.978))
        assert refused.value.params["role"] == "none"


def test_local_mode_allows_everything(uow):
    """No user registered: every action, and the actor's name (if any) is still recorded."""
    named = UnitOfWork(uow.engine, uow.clock, actor="someone")
    site = services.add_site(named, services.SiteDraft("새 장소", 37.5665, 126.978))
    (entry,) = accounts.list_audit(named, entity="site")
    assert (entry.actor, entry.action, entry.entity_id, entry.after["name"]) == (
        "someone",
        "site.add",
        str(site.id),
        "새 장소",
    )
    assert accounts.role_of(named) == accounts.LOCAL


def test_a_viewer_approve_is_refused_in_the_service_naming_role_and_action(world):
    u = UnitOfWork(world.sample, lambda: FIXED_NOW, actor=USERS[V])
    visit = world.visit["proposed"]
    with pytest.raises(Forbidden) as refused:
        services.change_status(u, visit.id, visit.version, Status.APPROVED)
    assert refused.value.params == {"role": "viewer", "action": "visit.approve", "user": USERS[V]}
    assert services.get_visit(u, visit.id).status == Status.PROPOSED
    text = str(refused.value)
    assert "viewer" in text and "visit.approve" in text


def test_the_table_is_what_allowed_says():
    assert allowed(Role.ADMIN, "anything.at.all")
    assert not allowed(Role.VIEWER, "visit.propose") and not allowed(None, "visit.propose")
    assert allowed(Role.APPROVER, "visit.approve") and not allowed(Role.SCHEDULER, "visit.approve")


def test_no_use_case_edits_or_deletes_audit_rows():
    """Nothing updates or deletes the audit table: the only statement on it is the insert."""
    for path in (ROOT / "planner").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for bad in ("update(db.audit", "delete(db.audit", "db.audit.update", "db.audit.delete"):
            assert bad not in text, path
