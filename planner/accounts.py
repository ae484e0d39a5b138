"""Users, roles and the audit trail (issue 13): the permission check and the audit record every
write use case calls.

The API a write use case uses, inside its write transaction (``with uow.transaction(write=True)``)::

    accounts.require(uow, "site.add")                 # refuse early: Forbidden names role and action
    ...validate, write...
    accounts.record(uow, "site.add", "site", site.id, before=None, after=site_record(site))

``record`` checks the permission again and appends one row to the audit trail (at ``uow.now``, by
``uow.actor``) in the same transaction as the change, so a refused or failed change leaves neither
the change nor its audit row. A use case that writes several records calls ``record_many`` with
``Change`` entries. ``require`` alone is for a use case that must refuse before it does expensive
work (a bulk import) or before its validation would speak first.

Who acts: ``uow.actor`` is a user name (the CLI's OS user or ``--as``, the app's signed-in user).
When no user is registered at all the database is in *local single-user mode*: every action is
allowed (the name, if any, is still recorded). Once users exist, an actor that is not a registered,
active user has no write permission (it reads, like a viewer). ``planner.access`` holds the table.

Nothing in the app edits or deletes an audit row: the only function that writes the ``audit`` table
is ``repository.insert_audit`` (append), called only from here; no use case, page or command
updates or deletes one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy.engine import RowMapping

from planner import repository
from planner.access import ROLES, Role, allowed
from planner.domain import SEOUL, Forbidden, NotFound, ValidationError, check_date_range, clean_text, field_value
from planner.uow import UnitOfWork

LOCAL = "local"  # what ``role_of`` says in local single-user mode


# ---------------------------------------------------------------- who acts, and may they


def role_of(uow: UnitOfWork) -> Role | str | None:
    """The acting user's role: ``LOCAL`` when no user is registered (every permission), None when
    users exist and the actor is not one of them (or is inactive): no write permission."""
    return uow.recall("role", lambda: _read_role(uow))


def _read_role(uow: UnitOfWork) -> Role | str | None:
    with uow.transaction() as conn:
        if repository.count_users(conn) == 0:
            return LOCAL
        if not uow.actor:
            return None
        row = repository.get_user(conn, uow.actor)
    if row is None or not row["active"]:
        return None
    return Role(row["role"])


def may(uow: UnitOfWork, action: str) -> bool:
    """Whether the acting user may do ``action`` (pages hide what this says no to)."""
    role = role_of(uow)
    return role == LOCAL or allowed(role, action)


def require(uow: UnitOfWork, *actions: str) -> None:
    """Refuse (``Forbidden``, naming the role and the first action it lacks) unless the acting user
    holds every one of ``actions``."""
    if not actions:
        return
    role = role_of(uow)
    if role == LOCAL:
        return
    for action in actions:
        if not allowed(role, action):
            raise Forbidden("error.forbidden", role=role or "none", action=action, user=uow.actor or "-")


@dataclass(frozen=True)
class Change:
    """One audited change: ``action`` (planner.access), the ``entity`` kind and its id, and the
    record before and after (plain JSON-able dicts; None before a creation)."""

    action: str
    entity: str
    entity_id: object
    before: Mapping[str, Any] | None = None
    after: Mapping[str, Any] | None = None


def record(
    uow: UnitOfWork,
    action: str,
    entity: str,
    entity_id: object,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    *,
    check: bool = True,
) -> None:
    """Check ``action`` and append the change to the audit trail, in the open write transaction.
    ``check=False`` only where the use case required the action before a write that changes who may
    (registering the first user ends local mode)."""
    record_many(uow, [Change(action, entity, entity_id, before, after)], check=check)


def record_many(uow: UnitOfWork, changes: Sequence[Change], *, check: bool = True) -> None:
    """``record`` for several changes at once (one permission check per action, one insert)."""
    if check:
        require(uow, *dict.fromkeys(c.action for c in changes))
    with uow.transaction(write=True) as conn:
        repository.insert_audit(
            conn,
            [
                {
                    "at": uow.now,
                    "actor": actor_name(uow),
                    "action": c.action,
                    "entity": c.entity,
                    "entity_id": str(c.entity_id if c.entity_id is not None else ""),
                    "before": _json(c.before),
                    "after": _json(c.after),
                }
                for c in changes
            ],
        )


def actor_name(uow: UnitOfWork) -> str | None:
    """The acting user's name as the trail and the history keep it (clipped to their column)."""
    return (uow.actor or "")[:100] or None


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fields that differ, as (before, after) dicts of only those fields."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def _json(value: Mapping[str, Any] | None) -> str | None:
    if value is None:
        return None
    return json.dumps({k: field_value(v) for k, v in value.items()}, ensure_ascii=False, sort_keys=True, default=str)


def check_act_as(uow: UnitOfWork, name: str) -> None:
    """May ``uow.actor`` (the OS user) act as ``name`` (the CLI's ``--as``)? Yes in local mode (no
    user registered: everyone holds every permission anyway) and for an active admin (who could give
    themselves any role); otherwise ``Forbidden``-like refusal, exit 2."""
    role = role_of(uow)
    if role == LOCAL or role == Role.ADMIN or name.strip() == (uow.actor or ""):
        return
    raise ValidationError("error.as_not_allowed", field="as", name=name, os_user=uow.actor or "-")


