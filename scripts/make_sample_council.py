"""Write the sample council files: ``data/councillors.csv`` (one row per seat, named by seat) and
``data/ledger.csv`` (시정질문 and 5분 자유발언 items with their action results).

Deterministic (``random.Random(20220331)``): the same arguments give the same files. The figures to
reproduce are arguments, not constants, so the app's counts come out of the rows it loads:

    python scripts/make_sample_council.py --year 2021:79:186 --year 2022:6:7

``YEAR:COUNCILLORS:ITEMS`` makes ITEMS items whose results were processed in YEAR, spread over
exactly COUNCILLORS distinct councillors (each at least one item). A few items of the last year are
left unprocessed (no result yet), so not every row counts. Seats follow the 10th Seoul council
(2018-2022: 100 district seats and 10 proportional ones); parties, committees and the leadership
are illustrative samples, not the real council's.
"""

from __future__ import annotations

import argparse
import csv
import random
from datetime import date, timedelta
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"

# 자치구 -> number of 시의원 지역선거구 (10th council).
SEATS = {
    "종로구": 2, "중구": 2, "용산구": 2, "성동구": 4, "광진구": 4, "동대문구": 4, "중랑구": 4, "성북구": 4,
    "강북구": 4, "도봉구": 4, "노원구": 6, "은평구": 4, "서대문구": 4, "마포구": 4, "양천구": 4, "강서구": 6,
    "구로구": 4, "금천구": 2, "영등포구": 4, "동작구": 4, "관악구": 4, "서초구": 4, "강남구": 6, "송파구": 6,
    "강동구": 4,
}  # fmt: skip
PROPORTIONAL = 10
STANDING = ("admin", "planning_economy", "environment", "culture", "health_welfare", "urban_safety",
            "housing", "urban_planning", "transport", "education")  # fmt: skip
LEADERS = {  # seat -> role (illustrative)
    "중랑구 제2선거구": "speaker",
    "노원구 제3선거구": "vice_speaker",
    "서초구 제1선거구": "vice_speaker",
    "강동구 제1선거구": "steering_chair",
    "성북구 제1선거구": "floor_leader",
    "비례대표 1": "floor_leader",
}
SESSIONS = {  # year -> (회기, last day), illustrative
    2021: [("제299회", date(2021, 2, 5)), ("제300회", date(2021, 3, 26)), ("제301회", date(2021, 4, 30)),
           ("제302회", date(2021, 6, 25)), ("제303회", date(2021, 9, 17)), ("제304회", date(2021, 12, 22))],
    2022: [("제305회", date(2022, 2, 11)), ("제306회", date(2022, 3, 11))],
}  # fmt: skip
TOPICS = ("노후 학교 주변 통학로 안전", "전통시장 주차장 확충", "공영주차장 전기차 충전기 설치", "소상공인 임대료 지원",
          "노인복지관 프로그램 확대", "하천 산책로 조명 개선", "마을버스 노선 조정", "재개발 구역 주민 이주 대책",
          "어린이집 보육교사 처우", "코로나19 선별검사소 운영 시간", "공공와이파이 확대", "빗물받이 정비",
          "공원 화장실 개선", "청년 주거 지원", "경로당 냉난방비 지원", "도로 포트홀 보수")  # fmt: skip
DEPARTMENTS = ("기획조정실", "경제정책실", "복지정책실", "도시교통실", "주택정책실", "안전총괄실", "시민건강국",
               "기후환경본부", "물순환안전국", "도시계획국", "평생교육국", "푸른도시국")  # fmt: skip


