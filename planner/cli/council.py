"""Council registry commands: ``python -m planner councillors add|list|import``."""

from __future__ import annotations

import argparse
from pathlib import Path

from planner import council
from planner.cli.output import write_records
from planner.uow import UnitOfWork

COLUMNS = ("id", "name", "district", "constituency", "role", "contact")
# Issue 14: added after the columns above (JSON and CSV carry them too; the table stays readable).
MORE_COLUMNS = ("seat", "party", "term", "committees", "chairs")


def cmd_list(args: argparse.Namespace, uow: UnitOfWork) -> int:
    records = [
        {
            "id": c.id,
            "name": c.name,
            "district": c.district,
            "constituency": c.constituency,
            "role": c.role.value,
            "contact": c.contact,
            "seat": c.seat,
            "party": c.party,
            "term": c.term,
            "committees": list(c.committees) if args.format == "json" else ";".join(c.committees),
            "chairs": list(c.chairs) if args.format == "json" else ";".join(c.chairs),
        }
        for c in council.list_councillors(uow)
    ]
    write_records(records, args.format, COLUMNS + ("seat", "party", "committees"))
    return 0


def cmd_import(args: argparse.Namespace, uow: UnitOfWork) -> int:
    from planner.cli import lang
    from planner.i18n import t

    result = council.import_councillors(uow, Path(args.file))
    print(t("cli.councillors_imported", lang(), added=result.added, updated=result.updated))
    return 0


def cmd_add(args: argparse.Namespace, uow: UnitOfWork) -> int:
    person = council.add_councillor(
        uow,
        args.name,
        args.district or "",
        args.constituency,
        args.role,
        args.contact,
        seat=args.seat,
        party=args.party,
        term=args.term,
        committees=tuple(args.committee or ()),
        chairs=tuple(args.chair or ()),
    )
    print(person.id)
    return 0


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    group = sub.add_parser("councillors", parents=[common], help="city councillors to inform before visits")
    actions = group.add_subparsers(dest="councillors_command", required=True, metavar="ACTION")
    p = actions.add_parser("list", parents=[common], help="list councillors")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(handler=cmd_list)
    p = actions.add_parser("add", parents=[common], help="add a councillor; prints the new id")
    p.add_argument("--name", default="", help="default: the seat's name, e.g. 중구 제1선거구 의원")
    p.add_argument("--district", default="", help="the constituency's district (중구 or Jung-gu); none for 비례대표")
    p.add_argument("--constituency", default="", help="e.g. 중구 제1선거구")
    p.add_argument(
        "--role",
        default="member",
        choices=[r.value for r in council.Role],
        help="leadership roles are invited to important visits",
    )
    p.add_argument("--contact", default="", help="phone or e-mail (internal)")
    p.add_argument("--seat", default="", help="e.g. 중구 제1선거구 or 비례대표 3 (unique); --name may then be empty")
    p.add_argument("--party", default="")
    p.add_argument("--term", default="", help="e.g. 제10대")
    p.add_argument("--committee", action="append", metavar="CODE", help="a committee code or name; repeat")
    p.add_argument("--chair", action="append", metavar="CODE", help="a committee this councillor chairs; repeat")
    p.set_defaults(handler=cmd_add)
    p = actions.add_parser(
        "import",
        parents=[common],
        help="add or update councillors from a CSV file (by seat); all or nothing",
        description=(
            "CSV columns (UTF-8, header line): seat, name, district, constituency, party, role, committees, "
            "chair_of, contact, term. committees and chair_of are committee codes or names separated by ';'. "
            "A row whose seat is registered updates it; others are added. A bad row is named by its line "
            "number and nothing is imported (exit 2)."
        ),
    )
    p.add_argument("file", metavar="FILE.csv")
    p.set_defaults(handler=cmd_import)
