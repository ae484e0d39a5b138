"""Messages of the screens for several visits at once (issue 12, item 7): duplicate, recurring series,
bulk status change."""

MESSAGES: dict[str, dict[str, str]] = {
    "several.duplicate_title": {"ko": "복제", "en": "Duplicate"},
    "several.duplicate": {"ko": "이 일정 복제", "en": "Duplicate this visit"},
    "several.duplicate_help": {
        "ko": "같은 장소·분야·내용·길이의 새 '제안' 일정을 고른 시작 시각에 만듭니다.",
        "en": "Makes a new proposed visit with the same site, category, texts and length at the chosen start.",
    },
    "several.duplicated": {
        "ko": "일정 #{id} '{title}'을(를) {date}에 만들었습니다.",
        "en": "Made visit #{id} '{title}' on {date}.",
    },
    "several.open_copy": {"ko": "새 일정 #{id} 보기", "en": "Open the new visit #{id}"},
    "several.no_permission": {
        "ko": "이 역할로는 일정을 제안할 수 없어 복제할 수 없습니다.",
        "en": "This role may not propose visits, so it cannot duplicate one.",
    },
    "several.series_title": {"ko": "반복 일정", "en": "Recurring series"},
    "several.no_sites": {"ko": "등록된 장소가 없습니다.", "en": "No site is registered."},
    "several.every_weeks": {"ko": "몇 주마다", "en": "Every N weeks"},
    "several.end_mode": {"ko": "끝", "en": "Ends"},
    "several.end_count": {"ko": "횟수", "en": "after a count"},
    "several.end_until": {"ko": "마지막 날", "en": "on a last day"},
    "several.count": {"ko": "횟수", "en": "Count"},
    "several.until": {"ko": "마지막 날", "en": "Last day"},
    "several.days": {"ko": "만들 일정 {count}건: {days}", "en": "{count} visits to make: {days}"},
    "several.skipped": {
        "ko": "공휴일이라 빼는 날: {days}",
        "en": "Left out as public holidays: {days}",
    },
    "several.create_series": {"ko": "반복 일정 {count}건 저장", "en": "Save the series of {count} visits"},
    "several.series_made": {
        "ko": "반복 일정 '{title}' {count}건을 만들었습니다 ({first} ~ {last}, 공휴일 {skipped}일 제외).",
        "en": "Made the series '{title}': {count} visits ({first} to {last}, {skipped} holidays left out).",
    },
    "several.bulk_title": {"ko": "여러 일정 상태 변경", "en": "Change the status of several visits"},
    "several.pick": {"ko": "일정 고르기 (걸러진 목록에서)", "en": "Visits (from the filtered log)"},
    "several.confirm": {
        "ko": "고른 일정 {count}건을 '{status}'(으)로 바꿉니다. 하나라도 안 되면 아무것도 바꾸지 않습니다.",
        "en": "Change {count} visits to '{status}'. If any one cannot change, none is changed.",
    },
    "several.confirm_needed": {"ko": "먼저 확인란을 선택하세요.", "en": "Tick the confirmation first."},
    "several.apply": {"ko": "상태 일괄 변경", "en": "Change the statuses"},
    "several.bulk_done": {
        "ko": "일정 {count}건을 '{status}'(으)로 바꿨습니다.",
        "en": "Changed {count} visits to '{status}'.",
    },
    "several.bulk_unchanged": {
        "ko": "일정 {count}건은 이미 '{status}'이어서 그대로 두었습니다.",
        "en": "{count} visits were already '{status}' and were left as they were.",
    },
    "several.bulk_cancel_note": {
        "ko": "취소는 사유가 필요하므로 일정마다 따로 합니다.",
        "en": "Cancelling needs a reason, so it is done one visit at a time.",
    },
}
