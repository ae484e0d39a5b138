"""Messages of the council registries (issue 14): councillors, committees, departments, district heads,
constituencies."""

MESSAGES = {
    "error.registry_unknown_committee": {
        "ko": "등록되지 않은 상임위원회입니다: '{value}'",
        "en": "Unknown committee: '{value}'",
    },
    "error.registry_bad_line": {
        "ko": "{line}번째 줄: {reason} 아무것도 가져오지 않았습니다.",
        "en": "Line {line}: {reason} Nothing was imported.",
    },
    "error.registry_seat_twice": {
        "ko": "{line}번째 줄: 의석 '{seat}'이(가) {first}번째 줄에도 있습니다. 아무것도 가져오지 않았습니다.",
        "en": "Line {line}: seat '{seat}' is also on line {first}. Nothing was imported.",
    },
    "error.registry_bad_file": {
        "ko": "파일을 읽을 수 없습니다: {path} ({reason})",
        "en": "Cannot read the file: {path} ({reason})",
    },
    "error.registry_missing_columns": {
        "ko": "CSV 파일에 필요한 열이 없습니다: {columns}",
        "en": "The CSV file lacks the columns: {columns}",
    },
    "error.registry_seat_taken": {
        "ko": "이미 등록된 의석입니다: {seat}",
        "en": "That seat is already registered: {seat}",
    },
    "error.registry_bad_code": {
        "ko": "코드는 영문·숫자·밑줄 40자 이내여야 합니다: '{value}'",
        "en": "A code is up to 40 letters, digits or underscores: '{value}'",
    },
    "error.registry_bad_kind": {
        "ko": "부서 구분은 실, 본부, 국, 기타 중 하나입니다: '{value}'",
        "en": "A department kind is one of 실, 본부, 국, 기타: '{value}'",
    },
    "error.registry_dong_elsewhere": {
        "ko": "행정동 '{dong}'은(는) 이미 {constituency}에 속합니다.",
        "en": "The 행정동 '{dong}' already belongs to {constituency}.",
    },
    "field.seat": {"ko": "의석", "en": "Seat"},
    "field.party": {"ko": "정당", "en": "Party"},
    "field.term": {"ko": "대수", "en": "Term"},
    "field.committees": {"ko": "상임위원회", "en": "Committees"},
    "field.committee": {"ko": "소관 상임위원회", "en": "Committee"},
    "field.dongs": {"ko": "행정동 목록", "en": "행정동 list"},
    "field.dong": {"ko": "행정동", "en": "행정동 (administrative dong)"},
    "field.file": {"ko": "파일", "en": "File"},
    "field.code": {"ko": "코드", "en": "Code"},
    "registry.title": {"ko": "시의회·부서 명부", "en": "Council and department registries"},
    "registry.intro": {
        "ko": "시의원(의석·정당·선거구·상임위원회·직위), 상임위원회, 실·본부·국, 구청장, 선거구별 행정동을 관리합니다. "
        "시의원 명부는 CSV로도 가져올 수 있습니다(`python -m planner councillors import FILE.csv`).",
        "en": "Councillors (seat, party, constituency, committees, role), committees, departments, district heads "
        "and the 행정동 of each constituency. Councillors can also be imported from CSV "
        "(`python -m planner councillors import FILE.csv`).",
    },
    "registry.tab.councillors": {"ko": "시의원", "en": "Councillors"},
    "registry.tab.committees": {"ko": "상임위원회", "en": "Committees"},
    "registry.tab.departments": {"ko": "실·본부·국", "en": "Departments"},
    "registry.tab.heads": {"ko": "구청장", "en": "District heads"},
    "registry.tab.constituencies": {"ko": "선거구", "en": "Constituencies"},
    "registry.tab.sites": {"ko": "장소의 행정동", "en": "Sites' 행정동"},
    "registry.new": {"ko": "(새로 등록)", "en": "(new)"},
    "registry.edit": {"ko": "고칠 항목", "en": "Entry to edit"},
    "registry.save": {"ko": "저장", "en": "Save"},
    "registry.saved": {"ko": "저장했습니다.", "en": "Saved."},
    "registry.import": {"ko": "CSV 가져오기", "en": "Import CSV"},
    "registry.imported": {
        "ko": "{added}명을 추가하고 {updated}명을 고쳤습니다.",
        "en": "Added {added} and updated {updated} councillors.",
    },
    "registry.name": {"ko": "이름", "en": "Name"},
    "registry.department_name": {"ko": "부서 이름", "en": "Department"},
    "registry.department_kind": {"ko": "구분", "en": "Type"},
    "registry.district_needed": {"ko": "자치구를 고르세요.", "en": "Choose the district."},
    "registry.chairs": {"ko": "위원장인 상임위원회", "en": "Chairs"},
    "registry.dongs_help": {
        "ko": "한 줄에 하나, 또는 쉼표로 구분",
        "en": "One per line, or separated by commas",
    },
    "registry.site": {"ko": "장소", "en": "Site"},
    "registry.none": {"ko": "등록된 항목이 없습니다.", "en": "Nothing registered yet."},
    "registry.name_ko": {"ko": "이름(한국어)", "en": "Name (Korean)"},
    "registry.name_en": {"ko": "이름(영어)", "en": "Name (English)"},
    "registry.leadership": {"ko": "지도부", "en": "Leadership"},
    "council.role.committee_chair": {"ko": "상임위원장", "en": "committee chair"},
    "cli.councillors_imported": {
        "ko": "{added}명을 추가하고 {updated}명을 고쳤습니다.",
        "en": "Added {added} and updated {updated} councillors.",
    },
}
