"""The planner's visits to and from iCalendar (RFC 5545): pure functions, no database.

Export builds one ``METHOD:PUBLISH`` calendar that Outlook, Google and Thunderbird accept: an
Asia/Seoul VTIMEZONE, one VEVENT per visit with its stable UID and a SEQUENCE that rises when
something a calendar shows changes. The same visits give the same bytes apart from DTSTAMP.
Planner-only facts (category code, purpose, attendees, notes) also travel as ``X-PLANNER-*``
properties, which clients ignore and our import reads, so export then import is lossless.

Import reads what real clients write (NOTES.md, "icalendar 7"): the parser is lenient, so the
file is checked here first (encoding, BEGIN/END balance, line shapes) and each event after
(DTSTART, DTEND after DTSTART, known time zone). Google's ``X-WR-TIMEZONE`` files go through
``x-wr-timezone``; recurring events are expanded inside a window with ``recurring-ical-events``
(EXDATE and moved occurrences honoured). Every refusal is a ``ValidationError`` whose message
names what is wrong and the line where it is.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import recurring_ical_events
import x_wr_timezone
from icalendar import Calendar, Event, Timezone, vText

from planner.domain import SEOUL, SEOUL_TZID, YEAR_MAX, YEAR_MIN, Status, ValidationError, Visit
from planner.i18n import t

PRODID = "-//Seoul Metropolitan Government//Field-visit planner//KO"
TZID = SEOUL_TZID

# Planner status -> iCalendar STATUS (issue 4).
ICS_STATUS = {
    Status.PROPOSED: "TENTATIVE",
    Status.APPROVED: "TENTATIVE",
    Status.CONFIRMED: "CONFIRMED",
    Status.DONE: "CONFIRMED",
    Status.CANCELLED: "CANCELLED",
}

# C0 and C1 control characters except TAB and LF: icalendar writes them raw (NOTES.md), and
# several clients refuse a file containing them.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_IN_FILE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str | None) -> str:
    """Text safe for a calendar: newlines normalised to LF, control characters removed."""
    if not text:
        return ""
    return _CONTROL.sub("", str(text).replace("\r\n", "\n").replace("\r", "\n"))


def visit_link(base_url: str, visit_id: int | None) -> str:
    """The visit's own page (issue 12); ``/visits?visit=<id>``, the link of earlier exports, keeps working."""
    return f"{base_url.rstrip('/')}/visit?id={visit_id}"


# ---------------------------------------------------------------- export


@dataclass(frozen=True)
class ExportOptions:
    """How to write a calendar. ``stamp`` is DTSTAMP, the only part that may differ between runs."""

    stamp: datetime
    lang: str = "ko"
    base_url: str = "http://localhost:8501"
    # The public schedule (issue 13): the title, times, status, category and a coarse place only; no link,
    # description, purpose, attendees or notes; the site's address and GEO only when the site is publishable.
    public: bool = False
    name: str = ""  # X-WR-CALNAME; default from the language and ``public``
    category_labels: Mapping[str, str] = field(default_factory=dict)


def location_text(visit: Visit) -> str:
    name, address = clean_text(visit.site_name).strip(), clean_text(visit.site_address).strip()
    if name and address and address != name:
        return f"{name}, {address}"
    return name or address


def public_location_text(visit: Visit) -> str:
    """A public event's place: the site's name and district, unless the site is publishable (then as
    ``location_text``). Exact addresses of markets, shelters or homes are not for everyone."""
    if visit.site_publishable:
        return location_text(visit)
    name, district = clean_text(visit.site_name).strip(), clean_text(visit.district).strip()
    if name and district and district not in name:
        return f"{name}, {district}"
    return name or district


def _description(visit: Visit, options: ExportOptions, link: str) -> str:
    parts = []
    purpose = clean_text(visit.purpose).strip()
    if not options.public:
        attendees = clean_text(visit.attendees).strip()
        if attendees:
            parts.append(f"{t('field.attendees', options.lang)}: {attendees}")
        notes = clean_text(visit.notes).strip()
        if notes:
            parts.append(f"{t('field.notes', options.lang)}: {notes}")
    parts.append(link)
    return f"{purpose}\n\n" + "\n".join(parts) if purpose else "\n".join(parts)


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def _seoul_timezone(visits: Sequence[Visit]) -> Timezone:
    if visits:
        first = min(v.start for v in visits).astimezone(SEOUL).date()
        last = max(v.end for v in visits).astimezone(SEOUL).date() + timedelta(days=1)
    else:
        first, last = date(2000, 1, 1), date(2000, 1, 2)
    return Timezone.from_tzid(TZID, first_date=first, last_date=last)


