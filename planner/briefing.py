"""The briefing pack of one visit (issue 14, M12): what staff print before the mayor leaves.

``build_briefing(uow, visit_id)`` gathers, read-only: the visit and its participants; the day's route and timings
(``planner.day.day_view`` of the visit's Seoul date); earlier visits to the same site and to the same district
(held or confirmed, before this one); the open ledger items there (through the seam ``ledger_items_source()``, the
ledger being ``planner.ledger``'s); the liaison notices sent about it; and the talking points (시정 메시지) staff
wrote. ``save_talking_points`` is the one way the talking points change (text rules, version check).

Writers: ``to_html`` (one A4 page with print CSS, every text escaped) and ``to_docx`` (python-docx).
"""

from __future__ import annotations

import html
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from planner import accounts, day, engagements, repository, services
from planner import notices as council_notices
from planner.domain import (
    Briefing,
    NotFound,
    Participant,
    StaleVersion,
    Status,
    Visit,
    VisitQuery,
    clean_text,
    to_seoul,
)
from planner.i18n import t
from planner.tabular import printable
from planner.uow import UnitOfWork

EARLIER_LIMIT = 5  # earlier visits listed per list (the latest ones)

# ---------------------------------------------------------------- the ledger seam

# Open ledger items at a visit's site or district: ``source(uow, visit) -> [(id, text)]``. The ledger is
# ``planner.ledger``'s; where it offers ``open_items_for_visit`` this is it, else there is no such list.
LedgerItems = Callable[[UnitOfWork, Visit], Sequence[tuple[int, str]]]


def ledger_items_source() -> LedgerItems | None:
    """The ledger's open items for a visit, ``planner.ledger.open_items_for_visit`` (a seam: tests give their own)."""
    from planner import ledger

    return ledger.open_items_for_visit


@dataclass(frozen=True)
class RouteStop:
    n: int
    start: datetime
    end: datetime
    title: str
    place: str
    drive_minutes: float | None
    this: bool  # the visit of the pack


@dataclass(frozen=True)
class Notice:
    name: str
    district: str
    kind: str
    method: str
    sent_at: datetime


@dataclass(frozen=True)
class BriefingPack:
    visit: Visit
    category_label: str
    participants: tuple[Participant, ...]
    route: tuple[RouteStop, ...]
    return_minutes: float
    earlier_site: tuple[Visit, ...]
    earlier_district: tuple[Visit, ...]
    open_items: tuple[tuple[int, str], ...] | None  # None: no ledger to ask
    notices: tuple[Notice, ...]
    briefing: Briefing
    lang: str
    as_of: datetime


def get_briefing(uow: UnitOfWork, visit_id: int) -> Briefing:
    with uow.transaction() as conn:
        if repository.get_visit(conn, visit_id) is None:
            raise NotFound("error.visit_not_found", id=visit_id)
        return repository.get_briefing(conn, visit_id)


def save_talking_points(uow: UnitOfWork, visit_id: int, text: str, expected_version: int) -> Briefing:
    """The one way a visit's talking points change: checked as multi-line text, written only when the stored
    version is still ``expected_version`` (0: none written yet), else ``StaleVersion``."""
    clean = clean_text(text, "visit_briefings.talking_points", field_name="talking_points").strip()
    with uow.transaction(write=True) as conn:
        accounts.require(uow, "briefing.edit")
        if repository.get_visit(conn, visit_id) is None:
            raise NotFound("error.visit_not_found", id=visit_id)
        current = repository.get_briefing(conn, visit_id)
        if current.version != expected_version:
            raise StaleVersion("error.stale_version", id=visit_id, seen=expected_version, current=current.version)
        if not repository.save_briefing(conn, Briefing(visit_id, clean, 0, uow.now), expected_version):
            raise StaleVersion("error.stale_version", id=visit_id, seen=expected_version, current="-")
        uow.commit()
        return repository.get_briefing(conn, visit_id)


def _earlier(visits: Sequence[Visit], visit: Visit) -> tuple[Visit, ...]:
    kept = [
        v for v in visits if v.id != visit.id and v.start < visit.start and v.status in (Status.DONE, Status.CONFIRMED)
    ]
    return tuple(sorted(kept, key=lambda v: v.start, reverse=True)[:EARLIER_LIMIT])


