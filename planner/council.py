"""Council liaison, as the 2022 report describes it (section 2, 시의회 정책소통).

Before a field visit, the district's city councillors are told its purpose and content; for an
important visit the council leadership (speaker, two vice-speakers, steering committee chair,
floor leaders) is invited too. Suggestions councillors make are tracked until answered. This
module holds those rules, their storage queries and the use cases; pages and the home page call
it. Like every service, it takes ``now`` from the caller.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path

from sqlalchemy import Engine, select, update
from sqlalchemy.engine import Connection, RowMapping

from planner import db, geo, repository
from planner.config import DATA_DIR
from planner.domain import (
    TEXT_RULES,
    NotFound,
    Status,
    ValidationError,
    Visit,
    VisitQuery,
    clean_text,
    to_seoul,
    valid_id,
)


class Role(StrEnum):
    MEMBER = "member"
    SPEAKER = "speaker"
    VICE_SPEAKER = "vice_speaker"
    STEERING_CHAIR = "steering_chair"
    FLOOR_LEADER = "floor_leader"


# 시의회 지도부: 의장, 부의장2, 운영위원장, 대표의원.
LEADERSHIP = frozenset({Role.SPEAKER, Role.VICE_SPEAKER, Role.STEERING_CHAIR, Role.FLOOR_LEADER})
METHODS = ("visit", "phone", "message", "email")
SUGGESTION_TEXT_MAX = TEXT_RULES["suggestions.text"].max


@dataclass(frozen=True)
class Councillor:
    id: int | None
    name: str
    district: str
    constituency: str = ""
    role: Role = Role.MEMBER
    contact: str = ""


@dataclass(frozen=True)
class Contact:
    """One councillor to tell about a visit: ``kind`` is notice (district) or invitation
    (leadership, important visits); ``sent_at`` is None until it is recorded."""

    councillor: Councillor
    kind: str
    sent_at: datetime | None
    method: str = ""


@dataclass(frozen=True)
class Suggestion:
    id: int
    visit_id: int | None
    councillor_id: int
    councillor_name: str
    visit_title: str
    text: str
    department: str
    status: str
    answer: str
    created_at: datetime
    answered_at: datetime | None


# ---------------------------------------------------------------- rules


def contacts_for(visit: Visit, councillors: list[Councillor]) -> list[tuple[Councillor, str]]:
    """Who must hear about ``visit``: its district's councillors (notice) and, when the visit is
    important, the leadership (invitation). A leader from the district gets the invitation."""
    wanted: dict[int, tuple[Councillor, str]] = {}
    for c in councillors:
        if c.district and c.district == visit.district and c.id is not None:
            wanted[c.id] = (c, "notice")
    if visit.important:
        for c in councillors:
            if c.role in LEADERSHIP and c.id is not None:
                wanted[c.id] = (c, "invitation")
    return sorted(wanted.values(), key=lambda item: (item[1] != "invitation", item[0].district, item[0].name))


# ---------------------------------------------------------------- storage


def _councillor(r: RowMapping) -> Councillor:
    return Councillor(r["id"], r["name"], r["district"], r["constituency"], Role(r["role"]), r["contact"])


def _list_councillors(conn: Connection) -> list[Councillor]:
    rows = conn.execute(select(db.councillors).order_by(db.councillors.c.district, db.councillors.c.name)).mappings()
    return [_councillor(r) for r in rows]


def _notices(conn: Connection, visit_id: int) -> dict[tuple[int, str], tuple[datetime, str]]:
    n = db.liaison_notices
    rows = conn.execute(select(n.c.councillor_id, n.c.kind, n.c.sent_at, n.c.method).where(n.c.visit_id == visit_id))
    return {(r[0], r[1]): (r[2], r[3]) for r in rows}


def list_councillors(engine: Engine) -> list[Councillor]:
    with db.transaction(engine) as conn:
        return _list_councillors(conn)


def add_councillor(
    engine: Engine, name: str, district: str, constituency: str = "", role: str = "member", contact: str = ""
) -> Councillor:
    name = clean_text(name, "councillors.name", "councillor_name", required=True)
    constituency = clean_text(constituency, "councillors.constituency")
    contact = clean_text(contact, "councillors.contact")
    try:
        role_value = Role(role)
    except ValueError:
        raise ValidationError("error.council_bad_role", field="role", value=role) from None
    councillor = Councillor(None, name, geo.normalize_district(district), constituency, role_value, contact)
    with db.transaction(engine, write=True) as conn:
        values = {k: v for k, v in councillor.__dict__.items() if k != "id"}
        values["role"] = role_value.value
        new_id = conn.execute(db.councillors.insert().values(**values)).inserted_primary_key[0]
        repository.bump_data_version(conn)
    return replace(councillor, id=int(new_id))


def insert_sample(conn: Connection, data_dir: Path = DATA_DIR) -> int:
    """Sample councillors (fictional names) from ``data/councillors.csv`` and a few suggestions
    from ``data/suggestions.csv``, inside the caller's unit of work (the sample loader's)."""
    with (data_dir / "councillors.csv").open(encoding="utf-8", newline="") as fh:
        rows = [
            {
                "name": r["name"],
                "district": geo.normalize_district(r["district"]),
                "constituency": r["constituency"],
                "role": Role(r["role"]).value,
                "contact": r["contact"],
            }
            for r in csv.DictReader(fh)
        ]
    if rows:
        conn.execute(db.councillors.insert(), rows)
    ids = {r.name: r.id for r in _list_councillors(conn)}
    with (data_dir / "suggestions.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            visit = repository.get_visit_by_uid(conn, r["visit_uid"])
            if r["councillor"] not in ids or visit is None:
                raise ValidationError("error.sample_unknown_site", field="suggestion", value=r["councillor"])
            answered = bool(r["answer"].strip())
            conn.execute(
                db.suggestions.insert().values(
                    visit_id=visit.id,
                    councillor_id=ids[r["councillor"]],
                    text=r["text"],
                    department=r["department"],
                    status="answered" if answered else "open",
                    answer=r["answer"],
                    created_at=visit.end,
                    answered_at=visit.end + timedelta(days=int(r["answer_days"] or 0)) if answered else None,
                )
            )
    repository.bump_data_version(conn)
    return len(rows)


# ---------------------------------------------------------------- use cases


def contacts(engine: Engine, visit_id: int) -> list[Contact]:
    """Everyone to tell about the visit, with what has been sent so far."""
    if not valid_id(visit_id):
        raise NotFound("error.visit_not_found", id=visit_id)
    with db.transaction(engine) as conn:
        visit = repository.get_visit(conn, visit_id)
        if visit is None:
            raise NotFound("error.visit_not_found", id=visit_id)
        sent = _notices(conn, visit_id)
        people = _list_councillors(conn)
    result = []
    for councillor, kind in contacts_for(visit, people):
        done = sent.get((councillor.id or 0, kind))
        result.append(Contact(councillor, kind, done[0] if done else None, done[1] if done else ""))
    return result


def record_contacts(engine: Engine, visit_id: int, councillor_ids: list[int], method: str, now: datetime) -> int:
    """Record that the chosen councillors were told (or invited); returns how many were new.

    Only people the rules name for this visit can be recorded; repeating one is harmless.
    """
    if method not in METHODS:
        raise ValidationError("error.council_bad_method", field="method", value=method)
    if not councillor_ids:
        raise ValidationError("error.council_nobody", field="councillor")
    if not valid_id(visit_id):
        raise NotFound("error.visit_not_found", id=visit_id)
    now = to_seoul(now)
    with db.transaction(engine, write=True) as conn:
        visit = repository.get_visit(conn, visit_id)
        if visit is None:
            raise NotFound("error.visit_not_found", id=visit_id)
        if visit.status in (Status.DONE, Status.CANCELLED):
            raise ValidationError("error.council_visit_closed", field="visit", title=visit.title)
        plan = {c.id: kind for c, kind in contacts_for(visit, _list_councillors(conn))}
        sent = _notices(conn, visit_id)
        added = 0
        for cid in councillor_ids:
            if cid not in plan:
                raise ValidationError("error.council_not_concerned", field="councillor", id=cid)
            if (cid, plan[cid]) in sent:
                continue
            conn.execute(
                db.liaison_notices.insert().values(
                    visit_id=visit_id, councillor_id=cid, kind=plan[cid], method=method, sent_at=now
                )
            )
            added += 1
        if added:
            repository.bump_data_version(conn)
        return added


@dataclass(frozen=True)
class Pending:
    visit: Visit
    missing: int
    total: int


def pending_contacts(engine: Engine, now: datetime, days: int = 14) -> list[Pending]:
    """Open visits starting within ``days`` whose councillors have not all been told."""
    now = to_seoul(now)
    with db.transaction(engine) as conn:
        visits = repository.list_visits(
            conn,
            VisitQuery(
                date_from=now.date(),
                date_to=(now + timedelta(days=days)).date(),
                statuses=(Status.PROPOSED, Status.APPROVED, Status.CONFIRMED),
            ),
        )
        people = _list_councillors(conn)
        result = []
        for visit in visits:
            if visit.start < now:
                continue
            wanted = contacts_for(visit, people)
            if not wanted:
                continue
            sent = _notices(conn, visit.id or 0)
            missing = sum(1 for c, kind in wanted if (c.id, kind) not in sent)
            if missing:
                result.append(Pending(visit, missing, len(wanted)))
    return result


def add_suggestion(
    engine: Engine, councillor_id: int, text: str, department: str, now: datetime, visit_id: int | None = None
) -> int:
    text = clean_text(text, "suggestions.text", "suggestion", required=True)
    department = clean_text(department, "suggestions.department", "department")
    if not valid_id(councillor_id):
        raise NotFound("error.council_councillor_not_found", id=councillor_id)
    if visit_id is not None and not valid_id(visit_id):
        raise NotFound("error.visit_not_found", id=visit_id)
    with db.transaction(engine, write=True) as conn:
        if conn.execute(select(db.councillors.c.id).where(db.councillors.c.id == councillor_id)).first() is None:
            raise NotFound("error.council_councillor_not_found", id=councillor_id)
        if visit_id is not None and repository.get_visit(conn, visit_id) is None:
            raise NotFound("error.visit_not_found", id=visit_id)
        new_id = conn.execute(
            db.suggestions.insert().values(
                visit_id=visit_id,
                councillor_id=councillor_id,
                text=text,
                department=department,
                status="open",
                answer="",
                created_at=to_seoul(now),
            )
        ).inserted_primary_key[0]
        repository.bump_data_version(conn)
        return int(new_id)


def answer_suggestion(engine: Engine, suggestion_id: int, answer: str, now: datetime) -> None:
    """Close a suggestion with the answer given to the councillor; an answered one stays answered."""
    answer = clean_text(answer, "suggestions.answer", "answer", required=True)
    if not valid_id(suggestion_id):
        raise NotFound("error.council_suggestion_not_found", id=suggestion_id)
    s = db.suggestions
    with db.transaction(engine, write=True) as conn:
        status = conn.execute(select(s.c.status).where(s.c.id == suggestion_id)).scalar()
        if status is None:
            raise NotFound("error.council_suggestion_not_found", id=suggestion_id)
        if status != "open":
            raise ValidationError("error.council_already_answered", field="answer", id=suggestion_id)
        conn.execute(
            update(s)
            .where(s.c.id == suggestion_id, s.c.status == "open")
            .values(status="answered", answer=answer, answered_at=to_seoul(now))
        )
        repository.bump_data_version(conn)


def list_suggestions(engine: Engine, status: str | None = None) -> list[Suggestion]:
    s, c, v = db.suggestions, db.councillors, db.visits
    stmt = (
        select(s, c.c.name.label("councillor_name"), v.c.title.label("visit_title"))
        .join(c, c.c.id == s.c.councillor_id)
        .outerjoin(v, v.c.id == s.c.visit_id)
        .order_by(s.c.created_at.desc(), s.c.id.desc())
    )
    if status:
        stmt = stmt.where(s.c.status == status)
    with db.transaction(engine) as conn:
        rows = conn.execute(stmt).mappings().all()
    return [
        Suggestion(
            r["id"],
            r["visit_id"],
            r["councillor_id"],
            r["councillor_name"],
            r["visit_title"] or "",
            r["text"],
            r["department"],
            r["status"],
            r["answer"],
            r["created_at"],
            r["answered_at"],
        )
        for r in rows
    ]


ANSWER_DUE_DAYS = 14


def overdue_suggestions(engine: Engine, now: datetime, days: int = ANSWER_DUE_DAYS) -> list[Suggestion]:
    """Open suggestions older than ``days``: the office promised councillors steady feedback."""
    now = to_seoul(now)
    return [s for s in list_suggestions(engine, "open") if now - s.created_at > timedelta(days=days)]
