"""iCalendar export and parsing without a database: folding, escaping, statuses, fixtures, bad files."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import vobject
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from planner.calendar_ics import ExportOptions, clean_text, parse_ical, visits_to_ical
from planner.domain import SEOUL, Status, ValidationError, Visit
from planner.i18n import error_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ics"
WINDOW = (datetime(2022, 3, 1, tzinfo=SEOUL), datetime(2022, 6, 1, tzinfo=SEOUL))
STAMP = datetime(2022, 3, 15, 0, 0, tzinfo=UTC)


def visit(**changes) -> Visit:
    base = Visit(
        id=7,
        uid="v7@seoul-visit-planner",
        title="서울시립서북병원 코로나19 대응 현장점검",
        site_id=1,
        start=datetime(2022, 3, 22, 14, 0, tzinfo=SEOUL),
        end=datetime(2022, 3, 22, 15, 0, tzinfo=SEOUL),
        category="covid19",
        status=Status.CONFIRMED,
        purpose="시립병원 코로나19 대응 체계와 의료진 근무 여건을 점검한다.",
        attendees="시장, 시민건강국장 (010-1234-5678)",
        notes="내부 메모: 비공개",
        public=True,
        created_at=datetime(2022, 3, 1, 9, tzinfo=SEOUL),
        updated_at=datetime(2022, 3, 2, 9, tzinfo=SEOUL),
        ics_sequence=2,
        site_name="서울시립서북병원",
        site_address="서울특별시 은평구 백련산로 90",
        district="은평구",
        lat=37.5943,
        lon=126.927,
    )
    return replace(base, **changes)


def export(visits, **options) -> bytes:
    options.setdefault("stamp", STAMP)
    options.setdefault("category_labels", {"covid19": "코로나19 대응"})
    return visits_to_ical(visits, ExportOptions(**options))


def only_event(data: bytes):
    return next(iter(Calendar.from_ical(data).walk("VEVENT")))


# ---------------------------------------------------------------- export


def test_export_has_publish_timezone_and_every_interop_property():
    data = export([visit()])
    text = data.decode("utf-8")
    assert "METHOD:PUBLISH" in text
    assert "BEGIN:VTIMEZONE\r\nTZID:Asia/Seoul" in text
    assert "DTSTART;TZID=Asia/Seoul:20220322T140000" in text
    ev = only_event(data)
    for name in ("UID", "SEQUENCE", "DTSTAMP", "CREATED", "LAST-MODIFIED", "STATUS", "SUMMARY", "LOCATION", "GEO"):
        assert name in ev, name
    assert ev["SEQUENCE"] == 2
    assert str(ev["LOCATION"]) == "서울시립서북병원, 서울특별시 은평구 백련산로 90"
    assert "http://localhost:8501/visit?id=7" in str(ev["DESCRIPTION"])
    assert ev.categories == ["코로나19 대응"]
    assert str(Calendar.from_ical(data)["X-WR-CALNAME"]) == "서울시장 현장방문"


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Status.PROPOSED, "TENTATIVE"),
        (Status.APPROVED, "TENTATIVE"),
        (Status.CONFIRMED, "CONFIRMED"),
        (Status.DONE, "CONFIRMED"),
        (Status.CANCELLED, "CANCELLED"),
    ],
)
def test_status_mapping(status, expected):
    assert str(only_event(export([visit(status=status)]))["STATUS"]) == expected


def test_categories_and_name_follow_the_language():
    data = export([visit()], lang="en", category_labels={"covid19": "COVID-19 response"})
    assert only_event(data).categories == ["COVID-19 response"]
    assert "X-WR-CALNAME:Seoul mayor's field visits" in data.decode()


def test_same_data_gives_same_bytes_apart_from_dtstamp():
    a = export([visit(), visit(id=8, uid="v8@x")], stamp=STAMP)
    b = export([visit(), visit(id=8, uid="v8@x")], stamp=STAMP + timedelta(days=3))
    assert a != b
    strip = re.compile(rb"DTSTAMP:[0-9TZ]+\r\n")
    assert strip.sub(b"", a) == strip.sub(b"", b)


def test_korean_text_folds_at_75_octets_without_breaking_characters():
    long_title = "서울특별시 현장방문 " * 30
    data = export([visit(title=long_title, purpose="가나다라마바사" * 80)])
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # raises if a character was cut in two
    assert str(only_event(data)["SUMMARY"]) == long_title


def test_control_characters_are_removed_and_injection_stays_inside_the_text():
    nasty = "회의\x00\x07\x1b[31m\r\nEND:VEVENT\r\nBEGIN:VEVENT;a,b\\c"
    data = export([visit(title=nasty, purpose=nasty)])
    assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", data)
    assert data.count(b"\r\nBEGIN:VEVENT\r\n") == 1  # the text never starts a line of its own
    assert str(only_event(data)["SUMMARY"]) == clean_text(nasty)


def test_public_export_drops_notes_and_attendees():
    internal = export([visit()]).decode()
    public = export([visit()], public=True).decode()
    assert "비공개" in internal and "010-1234-5678" in internal
    assert "비공개" not in public and "010-1234-5678" not in public
    assert "서울시장 공개 일정" in public


def test_an_independent_parser_reads_the_export():
    data = export([visit(), visit(id=8, uid="v8@x", title="English title, with; punctuation")])
    cal = vobject.readOne(data.decode("utf-8"))
    events = cal.vevent_list
    assert [e.uid.value for e in events] == ["v7@seoul-visit-planner", "v8@x"]
    assert events[0].dtstart.value == datetime(2022, 3, 22, 14, 0, tzinfo=SEOUL)
    assert events[1].summary.value == "English title, with; punctuation"


# ---------------------------------------------------------------- round trip property

text = st.text(
    alphabet=st.sampled_from(list("가나다라서울시장현장방문 abcXYZ,;:\\\"'\n\t&<>") + ["\x00", "\x07", "é", "😀"]),
    max_size=300,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=text.filter(lambda s: clean_text(s).strip()), purpose=text, attendees=text, notes=text)
def test_export_then_parse_gives_back_the_text(title, purpose, attendees, notes):
    v = visit(title=title, purpose=purpose, attendees=attendees, notes=notes)
    parsed = parse_ical(export([v]), WINDOW).events
    assert len(parsed) == 1
    ev = parsed[0]
    assert ev.uid == v.uid
    assert ev.summary == clean_text(title).strip()
    assert (ev.start, ev.end) == (v.start, v.end)
    assert ev.planner.get("x-planner-purpose", "") == clean_text(purpose).strip()
    assert ev.planner.get("x-planner-attendees", "") == clean_text(attendees).strip()
    assert ev.planner.get("x-planner-notes", "") == clean_text(notes).strip()


# ---------------------------------------------------------------- real-world shapes


def parse(name: str, window=WINDOW):
    return parse_ical((FIXTURES / name).read_bytes(), window, max_bytes=5_000_000)


def seoul(*args) -> datetime:
    return datetime(*args, tzinfo=SEOUL)


def test_google_x_wr_timezone_utc_and_floating_times_land_in_seoul():
    events = {e.summary: e for e in parse("google_x_wr_timezone.ics").events}
    assert events["국무회의 참석"].start == seoul(2022, 3, 22, 10, 0)
    floating = next(e for s, e in events.items() if s.startswith("언론 인터뷰"))
    assert (floating.start, floating.end) == (seoul(2022, 3, 23, 15, 0), seoul(2022, 3, 23, 16, 30))


def test_outlook_windows_time_zone_name_and_free_time():
    busy, free = parse("outlook_windows_tzid.ics").events
    assert (busy.start, busy.end) == (seoul(2022, 3, 24, 10, 0), seoul(2022, 3, 24, 11, 30))
    assert not busy.transparent and free.transparent


def test_thunderbird_iana_zones_convert_to_seoul():
    meeting, call = parse("thunderbird_iana_tzid.ics").events
    assert meeting.start == seoul(2022, 3, 28, 9, 0)
    assert meeting.geo == (37.563843, 126.997602)
    assert call.start == seoul(2022, 3, 28, 9, 0)  # 01:00 in London (GMT) is 09:00 in Seoul


def test_all_day_events_have_an_exclusive_end():
    one, three, no_end = parse("all_day.ics").events
    assert one.all_day and (one.start, one.end) == (seoul(2022, 3, 30, 0, 0), seoul(2022, 3, 31, 0, 0))
    assert three.end - three.start == timedelta(days=3)
    assert no_end.end - no_end.start == timedelta(days=1)


def test_recurring_event_is_expanded_with_exdate_and_moved_occurrence():
    events = parse("recurring_exdate.ics").events
    starts = [e.start for e in events]
    assert seoul(2022, 3, 21, 8, 30) not in starts  # EXDATE
    assert seoul(2022, 3, 28, 8, 30) not in starts and seoul(2022, 3, 29, 14, 0) in starts  # moved
    assert len(events) == 5  # COUNT=6 minus one EXDATE
    assert len({e.recurrence_id for e in events}) == 5


def test_recurrence_expansion_stops_at_the_window():
    window = (seoul(2022, 3, 1, 0, 0), seoul(2022, 3, 11, 0, 0))
    events = parse("bad/unbounded_rrule.ics", window).events
    assert len(events) == 10


def test_floating_time_is_seoul_wall_clock():
    (ev,) = parse("floating.ics").events
    assert ev.start == seoul(2022, 3, 31, 16, 0)


def test_phone_duration_and_attendees():
    (ev,) = parse("phone_duration_alarm.ics").events
    assert ev.end - ev.start == timedelta(minutes=45)
    assert ev.attendees == "김비서"


# ---------------------------------------------------------------- bad files (NOTES.md)


@pytest.mark.parametrize(
    ("name", "key", "line"),
    [
        ("missing_end.ics", "error.ics_missing_end", 4),
        ("cp949.ics", "error.ics_not_utf8", 9),
        ("no_dtstart.ics", "error.ics_no_dtstart", 4),
        ("dtend_before_dtstart.ics", "error.ics_end_before_start", 4),
        ("vcard.ics", "error.ics_not_calendar", 1),
        ("only_todo.ics", "error.ics_no_events", None),
        ("unknown_tzid.ics", "error.ics_unknown_tz", 4),
    ],
)
def test_bad_file_is_refused_naming_what_and_where(name, key, line):
    with pytest.raises(ValidationError) as caught:
        parse(f"bad/{name}")
    assert caught.value.key == key
    if line is not None:
        assert caught.value.params["line"] == line
        assert str(line) in error_text(caught.value, "ko")


def test_bom_is_accepted():
    (ev,) = parse("bad/bom.ics").events
    assert ev.summary == "회의"


def test_control_characters_in_a_file_are_removed():
    parsed = parse("bad/control_chars.ics")
    assert parsed.removed_controls == 3
    assert parsed.events[0].summary == "회의[31m"


def test_huge_file_is_refused_before_parsing():
    data = (FIXTURES / "google_x_wr_timezone.ics").read_bytes()
    with pytest.raises(ValidationError) as caught:
        parse_ical(data + b" " * 2000, WINDOW, max_bytes=len(data) + 1000)
    assert caught.value.key == "error.ics_too_large"


def test_too_many_occurrences_is_refused():
    with pytest.raises(ValidationError) as caught:
        parse_ical((FIXTURES / "bad/unbounded_rrule.ics").read_bytes(), WINDOW, max_occurrences=20)
    assert caught.value.key == "error.ics_too_many_occurrences"


def test_duplicate_uid_is_refused():
    data = (FIXTURES / "floating.ics").read_bytes()
    event = data[data.index(b"BEGIN:VEVENT") : data.index(b"END:VCALENDAR")]
    doubled = data.replace(b"END:VCALENDAR", event + b"END:VCALENDAR")
    with pytest.raises(ValidationError) as caught:
        parse_ical(doubled, WINDOW)
    assert caught.value.key == "error.ics_duplicate_uid"
    assert caught.value.params["first"] == 4


# ---------------------------------------------------------------- issue 9: real files and their refusals


def test_property_folded_before_its_colon_is_unfolded_first():
    """Issue 9, item 1: Google folds ``ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PART`` / `` ICIPANT...``."""
    events = parse("google_folded_before_colon.ics").events
    assert len(events) == 4
    assert {e.attendees for e in events} == {"비서실"}


@pytest.mark.parametrize(
    ("name", "prop", "line", "first"), [("two_dtstart.ics", "DTSTART", 8, 7), ("two_dtend.ics", "DTEND", 9, 8)]
)
def test_two_dtstart_or_dtend_in_one_vevent_is_refused_naming_the_line(name, prop, line, first):
    """Issue 9, item 2: was ``AttributeError: 'list' object has no attribute 'dt'``."""
    with pytest.raises(ValidationError) as caught:
        parse(f"bad/{name}")
    assert caught.value.key == "error.ics_duplicate_property"
    assert (caught.value.params["prop"], caught.value.params["line"], caught.value.params["first"]) == (
        prop,
        line,
        first,
    )
    assert f"{line}" in error_text(caught.value, "en") and prop in error_text(caught.value, "ko")


@pytest.mark.parametrize(
    ("dtstart", "year"), [("00010101T100000", 1), ("99991231T230000Z", 9999), ("18991231T230000Z", 1899)]
)
def test_dtstart_in_year_1_or_9999_is_refused_naming_the_line_not_overflowing(dtstart, year):
    """Issue 9, item 13: stored as UTC, year 1 or 9999 raised OverflowError on the way."""
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:edge\r\n"
        f"DTSTART:{dtstart}\r\nDURATION:PT1H\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    window = (seoul(2022, 1, 1, 0, 0), seoul(2023, 1, 1, 0, 0))
    with pytest.raises(ValidationError) as caught:
        parse_ical(text.encode(), window)
    assert caught.value.key == "error.ics_year_out_of_range"
    assert (caught.value.params["line"], caught.value.params["year"]) == (6, year)
    assert "{" not in error_text(caught.value, "ko")


def test_recurrence_id_range_thisandfuture_moves_that_and_later_instances():
    """Issue 9, item 3: RFC 5545 3.8.4.4; was refused as a duplicate UID of itself."""
    events = parse("this_and_future.ics").events
    assert [e.start for e in events] == [
        seoul(2022, 3, 21, 9, 0),
        seoul(2022, 3, 28, 9, 0),
        seoul(2022, 4, 4, 14, 0),
        seoul(2022, 4, 11, 14, 0),
        seoul(2022, 4, 18, 14, 0),
    ]
    assert [e.end - e.start for e in events[2:]] == [timedelta(minutes=90)] * 3
    # each instance keeps its own id (its original start), so a re-import updates it in place
    assert [e.recurrence_id for e in events][2:] == ["20220404T000000Z", "20220411T000000Z", "20220418T000000Z"]


def test_custom_time_zone_with_transitions_imports_and_two_starts_in_it_are_refused():
    """Issue 9, item 4: the shape of icalendar's ``pacific_fiji`` calendar crashed the importer."""
    (ev,) = parse("custom_tz_transitions.ics").events
    assert ev.start == seoul(2022, 3, 22, 9, 0)  # 12:00 at +12:00 (Fiji standard time in March)
    with pytest.raises(ValidationError) as caught:
        parse("bad/custom_tz_two_dtstart.ics")
    assert caught.value.key == "error.ics_duplicate_property" and caught.value.params["line"] == 25


