"""The yearly council report of field visits, in the shape of the office's own report.

Per report group (``Category.report_group``: covid19, policy, district_coop) and year: how many
visits happened and the highlighted ones as ``place(M.D)`` in the order staff chose, followed by
"등" when more visits happened than are named; and per group a line such as "′21년 14회, ′22년 7회".

Counting rule (``planner.rules.counts_as_held``, shared with the home page): a visit counts
when the log records that it happened, i.e. its status is ``done``. Proposed, approved and
cancelled visits never count. A ``confirmed`` visit that has already ended is not counted either
(the log does not say it took place), but the report lists such visits (``Report.unclosed_ids``)
so staff can close them before sending the report; this keeps a report for past years the same
whenever it is run. A visit belongs to the year of its start in Seoul time. Highlights are the
counted visits with a ``highlight_rank``, ordered by rank, then the later date first, then id (so
equal ranks still give a stable order); staff choose them with ``save_highlights``, which changes
each visit through ``services.change_visit`` like any other edit (history, undo, versions).

Writers: plain text, JSON, CSV (``utf-8-sig``) and XLSX (openpyxl), plus a print-ready HTML page.
Every cell that comes from user text goes through ``tabular.safe_cell`` so that it can never
become a spreadsheet formula; every writer drops control characters already stored
(``tabular.printable``), which openpyxl refuses and terminals obey.
"""

from __future__ import annotations

import html
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from planner import services
from planner.domain import (
    REPORT_GROUPS,
    YEAR_MAX,
    YEAR_MIN,
    NotFound,
    Status,
    ValidationError,
    Visit,
    VisitQuery,
    to_seoul,
)
from planner.i18n import t
from planner.rules import counts_as_held
from planner.tabular import csv_bytes, display_width, json_text, pad, printable, safe_cell
from planner.uow import UnitOfWork

PRIME = "\u2032"  # ′ as in "′21년": the source writes a prime, not an apostrophe
MIN_YEAR, MAX_YEAR = YEAR_MIN, YEAR_MAX  # the planner's supported years (planner.domain)
KOREAN_FONT = "맑은 고딕"


# ---------------------------------------------------------------- counting rules


def is_unclosed(visit: Visit, now: datetime) -> bool:
    """Confirmed, already over, but not marked done: not counted until someone closes it."""
    return visit.status == Status.CONFIRMED and visit.end <= to_seoul(now)


def report_year(visit: Visit) -> int:
    return to_seoul(visit.start).year


def highlight_text(visit: Visit) -> str:
    """``혜민병원(12.27)``: the site's name and the Seoul month and day, without leading zeros."""
    start = to_seoul(visit.start)
    return f"{printable(visit.site_name)}({start.month}.{start.day})"


def highlight_order(visits: Iterable[Visit]) -> list[Visit]:
    """Highlighted visits (those with a rank) in report order: rank, later date first, id."""
    ranked = [v for v in visits if v.highlight_rank is not None]
    return sorted(ranked, key=lambda v: (v.highlight_rank, -to_seoul(v.start).timestamp(), v.id or 0))


# ---------------------------------------------------------------- the report


@dataclass(frozen=True)
class ReportRow:
    group: str
    label: str
    year: int
    count: int
    highlights: tuple[str, ...]
    highlight_ids: tuple[int, ...]
    more: bool  # more visits than named: the cell ends with "등"

    def record(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "label": self.label,
            "year": self.year,
            "count": self.count,
            "highlights": list(self.highlights),
            "more": self.more,
        }


@dataclass(frozen=True)
class Report:
    years: tuple[int, ...]
    rows: tuple[ReportRow, ...]
    lang: str
    as_of: datetime
    # Confirmed visits in the report's years that have ended but are not marked done (not counted).
    unclosed_ids: tuple[int, ...] = ()

    def rows_of(self, group: str) -> list[ReportRow]:
        return [r for r in self.rows if r.group == group]

    @property
    def groups(self) -> list[str]:
        return [g for g in REPORT_GROUPS if self.rows_of(g)]


def check_years(years: Iterable[int]) -> tuple[int, ...]:
    chosen = tuple(sorted({int(y) for y in years}))
    if not chosen:
        raise ValidationError("error.report_no_year", field="year")
    for y in chosen:
        if not MIN_YEAR <= y <= MAX_YEAR:
            raise ValidationError("error.report_bad_year", field="year", value=y, min=MIN_YEAR, max=MAX_YEAR)
    return chosen


