"""Council liaison commands: ``python -m planner councillors add|list``."""

from __future__ import annotations

import argparse

from planner import council
from planner.cli.output import write_records
from planner.uow import UnitOfWork

COLUMNS = ("id", "name", "district", "constituency", "role", "contact")


def cmd_list(args: argparse.Namespace, uow: UnitOfWork) -> int:
    records = [
        {
            "id": c.id,
            "name": c.name,
            "district": c.district,
            "constituency": c.constituency,
            "role": c.role.value,
            "contact": c.contact,
        }
        for c in council.list_councillors(uow)
    ]
    write_records(records, args.format, COLUMNS)
    return 0


def cmd_add(args: argparse.Namespace, uow: UnitOfWork) -> int:
    person = council.add_councillor(uow, args.name, args.district, args.constituency, args.role, args.contact)
    print(person.id)
    return 0


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    group = sub.add_parser("councillors", parents=[common], help="city councillors to inform before visits")
    actions = group.add_subparsers(dest="councillors_command", required=True, metavar="ACTION")
    p = actions.add_parser("list", parents=[common], help="list councillors")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(handler=cmd_list)
    p = actions.add_parser("add", parents=[common], help="add a councillor; prints the new id")
    p.add_argument("--name", required=True)
    p.add_argument("--district", required=True, help="the constituency's district (중구 or Jung-gu)")
    p.add_argument("--constituency", default="", help="e.g. 중구 제1선거구")
    p.add_argument(
        "--role",
        default="member",
        choices=[r.value for r in council.Role],
        help="leadership roles are invited to important visits",
    )
    p.add_argument("--contact", default="", help="phone or e-mail (internal)")
    p.set_defaults(handler=cmd_add)
