"""The command line, ``python -m planner``: one front door onto the core services.

Exit codes are a contract scripts rely on: 0 success; 2 bad input or unknown id (one line on
stderr, nothing written); 3 a stale ``--expect-version`` (someone else changed the record).
Feature modules of this package (``calendar``, ``report``, ``council``) add their commands through
``register(subparsers, common)``; they are listed in ``COMMAND_MODULES``. Everything a command
prints as a table, CSV or JSON, and every ``--out`` file, goes through ``planner.cli.output``.
"""

from __future__ import annotations

import argparse
import getpass
import importlib
import re
import sys
from collections.abc import Sequence
from datetime import date
from typing import Any, NoReturn

from planner import accounts, config, domain, services
from planner.cli.output import write_records
from planner.domain import PlannerError, Status, ValidationError, VisitQuery, parse_date, parse_datetime, parse_status
from planner.i18n import catalogue, error_text, t
from planner.tabular import printable
from planner.uow import UnitOfWork

COMMAND_MODULES: tuple[str, ...] = (
    "planner.cli.report",
    "planner.cli.calendar",
    "planner.cli.council",
    "planner.cli.planning",
    "planner.cli.engagements",
    "planner.cli.backup",
    "planner.cli.notices",
    "planner.cli.ledger",
    "planner.cli.users",
)


class CliError(Exception):
    """A usage problem found after argparse (e.g. a bad date); exits 2 with one line."""


def uow_for(args: argparse.Namespace) -> UnitOfWork:
    """The unit of work of one command: the database of ``--db`` (or the setting) and the real clock."""
    url = getattr(args, "db", None) or config.database_url()
    if not getattr(args, "setup", True):  # db, backup, restore: the command sets the database up itself
        return UnitOfWork(services.engine_for(url), services.system_clock)
    engine, _ = services.open_database(url, services.system_clock, create=args.command == "init")
    # Issue 13: the command acts as the OS user, or as ``--as USER`` when that is allowed.
    uow = UnitOfWork(engine, services.system_clock, actor=os_user())
    as_user = getattr(args, "as_user", None)
    if as_user:
        accounts.check_act_as(uow, as_user)
        uow = UnitOfWork(engine, services.system_clock, actor=as_user.strip())
    return uow


def os_user() -> str | None:
    """The name of the OS user running the command (None when the system cannot say)."""
    try:
        return getpass.getuser() or None
    except (OSError, KeyError):
        return None


def print_warnings(uow: UnitOfWork) -> None:
    """The rules' warnings of what the command saved: one line each on stderr (the exit code stays 0)."""
    for problem in uow.warnings:
        print(f"{t('rule.warning_prefix', lang())}: {' '.join(problem.message(lang()).split())}", file=sys.stderr)


def lang() -> str:
    return str(config.get("language"))


def _date(text: str) -> date:
    return parse_date(text, "date")


# ---------------------------------------------------------------- init


def cmd_init(args: argparse.Namespace, uow: UnitOfWork) -> int:
    if args.sample:
        if not services.is_empty(uow):
            raise ValidationError("error.sample_not_empty")
        from planner import sample

        added = sample.load_sample(uow)
        print(t("cli.sample_loaded", lang(), count=added))
    else:
        print(t("cli.initialised", lang()))
    return 0


# ---------------------------------------------------------------- sites


def cmd_sites_add(args: argparse.Namespace, uow: UnitOfWork) -> int:
    site = services.add_site(
        uow,
        services.SiteDraft(
            name=args.name,
            lat=args.lat,
            lon=args.lon,
            address=args.address or "",
            district=args.district,
            kind=args.kind or "other",
            allow_outside_seoul=args.outside_seoul,
            publishable=bool(args.publishable),
        ),
    )
    print(site.id)
    return 0


def cmd_sites_update(args: argparse.Namespace, uow: UnitOfWork) -> int:
    site = services.set_site_publishable(uow, args.id, args.publishable)
    state = t("sites.publishable_yes" if site.publishable else "sites.publishable_no", lang())
    print(t("sites.cli_publishable", lang(), id=site.id, state=state))
    return 0