def group_label(group: str, lang: str) -> str:
    return t(f"report.group.{group}", lang)


def _visits_in(uow: UnitOfWork, years: tuple[int, ...]) -> tuple[dict[str, str], list[Visit]]:
    """The report group of each category, and the visits that start in ``years`` (Seoul)."""
    with uow.transaction():
        groups = {c.code: c.report_group for c in services.list_categories(uow)}
        visits = services.list_visits(uow, VisitQuery(date_from=date(years[0], 1, 1), date_to=date(years[-1], 12, 31)))
    return groups, [v for v in visits if report_year(v) in years]


def _counted(
    groups: Mapping[str, str], visits: Iterable[Visit], years: tuple[int, ...]
) -> dict[tuple[str, int], list[Visit]]:
    found: dict[tuple[str, int], list[Visit]] = {(g, y): [] for g in REPORT_GROUPS for y in years}
    for v in visits:
        key = (groups.get(v.category, ""), report_year(v))
        if key in found and counts_as_held(v):
            found[key].append(v)
    return found


def held_years(uow: UnitOfWork) -> list[int]:
    """The years that have at least one visit the report counts (rules.counts_as_held), oldest first."""
    done = services.list_visits(uow, VisitQuery(statuses=(Status.DONE,)))
    return sorted({report_year(v) for v in done if counts_as_held(v)})


def counted_visits(uow: UnitOfWork, years: Iterable[int]) -> dict[tuple[str, int], list[Visit]]:
    """Counted visits per (report group, year), oldest first."""
    chosen = check_years(years)
    return _counted(*_visits_in(uow, chosen), chosen)


def build_report(uow: UnitOfWork, years: Iterable[int], lang: str = "ko") -> Report:
    """The report for ``years`` as of ``uow.now`` (the as-of date, and which visits are unclosed)."""
    chosen = check_years(years)
    with uow.transaction():
        now = uow.now
        groups, visits = _visits_in(uow, chosen)
    per_key = _counted(groups, visits, chosen)
    rows = []
    for group in REPORT_GROUPS:
        for year in chosen:
            counted = per_key[(group, year)]
            named = highlight_order(counted)
            rows.append(
                ReportRow(
                    group=group,
                    label=group_label(group, lang),
                    year=year,
                    count=len(counted),
                    highlights=tuple(highlight_text(v) for v in named),
                    highlight_ids=tuple(v.id or 0 for v in named),
                    more=len(counted) > len(named),
                )
            )
    unclosed = tuple(v.id or 0 for v in visits if is_unclosed(v, now))
    return Report(chosen, tuple(rows), lang, now, unclosed)


# ---------------------------------------------------------------- the report's wording


def year_cell(year: int, lang: str) -> str:
    return t("report.year_cell", lang, year=year)


def count_cell(count: int, lang: str) -> str:
    return t("report.count_cell", lang, count=count)


def highlights_cell(row: ReportRow, lang: str) -> str:
    """The 주요 내용 cell: named visits, then "등" when more happened; empty when none is named."""
    text = ", ".join(row.highlights)
    if text and row.more:
        text = f"{text} {t('report.etc', lang)}"
    return text


def group_line(rows: Sequence[ReportRow], lang: str = "ko") -> str:
    """``′21년 14회, ′22년 7회``: the per-group line; years without visits are left out."""
    shown = [r for r in rows if r.count] or list(rows)
    return ", ".join(
        t("report.line_part", lang, yy=f"{PRIME}{r.year % 100:02d}" if lang == "ko" else str(r.year), count=r.count)
        for r in shown
    )


# ---------------------------------------------------------------- writers


def to_json(report: Report) -> str:
    payload = {
        "rows": [r.record() for r in report.rows],
        "lines": [
            {"group": g, "label": group_label(g, report.lang), "text": group_line(report.rows_of(g), report.lang)}
            for g in report.groups
        ],
        "as_of": report.as_of.isoformat(),
    }
    return json_text(payload)


def to_text(report: Report) -> str:
    lang = report.lang
    heads = [t("report.col_period", lang), t("report.col_count", lang), t("report.col_highlights", lang)]
    out: list[str] = []
    for group in report.groups:
        rows = report.rows_of(group)
        out.append(f"{group_label(group, lang)} ({group_line(rows, lang)})")
        cells = [
            [year_cell(r.year, lang), count_cell(r.count, lang), _one_line(highlights_cell(r, lang))] for r in rows
        ]
        widths = [max([display_width(h)] + [display_width(c[i]) for c in cells]) for i, h in enumerate(heads)]
        out.append(" | ".join(pad(h, w) for h, w in zip(heads, widths, strict=True)).rstrip())
        out.append("-+-".join("-" * w for w in widths))
        for c in cells:
            out.append(" | ".join(pad(v, w) for v, w in zip(c, widths, strict=True)).rstrip())
        out.append("")
    return "\n".join(out)


