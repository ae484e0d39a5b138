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
}
