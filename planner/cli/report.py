"""The ``report`` command: the yearly council report of field visits (``planner.reports``).

``python -m planner report --year 2021 --year 2022 [--format text|json|csv|xlsx] [--out FILE]``.
The report is built completely before anything is written, so a refusal leaves no file behind.
"""

from __future__ import annotations

import argparse
import sys

from planner import reports
from planner.domain import ValidationError, parse_datetime
from planner.i18n import t
from planner.uow import UnitOfWork

FORMATS = ("text", "json", "csv", "xlsx")


def cmd_report(args: argparse.Namespace, uow: UnitOfWork) -> int:
    from planner.cli import lang
    from planner.cli.output import write_output

    if args.as_of:  # the report's time is the one asked for: a unit of work whose clock stands there
        as_of = parse_datetime(args.as_of, "as_of")
        uow = UnitOfWork(uow.engine, lambda: as_of, uow.actor)
    language = args.lang or lang()
    report = reports.build_report(uow, args.year, language)
    if args.format == "xlsx" and not args.out:
        raise ValidationError("error.report_needs_out", field="out")
    if args.format == "json":
        data: bytes = reports.to_json(report).encode("utf-8")
    elif args.format == "csv":
        data = reports.detail_csv(uow, report) if args.detail else reports.to_csv(report)
    elif args.format == "xlsx":
        data = reports.to_xlsx(report, reports.detail_records(uow, report))
    else:
        data = reports.to_text(report).encode("utf-8")
    if report.unclosed_ids:  # a notice, not an error: the report itself is complete
        print(t("report.unclosed", language, count=len(report.unclosed_ids)), file=sys.stderr)
    write_output(args.out, data)
    return 0


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "report",
        parents=[common],
        help="the yearly council report of field visits (counts and highlights per group)",
        description=(
            "Council report in the office's format: per report group (covid19, policy, district_coop) "
            "and year, the visits marked done (year in Seoul time) and "
            "the highlighted visits as name(M.D) in the chosen order."
        ),
    )
    p.add_argument("--year", type=int, action="append", required=True, help="report year; repeat for several")
    p.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output (required for xlsx)")
    p.add_argument("--detail", action="store_true", help="csv only: list the counted visits instead of the table")
    p.add_argument("--lang", choices=("ko", "en"), help="language of labels (default: PLANNER_LANGUAGE)")
    p.add_argument(
        "--as-of",
        metavar="DATETIME",
        help="as-of date printed on the report and used to list ended visits not yet marked done (ISO 8601, default now)",
    )
    p.set_defaults(handler=cmd_report)
