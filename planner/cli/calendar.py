"""Calendar commands of the CLI: ``export-ics``, ``import-ics``, ``serve-feed`` and ``feeds``.

They parse arguments and call ``planner.calendar_exchange`` / ``planner.feeds``; exit codes
follow ``planner.cli`` (2 with one line on stderr and nothing written for bad input).
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime, time, timedelta
from pathlib import Path

from planner import calendar_exchange, cli, config, feeds, services
from planner.cli.output import write_output, write_records
from planner.domain import SEOUL, ValidationError, parse_datetime
from planner.i18n import t
from planner.uow import UnitOfWork


def _lang(args: argparse.Namespace) -> str:
    return getattr(args, "lang", None) or cli.lang()


def cmd_export(args: argparse.Namespace, uow: UnitOfWork) -> int:
    query = cli.query_from_args(args)
    with uow.transaction():
        visits = calendar_exchange.calendar_visits(uow, query, public=args.public)
        data = calendar_exchange.render(visits, services.list_categories(uow), uow.now, _lang(args), public=args.public)
    write_output(args.out, data)  # whole or not at all; '-' is standard output
    if args.out != "-":
        print(t("calendar.cli_exported", _lang(args), count=len(visits), path=args.out))
    return 0


def _window(args: argparse.Namespace, now: datetime) -> tuple[datetime, datetime] | None:
    if not args.date_from and not args.date_to:
        return None
    start, end = calendar_exchange.default_window(now)
    if args.date_from:
        start = datetime.combine(cli._date(args.date_from), time.min, tzinfo=SEOUL)
    if args.date_to:
        end = datetime.combine(cli._date(args.date_to) + timedelta(days=1), time.min, tzinfo=SEOUL)
    if end <= start:
        raise ValidationError("error.end_before_start", field="end")
    return start, end


def cmd_import(args: argparse.Namespace, uow: UnitOfWork) -> int:
    path = Path(args.file)
    limit = int(config.get("ics_max_bytes"))  # type: ignore[call-overload]
    try:
        with path.open("rb") as fh:
            data = fh.read(limit + 1) if limit else fh.read()  # never read a huge file whole
            if limit and len(data) > limit:  # the refusal names the file's real size, not what was read
                raise ValidationError(
                    "error.ics_too_large", field="file", size=os.fstat(fh.fileno()).st_size, max=limit
                )
    except OSError as exc:
        raise ValidationError("error.file_unreadable", field="file", path=args.file, reason=exc.strerror) from None
    report = calendar_exchange.import_ics(
        uow,
        data,
        args.mode,
        window=_window(args, uow.now),
        dry_run=args.dry_run,
        source=path.name,
        default_category=args.category,
        lang=_lang(args),
        max_bytes=limit,
    )
    lang = _lang(args)
    for uid, problem in report.warnings:  # the rules' warnings of the visits imported
        print(f"{t('rule.warning_prefix', lang)}: [{uid}] {' '.join(problem.message(lang).split())}", file=sys.stderr)
    if args.verbose:
        for item in report.items:
            print(f"{item.action:9} {item.start:%Y-%m-%d %H:%M}  {item.summary}  [{item.uid}]")
    key = "calendar.cli_dry_run" if report.dry_run else "calendar.cli_imported"
    print(
        t(
            key,
            lang,
            added=report.count("add"),
            updated=report.count("update") + report.count("cancel"),
            unchanged=report.count("unchanged"),
            skipped=report.count("skip"),
            removed=report.count("remove"),
            mode=args.mode,
        )
    )
    return 0


def cmd_serve(args: argparse.Namespace, uow: UnitOfWork) -> int:
    from planner import feed_server

    if not 1 <= args.port <= 65535:  # a bad port made uvicorn raise OverflowError (issue 9)
        raise ValidationError("error.bad_port", field="port", value=args.port)
    feed_server.serve(uow.engine, host=args.host, port=args.port, clock=uow.clock)
    return 0


def cmd_feeds_create(args: argparse.Namespace, uow: UnitOfWork) -> int:
    feed = feeds.create_feed(
        uow,
        public=args.public,
        categories=tuple(args.category or ()),
        districts=tuple(args.district or ()),
        statuses=tuple(args.status or ()),
        expires=parse_datetime(args.expires, "expires") if args.expires else None,
    )
    print(feeds.feed_url(feed.token))
    return 0


def cmd_feeds_revoke(args: argparse.Namespace, uow: UnitOfWork) -> int:
    feeds.revoke_feed(uow, args.token)
    print(t("calendar.cli_revoked", _lang(args)))
    return 0


FEED_COLUMNS = ("token", "public", "filter", "created_at", "revoked_at", "expires", "url")


def cmd_feeds_list(args: argparse.Namespace, uow: UnitOfWork) -> int:
    records = [
        {
            "token": f.token,
            "public": f.public,
            "filter": ", ".join(f"{k}={'/'.join(v)}" for k, v in f.filter.items() if v),
            "created_at": f.created_at.isoformat(timespec="seconds"),
            "revoked_at": f.revoked_at.isoformat(timespec="seconds") if f.revoked_at else "",
            "expires": f.expires_at.isoformat(timespec="seconds") if f.expires_at else "",
            "url": feeds.feed_url(f.token),
        }
        for f in feeds.list_feeds(uow)
        if args.all or f.revoked_at is None
    ]
    write_records(records, args.format, FEED_COLUMNS)
    return 0


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    lang_help = "language of the calendar's names and labels: ko or en (default: PLANNER_LANGUAGE)"

    p = sub.add_parser(
        "export-ics",
        parents=[common],
        help="write visits as an iCalendar file (Outlook, Google, Thunderbird, phones)",
        description="Write the selected visits as one iCalendar (.ics) file: METHOD:PUBLISH, Asia/Seoul "
        "VTIMEZONE, stable UIDs, SEQUENCE rising with every visible change.",
    )
    cli.add_filter_arguments(p)
    p.add_argument(
        "--public",
        action="store_true",
        help="public calendar: approved, confirmed and done visits marked public, past their embargo "
        "(default: PLANNER_PUBLIC_HOLDBACK_DAYS); no link, description, notes or attendees; the place as "
        "site name and district unless the site is publishable",
    )
    p.add_argument("--lang", choices=("ko", "en"), help=lang_help)
    p.add_argument("--out", required=True, metavar="FILE", help="file to write ('-' for standard output)")
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser(
        "import-ics",
        parents=[common],
        help="import an iCalendar file as busy time or as proposed visits",
        description="Import an .ics file from Outlook, Google, Thunderbird or a phone. All or nothing: a "
        "malformed file is refused with the line at fault and nothing is written. Re-importing "
        "updates by UID and adds no duplicates.",
    )
    p.add_argument("file", help="the .ics file")
    p.add_argument(
        "--as",
        dest="mode",
        choices=calendar_exchange.MODES,
        default="busy",
        help="busy: busy blocks that scheduling respects (default); visits: proposed visits",
    )
    p.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")
    p.add_argument(
        "--from",
        dest="date_from",
        metavar="DATE",
        help="recurring events: expand from this day (default: 90 days ago)",
    )
    p.add_argument(
        "--to", dest="date_to", metavar="DATE", help="recurring events: expand to this day (default: a year ahead)"
    )
    p.add_argument(
        "--category",
        metavar="CODE",
        help="--as visits: category of events whose CATEGORIES match none (default: the last category)",
    )
    p.add_argument("--verbose", "-v", action="store_true", help="one line per event")
    p.add_argument("--lang", choices=("ko", "en"), help=lang_help)
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser(
        "serve-feed",
        parents=[common],
        help="serve subscribable calendar feeds (read-only HTTP, /feeds/<token>.ics)",
        description="A small read-only HTTP server (Starlette + uvicorn) for the feed URLs made with "
        "'feeds create'. Unknown or revoked tokens answer 404.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    p.set_defaults(handler=cmd_serve)

    feeds_parser = sub.add_parser("feeds", parents=[common], help="calendar feed tokens (subscription URLs)")
    actions = feeds_parser.add_subparsers(dest="feeds_command", required=True, metavar="ACTION")
    p = actions.add_parser("create", parents=[common], help="create a feed token; prints its URL")
    p.add_argument("--public", action="store_true", help="public calendar (public visits, hold-back, no notes)")
    p.add_argument("--category", action="append", metavar="CODE", help="category code; repeat for several")
    p.add_argument("--district", action="append", metavar="NAME", help="district; repeat for several")
    p.add_argument("--status", action="append", metavar="STATUS", help="status; repeat for several")
    p.add_argument("--expires", metavar="ISO", help="the URL answers 404 from this time on (ISO 8601; default: never)")
    p.set_defaults(handler=cmd_feeds_create)
    p = actions.add_parser("revoke", parents=[common], help="revoke a feed token (its URL answers 404)")
    p.add_argument("token")
    p.set_defaults(handler=cmd_feeds_revoke)
    p = actions.add_parser("list", parents=[common], help="list feed tokens")
    p.add_argument("--all", action="store_true", help="include revoked tokens")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(handler=cmd_feeds_list)
