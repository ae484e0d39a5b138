"""Issue 14 commands: the work report's sections 2 and 3 and the briefing pack of a visit.

``python -m planner work-report --year 2021 --year 2022 [--format text|docx|xlsx] [--out FILE]`` and
``python -m planner briefing VISIT_ID --out FILE [--format html|docx]``. Each file is built completely before
anything is written, so a refusal leaves no file behind.
"""

from __future__ import annotations

import argparse
import sys

from planner import briefing, work_report
from planner.domain import ValidationError
from planner.uow import UnitOfWork

FORMATS = ("text", "docx", "xlsx")
BRIEFING_FORMATS = ("html", "docx")


def cmd_work_report(args: argparse.Namespace, uow: UnitOfWork) -> int:
    from planner.cli import lang
    from planner.cli.output import write_output

    language = args.lang or lang()
    if args.format in ("docx", "xlsx") and not args.out:
        raise ValidationError("error.report_needs_out", field="out")
    report = work_report.build_work_report(uow, args.year, language)
    if args.format == "docx":
        data = work_report.to_docx(report)
    elif args.format == "xlsx":
        data = work_report.to_xlsx(report)
    else:
        data = work_report.to_text(report).encode("utf-8")
    if report.ledger_missing:
        from planner.i18n import t

        print(t("work.no_ledger", language), file=sys.stderr)
    write_output(args.out, data)
    return 0


def cmd_briefing(args: argparse.Namespace, uow: UnitOfWork) -> int:
    from planner.cli import lang
    from planner.cli.output import write_output

    fmt = args.format or ("docx" if str(args.out).lower().endswith(".docx") else "html")
    pack = briefing.build_briefing(uow, args.visit_id, args.lang or lang())
    data = briefing.to_docx(pack) if fmt == "docx" else briefing.to_html(pack).encode("utf-8")
    write_output(args.out, data)
    return 0


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "work-report",
        parents=[common],
        help="sections 2 and 3 of the work report (council relations, field visits), written from the records",
        description=(
            "The work report's sections 2 and 3 in the source's shape: each practice with its per-year counts, the "
            "COVID-19 table, the policy line, district cooperation as 구청장협의회 and 시장-구청장 면담, and the "
            "ledger's line of question results; the records behind each figure are listed as footnotes."
        ),
    )
    p.add_argument("--year", type=int, action="append", required=True, help="report year; repeat for several")
    p.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output (required for docx, xlsx)")
    p.add_argument("--lang", choices=("ko", "en"), help="language (default: PLANNER_LANGUAGE)")
    p.set_defaults(handler=cmd_work_report)

    b = sub.add_parser(
        "briefing",
        parents=[common],
        help="the printable briefing pack of one visit (A4 HTML, or Word)",
        description=(
            "The visit, the day's route and timings, earlier visits to the same site and district, open ledger "
            "items there, notices sent and the talking points, as one A4 page (HTML) or a Word file."
        ),
    )
    b.add_argument("visit_id", type=int, metavar="VISIT_ID")
    b.add_argument("--out", metavar="FILE", required=True, help="the file to write (.html or .docx)")
    b.add_argument("--format", choices=BRIEFING_FORMATS, help="html or docx (default: by the file's extension)")
    b.add_argument("--lang", choices=("ko", "en"), help="language (default: PLANNER_LANGUAGE)")
    b.set_defaults(handler=cmd_briefing)
