"""Ledger commands: ``python -m planner ledger list|summary|add|note|update|export`` (``planner.ledger``)."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from planner import ledger
from planner.cli.output import write_output, write_records
from planner.domain import ValidationError, parse_date
from planner.tabular import csv_bytes, json_text
from planner.uow import UnitOfWork

LIST_COLUMNS = (
    "id",
    "source",
    "session",
    "person",
    "department",
    "due_on",
    "state",
    "result_on",
    "told_on",
    "posted_on",
    "text",
)


def _day(text: str | None, name: str) -> date | None:
    return parse_date(text, name) if text else None


def _record(item: ledger.LedgerItem, today: date) -> dict[str, Any]:
    state = "told" if not item.is_open else ("overdue" if item.is_overdue(today) else "open")
    return {
        "id": item.id,
        "version": item.version,
        "source": item.source,
        "session": item.session,
        "person_kind": item.person_kind,
        "person": item.person_label(),
        "councillor_id": item.councillor_id,
        "district": item.district,
        "visit_id": item.visit_id,
        "department": item.department,
        "due_on": item.due_on.isoformat() if item.due_on else None,
        "state": state,
        "overdue": item.is_overdue(today),
        "result": item.result,
        "result_on": item.result_at.date().isoformat() if item.result_at else None,
        "told_on": item.told_on.isoformat() if item.told_on else None,
        "posted_on": item.posted_on.isoformat() if item.posted_on else None,
        "text": item.text,
        "notes": [{"note": n.note, "noted_at": n.noted_at.isoformat(), "noted_by": n.noted_by} for n in item.notes],
    }


def cmd_list(args: argparse.Namespace, uow: UnitOfWork) -> int:
    query = ledger.LedgerQuery(
        overdue=args.overdue, open_only=args.open, department=args.department, sources=tuple(args.source or ())
    )
    with uow.transaction():
        today = uow.now.date()
        records = [_record(i, today) for i in ledger.list_items(uow, query)]
    if args.format != "json":
        for r in records:
            del r["notes"]
    write_records(records, args.format, LIST_COLUMNS)
    return 0


def cmd_summary(args: argparse.Namespace, uow: UnitOfWork) -> int:
    from planner.cli import lang

    start, end = parse_date(args.start, "from"), parse_date(args.end, "to")
    found = ledger.summary(uow, start, end)
    if args.format == "json":
        data = {
            "from": start.isoformat(),
            "to": end.isoformat(),
            "councillors": found.councillors,
            "items": found.items,
            "line": found.line(lang()),
            "item_ids": list(found.item_ids),
            "councillor_ids": list(found.councillor_ids),
        }
        print(json_text(data), end="")
    else:
        print(found.line(lang()))
    return 0


def cmd_add(args: argparse.Namespace, uow: UnitOfWork) -> int:
    if args.councillor_id is not None:
        kind = "councillor"
    elif args.district:
        kind = "district_head"
    else:
        kind = "citizen"
    draft = ledger.ItemDraft(
        source=args.source,
        text=args.text,
        person_kind=kind,
        councillor_id=args.councillor_id,
        district=args.district or "",
        person=args.person or "",
        session=args.session,
        visit_id=args.visit,
        department=args.department,
        due_on=_day(args.due, "due_on"),
    )
    print(ledger.add_item(uow, draft).id)
    return 0


def cmd_note(args: argparse.Namespace, uow: UnitOfWork) -> int:
    ledger.add_note(uow, args.id, args.text)
    return 0


def cmd_update(args: argparse.Namespace, uow: UnitOfWork) -> int:
    from datetime import datetime, time

    from planner.domain import SEOUL

    changes: dict[str, Any] = {}
    for name in ("text", "department", "session", "result"):
        value = getattr(args, name)
        if value is not None:
            changes[name] = value
    for name in ("due_on", "told_on", "posted_on"):
        value = getattr(args, name)
        if value is not None:
            changes[name] = _day(value, name)  # "" clears the date
    if args.result_on is not None:
        day = _day(args.result_on, "result_at")
        changes["result_at"] = datetime.combine(day, time(18), tzinfo=SEOUL) if day else None
    if not changes:
        raise ValidationError("error.ledger_bad_field", field="text", value="-")
    item = ledger.change_item(uow, args.id, args.expect_version, changes)
    print(item.version)
    return 0


def cmd_export(args: argparse.Namespace, uow: UnitOfWork) -> int:
    from planner.cli import lang
    from planner.i18n import t

    language = args.lang or lang()
    records = ledger.posting_records(uow, args.session, _day(args.start, "from"), _day(args.end, "to"), language)
    if args.format == "xlsx":
        if not args.out:
            raise ValidationError("error.report_needs_out", field="out")
        data = ledger.posting_xlsx(records, language)
    else:
        headers = [t(f"ledger.col.{c}", language) for c in ledger.POSTING_COLUMNS]
        data = csv_bytes(records, ledger.POSTING_COLUMNS, headers)
    write_output(args.out, data)
    return 0


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    group = sub.add_parser("ledger", parents=[common], help="requests and follow-ups (시정질문, 건의, 숙원사업)")
    actions = group.add_subparsers(dest="ledger_command", required=True, metavar="ACTION")

    p = actions.add_parser("list", parents=[common], help="ledger items, oldest first")
    p.add_argument("--overdue", action="store_true", help="only open items past their due date")
    p.add_argument("--open", action="store_true", help="only items whose result is not told yet")
    p.add_argument("--department", metavar="D", help="responsible department, e.g. 주택정책실")
    p.add_argument("--source", action="append", choices=ledger.SOURCES, help="repeat for several")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(handler=cmd_list)

    p = actions.add_parser(
        "summary",
        parents=[common],
        help='the report line "시의원 N명, N건 처리" for a period',
        description=(
            "시정질문 and 5분 자유발언 items whose result was processed from --from to --to (both included, Seoul "
            "time), and the distinct councillors they came from."
        ),
    )
    p.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="end", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(handler=cmd_summary)

    p = actions.add_parser("add", parents=[common], help="record a request; prints its id")
    p.add_argument("--source", required=True, choices=ledger.SOURCES)
    p.add_argument("--text", required=True)
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--councillor-id", type=int, metavar="ID", help="a councillor (see councillors list)")
    who.add_argument("--district", help="a district head (구청장) of this district")
    who.add_argument("--person", help="a citizen or shop owner")
    p.add_argument("--session", default="", help="회기, e.g. 제301회")
    p.add_argument("--visit", type=int, metavar="ID", help="the visit it was raised at")
    p.add_argument("--department", default="", help="responsible department (실·본부·국)")
    p.add_argument("--due", metavar="YYYY-MM-DD")
    p.set_defaults(handler=cmd_add)

    p = actions.add_parser("note", parents=[common], help="add a progress note (추진경과)")
    p.add_argument("id", type=int)
    p.add_argument("--text", required=True)
    p.set_defaults(handler=cmd_note)

    p = actions.add_parser("update", parents=[common], help="change an item; prints its new version")
    p.add_argument("id", type=int)
    p.add_argument("--expect-version", type=int, required=True, metavar="N")
    p.add_argument("--text")
    p.add_argument("--department")
    p.add_argument("--session")
    p.add_argument("--result")
    p.add_argument("--result-on", metavar="YYYY-MM-DD", help='day the result was processed ("" clears)')
    p.add_argument("--due", dest="due_on", metavar="YYYY-MM-DD", help='due date ("" clears)')
    p.add_argument("--told-on", metavar="YYYY-MM-DD", help='day the result was told to the person ("" clears)')
    p.add_argument("--posted-on", metavar="YYYY-MM-DD", help='day it was posted on 의정플러스 ("" clears)')
    p.set_defaults(handler=cmd_update)

    p = actions.add_parser("export", parents=[common], help="the 의정플러스 posting of processed results")
    p.add_argument("--session", help="one 회기, e.g. 제301회")
    p.add_argument("--from", dest="start", metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="end", metavar="YYYY-MM-DD")
    p.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    p.add_argument("--lang", choices=("ko", "en"))
    p.add_argument("--out", metavar="FILE", help="write to FILE (required for xlsx)")
    p.set_defaults(handler=cmd_export)