def build_briefing(uow: UnitOfWork, visit_id: int, lang: str = "ko", ledger: LedgerItems | None = None) -> BriefingPack:
    source = ledger if ledger is not None else ledger_items_source()
    with uow.transaction() as conn:
        visit = services.get_visit(uow, visit_id)
        labels = {c.code: c.label(lang) for c in services.list_categories(uow)}
        people = repository.list_participants(conn, [visit_id])[visit_id]
        view = day.day_view(uow, to_seoul(visit.start).date())
        at_site = [
            v
            for v in services.list_visits(uow, VisitQuery(date_to=to_seoul(visit.start).date()))
            if v.site_id == visit.site_id
        ]
        in_district = (
            services.list_visits(uow, VisitQuery(districts=(visit.district,), date_to=to_seoul(visit.start).date()))
            if visit.district
            else []
        )
        notices = [  # the councillors told of it (planner.notices); ``kind`` is why they were
            Notice(r.councillor.name, r.councillor.district, r.reason, r.method, r.sent_at)
            for r in council_notices.sheet(uow, council_notices.Target("visit", visit_id)).recipients
            if r.status != "to_send" and r.sent_at is not None
        ]
        briefing = repository.get_briefing(conn, visit_id)
        items = tuple(source(uow, visit)) if source is not None else None
        now = uow.now
    route = tuple(
        RouteStop(
            s.n,
            s.visit.start,
            s.visit.end,
            s.visit.title,
            s.visit.site_name,
            s.travel_minutes,
            s.visit.id == visit.id,
        )
        for s in view.stops
    )
    same_site = _earlier(at_site, visit)
    site_ids = {v.id for v in same_site}
    return BriefingPack(
        visit,
        labels.get(visit.category, visit.category),
        tuple(people),
        route,
        view.return_minutes,
        same_site,
        tuple(v for v in _earlier(in_district, visit) if v.id not in site_ids),
        items,
        tuple(notices),
        briefing,
        lang,
        now,
    )


# ---------------------------------------------------------------- writers


def _when(v: Visit) -> str:
    s, e = to_seoul(v.start), to_seoul(v.end)
    return f"{s:%Y-%m-%d %H:%M}–{e:%H:%M}"


def _facts(pack: BriefingPack) -> list[tuple[str, str]]:
    v, lang = pack.visit, pack.lang
    people = ", ".join(f"{p.name} ({engagements.role_label(p.role, lang)})" for p in pack.participants)
    rows = [
        (t("brief.when", lang), _when(v)),
        (t("brief.place", lang), f"{v.site_name} · {v.site_address} ({v.district})".strip()),
        (t("brief.kind", lang), engagements.kind_label(v.kind, lang)),
        (t("brief.category", lang), pack.category_label),
        (t("brief.status", lang), t(f"status.{v.status.value}", lang)),
        (t("brief.purpose", lang), v.purpose),
        (t("brief.attendees", lang), v.attendees),
        (t("brief.participants", lang), people),
        (t("brief.notes", lang), v.notes),
    ]
    return [(k, val) for k, val in rows if val]


def _minutes(value: float | None) -> str:
    return "-" if value is None else f"{round(value)}"


def _visit_line(v: Visit) -> str:
    # The site in brackets unless the title already names it ("구청장협의회 회의 (강북구청)").
    where = f" ({v.site_name})" if v.site_name and v.site_name not in v.title else ""
    return f"{to_seoul(v.start):%Y-%m-%d} · {v.title}{where}"


PRINT_CSS = (
    "@page{size:A4;margin:12mm}"
    "body{font-family:'NanumGothic','Malgun Gothic','맑은 고딕',sans-serif;font-size:10pt;margin:0;color:#000}"
    "h1{font-size:15pt;margin:0 0 4pt}h2{font-size:11.5pt;margin:9pt 0 3pt;border-bottom:1px solid #444}"
    "table{border-collapse:collapse;width:100%}th,td{border:1px solid #777;padding:2pt 4pt;text-align:left;"
    "vertical-align:top}th{background:#eee;white-space:nowrap}tr.this td{font-weight:bold;background:#fff3c4}"
    "ul{margin:2pt 0 2pt 14pt;padding:0}.meta{color:#444;font-size:8.5pt}.points{white-space:pre-wrap;"
    "border:1px solid #777;padding:4pt;min-height:30pt}"
    "@media print{.noprint{display:none}}"
)