def add_publishable_arguments(parser: argparse.ArgumentParser, default: bool | None) -> None:
    flag = parser.add_mutually_exclusive_group(required=default is None)
    flag.add_argument(
        "--publishable",
        dest="publishable",
        action="store_const",
        const=True,
        default=default,
        help="the public calendar may show its address and coordinates",
    )
    flag.add_argument(
        "--not-publishable",
        dest="publishable",
        action="store_const",
        const=False,
        help="the public calendar shows only its name and district (the default)",
    )


SITE_COLUMNS = ("id", "name", "district", "lat", "lon", "kind", "address", "publishable")


def cmd_sites_list(args: argparse.Namespace, uow: UnitOfWork) -> int:
    records = [services.site_record(s) for s in services.list_sites(uow)]
    write_records(records, args.format, SITE_COLUMNS)
    return 0


# ---------------------------------------------------------------- visits


def _site_id(args: argparse.Namespace, uow: UnitOfWork) -> int:
    if args.site_id is not None:
        return services.get_site(uow, args.site_id).id or 0
    return services.find_site_by_name(uow, args.site_name).id or 0


def cmd_visits_add(args: argparse.Namespace, uow: UnitOfWork) -> int:
    draft = services.VisitDraft(
        title=args.title,
        site_id=_site_id(args, uow),
        start=parse_datetime(args.start, "start"),
        end=parse_datetime(args.end, "end"),
        category=args.category,
        status=parse_status(args.status),
        purpose=args.purpose or "",
        attendees=args.attendees or "",
        notes=args.notes or "",
        public=bool(args.public),
        important=args.important,
        highlight_rank=args.highlight_rank,
        uid=args.uid,
        fixed=args.fixed,
        window_start=parse_datetime(args.window_start, "window_start") if args.window_start else None,
        window_end=parse_datetime(args.window_end, "window_end") if args.window_end else None,
        override_reason=args.override or "",
        embargo_until=parse_datetime(args.embargo_until, "embargo_until") if args.embargo_until else None,
    )
    visit = services.add_visit(uow, draft)
    print(visit.id)
    return 0


VISIT_COLUMNS = ("id", "start", "end", "status", "category", "district", "site_name", "title", "version")


def query_from_args(args: argparse.Namespace) -> VisitQuery:
    from planner import geo

    return VisitQuery(
        year=args.year,
        date_from=_date(args.date_from) if args.date_from else None,
        date_to=_date(args.date_to) if args.date_to else None,
        categories=tuple(args.category or ()),
        districts=tuple(geo.normalize_district(d) for d in (args.district or ())),
        statuses=tuple(parse_status(s) for s in (args.status or ())),
        text=getattr(args, "text", None) or "",
        public_only=bool(getattr(args, "public", False)),
    )


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    """The visit filters shared by every command that selects visits."""
    parser.add_argument("--year", type=int, help="calendar year (Seoul time)")
    parser.add_argument("--from", dest="date_from", metavar="DATE", help="first day, YYYY-MM-DD")
    parser.add_argument("--to", dest="date_to", metavar="DATE", help="last day (inclusive), YYYY-MM-DD")
    parser.add_argument("--category", action="append", metavar="CODE", help="category code; repeat for several")
    parser.add_argument(
        "--district", action="append", metavar="NAME", help="district (중구 or Jung-gu); repeat for several"
    )
    parser.add_argument(
        "--status",
        action="append",
        metavar="STATUS",
        help="status (" + ", ".join(s.value for s in Status) + "); repeat for several",
    )


def add_reorder_arguments(parser: argparse.ArgumentParser, clearable: bool = False) -> None:
    """Whether a day's reorder (plan-day) may move the visit, and the window it may move it in (issue 11)."""
    fixed = parser.add_mutually_exclusive_group()
    fixed.add_argument(
        "--fixed",
        dest="fixed",
        action="store_const",
        const=True,
        help="plan-day never moves it (default once confirmed)",
    )
    fixed.add_argument(
        "--flexible",
        dest="fixed",
        action="store_const",
        const=False,
        help="plan-day may move it within its window (default while proposed or approved)",
    )
    clear = '; "" clears it' if clearable else ""
    parser.add_argument(
        "--override",
        metavar="REASON",
        help="save it over blocking scheduling problems (holiday, travel, daily limit ...) as warnings; "
        "the reason is kept with the visit and in its history",
    )
    parser.add_argument(
        "--window-start", metavar="ISO", help=f"earliest start plan-day may give it (default: working hours){clear}"
    )
    parser.add_argument(
        "--window-end", metavar="ISO", help=f"latest end plan-day may give it (default: working hours){clear}"
    )


