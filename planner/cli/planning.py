"""Planning commands (issue 11): ``check``, ``plan-day``, ``suggest`` and ``plan-week``.

Each parses its arguments, calls ``planner.planning`` with the command's unit of work and prints the result as a
table or JSON through ``planner.cli.output``; times in JSON are ISO 8601 with +09:00 and messages are in
``PLANNER_LANGUAGE``. ``check`` exits 4 when it finds a blocking problem (0 otherwise); ``--apply`` writes through
the change path in one transaction (exit 3 when a visit changed meanwhile).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from planner import planning, scheduling
from planner.cli.output import write_records
from planner.domain import SEOUL, ValidationError, parse_date
from planner.i18n import t
from planner.rules import Problem
from planner.tabular import json_text
from planner.uow import UnitOfWork

# ``check`` found a problem that blocks a save: scripts tell it from bad input (2) and a stale version (3).
EXIT_BLOCKING = 4


def _lang() -> str:
    from planner.cli import lang

    return lang()


def _day(text: str) -> date:
    return parse_date(text, "date")


def _range(args: argparse.Namespace) -> tuple[date, date]:
    if getattr(args, "date", None):
        if args.date_from or args.date_to:
            raise ValidationError("error.date_range_required", field="date")
        day = _day(args.date)
        return day, day
    if not args.date_from or not args.date_to:
        raise ValidationError("error.date_range_required", field="date")
    return _day(args.date_from), _day(args.date_to)


def problem_record(problem: Problem, language: str) -> dict[str, Any]:
    """A problem as ``check`` prints it: ``rule``, ``severity``, ``visit_ids``, ``message``."""
    return {
        **problem.record(),
        "visit_ids": [i for i in problem.visit_ids if i > 0],  # a slot being placed has no id yet
        "message": " ".join(problem.message(language).split()),
    }


def _print_json(value: Any) -> None:
    sys.stdout.write(json_text(value))


# ---------------------------------------------------------------- check


def cmd_check(args: argparse.Namespace, uow: UnitOfWork) -> int:
    first, last = _range(args)
    problems = planning.check(uow, first, last)
    records = [problem_record(p, _lang()) for p in problems]
    if args.format == "json":
        _print_json(records)
    elif records:
        write_records(
            [{**r, "visit_ids": ", ".join(map(str, r["visit_ids"]))} for r in records],
            "table",
            ("severity", "rule", "visit_ids", "message"),
        )
    else:
        print(t("planning.no_problems", _lang()))
    return EXIT_BLOCKING if any(p.blocking for p in problems) else 0


# ---------------------------------------------------------------- plan-day


def day_record(proposal: planning.DayProposal, applied: list[int] | None) -> dict[str, Any]:
    record = proposal.plan.record()
    for stop in record["stops"]:  # Seoul time whatever the machine's zone
        for key in ("arrive", "depart"):
            stop[key] = _seoul(stop[key])
    if applied is not None:
        record["applied"] = applied
    return record


def _seoul(iso: str) -> str:
    from datetime import datetime

    return datetime.fromisoformat(iso).astimezone(SEOUL).isoformat()


def cmd_plan_day(args: argparse.Namespace, uow: UnitOfWork) -> int:
    proposal = planning.plan_day(uow, _day(args.date))
    applied = [v.id or 0 for v in planning.apply_day(uow, proposal)] if args.apply else None
    record = day_record(proposal, applied)
    if args.format == "json":
        _print_json(record)
        return 0
    method = {"exact": t("scheduling.method.exact", _lang()), "heuristic": t("scheduling.method.heuristic", _lang())}
    print(
        f"{record['date']}  {method[record['method']]}  "
        f"{record['total_travel_minutes']} min  {record['total_km']} km  (-{record['saved_minutes']} min)"
    )
    write_records(
        [{**s, "arrive": s["arrive"][11:16], "depart": s["depart"][11:16]} for s in record["stops"]],
        "table",
        ("visit_id", "arrive", "depart", "travel_minutes", "km", "fixed"),
    )
    return 0


# ---------------------------------------------------------------- suggest


def slot_record(slot: scheduling.Slot, language: str) -> dict[str, Any]:
    return {
        "start": slot.start.astimezone(SEOUL).isoformat(),
        "end": slot.end.astimezone(SEOUL).isoformat(),
        "added_travel_minutes": round(slot.added_travel_minutes, 1),
        "warnings": [problem_record(p, language) for p in slot.warnings],
        "reason": t(slot.reason_key, language, **slot.reason_params),
    }


def cmd_suggest(args: argparse.Namespace, uow: UnitOfWork) -> int:
    slots = planning.suggest(uow, args.site_id, args.duration, _day(args.date_from), _day(args.date_to))
    records = [slot_record(s, _lang()) for s in slots]
    if args.format == "json":
        _print_json(records)
        return 0
    rows = [
        {
            "start": r["start"][:16].replace("T", " "),
            "end": r["end"][11:16],
            "added_travel_minutes": r["added_travel_minutes"],
            "warnings": ", ".join(w["rule"] for w in r["warnings"]),
            "reason": r["reason"],
        }
        for r in records
    ]
    write_records(rows, "table", ("start", "end", "added_travel_minutes", "warnings", "reason"))
    return 0


# ---------------------------------------------------------------- plan-week


def week_record(proposal: planning.WeekProposal, language: str, created: list[int] | None) -> dict[str, Any]:
    plan = proposal.plan
    record: dict[str, Any] = {
        "method": plan.method,
        "proposals": [
            {
                "site_id": p.site_id,
                "site_name": proposal.sites[p.site_id].name,
                "district": p.district,
                "start": p.start.astimezone(SEOUL).isoformat(),
                "end": p.end.astimezone(SEOUL).isoformat(),
                "added_travel_minutes": round(p.added_travel_minutes, 1),
                "days_since_last_visit": proposal.days_since.get(p.district),
                "reason": t(p.reason_key, language, **p.reason_params),
            }
            for p in plan.proposals
        ],
        "coverage_before": len(plan.covered_before),
        "coverage_after": len(plan.covered_after),
        "covered_before": list(plan.covered_before),
        "covered_after": list(plan.covered_after),
    }
    if created is not None:
        record["created"] = created
    return record


def cmd_plan_week(args: argparse.Namespace, uow: UnitOfWork) -> int:
    language = _lang()
    proposal = planning.plan_week(uow, _day(args.date_from), _day(args.date_to))
    created = None
    if args.apply:
        titles = {p.site_id: t("planning.week_title", language, site=proposal.sites[p.site_id].name)
                  for p in proposal.plan.proposals}  # fmt: skip
        visits = planning.apply_week(uow, proposal, args.category, titles, t("planning.week_purpose", language))
        created = [v.id or 0 for v in visits]
    record = week_record(proposal, language, created)
    if args.format == "json":
        _print_json(record)
        return 0
    print(f"{record['coverage_before']}/25 -> {record['coverage_after']}/25")
    rows = [{**p, "start": p["start"][:16].replace("T", " "), "end": p["end"][11:16]} for p in record["proposals"]]
    write_records(rows, "table", ("start", "end", "district", "site_id", "site_name", "added_travel_minutes"))
    return 0


# ---------------------------------------------------------------- parser


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    fmt: dict[str, Any] = {"choices": ("table", "json"), "default": "table"}

    p = sub.add_parser(
        "check",
        parents=[common],
        help="scheduling problems of a day or a range (exit 4 when one is blocking)",
        epilog="Exit codes: 0 no blocking problem, 4 a blocking problem, 2 bad input.",
    )
    p.add_argument("--date", metavar="DATE", help="one day, YYYY-MM-DD")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="first day (with --to)")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="last day, inclusive (with --from)")
    p.add_argument("--format", **fmt)
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("plan-day", parents=[common], help="the day's best order (least travel from City Hall)")
    p.add_argument("date", metavar="DATE", help="YYYY-MM-DD")
    p.add_argument(
        "--apply", action="store_true", help="move the visits to these times (one transaction; exit 3 if one changed)"
    )
    p.add_argument("--format", **fmt)
    p.set_defaults(handler=cmd_plan_day)

    p = sub.add_parser("suggest", parents=[common], help="the best 5 free slots for a visit at a site")
    p.add_argument("--site-id", type=int, required=True)
    p.add_argument("--duration", type=int, required=True, metavar="MINUTES")
    p.add_argument("--from", dest="date_from", required=True, metavar="DATE")
    p.add_argument("--to", dest="date_to", required=True, metavar="DATE")
    p.add_argument("--format", **fmt)
    p.set_defaults(handler=cmd_suggest)

    p = sub.add_parser("plan-week", parents=[common], help="propose visits that raise district coverage")
    p.add_argument("--from", dest="date_from", required=True, metavar="DATE")
    p.add_argument("--to", dest="date_to", required=True, metavar="DATE")
    p.add_argument("--apply", action="store_true", help="create the proposals as proposed visits (one transaction)")
    p.add_argument(
        "--category", default="district_coop", metavar="CODE", help="category of the created visits (with --apply)"
    )
    p.add_argument("--format", **fmt)
    p.set_defaults(handler=cmd_plan_week)