def to_html(pack: BriefingPack) -> str:
    """One A4 page (print CSS); every text escaped."""
    lang, v = pack.lang, pack.visit

    def e(text: object) -> str:
        return html.escape(printable(str(text)))

    def items(lines: Sequence[str], empty: str) -> str:
        if not lines:
            return f"<p>{e(empty)}</p>"
        return "<ul>" + "".join(f"<li>{e(x)}</li>" for x in lines) + "</ul>"

    parts = [
        "<!doctype html>",
        f'<html lang="{e(lang)}"><head><meta charset="utf-8"><title>{e(t("brief.title", lang))} · {e(v.title)}</title>',
        f"<style>{PRINT_CSS}</style></head><body>",
        f"<h1>{e(t('brief.title', lang))}: {e(v.title)}</h1>",
        f'<p class="meta">{e(t("brief.as_of", lang, date=f"{to_seoul(pack.as_of):%Y-%m-%d %H:%M}", id=v.id))}</p>',
        "<table>",
    ]
    parts += [f"<tr><th>{e(k)}</th><td>{e(val)}</td></tr>" for k, val in _facts(pack)]
    parts.append("</table>")
    parts.append(f"<h2>{e(t('brief.talking_points', lang))}</h2>")
    parts.append(f'<div class="points">{e(pack.briefing.talking_points or t("brief.no_points", lang))}</div>')
    parts.append(f"<h2>{e(t('brief.route', lang))}</h2>")
    parts.append(
        f"<table><tr><th>#</th><th>{e(t('brief.route_time', lang))}</th><th>{e(t('brief.route_title', lang))}</th>"
        f"<th>{e(t('brief.route_place', lang))}</th><th>{e(t('brief.route_drive', lang))}</th></tr>"
    )
    for s in pack.route:
        cls = ' class="this"' if s.this else ""
        parts.append(
            f"<tr{cls}><td>{s.n}</td><td>{to_seoul(s.start):%H:%M}–{to_seoul(s.end):%H:%M}</td><td>{e(s.title)}</td>"
            f"<td>{e(s.place)}</td><td>{e(_minutes(s.drive_minutes))}</td></tr>"
        )
    parts.append("</table>")
    parts.append(f'<p class="meta">{e(t("brief.return", lang, minutes=_minutes(pack.return_minutes)))}</p>')
    parts.append(f"<h2>{e(t('brief.earlier_site', lang))}</h2>")
    parts.append(items([_visit_line(x) for x in pack.earlier_site], t("brief.none", lang)))
    parts.append(f"<h2>{e(t('brief.earlier_district', lang, district=v.district))}</h2>")
    parts.append(items([_visit_line(x) for x in pack.earlier_district], t("brief.none", lang)))
    parts.append(f"<h2>{e(t('brief.open_items', lang))}</h2>")
    if pack.open_items is None:
        parts.append(f"<p>{e(t('brief.no_ledger', lang))}</p>")
    else:
        parts.append(items([f"#{i} {text}" for i, text in pack.open_items], t("brief.none", lang)))
    parts.append(f"<h2>{e(t('brief.notices', lang))}</h2>")
    parts.append(items([_notice_line(n, lang) for n in pack.notices], t("brief.none", lang)))
    parts.append("</body></html>")
    return "\n".join(parts)


def _notice_line(n: Notice, lang: str) -> str:
    return t(
        "brief.notice_row",
        lang,
        name=n.name,
        district=n.district,
        kind=t(f"notices.reason.{n.kind}", lang),
        method=t(f"council.method.{n.method}", lang),
        when=f"{to_seoul(n.sent_at):%m-%d %H:%M}",
    )


def to_docx(pack: BriefingPack) -> bytes:
    """The same pack as a Word file (python-docx), A4."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    from planner.reports import KOREAN_FONT

    lang, v = pack.lang, pack.visit
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, side, Mm(12))
    style = doc.styles["Normal"]
    style.font.name = KOREAN_FONT
    style.font.size = Pt(10)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), KOREAN_FONT)

    def p(text: str) -> None:
        doc.add_paragraph(printable(text))

    def table(rows: Sequence[Sequence[str]]) -> None:
        tab = doc.add_table(rows=0, cols=len(rows[0]))
        tab.style = "Table Grid"
        for row in rows:
            for cell, value in zip(tab.add_row().cells, row, strict=True):
                cell.text = printable(value)

    doc.add_heading(printable(f"{t('brief.title', lang)}: {v.title}"), level=1)
    table([[k, val] for k, val in _facts(pack)])
    doc.add_heading(t("brief.talking_points", lang), level=2)
    p(pack.briefing.talking_points or t("brief.no_points", lang))
    doc.add_heading(t("brief.route", lang), level=2)
    heads = ["#", t("brief.route_time", lang), t("brief.route_title", lang), t("brief.route_place", lang)]
    table(
        [heads + [t("brief.route_drive", lang)]]
        + [
            [
                str(s.n),
                f"{to_seoul(s.start):%H:%M}–{to_seoul(s.end):%H:%M}",
                s.title,
                s.place,
                _minutes(s.drive_minutes),
            ]
            for s in pack.route
        ]
    )
    p(t("brief.return", lang, minutes=_minutes(pack.return_minutes)))
    for heading, lines in (
        (t("brief.earlier_site", lang), [_visit_line(x) for x in pack.earlier_site]),
        (t("brief.earlier_district", lang, district=v.district), [_visit_line(x) for x in pack.earlier_district]),
        (
            t("brief.open_items", lang),
            None if pack.open_items is None else [f"#{i} {text}" for i, text in pack.open_items],
        ),
        (t("brief.notices", lang), [_notice_line(n, lang) for n in pack.notices]),
    ):
        doc.add_heading(heading, level=2)
        if lines is None:
            p(t("brief.no_ledger", lang))
        for line in lines or ([t("brief.none", lang)] if lines is not None else []):
            p(line)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
