"""Commands ``db upgrade|current|revision``, ``backup`` and ``restore`` (issue 13, items 4 and 5).

These commands set the database up themselves (``setup=False``): ``db current`` says where a
database stands without upgrading it, and ``restore`` checks the whole archive before it opens,
makes or changes anything.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from planner import backup, services
from planner.cli.output import write_output
from planner.domain import ValidationError
from planner.i18n import t
from planner.uow import UnitOfWork


def _lang() -> str:
    from planner.cli import lang

    return lang()


def cmd_db_current(args: argparse.Namespace, uow: UnitOfWork) -> int:
    print(services.schema_revision(uow) or "none")
    return 0


def cmd_db_upgrade(args: argparse.Namespace, uow: UnitOfWork) -> int:
    before = services.schema_revision(uow) or "none"
    services.init_database(uow.engine)
    print(t("cli.db_upgraded", _lang(), revision=services.schema_revision(uow), before=before))
    return 0


def cmd_db_revision(args: argparse.Namespace, uow: UnitOfWork) -> int:
    print(t("cli.db_revision_written", _lang(), path=services.draft_migration(args.message)))
    return 0


def cmd_backup(args: argparse.Namespace, uow: UnitOfWork) -> int:
    services.init_database(uow.engine)
    data = backup.make_archive(uow)
    write_output(args.out, data)
    archive = backup.read_archive(data)  # the summary from what was written, checked like a restore
    line = t(
        "cli.backup_written",
        _lang(),
        path=args.out,
        tables=len(archive.tables),
        rows=archive.row_count,
        revision=archive.revision,
    )
    if args.out == "-":
        import sys

        print(line, file=sys.stderr)
    else:
        print(line)
    return 0


def cmd_restore(args: argparse.Namespace, uow: UnitOfWork) -> int:
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise ValidationError(
            "error.backup_cannot_read", path=args.file, reason=exc.strerror or type(exc).__name__
        ) from None
    archive = backup.read_archive(data)  # everything checked before the database is touched
    services.init_database(uow.engine, create=True)
    backup.restore(uow, archive, force=args.force)
    print(
        t(
            "cli.restored",
            _lang(),
            path=args.file,
            tables=len(archive.tables),
            rows=archive.row_count,
            revision=archive.revision,
            head=services.schema_revision(uow),
        )
    )
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    dbp = sub.add_parser("db", parents=[common], help="the database schema: upgrade, current revision")
    actions = dbp.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    p = actions.add_parser(
        "upgrade", parents=[common], help="bring the database to the current schema (the app does it at start too)"
    )
    p.set_defaults(handler=cmd_db_upgrade, setup=False)
    p = actions.add_parser(
        "current", parents=[common], help='print the schema revision the database stands at ("none" before migrations)'
    )
    p.set_defaults(handler=cmd_db_current, setup=False)
    p = actions.add_parser(
        "revision",
        parents=[common],
        help="developers: write a draft migration for what planner/db.py has that the last revision lacks",
    )
    p.add_argument("-m", "--message", required=True, help="what the revision changes, e.g. 'users and roles'")
    p.set_defaults(handler=cmd_db_revision, setup=False)

    p = sub.add_parser(
        "backup",
        parents=[common],
        help="write the whole database to a zip archive (JSON per table, manifest with checksums)",
    )
    p.add_argument("--out", required=True, metavar="FILE", help='the archive to write ("-": standard output)')
    p.set_defaults(handler=cmd_backup, setup=False)

    p = sub.add_parser(
        "restore",
        parents=[common],
        help="load a backup archive into an empty database (a missing SQLite file is created)",
        description="Load a backup archive made by `backup` into an empty database. The whole archive is "
        "checked first; a bad one is refused and nothing changes. A database holding more than what "
        "`init` writes (districts, default categories) is refused unless --force.",
    )
    p.add_argument("file", metavar="FILE", help="the archive written by `backup --out`")
    p.add_argument(
        "--force",
        action="store_true",
        help="restore into a database that is not empty: ALL its content (visits, sites, history, "
        "everything) is deleted and replaced by the archive's",
    )
    p.set_defaults(handler=cmd_restore, setup=False)
