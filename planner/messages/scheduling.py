"""Messages of the scheduling rules, the day's best order, free slots and the week plan (issue 11)."""

MESSAGES: dict[str, dict[str, str]] = {
    # ---- rules (planner.scheduling.check_stops); one key per rule code
    "scheduling.overlap": {
        "ko": "방문 {first}번과 {second}번의 시간이 겹칩니다 ({date} {start}–{end}).",
        "en": "Visits {first} and {second} overlap ({date} {start}–{end}).",
    },
    "scheduling.busy": {
        "ko": "방문 {visit}번이 다른 일정 '{summary}'({start}–{end})과 겹칩니다.",
        "en": "Visit {visit} overlaps the busy time '{summary}' ({start}–{end}).",
    },
    "scheduling.travel": {
        "ko": "방문 {first}번에서 {second}번까지 이동에 {need}분({km} km)이 걸리는데 {have}분뿐입니다. {missing}분이 모자랍니다.",
        "en": "Getting from visit {first} to visit {second} takes {need} min ({km} km) but there are only {have} min: "
        "{missing} min short.",
    },
    "scheduling.holiday": {
        "ko": "방문 {visit}번의 날짜 {date}은(는) 공휴일({name})입니다.",
        "en": "Visit {visit} falls on {date}, a public holiday ({name}).",
    },
    "scheduling.weekend": {
        "ko": "방문 {visit}번의 날짜 {date}은(는) 주말입니다.",
        "en": "Visit {visit} falls on {date}, a weekend.",
    },
    "scheduling.hours": {
        "ko": "방문 {visit}번({start}–{end})이 근무 시간({work_start}–{work_end}) 밖입니다.",
        "en": "Visit {visit} ({start}–{end}) is outside working hours ({work_start}–{work_end}).",
    },
    "scheduling.daily_limit": {
        "ko": "{date}에 방문이 {count}건으로 하루 한도 {limit}건을 넘습니다.",
        "en": "{date} has {count} visits, over the daily limit of {limit}.",
    },
    # ---- the same rules for a visit not yet saved (the change path names it "the new visit")
    "scheduling.new.travel_from": {
        "ko": "새 방문에서 방문 {second}번까지 이동에 {need}분({km} km)이 걸리는데 {have}분뿐입니다. {missing}분이 모자랍니다.",
        "en": "Getting from the new visit to visit {second} takes {need} min ({km} km) but there are only {have} min: "
        "{missing} min short.",
    },
    "scheduling.new.travel_to": {
        "ko": "방문 {first}번에서 새 방문까지 이동에 {need}분({km} km)이 걸리는데 {have}분뿐입니다. {missing}분이 모자랍니다.",
        "en": "Getting from visit {first} to the new visit takes {need} min ({km} km) but there are only {have} min: "
        "{missing} min short.",
    },
    "scheduling.new.holiday": {
        "ko": "새 방문의 날짜 {date}은(는) 공휴일({name})입니다.",
        "en": "The new visit falls on {date}, a public holiday ({name}).",
    },
    "scheduling.new.weekend": {
        "ko": "새 방문의 날짜 {date}은(는) 주말입니다.",
        "en": "The new visit falls on {date}, a weekend.",
    },
    "scheduling.new.hours": {
        "ko": "새 방문({start}–{end})이 근무 시간({work_start}–{work_end}) 밖입니다.",
        "en": "The new visit ({start}–{end}) is outside working hours ({work_start}–{work_end}).",
    },
    # ---- the day's best order
    "scheduling.method.exact": {"ko": "최적(전수 동적 계획법)", "en": "exact (dynamic programming)"},
    "scheduling.method.heuristic": {
        "ko": "근사(최소 비용 삽입 + 2-opt·재배치)",
        "en": "heuristic (cheapest insertion + 2-opt and relocation)",
    },
    # ---- free slots: why a slot was chosen
    "scheduling.slot.round_trip": {
        "ko": "이날 다른 방문이 없습니다. 시청에서 왕복 {added}분.",
        "en": "No other visit that day: {added} min there and back from City Hall.",
    },
    "scheduling.slot.after_visit": {
        "ko": "방문 {visit}번 다음에 이어서 갑니다. 이동 {added}분 추가.",
        "en": "Right after visit {visit}: adds {added} min of travel.",
    },
    "scheduling.slot.before_visit": {
        "ko": "방문 {visit}번 전에 들릅니다. 이동 {added}분 추가.",
        "en": "On the way to visit {visit}: adds {added} min of travel.",
    },
    "scheduling.slot.between": {
        "ko": "방문 {before}번과 {after}번 사이에 들릅니다. 이동 {added}분 추가.",
        "en": "Between visits {before} and {after}: adds {added} min of travel.",
    },
    # ---- the week plan: why a visit was proposed
    "scheduling.week.reason": {
        "ko": "{district}: 마지막 방문 후 {days}일 지났습니다. 이동 {added}분 추가.",
        "en": "{district}: {days} days since the last visit; adds {added} min of travel.",
    },
    "scheduling.week.reason_never": {
        "ko": "{district}: 방문 기록이 없습니다. 이동 {added}분 추가.",
        "en": "{district}: never visited; adds {added} min of travel.",
    },
}