def visits_to_ical(visits: Sequence[Visit], options: ExportOptions) -> bytes:
    """One calendar holding ``visits`` (already filtered) as VEVENTs, in the order given."""
    lang = options.lang
    stamp = _utc(options.stamp)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    name = options.name or t("calendar.public_name" if options.public else "calendar.name", lang)
    # One line of TEXT: a raw newline breaks the file (icalendar asserts) and X- properties are
    # not escaped unless typed as vText (a comma, semicolon or backslash must be escaped).
    cal.add("x-wr-calname", vText(" ".join(clean_text(name).split())))
    # Hints for subscribing clients: poll hourly (RFC 7986, and Outlook's own property).
    cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    cal.add_component(_seoul_timezone(visits))
    for visit in visits:
        cal.add_component(_event(visit, options, stamp))
    return cal.to_ical()


def _event(visit: Visit, options: ExportOptions, stamp: datetime) -> Event:
    ev = Event()
    ev.add("uid", visit.uid)
    ev.add("sequence", int(visit.ics_sequence))
    ev.add("dtstamp", stamp)
    if visit.created_at is not None:
        ev.add("created", _utc(visit.created_at))
    if visit.updated_at is not None:
        ev.add("last-modified", _utc(visit.updated_at))
    ev.add("dtstart", visit.start.astimezone(SEOUL))
    ev.add("dtend", visit.end.astimezone(SEOUL))
    ev.add("status", ICS_STATUS[visit.status])
    ev.add("summary", clean_text(visit.title))
    exact = not options.public or visit.site_publishable
    location = location_text(visit) if not options.public else public_location_text(visit)
    if location:
        ev.add("location", location)
    if exact and visit.lat is not None and visit.lon is not None:
        ev.add("geo", (round(visit.lat, 6), round(visit.lon, 6)))
    ev.add("categories", [clean_text(options.category_labels.get(visit.category, visit.category))])
    if not options.public:  # the link and the description are internal (issue 13)
        link = visit_link(options.base_url, visit.id)
        ev.add("description", _description(visit, options, link))
        ev.add("url", link)
    # icalendar treats X- properties as unknown (unescaped): make them TEXT explicitly.
    ev.add("x-planner-category", vText(visit.category))
    # The site's own name and address: LOCATION joins them with ", ", which a name may contain.
    if clean_text(visit.site_name).strip():
        ev.add("x-planner-site", vText(clean_text(visit.site_name).strip()))
    if exact and clean_text(visit.site_address).strip():
        ev.add("x-planner-address", vText(clean_text(visit.site_address).strip()))
    if not options.public:
        if visit.purpose:
            ev.add("x-planner-purpose", vText(clean_text(visit.purpose)))
        if visit.attendees:
            ev.add("x-planner-attendees", vText(clean_text(visit.attendees)))
        if visit.notes:
            ev.add("x-planner-notes", vText(clean_text(visit.notes)))
    return ev


# ---------------------------------------------------------------- import


@dataclass(frozen=True)
class IncomingEvent:
    """One event (or one occurrence of a recurring event) read from a file, in Seoul time."""

    uid: str
    recurrence_id: str  # "" for a single event; the occurrence's UTC start, YYYYMMDDTHHMMSSZ
    summary: str
    start: datetime
    end: datetime
    all_day: bool
    line: int  # line of its BEGIN:VEVENT in the file
    location: str = ""
    geo: tuple[float, float] | None = None
    categories: tuple[str, ...] = ()
    description: str = ""
    attendees: str = ""
    status: str = ""  # TENTATIVE, CONFIRMED, CANCELLED or ""
    transparent: bool = False
    sequence: int = 0
    end_given: bool = True
    planner: Mapping[str, str] = field(default_factory=dict)  # X-PLANNER-* values, lower-case names

    @property
    def key(self) -> tuple[str, str]:
        return (self.uid, self.recurrence_id)

    @property
    def cancelled(self) -> bool:
        return self.status == "CANCELLED"


