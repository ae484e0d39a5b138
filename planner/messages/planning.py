"""Messages of the planning commands and of a visit's reorder settings (issue 11: fixed, window)."""

MESSAGES: dict[str, dict[str, str]] = {
    "field.fixed": {"ko": "시간 고정", "en": "Fixed time"},
    "field.window_start": {"ko": "조정 가능 시작", "en": "Window start"},
    "field.window_end": {"ko": "조정 가능 종료", "en": "Window end"},
    "field.override_reason": {"ko": "규칙 무시 사유", "en": "Override reason"},
    # ---- saving over a blocking scheduling rule from a page (as the CLI's --override)
    "override.hint": {
        "ko": "일정 규칙이 저장을 막았습니다. 그래도 저장하려면 사유를 적으십시오. 사유는 일정과 변경 이력에 남습니다.",
        "en": "A scheduling rule refused the save. To save anyway, state a reason: it is kept with the visit and in its history.",
    },
    "override.save": {"ko": "사유를 남기고 저장", "en": "Save with this reason"},
    "override.reason_required": {
        "ko": "규칙을 무시하고 저장하려면 사유를 적어야 합니다.",
        "en": "State a reason to save over the rule.",
    },
    "history.override": {
        "ko": "판 {version}: 규칙을 무시하고 저장 — 사유: {reason}",
        "en": "Version {version}: saved over a rule — reason: {reason}",
    },
    "field.duration": {"ko": "소요 시간(분)", "en": "Duration (minutes)"},
    "error.window_reversed": {
        "ko": "조정 가능 시간의 끝(--window-end)은 시작(--window-start)보다 뒤여야 합니다.",
        "en": "The window's end (--window-end) must be after its start (--window-start).",
    },
    "error.bad_duration": {
        "ko": "소요 시간은 1분에서 {max}분 사이여야 합니다: {value}",
        "en": "The duration must be 1 to {max} minutes: {value}",
    },
    "error.date_range_required": {
        "ko": "--date 또는 --from과 --to를 함께 지정하십시오.",
        "en": "Give --date, or --from together with --to.",
    },
    "error.range_too_long": {
        "ko": "기간은 최대 {max}일입니다 ({start}~{to}).",
        "en": "The range may span at most {max} days ({start} to {to}).",
    },
    "error.day_infeasible": {
        "ko": "{date}의 방문을 고정 일정과 조정 가능 시간 안에서 배치할 수 없어 적용하지 않았습니다.",
        "en": "No order of {date}'s visits respects the fixed visits and the windows: nothing applied.",
    },
    "planning.no_problems": {"ko": "문제가 없습니다.", "en": "No problems."},
    "planning.week_title": {"ko": "{site} 현장방문", "en": "Field visit: {site}"},
    "planning.week_purpose": {
        "ko": "자치구 방문 균형을 위해 주간 계획이 제안한 방문입니다.",
        "en": "Proposed by the week plan to balance visits across districts.",
    },
}
