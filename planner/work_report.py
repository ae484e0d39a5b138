"""The work report's sections 2 and 3 (시의회 정책소통, 민생 중심의 현장방문), written from the records (issue 14).

``build_work_report(uow, years, lang)`` counts, per year:
- section 2: the council meetings by kind of engagement (현안설명회, 간담회, 개별 면담: ``engagements.held_by_kind``)
  and the line of 시정질문·5분 자유발언 results from the ledger ("시의원 N명, N건 처리");
- section 3: the COVID-19 table and the policy line of the council report (``reports.build_report``: the same
  counting rule and highlights), and district cooperation as two practices, 구청장협의회 and 시장-구청장 면담, by
  kind of engagement.

Every figure is a ``Figure`` that knows the records it counts (visit ids, or ledger item ids): the page links
each figure to them, and the files footnote them. A line is a tuple of ``Segment``s so that each writer (text,
Word via python-docx, XLSX via openpyxl, HTML) puts the footnote where the figure is.

The ledger belongs to ``planner.ledger`` (``summary(uow, start, end) -> LedgerSummary(councillors, items, ...)``).
It is reached through one seam, ``ledger_source()``: a report built where that module is absent has no ledger
line (``WorkReport.ledger is None``) and says so. Tests pass their own source.
"""

from __future__ import annotations

import html
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol, cast

from planner import engagements, reports, services
from planner.domain import Visit, to_seoul
from planner.i18n import t
from planner.tabular import display_width, pad, printable, safe_cell
from planner.uow import UnitOfWork

PRIME = reports.PRIME

# The practices of each section in the source's order: (section, code, what is counted).
SECTION2_KINDS = ("council_briefing", "council_meeting", "councillor_meeting")
SECTION3_KINDS = ("district_council", "district_head_meeting")


# ---------------------------------------------------------------- the ledger seam


class LedgerFigures(Protocol):
    """What the work report needs of a ledger period summary (``planner.ledger.LedgerSummary``)."""

    councillors: int
    items: int


LedgerSource = Callable[[UnitOfWork, date, date], LedgerFigures]


def ledger_source() -> LedgerSource | None:
    """The ledger's period summary, ``planner.ledger.summary`` (a seam: tests give their own)."""
    from planner import ledger

    return cast(LedgerSource, ledger.summary)


def _ledger_ids(summary: LedgerFigures) -> tuple[int, ...]:
    """The ledger items a summary counted (``item_ids``; ``ids`` also accepted), for the footnotes and links."""
    ids: Any = getattr(summary, "item_ids", None)
    if ids is None:
        ids = getattr(summary, "ids", None)
    return tuple(int(i) for i in ids or ())


# ---------------------------------------------------------------- the report as data


@dataclass(frozen=True)
class Figure:
    """One printed number and the records behind it. ``kind`` says which records: ``visits`` or ``ledger``."""

    n: int  # footnote number, 1.. in reading order
    label: str  # what it counts, e.g. "현안설명회 2021"
    count: int
    ids: tuple[int, ...]
    kind: str = "visits"


@dataclass(frozen=True)
class Segment:
    text: str
    figure: Figure | None = None


Line = tuple[Segment, ...]


@dataclass(frozen=True)
class TableRow:
    year_cell: Line
    count_cell: Line
    highlights: str


@dataclass(frozen=True)
class Section:
    number: int
    title: str
    # Each block is a bullet line with optional sub-lines, or a table.
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Block:
    line: Line
    sub: tuple[Line, ...] = ()
    table: tuple[TableRow, ...] = ()
    heading: bool = False  # a numbered heading inside the section (e.g. "1. 주요 현안 공유를 통한 소통 강화")


@dataclass(frozen=True)
class WorkReport:
    years: tuple[int, ...]
    lang: str
    as_of: datetime
    sections: tuple[Section, ...]
    figures: tuple[Figure, ...]
    ledger_missing: bool  # no ledger module: the 시정질문 line could not be written

    def figure(self, n: int) -> Figure:
        return self.figures[n - 1]


class _Numberer:
    def __init__(self) -> None:
        self.figures: list[Figure] = []

    def add(self, label: str, count: int, ids: Sequence[int], kind: str = "visits") -> Figure:
        fig = Figure(len(self.figures) + 1, label, count, tuple(ids), kind)
        self.figures.append(fig)
        return fig


def _yy(year: int, lang: str) -> str:
    return f"{PRIME}{year % 100:02d}" if lang == "ko" else str(year)