def _one_line(text: str) -> str:
    return " ".join(printable(text).split())


CSV_COLUMNS = ("group", "label", "year", "count", "highlights")


def _csv_records(report: Report) -> list[dict[str, Any]]:
    return [
        {
            "group": r.group,
            "label": r.label,
            "year": r.year,
            "count": r.count,
            "highlights": highlights_cell(r, report.lang),
        }
        for r in report.rows
    ]


def to_csv(report: Report) -> bytes:
    lang = report.lang
    headers = [t(f"report.csv.{c}", lang) for c in CSV_COLUMNS]
    return csv_bytes(_csv_records(report), CSV_COLUMNS, headers)


DETAIL_COLUMNS = ("id", "group", "year", "date", "category", "site_name", "district", "title", "status", "rank")


def detail_records(uow: UnitOfWork, report: Report) -> list[dict[str, Any]]:
    """The counted visits behind the report, one row each (for the detail sheet and CSV)."""
    lang = report.lang
    with uow.transaction():
        per_key = counted_visits(uow, report.years)
        labels = {c.code: c.label(lang) for c in services.list_categories(uow)}
    records = []
    for group in REPORT_GROUPS:
        for year in report.years:
            for v in per_key[(group, year)]:
                records.append(
                    {
                        "id": v.id,
                        "group": group_label(group, lang),
                        "year": year,
                        "date": to_seoul(v.start).date().isoformat(),
                        "category": labels.get(v.category, v.category),
                        "site_name": v.site_name,
                        "district": v.district,
                        "title": v.title,
                        "status": t(f"status.{v.status.value}", lang),
                        "rank": v.highlight_rank,
                    }
                )
    return records


def detail_csv(uow: UnitOfWork, report: Report) -> bytes:
    headers = [t(f"report.detail.{c}", report.lang) for c in DETAIL_COLUMNS]
    return csv_bytes(detail_records(uow, report), DETAIL_COLUMNS, headers)


