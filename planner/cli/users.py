"""Users, roles and the audit trail on the command line (issue 13): ``users add|list|set-role`` and
``audit list``. ``visits history`` lives with the other visit commands; ``--as`` with ``--db``."""

from __future__ import annotations

import argparse
import json
from typing import Any

from planner import accounts
from planner.access import ROLES
from planner.cli.output import write_records
from planner.domain import parse_date
from planner.uow import UnitOfWork

USER_COLUMNS = ("name", "role", "display_name", "active", "created")


def cmd_users_add(args: argparse.Namespace, uow: UnitOfWork) -> int:
    user = accounts.add_user(uow, args.name, args.role, args.display_name or "")
    print(user.name)
    return 0


def cmd_users_list(args: argparse.Namespace, uow: UnitOfWork) -> int:
    write_records([accounts.user_record(u) for u in accounts.list_users(uow)], args.format, USER_COLUMNS)
    return 0


def cmd_users_set_role(args: argparse.Namespace, uow: UnitOfWork) -> int:
    active = None if args.active is None else bool(args.active)
    user = accounts.set_role(uow, args.name, args.role, active)
    print(f"{user.name} {user.role.value}")
    return 0


def cmd_audit_list(args: argparse.Namespace, uow: UnitOfWork) -> int:
    entries = accounts.list_audit(
        uow,
        parse_date(args.date_from, "date") if args.date_from else None,
        parse_date(args.date_to, "date") if args.date_to else None,
        args.actor,
        args.entity,
        args.entity_id,
    )
    records: list[dict[str, Any]] = [accounts.audit_record(e) for e in entries]
    if args.format != "json":  # one cell each: the before and after as JSON text
        records = [
            {
                **r,
                "before": _json_cell(r["before"]),
                "after": _json_cell(r["after"]),
            }
            for r in records
        ]
    write_records(records, args.format, accounts.AUDIT_COLUMNS)
    return 0


def _json_cell(value: object) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    users = sub.add_parser("users", parents=[common], help="users and their roles").add_subparsers(
        dest="users_command", required=True, metavar="ACTION"
    )
    p = users.add_parser(
        "add", parents=[common], help="register a user (the first one must be an admin); prints the name"
    )
    p.add_argument("name", help="the sign-in name (OS user for the CLI, the identity provider's for the app)")
    p.add_argument("--role", required=True, choices=[r.value for r in ROLES])
    p.add_argument("--display-name", default="")
    p.set_defaults(handler=cmd_users_add)
    p = users.add_parser("list", parents=[common], help="list users")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(handler=cmd_users_list)
    p = users.add_parser("set-role", parents=[common], help="change a user's role (admins only)")
    p.add_argument("name")
    p.add_argument("role", choices=[r.value for r in ROLES])
    p.add_argument("--active", action=argparse.BooleanOptionalAction, default=None, help="switch the user on or off")
    p.set_defaults(handler=cmd_users_set_role)

    audit = sub.add_parser("audit", parents=[common], help="the audit trail (admins only)").add_subparsers(
        dest="audit_command", required=True, metavar="ACTION"
    )
    p = audit.add_parser("list", parents=[common], help="who changed what, oldest first")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="first day, YYYY-MM-DD (Seoul)")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="last day (inclusive), YYYY-MM-DD")
    p.add_argument("--actor", metavar="USER", help="only changes by this user")
    p.add_argument("--entity", help="only this kind of record: visit, site, category, councillor, notice, ...")
    p.add_argument("--entity-id", metavar="ID", help="only this record (with --entity)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(handler=cmd_audit_list)
