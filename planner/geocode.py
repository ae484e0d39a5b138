"""Finding places: an address or name to coordinates, and the registered sites nearest a point.

The online geocoder is geopy's (Nominatim by default; ``PLANNER_GEOCODER`` names any geopy
service, or ``offline``), with a user agent, a timeout and a minimum delay between requests
(settings). It runs under a hard deadline in a worker thread, so a network that drops packets or
a slow DNS cannot hang the page; on any failure, or in offline mode, the search falls back to the
registered sites and the district names and says so (``SearchResult.offline``). After a failure
the online geocoder rests for ``RETRY_AFTER`` seconds instead of making every search wait again.
Distances are geopy ``geodesic`` (offline).
"""

from __future__ import annotations

import difflib
import math
import threading
import time
import unicodedata
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any

from geopy.distance import geodesic

from planner import config, geo
from planner.domain import Site

# Seoul's bounding box, to bias online results towards the city.
SEOUL_VIEWBOX = ((37.41, 126.73), (37.72, 127.27))
RETRY_AFTER = 60.0
MAX_RESULTS = 8


@dataclass(frozen=True)
class Place:
    """A search hit. ``source``: ``online`` (geocoder), ``site`` (registered) or ``district``."""

    name: str
    lat: float
    lon: float
    source: str
    district: str = ""
    site_id: int | None = None


@dataclass(frozen=True)
class SearchResult:
    query: str
    places: tuple[Place, ...]
    offline: bool  # True when the answer comes from the offline fallback
    reason: str = ""  # "offline_mode", "unreachable" or "" (online answered)


class GeocoderUnavailable(Exception):
    """The online geocoder did not answer in time or failed."""


class OnlineGeocoder:
    """geopy geocoder with a rate limit, a hard deadline and a rest period after failures."""

    def __init__(
        self,
        service: str = "nominatim",
        user_agent: str = "seoul-visit-planner",
        timeout: float = 3.0,
        min_delay: float = 1.0,
        factory: Callable[..., Any] | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.service = service
        self.user_agent = user_agent
        self.timeout = float(timeout)
        self.min_delay = float(min_delay)
        self._factory = factory
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._last_call = -math.inf
        self._failed_at = -math.inf
        self._client: Any = None
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="geocoder")

    def _geocoder(self) -> Any:
        if self._client is None:
            if self._factory is not None:
                self._client = self._factory(user_agent=self.user_agent, timeout=self.timeout)
            else:
                from geopy.geocoders import get_geocoder_for_service

                cls = get_geocoder_for_service(self.service)
                self._client = cls(user_agent=self.user_agent, timeout=self.timeout)
        return self._client

    def resting(self) -> bool:
        return self._clock() - self._failed_at < RETRY_AFTER

    def search(self, query: str, lang: str = "ko") -> list[Place]:
        if self.resting():
            raise GeocoderUnavailable("resting after a failure")
        with self._lock:  # rate limit: at most one request per min_delay, across sessions
            wait = self._last_call + self.min_delay - self._clock()
            if wait > 0:
                self._sleep(min(wait, self.min_delay))
            self._last_call = self._clock()
        future = self._pool.submit(self._ask, query, lang)
        try:
            return future.result(timeout=self.timeout + 1.0)
        except FutureTimeout:
            self._failed_at = self._clock()
            raise GeocoderUnavailable("timeout") from None
        except Exception as exc:  # geopy errors, socket errors, DNS: all mean "not now"
            self._failed_at = self._clock()
            raise GeocoderUnavailable(str(exc)) from exc

    def _ask(self, query: str, lang: str) -> list[Place]:
        client = self._geocoder()
        kwargs: dict[str, Any] = {"exactly_one": False, "timeout": self.timeout}
        if self.service == "nominatim":
            kwargs.update(limit=MAX_RESULTS, country_codes="kr", viewbox=SEOUL_VIEWBOX, bounded=False, language=lang)
        found = client.geocode(query, **kwargs) or []
        if not isinstance(found, list):
            found = [found]
        places = []
        for loc in found[:MAX_RESULTS]:
            lat, lon = float(loc.latitude), float(loc.longitude)
            places.append(Place(str(loc.address), lat, lon, "online", geo.district_at(lat, lon) or ""))
        return places


_online: dict[tuple[Any, ...], OnlineGeocoder] = {}
_online_lock = threading.Lock()


def configured_geocoder() -> OnlineGeocoder | None:
    """The geocoder the settings ask for (one per process, so the rate limit is shared); None = offline."""
    service = str(config.get("geocoder")).strip().lower()
    if service in ("", "offline", "none"):
        return None
    key = (
        service,
        str(config.get("geocoder_user_agent")),
        float(config.get("geocoder_timeout")),  # type: ignore[arg-type]
        float(config.get("geocoder_min_delay")),  # type: ignore[arg-type]
    )
    with _online_lock:
        if key not in _online:
            _online[key] = OnlineGeocoder(*key)
        return _online[key]