@dataclass(frozen=True)
class ParsedCalendar:
    events: list[IncomingEvent]
    name: str = ""
    ignored_components: int = 0  # VTODO, VJOURNAL, ...: not events
    removed_controls: int = 0  # control characters dropped from the file
    recurring_uids: frozenset[str] = frozenset()

    @property
    def span(self) -> tuple[datetime, datetime]:
        """From the first start to the last end (an event without an end counts an hour)."""
        return (
            min(e.start for e in self.events),
            max(max(e.end, e.start + timedelta(hours=1)) for e in self.events),
        )


MAX_OCCURRENCES = 20_000


def _refuse(key: str, **params: object) -> ValidationError:
    return ValidationError(key, field="file", **params)


def decode(data: bytes, max_bytes: int) -> tuple[str, int]:
    """The file's text (BOM dropped, control characters removed) and how many were removed."""
    if max_bytes and len(data) > max_bytes:
        raise _refuse("error.ics_too_large", size=len(data), max=max_bytes)
    if not data.strip():
        raise _refuse("error.ics_empty")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _refuse("error.ics_not_utf8", line=line) from None
    text, removed = _CONTROL_IN_FILE.subn("", text)
    return text, removed


@dataclass(frozen=True)
class Structure:
    """What the structure check learnt: where each VEVENT begins and where its properties are."""

    event_lines: list[int]  # line of each BEGIN:VEVENT, in order
    event_props: list[dict[str, int]]  # per VEVENT: property name -> line of its first occurrence
    text: str  # the calendar unfolded, VALARMs left out, for the parser


# RFC 5545 3.6.1: these occur at most once in a VEVENT; two of them make the event ambiguous.
_ONCE_PER_EVENT = ("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID")
# RFC 5545 3.3.14: UTC-OFFSET is [+-]hhmm[ss].
_UTC_OFFSET = re.compile(r"^[+-]([01]\d|2[0-3])[0-5]\d([0-5]\d)?$")


def logical_lines(text: str) -> list[tuple[int, str]]:
    """The content lines of ``text`` unfolded (RFC 5545 3.1), each with its first physical line.

    Unfolding comes before any check of a line's shape: Google folds long properties anywhere,
    even before the colon (``ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PART`` / `` ICIPANT...``).
    """
    lines: list[tuple[int, str]] = []
    folded = False
    # split("\n"), not splitlines(): the latter also breaks at U+2028 and friends inside text.
    for number, raw in enumerate(text.split("\n"), start=1):
        raw = raw.rstrip("\r")
        if not raw:
            folded = False
            continue
        if raw[0] in " \t":
            if folded:  # the continuation of a folded line
                lines[-1] = (lines[-1][0], lines[-1][1] + raw[1:])
            continue
        lines.append((number, raw))
        folded = True
    return lines


def check_structure(text: str) -> Structure:
    """Check BEGIN/END nesting and line shapes (after unfolding); say where events and properties are."""
    stack: list[tuple[str, int]] = []
    event_lines: list[int] = []
    event_props: list[dict[str, int]] = []
    kept: list[str] = []
    seen_calendar = False
    closed_at = 0
    for number, raw in logical_lines(text):
        name, colon, value = raw.partition(":")
        if not colon or not name.strip():
            if closed_at:
                raise _refuse("error.ics_after_end", line=number)
            if not seen_calendar:
                raise _refuse("error.ics_not_calendar", line=number, text=raw[:40])
            raise _refuse("error.ics_bad_line", line=number, text=raw[:40])
        upper = name.upper()
        in_alarm = any(component == "VALARM" for component, _ in stack)
        if upper == "BEGIN":
            component = value.strip().upper()
            if closed_at:
                raise _refuse("error.ics_after_end", line=number)
            if not stack and component != "VCALENDAR":
                raise _refuse("error.ics_not_calendar", line=number, text=raw[:40])
            seen_calendar = True
            stack.append((component, number))
            if component == "VEVENT":
                event_lines.append(number)
                event_props.append({})
            if component == "VALARM" or in_alarm:
                continue  # alarms are not imported: their content is neither checked nor parsed
        elif upper == "END":
            component = value.strip().upper()
            if not stack:
                raise _refuse(
                    "error.ics_after_end" if closed_at else "error.ics_not_calendar", line=number, text=raw[:40]
                )
            if stack[-1][0] != component:
                open_name, open_line = stack[-1]
                raise _refuse("error.ics_unexpected_end", line=number, name=component, open=open_name, opened=open_line)
            stack.pop()
            if not stack:
                closed_at = number
            if in_alarm:
                continue
        elif not stack:
            if closed_at:
                raise _refuse("error.ics_after_end", line=number)
            raise _refuse("error.ics_not_calendar", line=number, text=raw[:40])
        elif in_alarm:
            continue
        else:
            prop = upper.partition(";")[0].strip()
            if stack[-1][0] == "VEVENT":
                props = event_props[-1]
                if prop in _ONCE_PER_EVENT and prop in props:
                    raise _refuse("error.ics_duplicate_property", line=number, prop=prop, first=props[prop])
                props.setdefault(prop, number)
            elif prop in ("TZOFFSETFROM", "TZOFFSETTO") and not _UTC_OFFSET.match(value.strip()):
                raise _refuse("error.ics_bad_tzoffset", line=number, prop=prop, value=value.strip()[:20])
        kept.append(raw)
    if stack:
        name, line = stack[-1]
        raise _refuse("error.ics_missing_end", name=name, line=line)
    if not seen_calendar:
        raise _refuse("error.ics_not_calendar", line=1, text="")
    return Structure(event_lines, event_props, "\r\n".join(kept) + "\r\n")


