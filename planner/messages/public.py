"""Messages of the public schedule (issue 13): embargo, publishable sites, feed token expiry."""

MESSAGES: dict[str, dict[str, str]] = {
    "field.embargo_until": {"ko": "공개 시작 일시", "en": "Embargo until"},
    "field.publishable": {"ko": "공개 일정에 주소·좌표 표시", "en": "Address and position may be public"},
    "field.expires": {"ko": "만료", "en": "Expires"},
    "visit.embargo_help": {
        "ko": "이 시각 전에는 공개 일정에 나오지 않습니다(예: 보도자료 배포). 비워 두면 공개 유예 설정을 따릅니다.",
        "en": "Not on the public calendar before this time (e.g. the press release). Empty: the global hold-back.",
    },
    "visit.embargo_time": {"ko": "시각", "en": "Time"},
    "calendar.feed_expires": {
        "ko": "만료일 (이날까지 유효, 비우면 만료 없음)",
        "en": "Expires (valid through this day; empty: never)",
    },
    "error.feed_expires_past": {
        "ko": "만료 시각({value})이 이미 지났습니다.",
        "en": "The expiry ({value}) is already past.",
    },
    "sites.cli_publishable": {
        "ko": "장소 {id}: 공개 일정에 주소·좌표를 {state}.",
        "en": "Site {id}: the public calendar {state} its address and position.",
    },
    "sites.publishable_yes": {"ko": "표시합니다", "en": "shows"},
    "sites.publishable_no": {"ko": "표시하지 않습니다(장소명·자치구만)", "en": "hides (name and district only)"},
}