def to_xlsx(report: Report, details: Sequence[Mapping[str, Any]] = ()) -> bytes:
    """The report table formatted like the office's (Korean font, borders, widths) and, when
    ``details`` are given, a second sheet listing the counted visits."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    lang = report.lang
    wb = Workbook()
    ws = wb.active
    ws.title = t("report.sheet", lang)
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    font = Font(name=KOREAN_FONT, size=10)
    bold = Font(name=KOREAN_FONT, size=10, bold=True)
    head_fill = PatternFill("solid", fgColor="D9E1F2")
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrap = Alignment(vertical="center", wrap_text=True)

    def put(row: int, col: int, value: Any, style: Font = font, align: Alignment | None = None) -> Any:
        cell = ws.cell(row=row, column=col, value=safe_cell(value))
        cell.font = style
        if align is not None:
            cell.alignment = align
        return cell

    put(
        1,
        1,
        t("report.title", lang, years=", ".join(str(y) for y in report.years)),
        Font(name=KOREAN_FONT, size=14, bold=True),
    )
    put(2, 1, t("report.as_of", lang, date=report.as_of.date().isoformat()))
    heads = [
        t("report.csv.label", lang),
        t("report.col_period", lang),
        t("report.col_count", lang),
        t("report.col_highlights", lang),
    ]
    row = 4
    for col, head in enumerate(heads, start=1):
        c = put(row, col, head, bold, center)
        c.fill = head_fill
        c.border = border
    for r in report.rows:
        row += 1
        values = [r.label, year_cell(r.year, lang), r.count, highlights_cell(r, lang)]
        for col, value in enumerate(values, start=1):
            c = put(row, col, value, font, center if col in (2, 3) else wrap)
            c.border = border
        ws.cell(row=row, column=3).number_format = '0"회"' if lang == "ko" else "0"
    row += 2
    for group in report.groups:
        put(row, 1, group_label(group, lang), bold)
        put(row, 2, f"({group_line(report.rows_of(group), lang)})")
        row += 1
    for letter, width in zip("ABCD", (28, 12, 10, 80), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A5"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "4:4"

    if details:
        ds = wb.create_sheet(t("report.detail_sheet", lang))
        for col, name in enumerate(DETAIL_COLUMNS, start=1):
            c = ds.cell(row=1, column=col, value=t(f"report.detail.{name}", lang))
            c.font, c.fill, c.border, c.alignment = bold, head_fill, border, center
        for i, record in enumerate(details, start=2):
            for col, name in enumerate(DETAIL_COLUMNS, start=1):
                c = ds.cell(row=i, column=col, value=safe_cell(record.get(name)))
                c.font = font
        for letter, width in zip("ABCDEFGHIJ", (7, 28, 7, 12, 16, 28, 10, 50, 8, 8), strict=True):
            ds.column_dimensions[letter].width = width
        ds.freeze_panes = "A2"
        ds.auto_filter.ref = f"A1:J{max(1, len(details) + 1)}"

    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def to_html(report: Report) -> str:
    """A print-ready page (A4 landscape): the report tables and lines, all text escaped."""
    lang = report.lang

    def e(text: str) -> str:
        return html.escape(printable(text))

    parts = [
        "<!doctype html>",
        f'<html lang="{e(lang)}"><head><meta charset="utf-8">',
        f"<title>{e(t('report.title', lang, years=', '.join(map(str, report.years))))}</title>",
        "<style>@page{size:A4 landscape;margin:15mm}"
        "body{font-family:'Malgun Gothic','맑은 고딕','NanumGothic',sans-serif;font-size:11pt}"
        "table{border-collapse:collapse;width:100%;margin:4pt 0 14pt}"
        "th,td{border:1px solid #555;padding:4pt 6pt;vertical-align:middle}"
        "th{background:#d9e1f2}td.c{text-align:center;white-space:nowrap}"
        "h1{font-size:15pt}h2{font-size:12pt;margin-bottom:2pt}</style></head><body>",
        f"<h1>{e(t('report.title', lang, years=', '.join(map(str, report.years))))}</h1>",
        f"<p>{e(t('report.as_of', lang, date=report.as_of.date().isoformat()))}</p>",
    ]
    for group in report.groups:
        rows = report.rows_of(group)
        parts.append(f"<h2>{e(group_label(group, lang))} ({e(group_line(rows, lang))})</h2>")
        parts.append(
            "<table><tr>"
            f"<th>{e(t('report.col_period', lang))}</th><th>{e(t('report.col_count', lang))}</th>"
            f"<th>{e(t('report.col_highlights', lang))}</th></tr>"
        )
        for r in rows:
            parts.append(
                f'<tr><td class="c">{e(year_cell(r.year, lang))}</td><td class="c">{e(count_cell(r.count, lang))}</td>'
                f"<td>{e(highlights_cell(r, lang))}</td></tr>"
            )
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)


# ---------------------------------------------------------------- choosing highlights


@dataclass(frozen=True)
class HighlightChange:
    visit_id: int
    seen_version: int  # the version the user saw; a different stored version refuses the save
    rank: int | None


def highlight_changes(candidates: Sequence[Visit], chosen_ids: Sequence[int]) -> list[HighlightChange]:
    """Ranks 1..n for ``chosen_ids`` in their order; other ranked candidates lose their rank.

    Only visits whose rank actually changes are listed.
    """
    by_id = {v.id: v for v in candidates}
    unknown = [i for i in chosen_ids if i not in by_id]
    if unknown:
        raise NotFound("error.visit_not_found", id=unknown[0])
    if len(chosen_ids) > 99:
        raise ValidationError("error.bad_rank", field="highlight_rank")
    wanted: dict[int, int | None] = {i: n for n, i in enumerate(dict.fromkeys(chosen_ids), start=1)}
    changes = []
    for v in candidates:
        rank = wanted.get(v.id or 0)
        if rank != v.highlight_rank:
            changes.append(HighlightChange(v.id or 0, v.version, rank))
    return changes


def save_highlights(uow: UnitOfWork, changes: Sequence[HighlightChange]) -> int:
    """Apply rank changes in one unit of work, each through the change path of visits
    (``services.change_visit``: version check, rules, history, so a change can be undone) and
    only if its visit is still at the version the user saw; otherwise ``StaleVersion`` and
    nothing is written. Returns the number of visits changed."""
    written = 0
    with uow.transaction(write=True):
        for change in changes:
            current = services.get_visit(uow, change.visit_id)
            updated = services.change_visit(uow, current, {"highlight_rank": change.rank}, change.seen_version)
            if updated.version != current.version:
                written += 1
        uow.commit()
    return written
