"""Notices to city councillors before a visit or another engagement (source section 2, 시의회 정책소통).

Who hears (``recipients_for``, a pure rule): the councillors of the place's 선거구 when the site's
행정동 is in a registered constituency's list (reason ``constituency``), else every councillor of the
district (reason ``district``; the notice says so); for an important visit the leadership too (의장,
부의장, 운영위원장, 대표의원: reason ``leadership``); for a press pre-briefing the 소관 상임위's members
(reason ``committee``) and the leadership. Each recipient moves to send -> sent (when, how, by whom)
-> acknowledged. The notice text is drafted from a template staff edit (purpose, date, place,
contact). A notice's target is a ``Target(kind, id)``: visits now; other kinds of engagement register
a resolver with ``register_target``. Use cases take a unit of work; queries are in
``planner.repository``.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.engine import Connection, RowMapping

from planner import accounts, config, repository
from planner.council import (
    LEADERSHIP,
    METHODS,
    Constituency,
    Councillor,
    _constituencies,
    _councillors,
    constituency_of,
)
from planner.domain import NotFound, Status, ValidationError, Visit, VisitQuery, clean_text, valid_id
from planner.i18n import t
from planner.uow import UnitOfWork

REASONS = ("constituency", "district", "leadership", "committee")
STATES = ("to_send", "sent", "acknowledged")
TEMPLATE_NAME = "default"
# The notice is a Korean document whatever the interface language (it goes to the council).
NOTICE_LANGUAGE = "ko"
PLACEHOLDERS = ("title", "purpose", "date", "time", "place", "contact", "scope")
DEFAULT_TEMPLATE = (
    "[서울특별시장 일정 사전 안내]\n"
    "\n"
    "의원님께 서울특별시장의 일정을 아래와 같이 미리 알려 드립니다.\n"
    "\n"
    "○ 일정: {title}\n"
    "○ 일시: {date} {time}\n"
    "○ 장소: {place}\n"
    "○ 목적·내용: {purpose}\n"
    "○ 안내 대상: {scope}\n"
    "○ 문의: {contact}\n"
)


@dataclass(frozen=True)
class Target:
    """What a notice is about: ``kind`` "visit" (a visit id) or another engagement kind."""

    kind: str
    id: int


@dataclass(frozen=True)
class NoticeTarget:
    """The facts of a target the rule and the text need."""

    kind: str
    id: int
    district: str
    dong: str = ""
    important: bool = False
    press_briefing: bool = False
    committee: str | None = None
    title: str = ""
    purpose: str = ""
    place: str = ""
    start: datetime | None = None
    end: datetime | None = None
    status: str = ""
    contact: str = ""
    visit: Visit | None = None


@dataclass(frozen=True)
class Recipient:
    councillor: Councillor
    reason: str  # constituency | district | leadership | committee
    status: str = "to_send"  # to_send | sent | acknowledged
    method: str = ""
    sent_at: datetime | None = None
    sent_by: str = ""
    acknowledged_at: datetime | None = None


@dataclass(frozen=True)
class NoticeSheet:
    target: NoticeTarget
    scope: str  # constituency | district | none
    constituency: Constituency | None
    recipients: list[Recipient]
    text: str

    @property
    def missing(self) -> int:
        return sum(1 for r in self.recipients if r.status == "to_send")


Resolver = Callable[[Connection, int], NoticeTarget | None]
_RESOLVERS: dict[str, Resolver] = {}


def register_target(kind: str, resolver: Resolver) -> None:
    """Let notices be about another kind of record (e.g. an engagement): ``resolver(conn, id)`` gives
    its ``NoticeTarget`` or None when there is no such record."""
    _RESOLVERS[kind] = resolver


def _visit_target(conn: Connection, visit_id: int) -> NoticeTarget | None:
    visit = repository.get_visit(conn, visit_id)
    if visit is None:
        return None
    plan = repository.get_notice_plan(conn, "visit", visit_id)
    place = ", ".join(p for p in (visit.site_name, visit.site_address) if p)
    return NoticeTarget(
        kind="visit",
        id=visit_id,
        district=visit.district,
        dong=repository.site_dong(conn, visit.site_id),
        important=visit.important,
        press_briefing=bool(plan["press_briefing"]) if plan else False,
        committee=plan["committee_code"] if plan else None,
        title=visit.title,
        purpose=visit.purpose,
        place=place,
        start=visit.start,
        end=visit.end,
        status=visit.status.value,
        contact=plan["contact"] if plan else "",
        visit=visit,
    )


register_target("visit", _visit_target)


# ---------------------------------------------------------------- rules (pure)


def recipients_for(
    target: NoticeTarget, councillors: Sequence[Councillor], constituencies: Sequence[Constituency]
) -> list[Recipient]:
    """Who hears about ``target``, each once: the place's councillors (constituency, else district),
    the committee's, then the leadership, by seat within a reason. A leader named for another reason
    is listed as leadership (invited to an important visit, not merely told about it)."""
    place = constituency_of(list(constituencies), target.district, target.dong)
    chosen: dict[int, Recipient] = {}

    def add(people: list[Councillor], reason: str) -> None:
        for c in sorted(people, key=lambda c: (c.seat or c.constituency, c.name)):
            if c.id is not None and (c.id not in chosen or reason == "leadership"):
                chosen.pop(c.id, None)
                chosen[c.id] = Recipient(c, reason)

    if place is not None:
        add([c for c in councillors if c.constituency == place.name], "constituency")
    elif target.district:
        add([c for c in councillors if c.district == target.district], "district")
    if target.press_briefing and target.committee:
        add([c for c in councillors if target.committee in c.committees], "committee")
    if target.important or target.press_briefing:
        add([c for c in councillors if c.role in LEADERSHIP], "leadership")
    return list(chosen.values())


def scope_of(target: NoticeTarget, constituencies: Sequence[Constituency]) -> tuple[str, Constituency | None]:
    place = constituency_of(list(constituencies), target.district, target.dong)
    if place is not None:
        return "constituency", place
    return ("district", None) if target.district else ("none", None)


def check_template(body: str) -> str:
    """The template if every ``{placeholder}`` is one of ``PLACEHOLDERS`` and braces are balanced."""
    body = clean_text(body, "notice_templates.body", "template", required=True)
    try:
        names = [f for _, f, _, _ in string.Formatter().parse(body) if f is not None]
    except ValueError:
        raise ValidationError("error.notice_bad_template", field="template", name="{") from None
    for name in names:
        if name not in PLACEHOLDERS:
            raise ValidationError("error.notice_bad_template", field="template", name=name or "{}")
    return body


def render(template: str, target: NoticeTarget, scope: str, constituency: Constituency | None) -> str:
    """The notice text of ``target`` from ``template`` (Korean; see ``PLACEHOLDERS``)."""
    lang = NOTICE_LANGUAGE
    if scope == "constituency" and constituency is not None:
        scope_text = t(
            "notices.scope.constituency", lang, constituency=constituency.name, dongs=", ".join(constituency.dongs)
        )
    elif scope == "district":
        scope_text = t("notices.scope.district", lang, district=target.district)
    else:
        scope_text = t("notices.scope.none", lang)
    if target.important:
        scope_text += t("notices.scope.leadership", lang)
    if target.press_briefing:
        scope_text += t("notices.scope.committee", lang)
    values = {
        "title": target.title,
        "purpose": target.purpose or "-",
        "date": f"{target.start:%Y. %-m. %-d.}" if target.start else "-",
        "time": f"{target.start:%H:%M}" + (f"~{target.end:%H:%M}" if target.end else "") if target.start else "",
        "place": target.place or "-",
        "contact": target.contact or "-",
        "scope": scope_text,
    }
    return template.format(**values)


# ---------------------------------------------------------------- use cases


def _target(conn: Connection, target: Target) -> NoticeTarget:
    resolver = _RESOLVERS.get(target.kind)
    if resolver is None:
        raise ValidationError("error.notice_bad_target", field="target", value=target.kind)
    found = resolver(conn, target.id) if valid_id(target.id) else None
    if found is None and target.kind == "visit":
        raise NotFound("error.visit_not_found", id=target.id)
    if found is None:
        raise NotFound("error.notice_target_not_found", id=target.id)
    return found


def _sheet(
    conn: Connection,
    nt: NoticeTarget,
    people: Sequence[Councillor],
    constituencies: Sequence[Constituency],
    template: str,
) -> NoticeSheet:
    stored = {r["councillor_id"]: r for r in repository.list_notices(conn, nt.kind, [nt.id])}
    by_id = {c.id: c for c in people}
    result = []
    for r in recipients_for(nt, people, constituencies):
        row = stored.pop(r.councillor.id or 0, None)
        result.append(_with_state(r, row))
    # Someone told earlier who is no longer named by the rule (the visit changed): still shown.
    for cid, row in stored.items():
        if cid in by_id:
            result.append(_with_state(Recipient(by_id[cid], row["reason"]), row))
    scope, place = scope_of(nt, constituencies)
    return NoticeSheet(nt, scope, place, result, render(template, nt, scope, place))


def _with_state(r: Recipient, row: RowMapping | None) -> Recipient:
    if row is None:
        return r
    return Recipient(
        r.councillor, r.reason, row["status"], row["method"], row["sent_at"], row["sent_by"], row["acknowledged_at"]
    )


def _template(conn: Connection) -> str:
    return repository.notice_template(conn, TEMPLATE_NAME) or DEFAULT_TEMPLATE


def sheet(uow: UnitOfWork, target: Target) -> NoticeSheet:
    """The recipients of ``target`` with their states, and the notice text."""
    with uow.transaction() as conn:
        nt = _target(conn, target)
        return _sheet(conn, nt, _councillors(conn), _constituencies(conn), _template(conn))


def _check_open(nt: NoticeTarget) -> None:
    if nt.status in (Status.DONE.value, Status.CANCELLED.value):
        raise ValidationError("error.council_visit_closed", field="visit", title=nt.title)


def record_sent(uow: UnitOfWork, target: Target, councillor_ids: Sequence[int], method: str) -> int:
    """Record that the chosen recipients were told now, how and by whom (``uow.actor``); returns how
    many were new. Only recipients the rules name can be recorded (all or nothing); repeating one is
    harmless."""
    if method not in METHODS:
        raise ValidationError("error.council_bad_method", field="method", value=method)
    if not councillor_ids:
        raise ValidationError("error.council_nobody", field="councillor")
    with uow.transaction(write=True) as conn:
        accounts.require(uow, "notice.record")
        nt = _target(conn, target)
        _check_open(nt)
        current = {
            r.councillor.id: r for r in _sheet(conn, nt, _councillors(conn), _constituencies(conn), "").recipients
        }
        new = 0
        for cid in dict.fromkeys(councillor_ids):
            if cid not in current:
                raise ValidationError("error.council_not_concerned", field="councillor", id=cid)
            r = current[cid]
            if r.status != "to_send":
                continue
            values = {
                "visit_id": nt.id if nt.kind == "visit" else None,
                "reason": r.reason,
                "status": "sent",
                "method": method,
                "sent_at": uow.now,
                "sent_by": uow.actor or "",
            }
            repository.save_notice(conn, nt.kind, nt.id, cid, values)
            accounts.record(uow, "notice.record", "notice", f"{nt.kind}/{nt.id}/{cid}", None, values)
            new += 1
        uow.commit()
    return new


def acknowledge(uow: UnitOfWork, target: Target, councillor_ids: Sequence[int]) -> int:
    """Record that sent notices were acknowledged by their councillors now; returns how many were new.
    A notice not sent yet cannot be acknowledged (all or nothing)."""
    if not councillor_ids:
        raise ValidationError("error.council_nobody", field="councillor")
    with uow.transaction(write=True) as conn:
        accounts.require(uow, "notice.record")
        nt = _target(conn, target)
        current = {
            r.councillor.id: r for r in _sheet(conn, nt, _councillors(conn), _constituencies(conn), "").recipients
        }
        new = 0
        for cid in dict.fromkeys(councillor_ids):
            r = current.get(cid)
            if r is None:
                raise ValidationError("error.council_not_concerned", field="councillor", id=cid)
            if r.status == "to_send":
                raise ValidationError("error.notice_not_sent", field="councillor", id=cid)
            if r.status == "acknowledged":
                continue
            acknowledged = {"status": "acknowledged", "acknowledged_at": uow.now}
            repository.save_notice(conn, nt.kind, nt.id, cid, acknowledged)
            accounts.record(
                uow, "notice.record", "notice", f"{nt.kind}/{nt.id}/{cid}", {"status": "sent"}, acknowledged
            )
            new += 1
        uow.commit()
    return new


def save_plan(
    uow: UnitOfWork, target: Target, press_briefing: bool, committee: str | None = None, contact: str = ""
) -> None:
    """Whether ``target`` is a press pre-briefing and for which 소관 상임위, and the contact its notice
    prints (empty: "-")."""
    contact = clean_text(contact, "notice_plans.contact", "contact")
    committee = (committee or "").strip() or None
    if press_briefing and committee is None:
        raise ValidationError("error.notice_committee_required", field="committee")
    with uow.transaction(write=True) as conn:
        accounts.require(uow, "notice.record")
        nt = _target(conn, target)
        if committee is not None and committee not in {r["code"] for r in repository.list_committees(conn)}:
            raise ValidationError("error.registry_unknown_committee", field="committee", value=committee)
        repository.save_notice_plan(
            conn, nt.kind, nt.id, {"press_briefing": press_briefing, "committee_code": committee, "contact": contact}
        )
        uow.commit()


def template(uow: UnitOfWork) -> str:
    with uow.transaction() as conn:
        return _template(conn)


def save_template(uow: UnitOfWork, body: str) -> str:
    """Replace the notice template (checked: only ``PLACEHOLDERS`` in braces)."""
    body = check_template(body)
    with uow.transaction(write=True) as conn:
        accounts.require(uow, "notice.template")
        repository.save_notice_template(conn, TEMPLATE_NAME, body, uow.now)
        uow.commit()
    return body


@dataclass(frozen=True)
class PendingNotice:
    visit: Visit
    missing: int
    total: int
    sheet: NoticeSheet = field(compare=False, repr=False)


OPEN_STATUSES = (Status.PROPOSED, Status.APPROVED, Status.CONFIRMED)


def pending(
    uow: UnitOfWork, within_days: int | None = None, statuses: Sequence[Status] = OPEN_STATUSES
) -> list[PendingNotice]:
    """Visits in ``statuses`` starting from now to ``within_days`` days ahead (default
    ``PLANNER_NOTICE_DAYS``) whose recipients have not all been sent their notice, soonest first."""
    days = int(str(config.get("notice_days"))) if within_days is None else within_days
    if days < 0:
        raise ValidationError("error.notice_bad_days", field="within_days", value=days)
    with uow.transaction() as conn:
        now = uow.now
        visits = repository.list_visits(
            conn,
            VisitQuery(date_from=now.date(), date_to=(now + timedelta(days=days)).date(), statuses=tuple(statuses)),
        )
        people, places, body = _councillors(conn), _constituencies(conn), _template(conn)
        result = []
        for visit in sorted(visits, key=lambda v: v.start):
            if visit.start < now or visit.start > now + timedelta(days=days):
                continue
            nt = _visit_target(conn, visit.id or 0)
            if nt is None:  # listed a moment ago in this transaction: cannot happen, but never guess
                continue
            s = _sheet(conn, nt, people, places, body)
            if s.recipients and s.missing:
                result.append(PendingNotice(visit, s.missing, len(s.recipients), s))
    return result


def warnings(uow: UnitOfWork) -> list[PendingNotice]:
    """Confirmed visits within ``PLANNER_NOTICE_DAYS`` whose notices are not all sent: the home page
    and the day view warn about them."""
    return pending(uow, None, statuses=(Status.CONFIRMED,))