def offline_search(query: str, sites: Sequence[Site], lang: str = "ko") -> list[Place]:
    """Registered sites (name or address) and districts (Korean or English name) matching ``query``."""
    needle = " ".join(query.split()).casefold()
    if not needle:
        return []
    scored: list[tuple[int, str, Place]] = []
    for d in geo.districts():
        names = (d.name_ko.casefold(), d.name_en.casefold(), d.name_en.casefold().removesuffix("-gu"))
        rank = _rank(needle, names)
        if rank is not None:
            scored.append((rank, d.name_ko, Place(d.name(lang), d.lat, d.lon, "district", d.name_ko)))
    for s in sites:
        rank = _rank(needle, (s.name.casefold(), s.address.casefold()))
        if rank is not None:
            place = Place(s.name, s.lat, s.lon, "site", s.district, s.id)
            scored.append((rank + 1, s.name, place))
    scored.sort(key=lambda item: (item[0], item[1]))
    return [p for _, _, p in scored[:MAX_RESULTS]]


def _rank(needle: str, haystacks: Sequence[str]) -> int | None:
    best = None
    for text in haystacks:
        if not text:
            continue
        if text == needle:
            rank = 0
        elif text.startswith(needle):
            rank = 2
        elif needle in text:
            rank = 4
        elif text in needle and len(text) >= 2:  # "서울 중구 세종대로" finds 중구
            rank = 6
        else:
            continue
        best = rank if best is None else min(best, rank)
    return best


def search(
    query: str,
    sites: Sequence[Site],
    lang: str = "ko",
    online: OnlineGeocoder | None | bool = True,
) -> SearchResult:
    """Search online (``online``: a geocoder, True for the configured one, None/False for none),
    falling back to the offline search on any failure. Never waits longer than the timeout."""
    query = (query or "").strip()
    if not query:
        return SearchResult(query, (), offline=False)
    geocoder = configured_geocoder() if online is True else (online or None)
    if geocoder is None:
        return SearchResult(query, tuple(offline_search(query, sites, lang)), offline=True, reason="offline_mode")
    try:
        places = geocoder.search(query, lang)
    except GeocoderUnavailable:
        return SearchResult(query, tuple(offline_search(query, sites, lang)), offline=True, reason="unreachable")
    if not places:  # online knows nothing: our own names may still help
        places = offline_search(query, sites, lang)
    return SearchResult(query, tuple(places), offline=False)


def nearest_sites(lat: float, lon: float, sites: Sequence[Site], limit: int = 5) -> list[tuple[Site, float]]:
    """The ``limit`` registered sites nearest the point, with geodesic distances in metres."""
    if not sites:
        return []
    scale = math.cos(math.radians(lat))
    # A cheap flat-earth pre-selection keeps geodesic (≈50 µs each) to a few dozen sites.
    rough = sorted(sites, key=lambda s: (s.lat - lat) ** 2 + ((s.lon - lon) * scale) ** 2)[: max(limit * 4, 20)]
    exact = [(s, geodesic((lat, lon), (s.lat, s.lon)).meters) for s in rough]
    exact.sort(key=lambda pair: pair[1])
    return exact[:limit]


# A click this close to a registered site proposes at that site (the site is preselected on /plan).
SNAP_METRES = 100.0
# A new site named like a registered one within this distance is offered as that site (issue 12, item 3).
DUPLICATE_METRES = 200.0


def _name_key(name: str) -> str:
    """A site name compared loosely: case, blanks and punctuation do not count."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", name).casefold() if ch.isalnum())


def similar_site(
    name: str, lat: float, lon: float, sites: Sequence[Site], within: float = DUPLICATE_METRES
) -> tuple[Site, float] | None:
    """The registered site a new one named ``name`` at the point most likely duplicates: within ``within``
    metres, with the same name or a very similar one (one contains the other, or ``difflib`` ratio ≥ 0.8)."""
    key = _name_key(name)
    if not key:
        return None
    for site, metres in nearest_sites(lat, lon, sites, limit=20):
        if metres > within:
            break
        other = _name_key(site.name)
        if other and (
            key == other
            or (min(len(key), len(other)) >= 2 and (key in other or other in key))
            or difflib.SequenceMatcher(None, key, other).ratio() >= 0.8
        ):
            return site, metres
    return None


def format_distance(metres: float) -> str:
    return f"{metres:.0f} m" if metres < 1000 else f"{metres / 1000:.1f} km"
