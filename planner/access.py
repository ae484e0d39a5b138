"""Who may do what (issue 13, item 2): the roles and the one permission table, pure.

Every write use case names an *action* (``"visit.approve"``, ``"site.add"`` ...) and asks
``planner.accounts.require`` / ``planner.accounts.record`` whether the acting user's role holds it;
this module is the table they read, with no storage and no Streamlit, so pages can hide what a role
cannot do from the same table the core enforces.

Decisions (README "Roles"):
- ``admin`` holds every action (it manages the others and must be able to repair anything);
- ``viewer`` holds no write action: reading, exporting and subscribing are open to every user;
- registering a site is allowed to schedulers too: the map proposal and calendar imports create the
  site of a visit together with it (a site is never edited or deleted by the app);
- a visit's status change names the action of its new status (``status_action``); a change of any
  other field is ``visit.edit``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any

from planner.domain import Status


class Role(StrEnum):
    VIEWER = "viewer"
    SCHEDULER = "scheduler"
    APPROVER = "approver"
    LIAISON = "liaison"
    ADMIN = "admin"


ROLES = tuple(Role)

_S, _A, _L = Role.SCHEDULER, Role.APPROVER, Role.LIAISON

# action -> the roles that hold it (admin holds every action besides: see ``allowed``).
PERMISSIONS: dict[str, frozenset[Role]] = {
    # visits
    "visit.propose": frozenset({_S}),
    "visit.edit": frozenset({_S}),
    "visit.cancel": frozenset({_S}),
    "visit.approve": frozenset({_A}),
    "visit.confirm": frozenset({_A}),
    "visit.done": frozenset({_A}),
    "visit.import": frozenset({_S}),  # calendar files imported as visits
    "busy.import": frozenset({_S}),  # calendar files imported as busy time
    # reference data
    "site.add": frozenset({_S}),
    "category.add": frozenset(),
    # council liaison
    "councillor.add": frozenset({_L}),
    "notice.record": frozenset({_L}),
    "suggestion.add": frozenset({_L}),
    "suggestion.answer": frozenset({_L}),
    "notice.template": frozenset({_L}),
    "ledger.edit": frozenset({_L}),  # the ledger of requests: items, progress notes, results, posting
    "registry.edit": frozenset({_L}),  # committees, departments, district heads, constituencies
    "briefing.edit": frozenset({_S}),  # a visit's talking points
    "site.edit": frozenset(),  # a site's 행정동 and whether the public calendar may show where it is
    "backup.restore": frozenset(),
    # administration
    "feed.create": frozenset(),
    "feed.revoke": frozenset(),
    "user.add": frozenset(),
    "user.set_role": frozenset(),
    "sample.load": frozenset(),
    "settings.change": frozenset(),
    "audit.read": frozenset(),  # not a write, but the trail holds every record's before and after
}

# The action a visit's status names when a visit enters it (created with it or changed to it).
_STATUS_ACTIONS = {
    Status.PROPOSED: "visit.propose",
    Status.APPROVED: "visit.approve",
    Status.CONFIRMED: "visit.confirm",
    Status.DONE: "visit.done",
    Status.CANCELLED: "visit.cancel",
}


def status_action(status: Status | str) -> str:
    return _STATUS_ACTIONS[Status(status)]


def allowed(role: Role | str | None, action: str) -> bool:
    """Whether ``role`` holds ``action``; an unknown action is held by nobody but admin (so a
    misspelt action refuses rather than opens)."""
    if role is None:
        return False
    role = Role(role)
    return role == Role.ADMIN or role in PERMISSIONS.get(action, frozenset())


def actions_of(role: Role | str) -> frozenset[str]:
    return frozenset(a for a in PERMISSIONS if allowed(role, a))


def new_visit_actions(status: Status | str) -> tuple[str, ...]:
    """Creating a visit proposes it; created directly in a later status also needs that status's action."""
    action = status_action(status)
    return ("visit.propose",) if action == "visit.propose" else ("visit.propose", action)


def visit_change_actions(
    changes: Mapping[str, Any] | Iterable[str], new_status: Status | str | None = None
) -> tuple[str, ...]:
    """The actions a change of a visit needs: the new status's action when the status changes
    (``new_status``), ``visit.edit`` when any other field changes."""
    fields = set(changes)
    actions: list[str] = []
    if new_status is not None:
        actions.append(status_action(new_status))
    if fields - {"status"}:
        actions.append("visit.edit")
    return tuple(actions)