def _year_parts(
    numbers: _Numberer, label: str, per_year: Sequence[tuple[int, Sequence[int]]], lang: str
) -> list[Segment]:
    """``′21년 5회, ′22년 1회`` as segments, one figure per year; years with none are left out (as the source
    does: "시장-구청장 면담 실시(′21년 12회)"), unless every year has none."""
    shown = [(y, ids) for y, ids in per_year if ids] or list(per_year)
    parts: list[Segment] = []
    for i, (year, ids) in enumerate(shown):
        if i:
            parts.append(Segment(", "))
        fig = numbers.add(f"{label} · {year}", len(ids), ids)
        parts.append(Segment(t("report.line_part", lang, yy=_yy(year, lang), count=len(ids)), fig))
    return parts


def _practice(numbers: _Numberer, key: str, per_year: Sequence[tuple[int, Sequence[int]]], lang: str) -> Line:
    label = t(f"work.short.{key}", lang)
    return (Segment(t(f"work.line.{key}", lang) + "("), *_year_parts(numbers, label, per_year, lang), Segment(")"))


def _ids(visits: Sequence[Visit]) -> list[int]:
    return [v.id or 0 for v in visits]


def build_work_report(
    uow: UnitOfWork, years: Sequence[int], lang: str = "ko", ledger: LedgerSource | None = None
) -> WorkReport:
    """Sections 2 and 3 for ``years`` as of ``uow.now``. ``ledger`` defaults to ``ledger_source()``."""
    chosen = reports.check_years(years)
    source = ledger if ledger is not None else ledger_source()
    numbers = _Numberer()
    with uow.transaction():
        as_of = uow.now
        council = reports.build_report(uow, chosen, lang)
        counted = reports.counted_visits(uow, chosen)
        by_kind = engagements.held_by_kind(uow, chosen, SECTION2_KINDS + SECTION3_KINDS)
        ledger_rows = [(y, source(uow, date(y, 1, 1), date(y, 12, 31))) for y in chosen] if source else None

    # Section 2
    s2: list[Block] = [Block((Segment(t("work.s2.h1", lang)),), heading=True)]
    for kind in SECTION2_KINDS:
        s2.append(Block(_practice(numbers, kind, [(y, _ids(by_kind[(kind, y)])) for y in chosen], lang)))
    if ledger_rows is not None:
        s2.append(Block((Segment(t("work.s2.h3", lang)),), heading=True))
        parts: list[Segment] = [Segment("- ")]
        for i, (year, summary) in enumerate(ledger_rows):
            if i:
                parts.append(Segment(", "))
            label = t("work.short.ledger", lang)
            who = numbers.add(f"{label} · {year} · {t('work.councillors', lang)}", summary.councillors, (), "ledger")
            items = numbers.add(f"{label} · {year}", summary.items, _ledger_ids(summary), "ledger")
            parts.append(Segment(t("work.ledger_year", lang, yy=_yy(year, lang)) + " "))
            parts.append(Segment(t("work.ledger_councillors", lang, count=summary.councillors), who))
            parts.append(Segment(", "))
            parts.append(Segment(t("work.ledger_items", lang, count=summary.items), items))
        s2.append(Block((Segment(t("work.line.ledger", lang)),), sub=(tuple(parts),)))

    # Section 3: the COVID table, the policy line, district cooperation as two practices
    covid = council.rows_of("covid19")
    table = []
    for r in covid:
        fig = numbers.add(f"{t('work.short.covid19', lang)} · {r.year}", r.count, _ids(counted[("covid19", r.year)]))
        table.append(
            TableRow(
                (Segment(t("work.year_cell", lang, year=r.year)),),
                (Segment(reports.count_cell(r.count, lang), fig),),
                reports.highlights_cell(r, lang),
            )
        )
    s3: list[Block] = [Block((Segment(t("work.line.covid19", lang)),), table=tuple(table))]
    policy = council.rows_of("policy")
    named = [h for r in policy for h in r.highlights]
    policy_label = t("work.short.policy", lang)
    policy_sub: Line = (
        Segment("- " + t("work.line.policy_sub", lang, places=", ".join(dict.fromkeys(named))) + "(")
        if named
        else Segment("- " + t("work.line.policy_sub_plain", lang) + "("),
        *_year_parts(numbers, policy_label, [(r.year, _ids(counted[("policy", r.year)])) for r in policy], lang),
        Segment(")"),
    )
    s3.append(Block((Segment(t("work.line.policy", lang)),), sub=(policy_sub,)))
    coop_subs = tuple(
        (Segment("- "), *_practice(numbers, kind, [(y, _ids(by_kind[(kind, y)])) for y in chosen], lang))
        for kind in SECTION3_KINDS
    )
    s3.append(Block((Segment(t("work.line.district", lang)),), sub=coop_subs))

    sections = (
        Section(2, t("work.s2.title", lang), tuple(s2)),
        Section(3, t("work.s3.title", lang), tuple(s3)),
    )
    return WorkReport(chosen, lang, as_of, sections, tuple(numbers.figures), ledger_rows is None)


