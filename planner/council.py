"""Council liaison, as the 2022 report describes it (section 2, 시의회 정책소통).

Before a field visit, the district's city councillors are told its purpose and content; for an
important visit the council leadership (speaker, two vice-speakers, steering committee chair,
floor leaders) is invited too. Suggestions councillors make are tracked until answered. This
module holds those rules, the council's domain objects and the use cases; pages, the home page
and the CLI call it. Like every use case, they take a unit of work (``planner.uow.UnitOfWork``)
and read the time from it; the queries are in ``planner.repository``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Connection, RowMapping

from planner import accounts, geo, repository
from planner.config import DATA_DIR
from planner.domain import (
    TEXT_RULES,
    NotFound,
    Status,
    ValidationError,
    Visit,
    VisitQuery,
    clean_text,
    valid_id,
)
from planner.uow import UnitOfWork


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


# ---------------------------------------------------------------- rows


def _councillor(r: RowMapping) -> Councillor:
    return Councillor(r["id"], r["name"], r["district"], r["constituency"], Role(r["role"]), r["contact"])


def _councillors(conn: Connection) -> list[Councillor]:
    return [_councillor(r) for r in repository.list_councillors(conn)]


def _suggestion(r: RowMapping) -> Suggestion:
    return Suggestion(
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
    repository.insert_councillors(conn, rows)
    ids = {c.name: c.id for c in _councillors(conn)}
    with (data_dir / "suggestions.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            visit = repository.get_visit_by_uid(conn, r["visit_uid"])
            if r["councillor"] not in ids or visit is None:
                raise ValidationError("error.sample_unknown_site", field="suggestion", value=r["councillor"])
            answered = bool(r["answer"].strip())
            repository.insert_suggestion(
                conn,
                {
                    "visit_id": visit.id,
                    "councillor_id": ids[r["councillor"]],
                    "text": r["text"],
                    "department": r["department"],
                    "status": "answered" if answered else "open",
                    "answer": r["answer"],
                    "created_at": visit.end,
                    "answered_at": visit.end + timedelta(days=int(r["answer_days"] or 0)) if answered else None,
                },
            )
    return len(rows)


# ---------------------------------------------------------------- use cases


def list_councillors(uow: UnitOfWork) -> list[Councillor]:
    with uow.transaction() as conn:
        return _councillors(conn)


def add_councillor(
    uow: UnitOfWork, name: str, district: str, constituency: str = "", role: str = "member", contact: str = ""
) -> Councillor:
    name = clean_text(name, "councillors.name", "councillor_name", required=True)
    constituency = clean_text(constituency, "councillors.constituency")
    contact = clean_text(contact, "councillors.contact")
    try:
        role_value = Role(role)
    except ValueError:
        raise ValidationError("error.council_bad_role", field="role", value=role) from None
    councillor = Councillor(None, name, geo.normalize_district(district), constituency, role_value, contact)
    values = {k: v for k, v in councillor.__dict__.items() if k != "id"}
    values["role"] = role_value.value
    with uow.transaction(write=True) as conn:
        accounts.require(uow, "councillor.add")
        new_id = repository.insert_councillor(conn, values)
        accounts.record(uow, "councillor.add", "councillor", new_id, None, {"id": new_id, **values})
        uow.commit()
    return replace(councillor, id=new_id)


def contacts(uow: UnitOfWork, visit_id: int) -> list[Contact]:
    """Everyone to tell about the visit, with what has been sent so far."""
    if not valid_id(visit_id):
        raise NotFound("error.visit_not_found", id=visit_id)
    with uow.transaction() as conn:
        visit = repository.get_visit(conn, visit_id)
        if visit is None:
            raise NotFound("error.visit_not_found", id=visit_id)
        sent = repository.sent_notices(conn, visit_id)
        people = _councillors(conn)
    result = []
    for councillor, kind in contacts_for(visit, people):
        done = sent.get((councillor.id or 0, kind))
        result.append(Contact(councillor, kind, done[0] if done else None, done[1] if done else ""))
    return result


def record_contacts(uow: UnitOfWork, visit_id: int, councillor_ids: list[int], method: str) -> int:
    """Record that the chosen councillors were told (or invited) now; returns how many were new.

    Only people the rules name for this visit can be recorded; repeating one is harmless.
    """
    if method not in METHODS:
        raise ValidationError("error.council_bad_method", field="method", value=method)
    if not councillor_ids:
        raise ValidationError("error.council_nobody", field="councillor")
    if not valid_id(visit_id):
        raise NotFound("error.visit_not_found", id=visit_id)
    with uow.transaction(write=True) as conn:
        accounts.require(uow, "notice.record")
        visit = repository.get_visit(conn, visit_id)
        if visit is None:
            raise NotFound("error.visit_not_found", id=visit_id)
        if visit.status in (Status.DONE, Status.CANCELLED):
            raise ValidationError("error.council_visit_closed", field="visit", title=visit.title)
        plan = {c.id: kind for c, kind in contacts_for(visit, _councillors(conn))}
        sent = repository.sent_notices(conn, visit_id)
        new: dict[int, dict[str, Any]] = {}
        for cid in councillor_ids:
            if cid not in plan:
                raise ValidationError("error.council_not_concerned", field="councillor", id=cid)
            if (cid, plan[cid]) not in sent:
                new[cid] = {
                    "visit_id": visit_id,
                    "councillor_id": cid,
                    "kind": plan[cid],
                    "method": method,
                    "sent_at": uow.now,
                }
        repository.insert_notices(conn, list(new.values()))
        accounts.record_many(
            uow,
            [accounts.Change("notice.record", "notice", f"{visit_id}/{cid}", None, row) for cid, row in new.items()],
        )
        uow.commit()
    return len(new)


@dataclass(frozen=True)
class Pending:
    visit: Visit
    missing: int
    total: int


def pending_contacts(uow: UnitOfWork, days: int = 14) -> list[Pending]:
    """Open visits starting within ``days`` whose councillors have not all been told."""
    with uow.transaction() as conn:
        now = uow.now
        visits = repository.list_visits(
            conn,
            VisitQuery(
                date_from=now.date(),
                date_to=(now + timedelta(days=days)).date(),
                statuses=(Status.PROPOSED, Status.APPROVED, Status.CONFIRMED),
            ),
        )
        people = _councillors(conn)
        result = []
        for visit in visits:
            if visit.start < now:
                continue
            wanted = contacts_for(visit, people)
            if not wanted:
                continue
            sent = repository.sent_notices(conn, visit.id or 0)
            missing = sum(1 for c, kind in wanted if (c.id, kind) not in sent)
            if missing:
                result.append(Pending(visit, missing, len(wanted)))
    return result


def add_suggestion(uow: UnitOfWork, councillor_id: int, text: str, department: str, visit_id: int | None = None) -> int:
    text = clean_text(text, "suggestions.text", "suggestion", required=True)
    department = clean_text(department, "suggestions.department", "department")
    if not valid_id(councillor_id):
        raise NotFound("error.council_councillor_not_found", id=councillor_id)
    if visit_id is not None and not valid_id(visit_id):
        raise NotFound("error.visit_not_found", id=visit_id)
    with uow.transaction(write=True) as conn:
        accounts.require(uow, "suggestion.add")
        if not repository.councillor_exists(conn, councillor_id):
            raise NotFound("error.council_councillor_not_found", id=councillor_id)
        if visit_id is not None and repository.get_visit(conn, visit_id) is None:
            raise NotFound("error.visit_not_found", id=visit_id)
        values = {
            "visit_id": visit_id,
            "councillor_id": councillor_id,
            "text": text,
            "department": department,
            "status": "open",
            "answer": "",
            "created_at": uow.now,
        }
        new_id = repository.insert_suggestion(conn, values)
        accounts.record(uow, "suggestion.add", "suggestion", new_id, None, values)
        uow.commit()
    return new_id


def answer_suggestion(uow: UnitOfWork, suggestion_id: int, answer: str) -> None:
    """Close a suggestion with the answer given to the councillor; an answered one stays answered."""
    answer = clean_text(answer, "suggestions.answer", "answer", required=True)
    if not valid_id(suggestion_id):
        raise NotFound("error.council_suggestion_not_found", id=suggestion_id)
    with uow.transaction(write=True) as conn:
        accounts.require(uow, "suggestion.answer")
        status = repository.suggestion_status(conn, suggestion_id)
        if status is None:
            raise NotFound("error.council_suggestion_not_found", id=suggestion_id)
        # The update checks the status again: on PostgreSQL another answer may have come between.
        if status != "open" or not repository.answer_suggestion(conn, suggestion_id, answer, uow.now):
            raise ValidationError("error.council_already_answered", field="answer", id=suggestion_id)
        after = {"status": "answered", "answer": answer, "answered_at": uow.now}
        accounts.record(uow, "suggestion.answer", "suggestion", suggestion_id, {"status": "open"}, after)
        uow.commit()


def list_suggestions(uow: UnitOfWork, status: str | None = None) -> list[Suggestion]:
    with uow.transaction() as conn:
        return [_suggestion(r) for r in repository.list_suggestions(conn, status)]


ANSWER_DUE_DAYS = 14


def overdue_suggestions(uow: UnitOfWork, days: int = ANSWER_DUE_DAYS) -> list[Suggestion]:
    """Open suggestions older than ``days``: the office promised councillors steady feedback."""
    with uow.transaction():
        now = uow.now
        return [s for s in list_suggestions(uow, "open") if now - s.created_at > timedelta(days=days)]
