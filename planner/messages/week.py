"""Messages of the week and month calendar (/week, issue 12)."""

MESSAGES: dict[str, dict[str, str]] = {
    "nav.week": {"ko": "주간·월간 달력", "en": "Week and month"},
    "week.title": {"ko": "주간·월간 달력", "en": "Week and month calendar"},
    "week.view": {"ko": "보기", "en": "View"},
    "week.view_week": {"ko": "주", "en": "Week"},
    "week.view_month": {"ko": "월", "en": "Month"},
    "week.previous": {"ko": "◀ 이전", "en": "◀ Previous"},
    "week.next": {"ko": "다음 ▶", "en": "Next ▶"},
    "week.caption": {
        "ko": "일정을 누르면 일정 페이지가 열리고, 빈 칸을 누르면 그 시각에 새 일정을 제안합니다. 일정을 끌거나 길이를 바꾸면 규칙 점검 후 저장됩니다.",
        "en": "Click a visit to open its page, an empty slot to propose a visit there; drag or resize a visit to move it (the rules are checked before it is saved).",
    },
    "week.legend": {
        "ko": "빗금: 다른 달력의 바쁜 시간 · ⚠ 빨간 테두리: 점검에서 문제가 있는 일정 · 점선: 제안 단계",
        "en": "Hatched: busy time from other calendars · ⚠ red border: the rules find a problem · dashed: proposed",
    },
    "week.moved": {
        "ko": "옮겼습니다: {title} → {when} (판 {version})",
        "en": "Moved: {title} → {when} (version {version})",
    },
    "week.propose": {"ko": "새 일정 제안 · {when}", "en": "Propose a visit · {when}"},
    "week.choose": {"ko": "선택하세요", "en": "Choose"},
    "week.propose_close": {"ko": "닫기", "en": "Close"},
}
