"""Messages of the core: errors, the visit log, the home page, the frame and the CLI."""

MESSAGES: dict[str, dict[str, str]] = {
    # ---- errors
    "error.illegal_transition": {
        "ko": "상태를 '{current}'에서 '{new}'(으)로 바꿀 수 없습니다. 순서: 제안 → 승인 → 확정 → 완료, 진행 중인 일정은 취소 가능.",
        "en": "Cannot change status from '{current}' to '{new}'. Order: proposed → approved → confirmed → done; open visits can be cancelled.",
    },
    "error.unknown_status": {
        "ko": "알 수 없는 상태입니다: '{value}' (가능: {allowed})",
        "en": "Unknown status '{value}' (allowed: {allowed})",
    },
    "error.bad_datetime": {
        "ko": "날짜·시간 형식이 올바르지 않습니다: '{value}' (예: 2022-03-31T14:00)",
        "en": "Not a valid date and time: '{value}' (e.g. 2022-03-31T14:00)",
    },
    "error.bad_date": {
        "ko": "날짜 형식이 올바르지 않습니다: '{value}' (예: 2022-03-31)",
        "en": "Not a valid date: '{value}' (e.g. 2022-03-31)",
    },
    "error.unknown_district": {
        "ko": "서울의 자치구가 아닙니다: '{value}'",
        "en": "Not one of Seoul's districts: '{value}'",
    },
    "error.bad_coordinates": {
        "ko": "좌표가 올바르지 않습니다: 위도 {lat}, 경도 {lon}",
        "en": "Invalid coordinates: latitude {lat}, longitude {lon}",
    },
    "error.outside_seoul": {
        "ko": "좌표(위도 {lat}, 경도 {lon})가 서울 밖입니다. 서울 밖 장소라면 확인란을 선택하세요.",
        "en": "The point (latitude {lat}, longitude {lon}) is outside Seoul. Confirm it if the place really is outside Seoul.",
    },
    "error.district_mismatch": {
        "ko": "입력한 자치구({given})와 좌표의 자치구({located})가 다릅니다.",
        "en": "The district given ({given}) does not match the coordinates ({located}).",
    },
    "error.required": {"ko": "필수 항목입니다: {field}", "en": "Required: {field}"},
    "error.too_long": {
        "ko": "{field}이(가) 너무 깁니다 (최대 {max}자).",
        "en": "{field} is too long (at most {max} characters).",
    },
    "error.one_line": {
        "ko": "{field}은(는) 한 줄로 써야 합니다 (줄바꿈·탭 불가).",
        "en": "{field} must be a single line (no line breaks or tabs).",
    },
    "error.bad_character": {
        "ko": "{field}에 쓸 수 없는 문자({code})가 있습니다. 지우고 다시 입력하세요.",
        "en": "{field} contains a character that is not allowed ({code}); remove it and try again.",
    },
    "error.year_out_of_range": {
        "ko": "연도는 {min}~{max}년만 쓸 수 있습니다: {value}",
        "en": "Years from {min} to {max} are supported: {value}",
    },
    "error.date_out_of_range": {
        "ko": "날짜는 {min}~{max}년만 쓸 수 있습니다: '{value}'",
        "en": "Dates in the years {min}-{max} are supported: '{value}'",
    },
    "error.dates_reversed": {
        "ko": "마지막 날({to})이 첫날({start})보다 앞섭니다.",
        "en": "The last day ({to}) is before the first day ({start}).",
    },
    "error.file_unreadable": {
        "ko": "파일을 읽을 수 없습니다: {path} ({reason})",
        "en": "Cannot read the file {path} ({reason})",
    },
    "error.bad_port": {
        "ko": "포트 번호는 1~65535 사이여야 합니다: {value}",
        "en": "A port number is between 1 and 65535: {value}",
    },
    "error.too_long_visit": {
        "ko": "방문 일정은 7일을 넘을 수 없습니다.",
        "en": "A visit cannot last more than 7 days.",
    },
    "error.end_before_start": {
        "ko": "종료 시각은 시작 시각보다 뒤여야 합니다.",
        "en": "The end must be after the start.",
    },
    "error.unknown_category": {
        "ko": "알 수 없는 분야입니다: '{value}'",
        "en": "Unknown category: '{value}'",
    },
    "error.bad_category_code": {
        "ko": "분야 코드는 영문 소문자로 시작하는 2~40자의 영문·숫자·밑줄이어야 합니다: '{value}'",
        "en": "A category code is 2-40 lowercase letters, digits or underscores, starting with a letter: '{value}'",
    },
    "error.bad_color": {
        "ko": "색상은 #RRGGBB 형식이어야 합니다: '{value}'",
        "en": "A colour is written #RRGGBB: '{value}'",
    },
    "error.bad_report_group": {
        "ko": "보고 구분이 올바르지 않습니다: '{value}'",
        "en": "Unknown report group: '{value}'",
    },
    "error.category_exists": {
        "ko": "이미 있는 분야 코드입니다: '{value}'",
        "en": "That category code already exists: '{value}'",
    },
    "error.bad_rank": {
        "ko": "보고서 주요 내용 순서는 1~99 사이여야 합니다.",
        "en": "The report highlight rank must be between 1 and 99.",
    },
    "error.uid_exists": {
        "ko": "같은 UID의 일정이 이미 있습니다: {value}",
        "en": "A visit with this UID already exists: {value}",
    },
    "error.site_not_found": {"ko": "장소를 찾을 수 없습니다: {id}", "en": "No site with id {id}"},
    "error.site_name_not_found": {
        "ko": "등록된 장소가 없습니다: '{name}'",
        "en": "No registered site named '{name}'",
    },
    "error.site_name_ambiguous": {
        "ko": "같은 이름의 장소가 여럿입니다('{name}': {ids}). 장소 번호로 지정하세요.",
        "en": "Several sites are named '{name}' (ids {ids}); give the site id instead.",
    },
    "error.visit_not_found": {"ko": "일정을 찾을 수 없습니다: {id}", "en": "No visit with id {id}"},
    "error.unknown_field": {"ko": "바꿀 수 없는 항목입니다: {value}", "en": "Not an editable field: {value}"},
    "error.series_every": {
        "ko": "반복 간격은 1~{max}주입니다: {value}",
        "en": "Repeat every 1 to {max} weeks: {value}",
    },
    "error.series_end": {
        "ko": "반복 횟수나 마지막 날짜 중 하나만 정하세요.",
        "en": "Give either a number of repetitions or a last day, not both or neither.",
    },
    "error.series_count": {
        "ko": "반복 일정은 {max}회까지 만들 수 있습니다: {value}회",
        "en": "A series has at most {max} visits: {value}",
    },
    "error.series_until": {
        "ko": "마지막 날짜({value})가 첫 날짜({first})보다 앞입니다.",
        "en": "The last day ({value}) is before the first ({first}).",
    },
    "error.series_empty": {
        "ko": "그 기간의 날이 모두 공휴일이라 만들 일정이 없습니다.",
        "en": "Every day of that series is a public holiday: no visit to make.",
    },
    "error.series_refused": {
        "ko": "{date} 일정을 저장할 수 없어 반복 일정을 하나도 만들지 않았습니다: {reason}",
        "en": "The visit on {date} cannot be saved, so no visit of the series was made: {reason}",
    },
    "error.bulk_nothing": {"ko": "고른 일정이 없습니다.", "en": "No visit chosen."},
    "error.bulk_refused": {
        "ko": "일정 {id}번을 바꿀 수 없어 아무 일정도 바꾸지 않았습니다: {reason}",
        "en": "Visit {id} cannot be changed, so no visit was changed: {reason}",
    },
    "error.stale_version": {
        "ko": "다른 사용자가 이 일정을 먼저 수정했습니다(보신 판 {seen}, 현재 판 {current}). 새로 불러와 다시 확인하세요. 저장하지 않았습니다.",
        "en": "Someone else changed this visit first (you saw version {seen}, it is now {current}). Reload and check again; nothing was saved.",
    },
    "error.sample_not_empty": {
        "ko": "데이터베이스가 비어 있지 않아 예시 데이터를 넣지 않았습니다.",
        "en": "The database is not empty; the sample data was not loaded.",
    },
    "error.sample_unknown_site": {
        "ko": "예시 데이터의 장소 키가 없습니다: {value}",
        "en": "Sample data names an unknown site key: {value}",
    },
    # ---- field labels (used in error messages and forms)
    "field.title": {"ko": "제목", "en": "Title"},
    "field.name": {"ko": "장소 이름", "en": "Site name"},
    "field.site": {"ko": "장소", "en": "Site"},
    "field.start": {"ko": "시작", "en": "Start"},
    "field.end": {"ko": "종료", "en": "End"},
    "field.category": {"ko": "분야", "en": "Category"},
    "field.status": {"ko": "상태", "en": "Status"},
    "field.district": {"ko": "자치구", "en": "District"},
    "field.purpose": {"ko": "방문 목적", "en": "Purpose"},
    "field.attendees": {"ko": "참석자", "en": "Attendees"},
    "field.notes": {"ko": "내부 메모", "en": "Internal notes"},
    "field.public": {"ko": "공개 일정", "en": "Public"},
    "field.important": {"ko": "중요 일정", "en": "Important"},
    "field.highlight_rank": {"ko": "보고서 주요 내용 순서", "en": "Report highlight rank"},
    "field.lat": {"ko": "위도", "en": "Latitude"},
    "field.lon": {"ko": "경도", "en": "Longitude"},
    "field.address": {"ko": "주소", "en": "Address"},
    "field.kind": {"ko": "장소 유형", "en": "Kind of place"},
    "field.version": {"ko": "판", "en": "Version"},
    "field.date": {"ko": "일자", "en": "Date"},
    "field.time": {"ko": "시간", "en": "Time"},
    "field.id": {"ko": "번호", "en": "ID"},
    "field.uid": {"ko": "UID", "en": "UID"},
    "field.label": {"ko": "분야 이름", "en": "Category name"},
    "field.label_ko": {"ko": "한국어 이름", "en": "Korean label"},
    "field.label_en": {"ko": "영어 이름", "en": "English label"},
    "field.councillor_name": {"ko": "시의원 이름", "en": "Councillor's name"},
    "field.constituency": {"ko": "선거구", "en": "Constituency"},
    "field.contact": {"ko": "연락처", "en": "Contact"},
    "field.department": {"ko": "담당 부서", "en": "Department"},
    "field.year": {"ko": "연도", "en": "Year"},
    "field.search": {"ko": "검색어", "en": "Search text"},
    # ---- statuses
    "status.proposed": {"ko": "제안", "en": "Proposed"},
    "status.approved": {"ko": "승인", "en": "Approved"},
    "status.confirmed": {"ko": "확정", "en": "Confirmed"},
    "status.done": {"ko": "완료", "en": "Done"},
    "status.cancelled": {"ko": "취소", "en": "Cancelled"},
    # ---- CLI
    "cli.sample_loaded": {
        "ko": "예시 데이터를 넣었습니다: 일정 {count}건",
        "en": "Sample data loaded: {count} visits",
    },
    "cli.initialised": {"ko": "데이터베이스가 준비되었습니다.", "en": "The database is ready."},
    "error.cannot_write_file": {
        "ko": "파일을 쓸 수 없습니다: {path} ({reason}). 기존 파일은 그대로입니다.",
        "en": "Cannot write the file {path} ({reason}). Any previous file is unchanged.",
    },
    # argparse's refusals, one line each; {help} is the command's --help
    "cli.usage_error": {"ko": "{prog}: {problem} 도움말: {help}", "en": "{prog}: {problem} See {help}"},
    "cli.usage.required": {
        "ko": "필요한 인자가 없습니다: {names}.",
        "en": "Missing required arguments: {names}.",
    },
    "cli.usage.one_of_required": {
        "ko": "다음 중 하나가 필요합니다: {names}.",
        "en": "One of these is required: {names}.",
    },
    "cli.usage.unrecognized": {
        "ko": "알 수 없는 인자입니다: {names}.",
        "en": "Unknown arguments: {names}.",
    },
    "cli.usage.invalid_choice": {
        "ko": "{argument}에 '{value}'은(는) 쓸 수 없습니다 (가능: {choices}).",
        "en": "{argument} cannot be '{value}' (choose from {choices}).",
    },
    "cli.usage.invalid_value": {
        "ko": "{argument}의 값 '{value}'이(가) 올바르지 않습니다 ({kind} 필요).",
        "en": "{argument}: '{value}' is not a valid {kind}.",
    },
    "cli.usage.expected_value": {
        "ko": "{argument}에 값이 필요합니다.",
        "en": "{argument} needs a value.",
    },
    "cli.usage.not_allowed_with": {
        "ko": "{argument}와(과) {other}는 함께 쓸 수 없습니다.",
        "en": "{argument} cannot be used with {other}.",
    },
    "cli.usage.ambiguous": {
        "ko": "{option}이(가) 여러 인자와 맞습니다: {matches}.",
        "en": "{option} could mean several arguments: {matches}.",
    },
    "cli.usage.other": {"ko": "{message}.", "en": "{message}."},
    "cli.kind.int": {"ko": "정수", "en": "whole number"},
    "cli.kind.float": {"ko": "숫자", "en": "number"},
    # ---- frame
    "app.title": {"ko": "현장방문 플래너", "en": "Field-visit planner"},
    "app.subtitle": {
        "ko": "서울특별시장 민생 현장방문 일정 기획",
        "en": "Planning the Seoul mayor's field visits",
    },
    "app.language": {"ko": "언어", "en": "Language"},
    "app.sample_loaded": {
        "ko": "처음 시작하여 예시 데이터(2021~2022년 현장방문과 앞으로의 일정, 모두 {count}건)를 넣었습니다.",
        "en": "First start: sample data loaded ({count} field visits from 2021-2022 and upcoming).",
    },
    "nav.home": {"ko": "홈", "en": "Home"},
    "nav.section_schedule": {"ko": "일정", "en": "Schedule"},
    "nav.section_council": {"ko": "시의회", "en": "City council"},
    "nav.section_reports": {"ko": "통계·보고", "en": "Statistics and reports"},
    "nav.section_admin": {"ko": "관리", "en": "Administration"},
    "nav.visits": {"ko": "방문 기록", "en": "Visit log"},
    # ---- home
    "home.title": {"ko": "한눈에 보기", "en": "At a glance"},
    "home.this_week": {"ko": "이번 주 ({start} ~ {end})", "en": "This week ({start} - {end})"},
    "home.next_week": {"ko": "다음 주 ({start} ~ {end})", "en": "Next week ({start} - {end})"},
    "home.attention": {"ko": "확인이 필요한 일", "en": "Needs attention"},
    "home.nothing": {"ko": "일정이 없습니다.", "en": "No visits."},
    "home.all_clear": {"ko": "확인할 일이 없습니다.", "en": "Nothing needs attention."},
    "home.metric_week": {"ko": "이번 주 일정", "en": "Visits this week"},
    "home.metric_next": {"ko": "다음 주 일정", "en": "Visits next week"},
    "home.metric_attention": {"ko": "확인 필요", "en": "Need attention"},
    "home.metric_year": {"ko": "올해 완료한 방문", "en": "Visits done this year"},
    "attention.needs_approval": {
        "ko": "승인 대기: {title} ({when})",
        "en": "Awaiting approval: {title} ({when})",
    },
    "attention.needs_confirmation": {
        "ko": "확정 필요(3일 이내): {title} ({when})",
        "en": "To confirm (within 3 days): {title} ({when})",
    },
    "attention.past_not_closed": {
        "ko": "지난 일정의 결과 미처리: {title} ({when})",
        "en": "Past visit not closed: {title} ({when})",
    },
    "attention.overlap": {
        "ko": "시간 겹침: {title} ({when}) ↔ {other}",
        "en": "Overlap: {title} ({when}) ↔ {other}",
    },
    # ---- visit log
    "visits.title": {"ko": "방문 기록", "en": "Visit log"},
    "visits.filters": {"ko": "검색 조건", "en": "Filters"},
    "visits.year": {"ko": "연도", "en": "Year"},
    "placeholder.choose": {"ko": "고르세요", "en": "Choose"},
    "period.this_week": {"ko": "이번 주", "en": "This week"},
    "period.next_week": {"ko": "다음 주", "en": "Next week"},
    "period.this_month": {"ko": "이번 달", "en": "This month"},
    "period.next_month": {"ko": "다음 달", "en": "Next month"},
    "visits.all": {"ko": "전체", "en": "All"},
    "visits.date_range": {"ko": "기간", "en": "Date range"},
    "visits.search": {
        "ko": "검색어 (제목·목적·참석자·메모·장소)",
        "en": "Search (title, purpose, attendees, notes, site)",
    },
    "visits.count": {"ko": "{count}건", "en": "{count} visits"},
    "visits.rows": {"ko": "표에 보일 범위 (최근 일정부터)", "en": "Rows shown (newest first)"},
    "visits.rows_range": {"ko": "{first}–{last}번째", "en": "{first}–{last}"},
    "visits.rows_note": {
        "ko": "표는 한 번에 {size}건씩 보여 줍니다. 검색·필터로 좁히거나 CSV로 모두 내려받을 수 있습니다.",
        "en": "The table shows {size} visits at a time. Narrow it with the filters or download them all as CSV.",
    },
    "visits.empty": {"ko": "조건에 맞는 일정이 없습니다.", "en": "No visit matches the filters."},
    "visits.add": {"ko": "새 일정 추가", "en": "Add a visit"},
    "visits.edit": {"ko": "일정 수정 · 상태 변경", "en": "Edit a visit or change its status"},
    "visits.pick": {"ko": "수정할 일정", "en": "Visit to edit"},
    "visits.save": {"ko": "저장", "en": "Save"},
    "visits.saved": {"ko": "저장했습니다: {title} (판 {version})", "en": "Saved: {title} (version {version})"},
    "visits.added": {"ko": "추가했습니다: {title}", "en": "Added: {title}"},
    "visits.new_site": {"ko": "새 장소 등록", "en": "Register a new site"},
    "visits.existing_site": {"ko": "등록된 장소", "en": "Registered site"},
    "visits.site_mode": {"ko": "장소 지정 방식", "en": "Site"},
    "visits.outside_seoul": {"ko": "서울 밖 장소임을 확인합니다", "en": "I confirm this place is outside Seoul"},
    "visits.start_date": {"ko": "시작 일자", "en": "Start date"},
    "visits.start_time": {"ko": "시작 시각", "en": "Start time"},
    "visits.end_date": {"ko": "종료 일자", "en": "End date"},
    "visits.end_time": {"ko": "종료 시각", "en": "End time"},
    "visits.change_status": {"ko": "상태 변경", "en": "Change status"},
    "visits.apply_status": {"ko": "상태 적용", "en": "Apply status"},
    "visits.no_transition": {"ko": "이 일정은 더 이상 상태를 바꿀 수 없습니다.", "en": "This visit's status is final."},
    "visits.busy_item": {"ko": "{summary} (다른 달력의 일정)", "en": "{summary} (other calendar)"},
    "visits.overlap_warning": {
        "ko": "같은 시간에 다른 일정이 있습니다: {items}",
        "en": "Other visits at the same time: {items}",
    },
    "visits.changed_elsewhere": {
        "ko": "이 일정은 다른 사용자가 수정하여 지금은 판 {version}입니다. 새로 불러온 뒤 수정하세요.",
        "en": "Someone else changed this visit; it is now version {version}. Reload before editing.",
    },
    "visits.link_not_listed": {
        "ko": "링크의 일정 #{id}은(는) 지금 목록에 없습니다 (거르기 조건, 또는 없는 일정). 아래는 다른 일정입니다.",
        "en": "The linked visit #{id} is not in this list (the filters, or no such visit). The one below is another.",
    },
    "visits.pick_limited": {
        "ko": "최근 {limit}건만 고를 수 있습니다. 검색 조건으로 좁혀 주세요.",
        "en": "Only the newest {limit} visits can be picked; narrow the filters to find others.",
    },
    "visits.reload": {"ko": "새로 불러오기", "en": "Reload"},
    "visits.download_csv": {"ko": "CSV 내려받기", "en": "Download CSV"},
    "visits.chart": {"ko": "월별 일정 수", "en": "Visits per month"},
    # ---- categories
    "categories.title": {"ko": "분야 관리", "en": "Categories"},
    "categories.code": {"ko": "코드", "en": "Code"},
    "categories.label_ko": {"ko": "한국어 이름", "en": "Korean label"},
    "categories.label_en": {"ko": "영어 이름", "en": "English label"},
    "categories.color": {"ko": "색상", "en": "Colour"},
    "categories.report_group": {"ko": "시의회 보고 구분", "en": "Council report line"},
    "categories.add": {"ko": "분야 추가", "en": "Add category"},
    "categories.added": {"ko": "분야를 추가했습니다: {code}", "en": "Category added: {code}"},
    "categories.group.covid19": {"ko": "코로나19 대응", "en": "COVID-19 response"},
    "categories.group.policy": {"ko": "주요 정책 분야", "en": "Main policy fields"},
    "categories.group.district_coop": {"ko": "시-구 협력", "en": "District cooperation"},
    "categories.group.other": {"ko": "보고 제외", "en": "Not in the report"},
    # ---- history / undo
    "error.version_not_found": {
        "ko": "일정 {id}에 판 {version}이 없습니다.",
        "en": "Visit {id} has no version {version}.",
    },
    "history.title": {"ko": "변경 이력 · 되돌리기", "en": "History and undo"},
    "history.none": {"ko": "아직 변경된 적이 없습니다.", "en": "Not changed yet."},
    "history.entry": {
        "ko": "판 {version} ({when}에 바뀜): {fields}",
        "en": "Version {version} (replaced {when}): {fields}",
    },
    "history.restore": {"ko": "판 {version} 내용으로 되돌리기", "en": "Restore version {version}"},
    "history.restored": {
        "ko": "판 {version}의 내용으로 되돌렸습니다 (새 판 {new}).",
        "en": "Restored the contents of version {version} (new version {new}).",
    },
}
