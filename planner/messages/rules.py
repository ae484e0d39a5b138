"""Messages of the visit rules (planner.rules): refusals and warnings every front door shows."""

MESSAGES = {
    "rule.overlap": {
        "ko": "같은 시간에 다른 일정이 있습니다: #{id} {title} ({start})",
        "en": "Another visit at the same time: #{id} {title} ({start})",
    },
    "rule.busy": {
        "ko": "다른 달력에서 바쁜 시간입니다: {summary} ({start})",
        "en": "Busy in another calendar: {summary} ({start})",
    },
    "rule.warning_prefix": {"ko": "주의", "en": "Warning"},
    "error.bad_start_status": {
        "ko": "새 일정은 '{status}' 상태로 시작할 수 없습니다 (제안·승인·확정·완료 중에서 고르세요).",
        "en": "A new visit cannot start as '{status}' (choose proposed, approved, confirmed or done).",
    },
}