def parse_ical(
    data: bytes,
    window: tuple[datetime, datetime],
    max_bytes: int = 0,
    max_occurrences: int = MAX_OCCURRENCES,
) -> ParsedCalendar:
    """Read a calendar file into events; recurring events give their occurrences in ``window``.

    Single events are kept whatever their date; only recurrence expansion is bounded by the
    window (so an RRULE without end is safe). Raises ``ValidationError`` naming what and where.
    """
    text, removed = decode(data, max_bytes)
    structure = check_structure(text)
    event_lines, event_props = structure.event_lines, structure.event_props
    try:
        cal = Calendar.from_ical(structure.text)
    except ValueError as exc:
        raise _refuse("error.ics_unreadable", detail=str(exc)[:120]) from None
    raw_events: list[Event] = [c for c in cal.walk("VEVENT") if isinstance(c, Event)]
    if len(raw_events) != len(event_lines):  # never expected; keeps line numbers honest
        event_lines, event_props = [0] * len(raw_events), [{} for _ in raw_events]
    ignored = sum(1 for c in cal.subcomponents if c.name not in ("VEVENT", "VTIMEZONE"))
    if not raw_events:
        raise _refuse("error.ics_no_events")
    lines = {id(ev): line for ev, line in zip(raw_events, event_lines, strict=True)}
    for ev, props in zip(raw_events, event_props, strict=True):
        _check_raw_event(ev, lines[id(ev)], props)
    if "X-WR-TIMEZONE" in cal:
        try:
            cal = x_wr_timezone.to_standard(cal)
        except Exception as exc:  # the library raises many kinds for a time zone it cannot apply
            raise _refuse("error.ics_unreadable", detail=str(exc)[:120]) from None
        converted = list(cal.walk("VEVENT"))
        lines = {id(new): lines[id(old)] for old, new in zip(raw_events, converted, strict=True)}
        raw_events = converted

    by_uid: dict[str, list[Event]] = {}
    uid_of: dict[int, str] = {}
    for ev in raw_events:
        uid = clean_text(str(ev.get("UID", ""))).strip() or _generated_uid(ev)
        uid_of[id(ev)] = uid
        by_uid.setdefault(uid, []).append(ev)
    recurring = {uid for uid, items in by_uid.items() if any("RRULE" in e or "RDATE" in e for e in items)}

    events: list[IncomingEvent] = []
    seen: dict[tuple[str, str], int] = {}

    def keep(item: IncomingEvent) -> None:
        if item.key in seen:
            raise _refuse("error.ics_duplicate_uid", uid=item.uid, line=item.line, first=seen[item.key])
        seen[item.key] = item.line
        events.append(item)

    for ev in raw_events:
        uid = uid_of[id(ev)]
        if uid in recurring:
            continue
        keep(_incoming(ev, uid, lines[id(ev)], _rid(ev.get("RECURRENCE-ID"))))
    occurrences = 0
    for uid in sorted(recurring):
        items = by_uid[uid]
        master = next((e for e in items if "RRULE" in e or "RDATE" in e), items[0])
        line = lines[id(master)]
        shifts = _future_shifts(items)
        for occurrence in _expand(items, window, uid, line):
            occurrences += 1
            if occurrences > max_occurrences:
                raise _refuse(
                    "error.ics_too_many_occurrences",
                    max=max_occurrences,
                    uid=uid,
                    line=line,
                    start=window[0].date().isoformat(),
                    # the window's end is exclusive: the last day it holds is the day before
                    end=(window[1] - timedelta(microseconds=1)).date().isoformat(),
                )
            keep(_incoming(occurrence, uid, line, _occurrence_id(occurrence, shifts)))
    name = clean_text(str(cal.get("X-WR-CALNAME", "") or cal.get("NAME", ""))).strip()
    return ParsedCalendar(events, name, ignored, removed, frozenset(recurring))