def add_public_arguments(parser: argparse.ArgumentParser, default: bool | None, clearable: bool = False) -> None:
    """Whether the public calendar may show the visit, and from when (issue 13)."""
    public = parser.add_mutually_exclusive_group()
    public.add_argument(
        "--public",
        dest="public",
        action="store_const",
        const=True,
        default=default,
        help="on the public calendar once approved and past its embargo",
    )
    public.add_argument("--not-public", "--no-public", dest="public", action="store_const", const=False)
    clear = '; "" clears it' if clearable else ""
    parser.add_argument(
        "--embargo-until",
        metavar="ISO",
        help=f"not on the public calendar before this time (default: PLANNER_PUBLIC_HOLDBACK_DAYS){clear}",
    )


def cmd_visits_list(args: argparse.Namespace, uow: UnitOfWork) -> int:
    records = [domain.visit_record(v) for v in services.list_visits(uow, query_from_args(args))]
    write_records(records, args.format, VISIT_COLUMNS)
    return 0


def cmd_visits_update(args: argparse.Namespace, uow: UnitOfWork) -> int:
    changes: dict[str, Any] = {}
    if args.title is not None:
        changes["title"] = args.title
    if args.site_id is not None:
        changes["site_id"] = services.get_site(uow, args.site_id).id
    if args.start is not None:
        changes["start"] = parse_datetime(args.start, "start")
    if args.end is not None:
        changes["end"] = parse_datetime(args.end, "end")
    if args.category is not None:
        changes["category"] = args.category
    if args.status is not None:
        changes["status"] = parse_status(args.status)
    for name in ("purpose", "attendees", "notes", "public", "important"):
        value = getattr(args, name)
        if value is not None:
            changes[name] = value
    if args.highlight_rank is not None:
        changes["highlight_rank"] = args.highlight_rank or None
    if args.fixed is not None:
        changes["fixed"] = args.fixed
    for name in ("window_start", "window_end"):
        value = getattr(args, name)
        if value is not None:  # "" clears it (back to the day's working hours)
            changes[name] = parse_datetime(value, name) if value.strip() else None
    if args.override is not None:
        changes["override_reason"] = args.override
    if args.embargo_until is not None:  # "" clears it (back to the global hold-back)
        value = args.embargo_until
        changes["embargo_until"] = parse_datetime(value, "embargo_until") if value.strip() else None
    visit = services.update_visit(uow, args.id, args.expect_version, changes)
    print(visit.version)
    return 0


HISTORY_COLUMNS = ("version", "at", "actor", "changes")


def cmd_visits_history(args: argparse.Namespace, uow: UnitOfWork) -> int:
    """Newest first: each change with the version it made, when, by whom, and each field from -> to."""
    records = [services.history_record(e) for e in services.visit_history(uow, args.id)]
    if args.format == "table":
        records = [
            {**r, "changes": "; ".join(f"{k}: {v['from']} -> {v['to']}" for k, v in r["changes"].items())}
            for r in records
        ]
    write_records(records, args.format, HISTORY_COLUMNS)
    return 0


def cmd_visits_restore(args: argparse.Namespace, uow: UnitOfWork) -> int:
    visit = services.restore_version(uow, args.id, args.expect_version, args.version)
    print(visit.version)
    return 0


# ---------------------------------------------------------------- categories

CATEGORY_COLUMNS = ("code", "label_ko", "label_en", "color", "report_group")


def cmd_categories_list(args: argparse.Namespace, uow: UnitOfWork) -> int:
    records = [
        {
            "code": c.code,
            "label_ko": c.label_ko,
            "label_en": c.label_en,
            "color": c.color,
            "report_group": c.report_group,
        }
        for c in services.list_categories(uow)
    ]
    write_records(records, args.format, CATEGORY_COLUMNS)
    return 0


