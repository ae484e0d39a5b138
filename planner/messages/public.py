"""Messages of the public schedule (issue 13): embargo, publishable sites, feed token expiry."""

MESSAGES: dict[str, dict[str, str]] = {
    "field.embargo_until": {"ko": "공개 시작 시각", "en": "Embargo until"},
    "field.publishable": {"ko": "공개 일정에 주소·좌표 표시", "en": "Address and position may be public"},
    "field.expires": {"ko": "만료", "en": "Expires"},
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
