"""Sample data from the 2022 report, read from the human-editable CSV files in ``data/``.

``sites.csv`` and ``visits.csv`` hold the report's visits (their counts come out of the rows);
``engagements.csv`` the council meetings of sections 2 and 3 (issue 14: 현안설명회, 간담회, 개별 면담; the
구청장협의회 and 면담 are rows of ``visits.csv`` with their ``kind``) and ``participants.csv`` who took part;
``upcoming.csv`` holds a few near-future visits placed relative to the day the data is loaded,
so the home page has something to show on first start. Loading is all or nothing.
"""

from __future__ import annotations

import csv
from datetime import datetime, time, timedelta
from pathlib import Path

from planner import accounts, council, db, engagements, repository
from planner.config import DATA_DIR
from planner.domain import FIELD_VISIT, SEOUL, Category, Site, Status, ValidationError, Visit, to_seoul
from planner.uow import UnitOfWork


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def default_categories(data_dir: Path = DATA_DIR) -> list[Category]:
    return [
        Category(r["code"], r["label_ko"], r["label_en"], r["color"], r["report_group"], int(r["sort_order"]))
        for r in _rows(data_dir / "categories.csv")
    ]


def _flag(text: str) -> bool:
    return text.strip().lower() in ("1", "true", "yes", "y")


def load_sample(uow: UnitOfWork, data_dir: Path = DATA_DIR) -> int:
    """Load the sample sites and visits into an initialised database; returns visits added.

    Seed data, not an edit: the rows go in with one bulk insert (no rules, no history), as they
    stand in ``data/`` (where a test checks them)."""
    now = uow.now
    site_rows = _rows(data_dir / "sites.csv")
    visit_rows = _rows(data_dir / "visits.csv")
    upcoming_rows = _rows(data_dir / "upcoming.csv")
    # Issue 14: the council meetings (engagements of their own kinds) and everyone's participants.
    engagement_rows = _rows(data_dir / "engagements.csv")
    participant_rows = _rows(data_dir / "participants.csv")
    with uow.transaction(write=True) as conn:
        # Checked again under the write lock: two processes starting on a new database at once
        # both find it empty before either loads; the second is refused here, not loaded twice.
        db.schema_lock(conn)
        accounts.require(uow, "sample.load")
        if repository.count_visits(conn) or repository.list_sites(conn):
            raise ValidationError("error.sample_not_empty")
        site_ids: dict[str, int] = {}
        for r in site_rows:
            site = Site(
                None,
                r["name"],
                r["address"],
                r["district"],
                float(r["lat"]),
                float(r["lon"]),
                r["kind"],
                _flag(r.get("publishable") or "0"),  # issue 13: offices and squares; not homes or hospitals
            )
            site_ids[r["key"]] = repository.insert_site(conn, site)

        def site_id(key: str) -> int:
            if key not in site_ids:
                raise ValidationError("error.sample_unknown_site", field="site_key", value=key)
            return site_ids[key]

        visits: list[Visit] = []
        for r in visit_rows + engagement_rows:
            start = to_seoul(datetime.fromisoformat(r["start"]))
            end = to_seoul(datetime.fromisoformat(r["end"]))
            created = min(start - timedelta(days=14), now)
            visits.append(
                Visit(
                    id=None,
                    uid=r["uid"],
                    title=r["title"],
                    site_id=site_id(r["site_key"]),
                    start=start,
                    end=end,
                    category=r["category"],
                    status=Status(r["status"]),
                    purpose=r["purpose"],
                    attendees=r["attendees"],
                    notes=r["notes"],
                    public=_flag(r["public"]),
                    important=_flag(r["important"]),
                    highlight_rank=int(r["highlight_rank"]) if r.get("highlight_rank", "").strip() else None,
                    kind=r.get("kind", "").strip() or FIELD_VISIT,
                    version=1,
                    created_at=created,
                    updated_at=created,
                )
            )
        for r in upcoming_rows:
            day = now.date() + timedelta(days=int(r["day_offset"]))
            start = datetime.combine(day, time.fromisoformat(r["start_time"]), tzinfo=SEOUL)
            end = start + timedelta(minutes=int(r["duration_min"]))
            visits.append(
                Visit(
                    id=None,
                    uid=r["uid"],
                    title=r["title"],
                    site_id=site_id(r["site_key"]),
                    start=start,
                    end=end,
                    category=r["category"],
                    status=Status(r["status"]),
                    purpose=r["purpose"],
                    attendees=r["attendees"],
                    public=_flag(r["public"]),
                    important=_flag(r["important"]),
                    kind=r.get("kind", "").strip() or FIELD_VISIT,
                    version=1,
                    created_at=now,
                    updated_at=now,
                )
            )
        repository.insert_visits_bulk(conn, visits)
        council.insert_sample(conn, data_dir)
        stored = repository.visits_by_uid(conn, [r["visit_uid"] for r in participant_rows])
        engagements.insert_sample(conn, participant_rows, {uid: v.id or 0 for uid, v in stored.items()})
        # Seed data is one entry in the audit trail, not one per record.
        accounts.record(uow, "sample.load", "database", "", None, {"sites": len(site_ids), "visits": len(visits)})
        uow.commit()
        return len(visits)