# ---------------------------------------------------------------- writers


def line_text(line: Line) -> str:
    return "".join(printable(s.text) for s in line)


def figure_records(uow: UnitOfWork, report: WorkReport, figure: Figure) -> list[dict[str, Any]]:
    """The visits a figure counts, one record each (date, title, site, kind); ledger figures list their ids."""
    if figure.kind != "visits":
        return [{"id": i} for i in figure.ids]
    from planner.domain import VisitQuery

    if not figure.ids:
        return []
    visits = services.list_visits(uow, VisitQuery(ids=figure.ids))
    return [
        {
            "id": v.id,
            "date": to_seoul(v.start).date().isoformat(),
            "title": v.title,
            "site_name": v.site_name,
            "district": v.district,
            "kind": engagements.kind_label(v.kind, report.lang),
        }
        for v in visits
    ]


def _footnote_text(fig: Figure, lang: str) -> str:
    kind = t(f"work.records.{fig.kind}", lang)
    ids = ", ".join(f"#{i}" for i in fig.ids) if fig.ids else t("work.records.none", lang)
    return f"{fig.n}) {fig.label}: {fig.count} — {kind} {ids}"


def to_text(report: WorkReport) -> str:
    """Plain text in the source's shape; the records behind each figure listed at the end (footnotes)."""
    lang = report.lang
    out: list[str] = []
    for section in report.sections:
        out.append(f"{section.number} {section.title}")
        out.append("")
        for block in section.blocks:
            if block.heading:
                out.append(line_text(block.line))
                continue
            out.append(f"○ {line_text(block.line)}")
            for sub in block.sub:
                out.append(f"  {line_text(sub)}")
            if block.table:
                heads = [t("work.col_period", lang), t("work.col_count", lang), t("work.col_highlights", lang)]
                cells = [
                    [line_text(r.year_cell), line_text(r.count_cell), " ".join(printable(r.highlights).split())]
                    for r in block.table
                ]
                widths = [max([display_width(h)] + [display_width(c[i]) for c in cells]) for i, h in enumerate(heads)]
                out.append("  " + " | ".join(pad(h, w) for h, w in zip(heads, widths, strict=True)).rstrip())
                out.append("  " + "-+-".join("-" * w for w in widths))
                for c in cells:
                    out.append("  " + " | ".join(pad(v, w) for v, w in zip(c, widths, strict=True)).rstrip())
        out.append("")
    if report.ledger_missing:
        out.append(t("work.no_ledger", lang))
        out.append("")
    out.append(t("work.footnotes", lang))
    out.extend(_footnote_text(f, lang) for f in report.figures)
    return "\n".join(out) + "\n"


