"""Tables for people: CSV bytes that Excel opens correctly and cells that can never be formulas.

Spreadsheet programs run a cell that starts with ``= + - @`` (or a tab or CR) as a formula, so
user text written to CSV or XLSX goes through ``safe_cell`` first; real numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_bytes(
    records: Iterable[Mapping[str, Any]], columns: Sequence[str], headers: Sequence[str] | None = None
) -> bytes:
    """UTF-8 with BOM (so Excel reads Korean), every text cell formula-safe."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(list(headers or columns))
    for record in records:
        writer.writerow([safe_cell("" if record.get(c) is None else record.get(c)) for c in columns])
    return buf.getvalue().encode("utf-8-sig")


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: Korean (wide) characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))