def cmd_categories_add(args: argparse.Namespace, uow: UnitOfWork) -> int:
    category = services.add_category(uow, args.code, args.label_ko, args.label_en, args.color, args.report_group)
    print(category.code)
    return 0


# ---------------------------------------------------------------- parser

# argparse's own refusals (Python 3.11-3.13 wording) -> a catalogue key and its parameters.
_USAGE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), key)
    for pattern, key in (
        (r"the following arguments are required: (?P<names>.+)", "cli.usage.required"),
        (r"one of the arguments (?P<names>.+) is required", "cli.usage.one_of_required"),
        (r"unrecognized arguments: (?P<names>.+)", "cli.usage.unrecognized"),
        (
            r"argument (?P<argument>.+?): invalid choice: '?(?P<value>.*?)'? \(choose from (?P<choices>.+)\)",
            "cli.usage.invalid_choice",
        ),
        (r"argument (?P<argument>.+?): invalid (?P<kind>\w+) value: '(?P<value>.*)'", "cli.usage.invalid_value"),
        (r"argument (?P<argument>.+?): expected (?:one|at least one|\d+) argument", "cli.usage.expected_value"),
        (r"argument (?P<argument>.+?): not allowed with argument (?P<other>.+)", "cli.usage.not_allowed_with"),
        (r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)", "cli.usage.ambiguous"),
    )
)


def usage_problem(message: str, language: str) -> str:
    """argparse's ``message`` as one sentence in ``language`` (its English where not known)."""
    for pattern, key in _USAGE_PATTERNS:
        found = pattern.fullmatch(message.strip())
        if found:
            params = found.groupdict()
            if "kind" in params:
                kind_key = f"cli.kind.{params['kind']}"
                params["kind"] = t(kind_key, language) if kind_key in catalogue() else params["kind"]
            return t(key, language, **{k: printable(v) for k, v in params.items()})
    return t("cli.usage.other", language, message=printable(message.strip().rstrip(".")))


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line in the user's language naming the problem and
    the command's ``--help`` (exit 2), not a usage block. Subparsers inherit the class."""

    def error(self, message: str) -> NoReturn:
        language = lang()
        line = t(
            "cli.usage_error",
            language,
            prog=self.prog,
            problem=usage_problem(message, language),
            help=f"{self.prog} --help",
        )
        self.exit(2, " ".join(line.split()) + "\n")


