"""Council notice commands: ``python -m planner notices list|pending|send|ack|text`` (``planner.notices``)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from planner import council, notices
from planner.cli.output import write_output, write_records
from planner.i18n import t
from planner.uow import UnitOfWork

LIST_COLUMNS = (
    "councillor_id",
    "councillor",
    "seat",
    "district",
    "constituency",
    "role",
    "reason",
    "status",
    "method",
    "sent_at",
    "sent_by",
    "acknowledged_at",
)
PENDING_COLUMNS = ("visit_id", "title", "start", "status", "district", "scope", "missing", "total")


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _target(args: argparse.Namespace) -> notices.Target:
    return notices.Target("visit", args.visit)


def cmd_list(args: argparse.Namespace, uow: UnitOfWork) -> int:
    from planner.cli import lang

    sheet = notices.sheet(uow, _target(args))
    records = [
        {
            "councillor_id": r.councillor.id,
            "councillor": r.councillor.name,
            "seat": r.councillor.seat,
            "district": r.councillor.district,
            "constituency": r.councillor.constituency,
            "role": r.councillor.role.value,
            "reason": r.reason,
            "status": r.status,
            "method": r.method,
            "sent_at": _iso(r.sent_at),
            "sent_by": r.sent_by,
            "acknowledged_at": _iso(r.acknowledged_at),
        }
        for r in sheet.recipients
    ]
    if args.format == "table":
        print(_scope_line(sheet, lang()))
    write_records(records, args.format, LIST_COLUMNS[1:8])
    return 0


def _scope_line(sheet: notices.NoticeSheet, lang: str) -> str:
    place = sheet.constituency
    return t(
        f"notices.scope_line.{sheet.scope}",
        lang,
        constituency=place.name if place else "",
        dong=sheet.target.dong,
        district=sheet.target.district,
    )


def cmd_pending(args: argparse.Namespace, uow: UnitOfWork) -> int:
    records = [
        {
            "visit_id": p.visit.id,
            "title": p.visit.title,
            "start": _iso(p.visit.start),
            "status": p.visit.status.value,
            "district": p.visit.district,
            "scope": p.sheet.scope,
            "missing": p.missing,
            "total": p.total,
        }
        for p in notices.pending(uow, args.within_days)
    ]
    write_records(records, args.format, PENDING_COLUMNS)
    return 0


def cmd_send(args: argparse.Namespace, uow: UnitOfWork) -> int:
    target = _target(args)
    ids = args.councillor
    if args.all:
        ids = [r.councillor.id for r in notices.sheet(uow, target).recipients if r.status == "to_send"]
        if not ids:
            print(0)
            return 0
    print(notices.record_sent(uow, target, ids or [], args.method))
    return 0


def cmd_ack(args: argparse.Namespace, uow: UnitOfWork) -> int:
    print(notices.acknowledge(uow, _target(args), args.councillor))
    return 0


def cmd_text(args: argparse.Namespace, uow: UnitOfWork) -> int:
    sheet = notices.sheet(uow, _target(args))
    write_output(args.out, sheet.text.encode("utf-8"))
    if args.out and args.out != "-":
        print(args.out, file=sys.stderr)
    return 0


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    group = sub.add_parser("notices", parents=[common], help="notices to councillors before a visit")
    actions = group.add_subparsers(dest="notices_command", required=True, metavar="ACTION")

    p = actions.add_parser(
        "list",
        parents=[common],
        help="who must hear about a visit, why (reason) and their state",
        description=(
            "Recipients of a visit's notice: the councillors of the site's 선거구 (reason constituency) when the "
            "site's 행정동 is in a registered constituency, else of its district (district); the leadership for an "
            "important visit (leadership); the 소관 상임위 for a press pre-briefing (committee). "
            "status: to_send, sent, acknowledged."
        ),
    )
    p.add_argument("--visit", type=int, required=True, metavar="ID")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(handler=cmd_list)

    p = actions.add_parser("pending", parents=[common], help="open visits soon whose notices are not all sent")
    p.add_argument(
        "--within-days", type=int, default=None, metavar="N", help="days ahead (default: PLANNER_NOTICE_DAYS)"
    )
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(handler=cmd_pending)

    p = actions.add_parser("send", parents=[common], help="record notices as sent now (prints how many were new)")
    p.add_argument("--visit", type=int, required=True, metavar="ID")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--councillor", type=int, action="append", metavar="ID", help="repeat for several")
    who.add_argument("--all", action="store_true", help="every recipient still to send")
    p.add_argument("--method", required=True, choices=council.METHODS)
    p.set_defaults(handler=cmd_send)

    p = actions.add_parser("ack", parents=[common], help="record sent notices as acknowledged (prints how many)")
    p.add_argument("--visit", type=int, required=True, metavar="ID")
    p.add_argument("--councillor", type=int, action="append", required=True, metavar="ID")
    p.set_defaults(handler=cmd_ack)

    p = actions.add_parser("text", parents=[common], help="the notice text drafted from the template")
    p.add_argument("--visit", type=int, required=True, metavar="ID")
    p.add_argument("--out", metavar="FILE", help="write to FILE (default: standard output)")
    p.set_defaults(handler=cmd_text)