_PROPERTY_NAME = re.compile(r"'?([A-Za-z][A-Za-z0-9-]*)")


def _check_raw_event(ev: Event, line: int, props: Mapping[str, int] | None = None) -> None:
    """Refuse an event the parser could not read; ``props`` gives each property's line."""
    props = props or {}
    uid = str(ev.get("UID", "")) or "-"
    if getattr(ev, "errors", None):
        prop, detail = ev.errors[0]
        if not prop:  # a line the parser could not split names no property: take it from the line
            found = _PROPERTY_NAME.search(str(detail).partition(":")[2])
            prop = found.group(1).upper() if found else "-"
        prop = str(prop).upper()
        raise _refuse("error.ics_bad_property", uid=uid, line=props.get(prop, line), prop=prop, detail=str(detail)[:80])
    if "DTSTART" not in ev:
        raise _refuse("error.ics_no_dtstart", uid=uid, line=line)
    for name in ("DTSTART", "DTEND", "RECURRENCE-ID"):
        prop = ev.get(name)
        if prop is None:
            continue
        if isinstance(prop, list):  # the structure check refuses these first; never trust it blindly
            raise _refuse("error.ics_duplicate_property", line=props.get(name, line), prop=name, first=line)
        value = prop.dt
        if isinstance(value, date) and not YEAR_MIN <= value.year <= YEAR_MAX:
            # Stored times are UTC: year 1 or 9999 overflows on the way (issue 9, item 13).
            raise _refuse(
                "error.ics_year_out_of_range",
                uid=uid,
                line=props.get(name, line),
                prop=name,
                year=value.year,
                min=YEAR_MIN,
                max=YEAR_MAX,
            )
        tzid = prop.params.get("TZID")
        if isinstance(value, datetime) and value.tzinfo is None and tzid:
            raise _refuse("error.ics_unknown_tz", uid=uid, line=line, tzid=str(tzid))


def _future_shifts(items: Sequence[Event]) -> dict[str, timedelta]:
    """For each ``RECURRENCE-ID;RANGE=THISANDFUTURE`` override: how far it moves its instances.

    RFC 5545 3.8.4.4: the override applies to that instance and every later one. The expanded
    instances carry the override's RECURRENCE-ID, so each one's own id is its start moved back.
    """
    shifts: dict[str, timedelta] = {}
    for item in items:
        rid = item.get("RECURRENCE-ID")
        if rid is None or str(rid.params.get("RANGE", "")).upper() != "THISANDFUTURE" or "DTSTART" not in item:
            continue
        shifts[_rid(rid)] = _as_datetime(item.get("DTSTART").dt) - _as_datetime(rid.dt)
    return shifts


def _occurrence_id(occurrence: Event, shifts: Mapping[str, timedelta]) -> str:
    """The id of one expanded instance: its original start, UTC (or its date for all-day)."""
    rid = occurrence.get("RECURRENCE-ID")
    start = occurrence.get("DTSTART").dt
    if rid is not None and str(rid.params.get("RANGE", "")).upper() == "THISANDFUTURE":
        shift = shifts.get(_rid(rid))
        if shift is not None:
            original = _as_datetime(start) - shift
            return _rid(original if isinstance(start, datetime) else original.date())
    return _rid(rid) or _rid(occurrence.get("DTSTART"))


def _generated_uid(ev: Event) -> str:
    """A stable UID for an event that has none (RFC requires one; some exporters omit it)."""
    basis = "|".join(str(ev.get(name, "")) for name in ("DTSTART", "SUMMARY", "LOCATION"))
    return "generated-" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:20] + "@seoul-visit-planner"


