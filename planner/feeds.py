"""Subscribable calendar feeds: tokens, their fixed filters, and the feed body they serve.

A token is the secret part of a feed URL (``/feeds/<token>.ics``); creating one fixes its filter
(categories, districts, statuses, public-only), revoking it makes the URL answer 404 from then
on. The body is the calendar export of the filtered visits, with DTSTAMP set to the data's last
change rather than the request time: the same data then gives the same bytes, so the ETag is a
hash of the body and clients polling with ``If-None-Match`` get 304 without a rebuild.
"""

from __future__ import annotations

import hashlib
import secrets
import string
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from planner import accounts, calendar_exchange, config, geo, repository, services
from planner.domain import SEOUL, FeedToken, NotFound, ValidationError, VisitQuery, parse_status
from planner.uow import UnitOfWork

# A fixed instant for an empty feed's Last-Modified, so it is stable too.
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def feed_url(token: str, base_url: str | None = None) -> str:
    """The subscription URL of ``token``: at PLANNER_FEED_BASE_URL, else at the app's own address
    (PLANNER_BASE_URL: the app serves the feeds itself)."""
    base = (str(config.get("feed_base_url")) or str(config.get("base_url"))) if base_url is None else base_url
    return f"{base.rstrip('/')}/feeds/{token}.ics"


_TOKEN_ALPHABET = string.ascii_letters + string.digits


def new_token(length: int = 32) -> str:
    """A secret for a feed URL: 32 letters and digits (about 190 bits). Not ``token_urlsafe``:
    its ``-`` and ``_`` made some tokens start with ``-``, which ``feeds revoke TOKEN`` then took
    for an option."""
    return "".join(secrets.choice(_TOKEN_ALPHABET) for _ in range(length))


def create_feed(
    uow: UnitOfWork,
    public: bool = False,
    categories: tuple[str, ...] = (),
    districts: tuple[str, ...] = (),
    statuses: tuple[str, ...] = (),
    expires: datetime | None = None,
) -> FeedToken:
    """A new feed token with its filter; unknown categories, districts or statuses are refused.

    ``expires``: the URL answers 404, like an unknown token, from then on (issue 13); None: never."""
    filters = {
        "categories": sorted(set(categories)),
        "districts": sorted({geo.normalize_district(d) for d in districts}),
        "statuses": sorted({parse_status(s).value for s in statuses}),
    }
    with uow.transaction(write=True) as conn:
        accounts.require(uow, "feed.create")
        known = {c.code for c in services.list_categories(uow)}
        for code in categories:
            if code not in known:
                raise ValidationError("error.unknown_category", field="category", value=code)
        if expires is not None and expires <= uow.now:
            raise ValidationError("error.feed_expires_past", field="expires", value=expires.isoformat())
        feed = FeedToken(new_token(), filters, bool(public), uow.now, expires_at=expires)
        repository.insert_feed_token(conn, feed)
        after = {"filter": filters, "public": feed.public}
        accounts.record(uow, "feed.create", "feed", token_hint(feed.token), None, after)
        uow.commit()
    return feed


def revoke_feed(uow: UnitOfWork, token: str) -> None:
    """Revoke ``token`` as of ``uow.now``: its URL answers 404 from then on."""
    with uow.transaction(write=True) as conn:
        accounts.require(uow, "feed.revoke")
        if not repository.revoke_feed_token(conn, token.strip(), uow.now):
            raise NotFound("error.feed_not_found", token=token)
        accounts.record(uow, "feed.revoke", "feed", token_hint(token.strip()), None, {"revoked_at": uow.now})
        uow.commit()


def token_hint(token: str) -> str:
    """How the audit trail names a feed: the token is the secret of its URL, so only its first
    characters (enough to tell feeds apart in ``feeds list``) are kept."""
    return token[:6] + "…"


def list_feeds(uow: UnitOfWork) -> list[FeedToken]:
    with uow.transaction() as conn:
        return repository.list_feed_tokens(conn)


def active_feed(uow: UnitOfWork, token: str) -> FeedToken | None:
    """The feed for ``token`` if it exists, is not revoked and has not expired."""
    if not token or len(token) > 64:
        return None
    with uow.transaction() as conn:
        feed = repository.get_feed_token(conn, token)
    if feed is None or feed.revoked_at is not None or is_expired(feed, uow.now):
        return None
    return feed


def end_of_day(day: date) -> datetime:
    """A feed that expires "on" ``day`` answers until that Seoul day ends."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=SEOUL)


def is_expired(feed: FeedToken, now: datetime) -> bool:
    return feed.expires_at is not None and feed.expires_at <= now


def feed_query(feed: FeedToken) -> VisitQuery:
    f = feed.filter
    return VisitQuery(
        categories=tuple(f.get("categories", ())),
        districts=tuple(f.get("districts", ())),
        statuses=tuple(parse_status(s) for s in f.get("statuses", ())),
        public_only=feed.public,
    )


@dataclass(frozen=True)
class FeedBody:
    body: bytes
    etag: str  # quoted, as sent in the header
    last_modified: datetime  # UTC, whole seconds; rises with every new body this renderer serves


class FeedRenderer:
    """Builds feed bodies, keeping the last one per token while the data and the feed are unchanged.

    One renderer serves one database (its cache is per token); each request brings its own unit
    of work on that database."""

    def __init__(self, lang: str | None = None) -> None:
        self.lang = lang or str(config.get("language"))
        self._cache: dict[str, tuple[tuple[object, ...], FeedBody]] = {}
        self._lock = threading.Lock()

    def render(self, uow: UnitOfWork, token: str) -> FeedBody | None:
        """The feed body for ``token`` as of ``uow.now``; None for an unknown or revoked token."""
        with uow.transaction() as conn:
            feed = active_feed(uow, token)
            if feed is None:
                return None
            now = uow.now
            visits = calendar_exchange.calendar_visits(uow, feed_query(feed), public=feed.public)
            version = repository.data_version(conn)
            last_change = repository.max_visit_updated_at(conn)
            categories = services.list_categories(uow)
        # What the body depends on: the data, and (with a hold-back) which visits are released.
        key = (version, self.lang, tuple(v.id for v in visits))
        with self._lock:
            cached = self._cache.get(token)
        if cached is not None and cached[0] == key:
            return cached[1]
        modified = max(d for d in (last_change, feed.created_at, _EPOCH) if d is not None)
        if feed.public:
            days = calendar_exchange.holdback_days_setting()
            releases = [calendar_exchange.public_from(v, days) for v in visits]
            modified = max([modified, *(r for r in releases if r is not None and r <= now)])
        modified = modified.astimezone(UTC).replace(microsecond=0)
        body = calendar_exchange.render(visits, categories, modified, self.lang, public=feed.public)
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        if cached is not None and cached[1].etag != etag and modified <= cached[1].last_modified:
            # HTTP dates have one-second resolution: two changes within one second would keep the
            # date while the body changed, and a client polling with If-Modified-Since alone would
            # keep the stale body. A new body always gets a later date than the one it replaces.
            modified = cached[1].last_modified + timedelta(seconds=1)
            body = calendar_exchange.render(visits, categories, modified, self.lang, public=feed.public)
            etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        result = FeedBody(body, etag, modified)
        with self._lock:
            self._cache[token] = (key, result)
        return result
