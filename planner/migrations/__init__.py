"""Schema migrations (Alembic), run from inside the package: no ``alembic.ini`` at run time.

The scripts live next to this file (``env.py``, ``versions/``), found through the package's own
path, so an installed wheel and any working directory behave alike. ``planner.db`` calls
``upgrade`` inside its own write transaction, under the schema lock, so six processes starting at
once queue instead of racing; ``current`` reads the revision a database stands at.

Revision ``0001`` is the schema as it stood when migrations came (commit 1f1b1dc); it also brings
any database made before then to that schema without touching its rows. Adding a revision is
described in the README ("Adding a migration"): ``python -m planner db revision -m "what changes"``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

HERE = Path(__file__).resolve().parent


def config(connection: Connection | None = None) -> Config:
    """Alembic's configuration, made in code: the scripts beside this file, revision files named
    ``NNNN_what_changes.py``; ``connection`` is the one the migrations run in (env.py uses it)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    cfg.attributes["connection"] = connection
    return cfg


@cache
def scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(config())


def head() -> str:
    """The newest revision this code knows."""
    revision = scripts().get_current_head()
    assert revision is not None
    return revision


def known(revision: str) -> bool:
    """Whether this code knows ``revision`` (an archive or a database of a newer planner is not)."""
    return any(script.revision == revision for script in scripts().walk_revisions())


def current(conn: Connection) -> str | None:
    """The revision the database of ``conn`` stands at; None before migrations (or when new)."""
    return MigrationContext.configure(conn).get_current_revision()


def upgrade(conn: Connection, target: str = "head") -> None:
    """Run the migrations up to ``target`` in ``conn``'s transaction (the caller holds the lock)."""
    command.upgrade(config(conn), target)


def next_revision_id() -> str:
    """``0002`` after ``0001``: revisions are numbered in the order they were written."""
    numbers = [int(s.revision) for s in scripts().walk_revisions() if s.revision.isdigit()]
    return f"{max(numbers, default=0) + 1:04d}"


def make_revision(conn: Connection, message: str) -> str:
    """Write a new revision file comparing ``db.metadata`` with the database of ``conn`` (at head):
    the operations Alembic finds are a draft to read and correct. Returns the file's path."""
    script = command.revision(config(conn), message=message, autogenerate=True, rev_id=next_revision_id())
    scripts.cache_clear()
    if isinstance(script, list):
        script = script[0]
    assert script is not None
    return str(script.path)
