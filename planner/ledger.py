"""One ledger of requests and follow-ups (source section 2, 의원 지적·건의사항 체계적 관리; section 3).

Every item the office must follow up: 시정질문 and 5분 자유발언 (after each 회기 the action result is told
to the councillor and posted on the council's 의정플러스 system), 간담회 건의, 현장 건의 (a councillor, a
district head, a citizen or a shop owner) and 자치구 숙원사업 (district heads at 시장-구청장 면담). Each has
its source, 회기 where it applies, the person, the linked visit or meeting, the responsible department
(실·본부·국), a due date, progress notes (추진경과, many), the result, the day the result was told to the
person and the day it was posted on 의정플러스. An item is open until its result is told; it is
overdue once past its due date while open. ``summary`` gives the report's line ("시의원 79명, 186건 처리")
for a period, with the item ids behind it. Use cases take a unit of work; queries are in
``planner.repository``.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Connection, RowMapping

from planner import accounts, geo, repository
from planner.config import DATA_DIR
from planner.domain import (
    SEOUL,
    NotFound,
    StaleVersion,
    ValidationError,
    Visit,
    check_date_range,
    clean_text,
    parse_date,
    valid_id,
)
from planner.i18n import t
from planner.uow import UnitOfWork

# 시정질문, 5분 자유발언, 간담회 건의, 현장 건의, 자치구 숙원사업.
SOURCES = ("question", "speech", "meeting", "site", "wish")
# Items told after each 회기 and posted on 의정플러스; the report's "N명, N건 처리" counts them.
SESSION_SOURCES = ("question", "speech")
PERSON_KINDS = ("councillor", "district_head", "citizen")
# Fields ``change_item`` may change.
EDITABLE = ("text", "department", "session", "due_on", "result", "result_at", "told_on", "posted_on", "visit_id")


@dataclass(frozen=True)
class Note:
    id: int
    note: str
    noted_at: datetime
    noted_by: str = ""


@dataclass(frozen=True)
class LedgerItem:
    id: int
    source: str
    text: str
    person_kind: str
    councillor_id: int | None = None
    councillor_name: str = ""
    district: str = ""
    person: str = ""
    session: str = ""
    visit_id: int | None = None
    visit_title: str = ""
    target_kind: str = ""
    target_id: int | None = None
    department: str = ""
    due_on: date | None = None
    result: str = ""
    result_at: datetime | None = None
    told_on: date | None = None
    posted_on: date | None = None
    created_at: datetime | None = None
    version: int = 1
    notes: tuple[Note, ...] = ()

    @property
    def is_open(self) -> bool:
        """Open until the result has been told to the person."""
        return self.told_on is None

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.due_on is not None and self.due_on < today

    def person_label(self, lang: str = "ko") -> str:
        if self.person_kind == "councillor":
            return self.councillor_name
        if self.person_kind == "district_head":
            return t("ledger.district_head", lang, district=self.district)
        return self.person


@dataclass(frozen=True)
class ItemDraft:
    source: str
    text: str
    person_kind: str
    councillor_id: int | None = None
    district: str = ""
    person: str = ""
    session: str = ""
    visit_id: int | None = None
    target_kind: str = ""
    target_id: int | None = None
    department: str = ""
    due_on: date | None = None


@dataclass(frozen=True)
class LedgerQuery:
    overdue: bool = False  # only open items past their due date
    open_only: bool = False
    department: str | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class LedgerSummary:
    """시정질문 and 5분 자유발언 items whose result was processed in [start, end], and the distinct
    councillors they came from; ``item_ids`` are the records behind the figure."""

    start: date
    end: date
    councillors: int
    items: int
    item_ids: tuple[int, ...] = ()
    councillor_ids: tuple[int, ...] = ()

    def line(self, lang: str = "ko") -> str:
        return t("ledger.summary_line", lang, councillors=self.councillors, items=self.items)


@dataclass(frozen=True)
class DepartmentLine:
    department: str
    open: int
    overdue: int
    items: list[LedgerItem] = field(default_factory=list)


# ---------------------------------------------------------------- rows


def _item(r: RowMapping, notes: Sequence[Note] = ()) -> LedgerItem:
    return LedgerItem(
        id=r["id"],
        source=r["source"],
        text=r["text"],
        person_kind=r["person_kind"],
        councillor_id=r["councillor_id"],
        councillor_name=r["councillor_name"] or "",
        district=r["district"],
        person=r["person"],
        session=r["session"],
        visit_id=r["visit_id"],
        visit_title=r["visit_title"] or "",
        target_kind=r["target_kind"],
        target_id=r["target_id"],
        department=r["department"],
        due_on=r["due_on"],
        result=r["result"],
        result_at=r["result_at"],
        told_on=r["told_on"],
        posted_on=r["posted_on"],
        created_at=r["created_at"],
        version=r["version"],
        notes=tuple(notes),
    )


def _items(conn: Connection, rows: list[RowMapping]) -> list[LedgerItem]:
    notes: dict[int, list[Note]] = {}
    for n in repository.list_ledger_notes(conn, [r["id"] for r in rows]):
        notes.setdefault(n["item_id"], []).append(Note(n["id"], n["note"], n["noted_at"], n["noted_by"]))
    return [_item(r, notes.get(r["id"], ())) for r in rows]


def _day_start(d: date) -> datetime:
    return datetime.combine(d, time(0), tzinfo=SEOUL)


# ---------------------------------------------------------------- checks


def _check_date(value: date | None, name: str) -> date | None:
    if value is not None:
        check_date_range(value, name)
    return value


def _check_draft(conn: Connection, d: ItemDraft) -> dict[str, Any]:
    if d.source not in SOURCES:
        raise ValidationError("error.ledger_bad_source", field="source", value=d.source)
    if d.person_kind not in PERSON_KINDS:
        raise ValidationError("error.ledger_bad_person_kind", field="person_kind", value=d.person_kind)
    if d.source in SESSION_SOURCES and d.person_kind != "councillor":
        raise ValidationError("error.ledger_councillor_only", field="person_kind", source=d.source)
    values: dict[str, Any] = {
        "source": d.source,
        "person_kind": d.person_kind,
        "text": clean_text(d.text, "ledger_items.text", "text", required=True),
        "session": clean_text(d.session, "ledger_items.session", "session"),
        "department": clean_text(d.department, "ledger_items.department", "department"),
        "person": clean_text(d.person, "ledger_items.person", "person"),
        "due_on": _check_date(d.due_on, "due_on"),
        "councillor_id": None,
        "district": "",
        "visit_id": None,
        "target_kind": d.target_kind.strip(),
        "target_id": d.target_id,
    }
    if d.person_kind == "councillor":
        if (
            d.councillor_id is None
            or not valid_id(d.councillor_id)
            or not repository.councillor_exists(conn, d.councillor_id)
        ):
            raise NotFound("error.council_councillor_not_found", id=d.councillor_id)
        values["councillor_id"] = d.councillor_id
    elif d.person_kind == "district_head":
        values["district"] = geo.normalize_district(d.district)
    elif not values["person"]:
        raise ValidationError("error.required", field="person")
    if d.visit_id is not None:
        if not valid_id(d.visit_id) or repository.get_visit(conn, d.visit_id) is None:
            raise NotFound("error.visit_not_found", id=d.visit_id)
        values["visit_id"] = d.visit_id
    return values


def _check_changes(conn: Connection, item: LedgerItem, changes: dict[str, Any]) -> dict[str, Any]:
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError("error.ledger_bad_field", field=sorted(unknown)[0], value=sorted(unknown)[0])
    values: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "text":
            values[name] = clean_text(value, "ledger_items.text", "text", required=True)
        elif name in ("department", "session", "result"):
            values[name] = clean_text(value, f"ledger_items.{name}", name)
        elif name in ("due_on", "told_on", "posted_on"):
            values[name] = _check_date(value, name)
        elif name == "result_at":
            if value is not None:
                if value.tzinfo is None:
                    raise ValidationError("error.bad_datetime", field=name, value=str(value))
                check_date_range(value, name)
            values[name] = value
        elif name == "visit_id":
            if value is not None and (not valid_id(value) or repository.get_visit(conn, value) is None):
                raise NotFound("error.visit_not_found", id=value)
            values[name] = value
    after = replace(item, **values)
    if after.told_on is not None and not after.result.strip():
        raise ValidationError("error.ledger_told_without_result", field="told_on")
    if after.posted_on is not None and after.result_at is None:
        raise ValidationError("error.ledger_posted_without_result", field="posted_on")
    return values


# ---------------------------------------------------------------- use cases: writes


def add_item(uow: UnitOfWork, draft: ItemDraft) -> LedgerItem:
    """Record a request or suggestion to follow up."""
    with uow.transaction(write=True) as conn:
        accounts.require(uow, "ledger.edit")
        values = _check_draft(conn, draft)
        [new_id] = repository.insert_ledger_items(conn, [{**values, "created_at": uow.now}])
        accounts.record(uow, "ledger.edit", "ledger_item", new_id, None, values)
        uow.commit()
        return get_item(uow, new_id)


def change_item(uow: UnitOfWork, item_id: int, seen_version: int, changes: dict[str, Any]) -> LedgerItem:
    """Change an item's fields (``EDITABLE``: the result, when it was processed, told and posted, the
    department, due date ...) if nobody changed it since ``seen_version`` (else ``StaleVersion``).
    A result can be told only once written; posted only once processed."""
    with uow.transaction(write=True) as conn:
        accounts.require(uow, "ledger.edit")
        item = get_item(uow, item_id)
        values = _check_changes(conn, item, changes)
        if item.version != seen_version or not repository.update_ledger_item(conn, item_id, seen_version, values):
            raise StaleVersion("error.ledger_stale", id=item_id)
        before = {name: getattr(item, name) for name in values if hasattr(item, name)}
        accounts.record(uow, "ledger.edit", "ledger_item", item_id, before, values)
        uow.commit()
        return get_item(uow, item_id)


def add_note(uow: UnitOfWork, item_id: int, note: str) -> Note:
    """A progress note (추진경과) on an item, by ``uow.actor``, now."""
    note = clean_text(note, "ledger_notes.note", "note", required=True)
    with uow.transaction(write=True) as conn:
        accounts.require(uow, "ledger.edit")
        get_item(uow, item_id)
        repository.insert_ledger_notes(
            conn, [{"item_id": item_id, "note": note, "noted_at": uow.now, "noted_by": uow.actor or ""}]
        )
        accounts.record(uow, "ledger.edit", "ledger_note", item_id, None, {"note": note})
        uow.commit()
    return Note(0, note, uow.now, uow.actor or "")


def mark_posted(uow: UnitOfWork, item_ids: Sequence[int], posted_on: date) -> int:
    """Record that the results of ``item_ids`` were posted on 의정플러스 on ``posted_on`` (all or
    nothing: every item must have a processed result). Returns how many were newly marked."""
    _check_date(posted_on, "posted_on")
    with uow.transaction(write=True):
        accounts.require(uow, "ledger.edit")
        changed = 0
        for item_id in dict.fromkeys(item_ids):
            item = get_item(uow, item_id)
            if item.posted_on is None:
                change_item(uow, item_id, item.version, {"posted_on": posted_on})
                changed += 1
        uow.commit()
    return changed


# ---------------------------------------------------------------- use cases: reads


def get_item(uow: UnitOfWork, item_id: int) -> LedgerItem:
    if not valid_id(item_id):
        raise NotFound("error.ledger_not_found", id=item_id)
    with uow.transaction() as conn:
        row = repository.get_ledger_item(conn, item_id)
        if row is None:
            raise NotFound("error.ledger_not_found", id=item_id)
        return _items(conn, [row])[0]


def list_items(uow: UnitOfWork, query: LedgerQuery = LedgerQuery()) -> list[LedgerItem]:
    """Items oldest first; ``overdue``: open and past due as of today (Seoul)."""
    for source in query.sources:
        if source not in SOURCES:
            raise ValidationError("error.ledger_bad_source", field="source", value=source)
    with uow.transaction() as conn:
        today = uow.now.date()
        rows = repository.list_ledger_items(conn, query.sources, query.department)
        items = _items(conn, rows)
    if query.overdue:
        items = [i for i in items if i.is_overdue(today)]
    elif query.open_only:
        items = [i for i in items if i.is_open]
    return items


def open_items_for_visit(uow: UnitOfWork, visit: Visit) -> list[tuple[int, str]]:
    """Open items the briefing pack of ``visit`` lists: those raised at this visit, and those of its
    district (a district head's 숙원사업, a citizen's request there), oldest first, as (id, text)."""
    return [
        (i.id, i.text)
        for i in list_items(uow, LedgerQuery(open_only=True))
        if i.visit_id == visit.id or (visit.district and i.district == visit.district)
    ]


def by_department(uow: UnitOfWork) -> list[DepartmentLine]:
    """Open items grouped by responsible department, most overdue first."""
    with uow.transaction():
        today = uow.now.date()
        items = list_items(uow, LedgerQuery(open_only=True))
    groups: dict[str, list[LedgerItem]] = {}
    for item in items:
        groups.setdefault(item.department, []).append(item)
    lines = [
        DepartmentLine(d, len(found), sum(1 for i in found if i.is_overdue(today)), found)
        for d, found in groups.items()
    ]
    return sorted(lines, key=lambda line: (-line.overdue, -line.open, line.department))


def summary(uow: UnitOfWork, start: date, end: date) -> LedgerSummary:
    """시정질문 and 5분 자유발언 items whose result was processed from ``start`` to ``end`` (both days
    included, Seoul time), and the distinct councillors they came from."""
    _check_date(start, "from")
    _check_date(end, "to")
    if end < start:
        raise ValidationError("error.dates_reversed", field="to", to=end.isoformat(), start=start.isoformat())
    with uow.transaction() as conn:
        rows = repository.list_ledger_items(
            conn, SESSION_SOURCES, result_from=_day_start(start), result_to=_day_start(end + timedelta(days=1))
        )
    counted = [r for r in rows if r["councillor_id"] is not None]
    people = sorted({r["councillor_id"] for r in counted})
    return LedgerSummary(start, end, len(people), len(counted), tuple(r["id"] for r in counted), tuple(people))


POSTING_COLUMNS = ("id", "session", "source", "councillor", "text", "department", "result", "result_on", "told_on")


def posting_records(
    uow: UnitOfWork, session: str | None = None, start: date | None = None, end: date | None = None, lang: str = "ko"
) -> list[dict[str, Any]]:
    """The 의정플러스 posting of processed 시정질문 and 5분 자유발언 results: of one 회기, or processed in
    [start, end]; one record per item (``POSTING_COLUMNS``)."""
    with uow.transaction() as conn:
        rows = repository.list_ledger_items(
            conn,
            SESSION_SOURCES,
            result_from=_day_start(start) if start else None,
            result_to=_day_start(end + timedelta(days=1)) if end else None,
        )
        items = _items(conn, rows)
    chosen = [i for i in items if i.result_at is not None and (session is None or i.session == session)]
    return [
        {
            "id": i.id,
            "session": i.session,
            "source": t(f"ledger.source.{i.source}", lang),
            "councillor": i.councillor_name,
            "text": i.text,
            "department": i.department,
            "result": i.result,
            "result_on": i.result_at.date().isoformat() if i.result_at else "",
            "told_on": i.told_on.isoformat() if i.told_on else "",
        }
        for i in sorted(chosen, key=lambda i: (i.session, i.councillor_name, i.id))
    ]


def posting_xlsx(records: Sequence[dict[str, Any]], lang: str = "ko") -> bytes:
    """The posting as an Excel sheet (formula-safe cells, Korean font)."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    from planner.reports import KOREAN_FONT
    from planner.tabular import safe_cell

    wb = Workbook()
    ws = wb.active
    ws.title = t("ledger.posting_sheet", lang)
    bold = Font(name=KOREAN_FONT, size=10, bold=True)
    font = Font(name=KOREAN_FONT, size=10)
    for col, name in enumerate(POSTING_COLUMNS, start=1):
        ws.cell(row=1, column=col, value=t(f"ledger.col.{name}", lang)).font = bold
    for row, record in enumerate(records, start=2):
        for col, name in enumerate(POSTING_COLUMNS, start=1):
            ws.cell(row=row, column=col, value=safe_cell(record[name])).font = font
    for letter, width in zip("ABCDEFGHI", (8, 12, 12, 22, 60, 18, 60, 12, 12), strict=True):
        ws.column_dimensions[letter].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- sample


