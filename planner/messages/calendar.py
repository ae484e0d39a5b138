"""Messages of calendar exchange (issue 4): export, import, feeds, the calendar page and its CLI."""

MESSAGES: dict[str, dict[str, str]] = {
    "nav.calendar": {"ko": "캘린더 연동", "en": "Calendar exchange"},
    # ---- calendar names and placeholders written into files
    "calendar.name": {"ko": "서울시장 현장방문", "en": "Seoul mayor's field visits"},
    "calendar.public_name": {"ko": "서울시장 공개 일정", "en": "Seoul mayor's public schedule"},
    "calendar.unnamed_site": {"ko": "장소 미정", "en": "Place to be confirmed"},
    "calendar.untitled": {"ko": "(제목 없음)", "en": "(untitled)"},
    # ---- import refusals: each names what and where
    "error.ics_too_large": {
        "ko": "파일이 너무 큽니다: {size}바이트 (최대 {max}바이트, 설정 PLANNER_ICS_MAX_BYTES).",
        "en": "The file is too large: {size} bytes (at most {max} bytes, setting PLANNER_ICS_MAX_BYTES).",
    },
    "error.ics_empty": {"ko": "파일이 비어 있습니다.", "en": "The file is empty."},
    "error.ics_not_utf8": {
        "ko": "{line}번째 줄이 UTF-8이 아닙니다 (CP949/EUC-KR로 저장된 파일?). UTF-8로 다시 저장해 주세요.",
        "en": "Line {line} is not UTF-8 (a file saved as CP949/EUC-KR?). Save it as UTF-8 and try again.",
    },
    "error.ics_not_calendar": {
        "ko": "iCalendar 파일이 아닙니다: {line}번째 줄 '{text}' (BEGIN:VCALENDAR로 시작해야 합니다).",
        "en": "Not an iCalendar file: line {line} '{text}' (it must start with BEGIN:VCALENDAR).",
    },
    "error.ics_bad_line": {
        "ko": "{line}번째 줄을 읽을 수 없습니다: '{text}'",
        "en": "Line {line} cannot be read: '{text}'",
    },
    "error.ics_after_end": {
        "ko": "END:VCALENDAR 뒤 {line}번째 줄에 내용이 더 있습니다.",
        "en": "Line {line} comes after END:VCALENDAR.",
    },
    "error.ics_unexpected_end": {
        "ko": "{line}번째 줄의 END:{name}이(가) 맞지 않습니다: {opened}번째 줄의 BEGIN:{open}이(가) 아직 열려 있습니다.",
        "en": "END:{name} on line {line} does not match: BEGIN:{open} from line {opened} is still open.",
    },
    "error.ics_missing_end": {
        "ko": "{line}번째 줄의 BEGIN:{name}이(가) 닫히지 않았습니다 (END:{name} 없음). 파일이 잘렸을 수 있습니다.",
        "en": "BEGIN:{name} on line {line} is never closed (no END:{name}); the file may be truncated.",
    },
    "error.ics_unreadable": {
        "ko": "캘린더를 읽을 수 없습니다: {detail}",
        "en": "The calendar cannot be read: {detail}",
    },
    "error.ics_no_events": {
        "ko": "가져올 일정(VEVENT)이 없습니다. 할 일(VTODO)이나 연락처는 가져오지 않습니다.",
        "en": "The file holds no events (VEVENT). Tasks (VTODO) and contacts are not imported.",
    },
    "error.ics_duplicate_uid": {
        "ko": "{line}번째 줄의 일정 UID '{uid}'이(가) {first}번째 줄의 일정과 같습니다.",
        "en": "The event on line {line} has the same UID '{uid}' as the event on line {first}.",
    },
    "error.ics_too_many_occurrences": {
        "ko": "{line}번째 줄 반복 일정 '{uid}'까지 {start}~{end} 사이의 반복이 {max}개를 넘습니다. 기간을 줄여 주세요 (--from/--to).",
        "en": "Recurring events give more than {max} occurrences between {start} and {end} (reached at the event '{uid}' on line {line}); choose a shorter window (--from/--to).",
    },
    "error.ics_duplicate_property": {
        "ko": "{line}번째 줄: 한 일정에 {prop}이(가) 두 번 있습니다 (처음은 {first}번째 줄).",
        "en": "Line {line}: {prop} appears twice in one event (first on line {first}).",
    },
    "error.ics_bad_tzoffset": {
        "ko": "{line}번째 줄의 {prop} 값 '{value}'이(가) 올바른 시차가 아닙니다 (+hhmm 형식, 24시간 미만).",
        "en": "Line {line}: {prop} '{value}' is not a valid UTC offset (+hhmm, less than 24 hours).",
    },
    "error.ics_bad_property": {
        "ko": "{line}번째 줄 일정 '{uid}'의 {prop} 값을 읽을 수 없습니다: {detail}",
        "en": "Event '{uid}' on line {line}: {prop} cannot be read: {detail}",
    },
    "error.ics_no_dtstart": {
        "ko": "{line}번째 줄 일정 '{uid}'에 시작 시각(DTSTART)이 없습니다.",
        "en": "Event '{uid}' on line {line} has no start (DTSTART).",
    },
    "error.ics_year_out_of_range": {
        "ko": "{line}번째 줄 일정 '{uid}'의 {prop} 연도 {year}은(는) 다룰 수 있는 범위({min}–{max}년) 밖입니다.",
        "en": "Event '{uid}' on line {line}: the year {year} of {prop} is outside the years handled ({min}–{max}).",
    },
    "error.ics_unknown_tz": {
        "ko": "{line}번째 줄 일정 '{uid}'의 시간대 '{tzid}'을(를) 알 수 없습니다.",
        "en": "Event '{uid}' on line {line}: unknown time zone '{tzid}'.",
    },
    "error.ics_bad_recurrence": {
        "ko": "{line}번째 줄 일정 '{uid}'의 반복 규칙을 읽을 수 없습니다: {detail}",
        "en": "Event '{uid}' on line {line}: the recurrence rule cannot be read: {detail}",
    },
    "error.ics_end_before_start": {
        "ko": "{line}번째 줄 일정 '{uid}'의 종료({end})가 시작({start})보다 앞섭니다.",
        "en": "Event '{uid}' on line {line} ends ({end}) before it starts ({start}).",
    },
    "error.ics_visit_too_long": {
        "ko": "{line}번째 줄 일정 '{summary}'은(는) 7일이 넘어 방문 일정으로 가져올 수 없습니다 (바쁜 시간으로는 가능).",
        "en": "The event '{summary}' on line {line} lasts more than 7 days: it cannot become a visit (import it as busy time).",
    },
    "error.ics_bad_mode": {
        "ko": "가져오기 방식이 올바르지 않습니다: '{value}' (가능: {allowed})",
        "en": "Unknown import mode '{value}' (allowed: {allowed})",
    },
    "error.feed_not_found": {
        "ko": "구독 토큰이 없거나 이미 해지되었습니다: {token}",
        "en": "No such feed token, or it was already revoked: {token}",
    },
    # ---- CLI
    "calendar.cli_exported": {
        "ko": "일정 {count}건을 {path}에 저장했습니다.",
        "en": "Wrote {count} visits to {path}.",
    },
    "calendar.cli_imported": {
        "ko": "가져오기 완료({mode}): 추가 {added}, 변경 {updated}, 그대로 {unchanged}, 건너뜀 {skipped}, 삭제 {removed}.",
        "en": "Imported ({mode}): {added} added, {updated} updated, {unchanged} unchanged, {skipped} skipped, {removed} removed.",
    },
    "calendar.cli_dry_run": {
        "ko": "미리보기({mode}, 저장 안 함): 추가 {added}, 변경 {updated}, 그대로 {unchanged}, 건너뜀 {skipped}, 삭제 {removed}.",
        "en": "Dry run ({mode}, nothing written): {added} to add, {updated} to update, {unchanged} unchanged, {skipped} skipped, {removed} to remove.",
    },
    "calendar.cli_revoked": {"ko": "구독 토큰을 해지했습니다.", "en": "The feed token is revoked."},
    # ---- calendar page
    "calendar.title": {"ko": "캘린더 연동", "en": "Calendar exchange"},
    "calendar.intro": {
        "ko": "방문 일정을 Outlook·Google·휴대전화 캘린더로 내보내고, 다른 캘린더의 일정을 가져와 겹치는 일정을 확인합니다.",
        "en": "Send visits to Outlook, Google and phone calendars, and bring other calendars in so conflicts show.",
    },
    "calendar.export": {"ko": "내보내기 (.ics)", "en": "Export (.ics)"},
    "calendar.public": {
        "ko": "공개 일정만 (승인·확정·완료된 공개 방문, 공개 시작 시각 이후; 링크·설명·메모·참석자 제외, 장소는 장소명·자치구)",
        "en": "Public calendar (approved, confirmed and done public visits past their embargo; no link, description, notes or attendees; place as name and district)",
    },
    "calendar.export_count": {"ko": "내보낼 일정: {count}건", "en": "Visits to export: {count}"},
    "calendar.download": {"ko": "캘린더 파일 받기", "en": "Download calendar file"},
    "calendar.one_visit": {"ko": "내 캘린더에 추가 (일정 하나)", "en": "Add to my calendar (one visit)"},
    "calendar.pick_visit": {"ko": "일정 선택", "en": "Visit"},
    "calendar.download_one": {"ko": "이 일정 파일 받기", "en": "Download this visit"},
    "calendar.import": {"ko": "가져오기", "en": "Import"},
    "calendar.upload": {"ko": "iCalendar 파일 (.ics)", "en": "iCalendar file (.ics)"},
    "calendar.mode": {"ko": "가져오는 방식", "en": "Import as"},
    "calendar.mode_busy": {"ko": "바쁜 시간 (겹침 확인용)", "en": "Busy time (for conflicts)"},
    "calendar.mode_visits": {"ko": "방문 제안", "en": "Proposed visits"},
    "calendar.preview": {
        "ko": "미리보기: 추가 {added}, 변경 {updated}, 그대로 {unchanged}, 건너뜀 {skipped}, 삭제 {removed}",
        "en": "Preview: {added} to add, {updated} to update, {unchanged} unchanged, {skipped} skipped, {removed} to remove",
    },
    "calendar.do_import": {"ko": "가져오기 실행", "en": "Import now"},
    "calendar.imported": {
        "ko": "가져왔습니다: 추가 {added}, 변경 {updated}, 그대로 {unchanged}, 건너뜀 {skipped}, 삭제 {removed}",
        "en": "Imported: {added} added, {updated} updated, {unchanged} unchanged, {skipped} skipped, {removed} removed",
    },
    "calendar.action": {"ko": "처리", "en": "Action"},
    "calendar.line": {"ko": "줄", "en": "Line"},
    "calendar.action_add": {"ko": "추가", "en": "add"},
    "calendar.action_update": {"ko": "변경", "en": "update"},
    "calendar.action_unchanged": {"ko": "그대로", "en": "unchanged"},
    "calendar.action_cancel": {"ko": "취소", "en": "cancel"},
    "calendar.action_remove": {"ko": "삭제", "en": "remove"},
    "calendar.action_skip": {"ko": "건너뜀", "en": "skip"},
    "calendar.busy": {"ko": "가져온 바쁜 시간", "en": "Imported busy time"},
    "calendar.busy_none": {"ko": "가져온 바쁜 시간이 없습니다.", "en": "No busy time imported."},
    "calendar.source": {"ko": "출처", "en": "Source"},
    "calendar.feeds": {"ko": "구독 주소 (피드)", "en": "Subscription feeds"},
    "calendar.feeds_help": {
        "ko": "구독 주소는 이 앱이 바로 제공합니다. 따로 피드 서버를 띄울 필요가 없습니다. 주소를 아는 사람은 누구나 볼 수 있으니 필요 없으면 해지하세요.",
        "en": "This app serves the feed URLs itself: no separate feed server to start. Anyone with the URL can read it: revoke those no longer needed.",
    },
    "calendar.feed_create": {"ko": "구독 주소 만들기", "en": "Create feed URL"},
    "calendar.feed_created": {"ko": "새 구독 주소: {url}", "en": "New feed URL: {url}"},
    "calendar.feed_revoke": {"ko": "해지", "en": "Revoke"},
    "calendar.feed_revoked": {"ko": "구독 주소를 해지했습니다.", "en": "The feed URL is revoked."},
    "calendar.feed_none": {"ko": "구독 주소가 없습니다.", "en": "No feed URLs yet."},
    "calendar.feed_public": {"ko": "공개", "en": "public"},
    "calendar.feed_internal": {"ko": "내부", "en": "internal"},
    "calendar.filter_all": {"ko": "전체", "en": "all"},
}