def test_invalid_tzoffset_is_refused_naming_the_line():
    """Issue 9, item 7: was "The calendar cannot be read: Offset must be less than 24 hours" (no line)."""
    with pytest.raises(ValidationError) as caught:
        parse("bad/tzoffset_out_of_range.ics")
    assert caught.value.key == "error.ics_bad_tzoffset"
    assert caught.value.params["line"] == 9 and "+5328" in error_text(caught.value, "en")


def test_too_many_occurrences_names_the_event_line_and_the_last_day_of_the_window():
    """Issue 9, item 7: the line of the recurring event, and the window's last day (not the day after)."""
    with pytest.raises(ValidationError) as caught:
        parse_ical((FIXTURES / "bad/unbounded_rrule.ics").read_bytes(), WINDOW, max_occurrences=20)
    assert caught.value.params["line"] == 4
    assert caught.value.params["end"] == "2022-05-31"  # WINDOW ends at 2022-06-01 00:00, exclusive


def test_a_line_the_parser_cannot_split_names_its_property_not_none():
    """Issue 9, item 7: ``DTSTART;;VALUE=...`` was reported as "None cannot be read"."""
    data = (FIXTURES / "floating.ics").read_bytes()
    start = data.index(b"DTSTART")
    broken = data[:start] + b"DTSTART;;VALUE=DATE-TIME:20220331T160000\r\n" + data[data.index(b"\n", start) + 1 :]
    with pytest.raises(ValidationError) as caught:
        parse_ical(broken, WINDOW)
    assert caught.value.params["prop"] == "DTSTART"
    assert "None" not in error_text(caught.value, "en")
    assert caught.value.params["line"] == broken[:start].count(b"\n") + 1


def test_export_carries_site_name_and_address_apart():
    """Issue 9, item 6: LOCATION joins them with ", ", which a site's name may itself contain."""
    v = visit(site_name="광장, 시장; 본관\\동", site_address="서울 중구, 세종대로 110")
    (ev,) = parse_ical(export([v]), WINDOW).events
    assert ev.planner["x-planner-site"] == "광장, 시장; 본관\\동"
    assert ev.planner["x-planner-address"] == "서울 중구, 세종대로 110"
