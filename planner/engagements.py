"""Kinds of engagement (issue 14): the council and district meetings the office keeps beside field visits.

An engagement is a visit (a schedule item: calendar, day view, history, rules all apply) whose ``kind`` is one
of ``domain.ENGAGEMENT_KINDS`` — 구청장협의회, 시장-구청장 면담, 현안설명회, 간담회, 시의원 개별 면담 — with its own
participants (councillors, committees, negotiating groups, district heads, officials). Every visit made before
is a ``field_visit``, so nothing that counted visits changes.

Write paths, one per operation, each taking ``uow``: ``create_engagement`` (the visit through
``services.create_visit`` and its participants, together or not at all) and ``set_participants`` (the list
replaced, refused with ``StaleVersion`` when the stored list is no longer the one the user saw). A change of
the visit itself (kind included) is ``services.change_visit`` like any other edit.

Counting: ``held_by_kind`` gives, per kind and year (Seoul), the engagements marked done
(``rules.counts_as_held``, the council report's rule), oldest first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date

from sqlalchemy.engine import Connection

from planner import accounts, repository, services
from planner.domain import (
    ENGAGEMENT_KINDS,
    PARTICIPANT_ROLES,
    NotFound,
    Participant,
    StaleVersion,
    ValidationError,
    Visit,
    VisitQuery,
    clean_text,
    to_seoul,
)
from planner.i18n import t
from planner.rules import counts_as_held
from planner.uow import UnitOfWork


def kind_label(kind: str, lang: str) -> str:
    return t(f"kind.{kind}", lang)


def role_label(role: str, lang: str) -> str:
    return t(f"participant.role.{role}", lang)


def check_kind(kind: str) -> str:
    kind = (kind or "").strip()
    if kind not in ENGAGEMENT_KINDS:
        raise ValidationError("error.unknown_kind", field="kind", value=kind)
    return kind


def check_participants(participants: Iterable[Participant]) -> list[Participant]:
    """The participants as stored: names one line and not empty, roles known, each (role, name) once."""
    seen: set[tuple[str, str]] = set()
    clean: list[Participant] = []
    for p in participants:
        if p.role not in PARTICIPANT_ROLES:
            raise ValidationError("error.unknown_participant_role", field="role", value=p.role)
        name = clean_text(p.name, "visit_participants.name", field_name="participant", required=True).strip()
        if (p.role, name) in seen:
            raise ValidationError("error.participant_twice", field="participant", value=name)
        seen.add((p.role, name))
        clean.append(Participant(p.role, name, p.councillor_id))
    return clean


def parse_participant(text: str) -> Participant:
    """``role:name`` as the command line and the sample files write a participant."""
    role, sep, name = text.partition(":")
    if not sep:
        raise ValidationError("error.bad_participant", field="participant", value=text)
    return Participant(role.strip(), name.strip())


def _linked(conn: Connection, participants: Sequence[Participant]) -> list[Participant]:
    """Councillors named exactly as registered get their registry id (a name not registered stays a name)."""
    ids = repository.councillor_ids_by_name(conn)
    return [
        replace(p, councillor_id=p.councillor_id or ids.get(p.name)) if p.role == "councillor" else p
        for p in participants
    ]


def participants_of(uow: UnitOfWork, visit_ids: Iterable[int]) -> dict[int, list[Participant]]:
    with uow.transaction() as conn:
        return repository.list_participants(conn, visit_ids)


def create_engagement(uow: UnitOfWork, visit: Visit, participants: Sequence[Participant] = ()) -> Visit:
    """The one way an engagement comes into being: the visit (its kind checked, then every rule of
    ``services.create_visit``) and its participants, in one transaction."""
    check_kind(visit.kind)
    people = check_participants(participants)
    with uow.transaction(write=True) as conn:
        stored = services.create_visit(uow, visit)
        assert stored.id is not None
        repository.insert_participants(conn, {stored.id: _linked(conn, people)})
        uow.commit()
        return stored


def set_participants(
    uow: UnitOfWork, visit_id: int, participants: Sequence[Participant], seen: Sequence[Participant]
) -> list[Participant]:
    """The one way an engagement's participants change: the whole list replaced, if the stored list is still
    ``seen`` (the list the user edited); otherwise ``StaleVersion`` and nothing is written."""
    people = check_participants(participants)
    with uow.transaction(write=True) as conn:
        accounts.require(uow, "visit.edit")
        if repository.get_visit(conn, visit_id) is None:
            raise NotFound("error.visit_not_found", id=visit_id)
        stored = repository.list_participants(conn, [visit_id])[visit_id]
        as_seen = [(p.role, p.name) for p in seen]
        if [(p.role, p.name) for p in stored] != as_seen:
            raise StaleVersion("error.participants_changed", id=visit_id)
        linked = _linked(conn, people)
        repository.replace_participants(conn, visit_id, linked)
        accounts.record(
            uow,
            "visit.edit",
            "visit",
            visit_id,
            {"participants": [f"{p.role}:{p.name}" for p in stored]},
            {"participants": [f"{p.role}:{p.name}" for p in linked]},
        )
        uow.commit()
        return linked


def held_by_kind(
    uow: UnitOfWork, years: Sequence[int], kinds: Sequence[str] = ENGAGEMENT_KINDS
) -> dict[tuple[str, int], list[Visit]]:
    """Engagements marked done, per (kind, Seoul year), oldest first."""
    chosen = sorted(set(years))
    found: dict[tuple[str, int], list[Visit]] = {(k, y): [] for k in kinds for y in chosen}
    if not chosen:
        return found
    query = VisitQuery(date_from=date(chosen[0], 1, 1), date_to=date(chosen[-1], 12, 31), kinds=tuple(kinds))
    for v in services.list_visits(uow, query):
        key = (v.kind, to_seoul(v.start).year)
        if key in found and counts_as_held(v):
            found[key].append(v)
    return found


def insert_sample(conn: Connection, rows: Sequence[Mapping[str, str]], visit_ids: Mapping[str, int]) -> None:
    """Sample participants (``data/participants.csv``: visit_uid, role, name), as seed data: one bulk insert."""
    by_visit: dict[int, list[Participant]] = {}
    for r in rows:
        uid = r["visit_uid"]
        if uid not in visit_ids:
            raise ValidationError("error.sample_unknown_visit", field="visit_uid", value=uid)
        by_visit.setdefault(visit_ids[uid], []).append(Participant(r["role"], r["name"]))
    checked = {vid: _linked(conn, check_participants(people)) for vid, people in by_visit.items()}
    repository.insert_participants(conn, checked)
