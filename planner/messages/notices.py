"""Messages of council notices (issue 14): recipients, states, the notice text's scope line."""

MESSAGES = {
    "notices.scope.constituency": {
        "ko": "{constituency} 지역 시의원 (방문지 행정동 기준: {dongs})",
        "en": "councillors of {constituency} (by the site's 행정동: {dongs})",
    },
    "notices.scope.district": {
        "ko": "{district} 지역 시의원 전체 (방문지의 행정동이 등록된 선거구에 없어 자치구 기준으로 안내)",
        "en": "every councillor of {district} (the site's 행정동 is in no registered constituency, so by district)",
    },
    "notices.scope.none": {"ko": "해당 지역 시의원 없음 (서울 밖)", "en": "no local councillor (outside Seoul)"},
    "notices.scope.leadership": {
        "ko": ", 시의회 지도부 (중요 일정)",
        "en": ", the council leadership (important)",
    },
    "notices.scope.committee": {
        "ko": ", 소관 상임위원회 (언론발표 사전 설명)",
        "en": ", the responsible committee (press pre-briefing)",
    },
    "notices.reason.constituency": {"ko": "선거구", "en": "constituency"},
    "notices.reason.district": {"ko": "자치구", "en": "district"},
    "notices.reason.leadership": {"ko": "지도부", "en": "leadership"},
    "notices.reason.committee": {"ko": "소관 상임위", "en": "committee"},
    "notices.status.to_send": {"ko": "안내 전", "en": "to send"},
    "notices.status.sent": {"ko": "안내함", "en": "sent"},
    "notices.status.acknowledged": {"ko": "확인함", "en": "acknowledged"},
    "notices.scope_line.constituency": {
        "ko": "안내 범위: {constituency} (방문지 행정동 {dong})",
        "en": "Scope: {constituency} (the site's 행정동 {dong})",
    },
    "notices.scope_line.district": {
        "ko": "안내 범위: {district} 전체 (방문지의 행정동을 선거구에서 찾지 못함)",
        "en": "Scope: all of {district} (the site's 행정동 is in no registered constituency)",
    },
    "notices.scope_line.none": {"ko": "안내 범위: 없음", "en": "Scope: nobody"},
    "notices.text": {"ko": "안내문", "en": "Notice text"},
    "notices.download": {"ko": "안내문 내려받기", "en": "Download the notice"},
    "notices.template": {"ko": "안내문 서식", "en": "Notice template"},
    "notices.template_help": {
        "ko": "쓸 수 있는 항목: {names}",
        "en": "Placeholders you can use: {names}",
    },
    "notices.template_saved": {"ko": "서식을 저장했습니다.", "en": "Template saved."},
    "notices.plan": {"ko": "언론발표 사전 설명", "en": "Press pre-briefing"},
    "notices.press_briefing": {
        "ko": "언론발표 사전 설명 (소관 상임위와 지도부에 안내)",
        "en": "Press pre-briefing (tell the responsible committee and the leadership)",
    },
    "notices.contact": {"ko": "문의처 (안내문에 표시)", "en": "Contact (printed on the notice)"},
    "notices.plan_saved": {"ko": "저장했습니다.", "en": "Saved."},
    "notices.acknowledge": {"ko": "확인 기록", "en": "Record as acknowledged"},
    "notices.acknowledged": {"ko": "{count}명 확인을 기록했습니다.", "en": "Recorded {count} acknowledgements."},
    "notices.sent_by": {"ko": "안내자", "en": "By"},
    "notices.col.councillor": {"ko": "시의원", "en": "Councillor"},
    "notices.col.reason": {"ko": "안내 사유", "en": "Reason"},
    "notices.col.status": {"ko": "상태", "en": "State"},
    "attention.notices_unsent": {
        "ko": "확정 일정 '{title}' ({when})의 시의원 사전 안내가 {missing}명 남았습니다.",
        "en": "Confirmed visit '{title}' ({when}): {missing} councillors not yet sent their notice.",
    },
    "error.notice_bad_template": {
        "ko": "안내문 서식에 알 수 없는 항목이 있습니다: {name}",
        "en": "The notice template has an unknown placeholder: {name}",
    },
    "error.notice_bad_target": {
        "ko": "알 수 없는 안내 대상 종류입니다: {value}",
        "en": "Unknown notice target kind: {value}",
    },
    "error.notice_target_not_found": {
        "ko": "안내 대상을 찾을 수 없습니다: {id}",
        "en": "No notice target with id {id}",
    },
    "error.notice_not_sent": {
        "ko": "아직 안내하지 않은 시의원입니다 (번호 {id}).",
        "en": "Councillor {id} has not been sent the notice yet.",
    },
    "error.notice_committee_required": {
        "ko": "언론발표 사전 설명에는 소관 상임위원회를 고르세요.",
        "en": "Choose the responsible committee for a press pre-briefing.",
    },
    "error.notice_bad_days": {"ko": "일수는 0 이상이어야 합니다: {value}", "en": "Days must be 0 or more: {value}"},
    "field.template": {"ko": "안내문 서식", "en": "Notice template"},
    "field.target": {"ko": "안내 대상", "en": "Target"},
    "field.within_days": {"ko": "기간(일)", "en": "Days"},
}
