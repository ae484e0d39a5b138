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

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import Connection

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

HERE = Path(__file__).resolve().parent
_REVISION = re.compile(r"^revision(?:\s*:[^=]*)?=\s*[\"']([^\"']+)[\"']", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision(?:\s*:[^=]*)?=\s*(?:[\"']([^\"']+)[\"']|None)", re.MULTILINE)


def config(connection: Connection | None = None) -> Config:
    """Alembic's configuration, made in code: the scripts beside this file, revision files named
    ``NNNN_what_changes.py``; ``connection`` is the one the migrations run in (env.py uses it)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    cfg.attributes["connection"] = connection
    return cfg


@cache
def scripts() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(config())


@cache
def head() -> str:
    """The newest revision this code knows. Read from the revision files' ``revision`` and
    ``down_revision`` lines, without loading Alembic: every start asks for it, and a database at head
    needs nothing more (a test checks it agrees with Alembic's own head)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (HERE / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        found = _REVISION.search(text)
        if found is None:
            continue
        revisions.add(found[1])
        down = _DOWN_REVISION.search(text)
        if down is not None and down[1]:
            parents.add(down[1])
    heads = revisions - parents
    if len(heads) == 1:
        return heads.pop()
    revision = scripts().get_current_head()  # several heads: Alembic says which (or why not)
    assert revision is not None
    return revision


def known(revision: str) -> bool:
    """Whether this code knows ``revision`` (an archive or a database of a newer planner is not)."""
    return any(script.revision == revision for script in scripts().walk_revisions())


def current(conn: Connection) -> str | None:
    """The revision the database of ``conn`` stands at; None before migrations (or when new)."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def upgrade(conn: Connection, target: str = "head") -> None:
    """Run the migrations up to ``target`` in ``conn``'s transaction (the caller holds the lock)."""
    from alembic import command

    command.upgrade(config(conn), target)


def next_revision_id() -> str:
    """``0002`` after ``0001``: revisions are numbered in the order they were written."""
    numbers = [int(s.revision) for s in scripts().walk_revisions() if s.revision.isdigit()]
    return f"{max(numbers, default=0) + 1:04d}"


def make_revision(conn: Connection, message: str) -> str:
    """Write a new revision file comparing ``db.metadata`` with the database of ``conn`` (at head):
    the operations Alembic finds are a draft to read and correct. Returns the file's path."""
    from alembic import command

    script = command.revision(config(conn), message=message, autogenerate=True, rev_id=next_revision_id())
    scripts.cache_clear()
    head.cache_clear()
    if isinstance(script, list):
        script = script[0]
    assert script is not None
    return str(script.path)
