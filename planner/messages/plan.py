"""Messages of the planning page (map, click to propose, place search) and of the maps."""

MESSAGES: dict[str, dict[str, str]] = {
    "nav.plan": {"ko": "지도로 계획", "en": "Plan on the map"},
    "plan.title": {"ko": "지도에서 방문 계획", "en": "Plan visits on the map"},
    "plan.caption": {
        "ko": "지도를 누르면 그 자리에 방문을 제안할 수 있습니다. 점을 누르면 그 일정의 내용이 보입니다.",
        "en": "Click the map to propose a visit there; click a point to see that visit.",
    },
    "plan.filters": {"ko": "지도에 표시할 일정", "en": "Visits on the map"},
    "plan.route_day": {"ko": "동선을 볼 날짜", "en": "Day to draw the route for"},
    "plan.shown": {
        "ko": "지도에 일정 {count}건 · 방문한 자치구 {covered}/25",
        "en": "{count} visits on the map · districts visited {covered}/25",
    },
    "plan.period": {"ko": "표시 기간: {first} – {last}", "en": "Period shown: {first} – {last}"},
    "plan.period_coverage": {
        "ko": "(방문 목표 기간 최근 {days}일과 앞으로 {ahead}일)",
        "en": "(the coverage goal's last {days} days and the next {ahead} days)",
    },
    "plan.period_year": {"ko": "표시 기간: {year}년", "en": "Period shown: {year}"},
    "plan.period_all": {"ko": "표시 기간: 전체", "en": "Period shown: all dates"},
    "plan.period_window": {"ko": "목표 기간", "en": "Coverage window"},
    "plan.period_all_button": {"ko": "전체 기간", "en": "All dates"},
    "plan.uncovered": {
        "ko": "이 기간에 방문하지 않은 자치구 ({count}곳): {names}",
        "en": "Districts with no visit in this period ({count}): {names}",
    },
    "plan.all_covered": {
        "ko": "이 기간에 25개 자치구를 모두 방문했습니다.",
        "en": "Every one of the 25 districts had a visit in this period.",
    },
    "plan.district_tooltip": {"ko": "{name} · 방문 {count}건", "en": "{name} · {count} visits"},
    "plan.tooltip_here": {"ko": "이 장소의 방문 {n}건", "en": "{n} visits at this place"},
    "plan.legend_title": {"ko": "범례", "en": "Legend"},
    "plan.clicked_here": {"ko": "누른 곳", "en": "Clicked here"},
    "plan.legend_counts": {"ko": "자치구별 방문 수", "en": "Visits per district"},
    "plan.legend_proposed": {"ko": "제안 단계 (속이 빈 점)", "en": "Proposed (hollow point)"},
    "plan.legend_zero": {"ko": "방문 없는 자치구", "en": "District with no visit"},
    "plan.legend_route": {"ko": "{day} 동선 (번호 순)", "en": "Route of {day} (in order)"},
    # ---- details panel
    "plan.details": {"ko": "선택한 일정", "en": "Selected visit"},
    "plan.details_hint": {
        "ko": "지도에서 점을 누르면 일정 내용이 여기에 나옵니다.",
        "en": "Click a point on the map to see its visit here.",
    },
    "plan.details_gone": {
        "ko": "선택한 일정(번호 {id})을 찾을 수 없습니다.",
        "en": "The selected visit (ID {id}) no longer exists.",
    },
    # ---- proposal form
    "plan.propose": {"ko": "이 자리에 방문 제안", "en": "Propose a visit here"},
    "plan.point": {
        "ko": "선택한 위치: 위도 {lat}, 경도 {lon} · {district}",
        "en": "Selected point: latitude {lat}, longitude {lon} · {district}",
    },
    "plan.outside": {"ko": "서울 밖", "en": "outside Seoul"},
    "plan.site_choice": {"ko": "장소", "en": "Site"},
    "plan.category_placeholder": {"ko": "분야를 고르세요", "en": "Choose a category"},
    "plan.category_required": {
        "ko": "분야를 고르세요. 분야 없이는 제안을 저장하지 않습니다.",
        "en": "Choose a category: a proposal is not saved without one.",
    },
    "plan.when_required": {
        "ko": "시작 날짜와 시각을 입력하세요.",
        "en": "Enter the start date and time.",
    },
    "plan.ends_at": {"ko": "종료: {end}", "en": "Ends: {end}"},
    "plan.start_past": {
        "ko": "시작 시각 {start}은(는) 이미 지났습니다 (지금 {now}).",
        "en": "The start {start} has already passed (now {now}).",
    },
    "plan.start_past_ok": {
        "ko": "지난 시각으로 저장합니다 (이미 있었던 방문 기록)",
        "en": "Save with a start in the past (a visit that already happened)",
    },
    "plan.start_past_refused": {
        "ko": "시작 시각이 이미 지났습니다. 지난 시각으로 저장하려면 확인란을 선택하세요.",
        "en": "The start has already passed. Tick the confirmation to save a start in the past.",
    },
    "plan.changed_after_check": {
        "ko": "검사한 뒤에 내용이 바뀌어 바뀐 내용으로 다시 검사했습니다. 아래를 확인하고 저장하세요.",
        "en": "The proposal changed after the checks and was checked again: read the points below and save.",
    },
    "plan.check_cleared": {
        "ko": "점검에서 나온 문제가 그사이 없어졌습니다. 저장하려면 '저장'을 다시 누르세요.",
        "en": "The problems the checks found have gone meanwhile. Press Save again to save.",
    },
    "form.changed_after_check": {
        "ko": "검사한 뒤에 내용이 바뀌었습니다. 바뀐 내용으로 다시 저장하세요.",
        "en": "The form changed after the checks. Save again with the new values.",
    },
    "plan.duplicate_site": {
        "ko": "{distance} 거리에 이름이 같거나 비슷한 장소 '{name}'이(가) 이미 등록되어 있습니다. 그 장소로 저장할까요?",
        "en": "A site named '{name}' (the same or a very similar name) is already registered {distance} away. "
        "Save the visit at that site?",
    },
    "plan.use_existing": {"ko": "'{name}'(으)로 저장", "en": "Save at '{name}'"},
    "plan.create_anyway": {"ko": "새 장소로 따로 등록", "en": "Register a separate new site"},
    "plan.site_new": {"ko": "새 장소로 등록 (이 위치)", "en": "Register a new site (this point)"},
    "plan.site_near": {"ko": "{name} · {district} · {distance}", "en": "{name} · {district} · {distance}"},
    "plan.no_sites_near": {
        "ko": "가까운 등록 장소가 없습니다. 새 장소로 등록하세요.",
        "en": "No registered site nearby; register a new one.",
    },
    "plan.save_proposal": {"ko": "제안으로 저장", "en": "Save as proposed"},
    "plan.save_anyway": {"ko": "주의 사항을 확인했습니다. 그대로 저장", "en": "I have read the warnings: save anyway"},
    "plan.cancel": {"ko": "닫기", "en": "Close"},
    # ---- the slot offer in the proposal form (issue 11)
    "plan.slots": {"ko": "빈 시간 제안 (추가 이동이 적은 순)", "en": "Free slots (least added travel first)"},
    "plan.slots_range": {"ko": "찾을 기간", "en": "Dates to search"},
    "plan.slot_row": {"ko": "**{when}** · 추가 이동 {added}분", "en": "**{when}** · {added} min added travel"},
    "plan.slot_use": {"ko": "이 시간으로", "en": "Use this time"},
    "plan.slots_none": {
        "ko": "이 기간에는 막는 규칙 없이 넣을 수 있는 시간이 없습니다. 기간이나 소요 시간을 바꿔 보십시오.",
        "en": "No time in these dates is free of blocking problems. Try other dates or a shorter visit.",
    },
    "plan.saved": {
        "ko": "제안을 저장했습니다: {title} (번호 {id}, {district}). 지도에 표시했습니다.",
        "en": "Proposal saved: {title} (ID {id}, {district}). It is on the map.",
    },
    "plan.saved_hidden": {
        "ko": "저장한 제안이 현재 지도 조건(기간·분야·상태) 밖이라 지도에 보이지 않습니다.",
        "en": "The saved proposal is outside the map's filters (period, category, status), so it is not shown.",
    },
    "plan.form_hint": {
        "ko": "지도를 누르거나 장소를 검색하면 방문 제안 양식이 열립니다.",
        "en": "Click the map or search for a place to open the proposal form.",
    },
    # ---- place search
    "plan.search": {"ko": "장소·주소 찾기", "en": "Find a place or address"},
    "plan.search_button": {"ko": "찾기", "en": "Find"},
    "plan.search_results": {"ko": "검색 결과", "en": "Results"},
    "plan.search_none": {"ko": "찾은 곳이 없습니다: '{query}'", "en": "Nothing found for '{query}'"},
    "plan.search_offline": {
        "ko": "온라인 지오코더에 연결할 수 없어 등록 장소와 자치구 이름에서만 찾았습니다.",
        "en": "The online geocoder could not be reached; searched the registered sites and district names only.",
    },
    "plan.search_offline_mode": {
        "ko": "오프라인 검색: 등록 장소와 자치구 이름에서 찾았습니다.",
        "en": "Offline search: registered sites and district names.",
    },
    "plan.search_use": {"ko": "이 위치에 제안", "en": "Propose here"},
    "plan.result_site": {"ko": "등록 장소", "en": "registered site"},
    "plan.result_district": {"ko": "자치구", "en": "district"},
    "plan.result_online": {"ko": "지오코더", "en": "geocoder"},
}
