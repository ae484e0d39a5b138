"""What the command line writes: tables, CSV and JSON on standard output, and ``--out`` files.

One writer per format for every command: CSV through ``planner.tabular.csv_text`` (formula-safe,
control characters dropped), JSON through ``planner.tabular.json_text``, files whole or not at all
(``planner.tabular.write_atomically``).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from planner.domain import ValidationError
from planner.tabular import csv_text, display_width, json_text, pad, printable, write_atomically


def write_records(records: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str]) -> None:
    """``records`` on standard output as a table, CSV (``tabular.csv_text``) or JSON."""
    out = sys.stdout
    if fmt == "json":
        out.write(json_text(list(records)))
    elif fmt == "csv":
        out.write(csv_text(records, list(records[0].keys()) if records else list(columns)))
    else:
        rows = [[_cell(r.get(c)) for c in columns] for r in records]
        widths = [max([display_width(c)] + [display_width(row[i]) for row in rows]) for i, c in enumerate(columns)]
        out.write("  ".join(pad(c, w) for c, w in zip(columns, widths, strict=False)).rstrip() + "\n")
        for row in rows:
            out.write("  ".join(pad(v, w) for v, w in zip(row, widths, strict=False)).rstrip() + "\n")


def write_output(out: str | None, data: bytes) -> None:
    """``data`` to the file ``out`` (whole or not at all: ``tabular.write_atomically``), or to
    standard output when ``out`` is empty or ``-``. Every ``--out`` goes through here."""
    if not out or out == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        write_atomically(out, data)
    except OSError as exc:
        raise ValidationError(
            "error.cannot_write_file", field="out", path=out, reason=exc.strerror or type(exc).__name__
        ) from None


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "y" if value else ""
    return printable(str(value)).replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("\t", " ")
