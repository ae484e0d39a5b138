"""Messages of the site management screen (issue 12, item 7): list, edit, merge duplicates, publishable."""

MESSAGES: dict[str, dict[str, str]] = {
    "nav.sites": {"ko": "장소 관리", "en": "Sites"},
    "error.site_changed": {
        "ko": "장소 {id}의 '{field}'이(가) 그사이 바뀌었습니다. 다시 불러온 뒤 고치세요.",
        "en": "Site {id}'s '{field}' was changed meanwhile. Reload it, then edit.",
    },
    "error.merge_same_site": {
        "ko": "장소 {id}을(를) 자기 자신에 합칠 수 없습니다.",
        "en": "Site {id} cannot be merged into itself.",
    },
    "sites.title": {"ko": "장소 관리", "en": "Sites"},
    "sites.read_only": {
        "ko": "장소를 고치거나 합치는 일은 관리자만 합니다.",
        "en": "Only an admin edits or merges sites.",
    },
    "sites.pick": {"ko": "장소 고르기", "en": "Site"},
    # The kinds the sample and the importers use; any other kind is shown as written.
    "sites.kind.public_office": {"ko": "공공청사", "en": "Public office"},
    "sites.kind.market": {"ko": "전통시장", "en": "Market"},
    "sites.kind.hospital": {"ko": "병원", "en": "Hospital"},
    "sites.kind.construction_site": {"ko": "공사 현장", "en": "Construction site"},
    "sites.kind.housing_site": {"ko": "주택 사업지", "en": "Housing site"},
    "sites.kind.safety_facility": {"ko": "안전 시설", "en": "Safety facility"},
    "sites.kind.welfare_facility": {"ko": "복지 시설", "en": "Welfare facility"},
    "sites.kind.shopping_area": {"ko": "상가", "en": "Shopping area"},
    "sites.kind.testing_site": {"ko": "선별진료소·검사소", "en": "Testing site"},
    "sites.kind.vaccination_center": {"ko": "예방접종센터", "en": "Vaccination centre"},
    "sites.kind.treatment_center": {"ko": "생활치료센터", "en": "Treatment centre"},
    "sites.kind.ev_charging": {"ko": "전기차 충전소", "en": "EV charging"},
    "sites.kind.other": {"ko": "기타", "en": "Other"},
    "sites.edit": {"ko": "장소 고치기", "en": "Edit the site"},
    "sites.save": {"ko": "저장", "en": "Save"},
    "sites.saved": {"ko": "장소 '{name}'을(를) 저장했습니다.", "en": "Saved the site '{name}'."},
    "sites.publishable_saved": {
        "ko": "장소 '{name}': 공개 일정에 주소·좌표 표시 — {state}",
        "en": "Site '{name}': address and position public — {state}",
    },
    "sites.merge": {"ko": "중복 장소 합치기", "en": "Merge a duplicate"},
    "sites.merge_help": {
        "ko": "고른 중복 장소의 일정을 모두 '{name}'(으)로 옮기고(일정마다 새 판과 이력) 중복 장소를 지웁니다.",
        "en": "Moves every visit of the chosen duplicate to '{name}' (a new version and history each), then removes the duplicate.",
    },
    "sites.merge_drop": {"ko": "없앨 중복 장소", "en": "Duplicate to remove"},
    "sites.merge_confirm": {
        "ko": "이 중복 장소를 지우고 일정을 옮깁니다.",
        "en": "Remove this duplicate and move its visits.",
    },
    "sites.merge_confirm_needed": {"ko": "먼저 확인란을 선택하세요.", "en": "Tick the confirmation first."},
    "sites.merge_button": {"ko": "합치기", "en": "Merge"},
    "sites.merged": {
        "ko": "장소 '{drop}'을(를) '{keep}'에 합쳤습니다.",
        "en": "Merged the site '{drop}' into '{keep}'.",
    },
}