def seats() -> list[dict[str, str]]:
    rng = random.Random(20220331)
    rows = []
    for district, n in SEATS.items():
        for i in range(1, n + 1):
            seat = f"{district} 제{i}선거구"
            rows.append({"seat": seat, "district": district, "constituency": seat})
    rows += [{"seat": f"비례대표 {i}", "district": "", "constituency": ""} for i in range(1, PROPORTIONAL + 1)]
    chairs = dict(
        zip(rng.sample([r["seat"] for r in rows if r["seat"] not in LEADERS], len(STANDING)), STANDING, strict=True)
    )
    for index, r in enumerate(rows):
        role = LEADERS.get(r["seat"], "member")
        committee = STANDING[index % len(STANDING)]
        if r["seat"] in chairs:
            committee = chairs[r["seat"]]
        committees = [committee]
        if role in ("steering_chair", "floor_leader") or r["seat"] in chairs:
            committees.append("steering")
        party = "국민의힘" if index % 23 == 7 else ("정의당" if r["seat"] == "비례대표 10" else "더불어민주당")
        if r["seat"] == "비례대표 1":
            party = "더불어민주당"
        r.update(
            name="",
            party=party,
            role=role,
            committees=";".join(committees),
            chair_of="steering" if role == "steering_chair" else chairs.get(r["seat"], ""),
            contact="",
            term="제10대",
        )
    return rows


def ledger(specs: list[tuple[int, int, int]], people: list[dict[str, str]]) -> list[dict[str, str]]:
    rng = random.Random(20220331)
    rows = []
    for year, councillors, items in specs:
        if not 0 < councillors <= min(items, len(people)):
            raise SystemExit(f"{year}: need 0 < councillors <= items and <= {len(people)} seats")
        chosen = rng.sample([p["seat"] for p in people], councillors)
        askers = chosen + [rng.choice(chosen) for _ in range(items - councillors)]
        rng.shuffle(askers)
        sessions = SESSIONS[year]
        for seat in askers:
            session, last = rng.choice(sessions)
            source = "question" if rng.random() < 0.55 else "speech"
            result_on = last + timedelta(days=rng.randint(10, 40))
            if result_on.year != year:  # the result belongs to the year it was processed in
                result_on = date(year, 12, 30)
            told = result_on + timedelta(days=rng.randint(0, 3))
            if told.year != year:
                told = result_on
            rows.append(_row(rng, source, session, seat, last, result_on, told, told + timedelta(days=2)))
        # Items of the year's last session still in progress: listed, not counted.
        for seat in rng.sample([p["seat"] for p in people], 2):
            session, last = sessions[-1]
            rows.append(_row(rng, "speech", session, seat, last, None, None, None))
    return rows


def _row(rng, source, session, seat, last, result_on, told, posted) -> dict[str, str]:
    topic = rng.choice(TOPICS)
    kind = "시정질문" if source == "question" else "5분 자유발언"
    department = rng.choice(DEPARTMENTS)
    return {
        "source": source,
        "session": session,
        "person_kind": "councillor",
        "seat": seat,
        "district": "",
        "person": "",
        "visit_uid": "",
        "text": f"{topic}에 관한 {kind}",
        "department": department,
        "created_on": last.isoformat(),
        "due_on": (last + timedelta(days=45)).isoformat(),
        "result": f"{department}에서 {topic} 관련 조치 계획을 수립하여 추진 중입니다." if result_on else "",
        "result_on": result_on.isoformat() if result_on else "",
        "told_on": told.isoformat() if told else "",
        "posted_on": posted.isoformat() if posted else "",
        "note": "",
    }


COUNCILLOR_COLUMNS = ("seat", "name", "district", "constituency", "party", "role", "committees", "chair_of",
                      "contact", "term")  # fmt: skip
LEDGER_COLUMNS = ("source", "session", "person_kind", "seat", "district", "person", "visit_uid", "text",
                  "department", "created_on", "due_on", "result", "result_on", "told_on", "posted_on", "note")  # fmt: skip


def write(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--year", action="append", required=True, help="YEAR:COUNCILLORS:ITEMS")
    args = parser.parse_args()
    specs = [tuple(int(x) for x in spec.split(":")) for spec in args.year]
    people = seats()
    write(DATA / "councillors.csv", COUNCILLOR_COLUMNS, people)
    write(DATA / "ledger.csv", LEDGER_COLUMNS, ledger(specs, people))  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
