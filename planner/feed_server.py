"""The read-only calendar feed server: a Starlette (ASGI) app served by uvicorn.

One route, ``GET``/``HEAD /feeds/<token>.ics``. An unknown or revoked token answers 404, like any
other path; other methods answer 405: there is no write endpoint. ``ETag`` and ``Last-Modified``
let calendar clients poll cheaply (``If-None-Match`` / ``If-Modified-Since`` give 304). The
access log never shows a whole feed token (the secret of its URL): see ``redact``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from email.utils import format_datetime, parsedate_to_datetime

from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from planner.feeds import FeedBody, FeedRenderer
from planner.services import system_clock
from planner.uow import Clock, UnitOfWork

CACHE_CONTROL = "private, max-age=300"


def _not_modified(request: Request, feed: FeedBody) -> bool:
    match = request.headers.get("if-none-match")
    if match is not None:  # RFC 9110: when present, If-Modified-Since is ignored
        return feed.etag in [tag.strip().removeprefix("W/") for tag in match.split(",")] or match.strip() == "*"
    since = request.headers.get("if-modified-since")
    if since:
        try:
            return feed.last_modified <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


def feed_routes(engine: Callable[[], Engine], clock: Clock = system_clock, lang: str | None = None) -> list[Route]:
    """The feed's one route over ``engine()`` (called on the first request): each request is its
    own unit of work at ``clock``'s time. Served by its own server (``create_app``) or by the app's."""
    renderer = FeedRenderer(lang)

    def feed(request: Request) -> Response:  # sync: Starlette runs it in a thread, off the event loop
        token = request.path_params["token"]
        body = renderer.render(UnitOfWork(engine(), clock), token)
        if body is None:
            return PlainTextResponse("Not Found", status_code=404)
        headers = {
            "ETag": body.etag,
            "Last-Modified": format_datetime(body.last_modified, usegmt=True),
            "Cache-Control": CACHE_CONTROL,
            "X-Content-Type-Options": "nosniff",
        }
        if _not_modified(request, body):
            return Response(status_code=304, headers=headers)
        headers["Content-Disposition"] = 'inline; filename="calendar.ics"'
        return Response(body.body, media_type="text/calendar; charset=utf-8", headers=headers)

    return [Route("/feeds/{token}.ics", feed, methods=["GET", "HEAD"])]


def create_app(engine: Engine, clock: Clock = system_clock, lang: str | None = None) -> Starlette:
    """The feed server's app over ``engine`` (``python -m planner serve-feed``)."""

    async def not_found(request: Request, exc: Exception) -> Response:
        return PlainTextResponse("Not Found", status_code=404)

    return Starlette(routes=feed_routes(lambda: engine, clock, lang), exception_handlers={404: not_found})


# A feed token is the secret of its URL: the access log shows its first four characters only.
_TOKEN_IN_PATH = re.compile(r"/feeds/([^/?#\s\"]*?)(\.ics)?(?=[/?#\s\"]|$)")


def _cut(match: re.Match[str]) -> str:
    token = match.group(1)
    return "/feeds/" + (token[:4] if len(token) > 8 else "") + "…" + (match.group(2) or "")


def redact(text: str) -> str:
    """``text`` with every feed token in a ``/feeds/<token>.ics`` path cut to ``abcd…``."""
    return _TOKEN_IN_PATH.sub(_cut, text)


class RedactTokens(logging.Filter):
    """Log filter for uvicorn's access log: the request path there holds the whole token."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        record.msg = redact(str(record.msg))
        return True


def serve(engine: Engine, host: str = "127.0.0.1", port: int = 8765, clock: Clock = system_clock) -> None:
    """Run the feed server until interrupted (``python -m planner serve-feed``)."""
    import uvicorn

    config = uvicorn.Config(create_app(engine, clock), host=host, port=port, log_level="info", access_log=True)
    server = uvicorn.Server(config)  # Config set up uvicorn's loggers: filter the access log now
    logging.getLogger("uvicorn.access").addFilter(RedactTokens())
    server.run()
