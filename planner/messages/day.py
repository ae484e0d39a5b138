"""Messages of the day view (``/day``, issue 11): one date's visits as scheduled, legs, slack and problems."""

MESSAGES: dict[str, dict[str, str]] = {
    "nav.day": {"ko": "하루 일정", "en": "Day view"},
    "day.title": {"ko": "하루 일정 · {date} ({weekday})", "en": "Day view · {date} ({weekday})"},
    "day.caption": {
        "ko": "그날의 방문을 시간 순서대로 보여 줍니다. 이동 시간과 거리는 앞 일정(첫 일정은 서울시청)에서 출발한 값입니다.",
        "en": "The day's visits in time order. Each drive starts from the previous visit (Seoul City Hall for the "
        "first).",
    },
    "day.date": {"ko": "날짜", "en": "Date"},
    "day.bad_date": {
        "ko": "주소의 날짜 '{value}'를 읽을 수 없어 오늘을 보여 줍니다 (형식: YYYY-MM-DD).",
        "en": "Could not read the date '{value}' in the address; showing today (format: YYYY-MM-DD).",
    },
    "day.previous": {"ko": "◀ 전날", "en": "◀ Previous day"},
    "day.next": {"ko": "다음 날 ▶", "en": "Next day ▶"},
    "day.today": {"ko": "오늘", "en": "Today"},
    "day.holiday": {"ko": "공휴일입니다: {name}", "en": "Public holiday: {name}"},
    "day.weekend": {"ko": "주말입니다.", "en": "This is a weekend day."},
    "day.no_problems": {
        "ko": "이날 일정은 규칙 점검에서 문제가 없습니다.",
        "en": "The rules find no problem with this day's schedule.",
    },
    "day.empty": {
        "ko": "이날에는 방문 일정이 없습니다(취소된 일정 제외).",
        "en": "No visits on this day (cancelled ones aside).",
    },
    "day.base": {"ko": "서울시청 (출발·복귀)", "en": "Seoul City Hall (start and return)"},
    "day.leave_base": {
        "ko": "**서울시청 출발** {time}",
        "en": "**Leave City Hall** {time}",
    },
    "day.leg": {
        "ko": "이동 {minutes}분 · {km} km · 도착 {arrive}",
        "en": "Drive {minutes} min · {km} km · arrive {arrive}",
    },
    "day.no_place": {
        "ko": "장소 좌표가 없어 이동 시간을 계산하지 않았습니다.",
        "en": "No coordinates: no drive computed.",
    },
    "day.slack": {"ko": "다음 일정까지 여유 {minutes}분", "en": "{minutes} min to spare before the next drive"},
    "day.late": {"ko": "다음 일정에 {minutes}분 늦습니다", "en": "{minutes} min late for the next visit"},
    "day.fixed": {"ko": "시간 고정", "en": "time fixed"},
    "day.busy": {"ko": "다른 일정(바쁨) {start}–{end}", "en": "Busy {start}–{end}"},
    "day.busy_all_day": {"ko": "다른 일정(바쁨) 종일", "en": "Busy all day"},
    "day.return": {
        "ko": "**서울시청 복귀** 이동 {minutes}분 · {km} km · 도착 {arrive}",
        "en": "**Back to City Hall** drive {minutes} min · {km} km · arrive {arrive}",
    },
    "day.totals": {
        "ko": "하루 이동 합계 {minutes}분 · {km} km",
        "en": "Driving in all: {minutes} min · {km} km",
    },
    "day.best_saves": {
        "ko": "방문 순서를 바꾸면 이동 시간을 {minutes}분 줄일 수 있습니다 (최적 순서: {order}).",
        "en": "The best order would save {minutes} min of driving (best order: {order}).",
    },
    "day.best_apply": {
        "ko": "적용하려면 명령줄에서: `python -m planner plan-day --date {date} --apply`",
        "en": "To apply it, on the command line: `python -m planner plan-day --date {date} --apply`",
    },
    "day.best_is_current": {
        "ko": "지금 순서가 이동 시간이 가장 짧은 순서입니다.",
        "en": "The current order already has the least driving.",
    },
    "day.best_infeasible": {
        "ko": "고정된 일정과 시간 범위를 모두 지키는 다른 순서가 없습니다.",
        "en": "No other order keeps every fixed visit and time window.",
    },
    "day.map": {"ko": "동선 (번호는 방문 순서)", "en": "Route (numbers are the visit order)"},
    "day.link_for": {"ko": "{date} 하루 일정 보기 (이동 시간·여유)", "en": "Day view of {date} (drives and slack)"},
    "day.link_today": {"ko": "오늘 일정 보기 ({date})", "en": "Today's day view ({date})"},
    "day.weekday": {
        "ko": "월,화,수,목,금,토,일",
        "en": "Mon,Tue,Wed,Thu,Fri,Sat,Sun",
    },
}
