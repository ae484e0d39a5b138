"""The test calendars of other projects' suites, walked file by file through our importer.

Acceptance of issue 9: the calendars of icalendar's, recurring-ical-events', khal's and ical.js's
own test suites that are valid import (as busy time, dry run) with the occurrence counts that
recurring-ical-events gives for the same window; the malformed ones are refused with exit 2 and
one line. Nothing from those projects is committed here: icalendar and recurring-ical-events ship
their calendars inside the installed packages; khal's come from its PyPI source archive, which
``.ci/run`` downloads and unpacks into ``$PLANNER_EXTERNAL_CALENDARS`` (``khal-<version>/tests/ics``);
ical.js's npm package ships no test calendars, so they are read only when a copy of its
``samples/`` and ``test/parser/`` is put in ``$PLANNER_EXTERNAL_CALENDARS/ical.js`` by hand.

How each file is classified (the rule, in order):
1. no VEVENT in it (time zones, tasks, free/busy, vCards...): nothing to import; refused (exit 2).
2. a bare component (khal keeps single VEVENTs without VCALENDAR): refused as it is; imported
   once wrapped in BEGIN/END:VCALENDAR, as khal's own tests do.
3. named in ``MALFORMED`` (broken on purpose upstream, with the reason) or ``REFUSED_BY_RULE``
   (valid for some readers, refused by a rule of ours, with the rule): refused (exit 2).
4. recurring-ical-events itself cannot read it: malformed; refused (exit 2).
5. otherwise valid: imported, and the occurrences in ``WINDOW`` equal recurring-ical-events'.
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events

from planner import calendar_exchange, cli, db, services
from planner.domain import SEOUL
from tests.conftest import uow_at

# Wide enough for every dated event of the suites (1990s to 2020s), narrow enough that the daily
# rules without end stay under our 20,000-occurrence limit.
WINDOW = (datetime(2000, 1, 1, tzinfo=SEOUL), datetime(2030, 1, 1, tzinfo=SEOUL))
EXTERNAL = os.environ.get("PLANNER_EXTERNAL_CALENDARS", "")


def _suites() -> dict[str, Path | None]:
    root = Path(EXTERNAL) if EXTERNAL else None
    khal = sorted(root.glob("khal-*/tests/ics")) if root else []
    icaljs = root / "ical.js" if root and (root / "ical.js").is_dir() else None
    return {
        "icalendar": Path(icalendar.__file__).parent / "tests" / "calendars",
        "recurring-ical-events": Path(recurring_ical_events.__file__).parent / "test" / "calendars",
        "khal": khal[-1] if khal else None,
        "ical.js": icaljs,
    }


SUITES = _suites()
SKIP_REASON = {
    "khal": "khal's test calendars come from its PyPI source archive: set PLANNER_EXTERNAL_CALENDARS "
    "to the folder .ci/run unpacks it in",
    "ical.js": "ical.js's npm package ships no test calendars: put a copy of its samples/ and test/parser/ "
    "in $PLANNER_EXTERNAL_CALENDARS/ical.js to walk them",
}

# Broken on purpose upstream (the file's name or its test says so), with what is broken.
MALFORMED = {
    ("icalendar", "issue_168_input.ics"): "a content line without a colon (X-APPLE-RADIUS=...)",
    ("icalendar", "issue_178_custom_component_contains_other.ics"): "the root component is not VCALENDAR",
    ("icalendar", "issue_348_exception_parsing_value.ics"): "a content line without a colon",
    ("icalendar", "issue_350.ics"): "text after END:VCALENDAR",
    ("icalendar", "issue_722_missing_VTIMEZONE_custom.ics"): "a TZID with no VTIMEZONE (RFC 5545 3.2.19)",
    ("icalendar", "timezone_rdate.ics"): "a content line without a colon (SUMMARY=testevent)",
    ("icalendar", "timezone_same_start_and_offset.ics"): "END:VCALENDARD",
    ("recurring-ical-events", "end_before_start_event.ics"): "DTEND before DTSTART (RFC 5545 3.8.2.2)",
    ("recurring-ical-events", "issue_132_swapped_start_and_end.ics"): "DTEND before DTSTART (swapped)",
    ("recurring-ical-events", "issue_201_test_matrix.ics"): "END:VTOOD closes BEGIN:VTODO",
    ("khal", "event_dt_local_missing_tz.ics"): "a TZID with no VTIMEZONE (FOO)",
    ("khal", "event_dtr_no_tz_exdatez.ics"): "a TZID with no VTIMEZONE (LOLOLOL)",
    ("khal", "event_dtr_notz_untilz.ics"): "a TZID with no VTIMEZONE",
    ("khal", "event_rrule_recuid_invalid_tzid.ics"): "a TZID with no VTIMEZONE (foo)",
    ("khal", "event_dt_multi_uid.ics"): "two events with one UID and no RECURRENCE-ID (RFC 5545 3.8.4.7)",
}
# Read by some clients, refused by a rule of ours (stated in README, import section).
REFUSED_BY_RULE = {
    ("recurring-ical-events", "alarm_absolute_edited.ics"): "two copies of one event told apart only by "
    "SEQUENCE: we refuse a duplicate UID rather than guess which copy is meant",
    ("khal", "event_dt_mixed_awareness.ics"): "floating times are Seoul wall-clock time; read so, the "
    "event with a floating DTSTART and a zoned DTEND ends before it starts",
}
# Valid for us, but the reference cannot count them as they are: what it is given instead.
_ALARM = re.compile(rb"BEGIN:VALARM.*?END:VALARM\r?\n", re.S)
REFERENCE_WITHOUT_ALARMS = {
    ("khal", "non_dst_error.ics"): "TRIGGER:PT-2H in a VALARM (sign after P) stops the reference; "
    "alarms are not imported, so the reference counts the file without its alarms",
}


def _files() -> list:
    params = []
    for suite, root in SUITES.items():
        if root is None:
            params.append(pytest.param(suite, None, id=f"{suite}-absent"))
            continue
        for path in sorted(root.rglob("*.ics")):
            params.append(pytest.param(suite, path, id=f"{suite}-{path.relative_to(root)}"))
    return params


@pytest.fixture(scope="module")
def cli_db(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('external') / 'planner.db'}"
    engine = db.get_engine(url)
    services.init_database(engine, create=True)
    yield engine, url
    db.dispose_engine(url)


def _refused(path: Path, url: str, monkeypatch, capsys) -> str:
    monkeypatch.setenv("PLANNER_DATABASE_URL", url)
    capsys.readouterr()
    code = cli.main(["import-ics", str(path), "--dry-run", "--from", "2000-01-01", "--to", "2029-12-31"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2, f"{path.name} was not refused (exit {code})"
    assert len(err) == 1 and "Traceback" not in err[0], err
    return err[0]


def _reference_count(data: bytes) -> int:
    return len(list(recurring_ical_events.of(icalendar.Calendar.from_ical(data)).between(*WINDOW)))


def _our_count(engine, data: bytes) -> int:
    report = calendar_exchange.import_ics(
        uow_at(engine, datetime(2022, 3, 15, tzinfo=SEOUL)), data, "busy", window=WINDOW, dry_run=True, max_bytes=0
    )
    start, end = WINDOW
    return sum(1 for i in report.items if i.start < end and (i.end > start or i.start >= start))


@pytest.mark.parametrize(("suite", "path"), _files())
def test_external_calendar_imports_with_reference_counts_or_is_refused(
    suite, path, cli_db, monkeypatch, capsys, tmp_path
):
    if path is None:
        pytest.skip(SKIP_REASON[suite])
    engine, url = cli_db
    data = path.read_bytes()
    key = (suite, path.name)
    if b"BEGIN:VEVENT" not in data.upper():  # rule 1
        _refused(path, url, monkeypatch, capsys)
        return
    first_begin = re.search(rb"^BEGIN:(\S+)", data, re.M | re.I)
    if first_begin and first_begin.group(1).upper() == b"VEVENT":  # rule 2: khal's bare components
        _refused(path, url, monkeypatch, capsys)
        data = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + data.rstrip() + b"\r\nEND:VCALENDAR\r\n"
        path = tmp_path / path.name
        path.write_bytes(data)
    if key in MALFORMED or key in REFUSED_BY_RULE:  # rule 3
        _refused(path, url, monkeypatch, capsys)
        return
    reference_data = _ALARM.sub(b"", data) if key in REFERENCE_WITHOUT_ALARMS else data
    try:
        expected = _reference_count(reference_data)
    except Exception:  # rule 4: the reference cannot read it either
        _refused(path, url, monkeypatch, capsys)
        return
    assert _our_count(engine, data) == expected  # rule 5