def _optional_date(text: str, name: str) -> date | None:
    return parse_date(text, name) if text.strip() else None


SAMPLE_FILES = ("ledger.csv", "requests.csv")


def insert_sample(conn: Connection, data_dir: Path = DATA_DIR) -> int:
    """The sample ledger from ``data/ledger.csv`` (시정질문 and 5분 자유발언, made by
    ``scripts/make_sample_council.py``: the report's figures come out of its rows) and
    ``data/requests.csv`` (hand-written 간담회·현장 건의 and 숙원사업), inside the caller's unit of work."""
    seats = repository.councillor_ids_by_seat(conn)
    rows: list[dict[str, Any]] = []
    notes: list[tuple[int, str, str]] = []
    records: list[dict[str, str]] = []
    for name in SAMPLE_FILES:
        with (data_dir / name).open(encoding="utf-8", newline="") as fh:
            records += list(csv.DictReader(fh))
    for r in records:
        visit_id = None
        if r["visit_uid"]:
            visit = repository.get_visit_by_uid(conn, r["visit_uid"])
            if visit is None:
                raise ValidationError("error.sample_unknown_site", field="visit_uid", value=r["visit_uid"])
            visit_id = visit.id
        if r["seat"] and r["seat"] not in seats:
            raise ValidationError("error.sample_unknown_site", field="seat", value=r["seat"])
        created = _day_start(parse_date(r["created_on"], "created_on")) + timedelta(hours=9)
        result_on = _optional_date(r["result_on"], "result_on")
        rows.append(
            {
                "source": r["source"],
                "session": r["session"],
                "person_kind": r["person_kind"],
                "councillor_id": seats[r["seat"]] if r["seat"] else None,
                "district": r["district"],
                "person": r["person"],
                "visit_id": visit_id,
                "text": r["text"],
                "department": r["department"],
                "due_on": _optional_date(r["due_on"], "due_on"),
                "result": r["result"],
                "result_at": _day_start(result_on) + timedelta(hours=18) if result_on else None,
                "told_on": _optional_date(r["told_on"], "told_on"),
                "posted_on": _optional_date(r["posted_on"], "posted_on"),
                "created_at": created,
            }
        )
        if r["note"]:
            notes.append((len(rows) - 1, r["note"], r["created_on"]))
    ids = repository.insert_ledger_items(conn, rows)
    repository.insert_ledger_notes(
        conn,
        [
            {
                "item_id": ids[index],
                "note": text,
                "noted_at": _day_start(parse_date(day, "created_on")) + timedelta(days=7, hours=10),
                "noted_by": "",
            }
            for index, text, day in notes
        ],
    )
    return len(rows)