def to_docx(report: WorkReport) -> bytes:
    """A Word file (python-docx): the sections with each figure footnoted by a superscript number, the notes
    listing the records behind them at the end."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    lang = report.lang
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = reports.KOREAN_FONT
    style.font.size = Pt(11)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), reports.KOREAN_FONT)  # Hangul takes the East Asian font

    def put_line(paragraph: Any, line: Line) -> None:
        for seg in line:
            paragraph.add_run(printable(seg.text))
            if seg.figure is not None:
                paragraph.add_run(f"{seg.figure.n})").font.superscript = True

    doc.add_heading(t("work.title", lang, years=", ".join(map(str, report.years))), level=0)
    for section in report.sections:
        doc.add_heading(f"{section.number} {section.title}", level=1)
        for block in section.blocks:
            if block.heading:
                put_line(doc.add_paragraph(), block.line)
                continue
            p = doc.add_paragraph()
            p.add_run("○ ")
            put_line(p, block.line)
            for sub in block.sub:
                q = doc.add_paragraph()
                q.paragraph_format.left_indent = Pt(18)
                put_line(q, sub)
            if block.table:
                heads = [t("work.col_period", lang), t("work.col_count", lang), t("work.col_highlights", lang)]
                table = doc.add_table(rows=1, cols=3)
                table.style = "Table Grid"
                for cell, head in zip(table.rows[0].cells, heads, strict=True):
                    cell.text = head
                for r in block.table:
                    cells = table.add_row().cells
                    put_line(cells[0].paragraphs[0], r.year_cell)
                    put_line(cells[1].paragraphs[0], r.count_cell)
                    cells[2].text = printable(r.highlights)
    if report.ledger_missing:
        doc.add_paragraph(t("work.no_ledger", lang))
    doc.add_heading(t("work.footnotes", lang), level=2)
    for fig in report.figures:
        doc.add_paragraph(printable(_footnote_text(fig, lang)))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def to_xlsx(report: WorkReport) -> bytes:
    """A workbook (openpyxl): the report's lines with their footnote numbers, and a sheet listing the records
    each figure counts (one row per record)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    lang = report.lang
    font = Font(name=reports.KOREAN_FONT, size=10)
    wb = Workbook()
    ws = wb.active
    ws.title = t("work.sheet", lang)
    rows: list[list[Any]] = [[t("work.title", lang, years=", ".join(map(str, report.years)))], []]
    for section in report.sections:
        rows.append([f"{section.number} {section.title}"])
        for block in section.blocks:
            notes = [s.figure.n for s in block.line if s.figure]
            rows.append([("" if block.heading else "○ ") + line_text(block.line), _refs(notes)])
            for sub in block.sub:
                rows.append(["  " + line_text(sub), _refs([s.figure.n for s in sub if s.figure])])
            for r in block.table:
                refs = [s.figure.n for s in r.count_cell if s.figure]
                rows.append(["  " + line_text(r.year_cell), _refs(refs), line_text(r.count_cell), r.highlights])
        rows.append([])
    for row in rows:
        ws.append([safe_cell(v) for v in row])
    for line in ws.iter_rows():
        for cell in line:
            cell.font = font
    ws.column_dimensions["A"].width = 100
    ws.column_dimensions["B"].width = 14
    ws.column_dimensions["D"].width = 70

    notes = wb.create_sheet(t("work.footnotes_sheet", lang))
    heads = ["n", "figure", "count", "records", "id"]
    notes.append([t(f"work.note.{h}", lang) for h in heads])
    for fig in report.figures:
        notes.append([fig.n, safe_cell(fig.label), fig.count, t(f"work.records.{fig.kind}", lang)])
        for i in fig.ids:
            notes.append([fig.n, None, None, None, i])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _refs(numbers: Sequence[int]) -> str:
    return ", ".join(f"{n})" for n in numbers)


def to_html(report: WorkReport, link: Callable[[Figure], str] | None = None) -> str:
    """A print page (A4): figures as links (``link(figure)``) or footnote numbers; all text escaped."""
    lang = report.lang

    def e(text: str) -> str:
        return html.escape(printable(text))

    def seg(line: Line) -> str:
        out = []
        for s in line:
            if s.figure is None:
                out.append(e(s.text))
            elif link is not None:
                out.append(f'<a href="{e(link(s.figure))}">{e(s.text)}</a>')
            else:
                out.append(f"{e(s.text)}<sup>{s.figure.n})</sup>")
        return "".join(out)

    title = t("work.title", lang, years=", ".join(map(str, report.years)))
    parts = [
        "<!doctype html>",
        f'<html lang="{e(lang)}"><head><meta charset="utf-8"><title>{e(title)}</title>',
        "<style>@page{size:A4;margin:18mm}body{font-family:'Malgun Gothic','맑은 고딕','NanumGothic',sans-serif;"
        "font-size:11pt}table{border-collapse:collapse;margin:4pt 0 10pt 18pt}th,td{border:1px solid #555;"
        "padding:3pt 6pt}th{background:#eee}.sub{margin-left:18pt}.notes{font-size:9pt}</style></head><body>",
        f"<h1>{e(title)}</h1>",
    ]
    for section in report.sections:
        parts.append(f"<h2>{section.number} {e(section.title)}</h2>")
        for block in section.blocks:
            if block.heading:
                parts.append(f"<h3>{seg(block.line)}</h3>")
                continue
            parts.append(f"<p>○ {seg(block.line)}</p>")
            for sub in block.sub:
                parts.append(f'<p class="sub">{seg(sub)}</p>')
            if block.table:
                parts.append(
                    f"<table><tr><th>{e(t('work.col_period', lang))}</th><th>{e(t('work.col_count', lang))}</th>"
                    f"<th>{e(t('work.col_highlights', lang))}</th></tr>"
                )
                for r in block.table:
                    parts.append(
                        f"<tr><td>{seg(r.year_cell)}</td><td>{seg(r.count_cell)}</td><td>{e(r.highlights)}</td></tr>"
                    )
                parts.append("</table>")
    if link is None:
        parts.append(f'<h3>{e(t("work.footnotes", lang))}</h3><ol class="notes">')
        parts.extend(f"<li>{e(_footnote_text(f, lang))}</li>" for f in report.figures)
        parts.append("</ol>")
    parts.append("</body></html>")
    return "\n".join(parts)
