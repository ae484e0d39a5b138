"""What the planner writes for people: tables, CSV, JSON text and files.

Spreadsheet programs run a cell that starts with ``= + - @`` (or a tab or CR) as a formula, so
user text written to CSV or XLSX goes through ``safe_cell`` first; real numbers stay numbers.
Text already stored may hold control characters (an ESC clears a terminal; openpyxl refuses
them with ``IllegalCharacterError``): every writer drops them with ``printable`` first. Files
named with ``--out`` are written by ``write_atomically``: whole, or not at all.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import json
import os
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# C0 controls except TAB, LF and CR (a cell or a text may hold line breaks), DEL and the C1
# controls (U+009B is a terminal's CSI). The same set as ``calendar_ics`` drops.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Inside JSON strings ``json`` escapes C0 itself; DEL and C1 are valid JSON but raw on a terminal.
_JSON_RAW_CONTROL = re.compile("[\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` without control characters (TAB and line breaks kept)."""
    return _CONTROL.sub("", text)


def safe_cell(value: Any) -> Any:
    """A spreadsheet cell: text without control characters that cannot start a formula."""
    if isinstance(value, str):
        value = printable(value)
        if value.startswith(_FORMULA_START):
            return "'" + value
    return value


def csv_text(records: Iterable[Mapping[str, Any]], columns: Sequence[str], headers: Sequence[str] | None = None) -> str:
    """The one CSV writer: a header line, then one row per record, every cell ``safe_cell``."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in (headers or columns)])
    for record in records:
        writer.writerow([safe_cell("" if record.get(c) is None else record.get(c)) for c in columns])
    return buf.getvalue()


def csv_bytes(
    records: Iterable[Mapping[str, Any]], columns: Sequence[str], headers: Sequence[str] | None = None
) -> bytes:
    """``csv_text`` as UTF-8 with BOM (so Excel reads Korean): for files and downloads."""
    return csv_text(records, columns, headers).encode("utf-8-sig")


def json_text(value: Any) -> str:
    """Indented JSON, Korean kept readable; control characters escaped, so nothing is lost."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return _JSON_RAW_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: Korean (wide) characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def write_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    The previous file stays whole until the new one is complete (a full disk, a killed process),
    and the temporary file never outlives a failure. Raises ``OSError`` as the write did. A
    symlink keeps pointing at the new file; a device or pipe is written directly.
    """
    target = Path(os.path.realpath(path))  # through a symlink: replace the file, keep the link
    if target.exists() and not target.is_file():
        if target.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        with target.open("wb") as fh:  # a device or a pipe (/dev/stdout): never replace it with a file
            fh.write(data)
        return
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode_for(target))  # mkstemp makes 0600; keep what a plain write would give
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