def _rid(prop: object) -> str:
    if prop is None:
        return ""
    value = getattr(prop, "dt", prop)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=SEOUL)
        return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    if isinstance(value, date):
        return value.strftime("%Y%m%d")
    return ""


def _expand(items: Sequence[Event], window: tuple[datetime, datetime], uid: str, line: int) -> Iterable[Event]:
    series = Calendar()
    for item in items:
        series.add_component(item)
    start, end = window
    try:
        # ``after`` is lazy: an RRULE without end stops at the window's end, not at infinity.
        for occurrence in recurring_ical_events.of(series).after(start):
            if _as_datetime(occurrence.get("DTSTART").dt) >= end:
                break
            yield occurrence
    except ValidationError:
        raise
    except Exception as exc:  # the library raises many kinds for a broken rule
        raise _refuse("error.ics_bad_recurrence", uid=uid, line=line, detail=str(exc)[:80]) from None


def _as_datetime(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=SEOUL)
    return datetime.combine(value, time.min, tzinfo=SEOUL)


def _text(ev: Event, name: str) -> str:
    value = ev.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0]
    return clean_text(str(value)).strip()


_TEXT_ESCAPE = re.compile(r"\\([\\;,nN])")


def _unescape_text(value: str) -> str:
    """RFC 5545 TEXT unescaping, for X- properties that icalendar leaves as they were written."""
    return _TEXT_ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _incoming(ev: Event, uid: str, line: int, recurrence_id: str) -> IncomingEvent:
    start_value = ev.get("DTSTART").dt
    all_day = not isinstance(start_value, datetime)
    start = _as_datetime(start_value).astimezone(SEOUL)
    end_given = True
    if "DTEND" in ev:
        end = _as_datetime(ev.get("DTEND").dt).astimezone(SEOUL)
    elif "DURATION" in ev:
        end = start + ev.get("DURATION").dt
    elif all_day:
        end = start + timedelta(days=1)  # RFC 5545: a date without end lasts the day
    else:
        end, end_given = start, False
    if end < start:
        raise _refuse(
            "error.ics_end_before_start",
            uid=uid,
            line=line,
            start=start.strftime("%Y-%m-%d %H:%M"),
            end=end.strftime("%Y-%m-%d %H:%M"),
        )
    geo = None
    raw_geo = ev.get("GEO")
    if raw_geo is not None:
        try:
            lat, lon = float(raw_geo.latitude), float(raw_geo.longitude)
            if -90 <= lat <= 90 and -180 <= lon <= 180:
                geo = (lat, lon)
        except (AttributeError, TypeError, ValueError):
            geo = None  # an unreadable GEO is dropped; LOCATION still places the event
    categories: list[str] = []
    raw_categories = ev.get("CATEGORIES")
    for item in raw_categories if isinstance(raw_categories, list) else [raw_categories]:
        if item is not None:
            categories.extend(clean_text(str(c)).strip() for c in getattr(item, "cats", [item]))
    attendees = ev.get("ATTENDEE")
    people = []
    for person in attendees if isinstance(attendees, list) else [attendees]:
        if person is None:
            continue
        cn = person.params.get("CN") if hasattr(person, "params") else None
        people.append(clean_text(str(cn or str(person).removeprefix("mailto:").removeprefix("MAILTO:"))).strip())
    try:
        sequence = int(ev.get("SEQUENCE", 0))
    except (TypeError, ValueError):
        sequence = 0
    planner = {
        name.lower(): clean_text(_unescape_text(str(value))).strip()
        for name, value in ev.items()
        if name.upper().startswith("X-PLANNER-")
    }
    return IncomingEvent(
        uid=uid,
        recurrence_id=recurrence_id,
        summary=_text(ev, "SUMMARY"),
        start=start,
        end=end,
        all_day=all_day,
        line=line,
        location=_text(ev, "LOCATION"),
        geo=geo,
        categories=tuple(c for c in categories if c),
        description=_text(ev, "DESCRIPTION"),
        attendees=", ".join(p for p in people if p),
        status=_text(ev, "STATUS").upper(),
        transparent=_text(ev, "TRANSP").upper() == "TRANSPARENT",
        sequence=sequence,
        end_given=end_given,
        planner=planner,
    )
