"""Backup and restore: the whole database as a portable archive (issue 13, item 5).

An archive is a zip of one JSON file per table (``tables/<name>.json``: its columns and its rows in
primary-key order, date-times as naive UTC ISO text) and ``manifest.json``: the format, the schema
revision the rows belong to, rows and sha256 per table file, and one sha256 over all the table
files in name order. It is generic over ``planner.db.metadata``: a table added later is in the next
backup without a change here. The same content gives the same table files on SQLite and
PostgreSQL, so an archive moves an office from one to the other.

A backup is read in one snapshot (a consistent copy while others write). A restore checks the
whole archive before touching the database, then replaces everything in one transaction: a bad
archive is refused with nothing changed.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from planner import accounts, db
from planner.domain import ValidationError
from planner.uow import UnitOfWork

FORMAT = "seoul-visit-planner-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
# What ``init`` writes by itself: a database holding nothing else counts as empty (the audit trail of
# changes to those tables, e.g. a category added, does not make it hold content either).
REFERENCE_TABLES = frozenset({"districts", "categories", "meta", "audit"})
# A fixed time in the zip entries, so the same content makes the same bytes.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class TableData:
    columns: list[str]
    rows: list[list[Any]]


@dataclass(frozen=True)
class Archive:
    """A checked archive: the schema revision and each table's rows."""

    revision: str
    tables: dict[str, TableData]
    created_at: str = ""

    @property
    def row_count(self) -> int:
        return sum(len(t.rows) for t in self.tables.values())


# ---------------------------------------------------------------- writing


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"no archive form for {type(value).__name__}")


def table_file(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    """One table as the archive stores it: JSON, one row per line (readable, diffable)."""
    lines = [json.dumps([_json_value(v) for v in row], ensure_ascii=False) for row in rows]
    body = ",\n".join(lines)
    head = json.dumps(list(columns), ensure_ascii=False)
    return (
        f'{{"columns": {head},\n"rows": [\n{body}\n]}}\n'.encode()
        if lines
        else f'{{"columns": {head},\n"rows": []}}\n'.encode()
    )


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _whole_checksum(files: dict[str, bytes]) -> str:
    """sha256 of the table files' bytes one after another, in file-name order."""
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(files[name])
    return digest.hexdigest()


def make_archive(uow: UnitOfWork) -> bytes:
    """The archive of everything in the database, read in one snapshot."""
    with uow.transaction() as conn:
        db.read_snapshot(conn)
        revision = db.schema_revision(conn) or ""
        tables = {t.name: db.table_rows(conn, t) for t in db.metadata.sorted_tables}
        created_at = uow.now.isoformat()
        backend = conn.dialect.name
    files = {f"tables/{name}.json": table_file(cols, rows) for name, (cols, rows) in sorted(tables.items())}
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_revision": revision,
        "created_at": created_at,
        "source": backend,
        "tables": {
            name: {"file": f"tables/{name}.json", "rows": len(rows), "sha256": _sha256(files[f"tables/{name}.json"])}
            for name, (_, rows) in sorted(tables.items())
        },
        "sha256": _whole_checksum(files),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        entries = {MANIFEST: (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode(), **files}
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=_ZIP_TIME), data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


# ---------------------------------------------------------------- reading


def _bad(reason: str) -> ValidationError:
    return ValidationError("error.backup_unreadable", reason=reason)


def read_archive(data: bytes) -> Archive:
    """Check everything in ``data`` (zip, manifest, every file and checksum, the revision) and
    return its content; any fault is refused with ``ValidationError`` before a database is touched."""
    from planner import migrations  # Alembic loads only for the commands that need it

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        if MANIFEST not in names:
            raise ValidationError("error.backup_missing_file", file=MANIFEST)
        manifest = json.loads(archive.read(MANIFEST).decode("utf-8"))
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise _bad(f"{MANIFEST} is not a planner backup manifest")
        if manifest.get("format_version") != FORMAT_VERSION:
            raise _bad(f"format version {manifest.get('format_version')!r} (this planner reads {FORMAT_VERSION})")
        revision = manifest.get("schema_revision")
        if not isinstance(revision, str) or not revision:
            raise _bad(f"{MANIFEST} names no schema revision")
        if not migrations.known(revision):
            raise ValidationError("error.backup_newer", revision=revision, head=migrations.head())
        listed = manifest.get("tables")
        if not isinstance(listed, dict) or not listed:
            raise _bad(f"{MANIFEST} lists no tables")
        files: dict[str, bytes] = {}
        tables: dict[str, TableData] = {}
        for name, entry in sorted(listed.items()):
            if not isinstance(entry, dict):
                raise _bad(f"{MANIFEST}: table {name}")
            file = entry.get("file")
            if not isinstance(file, str) or file not in names:
                raise ValidationError("error.backup_missing_file", file=file or f"tables/{name}.json")
            content = archive.read(file)
            if _sha256(content) != entry.get("sha256"):
                raise ValidationError("error.backup_checksum", file=file)
            files[file] = content
            tables[name] = _table(file, content, entry.get("rows"))
        if _whole_checksum(files) != manifest.get("sha256"):
            raise ValidationError("error.backup_checksum", file=MANIFEST)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        raise _bad(str(exc) or type(exc).__name__) from None
    except UnicodeDecodeError:
        raise _bad("not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise _bad(f"{MANIFEST}: {exc}") from None
    return Archive(revision=revision, tables=tables, created_at=str(manifest.get("created_at", "")))


def _table(file: str, content: bytes, count: Any) -> TableData:
    try:
        parsed = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError("error.backup_bad_table", file=file, reason=str(exc)) from None
    columns = parsed.get("columns") if isinstance(parsed, dict) else None
    rows = parsed.get("rows") if isinstance(parsed, dict) else None
    if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns) or not isinstance(rows, list):
        raise ValidationError("error.backup_bad_table", file=file, reason="no columns or rows")
    for row in rows:
        if not isinstance(row, list) or len(row) != len(columns):
            raise ValidationError("error.backup_bad_table", file=file, reason="a row does not fit the columns")
    if count != len(rows):
        raise ValidationError(
            "error.backup_bad_table", file=file, reason=f"{len(rows)} rows, the manifest says {count}"
        )
    return TableData(columns=columns, rows=rows)


# ---------------------------------------------------------------- restoring


def restore(uow: UnitOfWork, archive: Archive, force: bool = False) -> None:
    """Replace the database's content by ``archive``'s, in one transaction. Refused on a database
    holding more than what ``init`` writes unless ``force`` (which replaces all of it)."""
    with uow.transaction(write=True) as conn:
        accounts.require(uow, "backup.restore")
        if not force:
            counts = {name: n for name, n in db.row_counts(conn).items() if n and name not in REFERENCE_TABLES}
            if counts:
                raise ValidationError(
                    "error.backup_not_empty", counts=", ".join(f"{name} {n}" for name, n in sorted(counts.items()))
                )
        db.replace_content(conn, archive.revision, {n: (t.columns, t.rows) for n, t in archive.tables.items()})
        uow.commit()