# ---------------------------------------------------------------- users


@dataclass(frozen=True)
class User:
    name: str
    role: Role
    display_name: str
    active: bool
    created_at: datetime


def _user(row: RowMapping) -> User:
    return User(row["name"], Role(row["role"]), row["display_name"], bool(row["active"]), row["created_at"])


def user_record(user: User) -> dict[str, Any]:
    return {
        "name": user.name,
        "role": user.role.value,
        "display_name": user.display_name,
        "active": user.active,
        "created": user.created_at.isoformat(),
    }


_NAME = re.compile(r"[^\s\x00-\x1f\x7f]{1,100}")


def parse_role(text: str) -> Role:
    try:
        return Role(text.strip().lower())
    except ValueError:
        raise ValidationError("error.bad_role", field="role", value=text, allowed=", ".join(ROLES)) from None


def _check_name(name: str) -> str:
    name = clean_text(name, "users.name", "name", required=True)
    if not _NAME.fullmatch(name):
        raise ValidationError("error.bad_user_name", field="name", value=name)
    return name


def list_users(uow: UnitOfWork) -> list[User]:
    with uow.transaction() as conn:
        return [_user(r) for r in repository.list_users(conn)]


def get_user(uow: UnitOfWork, name: str) -> User | None:
    with uow.transaction() as conn:
        row = repository.get_user(conn, name.strip())
    return _user(row) if row is not None else None


def add_user(uow: UnitOfWork, name: str, role: Role | str, display_name: str = "") -> User:
    """Register a user. The first user must be an admin (someone must be able to manage the others:
    registering the first user ends local mode)."""
    name = _check_name(name)
    role = parse_role(str(role))
    display_name = clean_text(display_name, "users.display_name")
    with uow.transaction(write=True) as conn:
        require(uow, "user.add")
        if repository.get_user(conn, name) is not None:
            raise ValidationError("error.user_exists", field="name", value=name)
        if repository.count_users(conn) == 0 and role != Role.ADMIN:
            raise ValidationError("error.first_user_admin", field="role", value=role.value)
        user = User(name, role, display_name, True, uow.now)
        values = {"name": name, "role": role.value, "display_name": display_name, "active": True, "created_at": uow.now}
        repository.insert_user(conn, values)
        record(uow, "user.add", "user", name, None, user_record(user), check=False)  # required above
        uow.commit()
    return user


def set_role(uow: UnitOfWork, name: str, role: Role | str, active: bool | None = None) -> User:
    """Change a user's role (and, with ``active``, switch them on or off). The last active admin
    cannot lose the role or be switched off (nobody could manage users then)."""
    role = parse_role(str(role))
    with uow.transaction(write=True) as conn:
        require(uow, "user.set_role")
        row = repository.get_user(conn, name.strip())
        if row is None:
            raise NotFound("error.user_not_found", name=name)
        before = _user(row)
        after = User(
            before.name, role, before.display_name, before.active if active is None else active, before.created_at
        )
        was_admin = before.role == Role.ADMIN and before.active
        if was_admin and (after.role != Role.ADMIN or not after.active) and repository.count_admins(conn) <= 1:
            raise ValidationError("error.last_admin", field="role", name=before.name)
        if after == before:
            return before
        repository.update_user(conn, before.name, {"role": role.value, "active": after.active})
        b, a = diff(user_record(before), user_record(after))
        record(uow, "user.set_role", "user", before.name, b, a)
        uow.commit()
    return after


# ---------------------------------------------------------------- reading the trail


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor: str | None
    action: str
    entity: str
    entity_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


AUDIT_COLUMNS = ("at", "actor", "action", "entity", "entity_id", "before", "after")


def audit_record(entry: AuditEntry) -> dict[str, Any]:
    return {
        "at": entry.at.isoformat(),
        "actor": entry.actor,
        "action": entry.action,
        "entity": entry.entity,
        "entity_id": entry.entity_id,
        "before": entry.before,
        "after": entry.after,
    }


def list_audit(
    uow: UnitOfWork,
    date_from: date | None = None,
    date_to: date | None = None,
    actor: str | None = None,
    entity: str | None = None,
    entity_id: object | None = None,
) -> list[AuditEntry]:
    """The audit trail, oldest first; days are Seoul days, ``date_to`` inclusive. Admins only
    (it holds every record's before and after)."""
    require(uow, "audit.read")
    for day in (date_from, date_to):
        if day is not None:
            check_date_range(day, "date")
    if date_from is not None and date_to is not None and date_to < date_from:
        raise ValidationError("error.dates_reversed", field="date", start=date_from.isoformat(), to=date_to.isoformat())
    start = datetime.combine(date_from, time.min, tzinfo=SEOUL) if date_from else None
    end = datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=SEOUL) if date_to else None
    with uow.transaction() as conn:
        rows = repository.list_audit(
            conn,
            start,
            end,
            (actor or "").strip() or None,
            entity or None,
            None if entity_id is None else str(entity_id),
        )
    return [
        AuditEntry(
            r["at"],
            r["actor"],
            r["action"],
            r["entity"],
            r["entity_id"],
            json.loads(r["before"]) if r["before"] is not None else None,
            json.loads(r["after"]) if r["after"] is not None else None,
        )
        for r in rows
    ]