def build_parser() -> argparse.ArgumentParser:
    common = Parser(add_help=False)
    common.add_argument(
        "--db",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="SQLAlchemy database URL (default: PLANNER_DATABASE_URL or data/planner.db)",
    )
    parser = Parser(
        prog="python -m planner",
        description="Seoul field-visit planner (현장방문 플래너): command line.",
        parents=[common],
        epilog="Exit codes: 0 success, 2 bad input or unknown id, 3 stale --expect-version, 4 check found a blocking problem.",
    )
    # Issue 13: before the command only (``import-ics`` has its own ``--as busy|visits``).
    parser.add_argument(
        "--as",
        dest="as_user",
        metavar="USER",
        help="act as USER (allowed to admins, and to anyone while no user is registered); default: the OS user",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("init", parents=[common], help="create the database; --sample loads the sample data")
    p.add_argument("--sample", action="store_true", help="load the 2021-2022 sample data (empty database only)")
    p.set_defaults(handler=cmd_init)

    sites = sub.add_parser("sites", parents=[common], help="registered places").add_subparsers(
        dest="sites_command", required=True, metavar="ACTION"
    )
    p = sites.add_parser("add", parents=[common], help="register a site; prints its id")
    p.add_argument("--name", required=True)
    p.add_argument("--lat", required=True, type=float)
    p.add_argument("--lon", required=True, type=float)
    p.add_argument("--address", default="")
    p.add_argument("--district", help="derived from the coordinates when not given")
    p.add_argument("--kind", default="other", help="e.g. hospital, market, public_office")
    p.add_argument("--outside-seoul", action="store_true", help="confirm a site outside Seoul (refused otherwise)")
    add_publishable_arguments(p, default=False)
    p.set_defaults(handler=cmd_sites_add)
    p = sites.add_parser("update", parents=[common], help="change a site (whether its place may be public)")
    p.add_argument("id", type=int)
    add_publishable_arguments(p, default=None)
    p.set_defaults(handler=cmd_sites_update)
    p = sites.add_parser("list", parents=[common], help="list sites")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(handler=cmd_sites_list)

    visits = sub.add_parser("visits", parents=[common], help="the visit log").add_subparsers(
        dest="visits_command", required=True, metavar="ACTION"
    )
    p = visits.add_parser("add", parents=[common], help="add a visit; prints its id")
    p.add_argument("--title", required=True)
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--site-id", type=int)
    where.add_argument("--site-name")
    p.add_argument("--start", required=True, help="ISO 8601; without an offset it is Seoul time")
    p.add_argument("--end", required=True, help="ISO 8601; must be after --start")
    p.add_argument("--category", required=True, help="category code, e.g. covid19, economy")
    p.add_argument("--status", default="proposed")
    p.add_argument("--important", action="store_true")
    add_public_arguments(p, default=False)
    p.add_argument("--purpose", default="")
    p.add_argument("--attendees", default="")
    p.add_argument("--notes", default="", help="internal notes (never published)")
    p.add_argument("--highlight-rank", type=int, help="order among the report's named visits")
    p.add_argument("--uid", help="stable identifier (default: generated)")
    add_reorder_arguments(p)
    p.set_defaults(handler=cmd_visits_add)

    p = visits.add_parser("list", parents=[common], help="list visits")
    add_filter_arguments(p)
    p.add_argument("--text", help="search title, purpose, attendees, notes and site name")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(handler=cmd_visits_list)

    p = visits.add_parser("history", parents=[common], help="a visit's changes: version, when, who, what")
    p.add_argument("id", type=int)
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(handler=cmd_visits_history)

    p = visits.add_parser(
        "restore", parents=[common], help="undo: bring back an earlier version as a new one; prints its version"
    )
    p.add_argument("id", type=int)
    p.add_argument("version", type=int, help="the earlier version to bring back (see visits history)")
    p.add_argument(
        "--expect-version",
        type=int,
        required=True,
        help="the version you last saw; exit 3 and nothing written if it changed since",
    )
    p.set_defaults(handler=cmd_visits_restore)

    p = visits.add_parser("update", parents=[common], help="change a visit; prints its new version")
    p.add_argument("id", type=int)
    p.add_argument(
        "--expect-version",
        type=int,
        required=True,
        help="the version you last saw; exit 3 and nothing written if it changed since",
    )
    p.add_argument("--title")
    p.add_argument("--site-id", type=int)
    p.add_argument("--start")
    p.add_argument("--end")
    p.add_argument("--category")
    p.add_argument("--status", help="proposed -> approved -> confirmed -> done; open -> cancelled")
    p.add_argument("--purpose")
    p.add_argument("--attendees")
    p.add_argument("--notes")
    add_public_arguments(p, default=None, clearable=True)
    p.add_argument("--important", action=argparse.BooleanOptionalAction, default=None)
    p.add_argument("--highlight-rank", type=int, help="0 clears it")
    add_reorder_arguments(p, clearable=True)
    p.set_defaults(handler=cmd_visits_update)

    cats = sub.add_parser("categories", parents=[common], help="visit categories").add_subparsers(
        dest="categories_command", required=True, metavar="ACTION"
    )
    p = cats.add_parser("list", parents=[common], help="list categories")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(handler=cmd_categories_list)
    p = cats.add_parser("add", parents=[common], help="add a category; prints its code")
    p.add_argument("--code", required=True, help="lowercase letters, digits, underscores, e.g. culture")
    p.add_argument("--label-ko", required=True)
    p.add_argument("--label-en", required=True)
    p.add_argument("--color", default="#7f7f7f", help="#RRGGBB (default grey)")
    p.add_argument(
        "--report-group",
        default="policy",
        choices=services.REPORT_GROUP_CHOICES,
        help="which line of the council report counts it (default policy)",
    )
    p.set_defaults(handler=cmd_categories_add)

    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        uow = uow_for(args)
        code = int(args.handler(args, uow))
        print_warnings(uow)
        return code
    except PlannerError as exc:
        print(" ".join(error_text(exc, lang()).split()), file=sys.stderr)
        return exc.exit_code
    except (CliError, ValueError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
